/*
 * config.h: every limit of the appliance, each with the reason for its
 * value.  A limit is a compile-time constant so that memory is sized once.
 */
#ifndef CONFIG_H
#define CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* HTTP (RFC 9112).  nginx's defaults are 8 KiB lines, 32 KiB headers. */
#define HTTP_MAX_REQUEST_LINE	8192	/* longest request line: else 414 */
#define HTTP_MAX_HEADER_BLOCK	16384	/* request line plus fields: 431 */
#define HTTP_MAX_FIELDS		100	/* header fields per request: 431 */
/*
 * Request bodies, per route.  Every route today is GET or HEAD, which
 * take no body: a small one (RFC 9110 9.3.1 gives it no meaning) is read
 * and discarded so the connection can be kept; a larger one is 413 and
 * the connection is closed.  Routes that take a body (the admin push)
 * will get their own limit here.
 */
#define HTTP_MAX_BODY_GET	16384	/* bytes of GET/HEAD body discarded */
#define HTTP_MAX_FORM		256	/* of them kept for the handler */
#define HTTP_MAX_CHUNK_LINE	256	/* chunk-size line with extensions */
#define HTTP_MAX_TRAILERS	4096	/* bytes of chunked trailer section */
/*
 * Connections.  Past HTTP_MAX_CONNS the oldest idle keep-alive connection
 * is closed to make room; with none idle, the newcomer is refused (503
 * and close on plain HTTP, a bare close on TLS).
 */
#define HTTP_MAX_CONNS		256	/* open TCP connections at once */
/* Timeouts, checked every HTTP_TICK_MS.  nginx: 60 s header, 75 s idle. */
#define HTTP_TICK_MS		500	/* timer resolution (lwIP tcp_poll) */
#define HTTP_IDLE_TIMEOUT_MS	30000	/* keep-alive wait for a request */
/* A head must be complete this long after its first byte (after the
 * accept, for a connection's first request): else 408. */
#define HTTP_HEADER_TIMEOUT_MS	10000
#define HTTP_BODY_TIMEOUT_MS	10000	/* end of head to end of body: 408 */
#define HTTP_SEND_TIMEOUT_MS	30000	/* peer reads nothing for this long */
/* Strict-Transport-Security on 443: two years, as hstspreload.org asks. */
#define HTTP_HSTS_MAX_AGE	63072000

/* TLS (net/tls*.c).  Two names per node: the main and attachments domains. */
#define TLS_MAX_CHAINS		2	/* certificate chains, chosen by SNI */
#define TLS_MAX_CHAIN_CERTS	4	/* leaf + intermediates; roots not sent */
#define TLS_MAX_CHAIN_BYTES	8192	/* DER per chain: 4 RSA-4096 certs fit */
#define TLS_MAX_RSA_BITS	4096	/* largest RSA key we load */
#define TLS_MAX_HOST		CONFIG_MAX_HOST	/* SNI name */
#define TLS_SESSION_CACHE_BYTES	65536	/* ~650 sessions of 100 bytes, LRU */
/* The admin CA's subject (DER): real CA names are 100..300 bytes. */
#define TLS_MAX_CA_DN		1024

/* Site */
#define SITE_MAX_LOCALE		16	/* "en-US", "zh-CN", "pt-BR", ... */
#define SITE_MAX_SLUG		1024	/* bytes of slug after /docs/ */
#define SITE_MAX_KEY		1100	/* store key: locale + '/' + slug */

/* Content files (front matter), as the image tools read them.  MDN's
 * longest title is about 200 bytes; its front matter a few KiB of tags. */
#define CONTENT_MAX_TITLE	1024	/* bytes of decoded title */
#define CONTENT_MAX_FRONT	65536	/* bytes of front matter block */
#define CONTENT_MAX_TAGS	4096	/* bytes of decoded tags: 26 tags of
					 * MDN's longest take under 1 KiB */
/* The content compiler (image/sitec) refuses a bigger source file: MDN's
 * largest page is 1.7 MB, and a record must fit one LMDB value with its
 * compressed variants. */
#define SITEC_MAX_FILE		(16u << 20)
/* Snapshots (image/snapshot.c, ARCHITECTURE.md "Snapshot format").  A
 * record holds a SITEC_MAX_FILE body, its two compressed variants (each
 * kept only when smaller) and its heads, so 64 MiB leaves room; MDN is
 * about a million records, and a snapshot is never larger than a store. */
#define SNAP_MAX_VALUE		(64u << 20)	/* bytes of one record */
#define SNAP_MAX_RECORDS	(1u << 24)	/* records in one snapshot */
#define SNAP_MAX_BYTES		STORE_MAX_MAP	/* bytes of its records */

