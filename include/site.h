/*
 * site.h: the schema of the site store, the one contract between the
 * content compiler (image/sitec, and the snapshots built from the same
 * code), snapshot apply, and the request path (app/).
 *
 * The store is one LMDB table of (key, record).  Everything a request can
 * be answered with is computed when the site is compiled: the body in up to
 * three encodings, the header lines, the ETag, Last-Modified, redirect
 * targets.  A request costs at most two lookups (a page, then its en-US
 * fallback) and no formatting beyond Date, Content-Length, Connection and
 * the few per-request lines listed at struct site_rec.
 *
 * Keys are byte strings, the first byte naming the namespace:
 *
 *   d <locale> 0 <slug> [0 <view>]  a document (SITE_NS_DOC); locale and
 *                                   slug folded (site_fold); view is one
 *                                   of the SITE_VIEW_* names, absent for
 *                                   the page itself
 *   s <path>                        a static file, the path after
 *                                   "/static/", exact (case-sensitive)
 *   f <host> <path>                 a whole response for one exact
 *                                   decoded path ("/robots.txt",
 *                                   "/sitemaps/en-US/sitemap.xml",
 *                                   "/diagrams/x.svg", "/en-US/search/xml",
 *                                   "/en-US/docs/feeds/rss/all"); host is a
 *                                   SITE_HOST_* byte
 *   a <id>                          an attachment by Kuma id, decimal
 *   m <id>                          a MindTouch file id, decimal: a
 *                                   redirect record to the attachment
 *   x <locale> 0 <slug> 0 <sample>  a live sample (untrusted host)
 *   q <locale>                      the locale's search index
 *                                   (storage/search.h)
 *   e <host> <status> [<locale>]    an error page ("e" "m" "404"), the
 *                                   locale's own when it has one
 *   M                               the store's identity (SITE_K_META)
 *
 * Records are little-endian (both writers and readers are x86-64) and
 * are read through site_rec_decode(), which checks every span, so a
 * record that the compiler could not have written is refused as
 * RC_FORMAT rather than read out of bounds.
 *
 * Memory: the caller owns every buffer; nothing here allocates.
 */
#ifndef SITE_H
#define SITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"

/* Namespaces: the first byte of a key. */
#define SITE_NS_DOC	'd'
#define SITE_NS_STATIC	's'
#define SITE_NS_FILE	'f'
#define SITE_NS_ATT	'a'
#define SITE_NS_MT	'm'
#define SITE_NS_SAMPLE	'x'
#define SITE_NS_SEARCH	'q'
#define SITE_NS_ERROR	'e'
#define SITE_K_META	"M"

/* Host classes, for the records that differ by host. */
#define SITE_HOST_MAIN	'm'	/* the main domain (config host=) */
#define SITE_HOST_OTHER	'o'	/* its aliases (wiki, CDN origins) */
#define SITE_HOST_UNTRUSTED 'u'	/* the attachments domain and aliases */

/* Document views, the last key part ("" for the page). */
#define SITE_VIEW_RAW		"raw"		/* ?raw */
#define SITE_VIEW_JSON		"json"		/* $json, docs.json */
#define SITE_VIEW_CHILDREN	"children"	/* $children */
#define SITE_VIEW_TOC		"toc"		/* $toc */
#define SITE_VIEW_HISTORY	"history"	/* $history */
#define SITE_VIEW_API		"api"		/* /api/v1/doc/{L}/{slug} */
/* ?raw&macros: the rendered fragment; ?raw&summary: the SEO summary as a
 * fragment; ?summary: the page with the summary for its body. */
#define SITE_VIEW_BODY		"body"
#define SITE_VIEW_SUMMARY	"summary"
#define SITE_VIEW_SUMMARY_PAGE	"spage"

/* What a record is. */
enum site_kind {
	SITE_R_BODY = 1,	/* serve body[] with head */
	SITE_R_REDIRECT = 2,	/* status 301/302 to location */
	SITE_R_DOC_REDIRECT = 3, /* a redirect document: 301 to location,
				  * or with ?redirect=no its body[] (200) */
	SITE_R_SEARCH = 4,	/* body[0] is a search index */
	SITE_R_META = 5,	/* aux is "key=value\n" lines */
};

/* Body encodings, in body[] order. */
enum site_enc {
	SITE_ENC_ID = 0,
	SITE_ENC_GZIP = 1,
	SITE_ENC_BR = 2,
	SITE_ENC_N = 3,
};

/* Which methods a record answers (spec 11.4). */
enum site_methods {
	SITE_M_GET_HEAD = 0,	/* GET, HEAD; OPTIONS 405; unsafe 403 */
	SITE_M_GET = 1,		/* GET only: HEAD 405; unsafe 403 */
	SITE_M_ANY = 2,		/* GET, HEAD, OPTIONS alike; unsafe 403 */
	SITE_M_STATIC = 3,	/* GET, HEAD; others 405 "Allow: GET, HEAD" */
	SITE_M_DOC = 4,		/* GET, HEAD; others 405 (the document view
				 * is CSRF-exempt) */
};

