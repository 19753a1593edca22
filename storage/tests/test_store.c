/*
 * test_store.c: the content store (store.h) over a temporary LMDB file.
 *
 * Usage: test_store [all|NAME]; silent on success, file:line on failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "err.h"
#include "store.h"

#define CHECK(expr) do {						\
	if (!(expr)) {							\
		fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #expr);\
		exit(1);						\
	}								\
} while (0)
#define CHECK_RC(call, want) do {					\
	int rc_ = (call);						\
	if (rc_ != (want)) {						\
		fprintf(stderr, "%s:%d: %s: %s (want %s)\n", __FILE__,	\
		    __LINE__, #call, err_str(rc_), err_str(want));	\
		exit(1);						\
	}								\
} while (0)

#define HTML "text/html; charset=utf-8"

static char path[256];

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
	CHECK(fd >= 0);
	close(fd);
}

static void
get(struct store *st, struct store_read *rd, const char *loc,
    const char *slug, struct store_page *pg)
{
	CHECK_RC(store_get_page(st, rd, loc, strlen(loc), slug, strlen(slug),
	    pg), RC_OK);
}

static int
is_body(const struct store_page *pg, const char *s)
{
	return pg->len == strlen(s) && memcmp(pg->body, s, pg->len) == 0;
}

/* A store with three pages, opened for writing. */
static void
fill(struct store *st)
{
	struct store_write wr;

	new_file();
	CHECK_RC(store_open(st, path, 1 << 20, 0), RC_OK);
	CHECK_RC(store_write_begin(st, &wr), RC_OK);
	CHECK_RC(store_put_page(st, &wr, "en-US", "Web/HTTP", HTML,
	    "<p>http</p>", 11), RC_OK);
	CHECK_RC(store_put_page(st, &wr, "en-US", "Glossary/Café", HTML,
	    "<p>café</p>", 12), RC_OK);
	CHECK_RC(store_put_page(st, &wr, "fr", "Web/Glossaire/Énumération",
	    "text/plain", "", 0), RC_OK);
	CHECK_RC(store_write_commit(&wr), RC_OK);
}

static void
t_roundtrip(void)
{
	struct store_page pg;
	struct store_read rd;
	struct store st;

	fill(&st);
	CHECK_RC(store_read_begin(&st, &rd), RC_OK);
	get(&st, &rd, "en-US", "Web/HTTP", &pg);
	CHECK(is_body(&pg, "<p>http</p>"));
	CHECK(strcmp(pg.type, HTML) == 0);
	CHECK(strcmp(pg.name, "en-US/Web/HTTP") == 0 && pg.name_len == 14);
	get(&st, &rd, "fr", "Web/Glossaire/Énumération", &pg);
	CHECK(pg.len == 0 && strcmp(pg.type, "text/plain") == 0);
	store_read_end(&rd);
	store_close(&st);
}

