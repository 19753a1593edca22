/*
 * internal.h: what the files of net/ share and nobody else sees.
 *
 * Our enum err (RC_*) and lwIP's err_t (ERR_*) have disjoint names, so
 * both headers are included as they are; an lwIP code becomes ours only
 * through net_err().
 */
#ifndef NET_INTERNAL_H
#define NET_INTERNAL_H

#include "err.h"
#include "lwip/err.h"

/*
 * Map an lwIP err_t to enum err: the one place where lwIP's codes cross
 * into ours.
 */
int net_err(err_t lwip_err);

struct netif;

/* netif.c: the lwIP interface over plat_net_read/plat_net_writev. */
/* lwIP's netif init function; state is unused. */
err_t net_netif_init(struct netif *nif);
/* Feed up to budget received frames to nif->input. */
void net_netif_poll(struct netif *nif, int budget);

/* tcp_reuse.c: before a received Ethernet frame goes to lwIP, let a SYN
 * reopen a 4-tuple that lwIP holds in TIME_WAIT (RFC 6191). */
struct pbuf;
void net_tcp_reuse(const struct pbuf *p);

/*
 * chksum.c: the Internet checksum, lwIP's LWIP_CHKSUM (lwipopts.h, which
 * repeats this prototype for lwIP's own sources).  Returns the
 * one's-complement sum of the len bytes at data (any address, any len;
 * 0 when len <= 0), folded to 16 bits and not inverted, in network byte
 * order: the first byte is the high byte of the first word, whatever
 * the address's parity.  Stored to memory as it is, it reads as the
 * big-endian sum.  Reads only data[0..len-1]; any context.
 */
uint16_t net_chksum(const void *data, int len);

#endif /* NET_INTERNAL_H */
