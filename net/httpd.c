/*
 * httpd.c: the HTTP/1.1 server on lwIP's raw TCP API.
 *
 * Design.  A fixed pool of HTTP_MAX_CONNS connection structs; no malloc.
 * Received pbufs queue on the connection and are copied into its request
 * buffer only as room allows, and acknowledged to TCP (tcp_recved) only
 * then, so a slow reader of responses also slows its sender.  Each
 * complete request becomes a response in a small FIFO ring (pipelined
 * requests are answered in order); when the ring is full, parsing waits.
 * A response is a head, formatted into the ring entry and written with
 * TCP_WRITE_FLAG_COPY, then the handler's body, written without copying
 * as the send buffer opens (tcp_sent).  Stream offsets tell when the peer
 * has acknowledged a whole response; only then is its release callback
 * called, so a body that points into an LMDB read transaction keeps the
 * transaction open exactly as long as needed.  A connection closes once
 * its last response is acknowledged.
 *
 * Interface: http_server_start, http_server_log, http_server_conns.
 */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "http.h"
#include "internal.h"
#include "lwip/tcp.h"
#include "net.h"
#include "plat.h"

#define HTTPD_RING		4	/* responses in flight per connection */
#define HTTPD_HEAD_MAX		640	/* a response head we format */
#define HTTPD_POLL_TICKS	4	/* tcp_poll every 2 s (0.5 s ticks) */
#define HTTPD_IN_SIZE		(HTTP_MAX_HEADER_BLOCK + 1) /* see limits */

_Static_assert(HTTPD_IN_SIZE > HTTP_MAX_REQUEST_LINE,
    "the parser must see one byte past each limit to report it");

struct httpd_resp {
	uint16_t head_len, head_sent;
	const uint8_t *body;
	size_t len, sent;
	uint64_t end;		/* stream offset after it, once all written */
	bool written;
	void (*release)(void *arg);
	void *arg;
	char head[HTTPD_HEAD_MAX];	/* last: not cleared on reuse */
};

struct httpd_conn {
	struct tcp_pcb *pcb;	/* NULL: the slot is free */
	struct pbuf *rxq;	/* received, not yet copied into in[] */
	size_t in_len;
	uint64_t queued;	/* stream bytes handed to tcp_write */
	uint64_t acked;		/* stream bytes the peer acknowledged */
	uint64_t last_ms;	/* last progress, for the idle timeout */
	unsigned int first, count;	/* the response ring */
	bool done;		/* no more requests: close when drained */
	bool peer_fin;
	struct httpd_resp ring[HTTPD_RING];
	char in[HTTPD_IN_SIZE];
};

static struct {
	struct httpd_conn conn[HTTP_MAX_CONNS];
	int nconn;
	http_handler_fn fn;
	void *ctx;
	bool quiet;		/* no access log (zero: log, so hd stays in .bss) */
} hd;

static const char httpd_busy[] =
    "HTTP/1.1 503 Service Unavailable\r\n"
    "Server: " HTTP_SERVER_NAME "\r\n"
    "Content-Length: 0\r\n"
    "Connection: close\r\n"
    "Retry-After: 1\r\n\r\n";

static uint64_t
httpd_now_ms(void)
{
	return plat_clock_monotonic() / 1000000u;
}

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
	HTTPD_ERR_BODY(414, "URI Too Long");
	HTTPD_ERR_BODY(431, "Request Header Fields Too Large");
	HTTPD_ERR_BODY(500, "Internal Server Error");
	HTTPD_ERR_BODY(501, "Not Implemented");
	HTTPD_ERR_BODY(505, "HTTP Version Not Supported");
	}
	return "<!doctype html><h1>Error</h1>\n";
}

static void
httpd_release(struct httpd_resp *r)
{
	void (*fn)(void *) = r->release;

	r->release = NULL;
	if (fn != NULL)
		fn(r->arg);
}

