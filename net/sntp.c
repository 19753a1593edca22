/*
 * sntp.c: an SNTP client (RFC 4330) on lwIP's raw UDP API that keeps
 * the platform's wall clock on a time server's (config.h: sntp=; on EC2
 * the Amazon Time Sync Service, 169.254.169.123).
 *
 * One request is in flight at a time, with a fresh random nonce as its
 * Transmit Timestamp: an answer counts only if it carries the nonce back
 * (so a stray or replayed datagram is not taken for the time) and passes
 * RFC 4330 5's checks.  Its times are turned into "the server's time at
 * our monotonic time t4" (sntp_wall_at), so our own wall clock, wrong as
 * it may be, plays no part; the platform steps or slews (plat.h).
 *
 * Requests run on lwIP's timers (sys_timeout), so the main loop has
 * nothing to poll and net_next_deadline() already covers them.
 *
 * Interface: sntp_init, sntp_build, sntp_parse, sntp_wall_at,
 * sntp_to_unix_ns, sntp_from_unix_ns (cloud.h).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cloud.h"
#include "internal.h"
#include "log.h"
#include "lwip/ip4_addr.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/timeouts.h"
#include "lwip/udp.h"
#include "plat.h"

#define NS_PER_S	1000000000ull
/* Seconds from 1900-01-01 (NTP's era 0) to 1970-01-01. */
#define NTP_UNIX_DELTA	2208988800ull

static uint64_t
get64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static void
put64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 7; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

/* see cloud.h.  RFC 4330 3: with the top bit clear, a time is in era 1
 * (from 2036-02-07), so one rule covers 1968 to 2104. */
uint64_t
sntp_to_unix_ns(uint64_t ntp)
{
	uint64_t sec = ntp >> 32, frac = ntp & 0xffffffffu;

	if (!(sec & 0x80000000u))
		sec += 1ull << 32;
	return (sec - NTP_UNIX_DELTA) * NS_PER_S + ((frac * NS_PER_S) >> 32);
}

/* see cloud.h */
uint64_t
sntp_from_unix_ns(uint64_t ns)
{
	uint64_t sec = ns / NS_PER_S + NTP_UNIX_DELTA;
	/* Rounded up, so that sntp_to_unix_ns gives back ns exactly. */
	uint64_t frac = (((ns % NS_PER_S) << 32) + NS_PER_S - 1) / NS_PER_S;

	return (sec & 0xffffffffu) << 32 | frac;
}

/* see cloud.h */
void
sntp_build(uint8_t pkt[SNTP_PACKET_LEN], uint64_t nonce)
{
	memset(pkt, 0, SNTP_PACKET_LEN);
	pkt[0] = 4 << 3 | 3;		/* LI 0, VN 4, mode 3 (client) */
	put64(pkt + 40, nonce);		/* Transmit Timestamp */
}

/* see cloud.h */
int
sntp_parse(const uint8_t *pkt, size_t len, uint64_t nonce,
    struct sntp_reply *r)
{
	unsigned int li, vn, mode;
	uint64_t rx, tx;

	if (len < SNTP_PACKET_LEN)
		return RC_PROTO;
	li = pkt[0] >> 6;
	vn = pkt[0] >> 3 & 7;
	mode = pkt[0] & 7;
	r->stratum = pkt[1];
	rx = get64(pkt + 32);
	tx = get64(pkt + 40);
	if (li == 3 || (vn != 3 && vn != 4) || mode != 4 ||
	    r->stratum == 0 || r->stratum > 15 || tx == 0 || rx == 0 ||
	    get64(pkt + 24) != nonce)
		return RC_PROTO;
	r->rx_ns = sntp_to_unix_ns(rx);
	r->tx_ns = sntp_to_unix_ns(tx);
	return RC_OK;
}

/* see cloud.h */
uint64_t
sntp_wall_at(const struct sntp_reply *r, uint64_t t1, uint64_t t4)
{
	uint64_t rtt = t4 > t1 ? t4 - t1 : 0;
	uint64_t server = r->tx_ns > r->rx_ns ? r->tx_ns - r->rx_ns : 0;

	return r->tx_ns + (rtt > server ? (rtt - server) / 2 : 0);
}

static struct {
	struct udp_pcb *pcb;
	ip_addr_t dst;
	uint16_t port;
	uint64_t nonce;		/* of the request in flight; 0: none */
	uint64_t sent;		/* its monotonic time */
	uint32_t poll_s;	/* seconds to the next request */
	bool synced;		/* an answer came */
	bool bad_said;		/* a bad answer was logged since a good one */
} sntp_st;

static void sntp_request(void *arg);

