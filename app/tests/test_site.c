/*
 * test_site.c: the request path (app/) end to end, without a network:
 * a site store is written into a temporary file with the store.h and
 * site.h write API (no compiler), requests are parsed with http_parse()
 * and answered by app_handle(), and each case checks the status, the
 * stored and extra head lines, the body, and that every reply's release
 * comes back (app_reads_open() returns to 0).  Silent on success.
 *
 *   test_site [all|hosts|static|redirects|locale|docs|conditional|
 *              encoding|methods|pages|untrusted|errors|release]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "check.h"
#include "err.h"
#include "http.h"
#include "site.h"
#include "store.h"
#include "../internal.h"	/* the compat block, until rurl.h lands */

#define S(x)	{ (const uint8_t *)(x), sizeof(x) - 1 }

static struct config site_cf = {
	.host = "localhost",
	.att_host = "attachments.localhost",
	.host_aliases = { .name = { "wiki.localhost" }, .n = 1 },
	.att_aliases = { .name = { "demos-origin.localhost" }, .n = 1 },
};

static struct store st;
static char store_path[] = "/tmp/test_site.XXXXXX";

/* --- the store -------------------------------------------------------- */

static void
put(struct store_write *wr, const uint8_t *key, size_t kl,
    const struct site_view *v)
{
	static uint8_t buf[16384];
	size_t need;

	CHECK(kl > 0, "key");
	CHECK(site_rec_encode(v, buf, sizeof buf, &need) == RC_OK, "encode");
	CHECK(store_put(&st, wr, key, kl, buf, need) == RC_OK, "put");
}

static void
put_doc(struct store_write *wr, const char *l, const char *slug,
    const char *view, const struct site_view *v)
{
	uint8_t key[SITE_MAX_KEY];

	put(wr, key, site_key_doc(key, sizeof key, l, strlen(l), slug,
	    strlen(slug), view), v);
}

static void
put_key(struct store_write *wr, char ns, char host, const char *s,
    const struct site_view *v)
{
	uint8_t key[SITE_MAX_KEY];

	put(wr, key, site_key(key, sizeof key, ns, host, s, strlen(s)), v);
}

#define DOC_HEAD "Content-Type: text/html; charset=utf-8\r\n" \
	"Cache-Control: public, max-age=0, s-maxage=300\r\nVary: Cookie\r\n" \
	"X-Frame-Options: DENY\r\n"
#define DOC_304 "Cache-Control: public, max-age=0, s-maxage=300\r\n" \
	"Vary: Cookie\r\n"
#define CSS_HEAD "Content-Type: text/css\r\nLast-Modified: Sun, 06 Nov 1994 " \
	"08:49:37 GMT\r\nCache-Control: max-age=604800, public\r\n"
#define NEVER_HEAD "Content-Type: text/html; charset=utf-8\r\n" \
	"Cache-Control: max-age=0, no-cache, no-store, must-revalidate\r\n"
#define IMS_TIME 784111777	/* Sun, 06 Nov 1994 08:49:37 GMT */

static const char doc_body[] = "<html>HTTP</html>";

static void
build_docs(struct store_write *wr)
{
	struct site_view v = {
		.kind = SITE_R_BODY, .status = 200,
		.flags = SITE_F_ETAG | SITE_F_LANG, .methods = SITE_M_DOC,
		.head = S(DOC_HEAD), .head304 = S(DOC_304), .etag = S("\"abc\""),
		.name = S("en-US/Web/HTTP"),
		.aux = S("fr\0Web/HTTP_fr\0ja\0Web/HTTP\0"),
		.body = { S("<html>HTTP</html>"), S("GZ"), S("BR") },
	};

	put_doc(wr, "en-US", "Web/HTTP", NULL, &v);
	v.aux = (struct site_bytes){ 0 };
	v.name = (struct site_bytes)S("fr/Web/HTTP_fr");
	v.body[0] = (struct site_bytes)S("<html>fr</html>");
	v.body[1] = v.body[2] = (struct site_bytes){ 0 };
	put_doc(wr, "fr", "Web/HTTP_fr", NULL, &v);
	v.name = (struct site_bytes)S("en-US/User:Bob");
	put_doc(wr, "en-US", "User:Bob", NULL, &v);
	v.flags = SITE_F_ETAG;
	v.body[0] = (struct site_bytes)S("raw fragment");
	put_doc(wr, "en-US", "Web/HTTP", SITE_VIEW_RAW, &v);
	v.methods = SITE_M_GET;
	v.head = (struct site_bytes)S("Content-Type: application/json\r\n"
	    "Cache-Control: public, max-age=0, s-maxage=300\r\n");
	v.body[0] = (struct site_bytes)S("{\"title\":\"HTTP\"}");
	put_doc(wr, "en-US", "Web/HTTP", SITE_VIEW_JSON, &v);
	v.body[0] = (struct site_bytes)S("{\"api\":1}");
	v.methods = SITE_M_GET_HEAD;
	put_doc(wr, "en-US", "Web/HTTP", SITE_VIEW_API, &v);
	/* A redirect document (spec 4.3). */
	v = (struct site_view){
		.kind = SITE_R_DOC_REDIRECT, .status = 301,
		.flags = SITE_F_ETAG | SITE_F_QUERY_MERGE | SITE_F_LANG,
		.methods = SITE_M_DOC, .head = S(DOC_HEAD),
		.head304 = S(DOC_304), .etag = S("\"red\""),
		.location = S("/en-US/docs/MDN/About/Promote"),
		.name = S("en-US/MDN/Promote"),
		.body = { S("REDIRECT <a class=\"redirect\" href=\"/en-US/docs/"
		    "MDN/About/Promote\">Promote</a>") },
	};
	put_doc(wr, "en-US", "MDN/Promote", NULL, &v);
}

