/*
 * test_httpd.c: the HTTP server (net/httpd.c, net/httpd_req.c) as a
 * client sees it, in one process, on fake time.  Silent on success; a
 * failure prints file:line and the case, and the program exits 1.
 *
 *   test_httpd [all|pipeline|header_timeout|silent|body_timeout|idle|
 *       send_stall|release_after_ack|release_on_reset|evict|refuse|
 *       continue|get_body_limit|bytewise|bytewise_limits|methods|stored|
 *       bighead|framing|own_errors|tls_secure]
 *
 * The server is the image's own code (libupper.a) on lwIP; the clients
 * are lwIP raw-API connections in the same stack (tcp_pair.h), on
 * fake_plat.c's clock: lwIP's timers and the server's timeouts move only
 * in pair_run_ms(), so a 30-second timeout costs no real time and "not
 * before" is exact.  Each test starts with no connection open and its
 * teardown checks that none is left and every body was released once.
 *
 * Interface: main, the test table at the end.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bearssl.h>

#include "config.h"
#include "err.h"
#include "http.h"
#include "httpd_conn.h"
#include "lwip/tcp.h"
#include "plat.h"
#include "tcp_pair.h"
#include "tls.h"
#include "check.h"

#define TPORT		8080
#define RPORT		8081	/* a redirecting listener (port 80's role) */
#define SPORT		8443	/* a TLS listener (test_tls_secure) */
#define BIG_LEN		(300 * 1024)	/* over TCP_SND_BUF and TCP_WND */
#define MAX_BODIES	1024
#define NCLIENTS	(HTTP_MAX_CONNS + 1)
#define OLDEST		5	/* the idle client the eviction test expects */

static struct pair_client clients[NCLIENTS];

/* --- the handler: bodies with a counted release ------------------------- */

static int release_calls[MAX_BODIES];	/* per body handed out */
static int nbodies;			/* bodies handed out */
static int bodies_out;			/* handed out, not released */
static char big[BIG_LEN];

static void
body_release(void *arg)
{
	release_calls[(intptr_t)arg]++;
	bodies_out--;
}

/* The listeners' lines, as app/main.c gives them (spec 9.1). */
#define SEC	"X-Content-Type-Options: nosniff\r\n" \
	"X-XSS-Protection: 1; mode=block\r\n"

/* Stored head lines, as the site store keeps them (not NUL-ended there). */
#define STORED	"Cache-Control: max-age=60\r\nETag: \"abc\"\r\n"

static char big_stored[2048];	/* 2 KiB of stored lines */
static char big_extra[3072];	/* a 3 KiB Location */

/* The body /m answers: the method the handler was given. */
static const char *
method_name(enum http_method m)
{
	switch (m) {
	case HTTP_M_GET: return "GET";
	case HTTP_M_HEAD: return "HEAD";
	case HTTP_M_POST: return "POST";
	case HTTP_M_PUT: return "PUT";
	case HTTP_M_DELETE: return "DELETE";
	case HTTP_M_PATCH: return "PATCH";
	case HTTP_M_OPTIONS: return "OPTIONS";
	default: return "?";
	}
}

/* The framing cases: stored head lines, Expires, 204, 304, secure. */
static void
handler_special(const struct http_request *req, struct http_reply *rep)
{
	if (http_eq(req->path, req->path_len, "/m")) {
		rep->body = method_name(req->method);
	} else if (http_eq(req->path, req->path_len, "/stored")) {
		rep->type = NULL;
		rep->head = STORED;
		rep->head_len = sizeof STORED - 1;
		rep->body = "stored-body";
	} else if (http_eq(req->path, req->path_len, "/304")) {
		rep->status = 304;
		rep->type = NULL;
		rep->head = STORED;
		rep->head_len = sizeof STORED - 1;
		rep->body = "not sent";
	} else if (http_eq(req->path, req->path_len, "/204")) {
		rep->status = 204;
		rep->type = NULL;
		rep->body = "";
	} else if (http_eq(req->path, req->path_len, "/exp")) {
		rep->expires = true;
		rep->expires_s = 60;
	} else if (http_eq(req->path, req->path_len, "/bighead")) {
		rep->head = big_stored;
		rep->head_len = sizeof big_stored;
		rep->extra = big_extra;
	} else if (http_eq(req->path, req->path_len, "/secure")) {
		rep->body = req->secure ? "secure" : "plain";
	}
}

/* /a, /b, /c: short bodies; /big: BIG_LEN bytes; the special cases
 * above; anything else: "hello". */
static void
handler(void *ctx, const struct http_request *req, struct http_reply *rep)
{
	static const char *const bodies[][2] = {
		{ "/a", "alpha" }, { "/b", "bravo" }, { "/c", "charlie" },
	};
	size_t i;

	rep->status = 200;
	rep->type = "text/plain";
	rep->body = "hello";
	for (i = 0; i < sizeof bodies / sizeof bodies[0]; i++)
		if (http_eq(req->path, req->path_len, bodies[i][0]))
			rep->body = bodies[i][1];
	handler_special(req, rep);
	rep->len = strlen(rep->body);
	if (http_eq(req->path, req->path_len, "/big")) {
		rep->body = big;
		rep->len = sizeof big;
	}
	ASSERT(nbodies < MAX_BODIES);
	rep->release = body_release;
	rep->arg = (void *)(intptr_t)nbodies++;
	bodies_out++;
}

/* --- responses as the client reads them --------------------------------- */

struct resp {
	int status;
	const char *head, *body;
	size_t head_len, body_len;
};

static const char *
find(const char *buf, size_t len, const char *s)
{
	size_t n = strlen(s), i;

	for (i = 0; i + n <= len; i++)
		if (memcmp(buf + i, s, n) == 0)
			return buf + i;
	return NULL;
}

/*
 * The response at buf (len bytes); a HEAD's has no body whatever its
 * Content-Length.  Returns its size, 0 while it is incomplete.
 */
