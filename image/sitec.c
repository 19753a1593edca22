/*
 * sitec.c: the content compiler's driver (sitec.h): arguments, the one
 * write transaction, the one record writer, the store's identity, and
 * the debugging readers.
 *
 *   sitec [--size BYTES] [--site-url URL] [--attachments-url URL]
 *         [--quiet] OUT.img ROOT...
 *   sitec --list IMG              every key, kind, status, size
 *   sitec --pages IMG             locale<TAB>slug of every page
 *   sitec --get IMG KEY...        a record: fields, head, body
 *   sitec --body IMG KEY          a record's identity body, raw
 *
 * Design: the store is built beside OUT under a temporary name, in one
 * write transaction; any refusal removes it (sitec_fail), and only a
 * committed store is renamed to OUT, so OUT is the old file or a whole
 * new one.  Without --size the map may grow to STORE_MAX_MAP and the file
 * is as long as LMDB made it; with --size it is the disk's size (sparse)
 * and content that does not fit is refused.  Builds are reproducible:
 * the build time is SOURCE_DATE_EPOCH when set, and only the meta record
 * says when the store was built.
 *
 * Interface: sitec_fail, sitec_put, sitec_read, sitec_main, sitec_locales,
 * sitec_locale, sitec_locale_name, sitec_locale_index, and weak stubs of
 * the parts other files provide (sitec_files, sitec_samples,
 * sitec_attachment_url, sitec_search_add, sitec_search_finish).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <brotli/encode.h>
#include <zlib.h>

#include "bearssl_hash.h"

#include "config.h"
#include "err.h"
#include "sitec_int.h"

#define SITEC_MIN_COMPRESS	128	/* smaller bodies gain nothing */
/* Brotli's quality 11 costs ten times 7 for a few percent; gzip beyond 6
 * gains under 1%. */
#define SITEC_GZIP_LEVEL	6
#define SITEC_BROTLI_QUALITY	7

/* The file being built, removed by sitec_fail. */
static char sitec_tmp[4096];

/* see sitec.h */
const char *const sitec_locales[SITEC_NLOCALES] = {
	"en-US", "af", "ar", "az", "bg", "bm", "bn-BD", "bn-IN", "ca", "cs",
	"de", "ee", "el", "es", "fa", "ff", "fi", "fr", "fy-NL", "ga-IE", "ha",
	"he", "hi-IN", "hr", "hu", "id", "ig", "it", "ja", "ka", "kab", "ko",
	"ln", "mg", "ml", "ms", "my", "nl", "pl", "pt-PT", "pt-BR", "ro", "ru",
	"son", "sq", "sr", "sr-Latn", "sv-SE", "sw", "ta", "te", "th", "tl",
	"tn", "tr", "uk", "vi", "wo", "xh", "yo", "zh-CN", "zh-TW", "zu",
};

/* Native names, in sitec_locales' order. */
static const char *const sitec_names[SITEC_NLOCALES] = {
	"English (US)", "Afrikaans", "عربي", "Azərbaycanca", "Български",
	"Bamanankan", "বাংলা (বাংলাদেশ)", "বাংলা (ভারত)", "Català", "Čeština",
	"Deutsch", "Eʋe", "Ελληνικά", "Español", "فارسی", "Pulaar-Fulfulde",
	"suomi", "Français", "Frysk", "Gaeilge", "Hausa", "עברית",
	"हिन्दी (भारत)", "Hrvatski", "magyar", "Bahasa Indonesia", "Igbo",
	"Italiano", "日本語", "ქართული", "Taqbaylit", "한국어", "Lingála",
	"Malagasy", "മലയാളം", "Melayu", "မြန်မာဘာသာ", "Nederlands", "Polski",
	"Português (Europeu)", "Português (do Brasil)", "română", "Русский",
	"Soŋay", "Shqip", "Српски", "Srpski", "Svenska", "Kiswahili", "தமிழ்",
	"తెలుగు", "ไทย", "Tagalog", "Setswana", "Türkçe", "Українська",
	"Tiếng Việt", "Wolof", "isiXhosa", "Yorùbá", "中文 (简体)",
	"正體中文 (繁體)", "isiZulu",
};

