/*
 * syslog.c: the log's sink that sends each line to a syslog collector,
 * RFC 5424 over UDP (RFC 5426), on lwIP's raw UDP API.
 *
 * A message is
 *   <PRI>1 TIMESTAMP HOSTNAME appliance - - - MSG
 * with PRI = local0 * 8 + severity, TIMESTAMP the line's wall clock in
 * RFC 3339 UTC to the millisecond ("-" when the platform has no wall
 * clock) and MSG the line as the console shows it, without the newline.
 * The longest fits one Ethernet frame, so nothing is fragmented.
 *
 * The sink runs inside log_drain(), on the main loop, so it may call
 * lwIP; it never logs (the line would only queue behind itself).
 *
 * Interface: net_syslog_init.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "log.h"
#include "lwip/ip4_addr.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/udp.h"
#include "net.h"

#define SYSLOG_FACILITY	16	/* local0 (RFC 5424 6.2.1) */
/* "2024-01-01T00:00:00.000Z" is 25 with its NUL; int fields of any
 * value fit 64, which lets the compiler see that nothing is cut. */
#define SYSLOG_TS_LEN	64
/* PRI, version, timestamp, host, the fixed fields, the line. */
#define SYSLOG_MAX	(16 + SYSLOG_TS_LEN + CONFIG_MAX_HOST + 32 + \
			LOG_LINE_MAX)

_Static_assert(SYSLOG_MAX <= 1472, "a message fits one datagram");

static struct {
	struct udp_pcb *pcb;
	ip_addr_t dst;
	uint16_t port;
	char host[CONFIG_MAX_HOST + 1];
} syslog_st;

/* RFC 3339 UTC with milliseconds, or RFC 5424's NILVALUE. */
static void
syslog_time(char *buf, size_t size, uint64_t wall_ns)
{
	time_t t = (time_t)(wall_ns / 1000000000u);
	struct tm tm;

	if (wall_ns == 0 || gmtime_r(&t, &tm) == NULL) {
		snprintf(buf, size, "-");
		return;
	}
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03uZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec,
	    (unsigned int)(wall_ns / 1000000u % 1000u));
}

/* The log's sink (log_sink_fn): one datagram per line. */
static int
syslog_send(void *arg, int sev, uint64_t wall_ns, const char *text,
    size_t len)
{
	char msg[SYSLOG_MAX], ts[SYSLOG_TS_LEN];
	struct netif *nif = netif_default;
	struct pbuf *p;
	int n;
	err_t e;

	/* No address yet (DHCP): keep the line for later. */
	if (nif == NULL || !netif_is_up(nif) ||
	    ip4_addr_isany_val(*netif_ip4_addr(nif)))
		return RC_AGAIN;
	syslog_time(ts, sizeof ts, wall_ns);
	n = snprintf(msg, sizeof msg, "<%d>1 %s %s appliance - - - %.*s",
	    SYSLOG_FACILITY * 8 + sev, ts, syslog_st.host, (int)len, text);
	if (n < 0)
		return RC_INVAL;
	if ((size_t)n >= sizeof msg)
		n = (int)sizeof msg - 1;
	p = pbuf_alloc(PBUF_TRANSPORT, (u16_t)n, PBUF_RAM);
	if (p == NULL)
		return RC_AGAIN;	/* lwIP's heap is short: later */
	memcpy(p->payload, msg, (size_t)n);
	e = udp_sendto(syslog_st.pcb, p, &syslog_st.dst, syslog_st.port);
	pbuf_free(p);
	/* ERR_MEM: the ARP queue is full while the collector resolves. */
	return e == ERR_MEM ? RC_AGAIN : net_err(e);
}

/* see net.h */
int
net_syslog_init(const struct config *cf)
{
	if (cf->syslog_ip == 0)
		return RC_OK;
	syslog_st.pcb = udp_new_ip_type(IPADDR_TYPE_V4);
	if (syslog_st.pcb == NULL)
		return RC_NOMEM;
	ip_addr_set_ip4_u32_val(syslog_st.dst, lwip_htonl(cf->syslog_ip));
	syslog_st.port = cf->syslog_port;
	snprintf(syslog_st.host, sizeof syslog_st.host, "%s", cf->host);
	log_set_sink(syslog_send, NULL);
	return RC_OK;
}