/* Drop everything the connection holds; the pcb is gone or going. */
static void
httpd_free(struct httpd_conn *c)
{
	while (c->count > 0) {
		httpd_release(&c->ring[c->first]);
		c->first = (c->first + 1) % HTTPD_RING;
		c->count--;
	}
	if (c->rxq != NULL)
		pbuf_free(c->rxq);
	c->rxq = NULL;
	c->pcb = NULL;
	hd.nconn--;
}

static void
httpd_log(struct httpd_conn *c, const struct http_request *req, int status,
    size_t len)
{
	char line[256], ip[16];
	int n, tlen;

	if (hd.quiet)
		return;
	ip4addr_ntoa_r(ip_2_ip4(&c->pcb->remote_ip), ip, sizeof ip);
	if (req->target == NULL) {	/* no usable request line */
		n = snprintf(line, sizeof line, "%s \"-\" %d %zu\n", ip,
		    status, len);
	} else {
		tlen = req->target_len > 160 ? 160 : (int)req->target_len;
		n = snprintf(line, sizeof line,
		    "%s \"%.*s %.*s HTTP/1.%d\" %d %zu\n", ip,
		    (int)(req->method_len > 16 ? 16 : req->method_len),
		    req->method_str, tlen, req->target, req->minor, status,
		    len);
	}
	if (n > 0)
		plat_console_write(line, (size_t)n < sizeof line ?
		    (size_t)n : sizeof line - 1);
}

/*
 * Put a response for req (NULL when the request was unparseable) into the
 * ring.  The ring has room (the caller checked).
 */
static void
httpd_queue(struct httpd_conn *c, const struct http_request *req,
    struct http_reply *rep, bool close)
{
	struct httpd_resp *r;
	struct http_head h;
	size_t n;

	r = &c->ring[(c->first + c->count) % HTTPD_RING];
	memset(r, 0, offsetof(struct httpd_resp, head));
	h.status = rep->status;
	h.type = rep->type;
	h.length = rep->len;
	h.close = close;
	h.keep_alive_10 = req != NULL && req->minor == 0 && !close;
	h.extra = rep->extra;
	n = http_format_head(r->head, sizeof r->head, &h, plat_clock_wall());
	if (n == 0) {		/* the handler's extra lines were too long */
		h.extra = NULL;
		n = http_format_head(r->head, sizeof r->head, &h,
		    plat_clock_wall());
	}
	r->head_len = (uint16_t)n;
	r->release = rep->release;
	r->arg = rep->arg;
	if (req == NULL || req->method != HTTP_M_HEAD) {
		r->body = rep->body;
		r->len = rep->len;
	} else {
		httpd_release(r);
	}
	c->count++;
	if (close)
		c->done = true;
}

/* Answer one parsed request (or a parse failure with status). */
static void
httpd_dispatch(struct httpd_conn *c, const struct http_request *req,
    int status)
{
	struct http_reply rep;
	bool close = !req->keep_alive || req->has_body;

	memset(&rep, 0, sizeof rep);
	if (status == 0 && req->method == HTTP_M_OTHER)
		status = 405;
	else if (status == 0 && req->method == HTTP_M_UNKNOWN)
		status = 501;
	if (status == 0) {
		hd.fn(hd.ctx, req, &rep);
	} else {
		rep.status = status;
		rep.type = "text/html; charset=utf-8";
		rep.body = httpd_error_body(status);
		rep.len = strlen(rep.body);
		if (status == 405)
			rep.extra = "Allow: GET, HEAD\r\n";
		/* After a parse error the stream cannot be trusted. */
		if (status != 405 && status != 501)
			close = true;
	}
	httpd_log(c, req, rep.status, rep.len);
	httpd_queue(c, req->target != NULL ? req : NULL, &rep, close);
}

/* Copy queued pbufs into in[] as far as room allows. */
static void
httpd_fill(struct httpd_conn *c)
{
	size_t n;

	if (c->rxq == NULL || c->in_len == sizeof c->in)
		return;
	n = sizeof c->in - c->in_len;
	if (n > c->rxq->tot_len)
		n = c->rxq->tot_len;
	pbuf_copy_partial(c->rxq, c->in + c->in_len, (u16_t)n, 0);
	c->in_len += n;
	tcp_recved(c->pcb, (u16_t)n);
	c->rxq = pbuf_free_header(c->rxq, (u16_t)n);
}

