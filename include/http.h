/*
 * http.h: HTTP/1.1 (RFC 9112) for the appliance, in two parts.
 *
 * The parser and formatter (net/http.c) are pure: no allocation, no I/O,
 * no clock.  The request parser reads a caller buffer and fills a caller
 * struct whose pointers point into that buffer.
 *
 * The server (net/httpd.c) runs on lwIP's raw TCP API in the main loop.
 * It parses requests, answers protocol errors itself, and hands GET,
 * HEAD, POST, PUT, DELETE, PATCH and OPTIONS requests to one handler,
 * which returns the body as (pointer, length, release callback) and,
 * optionally, stored head lines.  Both are sent without copying on plain
 * TCP and released once the peer has acknowledged all of them.
 */
#ifndef HTTP_H
#define HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"

enum http_method {
	HTTP_M_UNKNOWN = 0,	/* a valid token we do not implement: 501 */
	HTTP_M_GET,
	HTTP_M_HEAD,
	HTTP_M_OTHER,		/* a standard method we refuse: 405 */
	/* Handed to the handler like GET and HEAD (its body, up to
	 * HTTP_MAX_BODY_GET, read and dropped first), which answers them:
	 * the site's 403 or 405 (spec 11.4). */
	HTTP_M_POST,
	HTTP_M_PUT,
	HTTP_M_DELETE,
	HTTP_M_PATCH,
	HTTP_M_OPTIONS,
};

struct http_field {
	const char *name;	/* not NUL-terminated */
	const char *value;	/* leading and trailing whitespace removed */
	uint16_t name_len;
	uint16_t value_len;
};

struct http_request {
	/* Request line. */
	enum http_method method;
	const char *method_str;
	size_t method_len;
	const char *target;	/* as sent: origin-form or absolute-form */
	size_t target_len;
	const char *path;	/* still percent-encoded, without the query */
	size_t path_len;
	const char *query;	/* after '?', or NULL */
	size_t query_len;
	int minor;		/* HTTP/1.minor: 0 or 1 */
	/* Header fields the server needs, already interpreted. */
	const char *host;	/* Host (or absolute-form authority), or NULL */
	size_t host_len;
	bool keep_alive;	/* after version default and Connection */
	bool has_body;		/* Content-Length > 0 or Transfer-Encoding */
	bool has_length;	/* Content-Length or Transfer-Encoding sent */
	uint64_t content_length;
	bool chunked;
	/* Expect (RFC 9110 10.1.1), ignored on HTTP/1.0 as it says. */
	bool expect_continue;	/* exactly "100-continue" */
	bool expect_other;	/* anything else: 417 */
	/* All fields, in order. */
	size_t nfields;
	struct http_field fields[HTTP_MAX_FIELDS];
	size_t head_len;	/* bytes of request line and fields */
	bool secure;		/* arrived over TLS (set by the server) */
	/* The body's first HTTP_MAX_FORM bytes (a small form), set by the
	 * server when it calls the handler; the rest was dropped. */
	const char *body;
	size_t body_len;
	int status;		/* on RC_PROTO: 400, 414, 431 or 505 */
};

/*
 * Parse the request head at the start of buf (len bytes; a second,
 * pipelined request may follow it).  Empty lines before the request line
 * are skipped (RFC 9112 2.2) and counted in head_len.  The method is only
 * classified: answering 405 or 501 is the caller's business.  Returns
 *   RC_OK     req filled; req->head_len bytes are the head,
 *   RC_AGAIN  the head is incomplete and within limits: read more,
 *   RC_PROTO  the request is bad; req->status says how to answer.
 * Limits (config.h): request line HTTP_MAX_REQUEST_LINE (414), head
 * HTTP_MAX_HEADER_BLOCK and HTTP_MAX_FIELDS (431).  An HTTP/1.1 request
 * without exactly one Host is 400 (RFC 9112 3.2).  Lines end in CRLF or a
 * bare LF (RFC 9112 2.2).  Transfer-Encoding must end in chunked, may
 * not come with Content-Length, and may not come from HTTP/1.0 (RFC 9112
 * 6.1, 6.3): each is 400.  Each call starts afresh.
 */
int http_parse(struct http_request *req, const char *buf, size_t len)
    __attribute__((warn_unused_result));

/*
 * How far the parse of one head has come, so that a head arriving in
 * pieces is read once: zero it (memset) before the head's first byte.
 */
struct http_progress {
	size_t start;		/* the request line's first byte */
	size_t pos;		/* the first line not yet parsed */
	size_t scan;		/* bytes before it hold no LF after pos */
	uint8_t stage;		/* private to net/http.c */
	/* Counted for tests: how much work the head took. */
	uint32_t lines;		/* lines parsed, the blank line included */
	size_t looked;		/* bytes searched for a line's end */
};

