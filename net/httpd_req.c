/*
 * httpd_req.c: the request side of the HTTP server: read heads and
 * bodies from a connection's input, decide the answer, and queue
 * responses in the connection's ring, in order.
 *
 * A head is parsed as it arrives, each byte looked at once: the connection
 * keeps the parse's progress and the request (http_parse_more), and a head is
 * parsed on only when new bytes came.  Then, in this order (RFC 9110, 9112):
 * unknown method 501; Expect other than 100-continue 417; TRACE and CONNECT
 * 405 with Allow; a body over HTTP_MAX_BODY_GET 413.  A body that is not read
 * leaves the framing unknown, so those answers close the connection when the
 * request has one.  Every other request (GET, HEAD, POST, PUT, DELETE, PATCH,
 * OPTIONS) goes to the handler, which decides what each method gets: a body
 * within the limit is read and discarded first (after "100 Continue" if
 * asked), and the request, parsed before the body and still pointing into
 * the buffer, is answered.  A request without Content-Length or
 * Transfer-Encoding has no body (RFC 9112 6.3), POST included: no route
 * takes a body, so there is no 411.  Parse errors (400, 414, 431, 505)
 * close; so do 408 (timeouts) and a bad chunked body.
 *
 * On a redirecting listener (port 80 with TLS on) every request but the
 * health checks gets 301 to https://host[:port]path?query.
 *
 * Interface (httpd_conn.h): httpd_pump, httpd_timers, httpd_release.
 */
#include <string.h>

#include "err.h"
#include "httpd_conn.h"
#include "log.h"
#include "plat.h"

/* The longest Location we write; a longer URL gets 414 on port 80. */
#define HTTPD_LOCATION_MAX	(HTTPD_HEAD_MAX - 256)

#define HTTPD_ERR_BODY(code, text) \
	case code: return "<!doctype html><title>" #code " " text "</title>" \
	    "<h1>" #code " " text "</h1>\n"

/* A small HTML body for the errors the server answers by itself. */
static const char *
httpd_error_body(int status)
{
	switch (status) {
	HTTPD_ERR_BODY(400, "Bad Request");
	HTTPD_ERR_BODY(405, "Method Not Allowed");
	HTTPD_ERR_BODY(408, "Request Timeout");
	HTTPD_ERR_BODY(411, "Length Required");
	HTTPD_ERR_BODY(413, "Content Too Large");
	HTTPD_ERR_BODY(414, "URI Too Long");
	HTTPD_ERR_BODY(417, "Expectation Failed");
	HTTPD_ERR_BODY(431, "Request Header Fields Too Large");
	HTTPD_ERR_BODY(500, "Internal Server Error");
	HTTPD_ERR_BODY(501, "Not Implemented");
	HTTPD_ERR_BODY(505, "HTTP Version Not Supported");
	}
	return "<!doctype html><h1>Error</h1>\n";
}

/* see httpd_conn.h */
void
httpd_release(struct httpd_resp *r)
{
	void (*fn)(void *) = r->release;

	r->release = NULL;
	if (fn != NULL)
		fn(r->arg);
}

/* One access-log line: peer, tls tag, request line, status, bytes. */
static void
httpd_log(struct httpd_conn *c, const struct http_request *req, int status,
    size_t len)
{
	const char *tls = c->tls != NULL ? " tls" : "";
	char ip[16];

	/* Every answer is logged here, so it is counted here. */
	HTTPD_ST(c)->responses[status >= 100 && status < 600 ?
	    status / 100 : 0]++;
	if (httpd.quiet)
		return;
	httpd_peer(c, ip);
	if (req == NULL || req->target == NULL) {	/* no request line */
		log_line("%s%s \"-\" %d %zu", ip, tls, status, len);
		return;
	}
	log_line("%s%s \"%.*s %.*s HTTP/1.%d\" %d %zu", ip, tls,
	    (int)(req->method_len > 16 ? 16 : req->method_len),
	    req->method_str,
	    (int)(req->target_len > 160 ? 160 : req->target_len),
	    req->target, req->minor, status, len);
}

/*
 * Put a response for req (NULL when there is no usable request line) into
 * the ring.  The ring has room: httpd_pump() parses a head only with two
 * slots free ("100 Continue" and the answer), and the timers add an
 * error only to a connection with an empty ring.
 *
 * The parts (httpd_conn.h): the server's lines in head[]; the handler's
 * stored lines and the blank line by reference; the body by reference.
 * A bodiless response (HEAD, 1xx, 204, 304) is released at once, so its
 * stored lines are copied into head[] when they fit; when they do not,
 * they are copied to the transport and the release waits until then.
 */