/* Console lines (log.h); longer ones end in "...". */
#define LOG_LINE_MAX		512
/*
 * The log ring (lib/log.c): lines wait there for the main loop to drain
 * them to the console and the syslog collector.  At 3,000 requests a
 * second a loop iteration (NET_RX_BUDGET frames) logs up to about 64
 * lines; 256 slots hold four such iterations, or a syslog backlog of a
 * tenth of a second, in 130 KiB of .bss.  When it is full the oldest line
 * goes (the newest says most about now); each consumer counts its losses.
 */
#define LOG_RING_LINES		256	/* lines kept, LOG_LINE_MAX bytes each */
/*
 * Console bytes per loop iteration.  The COM1 driver polls the UART for
 * every byte (kernel/console.c) and cannot say how much it would take
 * without waiting: at 115200 baud 64 bytes cost the loop up to 5.6 ms
 * on a real UART, which bounds the latency the console adds to a request.
 */
#define LOG_DRAIN_BYTES		64
#define LOG_DRAIN_MS		1	/* next drain, while lines are waiting */
/*
 * Lines a second shown on the console; the rest stay in the ring for
 * syslog, and a line says how many were not shown.  An operator reads a
 * few lines a second; 20 lines of ~100 bytes are a fifth of a 115200-baud
 * UART and cost about 1% of a core under QEMU TCG.
 */
#define LOG_CONSOLE_LINES_PER_S	20
#define LOG_SINK_LINES		16	/* syslog datagrams per loop iteration */

/* Storage: the LMDB map covers the whole data disk, up to this size. */
#define STORE_MAX_MAP		(64ULL << 30)
#define STORE_MAX_TYPE		255	/* bytes of a content type */

/*
 * Configuration words and files (plat.h): both platforms keep at most
 * this many words of at most this many bytes, and refuse more the same
 * way (plat_init: RC_TOOBIG), so a setup that works hosted also boots.
 * Files: at most this many, each at most this big.  A PEM chain is a few
 * KiB; 64 KiB leaves room for long chains and RSA-4096 keys while keeping
 * the boot-time fw_cfg reads short.
 */
#define PLAT_MAX_CONFIG_WORDS	64	/* key=value words */
#define PLAT_MAX_CONFIG_WORD	512	/* bytes of one word */
#define PLAT_MAX_CONFIG_FILES	16
/* fw_cfg names are 56 bytes with NUL, "opt/appliance/" (14) included. */
#define PLAT_MAX_CONFIG_NAME	41	/* bytes of a file's name */
#define PLAT_MAX_CONFIG_FILE	(64 * 1024)

/* The node's own tunables, each with its reason. */
#define NET_DHCP_FALLBACK_MS	5000	/* no lease by then: 10.0.2.15/24 */
#define NET_RX_BUDGET		64	/* frames per net_poll(), for fairness */
#define APP_READS		8	/* LMDB read transactions alive at once */
#define APP_READ_MAX_AGE_MS	1000	/* then new requests see new data */
#define HTTPD_MAX_LISTENERS	4	/* ports: 80, 443, the admin port */
#define HTTPD_RING		4	/* responses in flight per connection */
/*
 * The server's part of a response head: status line, Date, Server, type,
 * length, Connection, Expires, the listener's lines and the handler's
 * extra lines, a Location of up to 3 KiB among them (a long slug,
 * percent-encoded).  Stored head lines (http_reply.head) are sent by
 * reference and need no room here.  HTTPD_RING of these per connection.
 */
#define HTTPD_HEAD_MAX		3584

/*
 * The request path (app/).  Nothing is allocated per request: these
 * buffers are static, one request at a time (the main loop).
 */
#define APP_PATH_MAX		HTTP_MAX_REQUEST_LINE	/* decoded path */
/* The per-request header lines: Location, Cache-Control, ETag, ...; they
 * must fit in the server's HTTPD_HEAD_MAX with its own lines. */
#define APP_EXTRA_MAX		3072
/* Bodies made per request (search results, /_kuma_status.json) wait in
 * one of these slots until sent; with all busy the answer is 503. */
#define APP_GEN_SLOTS		4
#define APP_STATUS_MAX		4096	/* /_kuma_status.json */
#define APP_MAX_LANGS		16	/* Accept-Language tags looked at */
#define APP_SEARCH_Q_MAX	512	/* bytes of a decoded search query */
/*
 * The admin API (app/admin.c): bodies wait in one of these slots until
 * sent; with both busy the answer is 503 (one operator, one scraper).
 * /logs of a full ring (LOG_RING_LINES lines of ~100 bytes, JSON) is
 * about 40 KiB; longer lines drop the oldest until it fits.
 */
