/*
 * tcp_pair.c: the wire and the clients of tcp_pair.h.
 *
 * The wire is one netif at the IP layer: its output copies each packet
 * (the stack keeps the original for retransmission) into a FIFO, and
 * pair_pump() feeds the FIFO back into ip4_input.  Not lwIP's loopif:
 * lwipopts.h has LWIP_SINGLE_NETIF, so loopif would need options the
 * image does not have, and a wire of our own lets a test hold back the
 * clients' bare ACKs to see when the server releases a body.
 *
 * Interface: pair_init, pair_hold_acks, pair_held, pair_release_held,
 * pair_pump, pair_run_ms, pair_open, pair_open_port, pair_write, pair_send,
 * pair_resume, pair_close.
 */
#include <stdlib.h>
#include <string.h>

#include "fake_plat.h"
#include "lwip/init.h"
#include "lwip/ip4.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/tcp.h"
#include "lwip/timeouts.h"
#include "plat.h"
#include "tcp_pair.h"

#define WIRE_MAX	8192	/* packets in flight on the wire */

/* --- the wire -------------------------------------------------------- */

struct wire_q {
	struct pbuf *p[WIRE_MAX];
	unsigned int first, n;
};

static struct netif nif;
static struct wire_q wire, held;
static uint16_t pair_port;

/* see tcp_pair.h */
bool pair_hold_acks;

static void
wire_put(struct wire_q *q, struct pbuf *p)
{
	ASSERT(q->n < WIRE_MAX);
	q->p[(q->first + q->n++) % WIRE_MAX] = p;
}

static struct pbuf *
wire_get(struct wire_q *q)
{
	struct pbuf *p;

	if (q->n == 0)
		return NULL;
	p = q->p[q->first];
	q->first = (q->first + 1) % WIRE_MAX;
	q->n--;
	return p;
}

/* A TCP segment to the server that carries no data: an ACK. */
static bool
wire_is_bare_ack(const struct pbuf *p)
{
	const uint8_t *b = p->payload;
	unsigned int ihl = (b[0] & 0xfu) * 4, tot = b[2] << 8 | b[3];

	return b[9] == 6 && (b[ihl + 2] << 8 | b[ihl + 3]) == pair_port &&
	    tot == ihl + (b[ihl + 12] >> 4) * 4;
}

/* The netif's output: the packet is the stack's; queue a copy. */
static err_t
wire_output(struct netif *n, struct pbuf *p, const ip4_addr_t *dst)
{
	struct pbuf *q = pbuf_clone(PBUF_RAW, PBUF_RAM, p);

	if (q == NULL)
		return ERR_MEM;
	if (pair_hold_acks && wire_is_bare_ack(q))
		wire_put(&held, q);
	else
		wire_put(&wire, q);
	return ERR_OK;
}

static err_t
wire_init(struct netif *n)
{
	n->name[0] = 't';
	n->name[1] = 'w';
	n->mtu = 1500;
	n->output = wire_output;
	return ERR_OK;
}

/* see tcp_pair.h */
void
pair_pump(void)
{
	struct pbuf *p;

	while ((p = wire_get(&wire)) != NULL)
		(void)nif.input(p, &nif);	/* ip4_input always takes p */
}

/* see tcp_pair.h */
void
pair_release_held(void)
{
	struct pbuf *p;

	while ((p = wire_get(&held)) != NULL)
		wire_put(&wire, p);
}

/* see tcp_pair.h */
void
pair_run_ms(uint64_t ms)
{
	uint64_t end = fake_plat_now_ms() + ms, step;

	pair_pump();
	while (fake_plat_now_ms() < end) {
		step = end - fake_plat_now_ms();
		fake_plat_advance(step < PAIR_STEP_MS ? step : PAIR_STEP_MS);
		sys_check_timeouts();
		pair_pump();
	}
}

/* --- clients ------------------------------------------------------------ */

static err_t
client_on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
	struct pair_client *c = arg;

	if (p == NULL) {
		c->fin = true;
		return ERR_OK;
	}
	if (c->rx_len + p->tot_len + 1 > c->rx_cap) {
		c->rx_cap = (c->rx_len + p->tot_len + 1) * 2;
		c->rx = realloc(c->rx, c->rx_cap);
		ASSERT(c->rx != NULL);
	}
	pbuf_copy_partial(p, c->rx + c->rx_len, p->tot_len, 0);
	c->rx_len += p->tot_len;
	c->rx[c->rx_len] = '\0';
	if (!c->stop_reading)
		tcp_recved(pcb, p->tot_len);
	else
		c->unread += p->tot_len;
	pbuf_free(p);
	tcp_ack_now(pcb);	/* tcp_input sends it when we return */
	return ERR_OK;
}

static void
client_on_err(void *arg, err_t err)
{
	struct pair_client *c = arg;

	c->pcb = NULL;
	c->reset = err == ERR_RST;
}

static err_t
client_on_connected(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct pair_client *c = arg;

	c->connected = true;
	return ERR_OK;
}

/* see tcp_pair.h */
bool
pair_open(struct pair_client *c)
{
	return pair_open_port(c, pair_port);
}

/* see tcp_pair.h */
bool
pair_open_port(struct pair_client *c, uint16_t port)
{
	ip4_addr_t server;

	free(c->rx);
	memset(c, 0, sizeof *c);
	IP4_ADDR(&server, 10, 0, 0, 1);
	c->pcb = tcp_new_ip_type(IPADDR_TYPE_V4);
	ASSERT(c->pcb != NULL);
	tcp_arg(c->pcb, c);
	tcp_recv(c->pcb, client_on_recv);
	tcp_err(c->pcb, client_on_err);
	tcp_nagle_disable(c->pcb);
	if (tcp_connect(c->pcb, &server, port, client_on_connected) !=
	    ERR_OK)
		return false;
	pair_pump();
	return c->connected;
}

/* see tcp_pair.h */
void
pair_write(struct pair_client *c, const char *s, size_t n)
{
	ASSERT(c->pcb != NULL);
	ASSERT(tcp_write(c->pcb, s, (u16_t)n, TCP_WRITE_FLAG_COPY) == ERR_OK);
	ASSERT(tcp_output(c->pcb) == ERR_OK);
	pair_pump();
}

/* see tcp_pair.h */
void
pair_send(struct pair_client *c, const char *s)
{
	pair_write(c, s, strlen(s));
}

/* see tcp_pair.h */
void
pair_resume(struct pair_client *c)
{
	u16_t n;

	c->stop_reading = false;
	while (c->pcb != NULL && c->unread > 0) {
		n = c->unread > 0xffff ? 0xffff : (u16_t)c->unread;
		tcp_recved(c->pcb, n);
		c->unread -= n;
	}
	pair_pump();
}

/* see tcp_pair.h */
void
pair_close(struct pair_client *c)
{
	if (c->pcb != NULL)
		tcp_abort(c->pcb);	/* client_on_err clears c->pcb */
	free(c->rx);
	memset(c, 0, sizeof *c);
}

/* see tcp_pair.h */
void
pair_init(uint16_t port)
{
	ip4_addr_t a, m, g;

	pair_port = port;
	lwip_init();
	IP4_ADDR(&a, 10, 0, 0, 1);
	IP4_ADDR(&m, 255, 255, 255, 0);
	ip4_addr_set_zero(&g);
	ASSERT(netif_add(&nif, &a, &m, &g, NULL, wire_init, ip4_input) !=
	    NULL);
	netif_set_default(&nif);
	netif_set_link_up(&nif);
	netif_set_up(&nif);
}

/* see tcp_pair.h */
unsigned int
pair_held(void)
{
	return held.n;
}
