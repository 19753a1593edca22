/*
 * route_fix.c: what Kuma did to a 404 on its way out (spec 15 step 6,
 * 3.2, 3.3), in the middlewares' order: SlashMiddleware (a '/' added or
 * dropped), LocaleMiddleware (a locale put in front), then
 * LocaleStandardizerMiddleware (a non-canonical locale made canonical).
 *
 * The first two ask whether a path "resolves": whether a URL pattern
 * would take it, not whether the store has it.  That is a predicate on
 * the path alone (app_resolves), so these fixes cost no lookup.  The
 * MindTouch catch-all is left out of it, as Kuma's own tests show
 * (/index.php stays 404 rather than gaining a locale).
 *
 * Interface: app_resolves, app_fix_404.
 */
#include <string.h>

#include "internal.h"

/* Kuma's document suffixes: /{L}/docs/{slug}${one of these} resolves. */
static const char *const app_suffixes[] = {
	"json", "children", "toc", "history", "api", "edit", "translate",
	"locales", "move", "files", "delete", "restore", "purge",
	"repair_breadcrumbs", "quick-review", "subscribe", "subscribe_to_tree",
	"compare",
};

/* s is "{slug}[${suffix}]" after /{L}/docs/. */
static bool
app_doc_resolves(const char *s, size_t n, bool untrusted)
{
	const char *d = memchr(s, '$', n), *f;
	size_t fl, i;

	if (d == s || n == 0)
		return false;
	if (d == NULL)
		return !untrusted;
	f = d + 1;
	fl = (size_t)(s + n - f);
	if (app_starts(f, fl, "samples/") && fl > 8)
		return true;
	if (untrusted)
		return false;
	for (i = 0; i < sizeof app_suffixes / sizeof app_suffixes[0]; i++)
		if (app_is(f, fl, app_suffixes[i]))
			return true;
	if (app_starts(f, fl, "revision/"))
		i = 9;
	else if (app_starts(f, fl, "revert/"))
		i = 7;
	else
		return false;
	if (i == fl)
		return false;
	for (; i < fl; i++)
		if (f[i] < '0' || f[i] > '9')
			return false;
	return true;
}

/* The paths of /{L}/ (r is after "/{L}"). */
static bool
app_locale_resolves(const char *r, size_t n)
{
	static const char *const exact[] = {
		"/", "/search", "/search.json", "/search/xml", "/docs.json",
		"/dashboards/localization", "/contribute/",
		"/maintenance-mode", "/maintenance-mode/",
	};
	size_t i;

	for (i = 0; i < sizeof exact / sizeof exact[0]; i++)
		if (app_is(r, n, exact[i]))
			return true;
	if (app_starts(r, n, "/events"))
		return true;
	return app_starts(r, n, "/docs/") &&
	    app_doc_resolves(r + 6, n - 6, false);
}

static bool
app_main_resolves(const char *p, size_t n)
{
	static const char *const exact[] = {
		"/healthz", "/healthz/", "/readiness", "/readiness/",
		"/_kuma_status.json", "/robots.txt", "/favicon.ico",
		"/sitemap.xml", "/humans.txt", "/contribute.json", "/miel",
		"/media/revision.txt",
	};
	static const char *const prefix[] = {
		"/sitemaps/", "/diagrams/", "/presentations/", "/samples/",
		"/api/v1/doc/",
	};
	struct app_span id, name;
	const char *slash;
	size_t i;

	for (i = 0; i < sizeof exact / sizeof exact[0]; i++)
		if (app_is(p, n, exact[i]))
			return true;
	for (i = 0; i < sizeof prefix / sizeof prefix[0]; i++)
		if (app_starts(p, n, prefix[i]) && n > strlen(prefix[i]))
			return true;
	if (app_files_path(p, n, "/files/", "/", &id, &name) ||
	    app_files_path(p, n, "/@api/deki/files/", "/=", &id, &name))
		return true;
	slash = n > 1 ? memchr(p + 1, '/', n - 1) : NULL;
	if (slash == NULL ||
	    app_locale_exact(p + 1, (size_t)(slash - p - 1)) == NULL)
		return false;
	return app_locale_resolves(slash, (size_t)(p + n - slash));
}

