/*
 * test_syslog.c: the syslog sink (net/syslog.c) as a collector sees it:
 * the UDP datagram a log line becomes, byte by byte, on the image's own
 * lwIP and log ring, on fake time (fake_plat.c: the wall clock starts at
 * 2024-01-01T00:00:01Z).  The stack has one netif whose output keeps the
 * last IP packet in memory, so nothing leaves the process.
 *
 *   test_syslog [all|before_address|format|severity|long_line]
 *
 * before_address runs first: the sink is set up while the netif has no
 * address, as under DHCP, and the later tests reuse the same stack.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "config.h"
#include "err.h"
#include "fake_plat.h"
#include "log.h"
#include "lwip/init.h"
#include "lwip/ip4.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "net.h"
#include "plat.h"

#define COLLECTOR	0x0a000009u	/* 10.0.0.9 */
#define COLLECTOR_PORT	5514

static struct netif nif;
static unsigned char pkt[2048];		/* the last packet sent */
static size_t pkt_len;
static int npkts;
static bool ready;

static err_t
cap_output(struct netif *n, struct pbuf *p, const ip4_addr_t *dst)
{
	ASSERT(p->tot_len <= sizeof pkt);
	pkt_len = pbuf_copy_partial(p, pkt, p->tot_len, 0);
	npkts++;
	return ERR_OK;
}

static err_t
cap_init(struct netif *n)
{
	n->name[0] = 'c';
	n->name[1] = 'p';
	n->mtu = 1500;
	n->output = cap_output;
	return ERR_OK;
}

/* lwIP, a netif with no address yet, the sink for 10.0.0.9:5514. */
static void
setup(void)
{
	struct config cf;

	if (ready)
		return;
	ready = true;
	fake_plat_console_capture(true);
	lwip_init();
	ASSERT(netif_add_noaddr(&nif, NULL, cap_init, ip4_input) != NULL);
	netif_set_default(&nif);
	netif_set_link_up(&nif);
	netif_set_up(&nif);
	memset(&cf, 0, sizeof cf);
	strcpy(cf.host, "node.example");
	cf.syslog_ip = COLLECTOR;
	cf.syslog_port = COLLECTOR_PORT;
	CHECK(net_syslog_init(&cf) == RC_OK, "init");
	log_start();
}

static void
set_address(void)
{
	ip4_addr_t a, m, g;

	IP4_ADDR(&a, 10, 0, 0, 1);
	IP4_ADDR(&m, 255, 255, 255, 0);
	ip4_addr_set_zero(&g);
	netif_set_addr(&nif, &a, &m, &g);
}

/* The last packet is UDP 10.0.0.1 -> 10.0.0.9:5514; its payload. */
static const char *
payload(size_t *len)
{
	static char msg[2048];
	size_t ihl = (size_t)(pkt[0] & 0xf) * 4, ulen;

	if (pkt_len < 28 || pkt[9] != 17 ||
	    memcmp(pkt + 12, "\x0a\x00\x00\x01\x0a\x00\x00\x09", 8) != 0 ||
	    (pkt[ihl + 2] << 8 | pkt[ihl + 3]) != COLLECTOR_PORT)
		return NULL;
	ulen = (size_t)(pkt[ihl + 4] << 8 | pkt[ihl + 5]);
	if (ulen < 8 || ihl + ulen != pkt_len)
		return NULL;
	*len = ulen - 8;
	memcpy(msg, pkt + ihl + 8, *len);
	msg[*len] = '\0';
	return msg;
}

/* Drain until the log is done; the datagrams it sent. */
static int
drain(void)
{
	int before = npkts, i;

	for (i = 0; i < 1000 && log_drain(); i++)
		;
	return npkts - before;
}

static void
test_before_address(void)
{
	const char *m;
	size_t len;

	setup();
	log_line("net: address pending");
	CHECK(drain() == 0, "no datagram while the netif has no address");
	set_address();
	CHECK(drain() == 1, "the waiting line goes once there is one");
	m = payload(&len);
	CHECK(m != NULL && strcmp(m, "<134>1 2024-01-01T00:00:01.000Z "
	    "node.example appliance - - - net: address pending") == 0,
	    "the start-up line, stamped when it was logged");
}

static void
test_format(void)
{
	static const char want[] = "<134>1 2024-01-01T00:01:03.234Z "
	    "node.example appliance - - - "
	    "10.0.0.2 tls \"GET /en-US/docs/Web HTTP/1.1\" 200 5120";
	const char *m;
	size_t len;

	setup();
	set_address();
	fake_plat_advance(62234);	/* 00:00:01.000 + 62.234 s */
	log_line("%s tls \"GET %s HTTP/1.1\" %d %zu", "10.0.0.2",
	    "/en-US/docs/Web", 200, (size_t)5120);
	CHECK(drain() == 1, "one datagram per line");
	m = payload(&len);
	CHECK(m != NULL && len == sizeof want - 1 && memcmp(m, want, len) == 0,
	    "RFC 5424: PRI local0.info, version 1, RFC 3339 UTC, host, "
	    "app, nil PROCID MSGID SD, the access line");
	(void)fake_plat_console(&m);
	CHECK(strstr(m, "10.0.0.2 tls \"GET /en-US/docs/Web HTTP/1.1\" 200 "
	    "5120\n") != NULL, "the console has the same line");
}

static void
test_severity(void)
{
	const char *m;
	size_t len;

	setup();
	set_address();
	log_err("appliance: cannot open the store %s: %s", "/dev/vda",
	    "not found");
	CHECK(drain() == 1, "sent");
	m = payload(&len);
	CHECK(m != NULL && strncmp(m, "<131>1 ", 7) == 0 &&
	    strstr(m, " appliance - - - appliance: cannot open the store "
	    "/dev/vda: not found") != NULL && m[len - 1] == 'd',
	    "log_err is local0.err (131), no newline");
}

static void
test_long_line(void)
{
	char big[2 * LOG_LINE_MAX];
	const char *m;
	size_t len;

	setup();
	set_address();
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	log_line("%s", big);
	CHECK(drain() == 1, "a cut line still goes in one datagram");
	m = payload(&len);
	/* The console's cut: LOG_LINE_MAX - 5 bytes, "...", the newline. */
	CHECK(m != NULL && len > 3 && strcmp(m + len - 3, "...") == 0 &&
	    strlen(strstr(m, " - - - ") + 7) == LOG_LINE_MAX - 2,
	    "the line as the console has it, cut with \"...\"");
}

static const struct check_test tests[] = {
	{ "before_address", test_before_address },
	{ "format", test_format },
	{ "severity", test_severity },
	{ "long_line", test_long_line },
};

int
main(int argc, char **argv)
{
	return check_main(tests, sizeof tests / sizeof tests[0], argc, argv);
}
