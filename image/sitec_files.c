/*
 * sitec_files.c: the compiler's file parts (sitec.h): attachments, the
 * MindTouch file redirects, static files, legacy files and live samples.
 *
 * Design.  Every record here is computed whole at compile time (site.h):
 * the body, the header lines of the full answer and of a 304, Last-
 * Modified as the file's mtime.  The request path only picks a body.
 *
 *   a <id>      an attachment (spec 5.2), served on the untrusted domain
 *   m <mtid>    a MindTouch file id: 301 to the attachment (spec 4.4)
 *   s <path>    a static file, WhiteNoise 3.3.1 semantics (spec 6)
 *   f m /<dir>/... a legacy file of early MDN (spec 8)
 *   x L 0 slug 0 id  a live sample (spec 5.3)
 *
 * Attachment ids.  ROOT/attachments/<id>/<name> carries its Kuma id.  A
 * file next to a page (ROOT/files/<locale>/<folders>/<file>) has none of
 * its own, so it takes the Kuma id of the first entry of
 * ROOT/attachments/redirects.json, in id order, with the same file name
 * that no other file took; the rest get synthetic ids from
 * SF_SYNTH_BASE up, in sorted path order.  Kuma's ids end far below that
 * base (17,395 in the last map), so the two never meet, and the same tree
 * gets the same ids on every build.  With several ROOTs the maps of a
 * ROOT name its own files only, and synthetic ids continue across ROOTs
 * in the order they are first scanned.
 *
 * sitec_attachment_url() may come before sitec_files() for its ROOT (the
 * core rewrites img src while it compiles pages), so each ROOT is scanned
 * once, on first need, into static state that lives until exit.
 *
 * Interface: sitec_files, sitec_samples, sitec_attachment_url (sitec.h).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "sitec.h"
#include "text.h"

/* Until sitec.h declares them (the core's weak stubs stand in): */
void sitec_files(struct sitec *sc, const char *root);
void sitec_samples(struct sitec *sc, const char *locale, const char *slug,
    const char *title, const char *html, size_t len);
const char *sitec_attachment_url(struct sitec *sc, const char *page_dir,
    const char *name);

#define SF_SYNTH_BASE	10000000UL	/* first synthetic attachment id */
#define SF_CC_ATT	"Cache-Control: public, max-age=900\r\n"
#define SF_CC_SHARED30	"Cache-Control: public, max-age=0, s-maxage=2592000\r\n"
#define SF_CC_IMMUTABLE	"Cache-Control: max-age=315360000, public, immutable\r\n"
#define SF_CC_STATIC	"Cache-Control: max-age=604800, public\r\n"
#define SF_CC_SAMPLE	"Cache-Control: public, max-age=86400\r\n"
#define SF_ACAO		"Access-Control-Allow-Origin: *\r\n"

/* --- small helpers ------------------------------------------------------ */

/* A growing byte string; p is NUL-terminated once anything was added. */
struct sf_buf {
	char *p;
	size_t len, cap;
};

static void
sf_add(struct sf_buf *b, const void *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;

		while (cap < b->len + n + 1)
			cap *= 2;
		if ((b->p = realloc(b->p, cap)) == NULL) {
			fputs("sitec: out of memory\n", stderr);
			exit(1);
		}
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
sf_adds(struct sf_buf *b, const char *s)
{
	sf_add(b, s, strlen(s));
}

static void
sf_addf(struct sf_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
sf_addf(struct sf_buf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof tmp) {
		fputs("sitec: internal: line too long\n", stderr);
		abort();
	}
	sf_add(b, tmp, (size_t)n);
}

static void *
sf_alloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);

	if (p == NULL) {
		fputs("sitec: out of memory\n", stderr);
		exit(1);
	}
	return p;
}

static char *
sf_strndup(const char *s, size_t n)
{
	char *p = sf_alloc(n + 1);

	memcpy(p, s, n);
	return p;
}

static char *
sf_join(const char *a, const char *b)
{
	struct sf_buf o = { 0 };

	sf_adds(&o, a);
	sf_adds(&o, "/");
	sf_adds(&o, b);
	return o.p;
}

/* qsort and memcpy, for arrays that may be empty (and NULL). */
static void
sf_qsort(void *v, size_t n, size_t size,
    int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(v, n, size, cmp);
}

static void
sf_copy(void *to, const void *from, size_t n)
{
	if (n > 0)
		memcpy(to, from, n);
}

static int
sf_strcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}


/* %XX-decode s[0..n) (malloc'd); a stray '%' stays as it is. */
static char *
sf_pct_decode(const char *s, size_t n)
{
	char *o = sf_alloc(n + 1);
	size_t i, j = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && hex_digit(s[i + 1]) >= 0 &&
		    hex_digit(s[i + 2]) >= 0) {
			o[j++] = (char)(hex_digit(s[i + 1]) * 16 +
			    hex_digit(s[i + 2]));
			i += 2;
		} else
			o[j++] = s[i];
	}
	o[j] = '\0';
	return o;
}

/*
 * Percent-encode a file name for a URL path segment.  Unreserved bytes
 * and the few sub-delimiters Kuma's own URLs leave bare ("(1)") stay;
 * everything else, non-ASCII included, is %XX.
 */
static void
sf_pct_encode(struct sf_buf *b, const char *s)
{
	static const char keep[] = "-._~()!*'";
	const unsigned char *p;
	char tmp[4];

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (isalnum(*p) || (*p != '\0' && strchr(keep, *p) != NULL))
			sf_add(b, p, 1);
		else {
			snprintf(tmp, sizeof tmp, "%%%02X", *p);
			sf_add(b, tmp, 3);
		}
	}
}

/* "Last-Modified: <IMF-fixdate>\r\n" (RFC 7231 7.1.1.1). */
static void
sf_add_lastmod(struct sf_buf *b, int64_t t)
{
	char d[64];
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(d, sizeof d, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	sf_addf(b, "Last-Modified: %s\r\n", d);
}

/* --- md5 (RFC 1321), for the strong ETag of a sample ------------------ */

struct sf_md5 {
	uint32_t h[4];
	uint64_t n;
	uint8_t blk[64];
};

static const uint32_t sf_md5_k[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf,
	0x4787c62a, 0xa8304613, 0xfd469501, 0x698098d8, 0x8b44f7af,
	0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e,
	0x49b40821, 0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa,
	0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6,
	0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8,
	0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122,
	0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
	0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039,
	0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244, 0x432aff97,
	0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d,
	0x85845dd1, 0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
	0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};
static const uint8_t sf_md5_r[16] = {
	7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21,
};

static void
sf_md5_block(struct sf_md5 *m, const uint8_t *p)
{
	uint32_t a = m->h[0], b = m->h[1], c = m->h[2], d = m->h[3];
	uint32_t w[16], f, t;
	int i, g;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] | (uint32_t)p[4 * i + 1] << 8 |
		    (uint32_t)p[4 * i + 2] << 16 | (uint32_t)p[4 * i + 3] << 24;
	for (i = 0; i < 64; i++) {
		if (i < 16) {
			f = (b & c) | (~b & d);
			g = i;
		} else if (i < 32) {
			f = (d & b) | (~d & c);
			g = (5 * i + 1) % 16;
		} else if (i < 48) {
			f = b ^ c ^ d;
			g = (3 * i + 5) % 16;
		} else {
			f = c ^ (b | ~d);
			g = (7 * i) % 16;
		}
		t = d;
		d = c;
		c = b;
		f += a + sf_md5_k[i] + w[g];
		b += f << sf_md5_r[(i / 16) * 4 + i % 4] |
		    f >> (32 - sf_md5_r[(i / 16) * 4 + i % 4]);
		a = t;
	}
	m->h[0] += a;
	m->h[1] += b;
	m->h[2] += c;
	m->h[3] += d;
}

/* The md5 of p[0..n) as 32 lower-case hex digits and a NUL. */
static void
sf_md5_hex(const void *p, size_t n, char out[33])
{
	struct sf_md5 m = { { 0x67452301, 0xefcdab89, 0x98badcfe,
	    0x10325476 }, 0, { 0 } };
	const uint8_t *s = p;
	uint64_t bits = (uint64_t)n * 8;
	size_t i;

	for (; n >= 64; n -= 64, s += 64)
		sf_md5_block(&m, s);
	memcpy(m.blk, s, n);
	m.blk[n++] = 0x80;
	if (n > 56) {
		memset(m.blk + n, 0, 64 - n);
		sf_md5_block(&m, m.blk);
		n = 0;
	}
	memset(m.blk + n, 0, 56 - n);
	for (i = 0; i < 8; i++)
		m.blk[56 + i] = (uint8_t)(bits >> (8 * i));
	sf_md5_block(&m, m.blk);
	for (i = 0; i < 16; i++)
		snprintf(out + 2 * i, 3, "%02x",
		    (unsigned int)(m.h[i / 4] >> (8 * (i % 4)) & 0xff));
}

