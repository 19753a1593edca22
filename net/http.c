/*
 * http.c: the HTTP/1.1 request parser (RFC 9112, RFC 9110): pure, over
 * caller buffers.
 *
 * A head may arrive a byte at a time, so the parser resumes: the caller keeps a
 * struct http_progress with the head, and each call looks only at bytes it has
 * not seen, parsing every line once, as soon as its LF is there.  A verdict is
 * therefore the one a parse of the whole buffer would give, whatever the split:
 * the limits are checked at the same bytes and a bad line is refused before the
 * head ends.  It is strict where leniency lets requests be smuggled (whitespace
 * before ':', obs-fold, Content-Length and Transfer-Encoding together, bad
 * Content-Length) and lenient where RFC 9112 allows (bare LF line ends, empty
 * lines before the request line).
 *
 * Interface: http_parse, http_parse_more, http_decode, http_field,
 * http_eq, http_host_len.
 * (http_fmt.c has the response side.)
 */
#include <stddef.h>
#include <string.h>

#include "err.h"
#include "http.h"
#include "text.h"
#include "plat.h"

/* tchar of RFC 9110 5.6.2. */
static bool
http_is_tchar(unsigned char c)
{
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z'))
		return true;
	return c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static char
http_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* see http.h */
bool
http_eq(const char *s, size_t n, const char *lit)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (lit[i] == '\0' || http_lower(s[i]) != http_lower(lit[i]))
			return false;
	return lit[n] == '\0';
}

static int
http_fail(struct http_request *req, int status)
{
	req->status = status;
	return RC_PROTO;
}

static enum http_method
http_classify(const char *m, size_t n)
{
	/* Handed to the handler, which answers them (http.h). */
	static const struct {
		const char *name;
		enum http_method m;
	} known[] = {
		{ "POST", HTTP_M_POST }, { "PUT", HTTP_M_PUT },
		{ "DELETE", HTTP_M_DELETE }, { "PATCH", HTTP_M_PATCH },
		{ "OPTIONS", HTTP_M_OPTIONS },
		/* Standard, and refused by the server itself: 405. */
		{ "CONNECT", HTTP_M_OTHER }, { "TRACE", HTTP_M_OTHER },
	};
	size_t i;

	/* Methods are case-sensitive (RFC 9110 9.1). */
	if (n == 3 && memcmp(m, "GET", 3) == 0)
		return HTTP_M_GET;
	if (n == 4 && memcmp(m, "HEAD", 4) == 0)
		return HTTP_M_HEAD;
	for (i = 0; i < sizeof known / sizeof known[0]; i++)
		if (strlen(known[i].name) == n &&
		    memcmp(m, known[i].name, n) == 0)
			return known[i].m;
	return HTTP_M_UNKNOWN;
}

/* Split the target into authority (absolute-form), path and query. */
static int
http_target(struct http_request *req, const char *t, size_t n)
{
	const char *q;
	size_t skip = 0, i;

	if (n > 7 && http_eq(t, 7, "http://"))
		skip = 7;
	else if (n > 8 && http_eq(t, 8, "https://"))
		skip = 8;
	if (skip > 0) {
		for (i = skip; i < n && t[i] != '/' && t[i] != '?'; i++)
			;
		req->host = t + skip;
		req->host_len = i - skip;
		if (req->host_len == 0)
			return RC_PROTO;
		t += i;
		n -= i;
		if (n == 0) {		/* "http://host": the path is "/" */
			t = "/";
			n = 1;
		}
	} else if (n == 1 && t[0] == '*') {
		req->path = t;
		req->path_len = 1;
		return RC_OK;
	} else if (n == 0 || t[0] != '/') {
		return RC_PROTO;
	}
	q = memchr(t, '?', n);
	req->path = t;
	req->path_len = q != NULL ? (size_t)(q - t) : n;
	if (q != NULL) {
		req->query = q + 1;
		req->query_len = n - req->path_len - 1;
	}
	if (req->path_len == 0) {	/* "http://h?q" */
		req->path = "/";
		req->path_len = 1;
	}
	return RC_OK;
}

