/*
 * netif.c: lwIP's Ethernet interface over the platform's frame calls.
 *
 * Transmit hands the pbuf chain to plat_net_writev() as a list of pieces,
 * one per pbuf, without flattening it; the platform copies once (into its
 * ring) and the pbufs are free on return.  Only a chain longer than
 * PLAT_NET_MAX_IOV is flattened first.  A full ring is waited out briefly
 * with plat_wait() (which also tells the device of what is queued); after
 * NETIF_TX_TRIES the frame is dropped and counted, and TCP's
 * retransmission recovers it.
 *
 * Checksum offload: when the platform offers PLAT_NET_TX_CSUM, lwIP is told
 * (per netif, LWIP_CHECKSUM_CTRL_PER_NETIF) not to compute TCP checksums;
 * each outgoing TCP segment then gets its pseudo-header sum here and the
 * NIC finishes it.  UDP (DHCP only) and ICMP stay computed by lwIP: they
 * are rare and small, and a fragmented UDP datagram cannot be offloaded.
 * With PLAT_NET_RX_CSUM, each frame the platform marks PLAT_NET_RX_CSUM_OK
 * is handed to lwIP with TCP/UDP checks off; the flags are set per frame,
 * which is sound because input runs to completion (NO_SYS) before the
 * next frame is read.
 *
 * Receive is polled from the main loop: each frame lands directly in a
 * PBUF_POOL pbuf when one pbuf holds it, else in a bounce buffer.
 *
 * Interface: net_netif_init, net_netif_poll, net_tx_drops.
 */
#include <string.h>

#include "internal.h"
#include "lwip/etharp.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "net.h"
#include "netif/ethernet.h"
#include "plat.h"

#define NETIF_TX_TRIES		100	/* waits of NETIF_TX_WAIT_NS each */
#define NETIF_TX_WAIT_NS	20000u
#define NETIF_FRAME_MAX		(9000 + 14)	/* jumbo MTU plus header */

#define ETH_HLEN		14
#define ETH_TYPE_IP4		0x0800
#define IP4_PROTO_TCP		6
#define TCP_CSUM_OFF		16	/* of the checksum in the TCP header */

/* Checks lwIP always makes, and the two it skips for a trusted frame. */
#define NETIF_CSUM_BASE		(NETIF_CHECKSUM_ENABLE_ALL & \
    ~(NETIF_CHECKSUM_CHECK_TCP | NETIF_CHECKSUM_CHECK_UDP))
#define NETIF_CSUM_CHECK_L4	(NETIF_CHECKSUM_CHECK_TCP | \
    NETIF_CHECKSUM_CHECK_UDP)

static uint8_t netif_frame[NETIF_FRAME_MAX];
static uint64_t netif_drops;
static uint32_t netif_offload;		/* PLAT_NET_* from plat_net_info */
static u16_t netif_csum_gen;		/* NETIF_CHECKSUM_GEN_* in force */

/* see net.h */
uint64_t
net_tx_drops(void)
{
	return netif_drops;
}

static uint16_t
netif_be16(const uint8_t *b)
{
	return (uint16_t)(b[0] << 8 | b[1]);
}

/*
 * Prepare an IPv4 TCP frame for the NIC to finish its checksum: store the
 * pseudo-header sum in the checksum field (lwIP left it zero) and fill cs.
 * The Ethernet, IP and TCP headers are in the first pbuf, which lwIP
 * allocated and we may write: tcp_output builds them there.  Returns
 * false for any other frame, which is already complete.
 */
static bool
netif_csum_prep(struct pbuf *p, struct plat_net_csum *cs)
{
	uint8_t *f = p->payload, *ip = f + ETH_HLEN;
	uint32_t sum;
	unsigned ihl, tot, i;

	if (p->len < ETH_HLEN + 20 || netif_be16(f + 12) != ETH_TYPE_IP4 ||
	    ip[9] != IP4_PROTO_TCP)
		return false;
	ihl = (ip[0] & 0x0fu) * 4;
	tot = netif_be16(ip + 2);
	/* TCP from lwIP is never fragmented: the MSS fits the MTU. */
	LWIP_ASSERT("tcp headers in the first pbuf",
	    p->len >= ETH_HLEN + ihl + 20 && ihl >= 20 && tot >= ihl + 20 &&
	    (netif_be16(ip + 6) & 0x3fffu) == 0);
	sum = IP4_PROTO_TCP + (tot - ihl);
	for (i = 12; i < 20; i += 2)
		sum += netif_be16(ip + i);
	sum = (sum & 0xffffu) + (sum >> 16);
	sum = (sum & 0xffffu) + (sum >> 16);
	cs->start = (uint16_t)(ETH_HLEN + ihl);
	cs->offset = TCP_CSUM_OFF;
	f[cs->start + TCP_CSUM_OFF] = (uint8_t)(sum >> 8);
	f[cs->start + TCP_CSUM_OFF + 1] = (uint8_t)sum;
	return true;
}