static void
httpd_queue(struct httpd_conn *c, const struct http_request *req,
    struct http_reply *rep, bool close)
{
	struct httpd_resp *r;
	struct http_head h;
	uint64_t wall = plat_clock_wall();
	bool body, stored = rep->head != NULL && rep->head_len > 0;
	size_t n;

	ASSERT(c->count < HTTPD_RING);
	r = &c->ring[(c->first + c->count) % HTTPD_RING];
	memset(r, 0, offsetof(struct httpd_resp, head));
	/* No body on HEAD, 1xx, 204, 304 (RFC 9110 6.4.1). */
	body = (req == NULL || req->method != HTTP_M_HEAD) &&
	    rep->status >= 200 && rep->status != 204 && rep->status != 304;
	memset(&h, 0, sizeof h);
	h.status = rep->status;
	h.type = rep->type;
	h.length = rep->len;
	h.close = close;
	h.keep_alive_10 = req != NULL && req->minor == 0 && !close;
	h.extra = rep->extra;
	h.extra2 = c->lis->extra;
	h.expires = rep->expires;
	h.expires_s = rep->expires_s;
	h.open = stored;
	n = http_format_head(r->head, sizeof r->head, &h, wall);
	if (n == 0) {		/* the handler's extra lines were too long */
		h.extra = NULL;
		n = http_format_head(r->head, sizeof r->head, &h, wall);
	}
	ASSERT(n > 0);		/* HTTPD_HEAD_MAX holds the server's lines */
	r->part[HTTPD_PART_HEAD] = (struct httpd_part){ (uint8_t *)r->head,
	    n, true };
	if (stored && !body && rep->head_len + 2 < sizeof r->head - n) {
		memcpy(r->head + n, rep->head, rep->head_len);
		memcpy(r->head + n + rep->head_len, "\r\n", 2);
		r->part[HTTPD_PART_HEAD].len += rep->head_len + 2;
	} else if (stored) {
		r->part[HTTPD_PART_STORED] = (struct httpd_part){
		    (const uint8_t *)rep->head, rep->head_len, !body };
		r->part[HTTPD_PART_END] = (struct httpd_part){
		    (const uint8_t *)"\r\n", 2, false };
	}
	r->release = rep->release;
	r->arg = rep->arg;
	if (body) {
		r->part[HTTPD_PART_BODY] = (struct httpd_part){ rep->body,
		    rep->len, false };
		r->len = rep->len;
		r->body = true;
	} else if (r->part[HTTPD_PART_STORED].len == 0) {
		httpd_release(r);	/* nothing of the handler's is kept */
	}
	c->count++;
	if (close)
		c->done = true;
}

/* Answer with one of the server's own errors. */
static void
httpd_error(struct httpd_conn *c, const struct http_request *req,
    int status, bool close)
{
	struct http_reply rep;

	memset(&rep, 0, sizeof rep);
	rep.status = status;
	rep.type = "text/html; charset=utf-8";
	rep.body = httpd_error_body(status);
	rep.len = strlen(rep.body);
	if (status == 405)
		rep.extra = "Allow: GET, HEAD\r\n";
	if (req != NULL && req->target == NULL)
		req = NULL;
	httpd_log(c, req, status, rep.len);
	httpd_queue(c, req, &rep, close);
	c->served++;
}

/* Characters of a Host we copy into a Location (RFC 3986 3.2.2). */
static bool
httpd_host_ok(const char *h, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)h[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') ||
		    strchr("-._~!$&'()*+,;=%:[]", ch) != NULL) || ch == 0)
			return false;
	}
	return n > 0;
}

/* Append n bytes of s to the Location being built at *o; false if full. */
static bool
httpd_loc_put(char **o, const char *end, const char *s, size_t n)
{
	if (n >= (size_t)(end - *o))	/* keep a byte for the NUL */
		return false;
	memcpy(*o, s, n);
	*o += n;
	return true;
}

/* "Location: https://host[:port]path[?query]\r\n" into loc, NUL ended;
 * port 0 is left out.  False if it does not fit. */
static bool
httpd_location(char *loc, size_t size, const char *host, size_t hlen,
    unsigned port, const struct http_request *req)
{
	const char *end = loc + size;
	char num[6], *o = loc;
	size_t n = sizeof num;

	for (; port != 0; port /= 10)	/* decimal, from the right */
		num[--n] = (char)('0' + port % 10);
	if (n < sizeof num)
		num[--n] = ':';
	if (!httpd_loc_put(&o, end, "Location: https://", 18) ||
	    !httpd_loc_put(&o, end, host, hlen) ||
	    !httpd_loc_put(&o, end, num + n, sizeof num - n) ||
	    !httpd_loc_put(&o, end, req->path, req->path_len))
		return false;
	if (req->query != NULL && (!httpd_loc_put(&o, end, "?", 1) ||
	    !httpd_loc_put(&o, end, req->query, req->query_len)))
		return false;
	if (!httpd_loc_put(&o, end, "\r\n", 2))
		return false;
	*o = '\0';
	return true;
}