/* see sitec.h */
const char *
sitec_locale(const char *s, size_t n)
{
	int i;

	for (i = 0; i < SITEC_NLOCALES; i++)
		if (strlen(sitec_locales[i]) == n &&
		    strncasecmp(sitec_locales[i], s, n) == 0)
			return sitec_locales[i];
	return NULL;
}

/* see sitec_int.h */
int
sitec_locale_index(const char *locale)
{
	int i;

	for (i = 0; i < SITEC_NLOCALES; i++)
		if (strcmp(sitec_locales[i], locale) == 0)
			return i;
	return -1;
}

/* see sitec.h */
const char *
sitec_locale_name(const char *locale)
{
	int i = sitec_locale_index(locale);

	return i < 0 ? locale : sitec_names[i];
}

/* see sitec.h */
void
sitec_fail(struct sitec *sc, const char *file, unsigned int line,
    const char *fmt, ...)
{
	va_list ap;

	(void)sc;
	if (sitec_tmp[0] != '\0')
		(void)unlink(sitec_tmp);	/* no partial store, ever */
	fflush(stdout);
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

/* see sitec.h */
char *
sitec_read(struct sitec *sc, const char *path, size_t *len)
{
	struct stat sb;
	ssize_t got;
	size_t at;
	char *p;
	int fd;

	if ((fd = open(path, O_RDONLY)) < 0 || fstat(fd, &sb) != 0)
		sitec_fail(sc, path, 0, "%s", strerror(errno));
	if (!S_ISREG(sb.st_mode))
		sitec_fail(sc, path, 0, "not a regular file");
	if ((uint64_t)sb.st_size > SITEC_MAX_FILE)
		sitec_fail(sc, path, 0, "file of %lld bytes is over the limit "
		    "of %u (SITEC_MAX_FILE)", (long long)sb.st_size,
		    (unsigned)SITEC_MAX_FILE);
	if ((p = malloc((size_t)sb.st_size + 1)) == NULL)
		sitec_fail(sc, path, 0, "out of memory");
	for (at = 0; at < (size_t)sb.st_size; at += (size_t)got)
		if ((got = read(fd, p + at, (size_t)sb.st_size - at)) <= 0)
			sitec_fail(sc, path, 0, "read failed");
	close(fd);
	p[at] = '\0';
	*len = at;
	return p;
}

/* gzip of s, or NULL when it is not smaller. */
static uint8_t *
gzip(const uint8_t *s, size_t n, size_t *out_len)
{
	z_stream z;
	uint8_t *out;
	size_t cap = n;

	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, SITEC_GZIP_LEVEL, Z_DEFLATED, 15 + 16, 9,
	    Z_DEFAULT_STRATEGY) != Z_OK || (out = malloc(cap)) == NULL)
		sitec_fail(NULL, "sitec", 0, "zlib: out of memory");
	z.next_in = (Bytef *)s;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END) {
		deflateEnd(&z);
		free(out);
		return NULL;	/* it did not shrink */
	}
	*out_len = z.total_out;
	deflateEnd(&z);
	return out;
}

/* brotli of s, or NULL when it is not smaller. */
static uint8_t *
brotli(const uint8_t *s, size_t n, size_t *out_len)
{
	uint8_t *out = malloc(n);
	int lgwin = BROTLI_MIN_WINDOW_BITS;

	if (out == NULL)
		sitec_fail(NULL, "sitec", 0, "brotli: out of memory");
	/* A window no larger than the body: the encoder's memory (and the
	 * time to fault it in) follows the window, not the input. */
	while (lgwin < BROTLI_DEFAULT_WINDOW && ((size_t)1 << lgwin) < n)
		lgwin++;
	*out_len = n;
	if (!BrotliEncoderCompress(SITEC_BROTLI_QUALITY, lgwin,
	    BROTLI_MODE_TEXT, n, s, out_len, out) || *out_len >= n) {
		free(out);
		return NULL;
	}
	return out;
}