static size_t
resp_parse(const char *buf, size_t len, bool head_only, struct resp *r)
{
	const char *end = find(buf, len, "\r\n\r\n"), *cl;

	memset(r, 0, sizeof *r);
	if (end == NULL)
		return 0;
	r->head = buf;
	r->head_len = (size_t)(end + 4 - buf);
	if (sscanf(buf, "HTTP/1.1 %d ", &r->status) != 1)
		r->status = -1;
	cl = find(buf, r->head_len, "\r\nContent-Length: ");
	if (cl != NULL && !head_only)
		r->body_len = strtoul(cl + 18, NULL, 10);
	if (len - r->head_len < r->body_len)
		return 0;
	r->body = buf + r->head_len;
	return r->head_len + r->body_len;
}

static bool
resp_has(const struct resp *r, const char *line)
{
	return find(r->head, r->head_len, line) != NULL;
}

/* How often s (n bytes) occurs in the head. */
static int
resp_count(const struct resp *r, const char *s, size_t n)
{
	size_t i;
	int k = 0;

	for (i = 0; i + n <= r->head_len; i++)
		k += memcmp(r->head + i, s, n) == 0;
	return k;
}

/* The listener's lines, once each, as the last lines but one's. */
static bool
resp_sec(const struct resp *r)
{
	return resp_count(r, SEC, sizeof SEC - 1) == 1;
}

static bool
resp_is(const struct resp *r, int status, const char *body)
{
	return r->status == status && r->body_len == strlen(body) &&
	    memcmp(r->body, body, r->body_len) == 0;
}

/* The first response c received (status -1 when none is complete). */
static struct resp
first_resp(const struct pair_client *c)
{
	struct resp r;

	if (c->rx == NULL || resp_parse(c->rx, c->rx_len, false, &r) == 0)
		r.status = -1;
	return r;
}

/* --- set-up and teardown ------------------------------------------------ */

/* lwIP, the wire and the server on TPORT, once per run. */
static void
setup(void)
{
	static bool done;
	struct http_listener l = { .port = TPORT, .extra = SEC };
	struct http_listener rl = { .port = RPORT, .extra = SEC,
	    .redirect = true, .host = "main.test" };
	size_t i;

	if (done)
		return;
	done = true;
	for (i = 0; i < sizeof big; i++)
		big[i] = (char)('a' + i % 26);
	/* "X-Pad-NNNN: aaa...\r\n" lines, 64 bytes each. */
	for (i = 0; i < sizeof big_stored; i += 64) {
		memset(big_stored + i, 'a', 64);
		snprintf(big_stored + i, 13, "X-Pad-%04zu: ", i / 64);
		big_stored[i + 12] = 'a';
		memcpy(big_stored + i + 62, "\r\n", 2);
	}
	memset(big_extra, 'p', sizeof big_extra);
	memcpy(big_extra, "Location: /", 11);
	memcpy(big_extra + sizeof big_extra - 3, "\r\n", 3);
	pair_init(TPORT);
	http_server_init(handler, NULL);
	http_server_log(false);
	ASSERT(http_server_listen(&l) == RC_OK);
	ASSERT(http_server_listen(&rl) == RC_OK);
}

/* Reset every client; then nothing may be left open or unreleased. */
static void
teardown(const char *name)
{
	int i;

	pair_hold_acks = false;
	pair_release_held();
	for (i = 0; i < NCLIENTS; i++)
		pair_close(&clients[i]);
	pair_run_ms(PAIR_STEP_MS);
	CHECK(http_server_conns() == 0, name);
	CHECK(bodies_out == 0, name);
	for (i = 0; i < nbodies; i++)
		CHECK(release_calls[i] == 1, name);
	memset(release_calls, 0, sizeof release_calls);
	nbodies = bodies_out = 0;
}

/* --- the tests ---------------------------------------------------------- */

/* Three requests in one segment: three answers in order, HEAD bodiless. */
static void
test_pipeline(void)
{
	static const bool head_only[3] = { false, true, false };
	struct pair_client *c = &clients[0];
	struct resp r[3];
	size_t off = 0, n;
	int i;

	setup();
	CHECK(pair_open(c), "pipeline: connect");
	pair_send(c, "GET /a HTTP/1.1\r\nHost: t\r\n\r\n"
	    "HEAD /b HTTP/1.1\r\nHost: t\r\n\r\n"
	    "GET /c HTTP/1.1\r\nHost: t\r\n\r\n");
	pair_run_ms(PAIR_STEP_MS);
	for (i = 0; i < 3; i++) {
		n = resp_parse(c->rx + off, c->rx_len - off, head_only[i],
		    &r[i]);
		CHECK(n > 0, "pipeline: three responses");
		if (n == 0)
			break;
		off += n;
	}
	if (i == 3) {
		CHECK(resp_is(&r[0], 200, "alpha"), "pipeline: first");
		CHECK(resp_is(&r[1], 200, ""), "pipeline: HEAD");
		CHECK(resp_has(&r[1], "Content-Length: 5\r\n"),
		    "pipeline: HEAD says GET's length");
		CHECK(resp_is(&r[2], 200, "charlie"), "pipeline: third");
		CHECK(off == c->rx_len, "pipeline: no bytes after them");
	}
	CHECK(nbodies == 3 && bodies_out == 0, "pipeline: all released");
	CHECK(!c->fin && http_server_conns() == 1, "pipeline: kept alive");
	teardown("pipeline");
}

/* A partial head: 408 and close after HTTP_HEADER_TIMEOUT_MS, not before. */
static void
test_header_timeout(void)
{
	struct pair_client *c = &clients[0];
	struct resp r;

	setup();
	CHECK(pair_open(c), "header_timeout: connect");
	pair_send(c, "GET /a HTTP/1.1\r\nHost: t\r\n");
	pair_run_ms(HTTP_HEADER_TIMEOUT_MS);
	CHECK(c->rx_len == 0 && !c->fin, "header_timeout: not before");
	pair_run_ms(2 * HTTP_TICK_MS);
	r = first_resp(c);
	CHECK(r.status == 408, "header_timeout: 408");
	CHECK(r.status == 408 && resp_has(&r, "Connection: close\r\n") &&
	    resp_sec(&r), "header_timeout: says close");
	CHECK(c->fin && http_server_conns() == 0, "header_timeout: closed");
	CHECK(nbodies == 0, "header_timeout: handler not called");
	teardown("header_timeout");
}

