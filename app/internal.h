/*
 * internal.h: the request path's private interface (the app/ sources), between
 * the top of the handler (site.c), the routes (route.c), the generic
 * responder (respond.c) and locale negotiation (locale.c).
 *
 * One request is one struct app_req, filled by app_handle() and passed
 * down.  Everything it points at is either the request (valid during the
 * handler's call), a static buffer of site.c (valid until the next
 * request), or the LMDB map (valid while q->rd is referenced).
 */
#ifndef APP_INTERNAL_H
#define APP_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "err.h"
#include "http.h"
#include "site.h"
#include "store.h"

#include "rurl.h"
#include "search_view.h"

/* Which configured name the Host named. */
enum app_host {
	APP_HOST_MAIN = 0,	/* host= */
	APP_HOST_ALIAS,		/* host_aliases=: as main, robots from 'o' */
	APP_HOST_UNTRUSTED,	/* attachments_host= and its aliases */
	APP_HOST_IP,		/* an IP literal: probes only */
	APP_HOST_UNKNOWN,	/* 400 */
};

/* A shared read transaction (site.c). */
struct app_read;

/* A growing set of header lines in a caller's buffer. */
struct app_buf {
	char *p;
	size_t len, cap;
	bool over;		/* something did not fit: the lines are cut */
};

struct app_req {
	const struct http_request *req;
	enum app_host host;
	const char *path;	/* percent-decoded, starts with '/' */
	size_t path_len;
	const char *query;	/* raw, after '?'; NULL: none */
	size_t query_len;
	/* The activated locale (canonical, a static string): the path's,
	 * else the negotiated one, computed on first use (app_locale()). */
	const char *locale;
	struct app_read *rd;	/* referenced once a lookup was made */
	bool hold;		/* the reply points into the map (rd) */
	int lookups;		/* store lookups made (at most 2 + errors) */
	struct app_buf x;	/* the reply's extra lines */
	struct app_buf loc;	/* a Location being built (site.c's buffer) */
};

/* What a route did. */
enum app_done {
	APP_DONE = 0,		/* the reply is filled */
	APP_MISS,		/* nothing here: the 404 fixes, then 404 */
};

/* Per-record options of app_send_record(). */
struct app_rec_opts {
	const char *lang;	/* Content-Language instead, or NULL */
	bool noindex;		/* shown as a fallback: X-Robots-Tag */
	bool no_redirect;	/* ?redirect=no: a redirect doc's body */
	int status;		/* non-zero: an error page with this status */
};

/* Cache lines of computed answers (spec 11.1). */
#define APP_CC_NEVER	"Cache-Control: max-age=0, no-cache, no-store, " \
	"must-revalidate\r\n"
#define APP_CC_SHARED(n) "Cache-Control: public, max-age=0, s-maxage=" #n \
	"\r\n"
#define APP_CC_12H	"Cache-Control: max-age=43200\r\n"
#define APP_CC_ZONE	"Cache-Control: max-age=0, public, s-maxage=604800\r\n"
#define APP_XFO_DENY	"X-Frame-Options: DENY\r\n"
#define APP_HTML	"text/html; charset=utf-8"
#define APP_EMPTY_ETAG	"\"d41d8cd98f00b204e9800998ecf8427e\""	/* md5("") */

/* Classes of computed answers (spec 2): what is added to them. */
#define APP_K_VIEW	0x1	/* a view's: X-Frame-Options, ETag on GET,
				 * Content-Language */
#define APP_K_NOW	0x2	/* Expires: Date (never-cache) */
#define APP_K_12H	0x4	/* Expires: Date + 12 h */

/* site.c: lookups and the configured names */
/* Look key up and decode it: RC_OK, RC_NOTFOUND, RC_FORMAT, or a store
 * error.  The first lookup references a read transaction (q->rd). */
int app_lookup(struct app_req *q, const uint8_t *key, size_t len,
    struct site_view *v) __attribute__((warn_unused_result));
/* A document view: d locale slug [view]. */
int app_lookup_doc(struct app_req *q, const char *locale, size_t ll,
    const char *slug, size_t sl, const char *view, struct site_view *v)
    __attribute__((warn_unused_result));
const char *app_att_host(void);	/* attachments_host=, for Locations */
const char *app_main_host(void);	/* host=, for cookies */
void app_search(struct app_req *q, const char *locale, bool json,
    struct http_reply *rep);
void app_status_json(struct app_req *q, struct http_reply *rep);
void app_revision(struct app_req *q, struct http_reply *rep);
void app_probe(struct app_req *q, bool ready, struct http_reply *rep);

/* respond.c: answers */
void app_send_record(struct app_req *q, const struct site_view *v,
    const struct app_rec_opts *o, struct http_reply *rep);
/* /miel: the 500 page, status 500, cacheable (spec 3.4). */
void app_send_miel(struct app_req *q, struct http_reply *rep);
/* The site's page for status (e records), or the built-in one. */
void app_send_error(struct app_req *q, int status, struct http_reply *rep);
/* A computed redirect to q->loc (encoded, built by the caller; 414 when
 * it did not fit): cache a Cache-Control line or NULL, kind APP_K_*. */