/* head with "Accept-Encoding" merged into its Vary line, into out. */
static void
vary_merge(struct sitec_buf *out, const struct site_bytes *head)
{
	const char *s = (const char *)head->p, *e = s + head->len, *nl;
	bool done = false;

	for (; s < e; s = nl + 1) {
		if ((nl = memchr(s, '\n', (size_t)(e - s))) == NULL)
			nl = e - 1;
		if (!done && nl - s >= 6 && strncasecmp(s, "Vary:", 5) == 0) {
			sitec_buf_add(out, s, (size_t)(nl - 1 - s));
			sitec_buf_str(out, ", Accept-Encoding\r\n");
			done = true;
		} else {
			sitec_buf_add(out, s, (size_t)(nl + 1 - s));
		}
	}
	if (!done)
		sitec_buf_str(out, "Vary: Accept-Encoding\r\n");
}

/* The lines of head that a 304 keeps: Cache-Control, Last-Modified and
 * Vary (spec 11.2). */
static void
head304_of(struct sitec_buf *out, const struct site_bytes *head)
{
	const char *s = (const char *)head->p, *e = s + head->len, *nl;

	for (; s < e; s = nl + 1) {
		if ((nl = memchr(s, '\n', (size_t)(e - s))) == NULL)
			nl = e - 1;
		if (strncasecmp(s, "Cache-Control:", 14) == 0 ||
		    strncasecmp(s, "Last-Modified:", 14) == 0 ||
		    strncasecmp(s, "Vary:", 5) == 0)
			sitec_buf_add(out, s, (size_t)(nl + 1 - s));
	}
}

/* see sitec.h */
void
sitec_put(struct sitec *sc, const uint8_t *key, size_t key_len,
    struct site_view *v, bool compress)
{
	struct sitec_buf head = { 0 }, h304 = { 0 }, lm = { 0 };
	uint8_t *z[SITE_ENC_N] = { NULL };
	size_t need, zl;
	char etag[35];
	void *val;
	int rc, i;

	if ((v->flags & SITE_F_ETAG) && v->etag.len == 0) {
		sitec_etag(etag, v->body[SITE_ENC_ID].p,
		    v->body[SITE_ENC_ID].len);
		v->etag.p = (const uint8_t *)etag;
		v->etag.len = 34;
	}
	/* A record answered by If-Modified-Since says when it changed. */
	if ((v->flags & SITE_F_IMS) && v->mtime != 0 &&
	    memmem(v->head.p, v->head.len, "Last-Modified:", 14) == NULL) {
		char date[32];

		sitec_fmt_http(date, v->mtime);
		sitec_buf_add(&lm, v->head.p, v->head.len);
		sitec_buf_printf(&lm, "Last-Modified: %s\r\n", date);
		v->head = (struct site_bytes){ (uint8_t *)lm.p, lm.len };
	}
	if (v->head304.p == NULL) {
		head304_of(&h304, &v->head);
		v->head304.p = (const uint8_t *)h304.p;
		v->head304.len = h304.len;
	}
	if (compress && v->body[SITE_ENC_ID].len >= SITEC_MIN_COMPRESS) {
		z[SITE_ENC_GZIP] = gzip(v->body[SITE_ENC_ID].p,
		    v->body[SITE_ENC_ID].len, &zl);
		if (z[SITE_ENC_GZIP] != NULL)
			v->body[SITE_ENC_GZIP] = (struct site_bytes){
			    z[SITE_ENC_GZIP], zl };
		z[SITE_ENC_BR] = brotli(v->body[SITE_ENC_ID].p,
		    v->body[SITE_ENC_ID].len, &zl);
		if (z[SITE_ENC_BR] != NULL)
			v->body[SITE_ENC_BR] = (struct site_bytes){
			    z[SITE_ENC_BR], zl };
	}
	if (z[SITE_ENC_GZIP] != NULL || z[SITE_ENC_BR] != NULL) {
		struct sitec_buf m304 = { 0 };

		vary_merge(&head, &v->head);
		vary_merge(&m304, &v->head304);
		sitec_buf_free(&h304);
		h304 = m304;
		v->head = (struct site_bytes){ (uint8_t *)head.p, head.len };
		v->head304 = (struct site_bytes){ (uint8_t *)h304.p, h304.len };
	}
	if (site_rec_encode(v, NULL, 0, &need) != RC_TOOBIG)
		sitec_fail(sc, "sitec", 0, "record encoding failed");
	rc = store_put_reserve(&sc->st, &sc->wr, key, key_len, need, &val);
	if (rc == RC_OK)
		rc = site_rec_encode(v, val, need, &need);
	if (rc == RC_STORE_FULL)
		sitec_fail(sc, "sitec", 0, "the content does not fit in the "
		    "store; use a larger --size");
	if (rc != RC_OK)
		sitec_fail(sc, "sitec", 0, "store: %s (a record of %zu bytes, "
		    "key of %zu)", err_str(rc), need, key_len);
	sc->bytes += need;
	sc->records++;
	for (i = 0; i < SITE_ENC_N; i++)
		free(z[i]);
	sitec_buf_free(&head);
	sitec_buf_free(&h304);
	sitec_buf_free(&lm);
}