/* A connection that never sends: closed at the header timeout, no 408. */
static void
test_silent(void)
{
	struct pair_client *c = &clients[0];

	setup();
	CHECK(pair_open(c), "silent: connect");
	pair_run_ms(HTTP_HEADER_TIMEOUT_MS);
	CHECK(!c->fin && http_server_conns() == 1, "silent: not before");
	pair_run_ms(2 * HTTP_TICK_MS);
	CHECK(c->fin && c->rx_len == 0, "silent: bare close");
	CHECK(http_server_conns() == 0, "silent: slot freed");
	teardown("silent");
}

/* A body that stops coming: 408 after HTTP_BODY_TIMEOUT_MS, not before. */
static void
test_body_timeout(void)
{
	struct pair_client *c = &clients[0];
	struct resp r;

	setup();
	CHECK(pair_open(c), "body_timeout: connect");
	pair_send(c, "GET /a HTTP/1.1\r\nHost: t\r\n"
	    "Content-Length: 10\r\n\r\nabc");
	pair_run_ms(HTTP_BODY_TIMEOUT_MS);
	CHECK(c->rx_len == 0 && !c->fin, "body_timeout: not before");
	pair_run_ms(2 * HTTP_TICK_MS);
	r = first_resp(c);
	CHECK(r.status == 408 && resp_has(&r, "Connection: close\r\n"),
	    "body_timeout: 408 and close");
	CHECK(c->fin && http_server_conns() == 0, "body_timeout: closed");
	CHECK(nbodies == 0, "body_timeout: handler not called");
	teardown("body_timeout");
}

/* An answered keep-alive connection closes after HTTP_IDLE_TIMEOUT_MS. */
static void
test_idle(void)
{
	struct pair_client *c = &clients[0];
	struct resp r;
	size_t got;

	setup();
	CHECK(pair_open(c), "idle: connect");
	pair_send(c, "GET /a HTTP/1.1\r\nHost: t\r\n\r\n");
	r = first_resp(c);
	CHECK(resp_is(&r, 200, "alpha"), "idle: answered");
	got = c->rx_len;
	pair_run_ms(HTTP_IDLE_TIMEOUT_MS);
	CHECK(!c->fin && http_server_conns() == 1, "idle: not before");
	pair_run_ms(2 * HTTP_TICK_MS);
	CHECK(c->fin && c->rx_len == got, "idle: closed with no more bytes");
	CHECK(http_server_conns() == 0, "idle: slot freed");
	teardown("idle");
}

/* A peer that stops reading (zero window) is reset after
 * HTTP_SEND_TIMEOUT_MS, and its body released then. */
static void
test_send_stall(void)
{
	struct pair_client *c = &clients[0];

	setup();
	CHECK(pair_open(c), "send_stall: connect");
	c->stop_reading = true;
	pair_send(c, "GET /big HTTP/1.1\r\nHost: t\r\n\r\n");
	CHECK(c->rx_len > 0 && c->rx_len < BIG_LEN,
	    "send_stall: window closed mid-body");
	pair_run_ms(HTTP_SEND_TIMEOUT_MS);
	CHECK(c->pcb != NULL && http_server_conns() == 1,
	    "send_stall: not before");
	CHECK(nbodies == 1 && release_calls[0] == 0,
	    "send_stall: body kept while sending");
	pair_run_ms(2 * HTTP_TICK_MS);
	CHECK(http_server_conns() == 0, "send_stall: slot freed");
	CHECK(release_calls[0] == 1, "send_stall: released once");
	/*
	 * The abort's RST carries the sequence number after the last
	 * zero-window probe, outside a shut window, so the peer drops it
	 * (as Linux would); it learns of the reset when it reads again.
	 */
	pair_resume(c);
	CHECK(c->reset, "send_stall: reset");
	teardown("send_stall");
}

/* The body is released once the peer has acknowledged all of it, and
 * not when it has merely received it. */
static void
test_release_after_ack(void)
{
	struct pair_client *c = &clients[0];
	struct resp r;
	bool early = false;
	int i;

	setup();
	CHECK(pair_open(c), "release_after_ack: connect");
	pair_hold_acks = true;
	pair_send(c, "GET /big HTTP/1.1\r\nHost: t\r\n\r\n");
	/* One round trip at a time: the ACKs of one flight go back only
	 * after the server has been checked. */
	for (i = 0; i < 10000 && first_resp(c).status == -1; i++) {
		early = early || release_calls[0] != 0;
		pair_release_held();
		pair_pump();
	}
	CHECK(!early, "release_after_ack: not while data is in flight");
	r = first_resp(c);
	CHECK(r.status == 200 && r.body_len == BIG_LEN &&
	    memcmp(r.body, big, BIG_LEN) == 0, "release_after_ack: body");
	CHECK(pair_held() > 0 && release_calls[0] == 0,
	    "release_after_ack: received, last ACK held, not released");
	pair_hold_acks = false;
	pair_release_held();
	pair_pump();
	CHECK(release_calls[0] == 1 && bodies_out == 0,
	    "release_after_ack: released on the last ACK");
	CHECK(!c->fin, "release_after_ack: kept alive");
	teardown("release_after_ack");
}

/* A reset mid-body releases it, once, at once. */
static void
test_release_on_reset(void)
{
	struct pair_client *c = &clients[0];

	setup();
	CHECK(pair_open(c), "release_on_reset: connect");
	c->stop_reading = true;
	pair_send(c, "GET /big HTTP/1.1\r\nHost: t\r\n\r\n");
	CHECK(c->rx_len > 0 && c->rx_len < BIG_LEN,
	    "release_on_reset: mid-body");
	CHECK(nbodies == 1 && release_calls[0] == 0,
	    "release_on_reset: held while sending");
	tcp_abort(c->pcb);
	pair_pump();
	CHECK(release_calls[0] == 1, "release_on_reset: released");
	CHECK(http_server_conns() == 0, "release_on_reset: slot freed");
	teardown("release_on_reset");
}

