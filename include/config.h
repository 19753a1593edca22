/*
 * config.h: every limit of the appliance, each with the reason for its
 * value.  A limit is a compile-time constant so that memory is sized once.
 */
#ifndef CONFIG_H
#define CONFIG_H

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
#define HTTP_HEADER_TIMEOUT_MS	10000	/* first byte to end of head: 408 */
#define HTTP_BODY_TIMEOUT_MS	10000	/* end of head to end of body: 408 */
#define HTTP_SEND_TIMEOUT_MS	30000	/* peer reads nothing for this long */
/* Strict-Transport-Security on 443: two years, as hstspreload.org asks. */
#define HTTP_HSTS_MAX_AGE	63072000

/* TLS (net/tls*.c).  Two names per node: the main and attachments domains. */
#define TLS_MAX_CHAINS		2	/* certificate chains, chosen by SNI */
#define TLS_MAX_CHAIN_CERTS	4	/* leaf + intermediates; roots not sent */
#define TLS_MAX_CHAIN_BYTES	8192	/* DER per chain: 4 RSA-4096 certs fit */
#define TLS_MAX_RSA_BITS	4096	/* largest RSA key we load */
#define TLS_MAX_HOST		253	/* longest DNS name (RFC 1035) */
#define TLS_SESSION_CACHE_BYTES	65536	/* ~650 sessions of 100 bytes, LRU */

/* Site */
#define SITE_MAX_LOCALE		16	/* "en-US", "zh-CN", "pt-BR", ... */
#define SITE_MAX_SLUG		1024	/* bytes of slug after /docs/ */
#define SITE_MAX_KEY		1100	/* store key: locale + '/' + slug */

/* Content files (front matter), as the image tools read them.  MDN's
 * longest title is about 200 bytes; its front matter a few KiB of tags. */
#define CONTENT_MAX_TITLE	1024	/* bytes of decoded title */
#define CONTENT_MAX_FRONT	65536	/* bytes of front matter block */

/* Storage: the LMDB map covers the whole data disk, up to this size. */
#define STORE_MAX_MAP		(64ULL << 30)

/*
 * Configuration files (plat_config_file): both platforms keep at most
 * this many, each at most this big, so a setup that works hosted also
 * boots.  A PEM chain is a few KiB; 64 KiB leaves room for long chains and
 * RSA-4096 keys while keeping the boot-time fw_cfg reads short.
 */
#define PLAT_MAX_CONFIG_FILES	16
#define PLAT_MAX_CONFIG_FILE	(64 * 1024)

#endif /* CONFIG_H */
