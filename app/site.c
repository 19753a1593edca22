/*
 * site.c: the site handler's top: which host, then Kuma's order (spec
 * 15): static files, django-redirect-urls, ?lang=, the host's routes,
 * and on a miss the 404 fixes and the 404 page.  It also owns the store
 * side: shared read transactions, lookups, and the few bodies made per
 * request (search, status) in a small pool of slots.
 *
 * Read transactions are shared: requests within APP_READ_MAX_AGE_MS of
 * each other use the same one, and each response that points into the
 * map holds a reference until the server releases its body.  So a
 * request costs its lookups (at most two, plus an error page), not a
 * transaction, and a new snapshot is seen within a second.  At most
 * APP_READS transactions are alive; when all are held by slow readers,
 * new requests share the newest one whatever its age.
 *
 * Interface: app_init, app_handle, app_reads_open, app_lookup,
 * app_lookup_doc, app_att_host, app_search, app_status_json,
 * app_revision, app_probe.
 */
#include <string.h>

#include "app.h"
#include "err.h"
#include "internal.h"
#include "plat.h"

struct app_read {
	struct store_read rd;
	unsigned int refs;
	bool live;
	uint64_t born_ms;
};

/* A body made for one response, held until the server releases it. */
#define APP_GEN_MAX	(SEARCH_VIEW_MAX > APP_STATUS_MAX ? SEARCH_VIEW_MAX : \
	APP_STATUS_MAX)
struct app_gen {
	bool busy;
	char buf[APP_GEN_MAX];
};

static struct {
	struct store *st;
	const struct config *cf;
	bool tls;
	struct app_read reads[APP_READS];
	struct app_read *cur;	/* where new requests go; NULL if none */
	int nopen;
	struct app_gen gen[APP_GEN_SLOTS];
} app;

/* One request at a time: these hold its decoded path and its lines. */
static char app_path[APP_PATH_MAX + 2];	/* room for a '/' added */
static char app_extra[APP_EXTRA_MAX + 1];
static char app_locbuf[APP_EXTRA_MAX];

/* see app.h */
void
app_init(struct store *st, const struct config *cf, bool tls)
{
	memset(&app, 0, sizeof app);
	app.st = st;
	app.cf = cf;
	app.tls = tls;
}

/* see app.h */
int
app_reads_open(void)
{
	return app.nopen;
}

/* see internal.h */
const char *
app_att_host(void)
{
	return app.cf->att_host;
}

/* see internal.h */
const char *
app_main_host(void)
{
	return app.cf->host;
}

static void
app_read_put(void *arg)
{
	struct app_read *r = arg;

	if (--r->refs > 0)
		return;
	if (r == app.cur &&
	    plat_clock_monotonic() / 1000000u - r->born_ms <
	    APP_READ_MAX_AGE_MS)
		return;		/* young: keep it for the next request */
	if (r == app.cur)
		app.cur = NULL;
	store_read_end(&r->rd);
	r->live = false;
	app.nopen--;
}

/* A referenced read transaction for one response, or NULL. */
static struct app_read *
app_read_get(void)
{
	uint64_t now = plat_clock_monotonic() / 1000000u;
	struct app_read *r = app.cur, *old;
	int i;

	if (r != NULL && now - r->born_ms < APP_READ_MAX_AGE_MS)
		goto out_ref;
	for (i = 0, r = NULL; i < APP_READS && r == NULL; i++)
		if (!app.reads[i].live)
			r = &app.reads[i];
	if (r == NULL) {
		r = app.cur;	/* all held: share the newest */
		if (r == NULL)
			return NULL;
		goto out_ref;
	}
	if (store_read_begin(app.st, &r->rd) != RC_OK)
		return NULL;
	r->live = true;
	r->refs = 0;
	r->born_ms = now;
	app.nopen++;
	old = app.cur;
	app.cur = r;
	if (old != NULL && old->refs == 0) {	/* idle and stale */
		store_read_end(&old->rd);
		old->live = false;
		app.nopen--;
	}
out_ref:
	r->refs++;
	return r;
}