/* Open HTTP_MAX_CONNS connections; true if all are established. */
static bool
fill_server(void)
{
	bool ok = true;
	int i;

	for (i = 0; i < HTTP_MAX_CONNS; i++)
		ok = pair_open(&clients[i]) && ok;
	return ok && http_server_conns() == HTTP_MAX_CONNS;
}

/* At the cap, the connection idle longest gives way to a newcomer. */
static void
test_evict(void)
{
	struct pair_client *n = &clients[HTTP_MAX_CONNS];
	int i, answered = 0, closed = 0;

	setup();
	CHECK(fill_server(), "evict: fill");
	pair_send(&clients[OLDEST], "GET /a HTTP/1.1\r\nHost: t\r\n\r\n");
	pair_run_ms(PAIR_STEP_MS);
	for (i = 0; i < HTTP_MAX_CONNS; i++)
		if (i != OLDEST)
			pair_send(&clients[i],
			    "GET /a HTTP/1.1\r\nHost: t\r\n\r\n");
	for (i = 0; i < HTTP_MAX_CONNS; i++)
		answered += first_resp(&clients[i]).status == 200;
	CHECK(answered == HTTP_MAX_CONNS, "evict: all answered");
	CHECK(pair_open(n), "evict: newcomer connects");
	pair_send(n, "GET /c HTTP/1.1\r\nHost: t\r\n\r\n");
	CHECK(first_resp(n).status == 200, "evict: newcomer answered");
	CHECK(clients[OLDEST].fin, "evict: oldest idle closed");
	for (i = 0; i < HTTP_MAX_CONNS; i++)
		closed += clients[i].fin;
	CHECK(closed == 1, "evict: only it");
	CHECK(http_server_conns() == HTTP_MAX_CONNS, "evict: still at cap");
	teardown("evict");
}

/* At the cap with none idle, a newcomer gets 503 and a close. */
static void
test_refuse(void)
{
	struct pair_client *n = &clients[HTTP_MAX_CONNS];
	struct resp r;
	int i, closed = 0;

	setup();
	CHECK(fill_server(), "refuse: fill");
	CHECK(pair_open(n), "refuse: newcomer connects");
	pair_pump();
	r = first_resp(n);
	CHECK(r.status == 503 && resp_has(&r, "Connection: close\r\n") &&
	    resp_has(&r, "Retry-After: 1\r\n") && resp_sec(&r),
	    "refuse: 503");
	CHECK(n->fin, "refuse: closed");
	for (i = 0; i < HTTP_MAX_CONNS; i++)
		closed += clients[i].fin;
	CHECK(closed == 0, "refuse: nobody else closed");
	CHECK(http_server_conns() == HTTP_MAX_CONNS, "refuse: still at cap");
	teardown("refuse");
}

/* Expect: 100-continue gets "100 Continue", then, after the body, the
 * answer. */
static void
test_continue(void)
{
	struct pair_client *c = &clients[0];
	struct resp r;
	size_t n;

	setup();
	CHECK(pair_open(c), "continue: connect");
	pair_send(c, "GET /a HTTP/1.1\r\nHost: t\r\n"
	    "Expect: 100-continue\r\nContent-Length: 5\r\n\r\n");
	n = c->rx_len > 0 ? resp_parse(c->rx, c->rx_len, false, &r) : 0;
	CHECK(n > 0 && r.status == 100 && n == c->rx_len,
	    "continue: 100 alone");
	CHECK(n == 0 || !resp_has(&r, "Content-Length"),
	    "continue: no Content-Length on 1xx");
	CHECK(nbodies == 0, "continue: handler waits for the body");
	pair_send(c, "hello");
	if (n > 0) {
		CHECK(resp_parse(c->rx + n, c->rx_len - n, false, &r) > 0 &&
		    resp_is(&r, 200, "alpha"), "continue: then the answer");
		CHECK(!resp_has(&r, "Connection: close"),
		    "continue: kept alive");
	}
	CHECK(!c->fin, "continue: open");
	teardown("continue");
}

/* A GET body of HTTP_MAX_BODY_GET is read and dropped; one byte more, by
 * length or chunked, is 413 and close. */
static void
test_get_body_limit(void)
{
	static char body[HTTP_MAX_BODY_GET + 1];
	char head[128];
	struct resp r;

	setup();
	memset(body, 'b', sizeof body);
	CHECK(pair_open(&clients[0]), "get_body_limit: connect");
	snprintf(head, sizeof head, "GET /a HTTP/1.1\r\nHost: t\r\n"
	    "Content-Length: %d\r\n\r\n", HTTP_MAX_BODY_GET);
	pair_send(&clients[0], head);
	pair_write(&clients[0], body, HTTP_MAX_BODY_GET);
	r = first_resp(&clients[0]);
	CHECK(resp_is(&r, 200, "alpha") && !clients[0].fin,
	    "get_body_limit: at the limit");

	CHECK(pair_open(&clients[1]), "get_body_limit: connect");
	snprintf(head, sizeof head, "GET /a HTTP/1.1\r\nHost: t\r\n"
	    "Content-Length: %d\r\n\r\n", HTTP_MAX_BODY_GET + 1);
	pair_send(&clients[1], head);
	r = first_resp(&clients[1]);
	CHECK(r.status == 413 && resp_has(&r, "Connection: close\r\n") &&
	    resp_sec(&r) && clients[1].fin, "get_body_limit: length over");

	CHECK(pair_open(&clients[2]), "get_body_limit: connect");
	snprintf(head, sizeof head, "GET /a HTTP/1.1\r\nHost: t\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n%x\r\n",
	    HTTP_MAX_BODY_GET + 1);
	/* The size line is enough: the server answers before the data. */
	pair_send(&clients[2], head);
	r = first_resp(&clients[2]);
	CHECK(r.status == 413 && resp_has(&r, "Connection: close\r\n") &&
	    clients[2].fin, "get_body_limit: chunked over");
	CHECK(nbodies == 1, "get_body_limit: handler only at the limit");
	teardown("get_body_limit");
}