/* "HTTP/1.1": 0, 505, or 400 via req->status. */
static int
http_version(struct http_request *req, const char *v, size_t n)
{
	if (n != 8 || memcmp(v, "HTTP/", 5) != 0 || v[6] != '.' ||
	    v[5] < '0' || v[5] > '9' || v[7] < '0' || v[7] > '9')
		return http_fail(req, 400);
	if (v[5] != '1')
		return http_fail(req, 505);
	/* A later 1.x minor is understood as 1.1 (RFC 9110 6.2). */
	req->minor = v[7] == '0' ? 0 : 1;
	return RC_OK;
}

/* Parse "METHOD SP target SP version" of n bytes (CR already removed). */
static int
http_request_line(struct http_request *req, const char *l, size_t n)
{
	const char *sp1, *sp2;
	size_t i;

	sp1 = memchr(l, ' ', n);
	if (sp1 == NULL || sp1 == l)
		return http_fail(req, 400);
	for (i = 0; l + i < sp1; i++)
		if (!http_is_tchar((unsigned char)l[i]))
			return http_fail(req, 400);
	sp2 = memchr(sp1 + 1, ' ', n - (size_t)(sp1 + 1 - l));
	if (sp2 == NULL)
		return http_fail(req, 400);
	for (i = (size_t)(sp1 + 1 - l); l + i < sp2; i++)
		if ((unsigned char)l[i] <= 0x20 || (unsigned char)l[i] >= 0x7f)
			return http_fail(req, 400);
	req->method_str = l;
	req->method_len = (size_t)(sp1 - l);
	req->method = http_classify(l, req->method_len);
	req->target = sp1 + 1;
	req->target_len = (size_t)(sp2 - sp1 - 1);
	if (http_version(req, sp2 + 1, n - (size_t)(sp2 + 1 - l)) != RC_OK)
		return RC_PROTO;
	if (http_target(req, req->target, req->target_len) != RC_OK)
		return http_fail(req, 400);
	return RC_OK;
}

/* Parse one field line of n bytes (CR removed) into the next slot. */
static int
http_field_line(struct http_request *req, const char *l, size_t n)
{
	struct http_field *f;
	const char *colon;
	size_t i, b, e;

	if (req->nfields == HTTP_MAX_FIELDS)
		return http_fail(req, 431);
	colon = memchr(l, ':', n);
	/* No name, no colon, or whitespace before it (RFC 9112 5.1). */
	if (colon == NULL || colon == l)
		return http_fail(req, 400);
	for (i = 0; l + i < colon; i++)
		if (!http_is_tchar((unsigned char)l[i]))
			return http_fail(req, 400);
	b = (size_t)(colon + 1 - l);
	e = n;
	while (b < e && (l[b] == ' ' || l[b] == '\t'))
		b++;
	while (e > b && (l[e - 1] == ' ' || l[e - 1] == '\t'))
		e--;
	for (i = b; i < e; i++) {
		unsigned char c = (unsigned char)l[i];
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return http_fail(req, 400);
	}
	f = &req->fields[req->nfields++];
	f->name = l;
	f->name_len = (uint16_t)(colon - l);
	f->value = l + b;
	f->value_len = (uint16_t)(e - b);
	return RC_OK;
}

/* Does the comma-separated list v contain token tok? */
static bool
http_list_has(const char *v, size_t n, const char *tok)
{
	size_t i = 0, b, e;

	while (i < n) {
		while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
			i++;
		b = i;
		while (i < n && v[i] != ',')
			i++;
		e = i;
		while (e > b && (v[e - 1] == ' ' || v[e - 1] == '\t'))
			e--;
		if (e > b && http_eq(v + b, e - b, tok))
			return true;
	}
	return false;
}

/* Content-Length: 1*DIGIT, and all copies agree (RFC 9112 6.3). */
static int
http_content_length(struct http_request *req, const struct http_field *f,
    bool *seen)
{
	uint64_t v = 0;
	size_t i;

	if (f->value_len == 0 || f->value_len > 18)
		return RC_PROTO;
	for (i = 0; i < f->value_len; i++) {
		if (f->value[i] < '0' || f->value[i] > '9')
			return RC_PROTO;
		v = v * 10 + (uint64_t)(f->value[i] - '0');
	}
	if (*seen && v != req->content_length)
		return RC_PROTO;
	*seen = true;
	req->content_length = v;
	return RC_OK;
}

