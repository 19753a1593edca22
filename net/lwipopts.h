/*
 * lwipopts.h: lwIP configuration for the appliance.  NO_SYS=1: one event
 * loop, raw API, no threads, no sockets.  Tuned for a web server: many
 * short connections, small requests in, 10-100 KiB responses out, bodies
 * sent zero-copy from the LMDB map (so send memory is pbuf headers, not
 * data).  See ARCHITECTURE.md.
 */
#ifndef LWIPOPTS_H
#define LWIPOPTS_H

#define NO_SYS			1
#define LWIP_SOCKET		0
#define LWIP_NETCONN		0
#define LWIP_IPV4		1
#define LWIP_IPV6		0
#define LWIP_ARP		1
#define LWIP_ETHERNET		1
#define LWIP_DHCP		1
#define LWIP_UDP		1
#define LWIP_TCP		1
#define LWIP_ICMP		1
#define LWIP_RAW		0
#define LWIP_SINGLE_NETIF	1
#define LWIP_NETIF_STATUS_CALLBACK 1
#define LWIP_NETIF_LINK_CALLBACK 1
#define SYS_LIGHTWEIGHT_PROT	0
/* The ARP probe for a leased address costs boot time; QEMU and EC2 hand
 * out addresses nobody else holds. */
#define DHCP_DOES_ARP_CHECK	0
#define ARP_TABLE_SIZE		64
#define ARP_QUEUEING		1

/* Memory: lwIP's own heap and pools, sized for HTTP_MAX_CONNS (256). */
#define MEM_ALIGNMENT		8
#define MEM_SIZE		(4 * 1024 * 1024)
/*
 * 256 open + refusals + TIME_WAIT.  The 8 over 512 are for
 * net/tests/test_httpd.c, which holds both ends of HTTP_MAX_CONNS + 1
 * connections in this one stack (lwIP frees no PCB of equal priority).
 */
#define MEMP_NUM_TCP_PCB	520
#define MEMP_NUM_TCP_PCB_LISTEN	8
#define MEMP_NUM_TCP_SEG	4096
#define MEMP_NUM_PBUF		4096	/* PBUF_ROM/REF: zero-copy bodies */
#define MEMP_NUM_SYS_TIMEOUT	16
#define PBUF_POOL_SIZE		1024	/* receive buffers */

#define TCP_MSS			1460
#define TCP_WND			(16 * TCP_MSS)	/* requests are small */
/* A 100 KiB page can be queued in one go; the data is not copied. */
#define TCP_SND_BUF		(128 * 1024)
#define TCP_SND_QUEUELEN	(4 * TCP_SND_BUF / TCP_MSS)
#define TCP_SNDLOWAT		(TCP_SND_BUF / 4)
#define LWIP_WND_SCALE		1
#define TCP_RCV_SCALE		2
/*
 * TIME_WAIT lasts 2 * TCP_MSL.  lwIP's default (120 s) outlasts a Linux
 * client's own TIME_WAIT (60 s), after which the client may reuse its port;
 * lwIP answers that new SYN from TIME_WAIT instead of accepting it, and the
 * client hangs in SYN retries for up to two minutes (seen with QEMU's user
 * network under a handshake benchmark).  20 s keeps the protection against
 * old duplicates and stays well below 60 s.
 */
#define TCP_MSL			10000UL
#define TCP_LISTEN_BACKLOG	1
#define TCP_DEFAULT_LISTEN_BACKLOG 64
#define LWIP_TCP_KEEPALIVE	0
#define TCP_OVERSIZE		TCP_MSS

/*
 * Checksums: compiled in both ways, chosen per netif at run time
 * (net/netif.c): where the NIC offers checksum offload (plat.h
 * PLAT_NET_TX_CSUM, PLAT_NET_RX_CSUM) lwIP leaves TCP checksums to it and
 * skips the check of frames the NIC vouches for; elsewhere outgoing ones
 * are computed and incoming ones checked, as they cost little on small
 * requests.  LWIP_CHECKSUM_ON_COPY folds the sum into copies lwIP makes
 * anyway.
 */
#define LWIP_CHECKSUM_CTRL_PER_NETIF 1
#define LWIP_CHECKSUM_ON_COPY	1
/*
 * Our 64-bit sum (net/chksum.c, documented in net/internal.h) instead of
 * lwIP's 16-bit one, which was 44% of a keep-alive request's instructions.
 * The prototype is here because every lwIP source that sums sees only
 * this file.
 */
#include <stdint.h>
uint16_t net_chksum(const void *data, int len);
#define LWIP_CHKSUM		net_chksum

#define LWIP_STATS		0
#define LWIP_NETIF_HOSTNAME	0

#endif /* LWIPOPTS_H */