/* n bytes of s, one TCP segment each. */
static void
send_bytewise(struct pair_client *c, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		pair_write(c, s + i, 1);
}

/* n bytes of s in segments of at most 1 KiB (within lwIP's send buffer). */
static void
send_bulk(struct pair_client *c, const char *s, size_t n)
{
	size_t k;

	for (; n > 0; s += k, n -= k) {
		k = n < 1024 ? n : 1024;
		pair_write(c, s, k);
	}
}

/* A head a byte per segment: parsed once, each byte looked at once, and
 * the same answer; a GET body after it does not make it parse again. */
static void
test_bytewise(void)
{
	static const char get[] = "GET /b HTTP/1.1\r\nHost: t\r\n"
	    "User-Agent: one byte at a time\r\nAccept: */*\r\n\r\n";
	static const char body[] = "GET /c HTTP/1.1\r\nHost: t\r\n"
	    "Content-Length: 3\r\n\r\nxyz";
	struct pair_client *c = &clients[0];
	uint64_t heads, lines, looked;
	struct resp r;
	size_t n;

	setup();
	CHECK(pair_open(c), "bytewise: connect");
	heads = httpd.heads;
	lines = httpd.head_lines;
	looked = httpd.head_looked;
	send_bytewise(c, get, sizeof get - 2);
	CHECK(c->rx_len == 0, "bytewise: no answer before the blank line");
	CHECK(httpd.heads == heads, "bytewise: no verdict before it");
	send_bytewise(c, get + sizeof get - 2, 1);
	n = resp_parse(c->rx, c->rx_len, false, &r);
	CHECK(n > 0 && n == c->rx_len && resp_is(&r, 200, "bravo"),
	    "bytewise: the answer");
	CHECK(httpd.heads == heads + 1, "bytewise: one verdict");
	CHECK(httpd.head_lines == lines + 5, "bytewise: each line once");
	CHECK(httpd.head_looked == looked + sizeof get - 1,
	    "bytewise: each byte looked at once");
	send_bytewise(c, body, sizeof body - 1);
	CHECK(resp_parse(c->rx + n, c->rx_len - n, false, &r) > 0 &&
	    resp_is(&r, 200, "charlie"), "bytewise: answer after a body");
	CHECK(httpd.heads == heads + 2 && httpd.head_lines == lines + 9,
	    "bytewise: the head before a body parsed once");
	CHECK(!c->fin, "bytewise: kept alive");
	teardown("bytewise");
}

/* 414 and 431 come at the same byte as for a head sent whole: the byte
 * past the limit, sent alone, and not one before. */
static void
test_bytewise_limits(void)
{
	static char buf[HTTP_MAX_HEADER_BLOCK + 2];
	static const char line[] = "GET / HTTP/1.1\r\nHost: t\r\nX: ";
	struct pair_client *c = &clients[0];
	struct resp r;
	size_t n = HTTP_MAX_REQUEST_LINE;

	setup();
	memset(buf, 'a', sizeof buf);
	memcpy(buf, "GET /", 5);
	CHECK(pair_open(c), "bytewise_limits: connect");
	send_bulk(c, buf, n - 3);
	send_bytewise(c, buf + n - 3, 3);
	CHECK(c->rx_len == 0, "bytewise_limits: a line at the limit waits");
	send_bytewise(c, buf + n, 1);
	r = first_resp(c);
	CHECK(r.status == 414 && c->fin, "bytewise_limits: 414 one past");
	teardown("bytewise_limits");

	n = HTTP_MAX_HEADER_BLOCK;
	memset(buf, 'a', sizeof buf);
	memcpy(buf, line, sizeof line - 1);
	CHECK(pair_open(c), "bytewise_limits: connect");
	send_bulk(c, buf, n - 3);
	send_bytewise(c, buf + n - 3, 3);
	CHECK(c->rx_len == 0, "bytewise_limits: a head at the limit waits");
	send_bytewise(c, buf + n, 1);
	r = first_resp(c);
	CHECK(r.status == 431 && c->fin && resp_sec(&r),
	    "bytewise_limits: 431 one past");
	teardown("bytewise_limits");
}

/* The responses in c's bytes from off on, n at most; returns how many. */
static int
resp_all(const struct pair_client *c, size_t off, const bool *head_only,
    struct resp *r, int n)
{
	size_t k;
	int i;

	for (i = 0; i < n; i++) {
		k = resp_parse(c->rx + off, c->rx_len - off,
		    head_only != NULL && head_only[i], &r[i]);
		if (k == 0)
			break;
		off += k;
	}
	return i;
}

/* POST, PUT, DELETE, PATCH and OPTIONS reach the handler, each body
 * read and dropped first, on one connection; TRACE is the server's 405. */