/* Parse and answer what has arrived, while the ring has room. */
static void
httpd_pump(struct httpd_conn *c)
{
	static struct http_request req;	/* 2 KiB: kept off the stack */
	int rc;

	while (!c->done && c->count < HTTPD_RING) {
		httpd_fill(c);
		rc = http_parse(&req, c->in, c->in_len);
		if (rc == ERR_AGAIN) {
			if (c->peer_fin && c->rxq == NULL)
				c->done = true;
			return;
		}
		httpd_dispatch(c, &req, rc == ERR_OK ? 0 : req.status);
		if (rc != ERR_OK)
			return;
		memmove(c->in, c->in + req.head_len, c->in_len - req.head_len);
		c->in_len -= req.head_len;
	}
	if (c->done && c->rxq != NULL) {
		/* Nothing more will be read: let TCP forget it. */
		tcp_recved(c->pcb, c->rxq->tot_len);
		pbuf_free(c->rxq);
		c->rxq = NULL;
	}
}

/* Write the head's rest; false if the send buffer is full. */
static bool
httpd_send_head(struct httpd_conn *c, struct httpd_resp *r)
{
	u16_t n = (u16_t)(r->head_len - r->head_sent);

	if (n == 0)
		return true;
	if (tcp_sndbuf(c->pcb) < n)
		return false;
	if (tcp_write(c->pcb, r->head + r->head_sent, n, TCP_WRITE_FLAG_COPY |
	    (r->len > 0 ? TCP_WRITE_FLAG_MORE : 0)) != ERR_OK)
		return false;
	r->head_sent = r->head_len;
	c->queued += n;
	return true;
}

/* Write the body's rest without copying; false if it must wait. */
static bool
httpd_send_body(struct httpd_conn *c, struct httpd_resp *r)
{
	size_t n;

	while (r->sent < r->len) {
		n = r->len - r->sent;
		if (n > tcp_sndbuf(c->pcb))
			n = tcp_sndbuf(c->pcb);	/* at most 0xffff */
		if (n == 0)
			return false;
		if (tcp_write(c->pcb, r->body + r->sent, (u16_t)n,
		    r->sent + n < r->len ? TCP_WRITE_FLAG_MORE : 0) != ERR_OK)
			return false;	/* out of segments: wait for acks */
		r->sent += n;
		c->queued += n;
	}
	return true;
}

/* Hand lwIP as much of the ring as it takes, in order. */
static void
httpd_send(struct httpd_conn *c)
{
	struct httpd_resp *r;
	unsigned int i;

	for (i = 0; i < c->count; i++) {
		r = &c->ring[(c->first + i) % HTTPD_RING];
		if (r->written)
			continue;
		if (!httpd_send_head(c, r) || !httpd_send_body(c, r))
			break;
		r->written = true;
		r->end = c->queued;
	}
	(void)tcp_output(c->pcb);	/* an error here is retried by TCP */
}

/* Release acknowledged responses; close when drained and done.  Returns
 * ERR_ABRT if the pcb was aborted (the callback must return that). */
static err_t
httpd_progress(struct httpd_conn *c)
{
	struct httpd_resp *r;
	struct tcp_pcb *pcb = c->pcb;

	while (c->count > 0) {
		r = &c->ring[c->first];
		if (!r->written || r->end > c->acked)
			break;
		httpd_release(r);
		c->first = (c->first + 1) % HTTPD_RING;
		c->count--;
	}
	httpd_pump(c);
	httpd_send(c);
	if (!c->done || c->count > 0)
		return ERR_OK;
	tcp_arg(pcb, NULL);
	tcp_recv(pcb, NULL);
	tcp_sent(pcb, NULL);
	tcp_err(pcb, NULL);
	tcp_poll(pcb, NULL, 0);
	httpd_free(c);
	if (tcp_close(pcb) != ERR_OK) {
		tcp_abort(pcb);		/* out of memory for the FIN */
		return ERR_ABRT;
	}
	return ERR_OK;
}

