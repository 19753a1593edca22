/*
 * route_doc.c: document URLs, /{L}/docs/{slug}[$suffix] (spec 3.5), the
 * live samples of the attachments domain (5.3), and the MindTouch
 * catch-all (3.7).
 *
 * A slug is everything up to the first '$' (Kuma's [^$]+), matched
 * without regard to ASCII case by the folded key.  Before a lookup the
 * URL is normalised as Kuma's process_document_path did, unless ?raw is
 * asked: a locale at the start of the slug moves into the prefix, a
 * trailing slash goes (both 301).  A page missing in its locale is
 * looked up once more in en-US (the fallback); that is the second and
 * last lookup of a request.
 *
 * Interface: app_doc, app_mindtouch, app_sample.
 */
#include <string.h>

#include "internal.h"

/* The suffixes of editing views: anonymous users go to sign in. */
static const char *const app_edit[] = {
	"edit", "translate", "locales", "move", "files", "delete", "restore",
	"purge", "repair_breadcrumbs", "quick-review", "subscribe",
	"subscribe_to_tree",
};

/* The stored views, by suffix. */
static const char *const app_views[][2] = {
	{ "json", SITE_VIEW_JSON }, { "children", SITE_VIEW_CHILDREN },
	{ "toc", SITE_VIEW_TOC }, { "history", SITE_VIEW_HISTORY },
};

/* q->loc += "/" l "/docs/" slug ["$" suffix] */
static void
app_loc_doc(struct app_req *q, const char *l, const char *slug, size_t sl,
    const char *suf, size_t fl)
{
	app_buf_str(&q->loc, "/");
	app_buf_str(&q->loc, l);
	app_buf_str(&q->loc, "/docs/");
	app_buf_url(&q->loc, slug, sl, APP_URL_PATH);
	if (suf != NULL) {
		app_buf_str(&q->loc, "$");
		app_buf_url(&q->loc, suf, fl, APP_URL_PATH);
	}
}

/* q->loc += "?" query, when there is one. */
static void
app_loc_query(struct app_req *q)
{
	if (q->query_len > 0) {
		app_buf_str(&q->loc, "?");
		app_buf_put(&q->loc, q->query, q->query_len);
	}
}

/* The translation into l listed in an en-US page's aux, or false. */
static bool
app_translation(const struct site_view *v, const char *l,
    struct app_span *slug)
{
	const char *p = (const char *)v->aux.p, *end = p + v->aux.len;
	const char *z1, *z2;

	for (; p < end; p = z2 + 1) {
		z1 = memchr(p, '\0', (size_t)(end - p));
		if (z1 == NULL)
			return false;
		z2 = memchr(z1 + 1, '\0', (size_t)(end - z1 - 1));
		if (z2 == NULL)
			return false;
		if (http_eq(p, (size_t)(z1 - p), l) && z2 > z1 + 1) {
			slug->p = z1 + 1;
			slug->n = (size_t)(z2 - z1 - 1);
			return true;
		}
	}
	return false;
}

/*
 * The page or its raw view, with the locale fallback (spec 3.5): a miss
 * in l is looked up in en-US; a translation into l under another slug
 * is a 302 there, else the en-US content is shown at the l URL.  HEAD
 * gets its 404 at once, without the fallback, as Kuma's did.
 */
