/*
 * httpd_conn.h: what the files of the HTTP server share (net/httpd.c:
 * connections, listeners, timers and transport; net/httpd_req.c: the
 * request state machine) and nobody else sees.
 *
 * Memory per connection is fixed: HTTPD_IN_SIZE bytes of request buffer,
 * the parsed request (about 2.5 KiB, kept while a head arrives and while
 * its body is discarded) and HTTPD_RING response slots of HTTPD_HEAD_MAX
 * bytes (about 34 KiB in all),
 * in a pool of HTTP_MAX_CONNS in .bss.  A TLS connection adds its
 * tls_conn, owned by the tls module.
 */
#ifndef NET_HTTPD_CONN_H
#define NET_HTTPD_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "http.h"

#define HTTPD_IN_SIZE		(HTTP_MAX_HEADER_BLOCK + 1) /* see limits */

_Static_assert(HTTPD_IN_SIZE > HTTP_MAX_REQUEST_LINE,
    "the parser must see one byte past each limit to report it");

struct tcp_pcb;
struct pbuf;
struct tls_conn;

/*
 * A response goes out as up to four parts, in order: the server's head
 * lines (in head[], copied to the transport), the handler's stored head
 * lines and the blank line after them (by reference), and the body (by
 * reference).  On plain TCP a by-reference part is sent without copying
 * and must stay valid until acknowledged; a bodiless response copies its
 * stored lines instead, so that it can be released once written.
 */
enum { HTTPD_PART_HEAD, HTTPD_PART_STORED, HTTPD_PART_END, HTTPD_PART_BODY,
	HTTPD_PARTS };

struct httpd_part {
	const uint8_t *p;
	size_t len;
	bool copy;		/* plain TCP: copy into lwIP's buffers */
};

struct httpd_resp {
	struct httpd_part part[HTTPD_PARTS];
	unsigned int cur;	/* the part being sent */
	size_t off;		/* bytes of it sent */
	size_t len;		/* of the body */
	uint64_t end;		/* stream offset after it, once all written */
	bool body;		/* has a body part (else released once
				 * written, if not at once) */
	bool written;
	void (*release)(void *arg);
	void *arg;
	char head[HTTPD_HEAD_MAX];	/* last: not cleared on reuse */
};

/* Where a connection is in reading its current request. */
enum httpd_rx {
	HTTPD_RX_HEAD = 0,	/* waiting for, or inside, a request head */
	HTTPD_RX_BODY,		/* discarding the body of a parsed head */
};

struct httpd_conn {
	struct tcp_pcb *pcb;	/* NULL: the slot is free */
	const struct http_listener *lis;
	struct tls_conn *tls;	/* NULL: plain TCP */
	struct pbuf *rxq;	/* received TCP bytes not yet consumed */
	size_t in_len;
	size_t seen;		/* in_len at the last parse of this head */
	struct http_progress pr;	/* of the head at the start of in[] */
	size_t head_len;	/* of the head whose body is being read */
	uint64_t queued;	/* stream bytes handed to the transport */
	uint64_t acked;		/* stream bytes that need no more keeping */
	uint64_t last_ms;	/* last progress, for idle and send timeouts */
	uint64_t start_ms;	/* this head's first byte, or the body's start */
	uint32_t served;	/* requests answered on this connection */
	unsigned int first, count;	/* the response ring */
	enum httpd_rx rx;
	bool done;		/* no more requests: close when drained */
	bool peer_fin;
	bool closing;		/* TLS: close_notify sent, draining records */
	bool hs_counted;	/* TLS: the handshake is in the stats */
	/* The body being discarded (rx == HTTPD_RX_BODY). */
	bool chunked;
	uint64_t body_left;	/* Content-Length bytes still to come */
	struct http_chunked ck;
	/* The body's first HTTP_MAX_FORM bytes, for the handler (a form
	 * such as /i18n/setlang/'s); the rest is dropped. */
	uint16_t form_len;
	char form[HTTP_MAX_FORM];
	struct httpd_resp ring[HTTPD_RING];
	struct http_request req;	/* in in[]; filled as the head comes */
	char in[HTTPD_IN_SIZE];
};

/* The server's state, in .bss. */
struct httpd {
	struct httpd_conn conn[HTTP_MAX_CONNS];
	struct http_listener lis[HTTPD_MAX_LISTENERS];
	struct http_server_stats st[HTTPD_MAX_LISTENERS];	/* of lis[i] */
	int nlis;
	int nconn;
	http_handler_fn fn;
	void *ctx;
	bool quiet;		/* no access log (zero: log, so it stays .bss) */
	/* What parsing heads cost, summed over heads with a verdict: for
	 * tests, which check that no byte is looked at twice. */
	uint64_t heads, head_lines, head_looked;
};

extern struct httpd httpd;

/* The stats of c's listener. */
#define HTTPD_ST(c)	(&httpd.st[(c)->lis - httpd.lis])

/* httpd.c: the clock and the transport. */
uint64_t httpd_now_ms(void);
/* Contiguous received application bytes (NULL, 0 when none). */
const char *httpd_peek(struct httpd_conn *c, size_t *n);
/* Consume n bytes of what httpd_peek() returned. */
void httpd_consume(struct httpd_conn *c, size_t n);
/* The peer's address, dotted, into ip (16 bytes). */
void httpd_peer(struct httpd_conn *c, char ip[16]);

/* httpd_req.c: the requests. */
/* Parse and answer what has arrived, while the ring has room. */
void httpd_pump(struct httpd_conn *c);
/* A timer tick: true if the connection must be aborted (send stall). */
bool httpd_timers(struct httpd_conn *c, uint64_t now);
/* Release a response's body (its release callback, once). */
void httpd_release(struct httpd_resp *r);

#endif /* NET_HTTPD_CONN_H */
