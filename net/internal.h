/*
 * internal.h: what the files of net/ share and nobody else sees.
 *
 * lwIP's err.h and ours both define ERR_OK and ERR_TIMEOUT.  Files here
 * include this header instead of err.h: our enum comes in with those two
 * renamed (ERR_OK is 0 in both, so lwIP's serves; ours ERR_TIMEOUT is
 * NET_ERR_TIMEOUT), then lwIP's err.h.
 */
#ifndef NET_INTERNAL_H
#define NET_INTERNAL_H

#define ERR_OK NET_ERR_OK_
#define ERR_TIMEOUT NET_ERR_TIMEOUT
#include "err.h"
#undef ERR_OK
#undef ERR_TIMEOUT
#include "lwip/err.h"

_Static_assert(NET_ERR_OK_ == 0 && ERR_OK == 0, "both ERR_OK are 0");

struct netif;

/* netif.c: the lwIP interface over plat_net_read/plat_net_write. */
/* lwIP's netif init function; state is unused. */
err_t net_netif_init(struct netif *nif);
/* Feed up to budget received frames to nif->input. */
void net_netif_poll(struct netif *nif, int budget);

/* tcp_reuse.c: before a received Ethernet frame goes to lwIP, let a SYN
 * reopen a 4-tuple that lwIP holds in TIME_WAIT (RFC 6191). */
struct pbuf;
void net_tcp_reuse(const struct pbuf *p);

#endif /* NET_INTERNAL_H */