/* The 301 to https; false with *status set if it cannot be made. */
static bool
httpd_redirect(struct httpd_conn *c, const struct http_request *req,
    struct http_reply *rep, int *status)
{
	static char loc[HTTPD_LOCATION_MAX];
	const char *host = req->host;
	size_t hlen = req->host_len;

	if (host == NULL) {		/* HTTP/1.0 without Host */
		host = c->lis->host;
		hlen = strlen(host);
	}
	if (!httpd_host_ok(host, hlen)) {
		*status = 400;
		return false;
	}
	hlen = http_host_len(host, hlen);
	if (!httpd_location(loc, sizeof loc, host, hlen,
	    c->lis->redirect_port, req)) {
		*status = 414;
		return false;
	}
	rep->status = 301;
	rep->extra = loc;
	rep->body = "";
	return true;
}

/* Answer a request whose body, if any, has been read. */
static void
httpd_answer(struct httpd_conn *c, const struct http_request *req)
{
	struct http_reply rep;
	int status;

	memset(&rep, 0, sizeof rep);
	if (c->lis->redirect &&
	    !http_eq(req->path, req->path_len, HTTP_PATH_HEALTH) &&
	    !http_eq(req->path, req->path_len, HTTP_PATH_READY)) {
		if (!httpd_redirect(c, req, &rep, &status)) {
			httpd_error(c, req, status, !req->keep_alive);
			return;
		}
	} else if (c->lis->fn != NULL) {
		c->lis->fn(c->lis->ctx, req, &rep);
	} else {
		httpd.fn(httpd.ctx, req, &rep);
	}
	httpd_log(c, req, rep.status, rep.len);
	httpd_queue(c, req, &rep, !req->keep_alive);
	c->served++;
}

/* Drop the head at the start of in[]; the next one's clock and parse
 * start. */
static void
httpd_drop_head(struct httpd_conn *c, size_t len)
{
	memmove(c->in, c->in + len, c->in_len - len);
	c->in_len -= len;
	c->start_ms = httpd_now_ms();
	memset(&c->pr, 0, sizeof c->pr);
	c->seen = 0;
}

/* Parse the head at the start of in[] on from where it stopped. */
static int
httpd_parse(struct httpd_conn *c)
{
	int rc;

	if (c->in_len == c->seen)	/* nothing new: still RC_AGAIN */
		return RC_AGAIN;
	c->seen = c->in_len;
	rc = http_parse_more(&c->req, c->in, c->in_len, &c->pr);
	if (rc != RC_AGAIN) {
		httpd.heads++;
		httpd.head_lines += c->pr.lines;
		httpd.head_looked += c->pr.looked;
	}
	return rc;
}

/* A parsed head: answer it, or start reading its body. */
static void
httpd_head(struct httpd_conn *c, const struct http_request *req)
{
	int status = 0;

	if (req->method == HTTP_M_UNKNOWN)
		status = 501;
	else if (req->expect_other)
		status = 417;
	else if (req->method == HTTP_M_OTHER)
		status = 405;
	else if (req->has_body && !req->chunked &&
	    req->content_length > HTTP_MAX_BODY_GET)
		status = 413;
	if (status != 0) {
		httpd_error(c, req, status, !req->keep_alive || req->has_body);
		httpd_drop_head(c, req->head_len);
		return;
	}
	if (!req->has_body) {
		httpd_answer(c, req);
		httpd_drop_head(c, req->head_len);
		return;
	}
	if (req->expect_continue) {
		struct http_reply rep = { .status = 100 };
		httpd_queue(c, NULL, &rep, false);
	}
	c->rx = HTTPD_RX_BODY;
	c->head_len = req->head_len;
	c->chunked = req->chunked;
	c->body_left = req->content_length;
	c->form_len = 0;
	http_chunked_init(&c->ck, HTTP_MAX_BODY_GET);
	c->start_ms = httpd_now_ms();
}

/* Keep what fits of a piece of body for the handler. */
static void
httpd_form_keep(struct httpd_conn *c, const char *d, size_t n)
{
	size_t room = sizeof c->form - c->form_len;

	if (n > room)
		n = room;
	memcpy(c->form + c->form_len, d, n);
	c->form_len = (uint16_t)(c->form_len + n);
}

/* Read body bytes from p (n), keeping the first HTTP_MAX_FORM; RC_OK at
 * its end, RC_AGAIN for more. */