/* --- types ---------------------------------------------------------------- */

#define SF_T_TEXT	1	/* compress it */
#define SF_T_CHARSET	2	/* "; charset=utf-8" where a charset is due */

/* Ours, by extension; WhiteNoise's and Python's tables agree on these. */
static const struct sf_type {
	const char *ext, *type;
	int flags;
} sf_types[] = {
	{ "css", "text/css", SF_T_TEXT | SF_T_CHARSET },
	{ "csv", "text/csv", SF_T_TEXT | SF_T_CHARSET },
	{ "htm", "text/html", SF_T_TEXT | SF_T_CHARSET },
	{ "html", "text/html", SF_T_TEXT | SF_T_CHARSET },
	{ "js", "application/javascript", SF_T_TEXT | SF_T_CHARSET },
	{ "txt", "text/plain", SF_T_TEXT | SF_T_CHARSET },
	{ "xml", "text/xml", SF_T_TEXT | SF_T_CHARSET },
	{ "json", "application/json", SF_T_TEXT },
	/* Source maps are JSON; WhiteNoise's table has no entry. */
	{ "map", "application/json", SF_T_TEXT },
	{ "svg", "image/svg+xml", SF_T_TEXT },
	{ "xhtml", "application/xhtml+xml", SF_T_TEXT },
	{ "rdf", "application/rdf+xml", SF_T_TEXT },
	{ "xul", "application/vnd.mozilla.xul+xml", SF_T_TEXT },
	{ "png", "image/png", 0 },
	{ "gif", "image/gif", 0 },
	{ "jpg", "image/jpeg", 0 },
	{ "jpeg", "image/jpeg", 0 },
	{ "webp", "image/webp", 0 },
	{ "bmp", "image/bmp", 0 },
	{ "ico", "image/x-icon", 0 },
	{ "woff", "application/font-woff", 0 },
	{ "woff2", "font/woff2", 0 },
	{ "eot", "application/vnd.ms-fontobject", 0 },
	{ "ttf", "font/ttf", 0 },
	{ "otf", "font/otf", 0 },
	{ "pdf", "application/pdf", 0 },
	{ "zip", "application/zip", 0 },
	{ "ogg", "audio/ogg", 0 },
	{ "oga", "audio/ogg", 0 },
	{ "ogv", "video/ogg", 0 },
	{ "mp3", "audio/mpeg", 0 },
	{ "mp4", "video/mp4", 0 },
	{ "webm", "video/webm", 0 },
	{ "wav", "audio/wav", 0 },
	{ "swf", "application/x-shockwave-flash", 0 },
	{ "xpi", "application/x-xpinstall", 0 },
	{ "jar", "application/java-archive", 0 },
	{ "wasm", "application/wasm", 0 },
	{ "gz", "application/gzip", 0 },
};
static const struct sf_type sf_octets = {
	"", "application/octet-stream", 0
};

/* The type of the name's last extension in name[0..n), case-blind. */
static const struct sf_type *
sf_type_of(const char *name, size_t n)
{
	size_t i, dot = n;

	for (i = n; i > 0; i--) {
		if (name[i - 1] == '/')
			break;
		if (name[i - 1] == '.') {
			dot = i;
			break;
		}
	}
	if (dot == n)
		return &sf_octets;
	for (i = 0; i < sizeof sf_types / sizeof sf_types[0]; i++)
		if (strlen(sf_types[i].ext) == n - dot &&
		    strncasecmp(sf_types[i].ext, name + dot, n - dot) == 0)
			return &sf_types[i];
	return &sf_octets;
}

/* "Content-Type: ..." with the charset when asked and the type has one. */
static void
sf_add_type(struct sf_buf *b, const struct sf_type *t, bool charset)
{
	sf_addf(b, "Content-Type: %s%s\r\n", t->type,
	    charset && (t->flags & SF_T_CHARSET) ? "; charset=utf-8" : "");
}

/* --- records ------------------------------------------------------------- */

/* Write a 200 body record: the common part of every writer here. */
static void
sf_put_body(struct sitec *sc, const uint8_t *key, size_t klen,
    const struct sf_buf *head, const struct sf_buf *h304, uint32_t flags,
    enum site_methods methods, int64_t mtime, const char *name,
    const char *lang, const char *etag, const void *body, size_t blen,
    bool compress)
{
	struct site_view v;

	memset(&v, 0, sizeof v);
	v.kind = SITE_R_BODY;
	v.status = 200;
	v.flags = flags;
	v.methods = methods;
	v.mtime = mtime;
	v.head.p = (const uint8_t *)head->p;
	v.head.len = head->len;
	v.head304.p = (const uint8_t *)h304->p;
	v.head304.len = h304->len;
	if (name != NULL) {
		v.name.p = (const uint8_t *)name;
		v.name.len = strlen(name);
	}
	if (lang != NULL) {
		v.lang.p = (const uint8_t *)lang;
		v.lang.len = strlen(lang);
	}
	if (etag != NULL) {
		v.etag.p = (const uint8_t *)etag;
		v.etag.len = strlen(etag);
	}
	v.body[SITE_ENC_ID].p = body;
	v.body[SITE_ENC_ID].len = blen;
	sitec_put(sc, key, klen, &v, compress);
}

/* Key of namespace ns, host byte (0: none) and s, or refuse the file. */
static size_t
sf_key(struct sitec *sc, uint8_t *key, char ns, char host, const char *s,
    const char *file)
{
	size_t n = site_key(key, SITE_MAX_KEY, ns, host, s, strlen(s));

	if (n == 0)
		sitec_fail(sc, file, 0, "name too long for a store key");
	return n;
}

/* --- directory walks ----------------------------------------------------- */

struct sf_list {
	char **v;
	size_t n, cap;
};

static void
sf_list_add(struct sf_list *l, char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		if ((l->v = realloc(l->v, l->cap * sizeof *l->v)) == NULL) {
			fputs("sitec: out of memory\n", stderr);
			exit(1);
		}
	}
	l->v[l->n++] = s;
}

/*
 * Add every regular file under base/rel (rel "" for base itself) to l
 * as a path relative to base, following symbolic links (a corpus ROOT is
 * a tree of links).  Names starting with '.' are skipped: editor and
 * finder litter, never site content.
 */
static void
sf_walk(struct sitec *sc, const char *base, const char *rel,
    struct sf_list *l)
{
	char *dir = rel[0] ? sf_join(base, rel) : strdup(base);
	struct dirent *e;
	struct stat st;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		sitec_fail(sc, dir, 0, "%s", strerror(errno));
	while ((e = readdir(d)) != NULL) {
		char *r, *full;

		if (e->d_name[0] == '.')
			continue;
		r = rel[0] ? sf_join(rel, e->d_name) : strdup(e->d_name);
		full = sf_join(base, r);
		if (stat(full, &st) != 0)
			sitec_fail(sc, full, 0, "%s", strerror(errno));
		if (S_ISDIR(st.st_mode)) {
			sf_walk(sc, base, r, l);
			free(r);
		} else if (S_ISREG(st.st_mode))
			sf_list_add(l, r);
		else
			free(r);
		free(full);
	}
	closedir(d);
	free(dir);
}

static bool
sf_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool
sf_is_file(const char *path, struct stat *st)
{
	return stat(path, st) == 0 && S_ISREG(st->st_mode);
}

/* --- JSON, as much as the maps and the manifest need ---------------------- */

/* A JSON text being read; line counts newlines for refusals. */
struct sf_json {
	struct sitec *sc;
	const char *file;
	const char *p, *end;
	unsigned int line;
};

static void __attribute__((noreturn))
sf_json_fail(struct sf_json *j, const char *what)
{
	sitec_fail(j->sc, j->file, j->line, "malformed JSON: %s", what);
}

static void
sf_json_ws(struct sf_json *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
	    *j->p == '\r' || *j->p == '\n')) {
		if (*j->p == '\n')
			j->line++;
		j->p++;
	}
}

static bool
sf_json_eat(struct sf_json *j, char c)
{
	sf_json_ws(j);
	if (j->p < j->end && *j->p == c) {
		j->p++;
		return true;
	}
	return false;
}

static void
sf_utf8(struct sf_buf *b, unsigned long c)
{
	char u[4];

	sf_add(b, u, utf8_encode(u, (uint32_t)c));
}