/* --- the store's identity -------------------------------------------- */

/*
 * The meta record: content_id is sha-256 over every key and value in key
 * order (length-prefixed, so that no two stores share a stream), read
 * back through a cursor on the write transaction itself.
 */
static void
sitec_meta(struct sitec *sc)
{
	static const char hex[] = "0123456789abcdef";
	struct store_read rd = { .txn = sc->wr.txn };	/* not ended: the
							 * write owns it */
	struct sitec_buf aux = { 0 }, loc = { 0 };
	br_sha256_context h;
	struct store_iter it;
	const void *k, *v;
	size_t kl, vl, i;
	unsigned char d[32];
	char id[65];
	uint64_t len;
	int rc;

	br_sha256_init(&h);
	if ((rc = store_scan_begin(&sc->st, &rd, &it)) != RC_OK)
		sitec_fail(sc, "sitec", 0, "scan: %s", err_str(rc));
	while ((rc = store_scan_next(&it, NULL, 0, &k, &kl, &v, &vl)) == RC_OK) {
		len = kl;
		br_sha256_update(&h, &len, sizeof len);
		br_sha256_update(&h, k, kl);
		len = vl;
		br_sha256_update(&h, &len, sizeof len);
		br_sha256_update(&h, v, vl);
	}
	store_iter_end(&it);
	if (rc != RC_NOTFOUND)
		sitec_fail(sc, "sitec", 0, "scan: %s", err_str(rc));
	br_sha256_out(&h, d);
	for (i = 0; i < 32; i++) {
		id[2 * i] = hex[d[i] >> 4];
		id[2 * i + 1] = hex[d[i] & 15];
	}
	id[64] = '\0';
	for (i = 0; i < SITEC_NLOCALES; i++)
		if (sc->site->per_locale[i] > 0)
			sitec_buf_printf(&loc, "%s%s", loc.len ? "," : "",
			    sitec_locales[i]);
	sitec_buf_printf(&aux, "content_id=%s\nbuilt=%lld\npages=%zu\n"
	    "redirects=%zu\nattachments=%zu\nstatics=%zu\nsamples=%zu\n"
	    "site_url=%s\natt_url=%s\nlocales=%s\n", id, (long long)sc->built,
	    sc->pages, sc->redirects, sc->attachments, sc->statics,
	    sc->samples, sc->site_url, sc->att_url, loc.len ? loc.p : "");
	{
		struct site_view m = { .kind = SITE_R_META, .status = 200,
		    .methods = SITE_M_GET_HEAD };

		m.aux = (struct site_bytes){ (uint8_t *)aux.p, aux.len };
		m.head304 = (struct site_bytes){ (const uint8_t *)"", 0 };
		sitec_put(sc, (const uint8_t *)SITE_K_META,
		    strlen(SITE_K_META), &m, false);
	}
	sitec_buf_free(&aux);
	sitec_buf_free(&loc);
}

/* --- reading a store back (--list, --get, --body) -------------------- */

/* Print bytes with NUL as "\0", '\\' as "\\\\", other controls "\xNN". */
static void
show(FILE *fp, const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == 0)
			fputs("\\0", fp);
		else if (s[i] == '\\')
			fputs("\\\\", fp);
		else if (s[i] < 0x20 || s[i] == 0x7f)
			fprintf(fp, "\\x%02x", s[i]);
		else
			fputc(s[i], fp);
	}
}