#define ADMIN_SLOTS		2
#define ADMIN_BODY_MAX		65536
#define ADMIN_CONTENT_ID_MAX	128	/* the compiler's is 64 hex digits */

/*
 * The node's configuration: the schema, in one place.
 *
 * app/config.c fills one struct config at start, once, from the words
 * (plat_config) and files (plat_config_file); nothing else reads them.
 * An unknown key, a malformed value or a value out of range stops the
 * node with a line naming the key (exit PLAT_EXIT_FAIL), like nginx -t.
 * The same schema will be filled from EC2 user-data (IMDSv2).
 *
 * Words (key=value; the last word for a key wins):
 *   host=NAME               main domain                 "localhost"
 *   attachments_host=NAME   untrusted attachments domain
 *                                           "attachments.localhost"
 *   host_aliases=A,B,...    more names served as the main domain (a
 *                           wiki name, a CDN origin), robots.txt
 *                           from the other-hosts record; at most
 *                           CONFIG_MAX_ALIASES; empty: none       none
 *   attachments_aliases=A,B,... more names of the attachments domain
 *                           (its CDN origin); the first is the
 *                           status page's ATTACHMENT_ORIGIN       none
 *   http_port=N             plain HTTP port, 1..65535             80
 *   https_port=N            HTTPS port (with a certificate)      443
 *   https_redirect_port=N   port named in port-80 redirects, 0..65535;
 *                           0 names none (the public port is 443)  0
 *   log=on|off              access log on the console             on
 *   ip=A.B.C.D[/NN]         static address (NN default 24); without
 *                           it DHCP, then 10.0.2.15/24 after
 *                           NET_DHCP_FALLBACK_MS
 *   gw=A.B.C.D              default gateway (needs ip=)
 *   syslog=A.B.C.D[:PORT]   collector that gets every log line as RFC
 *                           5424 over UDP (PORT 1..65535, default 514);
 *                           without it the lines go to the console only
 *   imds=off|on|A.B.C.D[:PORT]  the EC2 instance metadata service
 *                           (IMDSv2, net/imds.c) asked once at boot for
 *                           user-data (below); on is 169.254.169.254:80,
 *                           PORT defaults to 80                  off
 *   admin_port=N            the admin API's port (TLS with client
 *                           certificates of admin_ca, app/admin.c);
 *                           it must differ from the site's ports  9443
 *   sntp=off|A.B.C.D[:PORT] time server (SNTP, RFC 4330, net/sntp.c) that
 *                           sets the wall clock; PORT defaults to 123;
 *                           the Amazon Time Sync Service is
 *                           169.254.169.123                      off
 * Platform words, read by the hosted platform itself (plat.h):
 *   tap=IFNAME  mac=XX:XX:XX:XX:XX:XX  disk=PATH  config_dir=DIR
 * and by both platforms:
 *   offload=on|off          NIC checksum offload where offered    on
 *                           (virtio-net CSUM/GUEST_CSUM, TAP
 *                           IFF_VNET_HDR); off computes and checks
 *                           every checksum in lwIP
 * Files:
 *   cert.main, key.main     PEM chain and key for host; without them
 *                           the site is served over plain HTTP only
 *   cert.attachments, key.attachments
 *                           the same for attachments_host; without
 *                           them the main (SAN) certificate serves both
 *   admin_ca                the PEM certificate of the CA whose client
 *                           certificates the admin port requires (it
 *                           serves cert.main's chain); without it, or
 *                           without cert.main, the admin port does not
 *                           listen
 * Names are DNS names (letters, digits, '-', '.'), at most CONFIG_MAX_HOST
 * bytes, kept in lower case; every name (domains and aliases) must
 * differ from every other.
 *
 * User-data (imds=): the same schema as text, at most CONFIG_MAX_USERDATA
 * bytes, one item a line (LF or CRLF):
 *   # a comment, and blank lines, are skipped
 *   key=value               a word, exactly as on the command line
 *   file NAME               a file (cert.main, key.main, ...): the lines
 *   ...                     after it up to a line "end", newlines kept
 *   end                     (a PEM chain or key, as fw_cfg would give it)
 * The words and files of the command line and fw_cfg win over
 * user-data's: user-data fills in what the image does not say.  Words
 * that shape the network or the platform (ip, gw, imds and the platform
 * words) are read before the network is up and cannot come from
 * user-data.  Any error in user-data (a bad line, an unknown key, a bad
 * value, a file without "end") discards all of it with one console line,
 * and the node runs with the configuration it had.
 */