static void
test_methods(void)
{
	static const char *const want[] = { "POST", "PUT", "DELETE", "PATCH",
	    "OPTIONS", "POST", "alpha" };
	static char body[HTTP_MAX_BODY_GET + 1];
	struct pair_client *c = &clients[0];
	struct resp r[7];
	char head[128];
	int i, n;

	setup();
	CHECK(pair_open(c), "methods: connect");
	pair_send(c, "POST /m HTTP/1.1\r\nHost: t\r\n"
	    "Content-Length: 3\r\n\r\nabc"
	    "PUT /m HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
	    "3\r\nabc\r\n0\r\n\r\n"
	    "DELETE /m HTTP/1.1\r\nHost: t\r\n\r\n");
	pair_send(c, "PATCH /m HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n"
	    "OPTIONS /m HTTP/1.1\r\nHost: t\r\n\r\n"
	    "POST /m HTTP/1.1\r\nHost: t\r\n\r\n"
	    "GET /a HTTP/1.1\r\nHost: t\r\n\r\n");
	pair_run_ms(PAIR_STEP_MS);
	n = resp_all(c, 0, NULL, r, 7);
	CHECK(n == 7, "methods: seven answers");
	for (i = 0; i < n; i++)
		CHECK(resp_is(&r[i], 200, want[i]) && resp_sec(&r[i]),
		    want[i]);
	CHECK(nbodies == 7 && !c->fin, "methods: all handled, kept alive");

	CHECK(pair_open(&clients[1]), "methods: connect");
	pair_send(&clients[1], "TRACE /m HTTP/1.1\r\nHost: t\r\n\r\n");
	r[0] = first_resp(&clients[1]);
	CHECK(r[0].status == 405 && resp_has(&r[0], "Allow: GET, HEAD\r\n") &&
	    resp_sec(&r[0]) && !clients[1].fin, "methods: TRACE 405");

	memset(body, 'b', sizeof body);
	CHECK(pair_open(&clients[2]), "methods: connect");
	snprintf(head, sizeof head, "POST /m HTTP/1.1\r\nHost: t\r\n"
	    "Content-Length: %d\r\n\r\n", HTTP_MAX_BODY_GET);
	pair_send(&clients[2], head);
	pair_write(&clients[2], body, HTTP_MAX_BODY_GET);
	r[0] = first_resp(&clients[2]);
	CHECK(resp_is(&r[0], 200, "POST"), "methods: POST body at the limit");
	CHECK(pair_open(&clients[3]), "methods: connect");
	snprintf(head, sizeof head, "PUT /m HTTP/1.1\r\nHost: t\r\n"
	    "Content-Length: %d\r\n\r\n", HTTP_MAX_BODY_GET + 1);
	pair_send(&clients[3], head);
	r[0] = first_resp(&clients[3]);
	CHECK(r[0].status == 413 && resp_sec(&r[0]) && clients[3].fin,
	    "methods: PUT body over the limit 413");
	CHECK(nbodies == 8, "methods: handler not called for TRACE, 413");
	teardown("methods");
}

/*
 * Stored head lines go out verbatim, once, between the server's lines and
 * the blank line, without a Content-Type of the server's; on HEAD and 304
 * too, where the body is released at once, before any ACK.
 */
static void
test_stored(void)
{
	static const bool head_only[4] = { false, true, false, false };
	struct pair_client *c = &clients[0];
	const size_t sl = sizeof STORED - 1;
	struct resp r[4];
	int n;

	setup();
	CHECK(pair_open(c), "stored: connect");
	pair_hold_acks = true;
	pair_send(c, "GET /stored HTTP/1.1\r\nHost: t\r\n\r\n"
	    "HEAD /stored HTTP/1.1\r\nHost: t\r\n\r\n"
	    "GET /304 HTTP/1.1\r\nHost: t\r\n\r\n"
	    "GET /a HTTP/1.1\r\nHost: t\r\n\r\n");
	/* Three fill the ring until ACKs come; HEAD and 304 are released
	 * already, GET /stored waits for its ACK. */
	CHECK(resp_all(c, 0, head_only, r, 4) == 3, "stored: three first");
	CHECK(release_calls[1] == 1 && release_calls[2] == 1 &&
	    release_calls[0] == 0, "stored: bodiless released at once");
	pair_hold_acks = false;
	pair_release_held();
	pair_run_ms(PAIR_STEP_MS);
	n = resp_all(c, 0, head_only, r, 4);
	CHECK(n == 4, "stored: four answers");
	if (n == 4) {
		CHECK(resp_is(&r[0], 200, "stored-body"), "stored: GET");
		CHECK(resp_count(&r[0], STORED, sl) == 1 &&
		    memcmp(r[0].head + r[0].head_len - sl - 2, STORED "\r\n",
		    sl + 2) == 0, "stored: verbatim once, last");
		CHECK(!resp_has(&r[0], "\r\nContent-Type:"), "stored: no type");
		CHECK(resp_has(&r[0], "Content-Length: 11\r\n") &&
		    resp_sec(&r[0]), "stored: length, listener lines");
		CHECK(resp_is(&r[1], 200, "") && resp_count(&r[1], STORED,
		    sl) == 1 && resp_has(&r[1], "Content-Length: 11\r\n"),
		    "stored: HEAD");
		CHECK(r[2].status == 304 && r[2].body_len == 0 &&
		    resp_count(&r[2], STORED, sl) == 1 &&
		    !resp_has(&r[2], "Content-Length"), "stored: 304");
		CHECK(resp_is(&r[3], 200, "alpha"),
		    "stored: framing holds after 304");
	}
	CHECK(bodies_out == 0, "stored: the rest after the ACKs");
	teardown("stored");
}

/* A 2 KiB stored head with a 3 KiB Location: by reference on GET, and
 * on HEAD copied to the transport, too big for the server's buffer. */
static void
test_bighead(void)
{
	static const bool head_only[2] = { false, true };
	struct pair_client *c = &clients[0];
	struct resp r[2];
	int n;

	setup();
	CHECK(pair_open(c), "bighead: connect");
	pair_send(c, "GET /bighead HTTP/1.1\r\nHost: t\r\n\r\n"
	    "HEAD /bighead HTTP/1.1\r\nHost: t\r\n\r\n");
	pair_run_ms(PAIR_STEP_MS);
	n = resp_all(c, 0, head_only, r, 2);
	CHECK(n == 2, "bighead: two answers");
	for (n = 0; n < 2 && n < (int)(sizeof r / sizeof r[0]); n++) {
		CHECK(r[n].status == 200 && resp_count(&r[n], big_stored,
		    sizeof big_stored) == 1, "bighead: stored once");
		CHECK(resp_count(&r[n], big_extra, strlen(big_extra)) == 1,
		    "bighead: Location once");
		CHECK(resp_sec(&r[n]) && resp_has(&r[n],
		    "Content-Length: 5\r\n"), "bighead: the server's lines");
	}
	CHECK(resp_is(&r[0], 200, "hello"), "bighead: GET body");
	CHECK(bodies_out == 0 && !c->fin, "bighead: released, open");
	teardown("bighead");
}

