/*
 * mkimage.c: build the appliance's data disk from a content tree, and
 * read pages back out of one.
 *
 *   mkimage [--size BYTES|NNK|NNM|NNG] CONTENT_DIR OUT.img
 *   mkimage --get IMG LOCALE SLUG     the stored document, to stdout
 *   mkimage --list IMG                "locale<TAB>slug" per page
 *
 * Design: every index.html under CONTENT_DIR/files/<locale>/ is parsed
 * (content.h), rendered into a complete document and put into a fresh
 * LMDB file under its locale and the front matter's slug, all in one
 * write transaction.  The LMDB file is built beside OUT under a temporary
 * name with a map of the disk's size, so content that does not fit fails
 * as RC_STORE_FULL; it is then extended (sparse) to the disk size and
 * renamed into place, so OUT is either the old file or a whole new image.
 * The disk is the LMDB file: the appliance opens it with map size = disk
 * size.
 */
#include <ctype.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "content.h"
#include "err.h"
#include "store.h"

#define MK_DEFAULT_SIZE	(10ULL << 20)	/* 10 MiB: the sample site fits */
#define MK_TYPE_HTML	"text/html; charset=utf-8"

/* MDN's locales, by folder name, in the case URLs use. */
static const char *const mk_locales[] = {
	"ar", "bg", "bm", "bn", "ca", "de", "el", "en-US", "es", "fa", "fi",
	"fr", "he", "hi-IN", "hu", "id", "it", "ja", "kab", "ko", "ms", "my",
	"nl", "pl", "pt-BR", "pt-PT", "ru", "sv-SE", "th", "tr", "uk", "vi",
	"zh-CN", "zh-TW",
};

/* One page file found by the walk. */
struct mk_page {
	char *path;
	const char *locale;	/* display case, from mk_locales */
	char key[SITE_MAX_KEY + 1];	/* folded "locale/slug", for dups */
};

/* The walk's results; nftw() passes no user pointer. */
static struct {
	char **paths;
	size_t n, cap;
	size_t skipped;
} mk_walk;

/* The LMDB file being built, removed if the build fails. */
static char mk_tmp[4096];

static void
die(const char *fmt, const char *a, const char *b)
{
	if (mk_tmp[0] != '\0')
		(void)unlink(mk_tmp);	/* best effort on the way out */
	fprintf(stderr, "mkimage: ");
	fprintf(stderr, fmt, a, b);
	fputc('\n', stderr);
	exit(1);
}

static const char *
mk_locale(const char *dir, size_t n)
{
	size_t i, j;

	for (i = 0; i < sizeof(mk_locales) / sizeof(mk_locales[0]); i++) {
		if (strlen(mk_locales[i]) != n)
			continue;
		for (j = 0; j < n; j++)
			if (tolower((unsigned char)dir[j]) !=
			    tolower((unsigned char)mk_locales[i][j]))
				break;
		if (j == n)
			return mk_locales[i];
	}
	return NULL;
}

static int
mk_visit(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	const char *name = path + ftw->base;

	if (type != FTW_F)
		return 0;
	if (strcmp(name, "index.md") == 0)
		mk_walk.skipped++;	/* Markdown is not rendered yet */
	if (strcmp(name, "index.html") != 0)
		return 0;
	if (mk_walk.n == mk_walk.cap) {
		mk_walk.cap = mk_walk.cap ? mk_walk.cap * 2 : 64;
		mk_walk.paths = realloc(mk_walk.paths,
		    mk_walk.cap * sizeof(char *));
		if (mk_walk.paths == NULL)
			die("%s%s", "out of memory", "");
	}
	if ((mk_walk.paths[mk_walk.n++] = strdup(path)) == NULL)
		die("%s%s", "out of memory", "");
	return 0;
}

static int
mk_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *
mk_read(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	long n;
	char *p;

	if (fp == NULL || fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) != 0)
		die("%s: %s", path, strerror(errno));
	if ((p = malloc((size_t)n + 1)) == NULL)
		die("%s: %s", path, "out of memory");
	if (fread(p, 1, (size_t)n, fp) != (size_t)n)
		die("%s: %s", path, "read failed");
	fclose(fp);
	*len = (size_t)n;
	return p;
}

