/*
 * test_http.c: the HTTP/1.1 parser and response formatter (net/http.c,
 * net/http_fmt.c), from tables.  Silent on success; a failure prints
 * file:line and the case, and the program exits 1.
 *
 *   test_http [all|parse|split|pipeline|decode|date|head|head_ref|chunked|
 *       chunk_limits|fields]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "err.h"
#include "http.h"
#include "check.h"


static struct http_request req;

/* One request in, one verdict out. */
struct parse_case {
	const char *name;
	const char *in;
	int rc;			/* RC_OK, RC_AGAIN, RC_PROTO */
	int status;		/* for RC_PROTO */
	enum http_method method;
	const char *path;	/* for RC_OK */
	const char *host;	/* for RC_OK, NULL: none */
	int keep_alive;
};

static const struct parse_case parse_cases[] = {
	{ "get", "GET /en-US/docs/Web HTTP/1.1\r\nHost: a.b\r\n\r\n",
	    RC_OK, 0, HTTP_M_GET, "/en-US/docs/Web", "a.b", 1 },
	{ "head", "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n",
	    RC_OK, 0, HTTP_M_HEAD, "/", "x", 1 },
	{ "host with port", "GET / HTTP/1.1\r\nHost: Example.COM:8080\r\n\r\n",
	    RC_OK, 0, HTTP_M_GET, "/", "Example.COM:8080", 1 },
	{ "query split off", "GET /a/b?x=1&y HTTP/1.1\r\nHost: h\r\n\r\n",
	    RC_OK, 0, HTTP_M_GET, "/a/b", "h", 1 },
	{ "bare LF", "GET / HTTP/1.1\nHost: h\n\n",
	    RC_OK, 0, HTTP_M_GET, "/", "h", 1 },
	{ "leading CRLF", "\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n",
	    RC_OK, 0, HTTP_M_GET, "/", "h", 1 },
	{ "1.0 closes", "GET / HTTP/1.0\r\n\r\n",
	    RC_OK, 0, HTTP_M_GET, "/", NULL, 0 },
	{ "1.0 keep-alive", "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n",
	    RC_OK, 0, HTTP_M_GET, "/", NULL, 1 },
	{ "close", "GET / HTTP/1.1\r\nHost: h\r\nConnection: x, close\r\n\r\n",
	    RC_OK, 0, HTTP_M_GET, "/", "h", 0 },
	{ "absolute-form", "GET http://w.org:81/p?q HTTP/1.1\r\nHost: z\r\n\r\n",
	    RC_OK, 0, HTTP_M_GET, "/p", "w.org:81", 1 },
	{ "absolute no path", "GET http://w.org HTTP/1.1\r\nHost: w.org\r\n\r\n",
	    RC_OK, 0, HTTP_M_GET, "/", "w.org", 1 },
	{ "1.2 is 1.1", "GET / HTTP/1.2\r\nHost: h\r\n\r\n",
	    RC_OK, 0, HTTP_M_GET, "/", "h", 1 },
	{ "post", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc",
	    RC_OK, 0, HTTP_M_POST, "/", "h", 1 },
	{ "put", "PUT / HTTP/1.1\r\nHost: h\r\n\r\n",
	    RC_OK, 0, HTTP_M_PUT, "/", "h", 1 },
	{ "delete", "DELETE / HTTP/1.1\r\nHost: h\r\n\r\n",
	    RC_OK, 0, HTTP_M_DELETE, "/", "h", 1 },
	{ "patch", "PATCH / HTTP/1.1\r\nHost: h\r\n\r\n",
	    RC_OK, 0, HTTP_M_PATCH, "/", "h", 1 },
	{ "options", "OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n",
	    RC_OK, 0, HTTP_M_OPTIONS, "*", "h", 1 },
	{ "trace", "TRACE / HTTP/1.1\r\nHost: h\r\n\r\n",
	    RC_OK, 0, HTTP_M_OTHER, "/", "h", 1 },
	{ "connect", "CONNECT / HTTP/1.1\r\nHost: h\r\n\r\n",
	    RC_OK, 0, HTTP_M_OTHER, "/", "h", 1 },
	{ "lowercase post", "post / HTTP/1.1\r\nHost: h\r\n\r\n",
	    RC_OK, 0, HTTP_M_UNKNOWN, "/", "h", 1 },
	{ "postx", "POSTX / HTTP/1.1\r\nHost: h\r\n\r\n",
	    RC_OK, 0, HTTP_M_UNKNOWN, "/", "h", 1 },
	{ "unknown method", "BREW / HTTP/1.1\r\nHost: h\r\n\r\n",
	    RC_OK, 0, HTTP_M_UNKNOWN, "/", "h", 1 },
	{ "lowercase get", "get / HTTP/1.1\r\nHost: h\r\n\r\n",
	    RC_OK, 0, HTTP_M_UNKNOWN, "/", "h", 1 },
	{ "incomplete line", "GET / HTTP/1.1", RC_AGAIN, 0, 0, 0, 0, 0 },
	{ "incomplete head", "GET / HTTP/1.1\r\nHost: h\r\n", RC_AGAIN,
	    0, 0, 0, 0, 0 },
	{ "empty", "", RC_AGAIN, 0, 0, 0, 0, 0 },
	{ "no host 1.1", "GET / HTTP/1.1\r\n\r\n", RC_PROTO, 400, 0, 0, 0, 0 },
	{ "two hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
	    RC_PROTO, 400, 0, 0, 0, 0 },
	{ "version 2", "GET / HTTP/2.0\r\nHost: h\r\n\r\n",
	    RC_PROTO, 505, 0, 0, 0, 0 },
	{ "version 0.9", "GET / HTTP/0.9\r\nHost: h\r\n\r\n",
	    RC_PROTO, 505, 0, 0, 0, 0 },
	{ "bad version", "GET / HTTP/1.10\r\nHost: h\r\n\r\n",
	    RC_PROTO, 400, 0, 0, 0, 0 },
	{ "lower version", "GET / http/1.1\r\nHost: h\r\n\r\n",
	    RC_PROTO, 400, 0, 0, 0, 0 },
	{ "no version", "GET /\r\nHost: h\r\n\r\n", RC_PROTO, 400, 0, 0, 0, 0 },
	{ "two spaces", "GET  / HTTP/1.1\r\nHost: h\r\n\r\n",
	    RC_PROTO, 400, 0, 0, 0, 0 },
	{ "bad target", "GET a/b HTTP/1.1\r\nHost: h\r\n\r\n",
	    RC_PROTO, 400, 0, 0, 0, 0 },
	{ "ctl in target", "GET /\x01 HTTP/1.1\r\nHost: h\r\n\r\n",
	    RC_PROTO, 400, 0, 0, 0, 0 },
	{ "bad method", "G(T / HTTP/1.1\r\nHost: h\r\n\r\n",
	    RC_PROTO, 400, 0, 0, 0, 0 },
	{ "space before colon", "GET / HTTP/1.1\r\nHost : h\r\n\r\n",
	    RC_PROTO, 400, 0, 0, 0, 0 },
	{ "obs-fold", "GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\n",
	    RC_PROTO, 400, 0, 0, 0, 0 },
	{ "no colon", "GET / HTTP/1.1\r\nHost: h\r\nXY\r\n\r\n",
	    RC_PROTO, 400, 0, 0, 0, 0 },
	{ "bare CR", "GET / HTTP/1.1\r\nHost: h\rX: y\r\n\r\n",
	    RC_PROTO, 400, 0, 0, 0, 0 },
	{ "CL and TE", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n", RC_PROTO, 400, 0, 0, 0, 0 },
	{ "TE not chunked", "POST / HTTP/1.1\r\nHost: h\r\n"
	    "Transfer-Encoding: gzip\r\n\r\n", RC_PROTO, 400, 0, 0, 0, 0 },
	{ "bad CL", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1x\r\n\r\n",
	    RC_PROTO, 400, 0, 0, 0, 0 },
	{ "two CLs", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n"
	    "Content-Length: 2\r\n\r\n", RC_PROTO, 400, 0, 0, 0, 0 },
	{ "same CLs", "GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n"
	    "Content-Length: 2\r\n\r\n", RC_OK, 0, HTTP_M_GET, "/", "h", 1 },
	{ "TE on 1.0", "POST / HTTP/1.0\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n", RC_PROTO, 400, 0, 0, 0, 0 },
	{ "TE chunked twice", "POST / HTTP/1.1\r\nHost: h\r\n"
	    "Transfer-Encoding: chunked, gzip\r\n\r\n", RC_PROTO, 400,
	    0, 0, 0, 0 },
	{ "negative CL", "GET / HTTP/1.1\r\nHost: h\r\nContent-Length: -1"
	    "\r\n\r\n", RC_PROTO, 400, 0, 0, 0, 0 },
	{ "huge CL", "GET / HTTP/1.1\r\nHost: h\r\nContent-Length: "
	    "99999999999999999999\r\n\r\n", RC_PROTO, 400, 0, 0, 0, 0 },
	{ "CTL in value", "GET / HTTP/1.1\r\nHost: h\r\nX: a\x01b\r\n\r\n",
	    RC_PROTO, 400, 0, 0, 0, 0 },
	{ "empty name", "GET / HTTP/1.1\r\nHost: h\r\n: x\r\n\r\n",
	    RC_PROTO, 400, 0, 0, 0, 0 },
	{ "absolute empty host", "GET http:/// HTTP/1.1\r\nHost: h\r\n\r\n",
	    RC_PROTO, 400, 0, 0, 0, 0 },
};

/* What the parser reads from Expect, Content-Length, Transfer-Encoding. */
static void
test_fields(void)
{
	static const struct {
		const char *in;
		int cont, other, body, length, chunked;
	} f[] = {
		{ "GET / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n"
		    "Content-Length: 5\r\n\r\n", 1, 0, 1, 1, 0 },
		{ "GET / HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\n"
		    "\r\n", 1, 0, 0, 0, 0 },
		{ "GET / HTTP/1.1\r\nHost: h\r\nExpect: 200-ok\r\n\r\n",
		    0, 1, 0, 0, 0 },
		{ "GET / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n"
		    "Expect: 100-continue\r\n\r\n", 0, 1, 0, 0, 0 },
		{ "GET / HTTP/1.0\r\nExpect: 200-ok\r\n\r\n", 0, 0, 0, 0, 0 },
		{ "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n",
		    0, 0, 0, 1, 0 },
		{ "POST / HTTP/1.1\r\nHost: h\r\n"
		    "Transfer-Encoding: gzip, chunked\r\n\r\n", 0, 0, 1, 1, 1 },
		{ "POST / HTTP/1.1\r\nHost: h\r\n\r\n", 0, 0, 0, 0, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof f / sizeof f[0]; i++) {
		CHECK(http_parse(&req, f[i].in, strlen(f[i].in)) == RC_OK,
		    f[i].in);
		CHECK(req.expect_continue == f[i].cont, f[i].in);
		CHECK(req.expect_other == f[i].other, f[i].in);
		CHECK(req.has_body == f[i].body, f[i].in);
		CHECK(req.has_length == f[i].length, f[i].in);
		CHECK(req.chunked == f[i].chunked, f[i].in);
	}
}

static void
test_parse(void)
{
	const struct parse_case *c;
	size_t i;
	int rc;

	for (i = 0; i < sizeof parse_cases / sizeof parse_cases[0]; i++) {
		c = &parse_cases[i];
		rc = http_parse(&req, c->in, strlen(c->in));
		CHECK(rc == c->rc, c->name);
		if (rc != c->rc)
			continue;
		if (rc == RC_PROTO)
			CHECK(req.status == c->status, c->name);
		if (rc != RC_OK)
			continue;
		CHECK(req.method == c->method, c->name);
		CHECK(http_eq(req.path, req.path_len, c->path), c->name);
		if (c->host == NULL)
			CHECK(req.host == NULL, c->name);
		else
			CHECK(req.host != NULL &&
			    req.host_len == strlen(c->host) &&
			    memcmp(req.host, c->host, req.host_len) == 0,
			    c->name);
		CHECK(req.keep_alive == (c->keep_alive != 0), c->name);
		CHECK(req.head_len <= strlen(c->in), c->name);
	}
}

/* Build a request whose line or head is just at or past a limit. */
static char big[HTTP_MAX_HEADER_BLOCK * 2];

static void
test_limits(void)
{
	size_t n, i;
	int rc;

	/* A request line of exactly HTTP_MAX_REQUEST_LINE bytes is fine. */
	n = (size_t)sprintf(big, "GET /");
	memset(big + n, 'a', HTTP_MAX_REQUEST_LINE - n - 9);
	n = HTTP_MAX_REQUEST_LINE - 9;
	n += (size_t)sprintf(big + n, " HTTP/1.1\r\nHost: h\r\n\r\n");
	rc = http_parse(&req, big, n);
	CHECK(rc == RC_OK, "line at limit");
	/* One more byte, complete or not, is 414. */
	memmove(big + 6, big + 5, n - 5);
	big[5] = 'b';
	rc = http_parse(&req, big, n + 1);
	CHECK(rc == RC_PROTO && req.status == 414, "line past limit");
	rc = http_parse(&req, big, HTTP_MAX_REQUEST_LINE + 1);
	CHECK(rc == RC_PROTO && req.status == 414, "partial line past limit");
	rc = http_parse(&req, big, HTTP_MAX_REQUEST_LINE);
	CHECK(rc == RC_AGAIN, "partial line at limit");

	/* A head over HTTP_MAX_HEADER_BLOCK is 431, complete or not. */
	n = (size_t)sprintf(big, "GET / HTTP/1.1\r\nHost: h\r\n");
	while (n < HTTP_MAX_HEADER_BLOCK)
		n += (size_t)sprintf(big + n, "X-Pad: %0100d\r\n", 0);
	n += (size_t)sprintf(big + n, "\r\n");
	rc = http_parse(&req, big, n);
	CHECK(rc == RC_PROTO && req.status == 431, "head past limit");
	rc = http_parse(&req, big, HTTP_MAX_HEADER_BLOCK + 1);
	CHECK(rc == RC_PROTO && req.status == 431, "partial head past limit");

	/* HTTP_MAX_FIELDS fields are fine, one more is 431. */
	n = (size_t)sprintf(big, "GET / HTTP/1.1\r\nHost: h\r\n");
	for (i = 1; i < HTTP_MAX_FIELDS; i++)
		n += (size_t)sprintf(big + n, "X-%zu: v\r\n", i);
	n += (size_t)sprintf(big + n, "\r\n");
	rc = http_parse(&req, big, n);
	CHECK(rc == RC_OK && req.nfields == HTTP_MAX_FIELDS, "fields at max");
	n -= 2;
	n += (size_t)sprintf(big + n, "X-last: v\r\n\r\n");
	rc = http_parse(&req, big, n);
	CHECK(rc == RC_PROTO && req.status == 431, "fields past max");
}

/* Every prefix of a request needs more; the whole is complete. */
static void
test_split(void)
{
	static const char in[] = "GET /en-US/docs/A HTTP/1.1\r\n"
	    "Host: localhost\r\nUser-Agent: t\r\n\r\n";
	size_t i;

	for (i = 0; i < sizeof in - 1; i++)
		CHECK(http_parse(&req, in, i) == RC_AGAIN, "split");
	CHECK(http_parse(&req, in, sizeof in - 1) == RC_OK, "split whole");
	CHECK(req.head_len == sizeof in - 1, "split length");
	CHECK(http_field(&req, "user-agent") != NULL &&
	    http_eq(http_field(&req, "USER-AGENT")->value, 1, "t"),
	    "field lookup");
}

static void
test_pipeline(void)
{
	static const char in[] = "GET /a HTTP/1.1\r\nHost: h\r\n\r\n"
	    "HEAD /b HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\nGET /c";
	size_t off;

	CHECK(http_parse(&req, in, sizeof in - 1) == RC_OK, "first");
	CHECK(http_eq(req.path, req.path_len, "/a"), "first path");
	off = req.head_len;
	CHECK(http_parse(&req, in + off, sizeof in - 1 - off) == RC_OK,
	    "second");
	CHECK(req.method == HTTP_M_HEAD && !req.keep_alive, "second head");
	CHECK(http_eq(req.path, req.path_len, "/b"), "second path");
	off += req.head_len;
	CHECK(http_parse(&req, in + off, sizeof in - 1 - off) == RC_AGAIN,
	    "third partial");
}

struct decode_case {
	const char *in, *out;
	int rc;
};

static const struct decode_case decode_cases[] = {
	{ "/en-US/docs/Web", "/en-US/docs/Web", RC_OK },
	{ "a%20b", "a b", RC_OK },
	{ "%2F%2f", "//", RC_OK },
	{ "caf%C3%A9", "caf\xc3\xa9", RC_OK },
	{ "a+b", "a+b", RC_OK },
	{ "%00", NULL, RC_PROTO },
	{ "%", NULL, RC_PROTO },
	{ "%4", NULL, RC_PROTO },
	{ "%zz", NULL, RC_PROTO },
	{ "a%g0", NULL, RC_PROTO },
};

static void
test_decode(void)
{
	char out[64];
	size_t i, n;
	int rc;

	for (i = 0; i < sizeof decode_cases / sizeof decode_cases[0]; i++) {
		const struct decode_case *c = &decode_cases[i];

		rc = http_decode(c->in, strlen(c->in), out, sizeof out, &n);
		CHECK(rc == c->rc, c->in);
		if (rc == RC_OK)
			CHECK(n == strlen(c->out) &&
			    memcmp(out, c->out, n) == 0, c->in);
	}
	CHECK(http_decode("abcd", 4, out, 3, &n) == RC_TOOBIG, "too big");
}

static void
test_date(void)
{
	static const struct { uint64_t t; const char *s; } d[] = {
		{ 0, "Thu, 01 Jan 1970 00:00:00 GMT" },
		{ 784111777, "Sun, 06 Nov 1994 08:49:37 GMT" },
		{ 951782400, "Tue, 29 Feb 2000 00:00:00 GMT" },
		{ 1764074096, "Tue, 25 Nov 2025 12:34:56 GMT" },
		{ 4133980799u, "Fri, 31 Dec 2100 23:59:59 GMT" },
		{ 4107542400u, "Mon, 01 Mar 2100 00:00:00 GMT" },
	};
	char out[HTTP_DATE_LEN + 1];
	size_t i;

	for (i = 0; i < sizeof d / sizeof d[0]; i++) {
		http_format_date(out, d[i].t);
		CHECK(strcmp(out, d[i].s) == 0, d[i].s);
	}
}

static void
test_head(void)
{
	struct http_head h = { .status = 200,
	    .type = "text/html; charset=utf-8", .length = 1234 };
	char buf[512];
	size_t n;

	n = http_format_head(buf, sizeof buf, &h, 784111777ull * 1000000000u);
	CHECK(n > 0 && strlen(buf) == n, "head");
	CHECK(strcmp(buf, "HTTP/1.1 200 OK\r\n"
	    "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
	    "Server: " HTTP_SERVER_NAME "\r\n"
	    "Content-Type: text/html; charset=utf-8\r\n"
	    "Content-Length: 1234\r\n\r\n") == 0, "head text");
	h.status = 405;
	h.type = NULL;
	h.length = 0;
	h.close = true;
	h.extra = "Allow: GET, HEAD\r\n";
	n = http_format_head(buf, sizeof buf, &h, 0);
	CHECK(n > 0 && strstr(buf, "HTTP/1.1 405 Method Not Allowed\r\n") ==
	    buf, "405 line");
	CHECK(strstr(buf, "Connection: close\r\nAllow: GET, HEAD\r\n\r\n") !=
	    NULL, "405 tail");
	CHECK(strstr(buf, "Content-Type") == NULL, "no type");
	h.close = false;
	h.keep_alive_10 = true;
	n = http_format_head(buf, sizeof buf, &h, 0);
	CHECK(strstr(buf, "Connection: keep-alive\r\n") != NULL, "1.0 ka");
	CHECK(http_format_head(buf, 40, &h, 0) == 0, "too small");
	h.extra2 = HTTP_HSTS_LINE;
	n = http_format_head(buf, sizeof buf, &h, 0);
	CHECK(strstr(buf, "Allow: GET, HEAD\r\n"
	    "Strict-Transport-Security: max-age=63072000\r\n\r\n") != NULL,
	    "hsts last");
	h.status = 204;
	n = http_format_head(buf, sizeof buf, &h, 0);
	CHECK(strstr(buf, "Content-Length") == NULL, "204 no length");
	CHECK(strstr(buf, "Date: ") != NULL, "204 date");
	h.status = 304;
	h.length = 99;
	n = http_format_head(buf, sizeof buf, &h, 0);
	CHECK(strstr(buf, "Content-Length") == NULL, "304 no length");
	memset(&h, 0, sizeof h);
	h.status = 200;
	h.expires = true;
	h.expires_s = 43200;
	n = http_format_head(buf, sizeof buf, &h, 784111777ull * 1000000000u);
	CHECK(strstr(buf, "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n") != NULL &&
	    strstr(buf, "\r\nExpires: Sun, 06 Nov 1994 20:49:37 GMT\r\n\r\n")
	    != NULL, "expires: date plus 12 h");
	h.expires_s = 0;
	n = http_format_head(buf, sizeof buf, &h, 784111777ull * 1000000000u);
	CHECK(strstr(buf, "Expires: Sun, 06 Nov 1994 08:49:37 GMT\r\n") != NULL,
	    "expires: now");
	h.open = true;
	n = http_format_head(buf, sizeof buf, &h, 0);
	CHECK(n > 2 && memcmp(buf + n - 2, "\r\n", 2) == 0 &&
	    strstr(buf, "\r\n\r\n") == NULL, "open: no blank line");
	memset(&h, 0, sizeof h);
	h.status = 100;
	n = http_format_head(buf, sizeof buf, &h, 0);
	CHECK(strcmp(buf, "HTTP/1.1 100 Continue\r\n\r\n") == 0, "100");
	CHECK(strcmp(http_reason(411), "Length Required") == 0, "411");
	CHECK(strcmp(http_reason(417), "Expectation Failed") == 0, "417");
	CHECK(strcmp(http_reason(413), "Content Too Large") == 0, "413");
}

/* The head as the snprintf formatter wrote it, to hold the new one to. */
static int
head_ref(char *buf, size_t size, const struct http_head *h, uint64_t secs)
{
	static const char *const wday[] = { "Sun", "Mon", "Tue", "Wed",
	    "Thu", "Fri", "Sat" };
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr",
	    "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	char date[64], exp[64] = "", cl[40] = "";
	const char *end = h->open ? "" : "\r\n";
	int64_t e = (int64_t)secs + h->expires_s;
	time_t t = (time_t)secs;
	struct tm tm;

	if (h->status < 200)
		return snprintf(buf, size, "HTTP/1.1 %d %s\r\n%s",
		    h->status, http_reason(h->status), end);
	gmtime_r(&t, &tm);
	snprintf(date, sizeof date, "%s, %02d %s %04d %02d:%02d:%02d GMT",
	    wday[tm.tm_wday], tm.tm_mday, mon[tm.tm_mon], tm.tm_year + 1900,
	    tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (h->expires) {
		t = (time_t)(e < 0 ? 0 : e);
		gmtime_r(&t, &tm);
		snprintf(exp, sizeof exp, "Expires: %s, %02d %s %04d "
		    "%02d:%02d:%02d GMT\r\n", wday[tm.tm_wday], tm.tm_mday,
		    mon[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
		    tm.tm_sec);
	}
	if (!h->no_length && h->status != 204 && h->status != 304)
		snprintf(cl, sizeof cl, "Content-Length: %llu\r\n",
		    (unsigned long long)h->length);
	return snprintf(buf, size, "HTTP/1.1 %d %s\r\nDate: %s\r\n"
	    "Server: " HTTP_SERVER_NAME "\r\n%s%s%s%s%s%s%s%s%s",
	    h->status, http_reason(h->status), date,
	    h->type != NULL ? "Content-Type: " : "",
	    h->type != NULL ? h->type : "", h->type != NULL ? "\r\n" : "",
	    cl, h->close ? "Connection: close\r\n" :
	    h->keep_alive_10 ? "Connection: keep-alive\r\n" : "",
	    h->extra != NULL ? h->extra : "",
	    h->extra2 != NULL ? h->extra2 : "", exp, end);
}

/* One head against the reference, and in a buffer one byte too small. */
static void
head_ref_one(const struct http_head *h, uint64_t secs, const char *name)
{
	static char got[2048], want[2048];
	size_t n;
	int w;

	w = head_ref(want, sizeof want, h, secs);
	CHECK(w > 0 && (size_t)w < sizeof want, name);
	n = http_format_head(got, sizeof got, h, secs * 1000000000u + 999);
	CHECK(n == (size_t)w && strcmp(got, want) == 0, name);
	if (n != (size_t)w || strcmp(got, want) != 0)
		fprintf(stderr, "  got  %s\n  want %s\n", got, want);
	CHECK(http_format_head(got, (size_t)w, h, secs * 1000000000u) == 0,
	    name);
	CHECK(http_format_head(got, (size_t)w + 1, h, secs * 1000000000u) ==
	    (size_t)w, name);
}

/* The printf-free head, byte for byte as snprintf made it, over many. */
static void
test_head_ref(void)
{
	static const int status[] = { 100, 200, 204, 301, 302, 304, 400,
	    403, 404, 405, 408, 411, 413, 414, 417, 431, 500, 501, 503, 505,
	    299, 999, 0, -7 };
	static const uint64_t len[] = { 0, 9, 10, 99, 1234, 99999999999ull,
	    18446744073709551615ull };
	static const char *const type[] = { NULL, "text/html; charset=utf-8",
	    "image/png", "" };
	static const char *const extra[] = { NULL, "Allow: GET, HEAD\r\n",
	    "Location: https://a.b/c?d\r\nCache-Control: no-cache\r\n" };
	static const uint64_t secs[] = { 0, 784111777, 784111777, 784111778,
	    1764074096, 4133980799u };
	/* Offsets of Expires: more than its cache holds, so slots turn. */
	static const int32_t exp[] = { 0, 43200, -86400, 300, 604800,
	    2147483647, -2147483647 - 1 };
	struct http_head h;
	size_t si, li, ti, ei, v, k = 0;

	for (si = 0; si < sizeof status / sizeof status[0]; si++)
	for (li = 0; li < sizeof len / sizeof len[0]; li++)
	for (ti = 0; ti < sizeof type / sizeof type[0]; ti++)
	for (ei = 0; ei < sizeof extra / sizeof extra[0]; ei++)
	for (v = 0; v < 32; v++) {
		memset(&h, 0, sizeof h);
		h.status = status[si];
		h.length = len[li];
		h.type = type[ti];
		h.extra = extra[ei];
		h.close = (v & 3) == 1;
		h.keep_alive_10 = (v & 3) == 2;
		h.no_length = (v & 3) == 3;
		h.extra2 = (v & 4) != 0 ? HTTP_HSTS_LINE : NULL;
		h.expires = (v & 8) != 0;
		h.expires_s = exp[k++ % (sizeof exp / sizeof exp[0])];
		h.open = (v & 16) != 0;
		head_ref_one(&h, secs[(si + li + v) % 6], http_reason(
		    h.status));
	}
}

/* One chunked body, fed whole and then a byte at a time. */
struct chunk_case {
	const char *name;
	const char *in;
	uint64_t limit;
	int rc;			/* RC_OK, RC_AGAIN, RC_PROTO, RC_TOOBIG */
	const char *data;	/* decoded, for RC_OK */
	size_t used;		/* for RC_OK: bytes up to the body's end */
};

static const struct chunk_case chunk_cases[] = {
	{ "simple", "3\r\nabc\r\n0\r\n\r\n", 100, RC_OK, "abc", 13 },
	{ "two", "1\r\na\r\n2\r\nbc\r\n0\r\n\r\nGET", 100, RC_OK,
	    "abc", 18 },
	{ "hex", "A\r\n0123456789\r\n0\r\n\r\n", 100, RC_OK,
	    "0123456789", 20 },
	{ "upper hex", "a\r\n0123456789\r\n0\r\n\r\n", 100, RC_OK,
	    "0123456789", 20 },
	{ "leading zeros", "0003\r\nabc\r\n0\r\n\r\n", 100, RC_OK,
	    "abc", 16 },
	{ "extension", "3;x=y\r\nabc\r\n0;z\r\n\r\n", 100, RC_OK,
	    "abc", 19 },
	{ "bws extension", "3 ;x=\"q\"\r\nabc\r\n0\r\n\r\n", 100, RC_OK,
	    "abc", 20 },
	{ "trailers", "3\r\nabc\r\n0\r\nX: y\r\nZ: w\r\n\r\n", 100,
	    RC_OK, "abc", 25 },
	{ "bare LF", "3\nabc\n0\n\n", 100, RC_OK, "abc", 9 },
	{ "empty body", "0\r\n\r\n", 0, RC_OK, "", 5 },
	{ "incomplete", "3\r\nab", 100, RC_AGAIN, NULL, 0 },
	{ "no last chunk", "3\r\nabc\r\n", 100, RC_AGAIN, NULL, 0 },
	{ "no size", "\r\nabc\r\n0\r\n\r\n", 100, RC_PROTO, NULL, 0 },
	{ "bad hex", "3g\r\nabc\r\n0\r\n\r\n", 100, RC_PROTO, NULL, 0 },
	{ "negative", "-3\r\nabc\r\n0\r\n\r\n", 100, RC_PROTO, NULL, 0 },
	{ "0x prefix", "0x3\r\nabc\r\n0\r\n\r\n", 100, RC_PROTO, NULL,
	    0 },
	{ "data too long", "3\r\nabcd\r\n0\r\n\r\n", 100, RC_PROTO, NULL,
	    0 },
	{ "bare CR", "3\rabc\r\n0\r\n\r\n", 100, RC_PROTO, NULL, 0 },
	{ "ctl in ext", "3;\x01\r\nabc\r\n0\r\n\r\n", 100, RC_PROTO,
	    NULL, 0 },
	{ "over limit", "5\r\nabcde\r\n0\r\n\r\n", 4, RC_TOOBIG, NULL, 0 },
	{ "sum over limit", "3\r\nabc\r\n3\r\nabc\r\n0\r\n\r\n", 5,
	    RC_TOOBIG, NULL, 0 },
	{ "huge size", "ffffffffffffffffffff\r\n", 100, RC_TOOBIG, NULL, 0 },
	{ "bad end", "3\r\nabc\r\n0\r\n\rX", 100, RC_PROTO, NULL, 0 },
};

static void
chunk_run(const struct chunk_case *c, size_t step, int *rc, char *out,
    size_t *olen, size_t *used)
{
	struct http_chunked ck;
	const char *d;
	size_t n = strlen(c->in), off = 0, u, dl, k;

	http_chunked_init(&ck, c->limit);
	*olen = 0;
	*rc = RC_AGAIN;
	while (off < n && *rc == RC_AGAIN) {
		k = n - off < step ? n - off : step;
		*rc = http_chunked(&ck, c->in + off, k, &u, &d, &dl);
		memcpy(out + *olen, d, dl);
		*olen += dl;
		off += u;
	}
	*used = off;
}

static void
test_chunked(void)
{
	const struct chunk_case *c;
	char out[256];
	size_t i, olen, used, step;
	int rc;

	for (i = 0; i < sizeof chunk_cases / sizeof chunk_cases[0]; i++) {
		c = &chunk_cases[i];
		for (step = 1; step <= 256; step += 255) {
			chunk_run(c, step, &rc, out, &olen, &used);
			CHECK(rc == c->rc, c->name);
			if (rc != RC_OK || c->rc != RC_OK)
				continue;
			CHECK(olen == strlen(c->data) &&
			    memcmp(out, c->data, olen) == 0, c->name);
			CHECK(used == c->used, c->name);
		}
	}
}

/* Long extension lines and trailer sections are cut off. */
static void
test_chunk_limits(void)
{
	static char in[HTTP_MAX_TRAILERS + 64];
	struct http_chunked ck;
	const char *d;
	size_t u, dl, n;

	memset(in, 'x', sizeof in);
	memcpy(in, "1;", 2);
	http_chunked_init(&ck, 100);
	CHECK(http_chunked(&ck, in, HTTP_MAX_CHUNK_LINE + 8, &u, &d, &dl) ==
	    RC_PROTO, "ext line limit");
	memcpy(in, "0\r\nX: ", 6);
	n = sizeof in;
	http_chunked_init(&ck, 100);
	CHECK(http_chunked(&ck, in, n, &u, &d, &dl) == RC_PROTO,
	    "trailer limit");
}

static const struct check_test tests[] = {
	{ "parse", test_parse }, { "limits", test_limits },
	{ "fields", test_fields },
	{ "split", test_split }, { "pipeline", test_pipeline },
	{ "decode", test_decode }, { "date", test_date }, { "head", test_head },
	{ "head_ref", test_head_ref },
	{ "chunked", test_chunked }, { "chunk_limits", test_chunk_limits },
};

int
main(int argc, char **argv)
{
	return check_main(tests, sizeof tests / sizeof tests[0], argc, argv);
}