static enum app_done
app_doc_page(struct app_req *q, const char *l, const char *slug, size_t sl,
    const char *view, struct http_reply *rep)
{
	struct app_rec_opts o = { 0 };
	struct site_view v;
	struct app_span t;
	const char *val;
	size_t vn;
	int rc;

	o.no_redirect = app_query_get(q->query, q->query_len, "redirect",
	    &val, &vn) && val != NULL && app_is(val, vn, "no");
	rc = app_lookup_doc(q, l, strlen(l), slug, sl, view, &v);
	/*
	 * A redirect document has no views of its own: ?raw of one is its
	 * redirect ("?raw" carried as "?raw="; spec 4.3), $children says it
	 * moved (3.5), the others are 404.  A view missing in a locale that
	 * has no page either takes a third lookup, its en-US fallback.
	 */
	if (rc == RC_NOTFOUND && view != NULL && app_lookup_doc(q, l,
	    strlen(l), slug, sl, NULL, &v) == RC_OK) {
		if (v.kind != SITE_R_DOC_REDIRECT)
			return APP_MISS;
		if (strcmp(view, SITE_VIEW_RAW) == 0) {
			app_send_record(q, &v, &o, rep);
			return APP_DONE;
		}
		if (strcmp(view, SITE_VIEW_CHILDREN) != 0)
			return APP_MISS;
		if (app_method_ok(q, SITE_M_GET, NULL, rep))
			app_send_static(q, 200, "application/json",
			    "{\"error\": \"Document has moved.\"}",
			    APP_CC_SHARED(300), APP_K_VIEW, rep);
		return APP_DONE;
	}
	if (rc == RC_NOTFOUND && q->req->method != HTTP_M_HEAD &&
	    strcmp(l, "en-US") != 0) {
		rc = app_lookup_doc(q, "en-US", 5, slug, sl, view, &v);
		if (rc == RC_OK && view == NULL && app_translation(&v, l, &t)) {
			app_loc_doc(q, l, t.p, t.n, NULL, 0);
			app_loc_query(q);
			app_send_redirect(q, 302, APP_CC_SHARED(300),
			    APP_K_VIEW, rep);
			return APP_DONE;
		}
		o.lang = l;
		o.noindex = true;
	}
	/* Kuma's pages said "noindex, nofollow" on every host but the main
	 * one; our stored body is the main host's, so an alias says it in a
	 * header instead (a choice: one body per page, not one per host). */
	if (q->host == APP_HOST_ALIAS)
		o.noindex = true;
	if (rc == RC_NOTFOUND)
		return APP_MISS;
	if (rc != RC_OK)
		app_send_error(q, 500, rep);
	else
		app_send_record(q, &v, &o, rep);
	return APP_DONE;
}

/* An editing view: 302 to sign in, never cached (spec 3.5). */
static enum app_done
app_doc_edit(struct app_req *q, const char *l, const char *suf, size_t fl,
    struct http_reply *rep)
{
	/* $subscribe and $subscribe_to_tree answer POST only. */
	if (app_starts(suf, fl, "subscribe") &&
	    q->req->method != HTTP_M_POST) {
		app_send_static(q, 405, APP_HTML, "", "Allow: POST\r\n", 0,
		    rep);
		return APP_DONE;
	}
	app_buf_str(&q->loc, "/");
	app_buf_str(&q->loc, l);
	app_buf_str(&q->loc, "/users/signin?next=");
	app_buf_url(&q->loc, q->path, q->path_len, APP_URL_QUOTE);
	app_send_redirect(q, 302, APP_CC_NEVER, APP_K_VIEW | APP_K_NOW, rep);
	return APP_DONE;
}

static bool
app_is_edit(const char *suf, size_t fl)
{
	size_t i;

	for (i = 0; i < sizeof app_edit / sizeof app_edit[0]; i++)
		if (app_is(suf, fl, app_edit[i]))
			return true;
	if (!app_starts(suf, fl, "revert/") || fl == 7)
		return false;
	for (i = 7; i < fl; i++)
		if (suf[i] < '0' || suf[i] > '9')
			return false;
	return true;
}

/*
 * $samples/{sample}/files/{id}/{name}: 302 to the attachment on the
 * attachments domain, from either domain (spec 5.3).  False when s
 * (after "samples/") is not of that shape.
 */
static bool
app_sample_file(struct app_req *q, const char *s, size_t n,
    struct http_reply *rep)
{
	const char *f;
	struct app_span id, name;

	for (f = s; (f = memchr(f, '/', (size_t)(s + n - f))) != NULL; f++)
		if (f > s && app_files_path(f, (size_t)(s + n - f), "/files/",
		    "/", &id, &name))
			break;
	if (f == NULL)
		return false;
	app_loc_att(q, &id, name.p, name.n);
	app_send_redirect(q, 302, "Cache-Control: public, max-age=432000\r\n",
	    APP_K_VIEW, rep);
	return true;
}