static int
httpd_body_feed(struct httpd_conn *c, const char *p, size_t n, size_t *used)
{
	const char *d;
	size_t u, dl, off = 0;
	int rc = RC_AGAIN;

	if (!c->chunked) {
		*used = n < c->body_left ? n : (size_t)c->body_left;
		httpd_form_keep(c, p, *used);
		c->body_left -= *used;
		return c->body_left == 0 ? RC_OK : RC_AGAIN;
	}
	while (off < n && rc == RC_AGAIN) {
		d = NULL;
		dl = 0;
		rc = http_chunked(&c->ck, p + off, n - off, &u, &d, &dl);
		if (d != NULL)
			httpd_form_keep(c, d, dl);
		off += u;
	}
	*used = off;
	return rc;
}

/* Read the body on; true when the request was answered. */
static bool
httpd_body(struct httpd_conn *c)
{
	size_t hl = c->head_len, n, used;
	const char *p;
	int rc = RC_AGAIN;

	if (c->in_len > hl) {	/* what came with the head */
		rc = httpd_body_feed(c, c->in + hl, c->in_len - hl, &used);
		memmove(c->in + hl, c->in + hl + used, c->in_len - hl - used);
		c->in_len -= used;
	}
	while (rc == RC_AGAIN && (p = httpd_peek(c, &n)) != NULL) {
		rc = httpd_body_feed(c, p, n, &used);
		httpd_consume(c, used);
	}
	if (rc == RC_AGAIN) {
		if (c->peer_fin)
			c->done = true;	/* cut short: no answer */
		return false;
	}
	c->rx = HTTPD_RX_HEAD;
	/* c->req points into the head, unmoved in in[] since it parsed. */
	ASSERT(c->req.head_len == hl);
	c->req.body = c->form;
	c->req.body_len = c->form_len;
	if (rc == RC_OK)
		httpd_answer(c, &c->req);
	else
		httpd_error(c, &c->req, rc == RC_TOOBIG ? 413 : 400, true);
	httpd_drop_head(c, hl);
	return true;
}

/* Copy input into in[] as far as room allows. */
static void
httpd_fill(struct httpd_conn *c)
{
	const char *p;
	size_t n;

	while (c->in_len < sizeof c->in && (p = httpd_peek(c, &n)) != NULL) {
		if (n > sizeof c->in - c->in_len)
			n = sizeof c->in - c->in_len;
		if (c->in_len == 0 && c->served > 0)
			c->start_ms = httpd_now_ms();	/* a new head */
		memcpy(c->in + c->in_len, p, n);
		c->in_len += n;
		httpd_consume(c, n);
	}
}

/* see httpd_conn.h */
void
httpd_pump(struct httpd_conn *c)
{
	const char *p;
	size_t n;
	int rc;

	/* A head needs two slots: "100 Continue" and the answer. */
	while (!c->done &&
	    c->count + (c->rx == HTTPD_RX_HEAD) < HTTPD_RING) {
		if (c->rx == HTTPD_RX_BODY) {
			if (!httpd_body(c))
				break;
			continue;
		}
		httpd_fill(c);
		rc = httpd_parse(c);
		if (rc == RC_AGAIN) {
			if (c->peer_fin && httpd_peek(c, &n) == NULL)
				c->done = true;
			break;
		}
		if (rc != RC_OK) {
			httpd_error(c, &c->req, c->req.status, true);
			break;
		}
		c->req.secure = c->tls != NULL;
		c->req.body = NULL;	/* set when a body was read */
		c->req.body_len = 0;
		httpd_head(c, &c->req);
	}
	if (!c->done)
		return;
	/* Nothing more will be read: let the transport forget it. */
	c->in_len = 0;
	while ((p = httpd_peek(c, &n)) != NULL)
		httpd_consume(c, n);
}

/* see httpd_conn.h */
bool
httpd_timers(struct httpd_conn *c, uint64_t now)
{
	size_t n;
	bool partial;

	if (c->done || c->count > 0)	/* sending: the peer must read */
		return now - c->last_ms > HTTP_SEND_TIMEOUT_MS;
	partial = c->in_len > 0 || httpd_peek(c, &n) != NULL;
	if (c->rx == HTTPD_RX_BODY) {
		if (now - c->start_ms > HTTP_BODY_TIMEOUT_MS)
			httpd_error(c, NULL, 408, true);
	} else if (partial) {
		if (now - c->start_ms > HTTP_HEADER_TIMEOUT_MS)
			httpd_error(c, NULL, 408, true);
	} else if (c->served == 0) {
		if (now - c->start_ms > HTTP_HEADER_TIMEOUT_MS)
			c->done = true;	/* never said a word: just close */
	} else if (now - c->last_ms > HTTP_IDLE_TIMEOUT_MS) {
		c->done = true;		/* idle keep-alive: close with FIN */
	}
	return false;
}