/* The key from its printed form (see show); its length. */
static size_t
unshow(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	unsigned v;

	for (; *s != '\0' && n < cap; s++) {
		if (*s != '\\') {
			out[n++] = (uint8_t)*s;
		} else if (s[1] == '0') {
			out[n++] = 0;
			s++;
		} else if (s[1] == '\\') {
			out[n++] = '\\';
			s++;
		} else if (s[1] == 'x' && sscanf(s + 2, "%2x", &v) == 1) {
			out[n++] = (uint8_t)v;
			s += 3;
		} else {
			out[n++] = '\\';
		}
	}
	return n;
}

static void
open_ro(const char *img, struct store *st, struct store_read *rd)
{
	int rc;

	if ((rc = store_open(st, img, 0, STORE_RDONLY)) != RC_OK ||
	    (rc = store_read_begin(st, rd)) != RC_OK)
		sitec_fail(NULL, img, 0, "%s", err_str(rc));
}

static int
sitec_list(const char *img)
{
	struct site_view v;
	struct store_read rd;
	struct store_iter it;
	struct store st;
	const void *k, *val;
	size_t kl, vl;
	int rc;

	open_ro(img, &st, &rd);
	if ((rc = store_scan_begin(&st, &rd, &it)) != RC_OK)
		sitec_fail(NULL, img, 0, "%s", err_str(rc));
	while ((rc = store_scan_next(&it, NULL, 0, &k, &kl, &val, &vl)) ==
	    RC_OK) {
		show(stdout, k, kl);
		if (site_rec_decode(val, vl, &v) != RC_OK)
			printf("\tbad record\n");
		else
			printf("\t%d\t%d\t%zu\n", v.kind, v.status, vl);
	}
	store_iter_end(&it);
	store_read_end(&rd);
	store_close(&st);
	return rc == RC_NOTFOUND && fflush(stdout) == 0 ? 0 : 1;
}

/* --pages: "locale<TAB>slug" of every page (not redirects, not views),
 * from the records' canonical names, for scripts that fetch each page. */
static int
sitec_pages(const char *img)
{
	struct site_view v;
	struct store_read rd;
	struct store_iter it;
	struct store st;
	const void *k, *val;
	const uint8_t *slash;
	size_t kl, vl;
	int rc;

	open_ro(img, &st, &rd);
	if ((rc = store_scan_begin(&st, &rd, &it)) != RC_OK)
		sitec_fail(NULL, img, 0, "%s", err_str(rc));
	while ((rc = store_scan_next(&it, "d", 1, &k, &kl, &val, &vl)) ==
	    RC_OK) {
		if (kl == 0 || *(const char *)k != SITE_NS_DOC)
			break;
		/* A view's key has a second NUL; a page's has one. */
		if (memchr((const char *)k + 1, '\0', kl - 1) !=
		    memrchr((const char *)k + 1, '\0', kl - 1))
			continue;
		if (site_rec_decode(val, vl, &v) != RC_OK ||
		    v.kind != SITE_R_BODY || v.name.len == 0)
			continue;
		slash = memchr(v.name.p, '/', v.name.len);
		if (slash == NULL)
			continue;
		printf("%.*s\t%.*s\n", (int)(slash - v.name.p), v.name.p,
		    (int)(v.name.len - (size_t)(slash - v.name.p) - 1),
		    slash + 1);
	}
	store_iter_end(&it);
	store_read_end(&rd);
	store_close(&st);
	return (rc == RC_NOTFOUND || rc == RC_OK) && fflush(stdout) == 0 ?
	    0 : 1;
}

static void
field(const char *name, const struct site_bytes *b)
{
	printf("%s: ", name);
	show(stdout, b->p, b->len);
	putchar('\n');
}

