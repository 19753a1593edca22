/*
 * respond.c: answering.  One function answers from any stored record
 * (app_send_record); the others answer what no record holds: error pages
 * the store lacks, redirects computed from the request, built-in bodies.
 *
 * A record's head lines go out as stored bytes (rep->head); what varies
 * per request is added as extra lines: Location with the request's
 * query, Content-Encoding for the body chosen, Content-Language, ETag
 * (GET only, W/ on a compressed body), X-Robots-Tag for a fallback, and
 * Expires through rep->expires.  Conditional requests are answered with
 * the record's head304 lines.
 *
 * Interface: app_method_ok, app_send_record, app_send_error,
 * app_send_miel, app_send_redirect, app_send_static.
 */
#define _GNU_SOURCE	/* memmem */
#include <string.h>

#include "internal.h"

static const char app_404[] =
    "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<title>Page not found</title></head>\n<body><h1>Page not found</h1>\n"
    "<p>Sorry, the page you requested does not exist.</p></body></html>\n";
static const char app_403[] =
    "<!doctype html><title>403 Forbidden</title><h1>Forbidden</h1>\n";
static const char app_500[] =
    "<!doctype html><title>500 Internal Server Error</title>"
    "<h1>500 Internal Server Error</h1>\n";
/* Django's own answer to a Host not in ALLOWED_HOSTS (spec 1.1, 13). */
static const char app_400[] = "<h1>Bad Request (400)</h1>";
static const char app_empty_etag[] = APP_EMPTY_ETAG;

static const char *
app_allow(enum site_methods m)
{
	switch (m) {
	case SITE_M_GET:
		return "Allow: GET\r\n";
	case SITE_M_ANY:
		return "Allow: GET, HEAD, OPTIONS\r\n";
	default:
		return "Allow: GET, HEAD\r\n";
	}
}

/*
 * 405 with an empty body, as Django's HttpResponseNotAllowed; it keeps
 * the view's Cache-Control (its decorator ran outside require_GET), so
 * that line is copied from the record's head.
 */
static void
app_send_405(struct app_req *q, enum site_methods m,
    const struct site_bytes *head, struct http_reply *rep)
{
	static const char cc[] = "\r\nCache-Control:";
	const char *p, *end, *nl;

	if (head != NULL && head->len > 0) {
		p = (const char *)head->p;
		end = p + head->len;
		/* At the start of the head, or after a CRLF. */
		if ((size_t)(end - p) >= sizeof cc - 3 &&
		    memcmp(p, cc + 2, sizeof cc - 3) == 0)
			p -= 2;
		else
			p = memmem(p, head->len, cc, sizeof cc - 1);
		if (p != NULL && (nl = memmem(p + 2, (size_t)(end - p - 2),
		    "\r\n", 2)) != NULL)
			app_buf_put(&q->x, p + 2, (size_t)(nl + 2 - p - 2));
	}
	app_send_static(q, 405, APP_HTML, "", app_allow(m), 0, rep);
}

/*
 * see internal.h.  Unsafe methods meet Django's CSRF check first (403)
 * except where the view is exempt or WhiteNoise answers (405); spec 11.4.
 */
bool
app_method_ok(struct app_req *q, enum site_methods m,
    const struct site_bytes *head, struct http_reply *rep)
{
	switch (q->req->method) {
	case HTTP_M_GET:
		return true;
	case HTTP_M_HEAD:
		if (m != SITE_M_GET)
			return true;
		break;
	case HTTP_M_OPTIONS:
		if (m == SITE_M_ANY)
			return true;
		break;
	case HTTP_M_POST:
	case HTTP_M_PUT:
	case HTTP_M_DELETE:
	case HTTP_M_PATCH:
		if (m == SITE_M_STATIC || m == SITE_M_DOC)
			break;
		app_send_error(q, 403, rep);
		return false;
	default:
		break;
	}
	app_send_405(q, m, head, rep);
	return false;
}

/* Content-Language for a record answer, or NULL for none. */
static void
app_lang_line(struct app_req *q, const struct site_view *v,
    const struct app_rec_opts *o)
{
	const char *l = NULL;
	size_t n = 0;

	if (o != NULL && o->lang != NULL) {
		l = o->lang;
		n = strlen(l);
	} else if (v->flags & SITE_F_LANG) {
		l = app_locale(q);
		n = strlen(l);
	} else if (v->lang.len > 0) {
		l = (const char *)v->lang.p;
		n = v->lang.len;
	}
	if (l == NULL)
		return;
	app_buf_str(&q->x, "Content-Language: ");
	app_buf_put(&q->x, l, n);
	app_buf_str(&q->x, "\r\n");
}