/* see internal.h */
int
app_lookup(struct app_req *q, const uint8_t *key, size_t len,
    struct site_view *v)
{
	const void *val;
	size_t vl;
	int rc;

	if (q->rd == NULL && (q->rd = app_read_get()) == NULL)
		return RC_IO;
	q->lookups++;
	rc = store_get(app.st, &q->rd->rd, key, len, &val, &vl);
	if (rc != RC_OK)
		return rc;
	return site_rec_decode(val, vl, v);
}

/* see internal.h */
int
app_lookup_doc(struct app_req *q, const char *locale, size_t ll,
    const char *slug, size_t sl, const char *view, struct site_view *v)
{
	uint8_t key[SITE_MAX_KEY];
	size_t kl = site_key_doc(key, sizeof key, locale, ll, slug, sl, view);

	if (kl == 0)
		return RC_NOTFOUND;	/* longer than any stored key */
	return app_lookup(q, key, kl, v);
}

/* --- bodies made per request ------------------------------------------ */

static void
app_gen_put(void *arg)
{
	((struct app_gen *)arg)->busy = false;
}

static struct app_gen *
app_gen_get(void)
{
	int i;

	for (i = 0; i < APP_GEN_SLOTS; i++)
		if (!app.gen[i].busy) {
			app.gen[i].busy = true;
			return &app.gen[i];
		}
	return NULL;
}

/* Send slot g's first len bytes: never cached (search, status). */
static void
app_gen_send(struct app_req *q, struct app_gen *g, size_t len,
    const char *type, struct http_reply *rep)
{
	g->buf[len < APP_GEN_MAX ? len : APP_GEN_MAX - 1] = '\0';
	app_send_static(q, 200, type, g->buf, APP_CC_NEVER, APP_K_NOW, rep);
	rep->len = len;
	rep->release = app_gen_put;
	rep->arg = g;
}

/* see internal.h */
void
app_search(struct app_req *q, const char *locale, bool json,
    struct http_reply *rep)
{
	static char qs[APP_SEARCH_Q_MAX];
	uint8_t key[8 + SITE_MAX_LOCALE];
	char folded[SITE_MAX_LOCALE];
	const void *blob = NULL;
	size_t bl = 0, qn = 0, vn, out, kl, ll = strlen(locale);
	unsigned page = 1;
	struct site_view v;
	struct app_gen *g;
	const char *val;
	int rc;

	if (!app_method_ok(q, SITE_M_GET_HEAD, NULL, rep))
		return;
	if (app_query_get(q->query, q->query_len, "q", &val, &vn) &&
	    val != NULL)
		qn = app_form_decode(val, vn, qs, sizeof qs);
	if (app_query_get(q->query, q->query_len, "page", &val, &vn) &&
	    val != NULL) {
		for (page = 0; vn > 0 && *val >= '0' && *val <= '9' &&
		    page < 100000; val++, vn--)
			page = page * 10 + (unsigned)(*val - '0');
		if (page == 0)
			page = 1;
	}
	site_fold(folded, locale, ll);
	kl = site_key(key, sizeof key, SITE_NS_SEARCH, 0, folded, ll);
	if (kl > 0 && app_lookup(q, key, kl, &v) == RC_OK &&
	    v.kind == SITE_R_SEARCH) {
		blob = v.body[SITE_ENC_ID].p;
		bl = v.body[SITE_ENC_ID].len;
	}
	if ((g = app_gen_get()) == NULL) {
		app_send_error(q, 503, rep);
		return;
	}
	rc = (json ? search_view_json : search_view_html)(blob, bl, locale,
	    qs, qn, page, g->buf, APP_GEN_MAX, &out);
	if (rc != RC_OK) {
		g->busy = false;
		app_send_error(q, rc == RC_UNSUPPORTED || rc == RC_NOTFOUND ?
		    404 : 500, rep);
		return;
	}
	app_gen_send(q, g, out, json ? "application/json" : APP_HTML, rep);
	app_buf_str(&q->x, APP_XFO_DENY "Content-Language: ");
	app_buf_str(&q->x, locale);
	app_buf_str(&q->x, "\r\n");
}