static void
build_files(struct store_write *wr)
{
	struct site_view v = {
		.kind = SITE_R_BODY, .status = 200, .flags = SITE_F_IMS,
		.methods = SITE_M_STATIC, .mtime = IMS_TIME,
		.head = S(CSS_HEAD),
		.head304 = S("Cache-Control: max-age=604800, public\r\n"),
		.body = { S("body{}") },
	};

	put_key(wr, SITE_NS_STATIC, 0, "build/app.css", &v);
	v.methods = SITE_M_GET_HEAD;
	v.head = (struct site_bytes)S("Content-Type: application/xml\r\n");
	v.body[0] = (struct site_bytes)S("<urlset/>");
	put_key(wr, SITE_NS_FILE, SITE_HOST_MAIN, "/sitemap.xml", &v);
	v.flags = SITE_F_ETAG;
	v.etag = (struct site_bytes)S("\"r1\"");
	v.methods = SITE_M_ANY;
	v.head = (struct site_bytes)S("Content-Type: text/plain\r\n");
	v.body[0] = (struct site_bytes)S("User-agent: *\nSitemap: x\n");
	put_key(wr, SITE_NS_FILE, SITE_HOST_MAIN, "/robots.txt", &v);
	v.body[0] = (struct site_bytes)S("User-Agent: *\nDisallow: /\n");
	put_key(wr, SITE_NS_FILE, SITE_HOST_OTHER, "/robots.txt", &v);
	v.etag = (struct site_bytes)S("\"d41d8cd98f00b204e9800998ecf8427e\"");
	v.body[0] = (struct site_bytes){ 0 };
	put_key(wr, SITE_NS_FILE, SITE_HOST_UNTRUSTED, "/robots.txt", &v);
	v.flags = 0;
	v.body[0] = (struct site_bytes)S("home");
	put_key(wr, SITE_NS_FILE, SITE_HOST_MAIN, "/en-US/", &v);
	v.body[0] = (struct site_bytes)S("<rss/>");
	put_key(wr, SITE_NS_FILE, SITE_HOST_MAIN, "/en-US/docs/feeds/rss/all",
	    &v);
	v.body[0] = (struct site_bytes)S("PNG");
	v.head = (struct site_bytes)S("Content-Type: image/png\r\n"
	    "Cache-Control: public, max-age=900\r\n");
	v.name = (struct site_bytes)S("logo.png");
	put_key(wr, SITE_NS_ATT, 0, "1001", &v);
	v = (struct site_view){
		.kind = SITE_R_REDIRECT, .status = 302, .methods = SITE_M_ANY,
		.head = S("Cache-Control: public, max-age=0, s-maxage=2592000"
		    "\r\n"),
		.location = S("https://localhost/static/img/favicon32.png"),
	};
	put_key(wr, SITE_NS_FILE, SITE_HOST_MAIN, "/favicon.ico", &v);
	v.status = 301;
	v.location = (struct site_bytes)S("https://attachments.localhost/"
	    "files/1001/logo.png");
	put_key(wr, SITE_NS_MT, 0, "42", &v);
	v = (struct site_view){
		.kind = SITE_R_BODY, .status = 200, .flags = SITE_F_ETAG,
		.methods = SITE_M_GET, .etag = S("\"s1\""),
		.head = S("Content-Type: text/html; charset=utf-8\r\n"
		    "Cache-Control: public, max-age=86400\r\n"),
		.body = { S("<!DOCTYPE html>sample") },
	};
	{
		uint8_t key[SITE_MAX_KEY];

		put(wr, key, site_key_sample(key, sizeof key, "en-US", 5,
		    "Web/HTTP", 8, "Example", 7), &v);
	}
}

static void
build_errors(struct store_write *wr)
{
	struct site_view v = {
		.kind = SITE_R_BODY, .status = 404,
		.flags = SITE_F_LANG | SITE_F_EXPIRES_NOW,
		.methods = SITE_M_ANY, .head = S(NEVER_HEAD),
		.body = { S("<h1>site 404</h1>") },
	};

	put_key(wr, SITE_NS_ERROR, SITE_HOST_MAIN, "404", &v);
	v.body[0] = (struct site_bytes)S("<h1>fr 404</h1>");
	put_key(wr, SITE_NS_ERROR, SITE_HOST_MAIN, "404fr", &v);
	v.body[0] = (struct site_bytes)S("<h1>u 404</h1>");
	put_key(wr, SITE_NS_ERROR, SITE_HOST_UNTRUSTED, "404", &v);
	v.status = 403;
	v.body[0] = (struct site_bytes)S("<h1>site 403</h1>");
	put_key(wr, SITE_NS_ERROR, SITE_HOST_MAIN, "403", &v);
	v.status = 500;
	v.body[0] = (struct site_bytes)S("<h1>site 500</h1>");
	put_key(wr, SITE_NS_ERROR, SITE_HOST_MAIN, "500", &v);
	v = (struct site_view){
		.kind = SITE_R_META, .status = 200,
		.aux = S("content_id=abc123\ndocument_count=7\n"
		    "search_count=5\n"),
	};
	put(wr, (const uint8_t *)SITE_K_META, 1, &v);
}

static bool
store_setup(void)
{
	struct store_write wr;
	int fd = mkstemp(store_path);

	if (fd < 0)
		return false;
	close(fd);
	unlink(store_path);
	if (store_open(&st, store_path, 1 << 22, 0) != RC_OK ||
	    store_write_begin(&st, &wr) != RC_OK)
		return false;
	build_docs(&wr);
	build_files(&wr);
	build_errors(&wr);
	if (store_write_commit(&wr) != RC_OK)
		return false;
	store_close(&st);
	if (store_open(&st, store_path, 0, STORE_RDONLY) != RC_OK)
		return false;
	app_init(&st, &site_cf, false);
	return true;
}

/* --- one request ------------------------------------------------------ */

static struct http_request req;
static char raw[8192];
static struct {
	int status;
	char head[4096];	/* stored lines, then extra lines */
	char body[8192];
	size_t len;
	bool expires;
	int32_t expires_s;
	bool typed;		/* rep.type set */
} got;
static int replies, released;