static void
t_case(void)
{
	struct store_page pg;
	struct store_read rd;
	struct store st;

	fill(&st);
	CHECK_RC(store_read_begin(&st, &rd), RC_OK);
	get(&st, &rd, "EN-us", "web/http", &pg);
	CHECK(is_body(&pg, "<p>http</p>"));
	get(&st, &rd, "en-us", "WEB/Http", &pg);
	CHECK(strcmp(pg.name, "en-US/Web/HTTP") == 0);
	/* Non-ASCII bytes match exactly; ASCII around them folds. */
	get(&st, &rd, "en-US", "GLOSSARY/CAFé", &pg);
	CHECK(is_body(&pg, "<p>café</p>"));
	CHECK_RC(store_get_page(&st, &rd, "en-US", 5, "Glossary/CAFÉ", 14,
	    &pg), RC_NOTFOUND);
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

	fill(&st);
	CHECK_RC(store_read_begin(&st, &rd), RC_OK);
	CHECK_RC(store_get_page(&st, &rd, "en-US", 5, "Web/HTT", 7, &pg),
	    RC_NOTFOUND);
	CHECK_RC(store_get_page(&st, &rd, "de", 2, "Web/HTTP", 8, &pg),
	    RC_NOTFOUND);
	CHECK_RC(store_get_page(&st, &rd, "", 0, "Web/HTTP", 8, &pg),
	    RC_INVAL);
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

	fill(&st);
	memset(slug, 'a', SITE_MAX_SLUG);
	memset(loc, 'x', sizeof(loc) - 1);
	loc[sizeof(loc) - 1] = '\0';
	CHECK_RC(store_write_begin(&st, &wr), RC_OK);
	CHECK_RC(store_put_page(&st, &wr, "en-US", slug, HTML, "L", 1), RC_OK);
	slug[SITE_MAX_SLUG] = 'a';
	CHECK_RC(store_put_page(&st, &wr, "en-US", slug, HTML, "", 0),
	    RC_TOOBIG);
	CHECK_RC(store_put_page(&st, &wr, loc, "x", HTML, "", 0), RC_TOOBIG);
	/* Refused arguments do not spoil the transaction. */
	CHECK_RC(store_write_commit(&wr), RC_OK);
	CHECK_RC(store_read_begin(&st, &rd), RC_OK);
	CHECK_RC(store_get_page(&st, &rd, "en-US", 5, slug, SITE_MAX_SLUG + 1,
	    &pg), RC_TOOBIG);
	CHECK_RC(store_get_page(&st, &rd, loc, SITE_MAX_LOCALE + 1, "x", 1,
	    &pg), RC_TOOBIG);
	CHECK_RC(store_get_page(&st, &rd, "EN-US", 5, slug, SITE_MAX_SLUG,
	    &pg), RC_OK);
	CHECK(is_body(&pg, "L"));
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

	fill(&st);
	CHECK_RC(store_read_begin(&st, &rd), RC_OK);
	get(&st, &rd, "en-US", "Web/HTTP", &old);
	CHECK_RC(store_write_begin(&st, &wr), RC_OK);
	CHECK_RC(store_put_page(&st, &wr, "en-US", "Web/HTTP", HTML,
	    "<p>new</p>", 10), RC_OK);
	CHECK_RC(store_write_commit(&wr), RC_OK);
	CHECK(is_body(&old, "<p>http</p>"));
	/* A nested read sees the new snapshot; the old one is unchanged. */
	CHECK_RC(store_read_begin(&st, &rd2), RC_OK);
	get(&st, &rd2, "en-US", "Web/HTTP", &pg);
	CHECK(is_body(&pg, "<p>new</p>"));
	CHECK(is_body(&old, "<p>http</p>"));
	get(&st, &rd, "en-US", "Web/HTTP", &pg);
	CHECK(is_body(&pg, "<p>http</p>"));
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

	fill(&st);
	store_close(&st);
	/* Map size 0: the file's size, as on the appliance. */
	CHECK_RC(store_open(&st, path, 0, STORE_RDONLY), RC_OK);
	CHECK_RC(store_read_begin(&st, &rd), RC_OK);
	get(&st, &rd, "en-us", "glossary/café", &pg);
	CHECK(is_body(&pg, "<p>café</p>"));
	CHECK_RC(store_iter_begin(&st, &rd, &it), RC_OK);
	while (store_iter_next(&it, &pg) == RC_OK)
		n++;
	CHECK(n == 3);
	CHECK_RC(store_iter_next(&it, &pg), RC_NOTFOUND);
	store_iter_end(&it);
	store_read_end(&rd);
	CHECK(store_write_begin(&st, &wr) != RC_OK);
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
	CHECK_RC(store_open(&st, path, 0, 0), RC_INVAL);
	CHECK_RC(store_open(&st, "/nonexistent/x", 0, STORE_RDONLY),
	    RC_NOTFOUND);
	fp = fopen(path, "wb");
	CHECK(fp != NULL && fwrite(big, 1, 65536, fp) == 65536);
	fclose(fp);
	CHECK_RC(store_open(&st, path, 0, STORE_RDONLY), RC_CORRUPT);
	/* Content larger than the map: RC_STORE_FULL, sticky. */
	new_file();
	CHECK_RC(store_open(&st, path, 256 << 10, 0), RC_OK);
	CHECK_RC(store_write_begin(&st, &wr), RC_OK);
	CHECK_RC(store_put_page(&st, &wr, "en-US", "Big", HTML, big,
	    sizeof(big)), RC_STORE_FULL);
	CHECK_RC(store_put_page(&st, &wr, "en-US", "Small", HTML, "x", 1),
	    RC_STORE_FULL);
	CHECK_RC(store_write_commit(&wr), RC_STORE_FULL);
	store_close(&st);
}

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
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
	const char *which = argc > 1 ? argv[1] : "all";
	size_t i;
	int ran = 0;

	atexit(cleanup);
	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		if (strcmp(which, "all") != 0 && strcmp(which, tests[i].name))
			continue;
		tests[i].fn();
		ran++;
	}
	if (ran == 0) {
		fprintf(stderr, "test_store: no test named %s\n", which);
		return 2;
	}
	return 0;
}