static int
sitec_get(const char *img, char **keys, int n, bool body_only)
{
	uint8_t key[SITE_MAX_KEY + 1];
	struct store_read rd;
	struct site_view v;
	struct store st;
	const void *val;
	size_t kl, vl;
	int i, rc, bad = 0;

	open_ro(img, &st, &rd);
	for (i = 0; i < n; i++) {
		kl = unshow(keys[i], key, sizeof key);
		rc = store_get(&st, &rd, key, kl, &val, &vl);
		if (rc == RC_OK)
			rc = site_rec_decode(val, vl, &v);
		if (rc != RC_OK) {
			fprintf(stderr, "sitec: %s: %s\n", keys[i],
			    err_str(rc));
			bad = 1;
			continue;
		}
		if (body_only) {
			fwrite(v.body[0].p, 1, v.body[0].len, stdout);
			continue;
		}
		printf("key: %s\nkind: %d\nstatus: %d\nflags: 0x%04x\n"
		    "methods: %d\nmtime: %lld\n", keys[i], v.kind, v.status,
		    v.flags, v.methods, (long long)v.mtime);
		printf("sizes: %zu %zu %zu\n", v.body[0].len, v.body[1].len,
		    v.body[2].len);
		field("etag", &v.etag);
		field("location", &v.location);
		field("lang", &v.lang);
		field("name", &v.name);
		field("aux", &v.aux);
		printf("head:\n%.*s", (int)v.head.len, (const char *)v.head.p);
		printf("head304:\n%.*s", (int)v.head304.len,
		    (const char *)v.head304.p);
		printf("body:\n");
		fwrite(v.body[0].p, 1, v.body[0].len, stdout);
		printf("\n\n");
	}
	store_read_end(&rd);
	store_close(&st);
	return fflush(stdout) == 0 ? bad : 1;
}

/* --- the compile ------------------------------------------------------ */

static uint64_t
parse_size(const char *s)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || end == s)
		sitec_fail(NULL, "--size", 0, "bad size %s", s);
	switch (*end) {
	case 'K': case 'k': v <<= 10; end++; break;
	case 'M': case 'm': v <<= 20; end++; break;
	case 'G': case 'g': v <<= 30; end++; break;
	}
	if (*end != '\0' || v < (64ULL << 10) || v > STORE_MAX_MAP)
		sitec_fail(NULL, "--size", 0, "bad size %s (64K .. 64G)", s);
	/* Whole 4 KiB pages: LMDB's page size and any disk's sector size. */
	return (v + 4095) & ~4095ULL;
}

/* The host of an absolute URL, in a static buffer. */
static const char *
url_host(const char *url)
{
	static char host[256];
	const char *s = strstr(url, "://");
	size_t n;

	s = s != NULL ? s + 3 : url;
	n = strcspn(s, "/:?#");
	if (n == 0 || n >= sizeof host)
		sitec_fail(NULL, url, 0, "not an absolute URL");
	memcpy(host, s, n);
	host[n] = '\0';
	return host;
}

/* A copy of url without trailing slashes: paths are appended to it. */
static const char *
trim_slash(const char *url)
{
	size_t n = strlen(url);
	char *s;

	while (n > 0 && url[n - 1] == '/')
		n--;
	if ((s = strndup(url, n)) == NULL)
		sitec_fail(NULL, "sitec", 0, "out of memory");
	return s;
}

