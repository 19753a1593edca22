/*
 * config.h: every limit of the appliance, each with the reason for its
 * value.  A limit is a compile-time constant so that memory is sized once.
 */
#ifndef CONFIG_H
#define CONFIG_H

/* HTTP (RFC 9112).  nginx's defaults are 8 KiB lines, 32 KiB headers. */
#define HTTP_MAX_REQUEST_LINE	8192	/* longest request line we parse */
#define HTTP_MAX_HEADER_BLOCK	16384	/* request line plus all fields */
#define HTTP_MAX_FIELDS		100	/* header fields per request */
#define HTTP_MAX_CONNS		256	/* open TCP connections at once */
#define HTTP_IDLE_TIMEOUT_MS	60000	/* keep-alive idle limit (nginx 75s) */

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

#endif /* CONFIG_H */
