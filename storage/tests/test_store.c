/*
 * test_store.c: the content store (store.h) over a temporary LMDB file.
 *
 * Usage: test_store [all|NAME...] (check.h); silent on success, file:line
 * and the test's name on failure, with the code that came instead.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "err.h"
#include "store.h"

#include "check.h"

#define HTML "text/html; charset=utf-8"

static char path[256];

/* rc is want; if not, say which code came instead (CHECK names the call). */
static bool
rc_is(int rc, int want)
{
	if (rc != want)
		fprintf(stderr, "%s: got %s, want %s\n", check_current,
		    err_str(rc), err_str(want));
	return rc == want;
}

static void
cleanup(void)
{
	if (path[0] != '\0')
		unlink(path);
}

/* A new empty file to hold a store. */
static void
new_file(void)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	cleanup();
	snprintf(path, sizeof(path), "%s/test_store.XXXXXX",
	    dir != NULL && dir[0] != '\0' ? dir : "/tmp");
	fd = mkstemp(path);
	CHECK(fd >= 0, "new_file");
	if (fd < 0) {
		/* No path: the store calls that follow fail, and say so. */
		path[0] = '\0';
		return;
	}
	close(fd);
}

static void
get(struct store *st, struct store_read *rd, const char *loc,
    const char *slug, struct store_page *pg)
{
	static const struct store_page none = { "", (const uint8_t *)"", 0,
	    "", 0 };

	/* A page that is not there reads as empty: the checks that follow
	 * fail on it rather than on stale pointers. */
	if (!rc_is(store_get_page(st, rd, loc, strlen(loc), slug,
	    strlen(slug), pg), RC_OK)) {
		CHECK(!"page found", "get");
		*pg = none;
	}
}

static int
is_body(const struct store_page *pg, const char *s)
{
	return pg->len == strlen(s) && memcmp(pg->body, s, pg->len) == 0;
}

/* A store with three pages, opened for writing; false if it cannot be
 * opened (the caller's test then stops). */
static bool
fill(struct store *st)
{
	struct store_write wr;
	bool ok;

	new_file();
	ok = rc_is(store_open(st, path, 1 << 20, 0), RC_OK);
	CHECK(ok, "fill");
	if (!ok)
		return false;
	CHECK(rc_is(store_write_begin(st, &wr), RC_OK), "fill");
	CHECK(rc_is(store_put_page(st, &wr, "en-US", "Web/HTTP", HTML,
	    "<p>http</p>", 11), RC_OK), "fill");
	CHECK(rc_is(store_put_page(st, &wr, "en-US", "Glossary/Café", HTML,
	    "<p>café</p>", 12), RC_OK), "fill");
	CHECK(rc_is(store_put_page(st, &wr, "fr", "Web/Glossaire/Énumération",
	    "text/plain", "", 0), RC_OK), "fill");
	CHECK(rc_is(store_write_commit(&wr), RC_OK), "fill");
	return true;
}

static void
t_roundtrip(void)
{
	struct store_page pg;
	struct store_read rd;
	struct store st;

	if (!fill(&st))
		return;
	CHECK(rc_is(store_read_begin(&st, &rd), RC_OK), "roundtrip");
	get(&st, &rd, "en-US", "Web/HTTP", &pg);
	CHECK(is_body(&pg, "<p>http</p>"), "roundtrip");
	CHECK(strcmp(pg.type, HTML) == 0, "roundtrip");
	CHECK(strcmp(pg.name, "en-US/Web/HTTP") == 0 && pg.name_len == 14,
	    "roundtrip");
	get(&st, &rd, "fr", "Web/Glossaire/Énumération", &pg);
	CHECK(pg.len == 0 && strcmp(pg.type, "text/plain") == 0, "roundtrip");
	store_read_end(&rd);
	store_close(&st);
}