static int64_t
build_time(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long t;

	if (e != NULL && *e != '\0') {
		t = strtoll(e, &end, 10);
		if (*end == '\0' && t > 0)
			return t;
	}
	return (int64_t)time(NULL);
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Build OUT from the roots: see the comment at the top. */
static int
sitec_build(struct sitec *sc, const char *out, uint64_t size)
{
	uint64_t map = size ? size : STORE_MAX_MAP;
	double t0 = now_s();
	struct stat sb;
	size_t i;
	int fd, rc;

	sitec_docs_load(sc);
	snprintf(sitec_tmp, sizeof sitec_tmp, "%s.tmp.XXXXXX", out);
	if ((fd = mkstemp(sitec_tmp)) < 0) {
		sitec_tmp[0] = '\0';
		sitec_fail(sc, out, 0, "%s", strerror(errno));
	}
	(void)fchmod(fd, 0644);	/* a disk image is an ordinary file */
	close(fd);
	if ((rc = store_open(&sc->st, sitec_tmp, map, 0)) != RC_OK ||
	    (rc = store_write_begin(&sc->st, &sc->wr)) != RC_OK)
		sitec_fail(sc, sitec_tmp, 0, "store: %s", err_str(rc));
	for (i = 0; i < sc->nroots; i++)
		sitec_files(sc, sc->roots[i]);
	sitec_docs_write(sc);
	sitec_site_write(sc);
	sitec_search_finish(sc);
	sitec_meta(sc);
	rc = store_write_commit(&sc->wr);
	store_close(&sc->st);
	if (rc == RC_STORE_FULL)
		sitec_fail(sc, out, 0, "the content does not fit; use a larger "
		    "--size");
	if (rc != RC_OK)
		sitec_fail(sc, sitec_tmp, 0, "store: %s", err_str(rc));
	if (stat(sitec_tmp, &sb) != 0 || (size > 0 &&
	    truncate(sitec_tmp, (off_t)size) != 0) ||
	    rename(sitec_tmp, out) != 0)
		sitec_fail(sc, out, 0, "%s", strerror(errno));
	sitec_tmp[0] = '\0';	/* it is OUT now */
	printf("sitec: %s: %zu pages, %zu redirects, %zu attachments, "
	    "%zu static files, %zu samples, %zu records, %llu bytes of "
	    "records, %lld bytes of LMDB, %.2f s\n", out, sc->pages,
	    sc->redirects, sc->attachments, sc->statics, sc->samples,
	    sc->records, (unsigned long long)sc->bytes,
	    (long long)sb.st_size, now_s() - t0);
	return 0;
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: sitec [--size BYTES|NNK|NNM|NNG] [--site-url URL]\n"
	    "             [--attachments-url URL] [--quiet] OUT.img ROOT...\n"
	    "       sitec --list IMG          key<TAB>kind<TAB>status<TAB>"
	    "bytes\n"
	    "       sitec --pages IMG         locale<TAB>slug of every page\n"
	    "       sitec --get IMG KEY...    a record's fields, head, body\n"
	    "       sitec --body IMG KEY      a record's identity body\n"
	    "A KEY is written as --list prints it: \\0 for a NUL byte "
	    "between parts,\n\\\\ for a backslash, \\xNN for other bytes: "
	    "'den-us\\0web/http\\0json',\n'fm/robots.txt', 'em404', 'M'.\n");
	exit(2);
}

/* see sitec.h */
int
sitec_main(int argc, char **argv)
{
	struct sitec sc = { .site_url = "https://localhost",
	    .att_url = "https://attachments.localhost" };
	uint64_t size = 0;
	int i;

	if (argc >= 2 && strcmp(argv[1], "--help") == 0)
		usage();
	if (argc == 3 && strcmp(argv[1], "--pages") == 0)
		return sitec_pages(argv[2]);
	if (argc == 3 && strcmp(argv[1], "--list") == 0)
		return sitec_list(argv[2]);
	if (argc >= 4 && strcmp(argv[1], "--get") == 0)
		return sitec_get(argv[2], argv + 3, argc - 3, false);
	if (argc == 4 && strcmp(argv[1], "--body") == 0)
		return sitec_get(argv[2], argv + 3, 1, true);
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--quiet") == 0)
			sc.quiet = true;
		else if (strcmp(argv[i], "--size") == 0 && i + 1 < argc)
			size = parse_size(argv[++i]);
		else if (strcmp(argv[i], "--site-url") == 0 && i + 1 < argc)
			sc.site_url = argv[++i];
		else if (strcmp(argv[i], "--attachments-url") == 0 &&
		    i + 1 < argc)
			sc.att_url = argv[++i];
		else
			usage();
	}
	if (argc - i < 2)
		usage();
	sc.site_url = trim_slash(sc.site_url);
	sc.att_url = trim_slash(sc.att_url);
	(void)url_host(sc.att_url);	/* checked, refused if bad */
	if ((sc.main_host = strdup(url_host(sc.site_url))) == NULL)
		usage();
	sc.roots = (const char *const *)argv + i + 1;
	sc.nroots = (size_t)(argc - i - 1);
	sc.built = build_time();
	return sitec_build(&sc, argv[i], size);
}

/*
 * Weak, so that build/snapshot links these same objects with a main of its
 * own and compiles a site through sitec_main: one compiler, one writer.
 */
__attribute__((weak)) int
main(int argc, char **argv)
{
	return sitec_main(argc, argv);
}
