/*
 * net.h: the network stack as the app sees it: lwIP (NO_SYS=1) on the
 * platform's one NIC, driven from the main loop.
 *
 * Addressing comes from the node's configuration (config.h: ip=, gw=):
 * a static address when it has one; otherwise DHCP runs, and if no lease
 * arrives within NET_DHCP_FALLBACK_MS (config.h) the address falls back
 * to 10.0.2.15/24 via 10.0.2.2 (QEMU user networking's defaults).
 *
 * Context: the main loop only.  lwIP callbacks (TCP, timers) run inside
 * net_poll().
 */
#ifndef NET_H
#define NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"

#define NET_ADDR_STRLEN		16	/* "255.255.255.255" plus NUL */

/*
 * Bring up lwIP and the interface with cf's addressing.  RC_NODEV when
 * the platform has no NIC, RC_NET if lwIP refuses the interface.  Call
 * once, after plat_init() and config_load().
 */
int net_init(const struct config *cf) __attribute__((warn_unused_result));

/*
 * Move received frames into lwIP (at most NET_RX_BUDGET) and run lwIP's
 * timers.  Call from the main loop whenever plat_wait() returns.
 */
void net_poll(void);

/*
 * The monotonic time (ns) by which net_poll() must run again for lwIP's
 * timers, capped at now + 1 s.
 */
uint64_t net_next_deadline(void);

/*
 * When the interface has an address: write it, dotted, into buf (at least
 * NET_ADDR_STRLEN bytes) and return true.  Otherwise return false.
 */
bool net_address(char *buf, size_t size);

/* Frames dropped because the transmit ring stayed full. */
uint64_t net_tx_drops(void);

/*
 * Send every log line (log.h) to cf's syslog collector (config.h:
 * syslog=), if it has one, as one RFC 5424 message per UDP datagram
 * (RFC 5426): facility local0, the line's severity, the wall clock in
 * UTC, cf's host as HOSTNAME, APP-NAME "appliance", no PROCID, MSGID or
 * structured data.  Lines wait in the log ring while the interface has
 * no address, so the start-up lines arrive too; lines lwIP refuses (no
 * route) are counted by the log (log_get_stats), not retried.  RC_OK
 * (also when no collector is configured), RC_NOMEM when lwIP has no UDP
 * PCB left.  Call once, after net_init().
 */
int net_syslog_init(const struct config *cf)
    __attribute__((warn_unused_result));

#endif /* NET_H */