/* see internal.h */
enum app_done
app_doc(struct app_req *q, const char *l, const char *s, size_t n,
    struct http_reply *rep)
{
	const char *d = memchr(s, '$', n), *suf = d != NULL ? d + 1 : NULL;
	size_t sl = d != NULL ? (size_t)(d - s) : n, fl, i;
	const char *slash, *ml, *v;
	bool raw = app_query_get(q->query, q->query_len, "raw", &v, &fl);
	struct site_view dv;

	fl = d != NULL ? n - sl - 1 : 0;
	if (sl == 0)
		return APP_MISS;
	/* A document redirect published for the path as it is (the content
	 * repository's _redirects.txt has rules from "Foo/" and from
	 * "/en-US/docs/en-US/Foo") goes before the two normalisations
	 * below: one more lookup, on such paths only. */
	slash = memchr(s, '/', sl);
	if (!raw && suf == NULL && (s[sl - 1] == '/' || (slash != NULL &&
	    app_locale_in_slug(s, (size_t)(slash - s)) != NULL)) &&
	    app_lookup_doc(q, l, strlen(l), s, sl, NULL, &dv) == RC_OK &&
	    dv.kind == SITE_R_DOC_REDIRECT) {
		app_send_record(q, &dv, NULL, rep);
		return APP_DONE;
	}
	if (!raw && slash != NULL &&
	    (ml = app_locale_in_slug(s, (size_t)(slash - s))) != NULL) {
		/* /en-US/docs/fr/Web -> /fr/docs/Web; nothing left: 404 */
		sl -= (size_t)(slash - s) + 1;
		if (sl == 0)
			return APP_MISS;
		app_loc_doc(q, ml, slash + 1, sl, suf, fl);
		app_loc_query(q);
		app_send_redirect(q, 301, NULL, APP_K_VIEW, rep);
		return APP_DONE;
	}
	/* Answered as SlashMiddleware's are: no X-Frame-Options (9.2). */
	if (!raw && s[sl - 1] == '/') {
		app_loc_doc(q, l, s, sl - 1, suf, fl);
		app_loc_query(q);
		app_send_redirect(q, 301, NULL, 0, rep);
		return APP_DONE;
	}
	if (suf == NULL)
		return app_doc_page(q, l, s, sl, raw ? SITE_VIEW_RAW : NULL,
		    rep);
	for (i = 0; i < sizeof app_views / sizeof app_views[0]; i++)
		if (app_is(suf, fl, app_views[i][0]))
			break;
	if (i < sizeof app_views / sizeof app_views[0]) {
		if (app_doc_page(q, l, s, sl, app_views[i][1], rep) == APP_DONE)
			return APP_DONE;
		if (strcmp(app_views[i][1], SITE_VIEW_CHILDREN) != 0)
			return APP_MISS;
		/* Kuma's $children answers a missing document with 200
		 * (spec 3.5). */
		if (app_method_ok(q, SITE_M_GET, NULL, rep))
			app_send_static(q, 200, "application/json",
			    "{\"error\": \"Document does not exist.\"}",
			    APP_CC_SHARED(300), APP_K_VIEW, rep);
		return APP_DONE;
	}
	if (app_is_edit(suf, fl))
		return app_doc_edit(q, l, suf, fl, rep);
	if (app_starts(suf, fl, "samples/") && fl > 8) {
		if (!app_sample_file(q, suf + 8, fl - 8, rep))
			app_send_error(q, 403, rep);	/* main domain */
		return APP_DONE;
	}
	return APP_MISS;
}

/* see internal.h */
enum app_done
app_sample(struct app_req *q, const char *l, const char *s, size_t n,
    struct http_reply *rep)
{
	static const char mark[] = "$samples/";
	const char *d = memchr(s, '$', n), *id;
	uint8_t key[SITE_MAX_KEY];
	size_t sl, idn, kl;
	struct site_view v;
	int rc;