static void
sntp_later(uint32_t s)
{
	sys_untimeout(sntp_request, NULL);
	sys_timeout(s * 1000u, sntp_request, NULL);
}

/* The timer: send a request (or wait for an address) and rearm. */
static void
sntp_request(void *arg)
{
	struct netif *nif = netif_default;
	struct pbuf *p;
	uint64_t nonce = 0;

	sntp_later(sntp_st.synced ? sntp_st.poll_s : SNTP_RETRY_S);
	if (nif == NULL || !netif_is_up(nif) ||
	    ip4_addr_isany_val(*netif_ip4_addr(nif)))
		return;		/* DHCP has not answered: next time */
	if (plat_entropy(&nonce, sizeof nonce) != RC_OK || nonce == 0)
		nonce = plat_clock_monotonic() | 1;
	p = pbuf_alloc(PBUF_TRANSPORT, SNTP_PACKET_LEN, PBUF_RAM);
	if (p == NULL)
		return;
	sntp_build(p->payload, nonce);
	sntp_st.nonce = nonce;
	sntp_st.sent = plat_clock_monotonic();
	if (udp_sendto(sntp_st.pcb, p, &sntp_st.dst, sntp_st.port) != ERR_OK)
		sntp_st.nonce = 0;
	pbuf_free(p);
}

/* "2031-01-01T00:00:00Z" */
static void
sntp_fmt(char *buf, size_t size, uint64_t ns)
{
	time_t t = (time_t)(ns / NS_PER_S);
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, size, "?");
}

/* An answer (lwIP's udp_recv_fn). */
static void
sntp_recv(void *arg, struct udp_pcb *pcb, struct pbuf *p,
    const ip_addr_t *addr, u16_t port)
{
	uint8_t pkt[SNTP_PACKET_LEN];
	struct sntp_reply r;
	uint64_t now = plat_clock_monotonic(), wall, ours;
	int64_t off;
	char when[32];

	if (!ip_addr_cmp(addr, &sntp_st.dst) || port != sntp_st.port ||
	    sntp_st.nonce == 0 || p->tot_len < SNTP_PACKET_LEN) {
		pbuf_free(p);
		return;
	}
	pbuf_copy_partial(p, pkt, SNTP_PACKET_LEN, 0);
	pbuf_free(p);
	if (sntp_parse(pkt, SNTP_PACKET_LEN, sntp_st.nonce, &r) != RC_OK) {
		if (!sntp_st.bad_said)
			log_line("sntp: a bad answer from the time server "
			    "(mode, stratum, leap or originate): ignored");
		sntp_st.bad_said = true;
		return;
	}
	sntp_st.nonce = 0;
	sntp_st.bad_said = false;
	wall = sntp_wall_at(&r, sntp_st.sent, now);
	ours = plat_clock_wall();
	off = (int64_t)(wall - ours);
	if (!sntp_st.synced) {
		sntp_fmt(when, sizeof when, wall);
		log_line("sntp: time %s from the server (stratum %u), our "
		    "clock %s by %lld ms", when, r.stratum,
		    ours == 0 ? "unset, off" : off >= 0 ? "behind" : "ahead",
		    (long long)(off >= 0 ? off : -off) / 1000000);
		sntp_st.synced = true;
		sntp_st.poll_s = SNTP_MIN_POLL_S;
	} else if (off > (int64_t)SNTP_STEP_MS * 1000000 ||
	    off < -(int64_t)SNTP_STEP_MS * 1000000) {
		log_line("sntp: our clock was off by %lld ms: stepped",
		    (long long)off / 1000000);
		sntp_st.poll_s = SNTP_MIN_POLL_S;
	} else if (sntp_st.poll_s < SNTP_MAX_POLL_S) {
		sntp_st.poll_s *= 2;
	}
	plat_clock_sync(wall, now, (uint64_t)SNTP_STEP_MS * 1000000u,
	    (uint64_t)sntp_st.poll_s * NS_PER_S);
	sntp_later(sntp_st.poll_s);
}

/* see cloud.h */
int
sntp_init(const struct config *cf)
{
	if (cf->sntp_ip == 0)
		return RC_OK;
	sntp_st.pcb = udp_new_ip_type(IPADDR_TYPE_V4);
	if (sntp_st.pcb == NULL)
		return RC_NOMEM;
	ip_addr_set_ip4_u32_val(sntp_st.dst, lwip_htonl(cf->sntp_ip));
	sntp_st.port = cf->sntp_port;
	udp_recv(sntp_st.pcb, sntp_recv, NULL);
	sntp_st.poll_s = SNTP_MIN_POLL_S;
	/* The first request at once: before the address is up it only
	 * rearms, SNTP_RETRY_S later. */
	sys_timeout(0, sntp_request, NULL);
	return RC_OK;
}
