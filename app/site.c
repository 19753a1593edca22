/*
 * site.c: the site handler: route a request, look the page up in the
 * store, and answer with a body that points into the LMDB map.
 *
 * Read transactions are shared: requests within APP_READ_MAX_AGE_MS of
 * each other use the same one, and each response holds a reference until
 * the server releases its body (all of it acknowledged).  So a request
 * costs one lookup, not a transaction, and a new snapshot is seen within
 * a second.  At most APP_READS transactions are alive; when all are held
 * by slow readers, new requests share the newest one whatever its age.
 *
 * Interface: app_route, app_init, app_handle, app_reads_open.
 */
#include <string.h>

#include "app.h"
#include "err.h"
#include "plat.h"

struct app_read {
	struct store_read rd;
	unsigned int refs;
	bool live;
	uint64_t born_ms;
};

static struct {
	struct store *st;
	const char *host;
	const char *att_host;
	bool tls;
	struct app_read reads[APP_READS];
	struct app_read *cur;	/* where new requests go; NULL if none */
	int nopen;
} app;

static const char app_404[] =
    "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<title>Page not found</title></head>\n<body><h1>Page not found</h1>\n"
    "<p>Sorry, the page you requested does not exist.</p></body></html>\n";

static const char app_500[] =
    "<!doctype html><title>500 Internal Server Error</title>"
    "<h1>500 Internal Server Error</h1>\n";

/* see app.h */
void
app_route(const struct http_request *req, const char *main_host,
    const char *att_host, char *buf, size_t size, struct app_route *rt)
{
	const char *p = req->path, *slash;
	size_t n = req->path_len, len, hl;

	memset(rt, 0, sizeof *rt);
	if (req->host != NULL) {
		hl = http_host_len(req->host, req->host_len);
		rt->main_host = http_eq(req->host, hl, main_host);
		rt->att_host = http_eq(req->host, hl, att_host);
	}
	if (http_eq(p, n, HTTP_PATH_HEALTH)) {
		rt->kind = APP_HEALTH;
		return;
	}
	if (http_eq(p, n, HTTP_PATH_READY)) {
		rt->kind = APP_READY;
		return;
	}
	if (rt->att_host)
		return;		/* no site pages on the attachments domain */
	/* Split the raw path first, so an encoded '/' cannot move a
	 * boundary: "/" locale "/docs/" slug. */
	if (n < 2 || p[0] != '/')
		return;
	slash = memchr(p + 1, '/', n - 1);
	if (slash == NULL || slash == p + 1)
		return;
	len = (size_t)(slash - p) + 6;
	if (n <= len || memcmp(slash, "/docs/", 6) != 0)
		return;
	switch (http_decode(p + 1, (size_t)(slash - p - 1), buf,
	    size < SITE_MAX_LOCALE ? size : SITE_MAX_LOCALE,
	    &rt->locale_len)) {
	case RC_OK:
		break;
	case RC_PROTO:
		rt->kind = APP_BAD;
		return;
	default:
		return;		/* too long for a locale: no such page */
	}
	rt->locale = buf;
	rt->slug = buf + rt->locale_len;
	switch (http_decode(p + len, n - len, buf + rt->locale_len,
	    size - rt->locale_len, &rt->slug_len)) {
	case RC_OK:
		rt->kind = APP_PAGE;
		break;
	case RC_PROTO:
		rt->kind = APP_BAD;
		break;
	}
}

/* see app.h */
void
app_init(struct store *st, const struct config *cf, bool tls)
{
	memset(&app, 0, sizeof app);
	app.st = st;
	app.host = cf->host;
	app.att_host = cf->att_host;
	app.tls = tls;
}

/* see app.h */
int
app_reads_open(void)
{
	return app.nopen;
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

/* The site's own 404 page, or a 500 when the store failed. */
static void
app_error(struct http_reply *rep, int status)
{
	rep->status = status;
	rep->type = "text/html; charset=utf-8";
	rep->body = status == 404 ? app_404 : app_500;
	rep->len = status == 404 ? sizeof app_404 - 1 : sizeof app_500 - 1;
}

/* see app.h */
void
app_handle(void *ctx, const struct http_request *req, struct http_reply *rep)
{
	static char buf[APP_ROUTE_BUF];
	struct store_page page;
	struct app_route rt;
	struct app_read *r;
	int rc;

	app_route(req, app.host, app.att_host, buf, sizeof buf, &rt);
	if (rt.kind == APP_HEALTH || rt.kind == APP_READY) {
		/* The store was opened before the server started. */
		rep->status = rt.kind == APP_READY && !app.tls ? 503 : 200;
		rep->type = "text/plain; charset=utf-8";
		rep->body = rep->status == 200 ? "ok\n" :
		    "not ready: no certificate\n";
		rep->len = strlen(rep->body);
		return;
	}
	if (rt.kind == APP_BAD) {
		rep->status = 400;
		rep->type = "text/plain; charset=utf-8";
		rep->body = "Bad Request\n";
		rep->len = 12;
		return;
	}
	if (rt.kind != APP_PAGE) {
		app_error(rep, 404);
		return;
	}
	r = app_read_get();
	if (r == NULL) {
		app_error(rep, 500);
		return;
	}
	rc = store_get_page(app.st, &r->rd, rt.locale, rt.locale_len,
	    rt.slug, rt.slug_len, &page);
	if (rc != RC_OK) {
		app_read_put(r);
		app_error(rep, rc == RC_NOTFOUND || rc == RC_TOOBIG ? 404 :
		    500);
		return;
	}
	rep->status = 200;
	rep->type = page.type;
	rep->body = page.body;
	rep->len = page.len;
	rep->release = app_read_put;
	rep->arg = r;
}