/* The value of key in the meta record's "key=value\n" lines. */
static bool
app_meta(const struct site_view *m, const char *key, const char **v,
    size_t *n)
{
	const char *p = (const char *)m->aux.p, *end = p + m->aux.len, *nl;
	size_t kl = strlen(key);

	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		if ((size_t)(nl - p) > kl && memcmp(p, key, kl) == 0 &&
		    p[kl] == '=') {
			*v = p + kl + 1;
			*n = (size_t)(nl - p) - kl - 1;
			return true;
		}
	}
	return false;
}

static bool
app_meta_get(struct app_req *q, struct site_view *m)
{
	return app_lookup(q, (const uint8_t *)SITE_K_META,
	    strlen(SITE_K_META), m) == RC_OK && m->kind == SITE_R_META;
}

/*
 * Kuma's REVISION_HASH was a git sha, 40 hex digits; ours is the
 * content's identity, the compiler's sha-256 (64): its first 40 digits
 * stand in, so that clients that check the form keep working.
 */
#define APP_REVISION_LEN	40

/* see internal.h */
void
app_revision(struct app_req *q, struct http_reply *rep)
{
	struct site_view m;
	const char *v;
	size_t n;

	if (!app_method_ok(q, SITE_M_GET_HEAD, NULL, rep))
		return;
	app_send_static(q, 200, "text/plain; charset=utf-8", "undefined",
	    APP_CC_NEVER, APP_K_NOW, rep);
	if (app_meta_get(q, &m) && app_meta(&m, "content_id", &v, &n)) {
		rep->body = v;		/* in the map: held below */
		rep->len = n < APP_REVISION_LEN ? n : APP_REVISION_LEN;
		q->hold = true;
	}
}

/* True when the store's meta record can be read (a trivial query). */
static bool
app_store_answers(struct app_req *q)
{
	struct site_view v;

	return app_lookup(q, (const uint8_t *)SITE_K_META, 1, &v) == RC_OK;
}

/* see internal.h */
void
app_probe(struct app_req *q, bool ready, struct http_reply *rep)
{
	if (!app_method_ok(q, SITE_M_GET_HEAD, NULL, rep))
		return;
	/* Ready when the store answers a trivial query, as Kuma's was when
	 * its database did (spec 10).  TLS is not asked for: behind a load
	 * balancer that terminates TLS, plain HTTP is the production port. */
	if (ready && !app_store_answers(q))
		app_send_static(q, 503, "text/plain; charset=utf-8",
		    "service unavailable due to database issue (the store "
		    "has no meta record)\n", APP_CC_NEVER, APP_K_NOW, rep);
	else
		app_send_static(q, 204, NULL, "", APP_CC_NEVER, APP_K_NOW,
		    rep);
}

/* s[0..n) escaped for inside a JSON string. */
static void
app_json_raw(struct app_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	char e[6] = { '\\', 'u', '0', '0', 0, 0 };
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\') {
			app_buf_put(b, "\\", 1);
			app_buf_put(b, s + i, 1);
		} else if (c < 0x20) {
			e[4] = hex[c >> 4];
			e[5] = hex[c & 15];
			app_buf_put(b, e, 6);
		} else {
			app_buf_put(b, s + i, 1);
		}
	}
}

/* JSON string s[0..n) with its quotes. */
static void
app_json_str(struct app_buf *b, const char *s, size_t n)
{
	app_buf_put(b, "\"", 1);
	app_json_raw(b, s, n);
	app_buf_put(b, "\"", 1);
}

static void
app_json_key(struct app_buf *b, const char *key, const char *v)
{
	app_buf_str(b, ",\"");
	app_buf_str(b, key);
	app_buf_str(b, "\":");
	app_json_str(b, v, strlen(v));
}

/* A number from the meta record (0 when absent) as JSON. */
static unsigned long
app_meta_num(const struct site_view *m, bool have, const char *key)
{
	unsigned long n = 0;
	const char *v;
	size_t vn;

	if (have && app_meta(m, key, &v, &vn))
		for (; vn > 0 && *v >= '0' && *v <= '9'; v++, vn--)
			n = n * 10 + (unsigned long)(*v - '0');
	return n;
}

