/*
 * route.c: the URL maps of the two domains (kuma-site-spec.md 3.4, 5.1),
 * after the static files, the redirect table and ?lang= (site.c).
 *
 * Every route is a fixed path, a prefix or a shape of segments, looked
 * at in the decoded path; each ends in one record lookup (a document
 * may take a second, its en-US fallback: route_doc.c) or in an answer
 * computed from the request.  A route that finds nothing says APP_MISS,
 * and site.c tries the 404 fixes (route_fix.c) before the 404 page.
 *
 * Interface: app_route_main, app_route_untrusted.
 */
#include <string.h>

#include "internal.h"

/* see internal.h */
bool
app_is(const char *p, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(p, lit, n) == 0;
}

/* see internal.h */
bool
app_starts(const char *p, size_t n, const char *lit)
{
	size_t l = strlen(lit);

	return n >= l && memcmp(p, lit, l) == 0;
}

/* see internal.h */
bool
app_files_path(const char *p, size_t n, const char *pre, const char *mid,
    struct app_span *id, struct app_span *name)
{
	size_t at = strlen(pre), ml = strlen(mid);

	if (!app_starts(p, n, pre))
		return false;
	id->p = p + at;
	for (id->n = 0; at < n && p[at] >= '0' && p[at] <= '9'; at++)
		id->n++;
	if (id->n == 0 || n - at <= ml || memcmp(p + at, mid, ml) != 0)
		return false;
	name->p = p + at + ml;
	name->n = n - at - ml;
	return true;
}

/* see internal.h */
enum app_done
app_record(struct app_req *q, char ns, char host, const char *s, size_t n,
    struct http_reply *rep)
{
	uint8_t key[SITE_MAX_KEY];
	struct site_view v;
	size_t kl = site_key(key, sizeof key, ns, host, s, n);
	int rc;

	if (kl == 0)
		return APP_MISS;
	rc = app_lookup(q, key, kl, &v);
	if (rc == RC_NOTFOUND)
		return APP_MISS;
	if (rc != RC_OK)
		app_send_error(q, 500, rep);
	else
		app_send_record(q, &v, NULL, rep);
	return APP_DONE;
}

/* see internal.h */
void
app_loc_att(struct app_req *q, const struct app_span *id, const char *name,
    size_t nn)
{
	app_buf_str(&q->loc, "https://");
	app_buf_str(&q->loc, app_att_host());
	app_buf_str(&q->loc, "/files/");
	app_buf_put(&q->loc, id->p, id->n);
	app_buf_str(&q->loc, "/");
	app_buf_url(&q->loc, name, nn, APP_URL_PATH);
}

/*
 * /files/{id}/{name} on the main domain: 301 to the attachments domain
 * under the attachment's own name, whatever name was asked (spec 5.2).
 */
static enum app_done
app_files_main(struct app_req *q, const struct app_span *id,
    const struct app_span *name, struct http_reply *rep)
{
	uint8_t key[SITE_MAX_KEY];
	struct site_view v;
	size_t kl = site_key(key, sizeof key, SITE_NS_ATT, 0, id->p, id->n);
	int rc;

	if (kl == 0 || (rc = app_lookup(q, key, kl, &v)) == RC_NOTFOUND)
		return APP_MISS;
	if (rc != RC_OK) {
		app_send_error(q, 500, rep);
		return APP_DONE;
	}
	if (v.name.len > 0)
		app_loc_att(q, id, (const char *)v.name.p, v.name.len);
	else
		app_loc_att(q, id, name->p, name->n);
	app_send_redirect(q, 301, "Cache-Control: public, max-age=900\r\n",
	    APP_K_VIEW, rep);
	return APP_DONE;
}