/* Per-request behaviour that the stored head cannot carry. */
#define SITE_F_ETAG	0x0001	/* ETag on GET (never HEAD); If-None-Match */
#define SITE_F_IMS	0x0002	/* If-Modified-Since against mtime: 304 */
#define SITE_F_EXPIRES_NOW 0x0004 /* Expires: the response's Date */
#define SITE_F_EXPIRES_12H 0x0008 /* Expires: Date + 12 h */
#define SITE_F_QUERY	0x0010	/* redirect: append "?" query as sent */
#define SITE_F_QUERY_MERGE 0x0020 /* redirect: merge the query into the
				   * target's, re-encoded ("?raw" ->
				   * "?raw=") as Django does */
#define SITE_F_LANG	0x0040	/* Content-Language: the request's locale */
#define SITE_F_NOINDEX_FALLBACK 0x0080 /* shown as another locale's
				   * fallback: add "X-Robots-Tag: noindex,
				   * nofollow" */

/* A span of a record: offset from the record's first byte, length. */
struct site_span {
	uint32_t off;
	uint32_t len;
};

/*
 * The fixed part at the start of every record.  All spans lie inside the
 * record.  The lines in head and head304 each end in CRLF and never
 * include Date, Server, Content-Length, Connection, Content-Encoding,
 * Content-Language, ETag or Expires: the request path adds those (ETag
 * from etag, W/-prefixed for a compressed body; Content-Encoding for the
 * body chosen; Content-Language per SITE_F_LANG or lang).
 */
#define SITE_REC_MAGIC	0x31726373u	/* "scr1" */
struct site_rec {
	uint32_t magic;		/* SITE_REC_MAGIC */
	uint16_t kind;		/* enum site_kind */
	uint16_t status;	/* HTTP status for a 2xx/3xx answer */
	uint32_t flags;		/* SITE_F_* */
	uint16_t methods;	/* enum site_methods */
	uint16_t reserved;	/* 0 */
	int64_t mtime;		/* Last-Modified, unix seconds; 0: none */
	struct site_span head;	/* header lines of the full answer */
	struct site_span head304; /* the lines a 304 keeps */
	struct site_span etag;	/* the quoted strong ETag, or empty */
	struct site_span location; /* redirect target, as sent */
	struct site_span lang;	/* Content-Language of the content */
	struct site_span name;	/* canonical name: "en-US/Web/HTTP" for a
				 * document, the file name for an
				 * attachment */
	struct site_span aux;	/* kind-specific: for a document page,
				 * its translations as "locale\0slug\0"...;
				 * for SITE_R_META the key=value lines */
	struct site_span body[SITE_ENC_N];	/* empty: no such variant */
};

/* A decoded record: pointers into the value it was decoded from. */
struct site_bytes {
	const uint8_t *p;
	size_t len;
};
struct site_view {
	enum site_kind kind;
	int status;
	uint32_t flags;
	enum site_methods methods;
	int64_t mtime;
	struct site_bytes head, head304, etag, location, lang, name, aux;
	struct site_bytes body[SITE_ENC_N];
};

/*
 * Check the record in val[0..len) and fill *v with pointers into it.
 * RC_OK, or RC_FORMAT for a bad magic, kind, method class or span.
 */
int site_rec_decode(const void *val, size_t len, struct site_view *v)
    __attribute__((warn_unused_result));

/*
 * Encode *v (its pointers are the parts to copy; kind, status, flags,
 * methods and mtime as they are) into out[0..cap).  Sets *need to the
 * record's size: RC_OK if it fit, RC_TOOBIG if not (out may be NULL when
 * cap is 0).  Decoding the output gives back *v's contents.
 */
int site_rec_encode(const struct site_view *v, void *out, size_t cap,
    size_t *need) __attribute__((warn_unused_result));

/*
 * Fold s[0..n) for a key: ASCII letters to lower case, other bytes as
 * they are (MySQL's utf8_general_ci folded more; we fold ASCII only and
 * say so in ARCHITECTURE.md).
 */
void site_fold(char *out, const char *s, size_t n);

/*
 * Build a document key for (locale, slug, view) into out[0..cap): view
 * NULL or "" for the page.  Returns the key's length, or 0 when it does
 * not fit (or exceeds SITE_MAX_KEY).
 */
size_t site_key_doc(uint8_t *out, size_t cap, const char *locale,
    size_t locale_len, const char *slug, size_t slug_len, const char *view);

/* Key of a live sample: x locale 0 slug 0 sample.  0 if it does not fit. */
size_t site_key_sample(uint8_t *out, size_t cap, const char *locale,
    size_t locale_len, const char *slug, size_t slug_len,
    const char *sample, size_t sample_len);

/* Key of a namespace byte, an optional host byte (0: none) and bytes s:
 * static, file, attachment, MindTouch, search and error keys.  0 if it
 * does not fit. */
size_t site_key(uint8_t *out, size_t cap, char ns, char host,
    const char *s, size_t n);

#endif /* SITE_H */