void app_send_redirect(struct app_req *q, int status, const char *cache,
    unsigned kind, struct http_reply *rep);
/* A computed answer with a static body (type, body NUL-terminated). */
void app_send_static(struct app_req *q, int status, const char *type,
    const char *body, const char *lines, unsigned kind,
    struct http_reply *rep);
/* Method check for a class; false when the reply (403/405) is filled.
 * head: the record's lines, whose Cache-Control a 405 keeps, or NULL. */
bool app_method_ok(struct app_req *q, enum site_methods m,
    const struct site_bytes *head, struct http_reply *rep);
/* Extra lines. */
void app_buf_put(struct app_buf *b, const char *s, size_t n);
void app_buf_str(struct app_buf *b, const char *s);
void app_buf_uint(struct app_buf *b, uint64_t v);
/* Percent-encode s[0..n) for a URL: APP_URL_PATH keeps what Django's
 * reverse() keeps, APP_URL_QUOTE what urlquote(safe='/') keeps,
 * APP_URL_PLUS what quote_plus keeps (space to '+'). */
enum app_url { APP_URL_PATH, APP_URL_QUOTE, APP_URL_PLUS };
void app_buf_url(struct app_buf *b, const char *s, size_t n,
    enum app_url how);
/* A form value decoded ('+' is a space, bad escapes kept): the length. */
size_t app_form_decode(const char *s, size_t n, char *out, size_t cap);
/* Append the request query to a Location per SITE_F_QUERY(_MERGE). */
void app_buf_query(struct app_buf *b, const char *loc, size_t n,
    const char *rq, size_t rqn, bool merge);
/* Parse an HTTP-date (IMF-fixdate, RFC 850, asctime): seconds, or -1. */
int64_t app_parse_date(const char *s, size_t n);
/* Does If-None-Match value s match the strong ETag etag (weakly)? */
bool app_etag_match(const char *s, size_t n, const char *etag, size_t el);
/* Which body of v to send for Accept-Encoding value s (NULL: none). */
enum site_enc app_pick_encoding(const char *s, size_t n,
    const struct site_view *v);
/* The q of a list item's parameters p..end (";q=0.5"): thousandths,
 * 1000 when there is none. */
int app_weight(const char *p, const char *end);
/* A query parameter by name: true and its raw value (NULL if no '='). */
bool app_query_get(const char *qs, size_t qn, const char *name,
    const char **val, size_t *vn);

/* locale.c: locales (spec 3.1, 3.2) */
/* The canonical locale named exactly (case-sensitive), or NULL. */
const char *app_locale_exact(const char *s, size_t n);
/* Kuma's get_supported_language_variant: aliases, any case, the generic
 * language, its first regional variant; NULL for none. */
const char *app_locale_variant(const char *s, size_t n);
/* A slug's first segment as a locale (MindTouch codes, then any case). */
const char *app_locale_in_slug(const char *s, size_t n);
/* Negotiated: django_language cookie, Accept-Language, en-US. */
const char *app_locale_negotiate(const struct http_request *req);
/* The activated locale of q (negotiated on first use). */
const char *app_locale(struct app_req *q);

/* A part of the decoded path. */
struct app_span {
	const char *p;
	size_t n;
};

/* route.c: what the hosts serve */
bool app_is(const char *p, size_t n, const char *lit);
bool app_starts(const char *p, size_t n, const char *lit);
/* pre {digits} mid {name}: "/files/", "/" or "/@api/deki/files/", "/=". */
bool app_files_path(const char *p, size_t n, const char *pre,
    const char *mid, struct app_span *id, struct app_span *name);
/* Answer from record (ns, host, s); APP_MISS when there is none. */
enum app_done app_record(struct app_req *q, char ns, char host,
    const char *s, size_t n, struct http_reply *rep);
/* q->loc += https://{attachments host}/files/{id}/{name} */
void app_loc_att(struct app_req *q, const struct app_span *id,
    const char *name, size_t nn);
enum app_done app_route_main(struct app_req *q, struct http_reply *rep);
enum app_done app_route_untrusted(struct app_req *q, struct http_reply *rep);
/* route_doc.c: documents (spec 3.5) and the MindTouch catch-all (3.7);
 * s is the decoded path after "/{L}/docs/" (or after "/" or "/{L}/") */
enum app_done app_doc(struct app_req *q, const char *l, const char *s,
    size_t n, struct http_reply *rep);
enum app_done app_mindtouch(struct app_req *q, const char *l,
    const char *s, size_t n, struct http_reply *rep);
/* {slug}$samples/... on the attachments domain (spec 5.3). */
enum app_done app_sample(struct app_req *q, const char *l, const char *s,
    size_t n, struct http_reply *rep);

/* route_fix.c: Kuma's URL map as a predicate, and its 404 fixes */
/* Would Kuma's URL map resolve decoded path p on host h (pure)? */
bool app_resolves(enum app_host h, const char *p, size_t n);
/* The fixes Kuma made to a 404 (spec 15 step 6); APP_MISS: none. */
enum app_done app_fix_404(struct app_req *q, struct http_reply *rep);

#endif /* APP_INTERNAL_H */