/* Is this GET or HEAD of a 2xx answer not modified (spec 11.2)? */
static bool
app_not_modified(struct app_req *q, const struct site_view *v,
    const char *etag, size_t el)
{
	const struct http_field *inm, *ims;
	int64_t t;

	if (q->req->method != HTTP_M_GET && q->req->method != HTTP_M_HEAD)
		return false;
	inm = http_field(q->req, "If-None-Match");
	if (inm != NULL)	/* RFC 9110 13.2.2: then If-Modified-Since
				 * is not looked at */
		return (v->flags & SITE_F_ETAG) &&
		    app_etag_match(inm->value, inm->value_len, etag, el);
	ims = http_field(q->req, "If-Modified-Since");
	if (ims == NULL || !(v->flags & SITE_F_IMS) || v->mtime <= 0)
		return false;
	t = app_parse_date(ims->value, ims->value_len);
	return t >= 0 && t >= v->mtime;
}

static void
app_expires(const struct site_view *v, struct http_reply *rep)
{
	if (v->flags & SITE_F_EXPIRES_NOW) {
		rep->expires = true;
		rep->expires_s = 0;
	} else if (v->flags & SITE_F_EXPIRES_12H) {
		rep->expires = true;
		rep->expires_s = 43200;
	}
}

/* see internal.h */
void
app_send_record(struct app_req *q, const struct site_view *v,
    const struct app_rec_opts *o, struct http_reply *rep)
{
	bool err = o != NULL && o->status != 0, redirect, nm;
	enum site_enc enc = SITE_ENC_ID;
	const struct http_field *ae;
	const char *etag = NULL;
	size_t el = 0;

	if (v->kind == SITE_R_SEARCH || v->kind == SITE_R_META) {
		app_send_error(q, 404, rep);	/* not answers by themselves */
		return;
	}
	if (!err && !app_method_ok(q, v->methods, &v->head, rep))
		return;
	redirect = v->kind == SITE_R_REDIRECT ||
	    (v->kind == SITE_R_DOC_REDIRECT && !(o != NULL && o->no_redirect));
	if (!redirect && (ae = http_field(q->req, "Accept-Encoding")) != NULL)
		enc = app_pick_encoding(ae->value, ae->value_len, v);
	if ((v->flags & SITE_F_ETAG) && v->etag.len > 0) {
		/* A followed redirect document is an empty body (spec 4.3). */
		etag = v->kind == SITE_R_DOC_REDIRECT && redirect ?
		    app_empty_etag : (const char *)v->etag.p;
		el = etag == app_empty_etag ? sizeof app_empty_etag - 1 :
		    v->etag.len;
	}
	rep->status = err ? o->status : v->status;
	if (v->kind == SITE_R_DOC_REDIRECT)
		rep->status = redirect ? (v->status / 100 == 3 ? v->status :
		    301) : 200;
	nm = !err && !redirect && rep->status / 100 == 2 &&
	    app_not_modified(q, v, etag, el);
	if (nm)
		rep->status = 304;
	if (redirect) {
		bool withq = v->flags & (SITE_F_QUERY | SITE_F_QUERY_MERGE);

		app_buf_str(&q->x, "Location: ");
		app_buf_query(&q->x, (const char *)v->location.p,
		    v->location.len, withq ? q->query : NULL,
		    withq ? q->query_len : 0,
		    (v->flags & SITE_F_QUERY_MERGE) != 0);
		app_buf_str(&q->x, "\r\n");
	}
	if (enc == SITE_ENC_GZIP && !nm)
		app_buf_str(&q->x, "Content-Encoding: gzip\r\n");
	else if (enc == SITE_ENC_BR && !nm)
		app_buf_str(&q->x, "Content-Encoding: br\r\n");
	app_lang_line(q, v, o);
	if (etag != NULL && q->req->method == HTTP_M_GET) {
		app_buf_str(&q->x, enc != SITE_ENC_ID ? "ETag: W/" : "ETag: ");
		app_buf_put(&q->x, etag, el);
		app_buf_str(&q->x, "\r\n");
	}
	if (o != NULL && o->noindex)
		app_buf_str(&q->x, "X-Robots-Tag: noindex, nofollow\r\n");
	app_expires(v, rep);
	rep->type = NULL;		/* the stored head has Content-Type */
	rep->head = (const char *)(nm ? v->head304.p : v->head.p);
	rep->head_len = nm ? v->head304.len : v->head.len;
	rep->body = redirect || nm ? "" : (const void *)v->body[enc].p;
	rep->len = redirect || nm ? 0 : v->body[enc].len;
	q->hold = true;
}

