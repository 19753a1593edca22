/*
 * httpd.c: the HTTP/1.1 server on lwIP's raw TCP API: listeners, the
 * connection pool, timers, and the transport under each connection.
 *
 * Design.  A fixed pool of HTTP_MAX_CONNS connection structs shared by
 * all listeners; no malloc.  Received pbufs queue on the connection and
 * are consumed (copied into its request buffer, or discarded as a body)
 * only as room allows, and acknowledged to TCP (tcp_recved) only then, so
 * a slow reader of responses also slows its sender.  Each request becomes
 * a response in a small FIFO ring (pipelined requests are answered in
 * order; httpd_req.c).  A response is the server's head lines, written
 * with TCP_WRITE_FLAG_COPY, then the handler's stored head lines, the
 * blank line and the body, written without copying as the send buffer
 * opens (tcp_sent).  Stream offsets tell when the peer
 * has acknowledged a whole response; only then is its release callback
 * called, so a body that points into an LMDB read transaction keeps the
 * transaction open exactly as long as needed.  A connection closes once
 * its last response is acknowledged.
 *
 * Pressure.  When the pool is full, the connection idle longest between
 * keep-alive requests is closed (FIN) for the newcomer; if none is idle,
 * the newcomer is refused: 503 and close on plain HTTP (from static
 * memory, no slot needed), a bare close on TLS (no handshake memory).
 * A client that trickles its head (slowloris) holds one slot for at most
 * HTTP_HEADER_TIMEOUT_MS, then gets 408.
 *
 * Interface: http_server_init, http_server_listen, http_server_log,
 * http_server_conns, http_server_stats; httpd_now_ms, httpd_peek, httpd_consume, httpd_peer
 * for httpd_req.c.
 */
#include <string.h>

#include "httpd_conn.h"
#include "internal.h"
#include "log.h"
#include "lwip/tcp.h"
#include "net.h"
#include "plat.h"
#include "tls.h"

/* lwIP polls every 0.5 s tick count. */
#define HTTPD_POLL_TICKS	(HTTP_TICK_MS / 500 > 0 ? HTTP_TICK_MS / 500 : 1)

struct httpd httpd;

/* TLS state of conn[i] is tls[i]: TLS_CONN_MEMORY each, in .bss. */
static struct tls_conn httpd_tls[HTTP_MAX_CONNS];

/* see httpd_conn.h */
uint64_t
httpd_now_ms(void)
{
	return plat_clock_monotonic() / 1000000u;
}

/* see httpd_conn.h */
void
httpd_peer(struct httpd_conn *c, char ip[16])
{
	ip4addr_ntoa_r(ip_2_ip4(&c->pcb->remote_ip), ip, 16);
}

/* Move ciphertext to TCP as far as its send buffer takes it. */
static void
httpd_tls_out(struct httpd_conn *c)
{
	unsigned char *p;
	size_t len;

	while ((p = tls_conn_send_buf(c->tls, &len)) != NULL) {
		if (len > tcp_sndbuf(c->pcb))
			len = tcp_sndbuf(c->pcb);	/* at most 0xffff */
		if (len == 0 || tcp_write(c->pcb, p, (u16_t)len,
		    TCP_WRITE_FLAG_COPY) != ERR_OK)
			break;		/* tcp_sent or the poll retries */
		HTTPD_ST(c)->bytes_out += len;
		tls_conn_sent(c->tls, len);
	}
}

/*
 * Move received ciphertext into the engine as far as it takes it, each
 * time after sending what the engine has to say: it takes no input while
 * records wait to go out (tls.h; a false-started request must not meet
 * the engine before our Finished has left).  What TCP cannot take yet
 * keeps the rest queued here; tcp_sent and the poll come back.
 */
static void
httpd_tls_in(struct httpd_conn *c)
{
	unsigned char *p;
	size_t room;

	for (;;) {
		httpd_tls_out(c);	/* handshake messages, alerts */
		if (c->rxq == NULL ||
		    (p = tls_conn_recv_buf(c->tls, &room)) == NULL)
			break;
		if (room > c->rxq->tot_len)
			room = c->rxq->tot_len;
		pbuf_copy_partial(c->rxq, p, (u16_t)room, 0);
		tcp_recved(c->pcb, (u16_t)room);
		c->rxq = pbuf_free_header(c->rxq, (u16_t)room);
		tls_conn_recv_done(c->tls, room);
	}
	/*
	 * A failed engine reads no more.  Bytes left unacknowledged make
	 * lwIP's tcp_close() reset instead of FIN, and the peer's stack may
	 * drop our alert with its receive queue on that RST.
	 */
	if (c->rxq != NULL && tls_conn_is_closed(c->tls)) {
		tcp_recved(c->pcb, c->rxq->tot_len);
		pbuf_free(c->rxq);
		c->rxq = NULL;
	}
}