/* /api/v1/doc/{locale}/{slug}: the document's api view (spec 12.4). */
static enum app_done
app_api(struct app_req *q, const char *p, size_t n, struct http_reply *rep)
{
	const char *slash = memchr(p, '/', n);
	struct site_view v;
	int rc;

	if (slash == NULL || slash == p || (size_t)(slash - p) + 1 >= n)
		return APP_MISS;
	rc = app_lookup_doc(q, p, (size_t)(slash - p), slash + 1,
	    n - (size_t)(slash - p) - 1, SITE_VIEW_API, &v);
	/* A redirect document has no api view: one that moved to another
	 * document is a 301 to that document's api URL (spec 4.3). */
	if (rc == RC_NOTFOUND && app_lookup_doc(q, p, (size_t)(slash - p),
	    slash + 1, n - (size_t)(slash - p) - 1, NULL, &v) == RC_OK &&
	    v.kind == SITE_R_DOC_REDIRECT) {
		const char *t = (const char *)v.location.p, *d;
		size_t tl = v.location.len;

		d = tl > 1 ? memchr(t + 1, '/', tl - 1) : NULL;
		if (t[0] != '/' || d == NULL ||
		    !app_starts(d, tl - (size_t)(d - t), "/docs/"))
			return APP_MISS;
		app_buf_str(&q->loc, "/api/v1/doc");
		app_buf_put(&q->loc, t, (size_t)(d - t));
		app_buf_put(&q->loc, d + 5, tl - (size_t)(d + 5 - t));
		app_send_redirect(q, 301, APP_CC_NEVER, APP_K_VIEW, rep);
		return APP_DONE;
	}
	if (rc == RC_NOTFOUND)
		return APP_MISS;
	if (rc != RC_OK)
		app_send_error(q, 500, rep);
	else
		app_send_record(q, &v, NULL, rep);
	return APP_DONE;
}

/* Paths served as whole stored answers, f m <path> (spec 7, 8). */
static bool
app_is_file(const char *p, size_t n)
{
	static const char *const exact[] = {
		"/favicon.ico", "/sitemap.xml", "/humans.txt",
		"/contribute.json",
	};
	static const char *const prefix[] = {
		"/sitemaps/", "/diagrams/", "/presentations/", "/samples/",
	};
	size_t i;

	for (i = 0; i < sizeof exact / sizeof exact[0]; i++)
		if (app_is(p, n, exact[i]))
			return true;
	for (i = 0; i < sizeof prefix / sizeof prefix[0]; i++)
		if (app_starts(p, n, prefix[i]) && n > strlen(prefix[i]))
			return true;
	return false;
}

/* /{L}/docs.json?slug= (spec 12.1); ?title= is not supported: 404. */
static enum app_done
app_docs_json(struct app_req *q, const char *l, struct http_reply *rep)
{
	static char slug[SITE_MAX_SLUG];
	const char *v;
	size_t vn, sn;
	struct site_view sv;
	int rc;

	if (app_query_get(q->query, q->query_len, "title", &v, &vn))
		return APP_MISS;
	if (!app_query_get(q->query, q->query_len, "slug", &v, &vn) ||
	    v == NULL) {
		app_send_static(q, 400, APP_HTML, "", APP_CC_SHARED(300),
		    APP_K_VIEW, rep);
		return APP_DONE;
	}
	sn = app_form_decode(v, vn, slug, sizeof slug);
	rc = app_lookup_doc(q, l, strlen(l), slug, sn, SITE_VIEW_JSON, &sv);
	if (rc == RC_NOTFOUND)
		return APP_MISS;
	if (rc != RC_OK)
		app_send_error(q, 500, rep);
	else
		app_send_record(q, &sv, NULL, rep);
	return APP_DONE;
}

/* A computed view redirect to q->loc plus the literal loc. */
static enum app_done
app_to(struct app_req *q, int status, const char *loc, const char *cache,
    unsigned kind, struct http_reply *rep)
{
	app_buf_str(&q->loc, loc);
	app_send_redirect(q, status, cache, APP_K_VIEW | kind, rep);
	return APP_DONE;
}