static unsigned long
sf_json_hex4(struct sf_json *j)
{
	unsigned long c = 0;
	int i;

	if (j->end - j->p < 4)
		sf_json_fail(j, "short \\u escape");
	for (i = 0; i < 4; i++) {
		if (hex_digit(j->p[i]) < 0)
			sf_json_fail(j, "bad \\u escape");
		c = c * 16 + (unsigned long)hex_digit(j->p[i]);
	}
	j->p += 4;
	return c;
}

/* A string, decoded to UTF-8 (malloc'd).  NUL is refused: names are C
 * strings everywhere after this. */
static char *
sf_json_str(struct sf_json *j)
{
	static const char esc[] = "\"\"\\\\//b\bf\fn\nr\rt\t";
	struct sf_buf b = { 0 };
	unsigned long c, lo;
	const char *e;

	if (!sf_json_eat(j, '"'))
		sf_json_fail(j, "expected a string");
	sf_add(&b, "", 0);
	for (;;) {
		if (j->p >= j->end)
			sf_json_fail(j, "unterminated string");
		c = (unsigned char)*j->p++;
		if (c == '"')
			break;
		if (c < 0x20)
			sf_json_fail(j, "control character in a string");
		if (c != '\\') {
			sf_add(&b, j->p - 1, 1);
			continue;
		}
		if (j->p >= j->end)
			sf_json_fail(j, "unterminated string");
		if (*j->p == 'u') {
			j->p++;
			c = sf_json_hex4(j);
			if (c >= 0xd800 && c < 0xdc00 && j->end - j->p >= 6 &&
			    j->p[0] == '\\' && j->p[1] == 'u') {
				j->p += 2;
				lo = sf_json_hex4(j);
				if (lo < 0xdc00 || lo > 0xdfff)
					sf_json_fail(j, "bad surrogate pair");
				c = 0x10000 + ((c - 0xd800) << 10) +
				    (lo - 0xdc00);
			} else if (c >= 0xd800 && c < 0xe000)
				sf_json_fail(j, "lone surrogate");
			if (c == 0)
				sf_json_fail(j, "NUL in a string");
			sf_utf8(&b, c);
			continue;
		}
		for (e = esc; *e != '\0'; e += 2)
			if (*e == *j->p)
				break;
		if (*e == '\0')
			sf_json_fail(j, "bad escape");
		sf_add(&b, e + 1, 1);
		j->p++;
	}
	return b.p;
}

/* Skip one value of any kind. */
static void
sf_json_skip(struct sf_json *j, int depth)
{
	const char *s;
	bool first = true;

	if (depth > 64)
		sf_json_fail(j, "nested too deep");
	sf_json_ws(j);
	if (j->p >= j->end)
		sf_json_fail(j, "expected a value");
	if (*j->p == '"') {
		free(sf_json_str(j));
	} else if (*j->p == '{' || *j->p == '[') {
		char close = *j->p == '{' ? '}' : ']';

		j->p++;
		while (!sf_json_eat(j, close)) {
			if (!first && !sf_json_eat(j, ','))
				sf_json_fail(j, "expected ','");
			first = false;
			if (close == '}') {
				free(sf_json_str(j));
				if (!sf_json_eat(j, ':'))
					sf_json_fail(j, "expected ':'");
			}
			sf_json_skip(j, depth + 1);
		}
	} else {
		for (s = j->p; j->p < j->end && (isalnum((unsigned char)*j->p)
		    || *j->p == '-' || *j->p == '+' || *j->p == '.'); j->p++)
			;
		if (j->p == s)
			sf_json_fail(j, "expected a value");
	}
}

/* Open an object; sf_json_member() then walks its members. */
static void
sf_json_open(struct sf_json *j)
{
	if (!sf_json_eat(j, '{'))
		sf_json_fail(j, "expected an object");
}

/* The next member's key (malloc'd, the ':' eaten), or NULL after the
 * last.  *first is true before the first member. */
static char *
sf_json_member(struct sf_json *j, bool *first)
{
	char *k;

	if (sf_json_eat(j, '}'))
		return NULL;
	if (!*first && !sf_json_eat(j, ','))
		sf_json_fail(j, "expected ',' or '}'");
	*first = false;
	sf_json_ws(j);
	k = sf_json_str(j);
	if (!sf_json_eat(j, ':'))
		sf_json_fail(j, "expected ':'");
	sf_json_ws(j);
	return k;
}

static void
sf_json_done(struct sf_json *j)
{
	sf_json_ws(j);
	if (j->p != j->end)
		sf_json_fail(j, "bytes after the value");
}

/* --- Kuma's attachment maps -------------------------------------------- */

/*
 * One entry of redirects.json or mindtouch_redirects.json: key -> the
 * path "/attachments/Y/M/D/<kuma id>/<hash>/<name>", name %-encoded.
 */
struct sf_ent {
	unsigned long key;	/* the map's key: Kuma or MindTouch id */
	unsigned long kid;	/* the Kuma id in the path */
	char *ename;		/* the name as in the path (%-encoded) */
	char *name;		/* decoded */
	unsigned int line;
	bool used;		/* a file next to a page took this id */
};

static unsigned long
sf_decimal(const char *s, size_t n, bool *ok)
{
	unsigned long v = 0;
	size_t i;

	*ok = n > 0 && n < 10 && s[0] != '0';
	for (i = 0; *ok && i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			*ok = false;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	return v;
}

static void
sf_ent_parse(struct sf_json *j, struct sf_ent *e, const char *key,
    const char *path)
{
	const char *c[8], *s = path;
	size_t n = 0;
	bool ok, ok2;

	e->key = sf_decimal(key, strlen(key), &ok);
	/* "", "attachments", Y, M, D, id, hash, name: seven slashes. */
	for (; *s != '\0' && n < 8; s++)
		if (*s == '/')
			c[n++] = s + 1;
	if (!ok || n != 7 || strncmp(path, "/attachments/", 13) != 0 ||
	    *c[6] == '\0')
		sitec_fail(j->sc, j->file, e->line,
		    "\"%s\": \"%s\" is not an attachment path", key, path);
	e->kid = sf_decimal(c[4], (size_t)(c[5] - 1 - c[4]), &ok2);
	if (!ok2)
		sitec_fail(j->sc, j->file, e->line,
		    "\"%s\": no Kuma id in \"%s\"", key, path);
	e->ename = strdup(c[6]);
	e->name = sf_pct_decode(c[6], strlen(c[6]));
	if (strchr(e->name, '/') != NULL || e->name[0] == '\0')
		sitec_fail(j->sc, j->file, e->line, "bad file name in \"%s\"",
		    path);
}

static int
sf_ent_cmp_key(const void *a, const void *b)
{
	const struct sf_ent *x = a, *y = b;

	/* Equal keys keep file order, so the later one is written last and
	 * wins, as in Python's dict. */
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* Read one map into *v, sorted by key; no file, no entries. */
static size_t
sf_map_load(struct sitec *sc, const char *file, struct sf_ent **v)
{
	struct sf_json j = { sc, file, NULL, NULL, 1 };
	struct stat st;
	size_t n = 0, cap = 0, len;
	char *text, *k, *val;
	bool first = true;

	*v = NULL;
	if (!sf_is_file(file, &st))
		return 0;
	text = sitec_read(sc, file, &len);
	j.p = text;
	j.end = text + len;
	sf_json_open(&j);
	while ((k = sf_json_member(&j, &first)) != NULL) {
		unsigned int line = j.line;

		val = sf_json_str(&j);
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			*v = realloc(*v, cap * sizeof **v);
			if (*v == NULL)
				sitec_fail(sc, file, 0, "out of memory");
		}
		memset(&(*v)[n], 0, sizeof **v);
		(*v)[n].line = line;
		sf_ent_parse(&j, &(*v)[n++], k, val);
		free(k);
		free(val);
	}
	sf_json_done(&j);
	free(text);
	sf_qsort(*v, n, sizeof **v, sf_ent_cmp_key);
	return n;
}

/* --- attachments --------------------------------------------------------- */

struct sf_att {
	unsigned long id;
	const char *root;	/* the ROOT it lies in (sf_root.root) */
	char *path;		/* the file */
	char *rel;		/* next to a page: its path under files/;
				 * by id: NULL */
	char *name;		/* the canonical file name */
	char *url;		/* <att_url>/files/<id>/<name, %-encoded> */
};

static void sf_unescape(struct sf_buf *b, const char *s, size_t n);

/* A ROOT seen; its MindTouch map is written by its sitec_files(). */
struct sf_root {
	char *root;		/* normalised (sf_norm) */
	struct sf_ent *mt;
	size_t nmt;
	char *mt_file;
};

/* All ROOTs merged: the maps name files in any of them. */
static struct sf_root *sf_roots;
static size_t sf_nroots;
static struct sf_ent *sf_kuma;	/* every redirects.json entry, by id */
static size_t sf_nkuma;
static struct sf_att *sf_byid;	/* ROOT/attachments/<id>/, by id */
static size_t sf_nbyid;
static struct sf_att *sf_pages;	/* next to pages, by rel */
static size_t sf_npages;
static unsigned long sf_next_synth = SF_SYNTH_BASE;

/* The files of a page folder that are the page, not attachments. */
static const char *const sf_page_files[] = {
	"index.html", "raw.html", "index.yaml", "index.md",
	"_redirects.txt", "_wikihistory.json",
};

/* path without "//", "/./", a leading "./" or a trailing '/' ("." when
 * nothing is left), so that textual prefixes compare. */
static char *
sf_norm(const char *path)
{
	char *o = sf_alloc(strlen(path) + 2), *q = o;
	const char *p = path;

	if (*p == '/')
		*q++ = *p++;
	while (*p != '\0') {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		if (n > 0 && !(n == 1 && p[0] == '.')) {
			if (q > o && q[-1] != '/')
				*q++ = '/';
			memcpy(q, p, n);
			q += n;
		}
		p += n;
		while (*p == '/')
			p++;
	}
	if (q == o)
		*q++ = '.';
	*q = '\0';
	return o;
}

static bool
sf_is_page_file(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof sf_page_files / sizeof sf_page_files[0]; i++)
		if (strcmp(name, sf_page_files[i]) == 0)
			return true;
	return false;
}

