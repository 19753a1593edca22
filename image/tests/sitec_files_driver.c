/*
 * sitec_files_driver.c: runs image/sitec_files.c on its own, for
 * image/tests/sitec-files.sh, until build/sitec carries it.
 *
 *   driver build DB ROOT...        sitec_files() on each ROOT, then
 *                                  sitec_samples() on every index.html
 *                                  under ROOT/files; prints the counts
 *   driver url PAGE_DIR NAME       sitec_attachment_url(), or "-"
 *   driver list DB                 every key, NUL bytes shown as '|'
 *   driver get DB KEY              one record's fields ('|' for NUL)
 *   driver body DB KEY             its identity body, raw
 *
 * SITEC_ASK="PAGE_DIR NAME" makes build print "url ..." after
 * sitec_files(), as the core asks (page_dir relative to its ROOT).
 * SITEC_TRACE=1 in the environment prints "put KEY compress=N" per put,
 * since this sitec_put() keeps the identity body only.
 *
 * It stands in for the core's parts (sitec_put, sitec_fail, sitec_read)
 * with the fewest lines that behave the same for these tests.
 */
#define _GNU_SOURCE	/* nftw, struct FTW */
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "content.h"
#include "err.h"
#include "sitec.h"

void sitec_files(struct sitec *sc, const char *root);
void sitec_samples(struct sitec *sc, const char *locale, const char *slug,
    const char *title, const char *html, size_t len);
const char *sitec_attachment_url(struct sitec *sc, const char *page_dir,
    const char *name);

static struct sitec drv_sc = {
	.site_url = "https://developer.mozilla.org",
	.att_url = "https://mdn.mozillademos.org",
	.main_host = "developer.mozilla.org",
};
static unsigned long drv_pages;

void
sitec_fail(struct sitec *sc, const char *file, unsigned int line,
    const char *fmt, ...)
{
	va_list ap;

	if (line > 0)
		fprintf(stderr, "sitec: %s:%u: ", file, line);
	else
		fprintf(stderr, "sitec: %s: ", file);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void
drv_key_print(FILE *f, const uint8_t *k, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fputc(k[i] == 0 ? '|' : k[i], f);
}

void
sitec_put(struct sitec *sc, const uint8_t *key, size_t key_len,
    struct site_view *v, bool compress)
{
	size_t need;
	void *buf;
	int rc;

	if (getenv("SITEC_TRACE") != NULL) {
		printf("put ");
		drv_key_print(stdout, key, key_len);
		printf(" compress=%d\n", compress);
	}
	if (site_rec_encode(v, NULL, 0, &need) != RC_TOOBIG && need != 0)
		abort();
	if ((buf = malloc(need)) == NULL ||
	    site_rec_encode(v, buf, need, &need) != RC_OK)
		sitec_fail(sc, "driver", 0, "encode");
	rc = store_put(&sc->st, &sc->wr, key, key_len, buf, need);
	if (rc != RC_OK)
		sitec_fail(sc, "driver", 0, "store_put: %s", err_str(rc));
	sc->bytes += need;
	free(buf);
}

char *
sitec_read(struct sitec *sc, const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p;
	long n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0)
		sitec_fail(sc, path, 0, "cannot read");
	if ((p = malloc((size_t)n + 1)) == NULL ||
	    fread(p, 1, (size_t)n, f) != (size_t)n)
		sitec_fail(sc, path, 0, "cannot read");
	fclose(f);
	p[n] = '\0';
	*len = (size_t)n;
	return p;
}

/* files/<locale>/.../index.html -> sitec_samples() */
static int
drv_page(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	char buf[CONTENT_META_BUFSIZE], locale[32], *text, *title, *slug;
	const char *l, *e;
	struct content_meta m;
	size_t len, i;

	if (type != FTW_F || strcmp(path + ftw->base, "index.html") != 0 ||
	    (l = strstr(path, "/files/")) == NULL)
		return 0;
	l += 7;
	if ((e = strchr(l, '/')) == NULL || (size_t)(e - l) >= sizeof locale)
		return 0;
	memcpy(locale, l, (size_t)(e - l));
	locale[e - l] = '\0';
	/* Folder case to URL case: "en-us" -> "en-US". */
	if ((l = strchr(locale, '-')) != NULL && strlen(l) == 3)
		for (i = (size_t)(l - locale) + 1; locale[i]; i++)
			locale[i] = (char)(locale[i] - 32 * (locale[i] >= 'a'));
	text = sitec_read(&drv_sc, path, &len);
	if (content_parse(text, len, buf, sizeof buf, &m) == RC_OK) {
		title = strndup(m.title, m.title_len);
		slug = strndup(m.slug, m.slug_len);
		sitec_samples(&drv_sc, locale, slug, title, m.body,
		    m.body_len);
		free(title);
		free(slug);
		drv_pages++;
	}
	free(text);
	return 0;
}