/* /{L}/...: the locale's pages; r is the path after "/{L}". */
static enum app_done
app_route_locale(struct app_req *q, const char *l, const char *r, size_t n,
    struct http_reply *rep)
{
	const char *p = q->path;
	size_t pn = q->path_len;

	if (app_is(r, n, "/") || app_is(r, n, "/search/xml"))
		return app_record(q, SITE_NS_FILE, SITE_HOST_MAIN, p, pn, rep);
	if (app_is(r, n, "/search") || app_is(r, n, "/search.json")) {
		app_search(q, l, n == 12, rep);
		return APP_DONE;
	}
	if (app_is(r, n, "/docs.json"))
		return app_docs_json(q, l, rep);
	if (app_is(r, n, "/docs/templates")) {
		app_buf_str(&q->loc, "/");
		app_buf_str(&q->loc, l);
		return app_to(q, 301, "/dashboards/macros",
		    APP_CC_SHARED(2592000), 0, rep);
	}
	/* Feeds are whole stored answers, one per path the compiler wrote
	 * (all, all/, tag/{tag}, ...); spec 12.2. */
	if (app_starts(r, n, "/docs/feeds/") && n > 12)
		return app_record(q, SITE_NS_FILE, SITE_HOST_MAIN, p, pn, rep);
	if (app_is(r, n, "/maintenance-mode") ||
	    app_is(r, n, "/maintenance-mode/")) {
		app_buf_str(&q->loc, "/");
		app_buf_str(&q->loc, l);
		return app_to(q, 302, "/", APP_CC_NEVER, APP_K_NOW, rep);
	}
	if (app_starts(r, n, "/docs/") && n > 6)
		return app_doc(q, l, r + 6, n - 6, rep);
	if (app_is(r, n, "/dashboards/localization"))
		return app_to(q, 301, "/docs/MDN/Doc_status/Overview",
		    APP_CC_SHARED(300), 0, rep);
	if (app_starts(r, n, "/events"))
		return app_to(q, 302, "https://mozilla.org/contribute/events",
		    APP_CC_SHARED(300), 0, rep);
	if (app_is(r, n, "/contribute/")) {
		app_buf_str(&q->loc, "/");
		app_buf_str(&q->loc, l);
		return app_to(q, 302, "/payments/", NULL, 0, rep);
	}
	if (n > 1)
		return app_mindtouch(q, l, r + 1, n - 1, rep);
	return APP_MISS;
}

/*
 * POST /i18n/setlang/ with the form field language=<code> (spec 3.2):
 * 204 and the django_language cookie for a year on the main domain,
 * never cached; an unknown code is 400.  Other methods: 405.
 */
static void
app_setlang(struct app_req *q, struct http_reply *rep)
{
	const struct http_request *r = q->req;
	const char *s = r->body, *e = s + r->body_len, *amp, *l = NULL;
	char code[SITE_MAX_LOCALE + 1];
	size_t n;

	if (r->method != HTTP_M_POST) {
		app_send_static(q, 405, APP_HTML, "", "Allow: POST\r\n", 0,
		    rep);
		return;
	}
	for (; s != NULL && s < e; s = amp + 1) {
		if ((amp = memchr(s, '&', (size_t)(e - s))) == NULL)
			amp = e;
		if ((size_t)(amp - s) > 9 && memcmp(s, "language=", 9) == 0) {
			n = app_form_decode(s + 9, (size_t)(amp - s) - 9, code,
			    sizeof code);
			if (n < sizeof code)
				l = app_locale_exact(code, n);
			break;
		}
	}
	if (l == NULL) {
		app_send_static(q, 400, APP_HTML, "<h1>Bad Request (400)</h1>",
		    APP_CC_NEVER, APP_K_NOW, rep);
		return;
	}
	app_buf_str(&q->x, "Set-Cookie: django_language=");
	app_buf_str(&q->x, l);
	app_buf_str(&q->x, "; Domain=");
	app_buf_str(&q->x, app_main_host());
	app_buf_str(&q->x, "; Max-Age=31536000; Path=/\r\n");
	app_send_static(q, 204, NULL, "", APP_CC_NEVER, APP_K_NOW, rep);
}

