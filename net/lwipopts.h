/*
 * lwipopts.h: lwIP configuration for the appliance.  NO_SYS=1: one event
 * loop, raw/altcp API, no threads.  See ARCHITECTURE.md.
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
#define LWIP_NETIF_STATUS_CALLBACK 1
#define LWIP_NETIF_LINK_CALLBACK 1
#define SYS_LIGHTWEIGHT_PROT	0

/* Memory: lwIP's own heap and pools, sized for HTTP_MAX_CONNS. */
#define MEM_ALIGNMENT		8
#define MEM_SIZE		(4 * 1024 * 1024)
#define MEMP_NUM_TCP_PCB	512
#define MEMP_NUM_TCP_PCB_LISTEN	8
#define MEMP_NUM_TCP_SEG	2048
#define MEMP_NUM_PBUF		1024
#define PBUF_POOL_SIZE		1024

#define TCP_MSS			1460
#define TCP_WND			(32 * TCP_MSS)
#define TCP_SND_BUF		(32 * TCP_MSS)
#define TCP_SND_QUEUELEN	(4 * TCP_SND_BUF / TCP_MSS)
#define LWIP_WND_SCALE		1
#define TCP_RCV_SCALE		2

#define LWIP_STATS		0
#define LWIP_CHECKSUM_ON_COPY	1

#endif /* LWIPOPTS_H */