/* Interpret Host, Connection, Content-Length, Transfer-Encoding. */
static int
http_interpret(struct http_request *req)
{
	bool cl = false, te = false, close = false, ka = false, ex = false;
	int hosts = 0;
	size_t i;

	for (i = 0; i < req->nfields; i++) {
		const struct http_field *f = &req->fields[i];

		if (http_eq(f->name, f->name_len, "host")) {
			if (hosts++ == 0 && req->host == NULL) {
				req->host = f->value;
				req->host_len = f->value_len;
			}
		} else if (http_eq(f->name, f->name_len, "connection")) {
			close |= http_list_has(f->value, f->value_len, "close");
			ka |= http_list_has(f->value, f->value_len,
			    "keep-alive");
		} else if (http_eq(f->name, f->name_len, "content-length")) {
			if (http_content_length(req, f, &cl) != RC_OK)
				return http_fail(req, 400);
		} else if (http_eq(f->name, f->name_len,
		    "transfer-encoding")) {
			te = true;
			/* Only the last coding matters: it must be chunked. */
			req->chunked = f->value_len >= 7 && http_eq(f->value +
			    f->value_len - 7, 7, "chunked");
		} else if (http_eq(f->name, f->name_len, "expect")) {
			if (http_eq(f->value, f->value_len, "100-continue") &&
			    !ex)
				req->expect_continue = true;
			else
				req->expect_other = true;
			ex = true;
		}
	}
	if (req->minor == 0) {	/* Expect is for 1.1 (RFC 9110 10.1.1) */
		req->expect_continue = false;
		req->expect_other = false;
	}
	if (hosts > 1 || (hosts == 0 && req->minor == 1))
		return http_fail(req, 400);
	/* Ambiguous framing is how requests are smuggled (RFC 9112 6.1). */
	if (te && (cl || !req->chunked || req->minor == 0))
		return http_fail(req, 400);
	if (req->expect_continue && req->expect_other)
		req->expect_continue = false;
	req->has_body = te || req->content_length > 0;
	req->has_length = te || cl;
	req->keep_alive = req->minor == 1 ? !close : ka && !close;
	return RC_OK;
}

/* Stages of a head's parse (struct http_progress). */
enum {
	HTTP_P_SKIP = 0,	/* empty lines before the request line */
	HTTP_P_LINE,		/* the request line */
	HTTP_P_FIELDS,		/* field lines, up to the blank line */
	HTTP_P_DONE,		/* a verdict was given */
};

/* No LF yet after pr->pos: refuse past the limits, else wait. */
static int
http_incomplete(struct http_request *req, const char *buf, size_t len,
    const struct http_progress *pr)
{
	size_t n = len - pr->start;

	if (pr->stage == HTTP_P_FIELDS)
		return n > HTTP_MAX_HEADER_BLOCK ? http_fail(req, 431) :
		    RC_AGAIN;
	/* A CR at the end may be the start of the CRLF: the limit must
	 * not depend on where the segments split. */
	if (n > 0 && buf[len - 1] == '\r')
		n--;
	return n > HTTP_MAX_REQUEST_LINE ? http_fail(req, 414) : RC_AGAIN;
}

/* The request line, buf[pr->pos, lf). */
static int
http_first_line(struct http_request *req, const char *buf, size_t lf,
    const struct http_progress *pr)
{
	size_t n = lf - pr->start;

	if (n > 0 && buf[lf - 1] == '\r')
		n--;
	if (n > HTTP_MAX_REQUEST_LINE)
		return http_fail(req, 414);
	if (memchr(buf + pr->start, '\r', n) != NULL)
		return http_fail(req, 400);
	return http_request_line(req, buf + pr->start, n);
}

/* A field line or the blank line, buf[pr->pos, lf). */
static int
http_next_line(struct http_request *req, const char *buf, size_t lf,
    struct http_progress *pr)
{
	size_t pos = pr->pos, n = lf - pos;