/*
 * http_parse, resumed: buf is the memory of the last call for the same
 * head, its first bytes unchanged, with more (or nothing) appended, and
 * req is the same struct, untouched in between.  Only bytes not seen
 * before are looked at, each line is parsed once, and the verdict and
 * req are what http_parse(req, buf, len) would give, however the bytes
 * were split.  After RC_OK or RC_PROTO, zero pr for the next head.
 */
int http_parse_more(struct http_request *req, const char *buf, size_t len,
    struct http_progress *pr) __attribute__((warn_unused_result));

/*
 * The chunked transfer coding (RFC 9112 7.1), decoded as a stream: feed
 * it the bytes after the head as they arrive.  limit caps the sum of the
 * chunk sizes; extensions and trailers are skipped, within
 * HTTP_MAX_CHUNK_LINE and HTTP_MAX_TRAILERS (config.h).
 */
struct http_chunked {
	uint64_t left;		/* data bytes left in this chunk */
	uint64_t total;		/* data bytes so far */
	uint64_t limit;
	uint32_t line;		/* bytes of this size line, or of trailers */
	uint8_t state;
};

void http_chunked_init(struct http_chunked *ck, uint64_t limit);

/*
 * Decode from in (n bytes); *used is set to the bytes consumed.  When a
 * piece of chunk data was reached, it is returned in *data, *data_len
 * (inside in; otherwise NULL, 0) and decoding stops after it, so call
 * again with the rest.  Returns RC_OK when the body ended (*used bytes
 * include its last CRLF; what follows is the next request), RC_AGAIN
 * when more input is needed (or a piece of data was returned), RC_PROTO
 * for bad framing (400), RC_TOOBIG past the limit (413).
 */
int http_chunked(struct http_chunked *ck, const char *in, size_t n,
    size_t *used, const char **data, size_t *data_len)
    __attribute__((warn_unused_result));

/*
 * The length of a Host value without its port: "example.com:8080" ->
 * 11; an IP literal keeps its brackets ("[::1]:80" -> 5).
 */
size_t http_host_len(const char *host, size_t n);

/*
 * Percent-decode in (n bytes) into out (size bytes) and set *out_len.
 * RC_PROTO for a bad escape or %00 (answer 400), RC_TOOBIG when out is
 * too small.  '+' is left alone (it is not a space in a path).
 */
int http_decode(const char *in, size_t n, char *out, size_t size,
    size_t *out_len) __attribute__((warn_unused_result));

/* Find a field by name (case-insensitive); NULL if absent. */
const struct http_field *http_field(const struct http_request *req,
    const char *name);

/* Case-insensitive comparison of s (n bytes) with the NUL-terminated lit. */
bool http_eq(const char *s, size_t n, const char *lit);

/* The reason phrase for a status code ("Not Found"). */
const char *http_reason(int status);

/* An IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT", is this long. */
#define HTTP_DATE_LEN 29

/* Format unix time secs as an IMF-fixdate plus NUL into out. */
void http_format_date(char out[HTTP_DATE_LEN + 1], uint64_t secs);

/* A response head, as the server writes it. */
struct http_head {
	int status;
	const char *type;	/* Content-Type, or NULL for none */
	uint64_t length;	/* Content-Length */
	bool close;		/* Connection: close, else keep-alive */
	bool keep_alive_10;	/* an HTTP/1.0 peer: say "keep-alive" */
	bool no_length;		/* no Content-Length line (1xx, 204 and
				 * 304 never have one) */
	const char *extra;	/* more CRLF-terminated lines, or NULL */
	const char *extra2;	/* the same, from the listener (HSTS) */
	bool expires;		/* an Expires line: Date plus expires_s */
	int32_t expires_s;
	bool open;		/* leave off the blank line: the caller
				 * sends more lines, then "\r\n" */
};

#define HTTP_SERVER_NAME "appliance"

/*
 * Format the head (status line, Date from wall_ns, Server, Content-Type,
 * Content-Length, Connection, extra, extra2, Expires, blank line) into
 * buf, NUL-terminated.  Returns the length, or 0 if it does not fit in
 * size bytes.  The Date and Expires texts are formatted once per
 * wall-clock second (Expires for the last few expires_s values seen).
 */
size_t http_format_head(char *buf, size_t size, const struct http_head *h,
    uint64_t wall_ns);

/* --- the server (net/httpd*.c) ------------------------------------------ */

/* The handler's answer.  The server fills Date, Server, Content-Length
 * and Connection itself. */