static int
drv_build(const char *db, char **roots, int n)
{
	struct timespec t0, t1;
	const char *ask;
	int i;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	unlink(db);
	if (store_open(&drv_sc.st, db, 1ULL << 30, 0) != RC_OK ||
	    store_write_begin(&drv_sc.st, &drv_sc.wr) != RC_OK)
		sitec_fail(&drv_sc, db, 0, "cannot open");
	for (i = 0; i < n; i++)
		sitec_files(&drv_sc, roots[i]);
	if ((ask = getenv("SITEC_ASK")) != NULL) {
		/* "PAGE_DIR NAME": the core's form of the question, after
		 * sitec_files() as the core asks it. */
		char dir[4096], name[1024];
		const char *u;

		if (sscanf(ask, "%4095s %1023s", dir, name) == 2) {
			u = sitec_attachment_url(&drv_sc, dir, name);
			printf("url %s\n", u ? u : "-");
		}
	}
	for (i = 0; i < n; i++) {
		char files[4096];

		snprintf(files, sizeof files, "%s/files", roots[i]);
		if (access(files, F_OK) == 0)
			nftw(files, drv_page, 32, 0);
	}
	if (store_write_commit(&drv_sc.wr) != RC_OK)
		sitec_fail(&drv_sc, db, 0, "commit");
	store_close(&drv_sc.st);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("attachments %zu redirects %zu statics %zu files %zu "
	    "samples %zu pages %lu bytes %llu ms %ld\n",
	    drv_sc.attachments, drv_sc.redirects, drv_sc.statics,
	    drv_sc.files, drv_sc.samples, drv_pages,
	    (unsigned long long)drv_sc.bytes,
	    (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) /
	    1000000);
	return 0;
}

static void
drv_bytes(const char *what, struct site_bytes b)
{
	printf("%s ", what);
	fwrite(b.p, 1, b.len, stdout);
	printf("\n");
}

static int
drv_read(const char *db, const char *mode, const char *k)
{
	struct store_read rd;
	struct site_view v;
	const void *val, *key;
	size_t vlen, klen, n = strlen(k), i;
	uint8_t kb[SITE_MAX_KEY];
	struct store_iter it;

	if (store_open(&drv_sc.st, db, 0, STORE_RDONLY) != RC_OK ||
	    store_read_begin(&drv_sc.st, &rd) != RC_OK)
		sitec_fail(&drv_sc, db, 0, "cannot open");
	if (strcmp(mode, "list") == 0) {
		if (store_scan_begin(&drv_sc.st, &rd, &it) != RC_OK)
			return 1;
		while (store_scan_next(&it, NULL, 0, &key, &klen, &val,
		    &vlen) == RC_OK) {
			drv_key_print(stdout, key, klen);
			putchar('\n');
		}
		store_iter_end(&it);
		return 0;
	}
	for (i = 0; i < n && i < sizeof kb; i++)
		kb[i] = k[i] == '|' ? 0 : (uint8_t)k[i];
	if (store_get(&drv_sc.st, &rd, kb, n, &val, &vlen) != RC_OK) {
		printf("no record\n");
		return 2;
	}
	if (site_rec_decode(val, vlen, &v) != RC_OK)
		sitec_fail(&drv_sc, db, 0, "bad record");
	if (strcmp(mode, "body") == 0) {
		fwrite(v.body[0].p, 1, v.body[0].len, stdout);
		return 0;
	}
	printf("kind %d\nstatus %d\nflags 0x%x\nmethods %d\nmtime %lld\n",
	    v.kind, v.status, v.flags, v.methods, (long long)v.mtime);
	drv_bytes("name", v.name);
	drv_bytes("lang", v.lang);
	drv_bytes("etag", v.etag);
	drv_bytes("location", v.location);
	printf("head:\n");
	fwrite(v.head.p, 1, v.head.len, stdout);
	printf("head304:\n");
	fwrite(v.head304.p, 1, v.head304.len, stdout);
	printf("body %zu\n", v.body[0].len);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *u;

	if (argc >= 4 && strcmp(argv[1], "build") == 0)
		return drv_build(argv[2], argv + 3, argc - 3);
	if (argc == 4 && strcmp(argv[1], "url") == 0) {
		u = sitec_attachment_url(&drv_sc, argv[2], argv[3]);
		printf("%s\n", u ? u : "-");
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "list") == 0)
		return drv_read(argv[2], "list", "");
	if (argc == 4 && (strcmp(argv[1], "get") == 0 ||
	    strcmp(argv[1], "body") == 0))
		return drv_read(argv[2], argv[1], argv[3]);
	fprintf(stderr, "usage: see sitec_files_driver.c\n");
	return 2;
}