static void
sf_att_add(struct sf_att **v, size_t *n, const char *root, char *path,
    char *rel, const char *name)
{
	struct sf_att *a;

	if ((*v = realloc(*v, (*n + 1) * sizeof **v)) == NULL) {
		fputs("sitec: out of memory\n", stderr);
		exit(1);
	}
	a = &(*v)[(*n)++];
	memset(a, 0, sizeof *a);
	a->root = root;
	a->path = path;
	a->rel = rel;
	a->name = strdup(name);
}

static void
sf_att_url(struct sitec *sc, struct sf_att *a)
{
	struct sf_buf u = { 0 };

	sf_addf(&u, "%s/files/%lu/", sc->att_url, a->id);
	sf_pct_encode(&u, a->name);
	a->url = u.p;
}

/* ROOT/attachments/<id>/<name>: exactly one file per id folder. */
static void
sf_scan_byid(struct sitec *sc, const char *root)
{
	char *dir = sf_join(root, "attachments");
	struct sf_list ids = { 0 };
	struct dirent *e;
	DIR *d;
	size_t i;

	if ((d = opendir(dir)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			char *p = sf_join(dir, e->d_name);

			if (e->d_name[0] != '.' && sf_is_dir(p))
				sf_list_add(&ids, strdup(e->d_name));
			free(p);
		}
		closedir(d);
	}
	for (i = 0; i < ids.n; i++) {
		struct sf_list f = { 0 };
		char *p = sf_join(dir, ids.v[i]);
		unsigned long id;
		bool ok;

		id = sf_decimal(ids.v[i], strlen(ids.v[i]), &ok);
		if (!ok || id >= SF_SYNTH_BASE)
			sitec_fail(sc, p, 0, "not an attachment id (1 to %lu)",
			    SF_SYNTH_BASE - 1);
		sf_walk(sc, p, "", &f);
		if (f.n != 1 || strchr(f.v[0], '/') != NULL)
			sitec_fail(sc, p, 0, "an attachment folder holds "
			    "exactly one file (%zu here)", f.n);
		sf_att_add(&sf_byid, &sf_nbyid, root, sf_join(p, f.v[0]), NULL,
		    f.v[0]);
		sf_byid[sf_nbyid - 1].id = id;
		sf_att_url(sc, &sf_byid[sf_nbyid - 1]);
		free(f.v[0]);
		free(f.v);
		free(p);
		free(ids.v[i]);
	}
	free(ids.v);
	free(dir);
}

/* ROOT/files/<locale>/<folders>/<file>: the files next to pages. */
static void
sf_scan_pages(struct sitec *sc, const char *root, struct sf_att **v,
    size_t *n)
{
	char *dir = sf_join(root, "files");
	struct sf_list l = { 0 };
	size_t i;

	if (sf_is_dir(dir))
		sf_walk(sc, dir, "", &l);
	for (i = 0; i < l.n; i++) {
		const char *slash = strchr(l.v[i], '/');
		const char *name = strrchr(l.v[i], '/');

		/* A file needs a locale and at least one folder above it. */
		if (slash == NULL || slash == name || sf_is_page_file(name + 1)) {
			free(l.v[i]);
			continue;
		}
		sf_att_add(v, n, root, sf_join(dir, l.v[i]), l.v[i], name + 1);
	}
	free(l.v);
	free(dir);
}

