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
 * The wiki's list pages (tags, tag/{tag}, all, ...) come first, as
 * Kuma's non-document patterns did: whole stored answers, f m <path>.
 *
 * Interface: app_doc, app_mindtouch, app_sample.
 */
#define _GNU_SOURCE	/* memmem */
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
	{ "api", SITE_VIEW_RAW },	/* $api: the raw source (spec 3.5) */
};

/* The list pages (spec 3.5), by the slug they shadow, and those that
 * take a tag or flag after a '/'. */
static const char *const app_lists[] = {
	"tags", "all", "top-level", "without-parent", "with-errors",
	"needs-review", "localization-tag",
};
static const char *const app_lists_tag[] = {
	"tag/", "needs-review/", "localization-tag/",
};

/*
 * A list page at /{L}/docs/{s}, or APP_MISS (then s is a slug).  The
 * tag is matched without regard to ASCII case: the compiler stored it
 * folded (site_fold) and the asked one is folded alike, in a static
 * copy of the path.
 */
static enum app_done
app_list(struct app_req *q, const char *s, size_t n, struct http_reply *rep)
{
	static char path[SITE_MAX_KEY];
	size_t i, at, pl;

	for (i = 0; i < sizeof app_lists / sizeof app_lists[0]; i++)
		if (app_is(s, n, app_lists[i]))
			return app_record(q, SITE_NS_FILE, SITE_HOST_MAIN,
			    q->path, q->path_len, rep);
	for (i = 0; i < sizeof app_lists_tag / sizeof app_lists_tag[0]; i++)
		if (app_starts(s, n, app_lists_tag[i]) &&
		    n > strlen(app_lists_tag[i]))
			break;
	if (i == sizeof app_lists_tag / sizeof app_lists_tag[0])
		return APP_MISS;
	/* s lies inside q->path: the part before the tag stays as it is. */
	at = (size_t)(s - q->path) + strlen(app_lists_tag[i]);
	pl = q->path_len;
	if (pl > sizeof path)
		return APP_MISS;
	memcpy(path, q->path, at);
	site_fold(path + at, q->path + at, pl - at);
	return app_record(q, SITE_NS_FILE, SITE_HOST_MAIN, path, pl, rep);
}

/* Is p (at a '<') a heading's start tag: its level 1 to 6, else 0. */
static int
app_heading(const char *p, const char *end)
{
	if (end - p < 4 || (p[1] != 'h' && p[1] != 'H') || p[2] < '1' ||
	    p[2] > '6')
		return 0;
	if (p[3] != '>' && p[3] != ' ' && p[3] != '\t' && p[3] != '\n' &&
	    p[3] != '\r')
		return 0;
	return p[2] - '0';
}

/* Does the tag p..te say id="id" (or id='id')? */
static bool
app_tag_id(const char *p, const char *te, const char *id, size_t idn)
{
	const char *a;
	char qc;

	for (a = p + 3; (a = memmem(a, (size_t)(te - a), "id=", 3)) != NULL;
	    a += 3) {
		if (a[-1] != ' ' && a[-1] != '\t' && a[-1] != '\n' &&
		    a[-1] != '\r')
			continue;
		qc = a[3];
		if ((qc == '"' || qc == '\'') && (size_t)(te - a - 4) > idn &&
		    memcmp(a + 4, id, idn) == 0 && a[4 + idn] == qc)
			return true;
	}
	return false;
}

/*
 * ?section={id} (spec 3.5): narrow v's identity body to the heading
 * whose id is id, up to the next heading of its level or a higher one
 * (or the end), as Kuma's section filter cut it.  A pointer into the
 * record, no copy; the compressed bodies and the ETag go (a slice has
 * no stored hash: it is sent without one, so If-None-Match never
 * matches).  False when no heading has that id.
 */