/* Parse, render and store one page; returns the document's size. */
static size_t
mk_page(struct store *st, struct store_write *wr, const char *root,
    const char *path)
{
	static char mbuf[CONTENT_META_BUFSIZE];
	char slug[SITE_MAX_SLUG + 1], line[32];
	struct content_meta m;
	const char *loc, *rel = path + strlen(root) + 1;
	size_t len, need;
	char *text, *doc;
	int rc;

	/* rel is "<locale>/<folders>/index.html" */
	loc = mk_locale(rel, strcspn(rel, "/"));
	if (loc == NULL)
		die("%s: unknown locale folder (%s)", path, "see mk_locales");
	text = mk_read(path, &len);
	rc = content_parse(text, len, mbuf, sizeof(mbuf), &m);
	if (rc != RC_OK) {
		snprintf(line, sizeof(line), "%u: %s", m.line, err_str(rc));
		die("%s:%s", path, line);
	}
	memcpy(slug, m.slug, m.slug_len);
	slug[m.slug_len] = '\0';
	if (strlen(slug) != m.slug_len)
		die("%s: %s", path, "NUL in slug");
	/* The first call only sizes the document: RC_TOOBIG is expected. */
	if (content_render(&m, loc, NULL, 0, &need) != RC_TOOBIG)
		die("%s: %s", path, "render failed");
	if ((doc = malloc(need)) == NULL)
		die("%s: %s", path, "out of memory");
	if (content_render(&m, loc, doc, need, &need) != RC_OK)
		die("%s: %s", path, "render failed");
	rc = store_put_page(st, wr, loc, slug, MK_TYPE_HTML, doc, need);
	if (rc == RC_STORE_FULL)
		die("%s: %s", path, "the content does not fit in the image; "
		    "use a larger --size");
	if (rc != RC_OK)
		die("%s: store: %s", path, err_str(rc));
	free(doc);
	free(text);
	return need;
}

/* Refuse two files with one (folded) locale and slug. */
static void
mk_check_dups(const char *root)
{
	static char mbuf[CONTENT_META_BUFSIZE];
	struct content_meta m;
	char **keys = calloc(mk_walk.n, sizeof(char *));
	size_t i, j, len, n;
	char *text;

	for (i = 0; keys != NULL && i < mk_walk.n; i++) {
		text = mk_read(mk_walk.paths[i], &len);
		if (content_parse(text, len, mbuf, sizeof(mbuf), &m) != RC_OK)
			m.slug_len = 0;	/* reported by mk_page */
		n = strcspn(mk_walk.paths[i] + strlen(root) + 1, "/");
		if ((keys[i] = malloc(n + m.slug_len + 2)) == NULL)
			die("%s%s", "out of memory", "");
		snprintf(keys[i], n + m.slug_len + 2, "%.*s/%.*s", (int)n,
		    mk_walk.paths[i] + strlen(root) + 1, (int)m.slug_len,
		    m.slug);
		for (j = 0; keys[i][j] != '\0'; j++)
			if (keys[i][j] >= 'A' && keys[i][j] <= 'Z')
				keys[i][j] += 'a' - 'A';
		free(text);
	}
	if (keys == NULL)
		die("%s%s", "out of memory", "");
	qsort(keys, mk_walk.n, sizeof(char *), mk_cmp_str);
	for (i = 1; i < mk_walk.n; i++)
		if (strcmp(keys[i - 1], keys[i]) == 0)
			die("two pages have the slug %s%s", keys[i], "");
	for (i = 0; i < mk_walk.n; i++)
		free(keys[i]);
	free(keys);
}

static uint64_t
mk_parse_size(const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || end == s)
		die("bad --size %s%s", s, "");
	switch (*end) {
	case 'K': case 'k': v <<= 10; end++; break;
	case 'M': case 'm': v <<= 20; end++; break;
	case 'G': case 'g': v <<= 30; end++; break;
	}
	if (*end != '\0' || v < (64ULL << 10) || v > STORE_MAX_MAP)
		die("bad --size %s (64K .. 64G)%s", s, "");
	/* Whole 4 KiB pages: LMDB's page size and any disk's sector size. */
	return (v + 4095) & ~4095ULL;
}