/* see httpd_conn.h */
const char *
httpd_peek(struct httpd_conn *c, size_t *n)
{
	struct pbuf *q;

	if (c->tls != NULL) {
		httpd_tls_in(c);
		return (const char *)tls_conn_read(c->tls, n);
	}
	/* An empty pbuf at the head (lwIP hands none, but be sure): the
	 * chain's reference to the next one becomes ours. */
	while ((q = c->rxq) != NULL && q->len == 0 && q->next != NULL) {
		c->rxq = q->next;
		q->next = NULL;
		q->tot_len = 0;
		pbuf_free(q);
	}
	if (c->rxq == NULL || c->rxq->len == 0) {
		*n = 0;
		return NULL;
	}
	*n = c->rxq->len;
	return c->rxq->payload;
}

/* see httpd_conn.h */
void
httpd_consume(struct httpd_conn *c, size_t n)
{
	if (c->tls != NULL) {
		tls_conn_read_done(c->tls, n);
		return;
	}
	tcp_recved(c->pcb, (u16_t)n);
	c->rxq = pbuf_free_header(c->rxq, (u16_t)n);
}

/* Drop everything the connection holds and free its slot. */
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
	httpd.nconn--;
}

/* Detach from the pcb and close it (FIN).  Returns ERR_ABRT if it had
 * to be aborted instead (a callback for it must then return that). */