static enum http_method
method_of(const char *m)
{
	static const struct { const char *s; enum http_method m; } t[] = {
		{ "GET", HTTP_M_GET }, { "HEAD", HTTP_M_HEAD },
		{ "POST", HTTP_M_POST }, { "PUT", HTTP_M_PUT },
		{ "DELETE", HTTP_M_DELETE }, { "PATCH", HTTP_M_PATCH },
		{ "OPTIONS", HTTP_M_OPTIONS },
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		if (strcmp(m, t[i].s) == 0)
			return t[i].m;
	return HTTP_M_UNKNOWN;
}

/* The reply, not yet released (for the release test). */
static struct http_reply held;

/*
 * Answer "method target" with Host host ("-": HTTP/1.0 without one) and
 * more header lines hdrs (CRLF-terminated, or NULL); keep the reply in
 * held when keep, else copy it into got and release it.
 */
static int
ask2(const char *method, const char *target, const char *host,
    const char *hdrs, bool keep)
{
	struct http_reply rep;
	size_t hl;
	int n;

	if (strcmp(host, "-") == 0)
		n = snprintf(raw, sizeof raw, "%s %s HTTP/1.0\r\n%s\r\n",
		    method, target, hdrs != NULL ? hdrs : "");
	else
		n = snprintf(raw, sizeof raw, "%s %s HTTP/1.1\r\nHost: %s\r\n"
		    "%s\r\n", method, target, host, hdrs != NULL ? hdrs : "");
	if (http_parse(&req, raw, (size_t)n) != RC_OK)
		return -1;
	req.method = method_of(method);
	memset(&rep, 0, sizeof rep);
	app_handle(NULL, &req, &rep);
	replies++;
	memset(&got, 0, sizeof got);
	got.status = rep.status;
	got.expires = rep.expires;
	got.expires_s = rep.expires_s;
	got.typed = rep.type != NULL;
	hl = rep.head_len < sizeof got.head / 2 ? rep.head_len : 0;
	if (rep.head != NULL)
		memcpy(got.head, rep.head, hl);
	if (rep.extra != NULL)
		snprintf(got.head + hl, sizeof got.head - hl, "%s", rep.extra);
	got.len = rep.len;
	if (rep.len < sizeof got.body)
		memcpy(got.body, rep.body, rep.len);
	if (keep) {
		held = rep;
		return rep.status;
	}
	if (rep.release != NULL) {
		rep.release(rep.arg);
		released++;
	} else {
		released++;	/* nothing to give back */
	}
	return rep.status;
}

static int
ask(const char *method, const char *target, const char *host,
    const char *hdrs)
{
	return ask2(method, target, host, hdrs, false);
}

/* Does the answer's head have this whole line (without CRLF)? */
static bool
has(const char *line)
{
	char want[1024];

	snprintf(want, sizeof want, "%s\r\n", line);
	return strstr(got.head, want) != NULL;
}

/* Does the head have a line starting so? */
static bool
has_prefix(const char *start)
{
	const char *p = got.head;
	size_t n = strlen(start);

	if (strncmp(p, start, n) == 0)
		return true;
	while ((p = strstr(p, "\r\n")) != NULL) {
		p += 2;
		if (strncmp(p, start, n) == 0)
			return true;
	}
	return false;
}

static bool
body_is(const char *b)
{
	return got.len == strlen(b) && memcmp(got.body, b, got.len) == 0;
}

/*
 * A table case: the answer's status, up to three lines it must have
 * ("!Name:" means no line starts with "Name:"), and the body (NULL: not
 * compared).
 */
struct tcase {
	const char *method, *target, *host, *hdrs;
	int status;
	const char *lines[3];
	const char *body;
};

static void
run(const struct tcase *t, size_t n)
{
	char name[256];
	size_t i, j;

	for (i = 0; i < n; i++) {
		const struct tcase *c = &t[i];

		snprintf(name, sizeof name, "%s %s (%s%s%.40s)", c->method,
		    c->target, c->host, c->hdrs != NULL ? "; " : "",
		    c->hdrs != NULL ? c->hdrs : "");
		CHECK(ask(c->method, c->target, c->host, c->hdrs) == c->status,
		    name);
		for (j = 0; j < 3 && c->lines[j] != NULL; j++)
			if (c->lines[j][0] == '!')
				CHECK(!has_prefix(c->lines[j] + 1), name);
			else
				CHECK(has(c->lines[j]), name);
		if (c->body != NULL)
			CHECK(body_is(c->body), name);
	}
}

#define N(t)	(sizeof(t) / sizeof((t)[0]))
#define L	"localhost"
#define U	"attachments.localhost"
#define SHARED300 "Cache-Control: public, max-age=0, s-maxage=300"
#define NEVER	"Cache-Control: max-age=0, no-cache, no-store, must-revalidate"

/* --- the cases -------------------------------------------------------- */

static void
test_hosts(void)
{
	static const struct tcase t[] = {
		{ "GET", "/en-US/docs/Web/HTTP", L, 0, 200,
		    { "Content-Language: en-US", "ETag: \"abc\"" }, doc_body },
		{ "GET", "/en-US/docs/Web/HTTP", "LOCALHOST:8080", 0, 200,
		    { 0 }, doc_body },
		{ "GET", "/en-US/docs/Web/HTTP", "localhost.", 0, 200, { 0 },
		    doc_body },
		{ "GET", "/en-US/docs/Web/HTTP", "wiki.localhost", 0, 200,
		    { 0 }, doc_body },
		{ "GET", "/en-US/docs/Web/HTTP", "-", 0, 200, { 0 }, doc_body },
		{ "GET", "/en-US/docs/Web/HTTP", "evil.example", 0, 400,
		    { "!Cache-Control" }, "<h1>Bad Request (400)</h1>" },
		{ "GET", "/healthz", "evil.example", 0, 400, { 0 }, NULL },
		{ "GET", "/healthz", "10.0.2.15", 0, 204, { NEVER }, "" },
		{ "GET", "/readiness", "127.0.0.1:8080", 0, 204, { NEVER },
		    "" },
		{ "GET", "/healthz/", "[::1]:80", 0, 204, { 0 }, "" },
		{ "GET", "/en-US/docs/Web/HTTP", "10.0.2.15", 0, 400, { 0 },
		    "<h1>Bad Request (400)</h1>" },
		{ "GET", "/en-US/docs/Web/HTTP", U, 0, 404, { 0 },
		    "<h1>u 404</h1>" },
		{ "GET", "/en-US/docs/Web/HTTP", "Demos-Origin.Localhost", 0,
		    404, { 0 }, "<h1>u 404</h1>" },
		{ "GET", "/healthz", U, 0, 404, { 0 }, "<h1>u 404</h1>" },
		{ "GET", "/en-US/docs/a%zz", L, 0, 400, { 0 }, NULL },
		{ "GET", "/en-US/docs/a%00b", L, 0, 400, { 0 }, NULL },
	};

	run(t, N(t));
	CHECK(got.typed, "the 400 has a Content-Type");
}

static void
test_static(void)
{
	static const struct tcase t[] = {
		{ "GET", "/static/build/app.css", L, 0, 200,
		    { "Content-Type: text/css", "!ETag", "!Content-Language" },
		    "body{}" },
		{ "GET", "/static/build/app.css", "wiki.localhost", 0, 200,
		    { 0 }, "body{}" },
		{ "HEAD", "/static/build/app.css", L, 0, 200, { 0 }, NULL },
		{ "GET", "/static/build/app.css?v=1", L, 0, 200, { 0 },
		    "body{}" },
		{ "GET", "/static/build/App.css", L, 0, 404, { 0 },
		    "<h1>site 404</h1>" },
		{ "GET", "/static/build/app.css", U, 0, 404, { 0 },
		    "<h1>u 404</h1>" },
		{ "POST", "/static/build/app.css", L, 0, 405,
		    { "Allow: GET, HEAD" }, "" },
		{ "OPTIONS", "/static/build/app.css", L, 0, 405,
		    { "Allow: GET, HEAD" }, "" },
	};

	run(t, N(t));
}

#if __has_include("rurl.h")
/* The real table (spec 4.2 examples). */
static void
test_redirects(void)
{
	static const struct tcase t[] = {
		{ "GET", "/media/css/mdn-min.css", L, 0, 301,
		    { "Location: /static/build/styles/mdn.css",
		    "Cache-Control: max-age=43200" }, "" },
		{ "GET", "/en-US/Firefox", L, 0, 302,
		    { "Location: /en-US/docs/Mozilla/Firefox",
		    "Cache-Control: max-age=0, public, s-maxage=604800" },
		    "" },
		{ "GET", "/samples/canvas-tutorial/2_1_canvas_rect.html", U, 0,
		    301, { 0 }, "" },
	};

	run(t, N(t));
	CHECK(got.expires && got.expires_s == 43200, "Expires + 12 h");
}
#else
/* A stand-in table: two rules, to test how the handler answers. */
bool
rurl_match(const char *path, size_t len, const char *query, size_t qlen,
    char *out, size_t cap, struct rurl_result *res)
{
	int n;

	if (len == 4 && memcmp(path, "/old", 4) == 0) {
		n = snprintf(out, cap, "/new%s%.*s", qlen > 0 ? "?" : "",
		    (int)qlen, query);
		res->status = 301;
		res->cache = RURL_CACHE_12H;
	} else if (len == 6 && memcmp(path, "/zone/", 6) == 0) {
		n = snprintf(out, cap, "/en-US/docs/Zone");
		res->status = 302;
		res->cache = RURL_CACHE_ZONE;
	} else {
		return false;
	}
	res->loc_len = (size_t)n;
	return true;
}

static void
test_redirects(void)
{
	static const struct tcase t[] = {
		{ "GET", "/old?a=1", L, 0, 301,
		    { "Location: /new?a=1", "Cache-Control: max-age=43200",
		    "!X-Frame-Options" }, "" },
		{ "GET", "/old", U, 0, 301, { "Location: /new" }, "" },
		{ "GET", "/zone/", L, 0, 302, { "Location: /en-US/docs/Zone",
		    "Cache-Control: max-age=0, public, s-maxage=604800" }, "" },
	};

	run(t, N(t));
	CHECK(got.expires && got.expires_s == 43200, "Expires + 12 h");
}
#endif

/* Spec 3.2 and 3.3, their example tables as given. */
static void
test_locale(void)
{
	static const struct tcase t[] = {
		{ "GET", "/fr/?lang=fr", L, 0, 302,
		    { "Location: /fr/", SHARED300 }, "" },
		{ "GET", "/en-US/docs/Web/HTTP?lang=de&x=1", L, 0, 302,
		    { "Location: /de/docs/Web/HTTP?x=1" }, "" },
		{ "GET", "/docs/Web?lang=pt-BR", U, 0, 302,
		    { "Location: /pt-BR/docs/Web" }, "" },
		{ "GET", "/docs/Web/HTML", L, 0, 302,
		    { "Location: /en-US/docs/Web/HTML", SHARED300,
		    "!Vary" }, "" },
		{ "GET", "/", L, "Accept-Language: fr\r\n", 301,
		    { "Location: /fr/", SHARED300 }, "" },
		{ "GET", "/", L, "Cookie: django_language=bn-BD\r\n"
		    "Accept-Language: fr\r\n", 301, { "Location: /bn-BD/" },
		    "" },
		{ "GET", "/", L, "Accept-Language: qaz-ZZ, qaz;q=0.5\r\n", 301,
		    { "Location: /en-US/" }, "" },
		{ "GET", "/", L, "Accept-Language: zh-Hant\r\n", 301,
		    { "Location: /zh-TW/" }, "" },
		{ "GET", "/", L, "Accept-Language: de;q=0.5, ja\r\n", 301,
		    { "Location: /ja/" }, "" },
		{ "GET", "/", L, "Accept-Language: *, fr\r\n", 301,
		    { "Location: /en-US/" }, "" },
		{ "GET", "/", L, "Accept-Language: pt\r\n", 301,
		    { "Location: /pt-PT/" }, "" },
		{ "GET", "/?x=1", L, 0, 301, { "Location: /en-US/?x=1" }, "" },
		{ "GET", "/index.php", L, 0, 404, { 0 }, "<h1>site 404</h1>" },
		{ "GET", "/patches", L, 0, 404, { 0 }, NULL },
		{ "GET", "/patches/foo", L, 0, 404, { 0 }, NULL },
		{ "GET", "/web-tech", L, 0, 404, { 0 }, NULL },
		{ "GET", "/web-tech/feed/atom/", L, 0, 404, { 0 }, NULL },
		{ "GET", "/css/wiki.css", L, 0, 404, { 0 }, NULL },
		{ "GET", "/xx/", L, 0, 404, { 0 }, NULL },
		{ "GET", "/en-us/", L, 0, 302, { "Location: /en-US/",
		    SHARED300 }, "" },
		{ "GET", "/En/", L, 0, 302, { "Location: /en-US/" }, "" },
		{ "GET", "/en/", L, 0, 302, { "Location: /en-US/" }, "" },
		{ "GET", "/fr-FR/", L, 0, 302, { "Location: /fr/" }, "" },
		{ "GET", "/Fr-fr/", L, 0, 302, { "Location: /fr/" }, "" },
		{ "GET", "/pt/", L, 0, 302, { "Location: /pt-PT/" }, "" },
		{ "GET", "/PT/", L, 0, 302, { "Location: /pt-PT/" }, "" },
		{ "GET", "/cn/", L, 0, 302, { "Location: /zh-CN/" }, "" },
		{ "GET", "/zh-Hans/", L, 0, 302, { "Location: /zh-CN/" }, "" },
		{ "GET", "/zh_tw/", L, 0, 302, { "Location: /zh-TW/" }, "" },
		{ "GET", "/en/docs/Web/CSS/Attribute_selectors", L, 0, 302,
		    { "Location: /en-US/docs/Web/CSS/Attribute_selectors" },
		    "" },
		{ "GET", "/cn/docs/Talk:Kakurady", L, 0, 302,
		    { "Location: /zh-CN/docs/Talk:Kakurady" }, "" },
		{ "GET", "/zh_cn/docs/Web/API/RTCPeerConnection/addTrack", L, 0,
		    302, { "Location: /zh-CN/docs/Web/API/RTCPeerConnection/"
		    "addTrack" }, "" },
		{ "GET", "/contribute.json/", L, 0, 301,
		    { "Location: /contribute.json", "!Cache-Control" }, "" },
		{ "GET", "/contribute.json/?xxx=%C3%83", L, 0, 301,
		    { "Location: /contribute.json?xxx=%C3%83" }, "" },
		{ "GET", "/en-US", L, 0, 301, { "Location: /en-US/" }, "" },
		{ "GET", "/en-US/search/", L, 0, 301,
		    { "Location: /en-US/search" }, "" },
		{ "GET", "/en-US/docs/Web/HTML$history/", L, 0, 301,
		    { "Location: /en-US/docs/Web/HTML$history" }, "" },
		{ "GET", "/docs/X$samples/Y", U, 0, 302,
		    { "Location: /en-US/docs/X$samples/Y" }, "" },
		{ "GET", "/", U, 0, 404, { 0 }, "<h1>u 404</h1>" },
	};

	run(t, N(t));
}

static void
test_docs(void)
{
	static const struct tcase t[] = {
		{ "GET", "/en-US/docs/web/http", L, 0, 200, { 0 }, doc_body },
		{ "GET", "/en-US/docs/Web/HTTP?raw", L, 0, 200, { 0 },
		    "raw fragment" },
		{ "GET", "/en-US/docs/Web/HTTP$json", L, 0, 200,
		    { "Content-Type: application/json" },
		    "{\"title\":\"HTTP\"}" },
		{ "HEAD", "/en-US/docs/Web/HTTP$json", L, 0, 405,
		    { "Allow: GET", "Cache-Control: public, max-age=0, "
		    "s-maxage=300" }, "" },
		{ "GET", "/en-US/docs/Web/HTTP$toc", L, 0, 404, { 0 }, NULL },
		{ "GET", "/en-US/docs/Web/HTTP$bogus", L, 0, 404, { 0 }, NULL },
		{ "GET", "/en-US/docs/Web/HTTP/?a=b", L, 0, 301,
		    { "Location: /en-US/docs/Web/HTTP?a=b" }, "" },
		{ "GET", "/en-US/docs/fr/Web/HTML", L, 0, 301,
		    { "Location: /fr/docs/Web/HTML" }, "" },
		{ "GET", "/en-US/docs/en/Foo", L, 0, 301,
		    { "Location: /en-US/docs/Foo" }, "" },
		{ "GET", "/en-US/docs/en-US/", L, 0, 404, { 0 }, NULL },
		{ "GET", "/en-US/docs/Web/HTML$edit", L, 0, 302,
		    { "Location: /en-US/users/signin?next=/en-US/docs/Web/"
		    "HTML%24edit", NEVER }, "" },
		{ "GET", "/de/docs/A$revert/12", L, 0, 302,
		    { "Location: /de/users/signin?next=/de/docs/A%24revert/"
		    "12" }, "" },
		{ "GET", "/en-US/docs/Web/HTTP$subscribe", L, 0, 405,
		    { "Allow: POST" }, "" },
		{ "GET", "/en-US/docs/Web/HTTP$samples/Example", L, 0, 403,
		    { 0 }, "<h1>site 403</h1>" },
		{ "GET", "/en-US/docs/Web/HTTP$samples/Example/files/1001/a.png",
		    L, 0, 302, { "Location: https://attachments.localhost/"
		    "files/1001/a.png", "Cache-Control: public, max-age=432000"
		    }, "" },
		{ "GET", "/fr/docs/Web/HTTP?x", L, 0, 302,
		    { "Location: /fr/docs/Web/HTTP_fr?x", SHARED300 }, "" },
		{ "GET", "/de/docs/Web/HTTP", L, 0, 200,
		    { "Content-Language: de",
		    "X-Robots-Tag: noindex, nofollow" }, doc_body },
		{ "HEAD", "/de/docs/Web/HTTP", L, 0, 404, { 0 }, NULL },
		{ "GET", "/de/docs/Web/HTTP?raw", L, 0, 200,
		    { "Content-Language: de" }, "raw fragment" },
		{ "GET", "/en-US/docs/MDN/Promote?raw", L, 0, 301,
		    { "Location: /en-US/docs/MDN/About/Promote?raw=",
		    "ETag: \"d41d8cd98f00b204e9800998ecf8427e\"" }, "" },
		{ "GET", "/en-US/docs/MDN/Promote$children", L, 0, 200,
		    { SHARED300 },
		    "{\"error\": \"Document has moved.\"}" },
		{ "GET", "/en-US/docs/Nope$children", L, 0, 200, { SHARED300 },
		    "{\"error\": \"Document does not exist.\"}" },
		{ "GET", "/en-US/docs/MDN/Promote$json", L, 0, 404, { 0 },
		    NULL },
		{ "GET", "/en-US/maintenance-mode", L, 0, 302,
		    { "Location: /en-US/", NEVER }, "" },
		{ "GET", "/en-US/docs/MDN/Promote?redirect=no", L, 0, 200,
		    { "ETag: \"red\"" }, NULL },
		{ "GET", "/en-US/docs/Nope", L, 0, 404,
		    { "Content-Language: en-US" }, "<h1>site 404</h1>" },
		{ "GET", "/fr/docs/Nope", L, 0, 404,
		    { "Content-Language: fr" }, "<h1>fr 404</h1>" },
		{ "GET", "/api/v1/doc/en-US/Web/HTTP", L, 0, 200, { 0 },
		    "{\"api\":1}" },
		{ "GET", "/api/v1/doc/en-US/Nope", L, 0, 404, { 0 }, NULL },
		{ "GET", "/en-US/docs.json?slug=Web/HTTP", L, 0, 200, { 0 },
		    "{\"title\":\"HTTP\"}" },
		{ "GET", "/en-US/docs.json", L, 0, 400, { SHARED300 }, "" },
		{ "GET", "/en-US/docs.json?title=HTTP", L, 0, 404, { 0 },
		    NULL },
		{ "GET", "/Web/HTTP", L, 0, 301,
		    { "Location: /en-US/docs/Web/HTTP",
		    "Cache-Control: public, max-age=0, s-maxage=2592000" },
		    "" },
		{ "GET", "/en-US/web/http", L, 0, 301,
		    { "Location: /en-US/docs/Web/HTTP" }, "" },
		{ "GET", "/Talk:en/Foo", L, 0, 301,
		    { "Location: /en-US/docs/Talk:Foo" }, "" },
		{ "GET", "/User:Bob?view=edit", L, 0, 301,
		    { "Location: /en-US/docs/User:Bob$edit" }, "" },
		{ "GET", "/Template:MindTouch/x", L, 0, 404, { 0 }, NULL },
	};

	run(t, N(t));
}

static void
test_conditional(void)
{
	static const struct tcase t[] = {
		{ "GET", "/en-US/docs/Web/HTTP", L, "If-None-Match: \"abc\"\r\n",
		    304, { "ETag: \"abc\"", "!Content-Type", "Vary: Cookie" },
		    "" },
		{ "GET", "/en-US/docs/Web/HTTP", L,
		    "If-None-Match: W/\"abc\"\r\n", 304, { 0 }, "" },
		{ "GET", "/en-US/docs/Web/HTTP", L,
		    "If-None-Match: \"x\", \"abc\"\r\n", 304, { 0 }, "" },
		{ "GET", "/en-US/docs/Web/HTTP", L, "If-None-Match: *\r\n",
		    304, { 0 }, "" },
		{ "HEAD", "/en-US/docs/Web/HTTP", L,
		    "If-None-Match: \"abc\"\r\n", 304, { "!ETag" }, "" },
		{ "GET", "/en-US/docs/Web/HTTP", L, "If-None-Match: \"x\"\r\n",
		    200, { 0 }, doc_body },
		{ "GET", "/en-US/docs/Web/HTTP", L, "If-Modified-Since: Sun, 06 "
		    "Nov 2094 08:49:37 GMT\r\n", 200, { 0 }, doc_body },
		{ "GET", "/static/build/app.css", L, "If-Modified-Since: Sun, "
		    "06 Nov 1994 08:49:37 GMT\r\n", 304,
		    { "Cache-Control: max-age=604800, public",
		    "!Last-Modified" }, "" },
		{ "GET", "/static/build/app.css", L, "If-Modified-Since: Sunday,"
		    " 06-Nov-94 08:49:37 GMT\r\n", 304, { 0 }, "" },
		{ "GET", "/static/build/app.css", L, "If-Modified-Since: Sun Nov"
		    "  6 08:49:37 1994\r\n", 304, { 0 }, "" },
		{ "GET", "/static/build/app.css", L, "If-Modified-Since: Sun, 06"
		    " Nov 1994 08:49:36 GMT\r\n", 200, { 0 }, "body{}" },
		{ "GET", "/static/build/app.css", L,
		    "If-Modified-Since: yesterday\r\n", 200, { 0 }, "body{}" },
		{ "GET", "/static/build/app.css", L, "If-None-Match: *\r\n"
		    "If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT\r\n", 200,
		    { 0 }, "body{}" },
	};

	run(t, N(t));
}

static void
test_encoding(void)
{
	static const struct tcase t[] = {
		{ "GET", "/en-US/docs/Web/HTTP", L, "Accept-Encoding: gzip\r\n",
		    200, { "Content-Encoding: gzip", "ETag: W/\"abc\"" },
		    "GZ" },
		{ "GET", "/en-US/docs/Web/HTTP", L,
		    "Accept-Encoding: gzip, deflate, br\r\n", 200,
		    { "Content-Encoding: br" }, "BR" },
		{ "GET", "/en-US/docs/Web/HTTP", L,
		    "Accept-Encoding: br;q=0, gzip\r\n", 200,
		    { "Content-Encoding: gzip" }, "GZ" },
		{ "GET", "/en-US/docs/Web/HTTP", L,
		    "Accept-Encoding: gzip;q=0.5, identity\r\n", 200,
		    { "!Content-Encoding" }, doc_body },
		{ "GET", "/en-US/docs/Web/HTTP", L,
		    "Accept-Encoding: br;q=0.4, gzip;q=0.6\r\n", 200,
		    { "Content-Encoding: gzip" }, "GZ" },
		{ "GET", "/en-US/docs/Web/HTTP", L, "Accept-Encoding: *\r\n",
		    200, { "Content-Encoding: br" }, "BR" },
		{ "GET", "/en-US/docs/Web/HTTP", L,
		    "Accept-Encoding: identity\r\n", 200,
		    { "!Content-Encoding" }, doc_body },
		{ "GET", "/fr/docs/Web/HTTP_fr", L, "Accept-Encoding: br\r\n",
		    200, { "!Content-Encoding" }, "<html>fr</html>" },
		{ "GET", "/en-US/docs/Web/HTTP", L,
		    "Accept-Encoding: gzip\r\nIf-None-Match: W/\"abc\"\r\n",
		    304, { "!Content-Encoding" }, "" },
	};

	run(t, N(t));
}

static void
test_methods(void)
{
	static const struct tcase t[] = {
		{ "POST", "/en-US/docs/Web/HTTP", L, 0, 405,
		    { "Allow: GET, HEAD" }, "" },
		{ "OPTIONS", "/en-US/docs/Web/HTTP", L, 0, 405, { 0 }, "" },
		{ "DELETE", "/robots.txt", L, 0, 403, { 0 },
		    "<h1>site 403</h1>" },
		{ "OPTIONS", "/robots.txt", L, 0, 200, { 0 }, NULL },
		{ "HEAD", "/en-US/docs/Web/HTTP", L, 0, 200, { "!ETag",
		    "Content-Language: en-US" }, NULL },
		{ "PUT", "/sitemap.xml", L, 0, 403, { 0 }, NULL },
		{ "OPTIONS", "/sitemap.xml", L, 0, 405, { 0 }, NULL },
		{ "POST", "/healthz", L, 0, 403, { 0 }, NULL },
		{ "OPTIONS", "/healthz", L, 0, 405, { 0 }, NULL },
		{ "POST", "/en-US/docs/Web/HTTP$subscribe", L, 0, 302,
		    { "Location: /en-US/users/signin?next=/en-US/docs/Web/"
		    "HTTP%24subscribe" }, "" },
		{ "POST", "/nowhere/at/all", L, 0, 404, { 0 }, NULL },
	};

	run(t, N(t));
	ask("HEAD", "/en-US/docs/Web/HTTP", L, NULL);
	CHECK(got.len == sizeof doc_body - 1, "HEAD: the full length");
}

static void
test_pages(void)
{
	static const struct tcase t[] = {
		{ "GET", "/healthz", L, 0, 204, { NEVER }, "" },
		{ "GET", "/healthz/", L, 0, 204, { 0 }, "" },
		{ "GET", "/readiness/", L, 0, 204, { 0 }, "" },
		{ "GET", "/media/revision.txt", L, 0, 200, { NEVER }, "abc123" },
		{ "GET", "/robots.txt", L, 0, 200, { "ETag: \"r1\"" },
		    "User-agent: *\nSitemap: x\n" },
		{ "GET", "/robots.txt", "wiki.localhost", 0, 200, { 0 },
		    "User-Agent: *\nDisallow: /\n" },
		{ "GET", "/favicon.ico", L, 0, 302,
		    { "Location: https://localhost/static/img/favicon32.png",
		    "Cache-Control: public, max-age=0, s-maxage=2592000" },
		    "" },
		{ "GET", "/sitemap.xml", L, 0, 200, { 0 }, "<urlset/>" },
		{ "GET", "/sitemaps/fr/nope.xml", L, 0, 404, { 0 }, NULL },
		{ "GET", "/files/1001/whatever.png", L, 0, 301,
		    { "Location: https://attachments.localhost/files/1001/"
		    "logo.png", "Cache-Control: public, max-age=900" }, "" },
		{ "GET", "/files/9/x.png", L, 0, 404, { 0 }, NULL },
		{ "GET", "/@api/deki/files/42/=x.png", L, 0, 301,
		    { "Location: https://attachments.localhost/files/1001/"
		    "logo.png" }, "" },
		{ "GET", "/miel", L, 0, 500,
		    { "Cache-Control: public, max-age=0, s-maxage=604800" },
		    "<h1>site 500</h1>" },
		{ "GET", "/en-US/", L, 0, 200, { 0 }, "home" },
		{ "GET", "/fr/", L, 0, 404, { 0 }, "<h1>fr 404</h1>" },
		{ "GET", "/en-US/docs/templates", L, 0, 301,
		    { "Location: /en-US/dashboards/macros",
		    "Cache-Control: public, max-age=0, s-maxage=2592000" },
		    "" },
		{ "GET", "/en-US/events/2019", L, 0, 302,
		    { "Location: https://mozilla.org/contribute/events",
		    SHARED300 }, "" },
		{ "GET", "/en-US/contribute/", L, 0, 302,
		    { "Location: /en-US/payments/", "!Cache-Control" }, "" },
		{ "GET", "/en-US/dashboards/localization", L, 0, 301,
		    { "Location: /docs/MDN/Doc_status/Overview" }, "" },
		{ "GET", "/en-US/docs/feeds/rss/all", L, 0, 200, { 0 },
		    "<rss/>" },
		{ "GET", "/en-US/docs/feeds/rss/all/", L, 0, 404, { 0 }, NULL },
	};

	run(t, N(t));
	ask("GET", "/healthz", L, NULL);
	CHECK(got.expires && got.expires_s == 0, "never-cache: Expires");
	ask("GET", "/_kuma_status.json", L, NULL);
	CHECK(got.status == 200 && has(NEVER), "status");
	CHECK(strstr(got.body, "\"REVISION_HASH\":\"abc123\"") != NULL &&
	    strstr(got.body, "\"document_count\":7") != NULL &&
	    strstr(got.body, "\"ATTACHMENT_ORIGIN\":\"demos-origin."
	    "localhost\"") != NULL &&
	    strstr(got.body, "\"url\":\"http://localhost/_kuma_status.json\"")
	    != NULL, "status body");
	ask("GET", "/en-US/search?q=css", L, NULL);
#if __has_include("search_view.h")
	CHECK(got.status == 200 && has(NEVER), "search");
#else
	CHECK(got.status == 404, "search: the stub answers 404");
#endif
}

static void
test_untrusted(void)
{
	static const struct tcase t[] = {
		{ "GET", "/files/1001/anything.png", U, 0, 200,
		    { "Content-Type: image/png" }, "PNG" },
		{ "GET", "/files/1001/anything.png", "demos-origin.localhost",
		    0, 200, { 0 }, "PNG" },
		{ "GET", "/files/1002/x.png", U, 0, 404, { 0 },
		    "<h1>u 404</h1>" },
		{ "GET", "/@api/deki/files/42/=x.png", U, 0, 301,
		    { "Location: https://attachments.localhost/files/1001/"
		    "logo.png" }, "" },
		{ "GET", "/robots.txt", U, 0, 200,
		    { "ETag: \"d41d8cd98f00b204e9800998ecf8427e\"" }, "" },
		{ "GET", "/robots.txt.bak", U, 0, 200, { 0 }, "" },
		{ "GET", "/en-US/docs/Web/HTTP$samples/Example?revision=3", U,
		    0, 200, { "Cache-Control: public, max-age=86400" },
		    "<!DOCTYPE html>sample" },
		{ "HEAD", "/en-US/docs/Web/HTTP$samples/Example", U, 0, 405,
		    { 0 }, "" },
		{ "GET", "/en-US/docs/Web/HTTP$samples/Nope", U, 0, 404, { 0 },
		    NULL },
		{ "GET", "/en-US/docs/Web/HTTP$samples/E/files/7/a%20b.png", U,
		    0, 302, { "Location: https://attachments.localhost/files/"
		    "7/a%20b.png" }, "" },
		{ "GET", "/en-US/docs/Web/HTTP$json", U, 0, 404, { 0 }, NULL },
		{ "GET", "/sitemap.xml", U, 0, 404, { 0 }, NULL },
		{ "GET", "/en-us/docs/Web/HTTP$samples/Example", U, 0, 302,
		    { "Location: /en-US/docs/Web/HTTP$samples/Example" }, "" },
	};

	run(t, N(t));
}

static void
test_errors(void)
{
	struct store empty;
	struct store_write wr;
	char path[] = "/tmp/test_site_empty.XXXXXX";
	int fd = mkstemp(path);
	uint8_t key[8];

	/* A store with no error pages: the built-in ones. */
	CHECK(fd >= 0, "mkstemp");
	close(fd);
	unlink(path);
	CHECK(store_open(&empty, path, 1 << 20, 0) == RC_OK, "open");
	CHECK(store_write_begin(&empty, &wr) == RC_OK, "begin");
	key[0] = 'z';
	CHECK(store_put(&empty, &wr, key, 1, "x", 1) == RC_OK, "put");
	CHECK(store_write_commit(&wr) == RC_OK, "commit");
	store_close(&empty);
	CHECK(store_open(&empty, path, 0, STORE_RDONLY) == RC_OK, "ro");
	app_init(&empty, &site_cf, true);
	CHECK(ask("GET", "/en-US/docs/X", L, NULL) == 404 &&
	    strstr(got.body, "Page not found") != NULL && has(NEVER) &&
	    got.expires, "built-in 404");
	CHECK(ask("POST", "/robots.txt", L, NULL) == 404, "no record: 404");
	CHECK(ask("GET", "/en-US/docs/X$samples/1", L, NULL) == 403 &&
	    strstr(got.body, "Forbidden") != NULL, "built-in 403");
	CHECK(ask("GET", "/miel", L, NULL) == 500 &&
	    strstr(got.body, "500") != NULL, "built-in 500");
	CHECK(ask("GET", "/readiness", L, NULL) == 503 &&
	    strstr(got.body, "database issue") != NULL,
	    "no meta record: not ready");
	CHECK(ask("GET", "/media/revision.txt", L, NULL) == 200 &&
	    body_is("undefined"), "no meta record");
	CHECK(app_reads_open() <= 1, "reads");
	store_close(&empty);
	unlink(path);
	app_init(&st, &site_cf, false);
}

/* Every reply was released, and a held one keeps its transaction. */
static void
test_release(void)
{
	struct timespec ts = { 1, 200 * 1000 * 1000 };	/* > 1 s */

	CHECK(replies == released, "every reply released");
	CHECK(app_reads_open() <= 1, "at most the young one open");
	CHECK(ask2("GET", "/en-US/docs/Web/HTTP", L, NULL, true) == 200,
	    "held");
	CHECK(held.release != NULL, "a page has a release");
	CHECK(app_reads_open() == 1, "one open while held");
	nanosleep(&ts, NULL);
	held.release(held.arg);
	CHECK(app_reads_open() == 0, "old and released: closed");
	/* A page that needs no lookup opens none. */
	CHECK(ask("GET", "/healthz", L, NULL) == 204 &&
	    app_reads_open() == 0, "healthz: no transaction");
}

static const struct check_test tests[] = {
	{ "hosts", test_hosts }, { "static", test_static },
	{ "redirects", test_redirects }, { "locale", test_locale },
	{ "docs", test_docs }, { "conditional", test_conditional },
	{ "encoding", test_encoding }, { "methods", test_methods },
	{ "pages", test_pages }, { "untrusted", test_untrusted },
	{ "errors", test_errors }, { "release", test_release },
};

int
main(int argc, char **argv)
{
	int rc;

	if (!store_setup()) {
		fprintf(stderr, "test_site: cannot build the store\n");
		return 1;
	}
	rc = check_main(tests, sizeof tests / sizeof tests[0], argc, argv);
	store_close(&st);
	unlink(store_path);
	return rc;
}