/* Build the image: see the comment at the top. */
static int
mk_build(const char *dir, const char *out, uint64_t size)
{
	char root[4096], *tmp = mk_tmp;
	struct store_write wr;
	struct store st;
	struct stat sb;
	size_t i, bytes = 0;
	int fd, rc;

	snprintf(root, sizeof(root), "%s/files", dir);
	if (nftw(root, mk_visit, 32, FTW_PHYS) != 0)
		die("%s: %s", root, strerror(errno));
	if (mk_walk.n == 0)
		die("%s: no index.html pages%s", root, "");
	qsort(mk_walk.paths, mk_walk.n, sizeof(char *), mk_cmp_str);
	mk_check_dups(root);

	snprintf(tmp, sizeof(mk_tmp), "%s.tmp.XXXXXX", out);
	if ((fd = mkstemp(tmp)) < 0) {
		tmp[0] = '\0';
		die("%s: %s", out, strerror(errno));
	}
	/* mkstemp makes it private; a disk image is an ordinary file. */
	(void)fchmod(fd, 0644);	/* 0600 would still work */
	close(fd);
	if ((rc = store_open(&st, tmp, size, 0)) != RC_OK ||
	    (rc = store_write_begin(&st, &wr)) != RC_OK)
		die("%s: store: %s", tmp, err_str(rc));
	for (i = 0; i < mk_walk.n; i++)
		bytes += mk_page(&st, &wr, root, mk_walk.paths[i]);
	rc = store_write_commit(&wr);
	store_close(&st);
	if (rc == RC_STORE_FULL)
		die("content does not fit in %s; use a larger --size%s", out, "");
	if (rc != RC_OK)
		die("%s: store: %s", tmp, err_str(rc));
	if (stat(tmp, &sb) != 0 || truncate(tmp, (off_t)size) != 0 ||
	    rename(tmp, out) != 0)
		die("%s: %s", out, strerror(errno));
	tmp[0] = '\0';	/* it is out now */
	printf("mkimage: %s: %zu pages, %zu bytes of pages, %lld bytes of "
	    "LMDB in a %llu-byte disk", out, mk_walk.n, bytes,
	    (long long)sb.st_size, (unsigned long long)size);
	if (mk_walk.skipped > 0)
		printf(" (%zu index.md skipped)", mk_walk.skipped);
	printf("\n");
	return 0;
}

/* Open an image for reading and begin a read, or exit. */
static void
mk_open_ro(const char *img, struct store *st, struct store_read *rd)
{
	int rc;

	if ((rc = store_open(st, img, 0, STORE_RDONLY)) != RC_OK ||
	    (rc = store_read_begin(st, rd)) != RC_OK)
		die("%s: %s", img, err_str(rc));
}

static int
mk_get(const char *img, const char *locale, const char *slug)
{
	struct store_page pg;
	struct store_read rd;
	struct store st;
	int rc;

	mk_open_ro(img, &st, &rd);
	rc = store_get_page(&st, &rd, locale, strlen(locale), slug,
	    strlen(slug), &pg);
	if (rc != RC_OK)
		die("%s: %s", slug, err_str(rc));
	if (fwrite(pg.body, 1, pg.len, stdout) != pg.len || fflush(stdout))
		die("%s: %s", "stdout", strerror(errno));
	store_read_end(&rd);
	store_close(&st);
	return 0;
}

static int
mk_list(const char *img)
{
	struct store_page pg;
	struct store_iter it;
	struct store_read rd;
	struct store st;
	size_t n;
	int rc;

	mk_open_ro(img, &st, &rd);
	if ((rc = store_iter_begin(&st, &rd, &it)) != RC_OK)
		die("%s: %s", img, err_str(rc));
	while ((rc = store_iter_next(&it, &pg)) == RC_OK) {
		n = strcspn(pg.name, "/");
		printf("%.*s\t%s\n", (int)n, pg.name,
		    pg.name[n] != '\0' ? pg.name + n + 1 : "");
	}
	if (rc != RC_NOTFOUND)
		die("%s: %s", img, err_str(rc));
	store_iter_end(&it);
	store_read_end(&rd);
	store_close(&st);
	return fflush(stdout) == 0 ? 0 : 1;
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: mkimage [--size BYTES|NNK|NNM|NNG] CONTENT_DIR OUT.img\n"
	    "       mkimage --get IMG LOCALE SLUG\n"
	    "       mkimage --list IMG\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	uint64_t size = MK_DEFAULT_SIZE;

	if (argc == 5 && strcmp(argv[1], "--get") == 0)
		return mk_get(argv[2], argv[3], argv[4]);
	if (argc == 3 && strcmp(argv[1], "--list") == 0)
		return mk_list(argv[2]);
	if (argc == 5 && strcmp(argv[1], "--size") == 0) {
		size = mk_parse_size(argv[2]);
		argv += 2;
		argc -= 2;
	}
	if (argc != 3 || argv[1][0] == '-')
		usage();
	return mk_build(argv[1], argv[2], size);
}