/* Expires is Date plus expires_s; 204 has no Content-Length, no body. */
static void
test_framing(void)
{
	struct pair_client *c = &clients[0];
	char date[HTTP_DATE_LEN + 1], line[64];
	uint64_t secs;
	struct resp r[3];
	int n;

	setup();
	CHECK(pair_open(c), "framing: connect");
	secs = plat_clock_wall() / 1000000000u;
	pair_send(c, "GET /exp HTTP/1.1\r\nHost: t\r\n\r\n"
	    "GET /204 HTTP/1.1\r\nHost: t\r\n\r\n"
	    "GET /secure HTTP/1.1\r\nHost: t\r\n\r\n");
	n = resp_all(c, 0, NULL, r, 3);
	CHECK(n == 3, "framing: three answers");
	if (n == 3) {
		http_format_date(date, secs);
		snprintf(line, sizeof line, "Date: %s\r\n", date);
		CHECK(resp_has(&r[0], line), "framing: date");
		http_format_date(date, secs + 60);
		snprintf(line, sizeof line, "\r\nExpires: %s\r\n", date);
		CHECK(resp_count(&r[0], line, strlen(line)) == 1,
		    "framing: Expires = Date + 60");
		CHECK(!resp_has(&r[1], "Expires"), "framing: no Expires");
		CHECK(r[1].status == 204 && r[1].body_len == 0 &&
		    !resp_has(&r[1], "Content-Length"), "framing: 204");
		CHECK(resp_is(&r[2], 200, "plain"), "framing: not secure");
	}
	teardown("framing");
}

/* The server's own answers carry the listener's lines, as the
 * handler's do: 400, 501, 505, 431 here, 408, 413 and 503 above, and
 * the redirecting listener's 301. */
