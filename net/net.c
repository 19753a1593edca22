/*
 * net.c: lwIP bring-up, addressing and the per-iteration poll.
 *
 * One interface.  The address is static when the configuration has one
 * (config.h: ip=, gw=), else
 * leased by DHCP with a fallback to QEMU user networking's defaults when
 * no lease comes in time.  The address is logged once when it is up.
 * lwIP's err_t is mapped to enum err here (net_err) and nowhere else.
 *
 * Interface: net_init, net_poll, net_next_deadline, net_address, net_err.
 */
#include "internal.h"
#include "log.h"
#include "lwip/dhcp.h"
#include "lwip/init.h"
#include "lwip/ip4_addr.h"
#include "lwip/netif.h"
#include "lwip/timeouts.h"
#include "net.h"
#include "netif/ethernet.h"
#include "plat.h"

static struct netif net_if;
static bool net_dhcp_on;		/* DHCP is running, no lease yet */
static uint64_t net_dhcp_deadline;	/* monotonic ns */

/* see internal.h */
int
net_err(err_t e)
{
	switch (e) {
	case ERR_OK: return RC_OK;
	case ERR_MEM: case ERR_BUF: return RC_NOMEM;
	case ERR_TIMEOUT: return RC_TIMEOUT;
	case ERR_WOULDBLOCK: case ERR_INPROGRESS: return RC_AGAIN;
	case ERR_VAL: case ERR_ARG: return RC_INVAL;
	case ERR_USE: case ERR_ALREADY: case ERR_ISCONN: return RC_EXISTS;
	case ERR_ABRT: case ERR_RST: return RC_CONN_ABORTED;
	case ERR_CLSD: case ERR_CONN: return RC_CLOSED;
	case ERR_IF: case ERR_RTE: return RC_IO;
	}
	return RC_NET;
}

static void
net_status_cb(struct netif *nif)
{
	char ip[NET_ADDR_STRLEN], mask[NET_ADDR_STRLEN], gw[NET_ADDR_STRLEN];

	if (ip4_addr_isany_val(*netif_ip4_addr(nif)))
		return;
	ip4addr_ntoa_r(netif_ip4_addr(nif), ip, sizeof ip);
	ip4addr_ntoa_r(netif_ip4_netmask(nif), mask, sizeof mask);
	ip4addr_ntoa_r(netif_ip4_gw(nif), gw, sizeof gw);
	log_line("net: address %s netmask %s gateway %s", ip, mask, gw);
}

static void
net_set_static(const ip4_addr_t *ip, const ip4_addr_t *mask,
    const ip4_addr_t *gw)
{
	netif_set_addr(&net_if, ip, mask, gw);
}

/* see net.h */
int
net_init(const struct config *cf)
{
	ip4_addr_t ip, mask, gw;
	struct plat_net_info info;
	int rc;

	if (plat_net_info(&info) != RC_OK)
		return RC_NODEV;
	lwip_init();
	ip4_addr_set_u32(&ip, lwip_htonl(cf->ip));
	ip4_addr_set_u32(&mask, lwip_htonl(cf->mask));
	ip4_addr_set_u32(&gw, lwip_htonl(cf->gw));
	if (netif_add(&net_if, NULL, NULL, NULL, NULL, net_netif_init,
	    ethernet_input) == NULL)
		return RC_NET;
	netif_set_default(&net_if);
	netif_set_status_callback(&net_if, net_status_cb);
	netif_set_up(&net_if);
	if (cf->static_ip) {
		net_set_static(&ip, &mask, &gw);
		return RC_OK;
	}
	rc = net_err(dhcp_start(&net_if));
	if (rc != RC_OK)
		return rc;
	net_dhcp_on = true;
	net_dhcp_deadline = plat_clock_monotonic() +
	    (uint64_t)NET_DHCP_FALLBACK_MS * 1000000u;
	return RC_OK;
}

/* No lease in time: stop DHCP and take QEMU user networking's address. */
static void
net_dhcp_check(void)
{
	ip4_addr_t ip, mask, gw;

	if (dhcp_supplied_address(&net_if)) {
		net_dhcp_on = false;
		return;
	}
	if (plat_clock_monotonic() < net_dhcp_deadline)
		return;
	net_dhcp_on = false;
	dhcp_stop(&net_if);
	IP4_ADDR(&ip, 10, 0, 2, 15);
	IP4_ADDR(&mask, 255, 255, 255, 0);
	IP4_ADDR(&gw, 10, 0, 2, 2);
	log_line("net: no DHCP lease in %d ms, falling back to 10.0.2.15/24 "
	    "gw 10.0.2.2", NET_DHCP_FALLBACK_MS);
	net_set_static(&ip, &mask, &gw);
}

/* see net.h */
void
net_poll(void)
{
	net_netif_poll(&net_if, NET_RX_BUDGET);
	sys_check_timeouts();
	if (net_dhcp_on)
		net_dhcp_check();
}

/* see net.h */
uint64_t
net_next_deadline(void)
{
	uint64_t now = plat_clock_monotonic();
	u32_t ms = sys_timeouts_sleeptime();

	if (ms > 1000)
		ms = 1000;
	return now + (uint64_t)ms * 1000000u;
}

/* see net.h */
bool
net_address(char *buf, size_t size)
{
	if (!netif_is_up(&net_if) ||
	    ip4_addr_isany_val(*netif_ip4_addr(&net_if)))
		return false;
	ip4addr_ntoa_r(netif_ip4_addr(&net_if), buf, (int)size);
	return true;
}