	if (lf + 1 - pr->start > HTTP_MAX_HEADER_BLOCK)
		return http_fail(req, 431);
	if (n > 0 && buf[lf - 1] == '\r')
		n--;
	if (n == 0) {
		req->head_len = lf + 1;
		pr->stage = HTTP_P_DONE;
		return http_interpret(req);
	}
	/* obs-fold, and bare CR inside a line, are rejected. */
	if (buf[pos] == ' ' || buf[pos] == '\t' ||
	    memchr(buf + pos, '\r', n) != NULL)
		return http_fail(req, 400);
	return http_field_line(req, buf + pos, n);
}

/* Skip empty lines before the request line; false if all is skipped. */
static bool
http_skip(const char *buf, size_t len, struct http_progress *pr)
{
	while (pr->pos < len && (buf[pr->pos] == '\r' ||
	    buf[pr->pos] == '\n'))
		pr->pos++;
	pr->start = pr->scan = pr->pos;
	if (pr->pos == len)
		return false;
	pr->stage = HTTP_P_LINE;
	return true;
}

/* see http.h */
int
http_parse_more(struct http_request *req, const char *buf, size_t len,
    struct http_progress *pr)
{
	const char *lf;
	int rc;

	if (pr->stage == HTTP_P_SKIP) {
		if (pr->pos == 0) {	/* a new head */
			memset(req, 0, offsetof(struct http_request, fields));
			req->nfields = 0;
		}
		if (!http_skip(buf, len, pr))
			return http_incomplete(req, buf, len, pr);
	}
	ASSERT(pr->stage != HTTP_P_DONE && pr->scan <= len);
	for (;;) {
		/* Bytes after scan were never looked at: look at each once. */
		lf = memchr(buf + pr->scan, '\n', len - pr->scan);
		pr->looked += (lf != NULL ? (size_t)(lf + 1 - buf) : len) -
		    pr->scan;
		if (lf == NULL) {
			pr->scan = len;
			return http_incomplete(req, buf, len, pr);
		}
		pr->lines++;
		if (pr->stage == HTTP_P_LINE) {
			rc = http_first_line(req, buf, (size_t)(lf - buf), pr);
			pr->stage = HTTP_P_FIELDS;
		} else {
			rc = http_next_line(req, buf, (size_t)(lf - buf), pr);
		}
		if (rc != RC_OK || pr->stage == HTTP_P_DONE) {
			pr->stage = HTTP_P_DONE;
			return rc;
		}
		pr->pos = pr->scan = (size_t)(lf + 1 - buf);
	}
}

/* see http.h */
int
http_parse(struct http_request *req, const char *buf, size_t len)
{
	struct http_progress pr;

	memset(&pr, 0, sizeof pr);
	return http_parse_more(req, buf, len, &pr);
}


/* see http.h */
int
http_decode(const char *in, size_t n, char *out, size_t size,
    size_t *out_len)
{
	size_t i, o = 0;
	int hi, lo;

	for (i = 0; i < n; i++, o++) {
		if (o == size)
			return RC_TOOBIG;
		if (in[i] != '%') {
			out[o] = in[i];
			continue;
		}
		if (n - i < 3)
			return RC_PROTO;
		hi = hex_digit(in[i + 1]);
		lo = hex_digit(in[i + 2]);
		if (hi < 0 || lo < 0 || (hi | lo) == 0)
			return RC_PROTO;
		out[o] = (char)(hi << 4 | lo);
		i += 2;
	}
	*out_len = o;
	return RC_OK;
}

/* see http.h */
const struct http_field *
http_field(const struct http_request *req, const char *name)
{
	size_t i;

	for (i = 0; i < req->nfields; i++)
		if (http_eq(req->fields[i].name, req->fields[i].name_len, name))
			return &req->fields[i];
	return NULL;
}

/* see http.h */
size_t
http_host_len(const char *h, size_t n)
{
	const char *end;

	if (n > 0 && h[0] == '[') {	/* IP-literal */
		end = memchr(h, ']', n);
		return end != NULL ? (size_t)(end - h + 1) : n;
	}
	end = memchr(h, ':', n);
	return end != NULL ? (size_t)(end - h) : n;
}