static void
test_own_errors(void)
{
	static const struct {
		const char *in;
		int status;
	} e[] = {
		{ "GET / HTTP/1.1\r\n\r\n", 400 },
		{ "BREW / HTTP/1.1\r\nHost: t\r\n\r\n", 501 },
		{ "GET / HTTP/2.0\r\nHost: t\r\n\r\n", 505 },
	};
	struct pair_client *c = &clients[0];
	struct resp r;
	size_t i;

	setup();
	for (i = 0; i < sizeof e / sizeof e[0]; i++) {
		CHECK(pair_open(c), "own_errors: connect");
		pair_send(c, e[i].in);
		r = first_resp(c);
		CHECK(r.status == e[i].status && resp_sec(&r), e[i].in);
		pair_close(c);
	}
	CHECK(pair_open_port(c, RPORT), "own_errors: connect to redirect");
	pair_send(c, "GET /x?y HTTP/1.1\r\nHost: t\r\n\r\n");
	r = first_resp(c);
	CHECK(r.status == 301 && resp_has(&r, "Location: https://t/x?y\r\n") &&
	    resp_sec(&r), "own_errors: 301");
	pair_send(c, "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
	CHECK(nbodies == 1, "own_errors: only health to the handler");
	teardown("own_errors");
}

/* --- TLS: a BearSSL client over a pair_client ---------------------------- */

/*
 * A client X.509 engine that trusts any chain: it decodes the end-entity
 * certificate for its key, which is all the handshake needs here (the
 * certificate is one the test just made).
 */
struct any_x509 {
	const br_x509_class *vtable;
	br_x509_decoder_context dc;
	int ncerts;
};

static void
any_start_chain(const br_x509_class **ctx, const char *server_name)
{
	((struct any_x509 *)ctx)->ncerts = 0;
}

static void
any_start_cert(const br_x509_class **ctx, uint32_t length)
{
	struct any_x509 *a = (struct any_x509 *)ctx;

	if (a->ncerts == 0)
		br_x509_decoder_init(&a->dc, NULL, NULL);
}

static void
any_append(const br_x509_class **ctx, const unsigned char *buf, size_t len)
{
	struct any_x509 *a = (struct any_x509 *)ctx;

	if (a->ncerts == 0)
		br_x509_decoder_push(&a->dc, buf, len);
}

static void
any_end_cert(const br_x509_class **ctx)
{
	((struct any_x509 *)ctx)->ncerts++;
}

static unsigned
any_end_chain(const br_x509_class **ctx)
{
	struct any_x509 *a = (struct any_x509 *)ctx;

	return br_x509_decoder_last_error(&a->dc) == 0 ? 0 : BR_ERR_X509_BAD_DN;
}

static const br_x509_pkey *
any_get_pkey(const br_x509_class *const *ctx, unsigned *usages)
{
	struct any_x509 *a = (struct any_x509 *)ctx;

	if (usages != NULL)
		*usages = BR_KEYTYPE_KEYX | BR_KEYTYPE_SIGN;
	return br_x509_decoder_get_pkey(&a->dc);
}

static const br_x509_class any_vtable = {
	sizeof(struct any_x509), any_start_chain, any_start_cert, any_append,
	any_end_cert, any_end_chain, any_get_pkey,
};

/* Read a whole small file into buf; its length, 0 on failure. */
static size_t
slurp(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (f == NULL)
		return 0;
	n = fread(buf, 1, cap, f);
	fclose(f);
	return n < cap ? n : 0;
}

/*
 * Send req over TLS on c and read until a whole response (by its
 * Content-Length) is in out; returns its length, 0 if none came.  *rxoff
 * is how much of c->rx the engine has had (0 on a new connection).
 */
static size_t
tls_get(struct pair_client *c, br_ssl_client_context *cc, size_t *rxoff,
    const char *req, char *out, size_t cap)
{
	br_ssl_engine_context *e = &cc->eng;
	size_t olen = 0, n, req_left = strlen(req);
	struct resp r;
	unsigned char *b;
	unsigned st;
	int idle = 0;

	while (idle < 40) {
		st = br_ssl_engine_current_state(e);
		if (st & BR_SSL_CLOSED)
			break;
		if (st & BR_SSL_SENDREC) {
			b = br_ssl_engine_sendrec_buf(e, &n);
			n = n < 1024 ? n : 1024;
			pair_write(c, (const char *)b, n);
			br_ssl_engine_sendrec_ack(e, n);
			continue;
		}
		if ((st & BR_SSL_SENDAPP) && req_left > 0) {
			b = br_ssl_engine_sendapp_buf(e, &n);
			n = n < req_left ? n : req_left;
			memcpy(b, req + strlen(req) - req_left, n);
			br_ssl_engine_sendapp_ack(e, n);
			req_left -= n;
			if (req_left == 0)
				br_ssl_engine_flush(e, 0);
			continue;
		}
		if (st & BR_SSL_RECVAPP) {
			b = br_ssl_engine_recvapp_buf(e, &n);
			n = n < cap - 1 - olen ? n : cap - 1 - olen;
			memcpy(out + olen, b, n);
			br_ssl_engine_recvapp_ack(e, n);
			olen += n;
			out[olen] = '\0';
			if (resp_parse(out, olen, false, &r) > 0)
				return olen;
			continue;
		}
		if ((st & BR_SSL_RECVREC) && c->rx_len > *rxoff) {
			b = br_ssl_engine_recvrec_buf(e, &n);
			n = n < c->rx_len - *rxoff ? n : c->rx_len - *rxoff;
			memcpy(b, c->rx + *rxoff, n);
			br_ssl_engine_recvrec_ack(e, n);
			*rxoff += n;
			continue;
		}
		pair_run_ms(PAIR_STEP_MS);	/* wait for the server */
		idle++;
	}
	return 0;
}

/* On a TLS listener req->secure is true (on plain ones false, above),
 * and the server's own answers carry the listener's lines too. */
static void
test_tls_secure(void)
{
	static const char gen[] = "set -e; cd %s; exec >/dev/null 2>&1; "
	    "openssl ecparam -name prime256v1 -genkey -noout -out k.pem; "
	    "openssl req -x509 -new -key k.pem -out c.pem -days 2 "
	    "-subj /CN=localhost -addext subjectAltName=DNS:localhost";
	static struct tls_server tsrv;
	static br_ssl_client_context cc;
	static br_x509_minimal_context xc;
	static struct any_x509 ax;
	static unsigned char iobuf[BR_SSL_BUFSIZE_BIDI];
	static char crt[8192], key[4096], out[4096], cmd[512];
	static bool listening;
	char dir[] = "/tmp/test_httpd.XXXXXX";
	unsigned char seed[32] = { 7 };
	struct pair_client *c = &clients[0];
	struct http_listener l = { .port = SPORT, .tls = &tsrv,
	    .extra = SEC HTTP_HSTS_LINE };
	size_t ncrt, nkey, n, rxoff = 0;
	struct resp r;

	setup();
	if (!listening) {
		CHECK(mkdtemp(dir) != NULL, "tls_secure: temp dir");
		snprintf(cmd, sizeof cmd, gen, dir);
		CHECK(system(cmd) == 0, "tls_secure: openssl makes a key");
		snprintf(cmd, sizeof cmd, "%s/c.pem", dir);
		ncrt = slurp(cmd, crt, sizeof crt);
		snprintf(cmd, sizeof cmd, "%s/k.pem", dir);
		nkey = slurp(cmd, key, sizeof key);
		snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
		(void)system(cmd);
		tls_server_init(&tsrv);
		CHECK(tls_server_add(&tsrv, NULL, crt, ncrt, key, nkey) ==
		    RC_OK, "tls_secure: load the key");
		CHECK(http_server_listen(&l) == RC_OK, "tls_secure: listen");
		listening = true;
	}
	CHECK(pair_open_port(c, SPORT), "tls_secure: connect");
	br_ssl_client_init_full(&cc, &xc, NULL, 0);
	ax.vtable = &any_vtable;
	br_ssl_engine_set_x509(&cc.eng, &ax.vtable);
	br_ssl_engine_set_buffer(&cc.eng, iobuf, sizeof iobuf, 1);
	br_ssl_engine_inject_entropy(&cc.eng, seed, sizeof seed);
	CHECK(br_ssl_client_reset(&cc, "localhost", 0) == 1,
	    "tls_secure: client");
	n = tls_get(c, &cc, &rxoff, "GET /secure HTTP/1.1\r\nHost: t\r\n\r\n", out,
	    sizeof out);
	CHECK(n > 0 && resp_parse(out, n, false, &r) > 0 &&
	    resp_is(&r, 200, "secure"), "tls_secure: secure");
	CHECK(n > 0 && resp_has(&r, SEC HTTP_HSTS_LINE),
	    "tls_secure: listener lines");
	n = tls_get(c, &cc, &rxoff, "BREW / HTTP/1.1\r\nHost: t\r\n\r\n", out,
	    sizeof out);
	CHECK(n > 0 && resp_parse(out, n, false, &r) > 0 && r.status == 501 &&
	    resp_has(&r, SEC HTTP_HSTS_LINE), "tls_secure: 501 with HSTS");
	teardown("tls_secure");
}

static const struct check_test tests[] = {
	{ "pipeline", test_pipeline },
	{ "header_timeout", test_header_timeout },
	{ "silent", test_silent },
	{ "body_timeout", test_body_timeout },
	{ "idle", test_idle },
	{ "send_stall", test_send_stall },
	{ "release_after_ack", test_release_after_ack },
	{ "release_on_reset", test_release_on_reset },
	{ "evict", test_evict },
	{ "refuse", test_refuse },
	{ "continue", test_continue },
	{ "get_body_limit", test_get_body_limit },
	{ "bytewise", test_bytewise },
	{ "bytewise_limits", test_bytewise_limits },
	{ "methods", test_methods },
	{ "stored", test_stored },
	{ "bighead", test_bighead },
	{ "framing", test_framing },
	{ "own_errors", test_own_errors },
	{ "tls_secure", test_tls_secure },
};

int
main(int argc, char **argv)
{
	return check_main(tests, sizeof tests / sizeof tests[0], argc, argv);
}