/* see internal.h */
bool
app_resolves(enum app_host h, const char *p, size_t n)
{
	struct app_span id, name;
	const char *slash;

	if (h != APP_HOST_UNTRUSTED)
		return app_main_resolves(p, n);
	if (app_files_path(p, n, "/files/", "/", &id, &name) ||
	    app_files_path(p, n, "/@api/deki/files/", "/=", &id, &name) ||
	    app_starts(p, n, "/robots.txt"))
		return true;
	slash = n > 1 ? memchr(p + 1, '/', n - 1) : NULL;
	if (slash == NULL ||
	    app_locale_exact(p + 1, (size_t)(slash - p - 1)) == NULL)
		return false;
	n -= (size_t)(slash - p);
	return app_starts(slash, n, "/docs/") &&
	    app_doc_resolves(slash + 6, n - 6, true);
}

/* q->loc += the raw path from byte at on, '/' dropped or added, query. */
static void
app_loc_raw(struct app_req *q, size_t at, int slash)
{
	size_t n = q->req->path_len - at;

	app_buf_put(&q->loc, q->req->path + at, slash < 0 ? n - 1 : n);
	if (slash > 0)
		app_buf_str(&q->loc, "/");
	if (q->query_len > 0) {
		app_buf_str(&q->loc, "?");
		app_buf_put(&q->loc, q->query, q->query_len);
	}
}

/* SlashMiddleware: a path that does not resolve but would with one '/'
 * more or less; 301, no Cache-Control (spec 3.3). */
static bool
app_fix_slash(struct app_req *q, struct http_reply *rep)
{
	char *p = (char *)q->path;	/* site.c's buffer, with room */
	size_t n = q->path_len;
	bool ok;

	if (app_resolves(q->host, p, n))
		return false;
	if (n > 1 && p[n - 1] == '/') {
		if (!app_resolves(q->host, p, n - 1) ||
		    q->req->path[q->req->path_len - 1] != '/')
			return false;
		app_loc_raw(q, 0, -1);
	} else {
		p[n] = '/';
		ok = app_resolves(q->host, p, n + 1);
		if (!ok)
			return false;
		app_loc_raw(q, 0, 1);
	}
	app_send_redirect(q, 301, NULL, 0, rep);
	return true;
}

/*
 * LocaleMiddleware: no locale in the path, and with the negotiated one
 * in front (or that and a '/') it would resolve: 301 for "/" itself,
 * else 302, a relative Location, shared(300), no Vary (spec 3.2).
 */
static bool
app_fix_add_locale(struct app_req *q, struct http_reply *rep)
{
	static char p[SITE_MAX_LOCALE + 2 + APP_PATH_MAX];
	const char *l = app_locale(q);
	size_t ll = strlen(l), n = q->path_len;
	int slash = 0;

	p[0] = '/';
	memcpy(p + 1, l, ll);
	memcpy(p + 1 + ll, q->path, n);
	n += 1 + ll;
	if (!app_resolves(q->host, p, n)) {
		if (p[n - 1] == '/')
			return false;
		p[n] = '/';
		if (!app_resolves(q->host, p, n + 1))
			return false;
		slash = 1;
	}
	app_buf_str(&q->loc, "/");
	app_buf_str(&q->loc, l);
	app_loc_raw(q, 0, slash);
	app_send_redirect(q, q->path_len == 1 ? 301 : 302, APP_CC_SHARED(300),
	    0, rep);
	return true;
}

/* see internal.h */
enum app_done
app_fix_404(struct app_req *q, struct http_reply *rep)
{
	const char *raw = q->req->path, *rs, *seg = q->path + 1, *l;
	size_t rn = q->req->path_len, sn;

	if (app_fix_slash(q, rep))
		return APP_DONE;
	rs = memchr(seg, '/', q->path_len - 1);
	sn = rs != NULL ? (size_t)(rs - seg) : q->path_len - 1;
	l = app_locale_variant(seg, sn);
	if (l == NULL)
		return app_fix_add_locale(q, rep) ? APP_DONE : APP_MISS;
	if (app_is(seg, sn, l))
		return APP_MISS;
	/* LocaleStandardizer: the raw first segment made canonical, 302
	 * with shared(300), whether or not the result exists. */
	rs = memchr(raw + 1, '/', rn - 1);
	app_buf_str(&q->loc, "/");
	app_buf_str(&q->loc, l);
	app_loc_raw(q, rs != NULL ? (size_t)(rs - raw) : rn, 0);
	app_send_redirect(q, 302, APP_CC_SHARED(300), 0, rep);
	return APP_DONE;
}