static void
t_case(void)
{
	struct store_page pg;
	struct store_read rd;
	struct store st;

	if (!fill(&st))
		return;
	CHECK(rc_is(store_read_begin(&st, &rd), RC_OK), "case");
	get(&st, &rd, "EN-us", "web/http", &pg);
	CHECK(is_body(&pg, "<p>http</p>"), "case");
	get(&st, &rd, "en-us", "WEB/Http", &pg);
	CHECK(strcmp(pg.name, "en-US/Web/HTTP") == 0, "case");
	/* Non-ASCII bytes match exactly; ASCII around them folds. */
	get(&st, &rd, "en-US", "GLOSSARY/CAFé", &pg);
	CHECK(is_body(&pg, "<p>café</p>"), "case");
	CHECK(rc_is(store_get_page(&st, &rd, "en-US", 5, "Glossary/CAFÉ", 14,
	    &pg), RC_NOTFOUND), "case");
	get(&st, &rd, "FR", "web/glossaire/Énumération", &pg);
	store_read_end(&rd);
	store_close(&st);
}

static void
t_missing(void)
{
	struct store_page pg;
	struct store_read rd;
	struct store st;

	if (!fill(&st))
		return;
	CHECK(rc_is(store_read_begin(&st, &rd), RC_OK), "missing");
	CHECK(rc_is(store_get_page(&st, &rd, "en-US", 5, "Web/HTT", 7, &pg),
	    RC_NOTFOUND), "missing");
	CHECK(rc_is(store_get_page(&st, &rd, "de", 2, "Web/HTTP", 8, &pg),
	    RC_NOTFOUND), "missing");
	CHECK(rc_is(store_get_page(&st, &rd, "", 0, "Web/HTTP", 8, &pg),
	    RC_INVAL), "missing");
	store_read_end(&rd);
	store_close(&st);
}

/* Slugs up to SITE_MAX_SLUG work (beyond LMDB's stock 511-byte keys);
 * one byte more is RC_TOOBIG, for reads and writes. */
static void
t_toobig(void)
{
	static char slug[SITE_MAX_SLUG + 2];
	char loc[SITE_MAX_LOCALE + 2];
	struct store_page pg;
	struct store_write wr;
	struct store_read rd;
	struct store st;

	if (!fill(&st))
		return;
	memset(slug, 'a', SITE_MAX_SLUG);
	memset(loc, 'x', sizeof(loc) - 1);
	loc[sizeof(loc) - 1] = '\0';
	CHECK(rc_is(store_write_begin(&st, &wr), RC_OK), "toobig");
	CHECK(rc_is(store_put_page(&st, &wr, "en-US", slug, HTML, "L", 1),
	    RC_OK), "toobig");
	slug[SITE_MAX_SLUG] = 'a';
	CHECK(rc_is(store_put_page(&st, &wr, "en-US", slug, HTML, "", 0),
	    RC_TOOBIG), "toobig");
	CHECK(rc_is(store_put_page(&st, &wr, loc, "x", HTML, "", 0),
	    RC_TOOBIG), "toobig");
	/* Refused arguments do not spoil the transaction. */
	CHECK(rc_is(store_write_commit(&wr), RC_OK), "toobig");
	CHECK(rc_is(store_read_begin(&st, &rd), RC_OK), "toobig");
	CHECK(rc_is(store_get_page(&st, &rd, "en-US", 5, slug,
	    SITE_MAX_SLUG + 1, &pg), RC_TOOBIG), "toobig");
	CHECK(rc_is(store_get_page(&st, &rd, loc, SITE_MAX_LOCALE + 1, "x", 1,
	    &pg), RC_TOOBIG), "toobig");
	CHECK(rc_is(store_get_page(&st, &rd, "EN-US", 5, slug, SITE_MAX_SLUG,
	    &pg), RC_OK), "toobig");
	CHECK(is_body(&pg, "L"), "toobig");
	store_read_end(&rd);
	store_close(&st);
}

/* A value read in a transaction stays as it was while the transaction is
 * open, though a write replaces the page and commits meanwhile. */