static int
sf_att_cmp_id(const void *a, const void *b)
{
	const struct sf_att *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static int
sf_att_cmp_rel(const void *a, const void *b)
{
	return strcmp(((const struct sf_att *)a)->rel,
	    ((const struct sf_att *)b)->rel);
}

/* The id of a file next to a page: see the top of this file. */
static unsigned long
sf_page_id(const char *name)
{
	struct sf_att key;
	size_t i;

	for (i = 0; i < sf_nkuma; i++) {
		struct sf_ent *e = &sf_kuma[i];

		if (e->used || strcmp(e->name, name) != 0)
			continue;
		key.id = e->key;
		if (sf_nbyid > 0 && bsearch(&key, sf_byid, sf_nbyid,
		    sizeof *sf_byid, sf_att_cmp_id) != NULL)
			continue;	/* that id has its own folder */
		e->used = true;
		return e->key;
	}
	return sf_next_synth++;
}

static struct sf_root *
sf_root_find(const char *norm)
{
	size_t i;

	for (i = 0; i < sf_nroots; i++)
		if (strcmp(sf_roots[i].root, norm) == 0)
			return &sf_roots[i];
	return NULL;
}

/* Refuse a Kuma id given to two files (two ROOTs' folders, or a folder
 * in one ROOT and a map entry taken in another). */
static void
sf_check_ids(struct sitec *sc)
{
	struct sf_att *all;
	size_t i, n = 0;

	all = sf_alloc((sf_nbyid + sf_npages) * sizeof *all);
	sf_copy(all, sf_byid, sf_nbyid * sizeof *all);
	for (i = 0; i < sf_npages; i++)
		if (sf_pages[i].id < SF_SYNTH_BASE)
			all[sf_nbyid + n++] = sf_pages[i];
	n += sf_nbyid;
	sf_qsort(all, n, sizeof *all, sf_att_cmp_id);
	for (i = 1; i < n; i++)
		if (all[i].id == all[i - 1].id)
			sitec_fail(sc, all[i].path, 0,
			    "attachment id %lu is also %s", all[i].id,
			    all[i - 1].path);
	free(all);
}

/*
 * Scan the ROOTs not seen yet: their maps, their attachments by id, and
 * the files next to their pages, which then get their ids (in sorted
 * path order over all the ROOTs of this call).
 */
static void
sf_scan(struct sitec *sc, const char *const *roots, size_t nroots)
{
	struct sf_att *v = NULL;
	size_t i, n = 0, nk;
	struct sf_ent *k;
	char *p;

	for (i = 0; i < nroots; i++) {
		char *norm = sf_norm(roots[i]);
		struct sf_root *r;

		if (sf_root_find(norm) != NULL) {
			free(norm);
			continue;
		}
		sf_roots = realloc(sf_roots, (sf_nroots + 1) *
		    sizeof *sf_roots);
		if (sf_roots == NULL)
			sitec_fail(sc, roots[i], 0, "out of memory");
		r = &sf_roots[sf_nroots++];
		r->root = norm;
		r->mt_file = sf_join(norm,
		    "attachments/mindtouch_redirects.json");
		r->nmt = sf_map_load(sc, r->mt_file, &r->mt);
		p = sf_join(norm, "attachments/redirects.json");
		nk = sf_map_load(sc, p, &k);
		free(p);
		sf_kuma = realloc(sf_kuma, (sf_nkuma + nk + 1) *
		    sizeof *sf_kuma);
		if (sf_kuma == NULL)
			sitec_fail(sc, roots[i], 0, "out of memory");
		sf_copy(sf_kuma + sf_nkuma, k, nk * sizeof *k);
		sf_nkuma += nk;
		free(k);
		sf_scan_byid(sc, norm);
		sf_scan_pages(sc, norm, &v, &n);
	}
	sf_qsort(sf_kuma, sf_nkuma, sizeof *sf_kuma, sf_ent_cmp_key);
	sf_qsort(sf_byid, sf_nbyid, sizeof *sf_byid, sf_att_cmp_id);
	sf_qsort(v, n, sizeof *v, sf_att_cmp_rel);
	for (i = 0; i < n; i++) {
		if (i > 0 && strcmp(v[i].rel, v[i - 1].rel) == 0)
			sitec_fail(sc, v[i].path, 0, "also in %s",
			    v[i - 1].root);
		v[i].id = sf_page_id(v[i].name);
		sf_att_url(sc, &v[i]);
	}
	sf_pages = realloc(sf_pages, (sf_npages + n + 1) * sizeof *sf_pages);
	if (sf_pages == NULL)
		sitec_fail(sc, "sitec", 0, "out of memory");
	sf_copy(sf_pages + sf_npages, v, n * sizeof *v);
	sf_npages += n;
	free(v);
	sf_qsort(sf_pages, sf_npages, sizeof *sf_pages, sf_att_cmp_rel);
	for (i = 1; i < sf_npages; i++)
		if (strcmp(sf_pages[i].rel, sf_pages[i - 1].rel) == 0)
			sitec_fail(sc, sf_pages[i].path, 0, "also in %s",
			    sf_pages[i - 1].root);
	sf_check_ids(sc);
}

/*
 * The folder under some ROOT's files/ that page_dir names: as the core
 * gives it, relative to its ROOT ("files/en-us/web/api/blob", any ROOT,
 * as they are merged), or as a path into a ROOT, which is then scanned:
 * the shortest prefix before a "/files/" that has a files/ folder (a slug
 * folder may itself be called "files", so the first one wins).
 */
static const char *
sf_page_rel(struct sitec *sc, const char *dir)
{
	const char *s;
	size_t i, n;

	if (strncmp(dir, "files/", 6) == 0)
		return dir + 6;
	for (i = 0; i < sf_nroots; i++) {
		n = strlen(sf_roots[i].root);
		if (strncmp(dir, sf_roots[i].root, n) == 0 &&
		    strncmp(dir + n, "/files/", 7) == 0)
			return dir + n + 7;
	}
	for (s = strstr(dir, "/files/"); s != NULL;
	    s = strstr(s + 1, "/files/")) {
		char *root = sf_strndup(dir, (size_t)(s - dir));
		char *files = sf_join(root, "files");
		bool here = sf_is_dir(files);

		free(files);
		if (here) {
			const char *r = root;

			sf_scan(sc, &r, 1);
			free(root);
			return s + 7;
		}
		free(root);
	}
	return NULL;
}

static int
sf_att_cmp_relkey(const void *k, const void *a)
{
	return strcmp(k, ((const struct sf_att *)a)->rel);
}

/* see sitec.h */
const char *
sitec_attachment_url(struct sitec *sc, const char *page_dir,
    const char *name)
{
	struct sf_buf k = { 0 }, un = { 0 };
	char *dir = sf_norm(page_dir), *nm;
	const char *rel;
	struct sf_att *a = NULL;
	size_t n;

	/* The name as an src attribute holds it: references, then %XX. */
	sf_add(&un, "", 0);
	sf_unescape(&un, name, strlen(name));
	name = un.p;
	while (name[0] == '.' && name[1] == '/')
		name += 2;
	n = strcspn(name, "?#");
	nm = sf_pct_decode(name, n);
	rel = sf_page_rel(sc, dir);
	if (rel != NULL && nm[0] != '\0' && strchr(nm, '/') == NULL &&
	    strcmp(nm, ".") != 0 && strcmp(nm, "..") != 0) {
		sf_adds(&k, rel);
		sf_adds(&k, "/");
		sf_adds(&k, nm);
		a = bsearch(k.p, sf_pages, sf_npages, sizeof *sf_pages,
		    sf_att_cmp_relkey);
		free(k.p);
	}
	free(nm);
	free(un.p);
	free(dir);
	return a != NULL ? a->url : NULL;
}

/* a <id> for one attachment (spec 5.2). */
static void
sf_put_att(struct sitec *sc, const struct sf_att *a)
{
	const struct sf_type *t = sf_type_of(a->name, strlen(a->name));
	struct sf_buf head = { 0 }, h304 = { 0 };
	uint8_t key[SITE_MAX_KEY];
	char id[24];
	struct stat st;
	size_t klen, len;
	char *body;

	if (stat(a->path, &st) != 0)
		sitec_fail(sc, a->path, 0, "%s", strerror(errno));
	snprintf(id, sizeof id, "%lu", a->id);
	klen = sf_key(sc, key, SITE_NS_ATT, 0, id, a->path);
	/* Kuma sent the stored type as it was, with no charset added. */
	sf_add_type(&head, t, false);
	sf_add_lastmod(&head, st.st_mtime);
	sf_adds(&head, SF_CC_ATT);
	sf_addf(&head, "X-Frame-Options: ALLOW-FROM %s\r\n", sc->main_host);
	sf_add_lastmod(&h304, st.st_mtime);
	sf_adds(&h304, SF_CC_ATT);
	body = sitec_read(sc, a->path, &len);
	sf_put_body(sc, key, klen, &head, &h304, SITE_F_IMS | SITE_F_LANG,
	    SITE_M_ANY, st.st_mtime, a->name, "en-US", NULL, body, len,
	    (t->flags & SF_T_TEXT) != 0);
	free(body);
	free(head.p);
	free(h304.p);
	sc->attachments++;
}

/* m <mtid>: 301 to the attachment the MindTouch id became (spec 4.4). */
static void
sf_put_mt(struct sitec *sc, const char *file, const struct sf_ent *e)
{
	struct sf_buf loc = { 0 }, head = { 0 };
	uint8_t key[SITE_MAX_KEY];
	struct site_view v;
	char id[24];
	size_t klen;

	snprintf(id, sizeof id, "%lu", e->key);
	klen = sf_key(sc, key, SITE_NS_MT, 0, id, file);
	/* The name as Kuma's map spells it, already %-encoded. */
	sf_addf(&loc, "%s/files/%lu/", sc->att_url, e->kid);
	sf_adds(&loc, e->ename);
	sf_adds(&head, SF_CC_SHARED30);
	memset(&v, 0, sizeof v);
	v.kind = SITE_R_REDIRECT;
	v.status = 301;
	v.methods = SITE_M_ANY;
	v.head.p = (const uint8_t *)head.p;
	v.head.len = head.len;
	v.location.p = (const uint8_t *)loc.p;
	v.location.len = loc.len;
	sitec_put(sc, key, klen, &v, false);
	free(loc.p);
	free(head.p);
	sc->redirects++;
}

/* The attachments and MindTouch redirects that lie in ROOT r. */
static void
sf_attachments(struct sitec *sc, const struct sf_root *r)
{
	size_t i;

	for (i = 0; i < sf_nbyid; i++)
		if (sf_byid[i].root == r->root)
			sf_put_att(sc, &sf_byid[i]);
	for (i = 0; i < sf_npages; i++)
		if (sf_pages[i].root == r->root)
			sf_put_att(sc, &sf_pages[i]);
	for (i = 0; i < r->nmt; i++)
		sf_put_mt(sc, r->mt_file, &r->mt[i]);
}

/* --- static files (spec 6) ------------------------------------------------ */

/* An entry of staticfiles.json's "paths": original -> hashed name. */
struct sf_pair {
	char *orig, *hashed;
	unsigned int line;
};

/* A manifest name: relative, no "..", no empty part. */
static bool
sf_safe_rel(const char *s)
{
	const char *p = s;
	size_t n;

	if (*s == '/')
		return false;
	for (;;) {
		n = strcspn(p, "/");
		if (n == 0 || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		if (p[n] == '\0')
			return true;
		p += n + 1;
	}
}

/* Read ROOT/static/staticfiles.json's "paths" (Django's manifest). */
static size_t
sf_manifest(struct sitec *sc, const char *dir, const char *file,
    struct sf_pair **out)
{
	struct sf_json j = { sc, file, NULL, NULL, 1 };
	struct sf_pair *v = NULL;
	size_t n = 0, len;
	bool first = true, pfirst, seen = false;
	char *text, *k, *o;

	text = sitec_read(sc, file, &len);
	j.p = text;
	j.end = text + len;
	sf_json_open(&j);
	while ((k = sf_json_member(&j, &first)) != NULL) {
		if (strcmp(k, "paths") != 0) {
			sf_json_skip(&j, 0);
			free(k);
			continue;
		}
		free(k);
		seen = true;
		pfirst = true;
		sf_json_open(&j);
		while ((o = sf_json_member(&j, &pfirst)) != NULL) {
			struct stat st;
			char *p;

			v = realloc(v, (n + 1) * sizeof *v);
			if (v == NULL)
				sitec_fail(sc, file, j.line, "out of memory");
			v[n].line = j.line;
			v[n].orig = o;
			v[n].hashed = sf_json_str(&j);
			if (!sf_safe_rel(o) || !sf_safe_rel(v[n].hashed))
				sitec_fail(sc, file, v[n].line,
				    "\"%s\": \"%s\" is not a name under static/",
				    o, v[n].hashed);
			p = sf_join(dir, v[n].hashed);
			if (!sf_is_file(p, &st))
				sitec_fail(sc, file, v[n].line,
				    "hashed name \"%s\" is not a file",
				    v[n].hashed);
			free(p);
			n++;
		}
	}
	sf_json_done(&j);
	if (!seen)
		sitec_fail(sc, file, 0, "no \"paths\" object");
	free(text);
	*out = v;
	return n;
}

/* s <rel>, the bytes of file (rel's own, or its hashed twin's). */
static void
sf_put_static(struct sitec *sc, const char *rel, const char *file,
    bool immutable)
{
	const struct sf_type *t = sf_type_of(rel, strlen(rel));
	struct sf_buf head = { 0 }, h304 = { 0 };
	uint8_t key[SITE_MAX_KEY];
	struct stat st;
	size_t klen, len;
	char *body;

	if (stat(file, &st) != 0)
		sitec_fail(sc, file, 0, "%s", strerror(errno));
	klen = sf_key(sc, key, SITE_NS_STATIC, 0, rel, file);
	/* WhiteNoise quoted the charset (charset="utf-8"); spec 15 lets
	 * that quirk go, and the plain form is what clients expect. */
	sf_add_type(&head, t, true);
	sf_add_lastmod(&head, st.st_mtime);
	sf_adds(&head, immutable ? SF_CC_IMMUTABLE : SF_CC_STATIC);
	sf_adds(&head, SF_ACAO);
	/* WhiteNoise's 304 keeps Cache-Control alone. */
	sf_adds(&h304, immutable ? SF_CC_IMMUTABLE : SF_CC_STATIC);
	body = sitec_read(sc, file, &len);
	sf_put_body(sc, key, klen, &head, &h304, SITE_F_IMS, SITE_M_STATIC,
	    st.st_mtime, NULL, NULL, NULL, body, len,
	    (t->flags & SF_T_TEXT) != 0);
	free(body);
	free(head.p);
	free(h304.p);
	sc->statics++;
}

static void
sf_static(struct sitec *sc, const char *root)
{
	char *dir = sf_join(root, "static"), *mf, **hashed;
	struct sf_pair *pairs = NULL;
	struct sf_list l = { 0 };
	struct stat st;
	size_t i, np = 0;

	if (!sf_is_dir(dir)) {
		free(dir);
		return;
	}
	mf = sf_join(dir, "staticfiles.json");
	if (sf_is_file(mf, &st))
		np = sf_manifest(sc, dir, mf, &pairs);
	hashed = sf_alloc((np + 1) * sizeof *hashed);
	for (i = 0; i < np; i++)
		hashed[i] = pairs[i].hashed;
	sf_qsort(hashed, np, sizeof *hashed, sf_strcmp);
	sf_walk(sc, dir, "", &l);
	sf_qsort(l.v, l.n, sizeof *l.v, sf_strcmp);
	for (i = 0; i < l.n; i++) {
		char *p = sf_join(dir, l.v[i]);

		/* Immutable: the names that are a manifest's output. */
		sf_put_static(sc, l.v[i], p, bsearch(&l.v[i], hashed, np,
		    sizeof *hashed, sf_strcmp) != NULL);
		free(p);
	}
	/* An original name whose file was not kept is served from its
	 * hashed twin: the same bytes by construction. */
	for (i = 0; i < np; i++) {
		char *o = sf_join(dir, pairs[i].orig);

		if (!sf_is_file(o, &st)) {
			char *h = sf_join(dir, pairs[i].hashed);

			sf_put_static(sc, pairs[i].orig, h, false);
			free(h);
		}
		free(o);
	}
	for (i = 0; i < l.n; i++)
		free(l.v[i]);
	for (i = 0; i < np; i++) {
		free(pairs[i].orig);
		free(pairs[i].hashed);
	}
	free(l.v);
	free(pairs);
	free(hashed);
	free(mf);
	free(dir);
}

/* --- legacy files (spec 8) ------------------------------------------------ */

static void
sf_put_legacy(struct sitec *sc, const char *url, const char *file)
{
	const struct sf_type *t;
	struct sf_buf head = { 0 }, h304 = { 0 };
	uint8_t key[SITE_MAX_KEY];
	struct stat st;
	size_t klen, len, n = strlen(url);
	bool gz = n > 3 && strcasecmp(url + n - 3, ".gz") == 0;
	char *body;

	if (stat(file, &st) != 0)
		sitec_fail(sc, file, 0, "%s", strerror(errno));
	klen = sf_key(sc, key, SITE_NS_FILE, SITE_HOST_MAIN, url, file);
	/* Django's static.serve: a .gz file is its inner type, gzipped.
	 * The body is sent as stored, so the encoding is part of the head
	 * here, not chosen per request. */
	t = sf_type_of(url, gz ? n - 3 : n);
	sf_add_type(&head, t, true);
	if (gz)
		sf_adds(&head, "Content-Encoding: gzip\r\n");
	sf_add_lastmod(&head, st.st_mtime);
	sf_adds(&head, SF_CC_SHARED30);
	sf_adds(&h304, SF_CC_SHARED30);
	body = sitec_read(sc, file, &len);
	sf_put_body(sc, key, klen, &head, &h304, SITE_F_IMS, SITE_M_ANY,
	    st.st_mtime, NULL, NULL, NULL, body, len,
	    !gz && (t->flags & SF_T_TEXT) != 0);
	free(body);
	free(head.p);
	free(h304.p);
	sc->files++;
}

static void
sf_legacy(struct sitec *sc, const char *root)
{
	static const char *const dirs[] = {
		"diagrams", "presentations", "samples",
	};
	size_t d, i;

	for (d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
		char *base = sf_join(root, "legacy"), *dir;
		struct sf_list l = { 0 };

		dir = sf_join(base, dirs[d]);
		free(base);
		if (sf_is_dir(dir))
			sf_walk(sc, dir, "", &l);
		sf_qsort(l.v, l.n, sizeof *l.v, sf_strcmp);
		for (i = 0; i < l.n; i++) {
			struct sf_buf url = { 0 };
			char *p = sf_join(dir, l.v[i]);

			sf_addf(&url, "/%s/", dirs[d]);
			sf_adds(&url, l.v[i]);
			sf_put_legacy(sc, url.p, p);
			free(url.p);
			free(p);
			free(l.v[i]);
		}
		free(l.v);
		free(dir);
	}
}

/* see sitec.h */
void
sitec_files(struct sitec *sc, const char *root)
{
	char *norm = sf_norm(root);
	const struct sf_root *r;

	sf_scan(sc, &root, 1);
	r = sf_root_find(norm);
	sf_attachments(sc, r);
	sf_static(sc, r->root);
	sf_legacy(sc, r->root);
	free(norm);
}

/* --- live samples (spec 5.3) --------------------------------------------- */

/* A tag of the page's HTML: [start, end) is "<...>". */
struct sf_tag {
	const char *start, *end;
	const char *name;
	size_t nlen;
	const char *attrs;	/* after the name, up to '>' */
	size_t alen;
	bool close, selfclose;
};

/* A walk over the tags of [p, end). */
struct sf_it {
	const char *p, *end;
};

static bool
sf_tag_is(const struct sf_tag *t, const char *name)
{
	return t->nlen == strlen(name) &&
	    strncasecmp(t->name, name, t->nlen) == 0;
}

/* The level of an h1..h6 tag, or 0. */
static int
sf_heading(const struct sf_tag *t)
{
	if (t->nlen == 2 && (t->name[0] == 'h' || t->name[0] == 'H') &&
	    t->name[1] >= '1' && t->name[1] <= '6')
		return t->name[1] - '0';
	return 0;
}

static const char *
sf_find(const char *p, const char *end, const char *s)
{
	size_t n = strlen(s);

	for (; end - p >= (ptrdiff_t)n; p++)
		if (strncasecmp(p, s, n) == 0)
			return p;
	return NULL;
}

/*
 * The next tag, or false at the end.  Comments, doctypes and processing
 * instructions are passed over, and so is the text of script and style,
 * where '<' is not markup.  Quotes inside a tag are honoured, so a '>' in
 * an attribute value does not end it.
 */
static bool
sf_it_next(struct sf_it *it, struct sf_tag *t)
{
	const char *p = it->p, *e = it->end, *q;
	char quote = 0;

	while (p < e && (p = memchr(p, '<', (size_t)(e - p))) != NULL) {
		if (e - p >= 4 && strncmp(p, "<!--", 4) == 0) {
			q = sf_find(p + 4, e, "-->");
			p = q ? q + 3 : e;
			continue;
		}
		t->close = p + 1 < e && p[1] == '/';
		t->name = p + 1 + t->close;
		if (t->name >= e || !isalpha((unsigned char)*t->name)) {
			if (p + 1 < e && (p[1] == '!' || p[1] == '?')) {
				q = memchr(p, '>', (size_t)(e - p));
				p = q ? q + 1 : e;
			} else
				p++;
			continue;
		}
		for (q = t->name; q < e && (isalnum((unsigned char)*q) ||
		    *q == '-' || *q == ':'); q++)
			;
		t->nlen = (size_t)(q - t->name);
		t->attrs = q;
		for (; q < e && (quote || *q != '>'); q++)
			if (quote ? *q == quote : (*q == '"' || *q == '\''))
				quote = quote ? 0 : *q;
		t->start = p;
		t->end = q < e ? q + 1 : e;
		t->alen = (size_t)(q - t->attrs);
		t->selfclose = q > t->attrs && q[-1] == '/';
		it->p = t->end;
		if (!t->close && (sf_tag_is(t, "script") ||
		    sf_tag_is(t, "style"))) {
			char endtag[10];

			snprintf(endtag, sizeof endtag, "</%.*s", (int)t->nlen,
			    t->name);
			q = sf_find(t->end, e, endtag);
			it->p = q ? q : e;
		}
		return true;
	}
	it->p = e;
	return false;
}

/* The raw value of attribute name (NULL: none). */
static const char *
sf_attr(const struct sf_tag *t, const char *name, size_t *vlen)
{
	const char *p = t->attrs, *e = t->attrs + t->alen, *n, *v;
	size_t nl;

	while (p < e) {
		while (p < e && (isspace((unsigned char)*p) || *p == '/'))
			p++;
		for (n = p; p < e && !isspace((unsigned char)*p) && *p != '='
		    && *p != '/'; p++)
			;
		nl = (size_t)(p - n);
		while (p < e && isspace((unsigned char)*p))
			p++;
		v = p;
		*vlen = 0;
		if (p < e && *p == '=') {
			for (p++; p < e && isspace((unsigned char)*p); p++)
				;
			if (p < e && (*p == '"' || *p == '\'')) {
				const char *c = memchr(p + 1, *p,
				    (size_t)(e - p - 1));

				v = p + 1;
				p = c ? c + 1 : e;
				*vlen = (size_t)((c ? c : e) - v);
			} else {
				for (v = p; p < e && !isspace((unsigned char)*p);
				    p++)
					;
				*vlen = (size_t)(p - v);
			}
		}
		if (nl == strlen(name) && strncasecmp(n, name, nl) == 0)
			return v;
		if (nl == 0 && p < e)
			p++;
	}
	return NULL;
}

/* HTML's named character references that code samples use; the others
 * stay as written. */
static const struct {
	const char *name;
	unsigned long cp;
} sf_ents[] = {
	{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
	{ "apos", '\'' }, { "nbsp", 0xa0 }, { "copy", 0xa9 },
	{ "reg", 0xae }, { "trade", 0x2122 }, { "hellip", 0x2026 },
	{ "mdash", 0x2014 }, { "ndash", 0x2013 }, { "lsquo", 0x2018 },
	{ "rsquo", 0x2019 }, { "ldquo", 0x201c }, { "rdquo", 0x201d },
	{ "laquo", 0xab }, { "raquo", 0xbb }, { "times", 0xd7 },
	{ "divide", 0xf7 }, { "middot", 0xb7 }, { "bull", 0x2022 },
	{ "deg", 0xb0 }, { "plusmn", 0xb1 }, { "sect", 0xa7 },
	{ "para", 0xb6 }, { "euro", 0x20ac }, { "pound", 0xa3 },
	{ "cent", 0xa2 }, { "yen", 0xa5 }, { "shy", 0xad },
	{ "larr", 0x2190 }, { "uarr", 0x2191 }, { "rarr", 0x2192 },
	{ "darr", 0x2193 }, { "harr", 0x2194 }, { "le", 0x2264 },
	{ "ge", 0x2265 }, { "ne", 0x2260 }, { "minus", 0x2212 },
	{ "infin", 0x221e }, { "thinsp", 0x2009 }, { "ensp", 0x2002 },
	{ "emsp", 0x2003 }, { "zwnj", 0x200c }, { "zwj", 0x200d },
	{ "lrm", 0x200e }, { "rlm", 0x200f }, { "eacute", 0xe9 },
	{ "egrave", 0xe8 }, { "agrave", 0xe0 }, { "ccedil", 0xe7 },
	{ "uuml", 0xfc }, { "ouml", 0xf6 }, { "auml", 0xe4 },
	{ "szlig", 0xdf }, { "hearts", 0x2665 }, { "check", 0x2713 },
};

/* Append s[0..n) to b with character references decoded. */
static void
sf_unescape(struct sf_buf *b, const char *s, size_t n)
{
	const char *e = s + n, *amp, *q;
	unsigned long cp;
	size_t i, k;

	while (s < e) {
		if ((amp = memchr(s, '&', (size_t)(e - s))) == NULL)
			amp = e;
		sf_add(b, s, (size_t)(amp - s));
		if ((s = amp) >= e)
			break;
		q = s + 1;
		cp = 0;
		if (q < e && *q == '#') {
			bool hex = q + 1 < e && (q[1] == 'x' || q[1] == 'X');

			for (q += 1 + hex, k = 0; q < e && (hex ?
			    hex_digit(*q) >= 0 : isdigit((unsigned char)*q)) &&
			    k < 8; q++, k++)
				cp = cp * (hex ? 16 : 10) +
				    (unsigned long)hex_digit(*q);
			if (k == 0) {
				sf_add(b, "&", 1);
				s++;
				continue;
			}
			if (q < e && *q == ';')
				q++;
			/* NUL, surrogates and beyond Unicode: U+FFFD. */
			if (cp == 0 || cp > 0x10ffff ||
			    (cp >= 0xd800 && cp < 0xe000))
				cp = 0xfffd;
			sf_utf8(b, cp);
			s = q;
			continue;
		}
		for (k = 0; q + k < e && isalnum((unsigned char)q[k]) &&
		    k < 10; k++)
			;
		for (i = 0; i < sizeof sf_ents / sizeof sf_ents[0]; i++)
			if (strlen(sf_ents[i].name) == k &&
			    strncmp(sf_ents[i].name, q, k) == 0)
				break;
		/* Without ';' only the four that browsers take bare. */
		if (i < sizeof sf_ents / sizeof sf_ents[0] && (q + k < e &&
		    q[k] == ';' ? true : i < 4)) {
			sf_utf8(b, sf_ents[i].cp);
			s = q + k + (q + k < e && q[k] == ';');
		} else {
			sf_add(b, "&", 1);
			s++;
		}
	}
}

/* HTML-escape s for the sample's title. */
static void
sf_escape(struct sf_buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': sf_adds(b, "&amp;"); break;
		case '<': sf_adds(b, "&lt;"); break;
		case '>': sf_adds(b, "&gt;"); break;
		case '"': sf_adds(b, "&quot;"); break;
		case '\'': sf_adds(b, "&#39;"); break;
		default: sf_add(b, s + i, 1);
		}
	}
}

static bool
sf_void(const struct sf_tag *t)
{
	static const char *const v[] = {
		"area", "base", "br", "col", "embed", "hr", "img", "input",
		"link", "meta", "param", "source", "track", "wbr",
	};
	size_t i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++)
		if (sf_tag_is(t, v[i]))
			return true;
	return t->selfclose;
}