/* The e record for status, the locale's own first; RC_OK and *v. */
static int
app_error_record(struct app_req *q, int status, struct site_view *v)
{
	char s[4 + SITE_MAX_LOCALE];
	uint8_t key[8 + SITE_MAX_LOCALE];
	char host = q->host == APP_HOST_UNTRUSTED ? SITE_HOST_UNTRUSTED :
	    SITE_HOST_MAIN;
	const char *l = app_locale(q);
	size_t ll = strlen(l), kl;

	s[0] = (char)('0' + status / 100);
	s[1] = (char)('0' + status / 10 % 10);
	s[2] = (char)('0' + status % 10);
	if (ll < SITE_MAX_LOCALE) {
		memcpy(s + 3, l, ll);
		kl = site_key(key, sizeof key, SITE_NS_ERROR, host, s, 3 + ll);
		if (kl > 0 && app_lookup(q, key, kl, v) == RC_OK &&
		    v->kind == SITE_R_BODY)
			return RC_OK;
	}
	kl = site_key(key, sizeof key, SITE_NS_ERROR, host, s, 3);
	if (kl > 0 && app_lookup(q, key, kl, v) == RC_OK &&
	    v->kind == SITE_R_BODY)
		return RC_OK;
	return RC_NOTFOUND;
}

/* see internal.h */
void
app_send_error(struct app_req *q, int status, struct http_reply *rep)
{
	struct app_rec_opts o = { .status = status };
	struct site_view v;
	const char *body;

	memset(rep, 0, sizeof *rep);
	q->x.len = 0;
	q->x.over = false;
	q->hold = false;
	/* A 400 for the Host is Django's before any view: never the site's
	 * page, and the store is not touched for it. */
	if (status != 400 && app_error_record(q, status, &v) == RC_OK) {
		app_send_record(q, &v, &o, rep);
		return;
	}
	switch (status) {
	case 400:
		app_send_static(q, 400, APP_HTML, app_400, NULL, 0, rep);
		return;
	case 403:
		body = app_403;
		break;
	case 404:
		body = app_404;
		break;
	case 500:
		body = app_500;
		break;
	default:
		body = http_reason(status);
		break;
	}
	app_send_static(q, status, status == 404 || status == 403 ||
	    status == 500 ? APP_HTML : "text/plain; charset=utf-8", body,
	    APP_CC_NEVER, APP_K_NOW, rep);
}

/*
 * see internal.h.  The honeypot renders the 500 page but is cacheable,
 * so the page's body goes out without its stored head (whose
 * Cache-Control says never).
 */
void
app_send_miel(struct app_req *q, struct http_reply *rep)
{
	struct site_view v;

	if (app_error_record(q, 500, &v) == RC_OK) {
		app_send_static(q, 500, APP_HTML, "", APP_CC_SHARED(604800),
		    APP_K_VIEW, rep);
		rep->body = v.body[SITE_ENC_ID].p;
		rep->len = v.body[SITE_ENC_ID].len;
		q->hold = true;
		return;
	}
	app_send_static(q, 500, APP_HTML, app_500, APP_CC_SHARED(604800),
	    APP_K_VIEW, rep);
}

/* Lines of the computed-answer classes (spec 2, class D). */
static void
app_kind_lines(struct app_req *q, const char *cache, unsigned kind,
    struct http_reply *rep)
{
	if (cache != NULL)
		app_buf_str(&q->x, cache);
	if (kind & APP_K_VIEW) {
		app_buf_str(&q->x, APP_XFO_DENY "Content-Language: ");
		app_buf_str(&q->x, app_locale(q));
		app_buf_str(&q->x, "\r\n");
		/* ConditionalGetMiddleware's ETag of the empty body, on GET
		 * and unless no-store (never-cache, APP_K_NOW; spec 11.2). */
		if (q->req->method == HTTP_M_GET && !(kind & APP_K_NOW))
			app_buf_str(&q->x, "ETag: " APP_EMPTY_ETAG "\r\n");
	}
	if (kind & (APP_K_NOW | APP_K_12H)) {
		rep->expires = true;
		rep->expires_s = kind & APP_K_12H ? 43200 : 0;
	}
}

/* see internal.h */
void
app_send_redirect(struct app_req *q, int status, const char *cache,
    unsigned kind, struct http_reply *rep)
{
	if (q->loc.over) {	/* a Location longer than any head */
		app_send_error(q, 414, rep);
		return;
	}
	rep->status = status;
	rep->type = APP_HTML;
	rep->body = "";
	rep->len = 0;
	app_buf_str(&q->x, "Location: ");
	app_buf_put(&q->x, q->loc.p, q->loc.len);
	app_buf_str(&q->x, "\r\n");
	app_kind_lines(q, cache, kind, rep);
}

/* see internal.h */
void
app_send_static(struct app_req *q, int status, const char *type,
    const char *body, const char *lines, unsigned kind,
    struct http_reply *rep)
{
	rep->status = status;
	rep->type = type;
	rep->body = body;
	rep->len = strlen(body);
	app_kind_lines(q, lines, kind, rep);
}
