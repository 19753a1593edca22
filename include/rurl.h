/*
 * rurl.h: Kuma's django-redirect-urls table (mdn/kuma@087bf522a,
 * kuma/redirects/redirects.py) as a compiled matcher: the redirects that
 * Kuma answered before locale handling and URL routing, on every host
 * (kuma-site-spec.md §4.1, §4.2, §3.6).
 *
 * The table holds Kuma's 259 patterns in Kuma's order, and the first that
 * matches wins: 131 from the SCL3 httpd configuration (128 answer 301, 3
 * answer 302), 116 zone vanity URLs (302), 11 Marionette pages (301,
 * external) and the fellowship page (301).  A pattern is tested against
 * the path without its leading '/', with Python 2's re semantics where
 * they matter: '.' is any character but a newline, '$' also matches
 * before a final newline, \w and the case-insensitive rules work on code
 * points of the UTF-8 path.
 *
 * The Location is built as the library built it: the target with the
 * captured parts put in, the matched locale prefix put in front of a
 * relative target where the rule asks for it, HTML tags stripped, then
 * '?' and the request's query string unchanged (every rule: none sets
 * its own query), a leading "//" made one '/', and the whole encoded as
 * Django's iri_to_uri does.  Targets with a fragment or a query of their
 * own get the query after it, as Kuma sent them.
 *
 * Pure and allocation-free: the caller owns every buffer; nothing is
 * kept between calls.  Context: any.
 */
#ifndef RURL_H
#define RURL_H

#include <stdbool.h>
#include <stddef.h>

/* The caching headers that go with a redirect. */
enum rurl_cache {
	/* Cache-Control: max-age=43200, Expires now + 12 h (the default) */
	RURL_CACHE_12H = 1,
	/* Cache-Control: max-age=0, public, s-maxage=604800, Expires now +
	 * 12 h (zone rules: shared_cache_control under the library's 12 h) */
	RURL_CACHE_ZONE = 2,
};

struct rurl_result {
	int status;		/* 301 or 302 */
	enum rurl_cache cache;
	size_t loc_len;		/* bytes of Location in out, without the NUL */
	unsigned int rule;	/* the rule that matched: 0 .. rurl_count()-1 */
};

/* Longest target in the table, in bytes, before anything is put in. */
#define RURL_TARGET_MAX		128

/*
 * Bytes of out that always suffice for a path of len bytes and a query of
 * qlen bytes: the captures are disjoint parts of the path, and encoding
 * at most triples a byte; plus '?' and the NUL.
 */
#define RURL_LOC_MAX(len, qlen) \
	(3 * (RURL_TARGET_MAX + (len) + 1 + (qlen)) + 1)

/*
 * Match a request against the table.  path (len bytes, not
 * NUL-terminated) is the request path, percent-decoded, starting with
 * '/'; it may hold UTF-8, and bytes that are not UTF-8 are treated as
 * characters that no pattern letter, '.' or \w matches.  query (qlen
 * bytes) is the raw query string after '?', NULL (qlen 0) when there is
 * none; an empty one adds nothing.
 *
 * On a match, writes the Location, NUL-terminated, into out (cap bytes),
 * fills res and returns true.  Returns false when no rule matches, when
 * path does not start with '/', and when the Location and its NUL do not
 * fit in cap (then no redirect is to be sent; RURL_LOC_MAX() always fits).
 * out may be written even when false is returned.
 *
 * Only the few rules whose leading literal can start the path (or the
 * path after a locale prefix) are tried, in table order.
 */
bool rurl_match(const char *path, size_t len, const char *query,
    size_t qlen, char *out, size_t cap, struct rurl_result *res);

/*
 * The same as rurl_match(), but tries rule alone, whatever comes before
 * it in the table and without the index; false for a rule out of range.
 * For tests and tools that check the index against the table.
 */
bool rurl_match_rule(unsigned int rule, const char *path, size_t len,
    const char *query, size_t qlen, char *out, size_t cap,
    struct rurl_result *res);

/* The number of rules in the table: 259. */
unsigned int rurl_count(void);

#endif /* RURL_H */