/* Where the element opened by t ends: its matching close tag, or end. */
static void
sf_close_of(const struct sf_tag *t, const char *end, const char **cstart,
    const char **cend)
{
	struct sf_it it = { t->end, end };
	struct sf_tag u;
	int depth = 1;

	*cstart = *cend = t->end;
	if (sf_void(t))
		return;
	while (sf_it_next(&it, &u)) {
		if (u.nlen != t->nlen || strncasecmp(u.name, t->name,
		    t->nlen) != 0)
			continue;
		if (!u.close && !sf_void(&u))
			depth++;
		else if (u.close && --depth == 0) {
			*cstart = u.start;
			*cend = u.end;
			return;
		}
	}
	*cstart = *cend = end;
}

/* The text of [p, e): tags dropped, references decoded. */
static void
sf_text(struct sf_buf *b, const char *p, const char *e)
{
	struct sf_it it = { p, e };
	struct sf_tag t;

	while (sf_it_next(&it, &t)) {
		sf_unescape(b, p, (size_t)(t.start - p));
		p = t.end;
		/* Script and style text is text here too. */
		if (it.p > t.end) {
			sf_unescape(b, p, (size_t)(it.p - p));
			p = it.p;
		}
	}
	if (p < e)
		sf_unescape(b, p, (size_t)(e - p));
}