/* see internal.h */
enum app_done
app_route_main(struct app_req *q, struct http_reply *rep)
{
	const char *p = q->path, *slash, *l;
	size_t n = q->path_len;
	struct app_span id, name;

	if (app_is(p, n, "/healthz") || app_is(p, n, "/healthz/") ||
	    app_is(p, n, "/readiness") || app_is(p, n, "/readiness/")) {
		app_probe(q, p[1] == 'r', rep);
		return APP_DONE;
	}
	if (app_is(p, n, "/_kuma_status.json")) {
		app_status_json(q, rep);
		return APP_DONE;
	}
	if (app_is(p, n, "/media/revision.txt")) {
		app_revision(q, rep);
		return APP_DONE;
	}
	if (app_is(p, n, "/robots.txt"))
		return app_record(q, SITE_NS_FILE, q->host == APP_HOST_ALIAS ?
		    SITE_HOST_OTHER : SITE_HOST_MAIN, p, n, rep);
	if (app_is_file(p, n))
		return app_record(q, SITE_NS_FILE, SITE_HOST_MAIN, p, n, rep);
	if (app_is(p, n, "/miel")) {
		app_send_miel(q, rep);
		return APP_DONE;
	}
	if (app_is(p, n, "/i18n/setlang/")) {
		app_setlang(q, rep);
		return APP_DONE;
	}
	if (app_files_path(p, n, "/files/", "/", &id, &name))
		return app_files_main(q, &id, &name, rep);
	if (app_files_path(p, n, "/@api/deki/files/", "/=", &id, &name))
		return app_record(q, SITE_NS_MT, 0, id.p, id.n, rep);
	if (app_starts(p, n, "/api/v1/doc/"))
		return app_api(q, p + 12, n - 12, rep);
	slash = n > 1 ? memchr(p + 1, '/', n - 1) : NULL;
	l = app_locale_exact(p + 1, slash != NULL ? (size_t)(slash - p - 1) :
	    n - 1);
	if (l != NULL) {
		q->locale = l;
		return app_route_locale(q, l, p + 1 + strlen(l),
		    n - 1 - strlen(l), rep);
	}
	if (n > 1)
		return app_mindtouch(q, app_locale(q), p + 1, n - 1, rep);
	return APP_MISS;
}

/* see internal.h */
enum app_done
app_route_untrusted(struct app_req *q, struct http_reply *rep)
{
	const char *p = q->path, *slash, *l;
	size_t n = q->path_len;
	struct app_span id, name;

	if (app_files_path(p, n, "/files/", "/", &id, &name))
		return app_record(q, SITE_NS_ATT, 0, id.p, id.n, rep);
	if (app_files_path(p, n, "/@api/deki/files/", "/=", &id, &name))
		return app_record(q, SITE_NS_MT, 0, id.p, id.n, rep);
	/* Kuma's pattern had no '$': anything that starts so (spec 5.1). */
	if (app_starts(p, n, "/robots.txt"))
		return app_record(q, SITE_NS_FILE, SITE_HOST_UNTRUSTED,
		    "/robots.txt", 11, rep);
	slash = n > 1 ? memchr(p + 1, '/', n - 1) : NULL;
	if (slash == NULL || (l = app_locale_exact(p + 1,
	    (size_t)(slash - p - 1))) == NULL)
		return APP_MISS;
	q->locale = l;
	n -= (size_t)(slash - p);
	if (!app_starts(slash, n, "/docs/"))
		return APP_MISS;
	return app_sample(q, l, slash + 6, n - 6, rep);
}