/*
 * see internal.h.  Kuma's health view reported services and settings
 * (spec 10); we report the same shape from what the store says of
 * itself: the meta record's content_id (its first 40 digits, see
 * app_revision) stands in for REVISION_HASH, the git sha of Kuma's
 * image, and its
 * pages= count for the database's documents and for the search index
 * (the compiler indexes every page; search_count= and document_count=
 * win where a store has them).
 */
void
app_status_json(struct app_req *q, struct http_reply *rep)
{
	const struct config *cf = app.cf;
	struct site_view m;
	struct app_gen *g;
	struct app_buf b;
	unsigned long docs, found;
	const char *id = "undefined", *v;
	bool have;
	size_t vn = strlen(id);
	unsigned i;

	if (!app_method_ok(q, SITE_M_GET_HEAD, NULL, rep))
		return;
	if ((g = app_gen_get()) == NULL) {
		app_send_error(q, 503, rep);
		return;
	}
	have = app_meta_get(q, &m);
	if (have && app_meta(&m, "content_id", &v, &vn)) {
		id = v;
		vn = vn < APP_REVISION_LEN ? vn : APP_REVISION_LEN;
	}
	docs = app_meta_num(&m, have, "pages");
	if (app_meta_num(&m, have, "document_count") > 0)
		docs = app_meta_num(&m, have, "document_count");
	found = app_meta_num(&m, have, "search_count");
	if (found == 0)
		found = docs;
	b = (struct app_buf){ .p = g->buf, .cap = APP_GEN_MAX - 1 };
	app_buf_str(&b, "{\"version\":1,\"request\":{\"url\":");
	app_buf_str(&b, q->req->secure ? "\"https://" : "\"http://");
	app_buf_str(&b, cf->host);
	app_json_raw(&b, q->req->target, q->req->target_len);
	app_buf_str(&b, "\",\"host\":");
	app_json_str(&b, cf->host, strlen(cf->host));
	app_buf_str(&b, q->req->secure ? ",\"is_secure\":true,\"scheme\":"
	    "\"https\"}" : ",\"is_secure\":false,\"scheme\":\"http\"}");
	app_buf_str(&b, ",\"services\":{\"database\":{\"available\":");
	app_buf_str(&b, have ? "true" : "false");
	app_buf_str(&b, ",\"populated\":");
	app_buf_str(&b, docs > 0 ? "true" : "false");
	app_buf_str(&b, ",\"document_count\":");
	app_buf_uint(&b, docs);
	app_buf_str(&b, "},\"kumascript\":{\"available\":false,\"revision\":"
	    "null},\"search\":{\"available\":");
	app_buf_str(&b, found > 0 ? "true" : "false");
	app_buf_str(&b, ",\"populated\":");
	app_buf_str(&b, found > 0 ? "true" : "false");
	app_buf_str(&b, ",\"count\":");
	app_buf_uint(&b, found);
	app_buf_str(&b, "},\"test_accounts\":{\"available\":false}},"
	    "\"settings\":{\"ALLOWED_HOSTS\":[");
	app_json_str(&b, cf->host, strlen(cf->host));
	for (i = 0; i < cf->host_aliases.n; i++) {
		app_buf_str(&b, ",");
		app_json_str(&b, cf->host_aliases.name[i],
		    strlen(cf->host_aliases.name[i]));
	}
	app_buf_str(&b, ",");
	app_json_str(&b, cf->att_host, strlen(cf->att_host));
	for (i = 0; i < cf->att_aliases.n; i++) {
		app_buf_str(&b, ",");
		app_json_str(&b, cf->att_aliases.name[i],
		    strlen(cf->att_aliases.name[i]));
	}
	app_buf_str(&b, "]");
	app_json_key(&b, "ATTACHMENT_HOST", cf->att_host);
	app_json_key(&b, "ATTACHMENT_ORIGIN", cf->att_aliases.n > 0 ?
	    cf->att_aliases.name[0] : cf->att_host);
	app_buf_str(&b, ",\"BETA_SITE_URL\":null,\"DEBUG\":false,"
	    "\"INTERACTIVE_EXAMPLES_BASE\":null,\"MAINTENANCE_MODE\":false,"
	    "\"PROTOCOL\":\"https://\",\"REVISION_HASH\":");
	app_json_str(&b, id, vn);
	app_buf_str(&b, ",\"SITE_URL\":\"https://");
	app_buf_str(&b, cf->host);
	app_buf_str(&b, "\",\"STATIC_URL\":\"https://");
	app_buf_str(&b, cf->host);
	app_buf_str(&b, "/static/\",\"WIKI_SITE_URL\":\"https://");
	app_buf_str(&b, cf->host_aliases.n > 0 ? cf->host_aliases.name[0] :
	    cf->host);
	app_buf_str(&b, "\"}}\n");
	if (b.over) {
		g->busy = false;
		app_send_error(q, 500, rep);
		return;
	}
	app_gen_send(q, g, b.len, "application/json", rep);
}