static err_t
httpd_on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
	struct httpd_conn *c = arg;

	if (c == NULL) {	/* closed by us: tcp_recv_null's job */
		if (p != NULL) {
			tcp_recved(pcb, p->tot_len);
			pbuf_free(p);
		}
		return ERR_OK;
	}
	if (p == NULL)
		c->peer_fin = true;
	else if (c->rxq == NULL)
		c->rxq = p;
	else
		pbuf_cat(c->rxq, p);
	c->last_ms = httpd_now_ms();
	return httpd_progress(c);
}

static err_t
httpd_on_sent(void *arg, struct tcp_pcb *pcb, u16_t len)
{
	struct httpd_conn *c = arg;

	c->acked += len;
	c->last_ms = httpd_now_ms();
	return httpd_progress(c);
}

/* The pcb is already freed by lwIP: forget it. */
static void
httpd_on_err(void *arg, err_t err)
{
	struct httpd_conn *c = arg;

	if (c != NULL)
		httpd_free(c);
}

static err_t
httpd_on_poll(void *arg, struct tcp_pcb *pcb)
{
	struct httpd_conn *c = arg;

	if (httpd_now_ms() - c->last_ms > HTTP_IDLE_TIMEOUT_MS) {
		if (c->count > 0) {	/* the peer stopped reading */
			tcp_abort(pcb);	/* calls httpd_on_err */
			return ERR_ABRT;
		}
		c->done = true;		/* idle keep-alive: close with FIN */
	}
	/* Retry writes that ran out of lwIP memory with nothing in flight. */
	return httpd_progress(c);
}

/* No slot: answer 503 from static memory and close. */
static err_t
httpd_refuse(struct tcp_pcb *pcb)
{
	tcp_arg(pcb, NULL);
	tcp_recv(pcb, httpd_on_recv);
	if (tcp_write(pcb, httpd_busy, sizeof httpd_busy - 1, 0) != ERR_OK ||
	    tcp_close(pcb) != ERR_OK) {
		tcp_abort(pcb);
		return ERR_ABRT;
	}
	return ERR_OK;
}

static err_t
httpd_on_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct httpd_conn *c = NULL;
	int i;

	if (err != ERR_OK || pcb == NULL)
		return ERR_VAL;
	for (i = 0; i < HTTP_MAX_CONNS && c == NULL; i++)
		if (hd.conn[i].pcb == NULL)
			c = &hd.conn[i];
	if (c == NULL)
		return httpd_refuse(pcb);
	memset(c, 0, offsetof(struct httpd_conn, ring));
	c->pcb = pcb;
	c->last_ms = httpd_now_ms();
	hd.nconn++;
	tcp_nagle_disable(pcb);
	tcp_arg(pcb, c);
	tcp_recv(pcb, httpd_on_recv);
	tcp_sent(pcb, httpd_on_sent);
	tcp_err(pcb, httpd_on_err);
	tcp_poll(pcb, httpd_on_poll, HTTPD_POLL_TICKS);
	return ERR_OK;
}

/* see http.h */
int
http_server_start(uint16_t port, http_handler_fn fn, void *ctx)
{
	struct tcp_pcb *pcb, *lpcb;
	err_t e;

	pcb = tcp_new_ip_type(IPADDR_TYPE_V4);
	if (pcb == NULL)
		return ERR_NOMEM;
	e = tcp_bind(pcb, IP4_ADDR_ANY, port);
	if (e != ERR_OK) {
		tcp_abort(pcb);
		return net_err(e);
	}
	lpcb = tcp_listen_with_backlog(pcb, TCP_DEFAULT_LISTEN_BACKLOG);
	if (lpcb == NULL) {
		tcp_abort(pcb);
		return ERR_NOMEM;
	}
	hd.fn = fn;
	hd.ctx = ctx;
	tcp_accept(lpcb, httpd_on_accept);
	return ERR_OK;
}

/* see http.h */
void
http_server_log(bool on)
{
	hd.quiet = !on;
}

/* see http.h */
int
http_server_conns(void)
{
	return hd.nconn;
}