#define CONFIG_MAX_HOST		253	/* longest DNS name (RFC 1035) */
/* Kuma's production ALLOWED_HOSTS had 8 names: 3 per domain leave room. */
#define CONFIG_MAX_ALIASES	4
#define CONFIG_DEFAULT_HOST	"localhost"
#define CONFIG_DEFAULT_ATT_HOST	"attachments.localhost"
#define CONFIG_DEFAULT_SYSLOG_PORT 514	/* RFC 5426 */
#define CONFIG_DEFAULT_IMDS_IP	0xa9fea9feu	/* 169.254.169.254 */
#define CONFIG_DEFAULT_IMDS_PORT 80
#define CONFIG_DEFAULT_SNTP_PORT 123	/* RFC 4330 */
#define CONFIG_DEFAULT_ADMIN_PORT 9443	/* off the site's 80 and 443 */
/* User-data: the configuration files and words it may carry, as fw_cfg
 * would (PLAT_MAX_CONFIG_FILE), plus a page for the words. */
#define CONFIG_MAX_USERDATA	(PLAT_MAX_CONFIG_FILE + 4096)

/*
 * IMDS (net/imds.c).  Each request (the token PUT, the user-data and
 * identity GETs) must be answered within IMDS_REQUEST_MS, and the whole
 * exchange is given up after IMDS_TOTAL_MS: boot waits on it, and a node
 * without its metadata still serves with what it has.  EC2 answers in
 * milliseconds.  The token lives IMDS_TOKEN_TTL_S (6 h, the most IMDSv2
 * grants); one exchange at boot needs far less.
 */
#define IMDS_REQUEST_MS		2000
#define IMDS_TOTAL_MS		5000
#define IMDS_TOKEN_TTL_S	21600
#define IMDS_MAX_TOKEN		128	/* EC2's are 56 bytes */
#define IMDS_MAX_HEAD		2048	/* a response's status line + fields */
#define IMDS_MAX_IDENTITY	4096	/* the identity document, ~500 bytes */
/*
 * SNTP (net/sntp.c).  RFC 4330 asks for at least 15 s between requests
 * and NTP's poll range is 64..1024 s: the first answer is awaited
 * SNTP_RETRY_S between tries, then the interval doubles from
 * SNTP_MIN_POLL_S to SNTP_MAX_POLL_S while the answers agree.  An offset
 * over SNTP_STEP_MS is stepped, a smaller one slewed (plat.h).
 */
#define SNTP_RETRY_S		16
#define SNTP_MIN_POLL_S		64
#define SNTP_MAX_POLL_S		1024
#define SNTP_STEP_MS		1000

/* A configuration file: bytes owned by the platform; data NULL if absent. */
struct config_file {
	const void *data;
	size_t len;
};

/* More names of one domain. */
struct config_aliases {
	char name[CONFIG_MAX_ALIASES][CONFIG_MAX_HOST + 1];
	unsigned int n;
};

struct config {
	char host[CONFIG_MAX_HOST + 1];
	char att_host[CONFIG_MAX_HOST + 1];
	struct config_aliases host_aliases;
	struct config_aliases att_aliases;
	uint16_t http_port;
	uint16_t https_port;
	uint16_t https_redirect_port;
	bool log;
	bool static_ip;			/* ip= given */
	uint32_t ip, mask, gw;		/* host byte order; gw 0: none */
	uint32_t syslog_ip;		/* host byte order; 0: no syslog */
	uint16_t syslog_port;
	uint32_t imds_ip;		/* host byte order; 0: no IMDS */
	uint16_t imds_port;
	uint32_t sntp_ip;		/* host byte order; 0: no SNTP */
	uint16_t sntp_port;
	struct config_file cert_main, key_main;
	struct config_file cert_att, key_att;
	uint16_t admin_port;		/* the admin API (app/admin.c) */
	struct config_file admin_ca;	/* data NULL: no admin port */
};

/*
 * Fill cf from the platform's configuration, defaults first.  Call once,
 * after plat_init().  On error a console line names the key and the
 * reason, and RC_INVAL (malformed, unknown key, out of range),
 * RC_TOOBIG (too long) or the platform's error for a file that could not
 * be read is returned; cf is then unusable.
 */
int config_load(struct config *cf) __attribute__((warn_unused_result));

/*
 * Fill cf again with the user-data ud (len bytes, the format above)
 * under the platform's words and files, which win.  ud is cut into
 * lines in place and cf's files may point into it: it must live as long
 * as cf.  On error a console line says what is wrong, cf is left as it
 * was and RC_INVAL, RC_TOOBIG or RC_FORMAT is returned.
 */
int config_merge_userdata(struct config *cf, char *ud, size_t len)
    __attribute__((warn_unused_result));

#endif /* CONFIG_H */