static void
t_stable(void)
{
	struct store_page old, pg;
	struct store_read rd, rd2;
	struct store_write wr;
	struct store st;

	if (!fill(&st))
		return;
	CHECK(rc_is(store_read_begin(&st, &rd), RC_OK), "stable");
	get(&st, &rd, "en-US", "Web/HTTP", &old);
	CHECK(rc_is(store_write_begin(&st, &wr), RC_OK), "stable");
	CHECK(rc_is(store_put_page(&st, &wr, "en-US", "Web/HTTP", HTML,
	    "<p>new</p>", 10), RC_OK), "stable");
	CHECK(rc_is(store_write_commit(&wr), RC_OK), "stable");
	CHECK(is_body(&old, "<p>http</p>"), "stable");
	/* A nested read sees the new snapshot; the old one is unchanged. */
	CHECK(rc_is(store_read_begin(&st, &rd2), RC_OK), "stable");
	get(&st, &rd2, "en-US", "Web/HTTP", &pg);
	CHECK(is_body(&pg, "<p>new</p>"), "stable");
	CHECK(is_body(&old, "<p>http</p>"), "stable");
	get(&st, &rd, "en-US", "Web/HTTP", &pg);
	CHECK(is_body(&pg, "<p>http</p>"), "stable");
	store_read_end(&rd2);
	store_read_end(&rd);
	store_close(&st);
}

static void
t_reopen(void)
{
	struct store_write wr;
	struct store_page pg;
	struct store_iter it;
	struct store_read rd;
	struct store st;
	int n = 0;

	if (!fill(&st))
		return;
	store_close(&st);
	/* Map size 0: the file's size, as on the appliance. */
	CHECK(rc_is(store_open(&st, path, 0, STORE_RDONLY), RC_OK), "reopen");
	CHECK(rc_is(store_read_begin(&st, &rd), RC_OK), "reopen");
	get(&st, &rd, "en-us", "glossary/café", &pg);
	CHECK(is_body(&pg, "<p>café</p>"), "reopen");
	CHECK(rc_is(store_iter_begin(&st, &rd, &it), RC_OK), "reopen");
	while (store_iter_next(&it, &pg) == RC_OK)
		n++;
	CHECK(n == 3, "reopen");
	CHECK(rc_is(store_iter_next(&it, &pg), RC_NOTFOUND), "reopen");
	store_iter_end(&it);
	store_read_end(&rd);
	CHECK(store_write_begin(&st, &wr) != RC_OK, "reopen");
	store_close(&st);
}

static void
t_errors(void)
{
	struct store_write wr;
	struct store st;
	static char big[1 << 20];
	FILE *fp;

	new_file();
	/* An empty file has no size to map, and no store to read. */
	CHECK(rc_is(store_open(&st, path, 0, 0), RC_INVAL), "errors");
	CHECK(rc_is(store_open(&st, "/nonexistent/x", 0, STORE_RDONLY),
	    RC_NOTFOUND), "errors");
	fp = fopen(path, "wb");
	CHECK(fp != NULL, "errors");
	if (fp == NULL)
		return;
	CHECK(fwrite(big, 1, 65536, fp) == 65536, "errors");
	CHECK(fclose(fp) == 0, "errors");
	CHECK(rc_is(store_open(&st, path, 0, STORE_RDONLY), RC_CORRUPT),
	    "errors");
	/* Content larger than the map: RC_STORE_FULL, sticky. */
	new_file();
	CHECK(rc_is(store_open(&st, path, 256 << 10, 0), RC_OK), "errors");
	CHECK(rc_is(store_write_begin(&st, &wr), RC_OK), "errors");
	CHECK(rc_is(store_put_page(&st, &wr, "en-US", "Big", HTML, big,
	    sizeof(big)), RC_STORE_FULL), "errors");
	CHECK(rc_is(store_put_page(&st, &wr, "en-US", "Small", HTML, "x", 1),
	    RC_STORE_FULL), "errors");
	CHECK(rc_is(store_write_commit(&wr), RC_STORE_FULL), "errors");
	store_close(&st);
}

static const struct check_test tests[] = {
	{ "roundtrip", t_roundtrip },
	{ "case", t_case },
	{ "missing", t_missing },
	{ "toobig", t_toobig },
	{ "stable", t_stable },
	{ "reopen", t_reopen },
	{ "errors", t_errors },
};

int
main(int argc, char **argv)
{
	atexit(cleanup);
	return check_main(tests, sizeof(tests) / sizeof(tests[0]), argc, argv);
}