	if (d == NULL || d == s || !app_starts(d, (size_t)(s + n - d), mark) ||
	    (size_t)(s + n - d) == sizeof mark - 1)
		return APP_MISS;
	sl = (size_t)(d - s);
	id = d + sizeof mark - 1;
	idn = (size_t)(s + n - id);
	if (app_sample_file(q, id, idn, rep))
		return APP_DONE;
	if (memchr(id, '/', idn) != NULL)
		return APP_MISS;
	kl = site_key_sample(key, sizeof key, l, strlen(l), s, sl, id, idn);
	if (kl == 0 || (rc = app_lookup(q, key, kl, &v)) == RC_NOTFOUND)
		return APP_MISS;
	if (rc != RC_OK)
		app_send_error(q, 500, rep);
	else
		app_send_record(q, &v, NULL, rep);
	return APP_DONE;
}

/* MINDTOUCH_NAMESPACES */
static const char *const app_mt_ns[] = {
	"Help", "Help_talk", "Project", "Project_talk", "Special", "Talk",
	"Template", "Template_talk", "User", "User_talk",
};

/* q->loc += "$" view when ?view= was asked (spec 3.7). */
static void
app_loc_view(struct app_req *q)
{
	const char *v;
	size_t vn;

	if (app_query_get(q->query, q->query_len, "view", &v, &vn) &&
	    v != NULL) {
		app_buf_str(&q->loc, "$");
		app_buf_put(&q->loc, v, vn);
	}
}

/* {ns}:{slug}: 301 into the wiki, or 404 (spec 3.7). */
static enum app_done
app_mt_namespace(struct app_req *q, const char *l, const char *ns,
    size_t nsl, const char *s, size_t n, struct http_reply *rep)
{
	const char *slash;

	if (app_is(ns, nsl, "Template") && app_starts(s, n, "MindTouch"))
		return APP_MISS;
	/* These carried the old MindTouch locale: it goes. */
	if (app_is(ns, nsl, "Talk") || app_is(ns, nsl, "Project") ||
	    app_is(ns, nsl, "Project_talk")) {
		slash = memchr(s, '/', n);
		n = slash != NULL ? (size_t)(s + n - slash - 1) : 0;
		s = slash != NULL ? slash + 1 : s;
	}
	app_buf_str(&q->loc, "/");
	app_buf_str(&q->loc, l);
	app_buf_str(&q->loc, "/docs/");
	app_buf_url(&q->loc, ns, nsl, APP_URL_PATH);
	app_buf_str(&q->loc, ":");
	app_buf_url(&q->loc, s, n, APP_URL_PATH);
	app_loc_view(q);
	app_send_redirect(q, 301, APP_CC_SHARED(2592000), APP_K_VIEW, rep);
	return APP_DONE;
}

/* see internal.h */
enum app_done
app_mindtouch(struct app_req *q, const char *l, const char *s, size_t n,
    struct http_reply *rep)
{
	const char *colon = memchr(s, ':', n), *name, *slash;
	struct site_view v;
	size_t i, nn;
	int rc;

	for (i = 0; colon != NULL && i < sizeof app_mt_ns / sizeof
	    app_mt_ns[0]; i++)
		if (app_is(s, (size_t)(colon - s), app_mt_ns[i]))
			return app_mt_namespace(q, l, s, (size_t)(colon - s),
			    colon + 1, (size_t)(s + n - colon - 1), rep);
	rc = app_lookup_doc(q, l, strlen(l), s, n, NULL, &v);
	if (rc == RC_NOTFOUND)
		return APP_MISS;
	if (rc != RC_OK) {
		app_send_error(q, 500, rep);
		return APP_DONE;
	}
	/* The document's own URL: its name is "locale/slug". */
	name = (const char *)v.name.p;
	nn = v.name.len;
	slash = nn > 0 ? memchr(name, '/', nn) : NULL;
	if (slash != NULL)
		app_loc_doc(q, l, slash + 1, (size_t)(name + nn - slash - 1),
		    NULL, 0);
	else
		app_loc_doc(q, l, s, n, NULL, 0);
	app_loc_view(q);
	app_send_redirect(q, 301, APP_CC_SHARED(2592000), APP_K_VIEW, rep);
	return APP_DONE;
}