/* Which part a code element is: 0 html, 1 css, 2 js, -1 none. */
static int
sf_part(const struct sf_tag *t)
{
	static const char *const parts[] = { "html", "css", "js" };
	const char *c, *e, *p;
	size_t n, i, k;

	if ((c = sf_attr(t, "class", &n)) == NULL)
		return -1;
	e = c + n;
	for (p = c; p < e; p += k) {
		while (p < e && isspace((unsigned char)*p))
			p++;
		for (k = 0; p + k < e && !isspace((unsigned char)p[k]); k++)
			;
		for (i = 0; i < 3; i++)
			if (k == strlen(parts[i]) && strncmp(p, parts[i], k) == 0)
				return (int)i;
	}
	/* <pre class="brush: js; ...">, with or without the space. */
	if (!sf_tag_is(t, "pre") || (p = sf_find(c, e, "brush:")) == NULL)
		return -1;
	for (p += 6; p < e && isspace((unsigned char)*p); p++)
		;
	for (k = 0; p + k < e && isalnum((unsigned char)p[k]); k++)
		;
	for (i = 0; i < 3; i++)
		if (k == strlen(parts[i]) && strncasecmp(p, parts[i], k) == 0)
			return (int)i;
	return -1;
}

/*
 * The region of sample id in html: after a heading with that id up to
 * the next heading of its level or higher, or else the content of the
 * element with that id.  False when no element has it.
 */