struct http_reply {
	int status;
	const char *type;	/* Content-Type (static or in body's lifetime),
				 * or NULL when head carries it */
	/* Stored header lines (each CRLF-terminated; not NUL-terminated),
	 * sent as they are, e.g. from the site store: valid until release,
	 * like body.  NULL: none. */
	const char *head;
	size_t head_len;
	const char *extra;	/* extra header lines, CRLF-terminated, or NULL;
				 * copied before the handler's next call */
	/* With expires set, an Expires line: Date plus expires_s seconds. */
	bool expires;
	int32_t expires_s;
	const void *body;	/* must stay valid until release is called */
	size_t len;
	/* Called once when body and head are no longer needed (all of it
	 * acknowledged, or copied into the TLS engine, the connection gone,
	 * or at once for HEAD, 1xx, 204 and 304, which send no body: their
	 * head lines are copied then; only head lines too long for the
	 * server's buffer, HTTPD_HEAD_MAX with its own lines, wait until
	 * handed to TCP).  May be NULL. */
	void (*release)(void *arg);
	void *arg;
};

/*
 * Answer one request (GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS; any
 * body already dropped).  req and its strings are valid only during the
 * call.  rep arrives zeroed; the handler must set status.  The server
 * writes no body for HEAD, 1xx, 204 or 304, Content-Length for HEAD as
 * for GET (rep->len), none for 1xx, 204 and 304.  Called in the main
 * loop, from inside net_poll().
 */
typedef void (*http_handler_fn)(void *ctx, const struct http_request *req,
    struct http_reply *rep);

struct tls_server;

/* One listening port. */
struct http_listener {
	uint16_t port;
	struct tls_server *tls;	/* TLS with these certificates; NULL: plain */
	/* Answer 301 to https://host[:redirect_port]/path?query, except for
	 * HTTP_PATH_HEALTH and HTTP_PATH_READY, which go to the handler. */
	bool redirect;
	uint16_t redirect_port;	/* 0: none in the Location (443) */
	const char *host;	/* the main domain, for a Location when a
				 * request has no Host; required to redirect */
	const char *extra;	/* header lines on every response, or NULL */
	/* This port's own handler (the admin API), or NULL for the one of
	 * http_server_init: a port serves one handler's paths only. */
	http_handler_fn fn;
	void *ctx;
};

#define HTTP_PATH_HEALTH	"/healthz"
#define HTTP_PATH_READY		"/readiness"

/* The Strict-Transport-Security line for TLS listeners' extra. */
#define HTTP_STR_(x)		#x
#define HTTP_STR(x)		HTTP_STR_(x)
#define HTTP_HSTS_LINE		"Strict-Transport-Security: max-age=" \
	HTTP_STR(HTTP_HSTS_MAX_AGE) "\r\n"

/*
 * Serve with fn(ctx, ...) on every listener without its own.  Call once, after
 * net_init(), before http_server_listen().
 */
void http_server_init(http_handler_fn fn, void *ctx);

/*
 * Listen on TCP port l->port (all addresses); *l is copied, its strings
 * must live for the program.  At most HTTP_MAX_CONNS connections over
 * all listeners, then the oldest idle keep-alive connection is closed for
 * a newcomer, or with none idle the newcomer is refused (plain: 503 and
 * close; TLS: close).  RC_EXISTS if the port is taken, RC_NOMEM if
 * lwIP is out of PCBs or all HTTPD_MAX_LISTENERS (config.h) are in use,
 * RC_INVAL for a redirecting listener without a host.
 */
int http_server_listen(const struct http_listener *l)
    __attribute__((warn_unused_result));


/* Write one access-log line per request to the console (default on). */
void http_server_log(bool on);

/* Connections open now (for tests and leak checks). */
int http_server_conns(void);

/* What one listener did since it opened, for the admin API's metrics. */
struct http_server_stats {
	uint16_t port;
	bool tls;
	uint64_t accepted;		/* TCP connections taken */
	uint64_t refused;		/* no slot: 503 or reset */
	uint64_t tls_handshakes;	/* completed, resumed ones included */
	uint64_t tls_resumed;
	uint64_t tls_failed;		/* ended before the handshake did */
	uint64_t bytes_out;		/* handed to TCP, TLS records counted */
	uint64_t responses[6];		/* [1]..[5]: 1xx..5xx; [0]: other */
};

/* Fill *st for the i-th listener (in listen order): RC_OK, or
 * RC_NOTFOUND past the last. */
int http_server_stats(int i, struct http_server_stats *st)
    __attribute__((warn_unused_result));

#endif /* HTTP_H */