/* Describe chain p in iov; returns the count, 0 when it is too long. */
static int
netif_gather(const struct pbuf *p, struct plat_iov *iov)
{
	int n = 0;

	for (; p != NULL; p = p->next) {
		if (p->len == 0)
			continue;
		if (n == PLAT_NET_MAX_IOV)
			return 0;
		iov[n].base = p->payload;
		iov[n++].len = p->len;
	}
	return n;
}

static err_t
netif_linkoutput(struct netif *nif, struct pbuf *p)
{
	struct plat_iov iov[PLAT_NET_MAX_IOV];
	struct plat_net_csum cs, *csp = NULL;
	int i, n, rc = RC_AGAIN;

	if (p->tot_len > sizeof netif_frame) {
		netif_drops++;
		return ERR_BUF;
	}
	if ((netif_offload & PLAT_NET_TX_CSUM) && netif_csum_prep(p, &cs))
		csp = &cs;
	n = netif_gather(p, iov);
	if (n == 0) {
		/* Rare: more pieces than the platform takes. */
		pbuf_copy_partial(p, netif_frame, p->tot_len, 0);
		iov[0].base = netif_frame;
		iov[0].len = p->tot_len;
		n = 1;
	}
	for (i = 0; i < NETIF_TX_TRIES; i++) {
		rc = plat_net_writev(iov, n, csp);
		if (rc != RC_AGAIN)
			break;
		plat_wait(plat_clock_monotonic() + NETIF_TX_WAIT_NS);
	}
	if (rc != RC_OK) {
		netif_drops++;
		return rc == RC_AGAIN ? ERR_WOULDBLOCK : ERR_IF;
	}
	return ERR_OK;
}

/* see internal.h */
err_t
net_netif_init(struct netif *nif)
{
	struct plat_net_info info;

	if (plat_net_info(&info) != RC_OK)
		return ERR_IF;
	nif->name[0] = 'e';
	nif->name[1] = 'n';
	nif->output = etharp_output;
	nif->linkoutput = netif_linkoutput;
	nif->mtu = info.mtu;
	if (nif->mtu + 14u > sizeof netif_frame)
		nif->mtu = sizeof netif_frame - 14;
	nif->hwaddr_len = ETH_HWADDR_LEN;
	memcpy(nif->hwaddr, info.mac, ETH_HWADDR_LEN);
	nif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP |
	    NETIF_FLAG_ETHERNET | NETIF_FLAG_LINK_UP;
	netif_offload = info.flags;
	netif_csum_gen = NETIF_CSUM_BASE;
	if (netif_offload & PLAT_NET_TX_CSUM)
		netif_csum_gen &= (u16_t)~NETIF_CHECKSUM_GEN_TCP;
	NETIF_SET_CHECKSUM_CTRL(nif, netif_csum_gen | NETIF_CSUM_CHECK_L4);
	return ERR_OK;
}

/* Receive one frame into a fresh pbuf; NULL when none waits. */
static struct pbuf *
netif_read_one(struct netif *nif, uint32_t *flags)
{
	size_t want = (size_t)nif->mtu + 14, len;
	struct pbuf *p;
	int rc;

	p = pbuf_alloc(PBUF_RAW, (u16_t)want, PBUF_POOL);
	if (p == NULL)
		return NULL;	/* the frame waits in the ring for later */
	if (p->next == NULL) {
		rc = plat_net_read(p->payload, p->len, &len, flags);
	} else {
		rc = plat_net_read(netif_frame, sizeof netif_frame, &len,
		    flags);
		if (rc == RC_OK && len <= want)
			pbuf_take(p, netif_frame, (u16_t)len);
	}
	if (rc != RC_OK || len > want || len < 14) {
		pbuf_free(p);
		return NULL;
	}
	pbuf_realloc(p, (u16_t)len);
	return p;
}

/* see internal.h */
void
net_netif_poll(struct netif *nif, int budget)
{
	struct pbuf *p;
	uint32_t flags;
	u16_t check;

	while (budget-- > 0) {
		p = netif_read_one(nif, &flags);
		if (p == NULL)
			return;
		check = NETIF_CSUM_CHECK_L4;
		if ((netif_offload & PLAT_NET_RX_CSUM) &&
		    (flags & PLAT_NET_RX_CSUM_OK))
			check = 0;
		NETIF_SET_CHECKSUM_CTRL(nif, netif_csum_gen | check);
		net_tcp_reuse(p);
		if (nif->input(p, nif) != ERR_OK)
			pbuf_free(p);
	}
}
