/*
 * tcp_reuse.c: let a new connection take over a 4-tuple that lwIP still
 * holds in TIME_WAIT.
 *
 * Why: when the server closes first (Connection: close, an error, an idle
 * timeout), lwIP keeps the connection in TIME_WAIT.  A client that opens a
 * new connection from the same port while that lasts (Linux reuses ports
 * freely when it did not close first) gets an ACK instead of a SYN-ACK and
 * hangs in SYN retries until TIME_WAIT ends.  RFC 1122 4.2.2.13 and RFC
 * 6191 allow a SYN to reopen a connection in TIME_WAIT when its sequence
 * number is beyond the old connection's, as BSD and Linux do; lwIP 2.1
 * does not.  We do it in front of lwIP: before a frame goes in, a SYN that
 * matches a TIME_WAIT PCB with a newer sequence number removes that PCB
 * (no segment is sent), and lwIP then sees an ordinary SYN for a listener.
 *
 * Interface: net_tcp_reuse.
 */
#include <string.h>

#include "internal.h"
#include "lwip/def.h"
#include "lwip/ip4_addr.h"
#include "lwip/pbuf.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/tcp.h"

#define ETH_HLEN	14
#define ETH_TYPE_IPV4	0x0800
#define IP_PROTO_TCP_	6
#define TCP_FLAG_SYN	0x02
#define TCP_FLAG_ACK	0x10

static uint16_t
get16(const uint8_t *b)
{
	return (uint16_t)(b[0] << 8 | b[1]);
}

static uint32_t
get32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	    (uint32_t)b[2] << 8 | b[3];
}

/* see internal.h */
void
net_tcp_reuse(const struct pbuf *p)
{
	const uint8_t *f = p->payload, *ip, *tcp;
	struct tcp_pcb *pcb;
	ip4_addr_t src, dst;
	uint32_t seq;
	size_t ihl;

	if (tcp_tw_pcbs == NULL || p->len < ETH_HLEN + 20 ||
	    get16(f + 12) != ETH_TYPE_IPV4)
		return;
	ip = f + ETH_HLEN;
	ihl = (size_t)(ip[0] & 0x0f) * 4;
	if ((ip[0] >> 4) != 4 || ihl < 20 || ip[9] != IP_PROTO_TCP_ ||
	    p->len < ETH_HLEN + ihl + 20 || (get16(ip + 6) & 0x1fff) != 0)
		return;		/* not TCP, or a later fragment */
	tcp = ip + ihl;
	if ((tcp[13] & (TCP_FLAG_SYN | TCP_FLAG_ACK)) != TCP_FLAG_SYN)
		return;
	memcpy(&src.addr, ip + 12, 4);
	memcpy(&dst.addr, ip + 16, 4);
	seq = get32(tcp + 4);
	for (pcb = tcp_tw_pcbs; pcb != NULL; pcb = pcb->next) {
		if (pcb->remote_port != get16(tcp) ||
		    pcb->local_port != get16(tcp + 2) ||
		    !ip4_addr_cmp(ip_2_ip4(&pcb->remote_ip), &src) ||
		    !ip4_addr_cmp(ip_2_ip4(&pcb->local_ip), &dst))
			continue;
		if (TCP_SEQ_GT(seq, pcb->rcv_nxt))
			tcp_abort(pcb);	/* TIME_WAIT: freed, nothing sent */
		return;
	}
}