/* --- the top ---------------------------------------------------------- */

static bool
app_host_in(const char *h, size_t n, const struct config_aliases *a)
{
	unsigned i;

	for (i = 0; i < a->n; i++)
		if (http_eq(h, n, a->name[i]))
			return true;
	return false;
}

/* An IPv4 dotted quad or a bracketed IPv6 literal (a probe's Host). */
static bool
app_is_ip(const char *h, size_t n)
{
	size_t i, dots = 0;

	if (n > 0 && h[0] == '[')
		return true;
	for (i = 0; i < n; i++) {
		if (h[i] == '.')
			dots++;
		else if (h[i] < '0' || h[i] > '9')
			return false;
	}
	return n > 0 && dots == 3;
}

/* Which of the configured names req's Host is (spec 1.1). */
static enum app_host
app_classify(const struct http_request *req)
{
	const struct config *cf = app.cf;
	const char *h = req->host;
	size_t n;

	if (h == NULL)		/* HTTP/1.0 without Host */
		return APP_HOST_MAIN;
	n = http_host_len(h, req->host_len);
	if (n > 0 && h[n - 1] == '.')	/* Django drops a trailing dot */
		n--;
	if (http_eq(h, n, cf->host))
		return APP_HOST_MAIN;
	if (app_host_in(h, n, &cf->host_aliases))
		return APP_HOST_ALIAS;
	if (http_eq(h, n, cf->att_host) || app_host_in(h, n, &cf->att_aliases))
		return APP_HOST_UNTRUSTED;
	return app_is_ip(h, n) ? APP_HOST_IP : APP_HOST_UNKNOWN;
}

/* /static/...: WhiteNoise's exact lookup, main domain only (spec 6). */
static enum app_done
app_static(struct app_req *q, struct http_reply *rep)
{
	static const char pre[] = "/static/";
	uint8_t key[SITE_MAX_KEY];
	struct site_view v;
	size_t kl, pl = sizeof pre - 1;

	if (q->path_len <= pl || memcmp(q->path, pre, pl) != 0)
		return APP_MISS;
	kl = site_key(key, sizeof key, SITE_NS_STATIC, 0, q->path + pl,
	    q->path_len - pl);
	if (kl == 0 || app_lookup(q, key, kl, &v) != RC_OK)
		return APP_MISS;	/* Django's 404 path, as Kuma's */
	app_send_record(q, &v, NULL, rep);
	return APP_DONE;
}