static err_t
httpd_close(struct httpd_conn *c)
{
	struct tcp_pcb *pcb = c->pcb;

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

/*
 * Hand up to n bytes at p to the transport; returns how many it took.
 * Plain TCP copies them if copy (a head) and otherwise refers to them
 * until acknowledged; TLS always copies them into its record buffer.
 */
static size_t
httpd_out(struct httpd_conn *c, const void *p, size_t n, bool copy,
    bool more)
{
	unsigned char *buf;
	size_t room, k, done = 0;

	if (c->tls != NULL) {
		while (done < n &&
		    (buf = tls_conn_write_buf(c->tls, &room)) != NULL) {
			k = n - done < room ? n - done : room;
			memcpy(buf, (const char *)p + done, k);
			tls_conn_write_done(c->tls, k);
			done += k;
			httpd_tls_out(c);	/* makes room for more */
		}
		return done;
	}
	if (n > tcp_sndbuf(c->pcb))
		n = tcp_sndbuf(c->pcb);		/* at most 0xffff */
	if (n == 0 || tcp_write(c->pcb, p, (u16_t)n,
	    (copy ? TCP_WRITE_FLAG_COPY : 0) |
	    (more ? TCP_WRITE_FLAG_MORE : 0)) != ERR_OK)
		return 0;	/* out of segments: wait for acks */
	HTTPD_ST(c)->bytes_out += n;
	return n;
}

/* Write the response's rest, part by part; false if it must wait. */
static bool
httpd_send_resp(struct httpd_conn *c, struct httpd_resp *r)
{
	const struct httpd_part *pt;
	size_t n;
	unsigned int i;
	bool more;

	for (; r->cur < HTTPD_PARTS; r->cur++, r->off = 0) {
		pt = &r->part[r->cur];
		while (r->off < pt->len) {
			/* More follows: a later part, or the rest of this
			 * one (lwIP then holds back the PSH flag). */
			more = false;
			for (i = r->cur + 1; i < HTTPD_PARTS; i++)
				more = more || r->part[i].len > 0;
			n = httpd_out(c, pt->p + r->off, pt->len - r->off,
			    pt->copy, more);
			if (n == 0)
				return false;
			r->off += n;
			c->queued += n;
		}
	}
	return true;
}

/* Hand the transport as much of the ring as it takes, in order. */
static void
httpd_send(struct httpd_conn *c)
{
	struct httpd_resp *r;
	unsigned int i;
	bool all = true;

	for (i = 0; i < c->count; i++) {
		r = &c->ring[(c->first + i) % HTTPD_RING];
		if (r->written)
			continue;
		if (!httpd_send_resp(c, r)) {
			all = false;
			break;
		}
		r->written = true;
		r->end = c->queued;
		if (!r->body)	/* what it kept was copied: done with it */
			httpd_release(r);
	}
	if (c->tls != NULL) {
		/* What the engine holds needs no keeping by us. */
		c->acked = c->queued;
		if (all)
			tls_conn_flush(c->tls);
		httpd_tls_out(c);
	}
	(void)tcp_output(c->pcb);	/* an error here is retried by TCP */
}

/* Release the responses the transport no longer needs. */
static void
httpd_release_done(struct httpd_conn *c)
{
	struct httpd_resp *r;

	while (c->count > 0) {
		r = &c->ring[c->first];
		if (!r->written || r->end > c->acked)
			break;
		httpd_release(r);
		c->first = (c->first + 1) % HTTPD_RING;
		c->count--;
	}
}

/* TLS: log a failure once, close cleanly when done.  As httpd_progress. */
static err_t
httpd_tls_progress(struct httpd_conn *c)
{
	char ip[16];
	size_t n;
	int rc;

	if (!c->hs_counted && tls_conn_is_ready(c->tls)) {
		c->hs_counted = true;
		HTTPD_ST(c)->tls_handshakes++;
		if (tls_conn_is_resumed(c->tls))
			HTTPD_ST(c)->tls_resumed++;
	}
	if (tls_conn_is_closed(c->tls)) {
		rc = tls_conn_state(c->tls);
		if (!c->closing && !c->hs_counted) {
			c->hs_counted = true;	/* counted once, as failed */
			HTTPD_ST(c)->tls_failed++;
		}
		if (!c->closing && rc != RC_CLOSED && !httpd.quiet) {
			httpd_peer(c, ip);
			log_err("%s tls: %s: %s", ip, err_str(rc),
			    tls_conn_err_text(c->tls));
		}
		c->closing = c->done = true;
		httpd_tls_out(c);	/* the alert, if any */
		if (tls_conn_send_buf(c->tls, &n) != NULL)
			return ERR_OK;
		/*
		 * The peer ended the session: let it close TCP first, so the
		 * TIME_WAIT stays on its side.  Ours would meet a client that
		 * reuses its port soon after, and lwIP answers such a SYN from
		 * TIME_WAIT instead of accepting it.  httpd_timers() resets
		 * the connection if the FIN never comes.
		 */
		if (rc == RC_CLOSED && !c->peer_fin)
			return ERR_OK;
		return httpd_close(c);
	}
	if (!c->done || c->count > 0)
		return ERR_OK;
	if (!tls_conn_is_ready(c->tls))
		return httpd_close(c);	/* no handshake: nothing to say */
	if (!c->closing) {
		c->closing = true;
		tls_conn_close(c->tls);
		httpd_tls_out(c);
	}
	if (tls_conn_is_closed(c->tls) && tls_conn_send_buf(c->tls, &n) ==
	    NULL)
		return httpd_close(c);
	return ERR_OK;
}

/* Read, answer, write, release; close when drained and done.  Returns
 * ERR_ABRT if the pcb was aborted (the callback must return that). */
static err_t
httpd_progress(struct httpd_conn *c)
{
	httpd_release_done(c);
	if (c->tls != NULL)
		httpd_tls_in(c);
	httpd_pump(c);
	httpd_send(c);
	httpd_release_done(c);
	if (c->tls != NULL)
		return httpd_tls_progress(c);
	if (!c->done || c->count > 0)
		return ERR_OK;
	return httpd_close(c);
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

	if (c->tls == NULL)
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

	if (httpd_timers(c, httpd_now_ms())) {	/* the peer stopped reading */
		tcp_abort(pcb);			/* calls httpd_on_err */
		return ERR_ABRT;
	}
	/* Also retries writes that ran out of lwIP memory. */
	return httpd_progress(c);
}

/*
 * No slot: answer 503 from static memory and close (plain HTTP), or reset
 * (TLS: there is no way to say 503 before a handshake, and a reset frees
 * the PCB at once, which matters under a flood).
 */
static err_t
httpd_refuse(struct tcp_pcb *pcb, const struct http_listener *l)
{
	static char busy[512];
	struct http_head h = { .status = 503, .close = true,
	    .extra = "Retry-After: 1\r\n", .extra2 = l->extra };
	size_t n;

	httpd.st[l - httpd.lis].refused++;
	tcp_arg(pcb, NULL);
	tcp_recv(pcb, httpd_on_recv);
	if (l->tls != NULL) {
		tcp_abort(pcb);
		return ERR_ABRT;
	}
	n = http_format_head(busy, sizeof busy, &h, plat_clock_wall());
	if ((n > 0 && tcp_write(pcb, busy, (u16_t)n, TCP_WRITE_FLAG_COPY) !=
	    ERR_OK) || tcp_close(pcb) != ERR_OK) {
		tcp_abort(pcb);
		return ERR_ABRT;
	}
	return ERR_OK;
}

/* The connection idle longest between keep-alive requests, or NULL. */
static struct httpd_conn *
httpd_victim(void)
{
	struct httpd_conn *c, *v = NULL;
	size_t n;
	int i;

	for (i = 0; i < HTTP_MAX_CONNS; i++) {
		c = &httpd.conn[i];
		if (c->pcb == NULL || c->done || c->count > 0 ||
		    c->served == 0 || c->rx != HTTPD_RX_HEAD ||
		    c->in_len > 0 || httpd_peek(c, &n) != NULL)
			continue;
		if (v == NULL || c->last_ms < v->last_ms)
			v = c;
	}
	return v;
}

static err_t
httpd_on_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
	const struct http_listener *l = arg;
	struct httpd_conn *c = NULL;
	int i;

	if (err != ERR_OK || pcb == NULL)
		return ERR_VAL;
	for (i = 0; i < HTTP_MAX_CONNS && c == NULL; i++)
		if (httpd.conn[i].pcb == NULL)
			c = &httpd.conn[i];
	if (c == NULL && (c = httpd_victim()) != NULL)
		(void)httpd_close(c);	/* not this pcb: ERR_ABRT is moot */
	if (c == NULL)
		return httpd_refuse(pcb, l);
	memset(c, 0, offsetof(struct httpd_conn, ring));
	if (l->tls != NULL) {
		c->tls = &httpd_tls[c - httpd.conn];
		if (tls_conn_init(c->tls, l->tls) != RC_OK)
			return httpd_refuse(pcb, l);	/* logged at start */
	}
	c->pcb = pcb;
	c->lis = l;
	c->last_ms = c->start_ms = httpd_now_ms();
	httpd.nconn++;
	httpd.st[l - httpd.lis].accepted++;
	tcp_nagle_disable(pcb);
	tcp_arg(pcb, c);
	tcp_recv(pcb, httpd_on_recv);
	tcp_sent(pcb, httpd_on_sent);
	tcp_err(pcb, httpd_on_err);
	tcp_poll(pcb, httpd_on_poll, HTTPD_POLL_TICKS);
	return ERR_OK;
}