static bool
sf_region(const char *html, const char *end, const char *id,
    const char **rs, const char **re)
{
	struct sf_it it = { html, end };
	struct sf_tag t;
	const char *v, *ce;
	size_t vn;
	int level;

	while (sf_it_next(&it, &t)) {
		struct sf_buf d = { 0 };
		bool match;

		if (t.close || (v = sf_attr(&t, "id", &vn)) == NULL)
			continue;
		sf_add(&d, "", 0);
		sf_unescape(&d, v, vn);
		match = strcmp(d.p, id) == 0;
		free(d.p);
		if (!match)
			continue;
		if ((level = sf_heading(&t)) == 0) {
			*rs = t.end;
			sf_close_of(&t, end, re, &ce);
			return true;
		}
		*rs = t.end;
		*re = end;
		while (sf_it_next(&it, &t))
			if (!t.close && sf_heading(&t) > 0 &&
			    sf_heading(&t) <= level) {
				*re = t.start;
				break;
			}
		return true;
	}
	return false;
}

/* The three parts of the sample in [p, e). */
static void
sf_parts(const char *p, const char *e, struct sf_buf part[3])
{
	struct sf_it it = { p, e };
	struct sf_tag t;
	const char *cs, *ce;
	int k;

	while (sf_it_next(&it, &t)) {
		if (t.close || (k = sf_part(&t)) < 0)
			continue;
		sf_close_of(&t, e, &cs, &ce);
		/* Several blocks of one part are joined by a newline. */
		if (part[k].len > 0)
			sf_add(&part[k], "\n", 1);
		sf_text(&part[k], t.end, cs);
		it.p = ce;
	}
}

/* x L 0 slug 0 id: the sample's document (spec 5.3). */
static bool
sf_put_sample(struct sitec *sc, const char *locale, const char *slug,
    const char *title, const char *html, size_t len, const char *id)
{
	struct sf_buf part[3] = { { 0 }, { 0 }, { 0 } }, doc = { 0 };
	struct sf_buf head = { 0 }, h304 = { 0 };
	uint8_t key[SITE_MAX_KEY];
	const char *rs, *re;
	char md5[33], etag[40];
	size_t klen;
	int i;

	if (!sf_region(html, html + len, id, &rs, &re))
		return false;
	klen = site_key_sample(key, sizeof key, locale, strlen(locale), slug,
	    strlen(slug), id, strlen(id));
	if (klen == 0)
		return false;
	sf_parts(rs, re, part);
	sf_adds(&doc, "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
	    "<link href=\"");
	sf_adds(&doc, sc->site_url);
	sf_adds(&doc, "/static/build/styles/samples.css\" rel=\"stylesheet\""
	    " type=\"text/css\">");
	/* Kuma's template leaves out the parts the sample lacks. */
	if (part[1].len > 0) {
		sf_adds(&doc, "<style type=\"text/css\">");
		sf_add(&doc, part[1].p, part[1].len);
		sf_adds(&doc, "</style>");
	}
	sf_adds(&doc, "<title>");
	sf_escape(&doc, title, strlen(title));
	sf_adds(&doc, " - ");
	sf_escape(&doc, id, strlen(id));
	sf_adds(&doc, " - code sample</title></head><body>");
	if (part[0].len > 0)
		sf_add(&doc, part[0].p, part[0].len);
	if (part[2].len > 0) {
		sf_adds(&doc, "<script>");
		sf_add(&doc, part[2].p, part[2].len);
		sf_adds(&doc, "</script>");
	}
	sf_adds(&doc, "</body></html>");
	sf_md5_hex(doc.p, doc.len, md5);
	snprintf(etag, sizeof etag, "\"%s\"", md5);
	sf_adds(&head, "Content-Type: text/html; charset=utf-8\r\n");
	sf_adds(&head, SF_CC_SAMPLE);
	sf_adds(&head, SF_ACAO);
	sf_adds(&h304, SF_CC_SAMPLE);
	sf_put_body(sc, key, klen, &head, &h304, SITE_F_ETAG | SITE_F_LANG,
	    SITE_M_GET, 0, NULL, locale, etag, doc.p, doc.len, true);
	for (i = 0; i < 3; i++)
		free(part[i].p);
	free(doc.p);
	free(head.p);
	free(h304.p);
	sc->samples++;
	return true;
}

static void
sf_id_add(struct sf_list *ids, char *id)
{
	size_t i;

	for (i = 0; i < ids->n; i++)
		if (strcmp(ids->v[i], id) == 0) {
			free(id);
			return;
		}
	if (id[0] == '\0')
		free(id);
	else
		sf_list_add(ids, id);
}

/* Ids from rendered iframes: class live-sample-frame, src ...$samples/ID. */
static void
sf_ids_iframes(const char *html, size_t len, struct sf_list *ids)
{
	struct sf_it it = { html, html + len };
	struct sf_tag t;
	const char *v;
	size_t n;

	while (sf_it_next(&it, &t)) {
		struct sf_buf src = { 0 };
		const char *s;

		if (t.close || !sf_tag_is(&t, "iframe") ||
		    (v = sf_attr(&t, "class", &n)) == NULL ||
		    sf_find(v, v + n, "live-sample-frame") == NULL ||
		    (v = sf_attr(&t, "src", &n)) == NULL)
			continue;
		sf_add(&src, "", 0);
		sf_unescape(&src, v, n);
		if ((s = strstr(src.p, "$samples/")) != NULL) {
			s += 9;
			sf_id_add(ids, sf_pct_decode(s, strcspn(s, "?#/")));
		}
		free(src.p);
	}
}

/* Ids from macro calls in raw sources: {{ EmbedLiveSample('ID', ...) }}. */
static void
sf_ids_macros(const char *html, size_t len, struct sf_list *ids)
{
	const char *p = html, *e = html + len, *q, *c;

	while ((p = sf_find(p, e, "{{")) != NULL) {
		for (q = p + 2; q < e && isspace((unsigned char)*q); q++)
			;
		p += 2;
		if (e - q < 15 || strncasecmp(q, "EmbedLiveSample", 15) != 0)
			continue;
		for (q += 15; q < e && isspace((unsigned char)*q); q++)
			;
		if (q >= e || *q != '(')
			continue;
		for (q++; q < e && isspace((unsigned char)*q); q++)
			;
		if (q >= e || (*q != '\'' && *q != '"'))
			continue;
		if ((c = memchr(q + 1, *q, (size_t)(e - q - 1))) == NULL)
			continue;
		sf_id_add(ids, sf_strndup(q + 1, (size_t)(c - q - 1)));
	}
}

/* see sitec.h */
void
sitec_samples(struct sitec *sc, const char *locale, const char *slug,
    const char *title, const char *html, size_t len)
{
	struct sf_list ids = { 0 };
	size_t i;

	sf_ids_iframes(html, len, &ids);
	sf_ids_macros(html, len, &ids);
	/* An id the page embeds but does not hold (a sample of another
	 * page, or a typo) has no record: Kuma answered it with nothing
	 * useful either. */
	for (i = 0; i < ids.n; i++) {
		(void)sf_put_sample(sc, locale, slug, title, html, len,
		    ids.v[i]);
		free(ids.v[i]);
	}
	free(ids.v);
}