/* ?lang=: 302 to the path under that locale, lang dropped (spec 3.2). */
static enum app_done
app_lang(struct app_req *q, struct http_reply *rep)
{
	const char *v, *raw = q->req->path, *seg, *p, *end, *amp, *sep = "?";
	const char *l;
	size_t vn, rn = q->req->path_len, sn;
	char dec[SITE_MAX_LOCALE];
	size_t dn;

	if (!app_query_get(q->query, q->query_len, "lang", &v, &vn) ||
	    v == NULL || (l = app_locale_exact(v, vn)) == NULL)
		return APP_MISS;
	/* The path's own locale, if its first segment is one, goes. */
	seg = raw + 1;
	p = memchr(seg, '/', rn - 1);
	sn = p != NULL ? (size_t)(p - seg) : rn - 1;
	if (http_decode(seg, sn, dec, sizeof dec, &dn) == RC_OK &&
	    app_locale_variant(dec, dn) != NULL) {
		raw = seg + sn;
		rn -= sn + 1;
	}
	app_buf_str(&q->loc, "/");
	app_buf_str(&q->loc, l);
	if (rn == 0 || raw[0] != '/')
		app_buf_str(&q->loc, "/");
	app_buf_put(&q->loc, raw, rn);
	for (p = q->query, end = p + q->query_len; p < end; p = amp + 1) {
		amp = memchr(p, '&', (size_t)(end - p));
		if (amp == NULL)
			amp = end;
		if (amp > p && !(amp - p >= 4 && memcmp(p, "lang", 4) == 0 &&
		    (amp - p == 4 || p[4] == '='))) {
			app_buf_str(&q->loc, sep);
			app_buf_put(&q->loc, p, (size_t)(amp - p));
			sep = "&";
		}
	}
	app_send_redirect(q, 302, APP_CC_SHARED(300), 0, rep);
	return APP_DONE;
}

/* The Host is a probe's IP: only the health checks (spec 10, 1.2). */
static void
app_ip_host(struct app_req *q, struct http_reply *rep)
{
	const char *p = q->path;
	size_t n = q->path_len;

	if (n > 1 && p[n - 1] == '/')
		n--;
	if (http_eq(p, n, HTTP_PATH_HEALTH))
		app_probe(q, false, rep);
	else if (http_eq(p, n, HTTP_PATH_READY))
		app_probe(q, true, rep);
	else
		app_send_error(q, 400, rep);
}

/* Kuma's order for a request of a known host (spec 15). */
static void
app_dispatch(struct app_req *q, struct http_reply *rep)
{
	struct rurl_result res;
	enum app_done d;

	if ((q->host == APP_HOST_MAIN || q->host == APP_HOST_ALIAS) &&
	    app_static(q, rep) == APP_DONE)
		return;
	if (rurl_match(q->path, q->path_len, q->query, q->query_len,
	    q->loc.p, q->loc.cap, &res)) {
		q->loc.len = res.loc_len;
		app_send_redirect(q, res.status, res.cache == RURL_CACHE_ZONE ?
		    APP_CC_ZONE : APP_CC_12H, APP_K_12H, rep);
		return;
	}
	if (app_lang(q, rep) == APP_DONE)
		return;
	if (q->host == APP_HOST_UNTRUSTED)
		d = app_route_untrusted(q, rep);
	else
		d = app_route_main(q, rep);
	if (d == APP_MISS && app_fix_404(q, rep) == APP_MISS)
		app_send_error(q, 404, rep);
}

/* see app.h */
void
app_handle(void *ctx, const struct http_request *req, struct http_reply *rep)
{
	struct app_req q = {
		.req = req,
		.query = req->query,
		.query_len = req->query != NULL ? req->query_len : 0,
		.x = { .p = app_extra, .cap = APP_EXTRA_MAX },
		.loc = { .p = app_locbuf, .cap = sizeof app_locbuf },
	};
	int rc;

	q.host = app_classify(req);
	rc = req->path_len > 0 && req->path[0] == '/' ? http_decode(req->path,
	    req->path_len, app_path, APP_PATH_MAX, &q.path_len) : RC_PROTO;
	q.path = app_path;
	if (q.host == APP_HOST_UNKNOWN || rc != RC_OK)
		app_send_error(&q, rc == RC_TOOBIG ? 414 : 400, rep);
	else if (q.host == APP_HOST_IP)
		app_ip_host(&q, rep);
	else
		app_dispatch(&q, rep);
	if (q.x.over) {		/* never cut lines: a plain 500 instead */
		if (rep->release != NULL)	/* a made body's slot */
			rep->release(rep->arg);
		app_send_error(&q, 500, rep);
	}
	app_extra[q.x.len] = '\0';
	rep->extra = q.x.len > 0 ? app_extra : NULL;
	if (q.hold) {
		rep->release = app_read_put;
		rep->arg = q.rd;
	} else if (q.rd != NULL) {
		app_read_put(q.rd);
	}
}