/* see http.h */
void
http_server_init(http_handler_fn fn, void *ctx)
{
	httpd.fn = fn;
	httpd.ctx = ctx;
}

/* see http.h */
int
http_server_listen(const struct http_listener *l)
{
	struct tcp_pcb *pcb, *lpcb;
	struct http_listener *copy;
	err_t e;

	if (httpd.nlis == HTTPD_MAX_LISTENERS)
		return RC_NOMEM;
	if (l->redirect && l->host == NULL)
		return RC_INVAL;	/* no name for a Location */
	pcb = tcp_new_ip_type(IPADDR_TYPE_V4);
	if (pcb == NULL)
		return RC_NOMEM;
	e = tcp_bind(pcb, IP4_ADDR_ANY, l->port);
	if (e != ERR_OK) {
		tcp_abort(pcb);
		return net_err(e);
	}
	lpcb = tcp_listen_with_backlog(pcb, TCP_DEFAULT_LISTEN_BACKLOG);
	if (lpcb == NULL) {
		tcp_abort(pcb);
		return RC_NOMEM;
	}
	copy = &httpd.lis[httpd.nlis];
	*copy = *l;
	memset(&httpd.st[httpd.nlis], 0, sizeof httpd.st[0]);
	httpd.st[httpd.nlis].port = l->port;
	httpd.st[httpd.nlis].tls = l->tls != NULL;
	httpd.nlis++;
	tcp_arg(lpcb, copy);
	tcp_accept(lpcb, httpd_on_accept);
	return ERR_OK;
}

/* see http.h */
void
http_server_log(bool on)
{
	httpd.quiet = !on;
}

/* see http.h */
int
http_server_conns(void)
{
	return httpd.nconn;
}

/* see http.h */
int
http_server_stats(int i, struct http_server_stats *st)
{
	if (i < 0 || i >= httpd.nlis)
		return RC_NOTFOUND;
	*st = httpd.st[i];
	return RC_OK;
}
