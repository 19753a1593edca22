/*
 * netif.c: lwIP's Ethernet interface over the platform's frame calls.
 *
 * Transmit copies the pbuf chain into one frame buffer (plat_net_write
 * copies again into its ring, so the pbufs are free on return).  A full
 * ring is waited out briefly with plat_wait(); after NETIF_TX_TRIES the
 * frame is dropped and counted, and TCP's retransmission recovers it.
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

static uint8_t netif_frame[NETIF_FRAME_MAX];
static uint64_t netif_drops;

/* see net.h */
uint64_t
net_tx_drops(void)
{
	return netif_drops;
}

static err_t
netif_linkoutput(struct netif *nif, struct pbuf *p)
{
	const void *frame = p->payload;
	int i, rc = RC_AGAIN;

	if (p->tot_len > sizeof netif_frame) {
		netif_drops++;
		return ERR_BUF;
	}
	/* A single pbuf goes out as is; a chain is flattened first. */
	if (p->next != NULL) {
		pbuf_copy_partial(p, netif_frame, p->tot_len, 0);
		frame = netif_frame;
	}
	for (i = 0; i < NETIF_TX_TRIES; i++) {
		rc = plat_net_write(frame, p->tot_len);
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
	return ERR_OK;
}

/* Receive one frame into a fresh pbuf; NULL when none waits. */
static struct pbuf *
netif_read_one(struct netif *nif)
{
	size_t want = (size_t)nif->mtu + 14, len;
	struct pbuf *p;
	int rc;

	p = pbuf_alloc(PBUF_RAW, (u16_t)want, PBUF_POOL);
	if (p == NULL)
		return NULL;	/* the frame waits in the ring for later */
	if (p->next == NULL) {
		rc = plat_net_read(p->payload, p->len, &len);
	} else {
		rc = plat_net_read(netif_frame, sizeof netif_frame, &len);
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

	while (budget-- > 0) {
		p = netif_read_one(nif);
		if (p == NULL)
			return;
		net_tcp_reuse(p);
		if (nif->input(p, nif) != ERR_OK)
			pbuf_free(p);
	}
}