static bool
app_section(struct site_view *v, const char *id, size_t idn)
{
	const char *b = (const char *)v->body[SITE_ENC_ID].p;
	const char *end = b + v->body[SITE_ENC_ID].len, *p, *te, *from = NULL;
	int lv, at = 0;

	if (idn == 0)
		return false;
	for (p = b; p < end && (p = memchr(p, '<', (size_t)(end - p))) != NULL;
	    p++) {
		if ((lv = app_heading(p, end)) == 0)
			continue;
		if (from != NULL) {
			if (lv <= at)
				break;
			continue;
		}
		if ((te = memchr(p, '>', (size_t)(end - p))) == NULL)
			break;
		if (app_tag_id(p, te, id, idn)) {
			from = p;
			at = lv;
		}
		p = te;
	}
	if (from == NULL)
		return false;
	v->body[SITE_ENC_ID].p = (const uint8_t *)from;
	v->body[SITE_ENC_ID].len = (size_t)((p != NULL && p < end ? p : end) -
	    from);
	v->body[SITE_ENC_GZIP].len = v->body[SITE_ENC_BR].len = 0;
	v->etag.len = 0;
	v->flags &= ~(uint32_t)SITE_F_ETAG;
	return true;
}

/* Views that a redirect document answers with its redirect, as ?raw. */
static bool
app_view_follows(const char *view)
{
	return strcmp(view, SITE_VIEW_RAW) == 0 ||
	    strcmp(view, SITE_VIEW_BODY) == 0 ||
	    strcmp(view, SITE_VIEW_SUMMARY) == 0 ||
	    strcmp(view, SITE_VIEW_SUMMARY_PAGE) == 0;
}

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
 * The page or one of its views, with the locale fallback (spec 3.5): a
 * miss in l is looked up in en-US; a translation into l under another
 * slug is a 302 there, else the en-US content is shown at the l URL.
 * HEAD gets its 404 at once, without the fallback, as Kuma's did.  sec:
 * ?section's id, or NULL.
 */
static enum app_done
app_doc_page(struct app_req *q, const char *l, const char *slug, size_t sl,
    const char *view, const struct app_span *sec, struct http_reply *rep)
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
		if (app_view_follows(view)) {
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
	if (rc == RC_OK && sec != NULL && v.kind == SITE_R_BODY &&
	    !app_section(&v, sec->p, sec->n))
		return APP_MISS;
	if (rc != RC_OK)
		app_send_error(q, 500, rep);
	else
		app_send_record(q, &v, &o, rep);
	return APP_DONE;
}

/*
 * The view of the page itself that the query asks (spec 3.5): ?raw the
 * source, with &macros the rendered fragment, with &summary the
 * summary; ?summary alone the page around its summary.  ?nomacros and
 * ?include are the page: it is stored rendered, and we keep no
 * noinclude markup to drop.  ?section is read with ?raw only (and by
 * $api): *sec, decoded into a static buffer.
 */
static const char *
app_doc_view(struct app_req *q, bool raw, struct app_span *sec, bool *has)
{
	static char id[SITE_MAX_SLUG];
	const char *v;
	size_t vn;

	*has = false;
	if (raw && app_query_get(q->query, q->query_len, "section", &v, &vn)) {
		*has = true;
		sec->p = id;
		sec->n = v != NULL ? app_form_decode(v, vn, id, sizeof id) : 0;
	}
	if (app_query_get(q->query, q->query_len, "summary", &v, &vn)) {
		*has = false;
		return raw ? SITE_VIEW_SUMMARY : SITE_VIEW_SUMMARY_PAGE;
	}
	if (!raw)
		return NULL;
	if (app_query_get(q->query, q->query_len, "macros", &v, &vn))
		return SITE_VIEW_BODY;
	return SITE_VIEW_RAW;
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
	const char *slash, *ml, *v, *view;
	bool raw = app_query_get(q->query, q->query_len, "raw", &v, &fl), has;
	struct site_view dv;
	struct app_span sec;

	fl = d != NULL ? n - sl - 1 : 0;
	if (sl == 0)
		return APP_MISS;
	if (app_list(q, s, n, rep) == APP_DONE)
		return APP_DONE;
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
	if (suf == NULL) {
		view = app_doc_view(q, raw, &sec, &has);
		return app_doc_page(q, l, s, sl, view, has ? &sec : NULL, rep);
	}
	for (i = 0; i < sizeof app_views / sizeof app_views[0]; i++)
		if (app_is(suf, fl, app_views[i][0]))
			break;
	if (i < sizeof app_views / sizeof app_views[0]) {
		/* $api?section= is the raw view's section. */
		(void)app_doc_view(q, app_is(suf, fl, "api"), &sec, &has);
		if (app_doc_page(q, l, s, sl, app_views[i][1], has ? &sec :
		    NULL, rep) == APP_DONE)
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
