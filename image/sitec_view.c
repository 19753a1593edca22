/*
 * sitec_view.c: one page's records (spec 3.5, 12.1, 12.4): the page view
 * (a whole HTML document of ours), ?raw, ?raw&macros, ?summary,
 * ?raw&summary, $json, $children, $toc, $history and the beta API.
 *
 * Design: each view is a finished response: its head lines (the shared
 * or never cache, X-Frame-Options, X-Robots-Tag, ACAO as the spec gives
 * each) and its body, compressed where it is text.  $children is stored
 * at Kuma's deepest, 5 levels, and does not vary with ?depth.
 *
 * Interface: sitec_page_write, sitec_page_path, sitec_layout_start,
 * sitec_layout_end.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sitec_int.h"

#define SITEC_CHILD_DEPTH	5	/* Kuma's largest $children depth */
#define SITEC_SUMMARY_MAX	500	/* bytes of an SEO summary */

/* A small stylesheet inline: one request per page, nothing to fetch. */
static const char style[] =
    "body{margin:0 auto;max-width:52rem;padding:0 1rem;"
    "font:16px/1.55 system-ui,sans-serif;color:#1b1b1b}"
    "header,footer{padding:.6rem 0;border:0 solid #ccc}"
    "header{border-bottom-width:1px}"
    "footer{border-top-width:1px;font-size:.85rem;color:#555}"
    "nav.crumbs ol{list-style:none;padding:0;font-size:.9rem}"
    "nav.crumbs li{display:inline}nav.crumbs li+li:before{content:' » '}"
    "pre,code{background:#f2f2f2;font-family:ui-monospace,monospace}"
    "pre{padding:.6rem;overflow:auto}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;"
    "padding:.2rem .5rem}";

static bool
rtl(const char *locale)
{
	return strcmp(locale, "ar") == 0 || strcmp(locale, "fa") == 0 ||
	    strcmp(locale, "he") == 0;
}

/* see sitec_int.h */
void
sitec_page_path(struct sitec_buf *b, const struct sitec_page *p)
{
	sitec_buf_printf(b, "/%s/docs/", p->locale);
	sitec_buf_url(b, p->slug, strlen(p->slug));
}

/* see sitec_int.h */
void
sitec_layout_start(struct sitec *sc, struct sitec_buf *b, const char *locale,
    const char *title, size_t title_len, bool noindex,
    const struct sitec_buf *head_extra)
{
	sitec_buf_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\" dir=\"%s\">\n"
	    "<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n"
	    "<meta name=\"robots\" content=\"%s\">\n<title>", locale,
	    rtl(locale) ? "rtl" : "ltr",
	    noindex ? "noindex, nofollow" : "index, follow");
	sitec_buf_html(b, title, title_len);
	sitec_buf_printf(b, " | MDN</title>\n<link rel=\"search\" "
	    "type=\"application/opensearchdescription+xml\" href=\"%s/%s/"
	    "search/xml\" title=\"MDN Web Docs\">\n", sc->site_url, locale);
	if (head_extra != NULL)
		sitec_buf_add(b, head_extra->p, head_extra->len);
	sitec_buf_printf(b, "<style>%s</style>\n</head>\n<body>\n<header><a "
	    "href=\"/%s/\">MDN Web Docs</a></header>\n", style, locale);
}

/* see sitec_int.h */
void
sitec_layout_end(struct sitec *sc, struct sitec_buf *b, const char *locale)
{
	(void)sc;
	sitec_buf_printf(b, "<footer>Content by Mozilla contributors, "
	    "CC-BY-SA 2.5. <a href=\"/%s/\">%s</a></footer>\n</body>\n"
	    "</html>\n", locale, sitec_locale_name(locale));
}

/* A body of p (its own, or its summary) with relative <img src> of
 * files next to the page pointed at the attachments domain
 * (sitec_attachment_url). */
static void
body_imgs(struct sitec *sc, struct sitec_buf *b, const struct sitec_page *p,
    const char *body, size_t len)
{
	const char *s = body, *e = body + len, *t, *te, *v;
	const char *url;
	char *name;
	size_t n;

	while ((t = memmem(s, (size_t)(e - s), "<img", 4)) != NULL) {
		te = memchr(t, '>', (size_t)(e - t));
		if (te == NULL)
			break;
		v = memmem(t, (size_t)(te - t), " src=\"", 6);
		if (v == NULL) {
			sitec_buf_add(b, s, (size_t)(te - s));
			s = te;
			continue;
		}
		v += 6;
		n = strcspn(v, "\"");
		sitec_buf_add(b, s, (size_t)(v - s));
		s = v;
		if (n == 0 || v + n > te || v[0] == '/' || v[0] == '#' ||
		    memchr(v, ':', n) != NULL)
			continue;
		if ((name = strndup(v + (strncmp(v, "./", 2) == 0 ? 2 : 0),
		    n - (strncmp(v, "./", 2) == 0 ? 2 : 0))) == NULL)
			sitec_fail(sc, p->file, 0, "out of memory");
		if ((url = sitec_attachment_url(sc, p->rel_dir, name)) != NULL) {
			sitec_buf_html(b, url, strlen(url));
			s = v + n;
		}
		free(name);
	}
	sitec_buf_add(b, s, (size_t)(e - s));
}

/* The page view's HTML, around body (p's own, or its summary). */
static void
page_html(struct sitec *sc, struct sitec_buf *b, const struct sitec_page *p,
    const char *body, size_t len)
{
	struct sitec_buf extra = { 0 };
	const struct sitec_page *a, *chain[64];
	struct sitec_page *const *tr;
	size_t i, n = 0, ntr;

	sitec_buf_printf(&extra, "<link rel=\"canonical\" href=\"%s",
	    sc->site_url);
	sitec_page_path(&extra, p);
	sitec_buf_str(&extra, "\">\n");
	sitec_layout_start(sc, b, p->locale, p->title, strlen(p->title),
	    p->noindex, &extra);
	for (a = p->parent; a != NULL && n < 64; a = a->parent)
		chain[n++] = a;
	if (n > 0) {
		sitec_buf_str(b, "<nav class=\"crumbs\"><ol>");
		while (n-- > 0) {
			sitec_buf_str(b, "<li><a href=\"");
			sitec_page_path(b, chain[n]);
			sitec_buf_str(b, "\">");
			sitec_buf_html(b, chain[n]->title,
			    strlen(chain[n]->title));
			sitec_buf_str(b, "</a></li>");
		}
		sitec_buf_str(b, "<li>");
		sitec_buf_html(b, p->title, strlen(p->title));
		sitec_buf_str(b, "</li></ol></nav>\n");
	}
	sitec_buf_str(b, "<main id=\"content\"><article>\n<h1>");
	sitec_buf_html(b, p->title, strlen(p->title));
	sitec_buf_str(b, "</h1>\n");
	body_imgs(sc, b, p, body, len);
	if (len > 0 && body[len - 1] != '\n')
		sitec_buf_str(b, "\n");
	sitec_buf_str(b, "</article></main>\n");
	/* An en-US page lists its translations; a translation lists en-US
	 * and the other translations of it. */
	tr = p->en != NULL ? p->en->trans : p->trans;
	ntr = p->en != NULL ? p->en->ntrans : p->ntrans;
	if (p->en != NULL || ntr > 0) {
		sitec_buf_str(b, "<aside class=\"translations\"><h2>In other "
		    "languages</h2><ul>");
		for (i = 0; i <= ntr; i++) {
			a = i == ntr ? p->en : tr[i];
			if (a == NULL || a == p)
				continue;
			sitec_buf_str(b, "<li><a href=\"");
			sitec_page_path(b, a);
			sitec_buf_printf(b, "\" hreflang=\"%s\" lang=\"%s\">"
			    "%s</a></li>", a->locale, a->locale,
			    sitec_locale_name(a->locale));
		}
		sitec_buf_str(b, "</ul></aside>\n");
	}
	sitec_layout_end(sc, b, p->locale);
	sitec_buf_free(&extra);
}

/* The translations of p as "locale\0slug\0"... for the page's aux. */
static void
page_aux(struct sitec_buf *b, const struct sitec_page *p)
{
	struct sitec_page *const *tr = p->en != NULL ? p->en->trans : p->trans;
	size_t i, ntr = p->en != NULL ? p->en->ntrans : p->ntrans;
	const struct sitec_page *a;

	for (i = 0; i <= ntr; i++) {
		a = i == ntr ? p->en : tr[i];
		if (a == NULL || a == p)
			continue;
		sitec_buf_add(b, a->locale, strlen(a->locale) + 1);
		sitec_buf_add(b, a->slug, strlen(a->slug) + 1);
	}
}

/* Put one view of p: key (p, view), the head and body given. */
static void
put_view_z(struct sitec *sc, const struct sitec_page *p, const char *view,
    const struct sitec_buf *head, const struct sitec_buf *body,
    uint32_t flags, enum site_methods methods, const struct sitec_buf *aux,
    bool compress)
{
	struct site_view v = { .kind = SITE_R_BODY, .status = 200,
	    .flags = flags, .methods = methods };
	struct sitec_buf name = { 0 };
	uint8_t key[SITE_MAX_KEY];
	size_t kl;

	kl = site_key_doc(key, sizeof key, p->locale, strlen(p->locale),
	    p->slug, strlen(p->slug), view);
	if (kl == 0)
		sitec_fail(sc, p->file, 0, "slug too long for its %s key",
		    view != NULL ? view : "page");
	sitec_buf_printf(&name, "%s/%s", p->locale, p->slug);
	v.head = sitec_bytes(head->p, head->len);
	v.lang = sitec_bytes(p->locale, strlen(p->locale));
	v.name = sitec_bytes(name.p, name.len);
	if (aux != NULL)
		v.aux = sitec_bytes(aux->p, aux->len);
	v.body[SITE_ENC_ID] = sitec_bytes(body->p, body->len);
	sitec_put(sc, key, kl, &v, compress);
	sitec_buf_free(&name);
}

static void
put_view(struct sitec *sc, const struct sitec_page *p, const char *view,
    const struct sitec_buf *head, const struct sitec_buf *body,
    uint32_t flags, enum site_methods methods, const struct sitec_buf *aux)
{
	put_view_z(sc, p, view, head, body, flags, methods, aux, true);
}

/* A redirect document's page key: 301 to its target with the query
 * merged, or with ?redirect=no the page itself (spec 4.3). */
static void
put_doc_redirect(struct sitec *sc, const struct sitec_page *p,
    const struct sitec_buf *head, const struct sitec_buf *body)
{
	struct site_view v = { .kind = SITE_R_DOC_REDIRECT, .status = 301,
	    .flags = SITE_F_QUERY_MERGE | SITE_F_ETAG | SITE_F_LANG,
	    .methods = SITE_M_DOC };
	struct sitec_buf name = { 0 }, loc = { 0 };

	sitec_buf_url(&loc, p->redirect, strlen(p->redirect));
	sitec_buf_printf(&name, "%s/%s", p->locale, p->slug);
	v.head = sitec_bytes(head->p, head->len);
	v.etag = sitec_bytes(SITEC_EMPTY_ETAG, strlen(SITEC_EMPTY_ETAG));
	v.location = sitec_bytes(loc.p, loc.len);
	v.lang = sitec_bytes(p->locale, strlen(p->locale));
	v.name = sitec_bytes(name.p, name.len);
	v.body[SITE_ENC_ID] = sitec_bytes(body->p, body->len);
	sitec_put(sc, p->key, p->key_len, &v, true);
	sitec_buf_free(&name);
	sitec_buf_free(&loc);
}

/* A JSON array of the NUL-separated strings in s[0..n). */
static void
json_list(struct sitec_buf *b, const char *s, size_t n)
{
	const char *e = s + n;
	bool first = true;

	sitec_buf_str(b, "[");
	for (; s != NULL && s < e; s += strlen(s) + 1) {
		if (!first)
			sitec_buf_str(b, ", ");
		sitec_buf_json(b, s, strlen(s));
		first = false;
	}
	sitec_buf_str(b, "]");
}

static void
json_date(struct sitec_buf *b, int64_t t)
{
	char iso[32];

	if (t == 0) {
		sitec_buf_str(b, "null");
		return;
	}
	sitec_fmt_iso(iso, t);
	sitec_buf_printf(b, "\"%s\"", iso);
}

/* A uuid-shaped, stable name of the page. */
static void
json_uuid(struct sitec_buf *b, const struct sitec_page *p)
{
	char e[35];

	sitec_etag(e, p->key, p->key_len);
	sitec_buf_printf(b, "\"%.8s-%.4s-4%.3s-a%.3s-%.12s\"", e + 1, e + 9,
	    e + 13, e + 16, e + 19);
}

/* The $json object of p (spec 3.5); summary given. */
static void
page_json(struct sitec *sc, struct sitec_buf *b, const struct sitec_page *p,
    const struct sitec_buf *summary, const struct sitec_buf *sections,
    bool nested)
{
	struct sitec_page *const *tr = p->en != NULL ? p->en->trans : p->trans;
	size_t i, ntr = p->en != NULL ? p->en->ntrans : p->ntrans;
	const struct sitec_page *a;
	bool first = true;

	sitec_buf_str(b, "{\"title\": ");
	sitec_buf_json(b, p->title, strlen(p->title));
	sitec_buf_str(b, ", \"label\": ");
	sitec_buf_json(b, p->title, strlen(p->title));
	sitec_buf_str(b, ", \"url\": \"");
	sitec_page_path(b, p);
	sitec_buf_printf(b, "\", \"id\": %u, \"uuid\": ", p->id);
	json_uuid(b, p);
	sitec_buf_str(b, ", \"slug\": ");
	sitec_buf_json(b, p->slug, strlen(p->slug));
	sitec_buf_str(b, ", \"tags\": ");
	json_list(b, p->tags, p->tags_len);
	sitec_buf_str(b, ", \"review_tags\": [], \"localization_tags\": []");
	if (sections != NULL) {
		sitec_buf_str(b, ", \"sections\": ");
		sitec_buf_add(b, sections->p, sections->len);
	}
	sitec_buf_printf(b, ", \"locale\": \"%s\", \"summary\": ", p->locale);
	sitec_buf_json(b, summary->p, summary->len);
	if (!nested) {
		sitec_buf_str(b, ", \"translations\": [");
		for (i = 0; i <= ntr; i++) {
			struct sitec_buf s = { 0 };

			a = i == ntr ? p->en : tr[i];
			if (a == NULL || a == p)
				continue;
			sitec_html_summary(&s, a->body, a->body_len,
			    SITEC_SUMMARY_MAX);
			if (!first)
				sitec_buf_str(b, ", ");
			page_json(sc, b, a, &s, NULL, true);
			sitec_buf_free(&s);
			first = false;
		}
		sitec_buf_str(b, "], \"modified\": ");
		json_date(b, p->modified);
		sitec_buf_str(b, ", \"json_modified\": ");
		json_date(b, p->modified);
	}
	sitec_buf_str(b, ", \"last_edit\": ");
	json_date(b, p->modified);
	sitec_buf_str(b, "}");
}

/* $children: {title, slug, locale, url, subpages: [...]}, depth levels. */
static void
page_children(struct sitec_buf *b, const struct sitec_page *p, int depth)
{
	size_t i;

	sitec_buf_str(b, "{\"title\": ");
	sitec_buf_json(b, p->title, strlen(p->title));
	sitec_buf_str(b, ", \"slug\": ");
	sitec_buf_json(b, p->slug, strlen(p->slug));
	sitec_buf_printf(b, ", \"locale\": \"%s\", \"url\": \"", p->locale);
	sitec_page_path(b, p);
	sitec_buf_str(b, "\", \"subpages\": [");
	for (i = 0; depth > 0 && i < p->nkids; i++) {
		if (i > 0)
			sitec_buf_str(b, ", ");
		page_children(b, p->kids[i], depth - 1);
	}
	sitec_buf_str(b, "]}");
}

/* $history: our page with the last change and the contributors. */
static void
page_history(struct sitec *sc, struct sitec_buf *b, const struct sitec_page *p)
{
	const char *c;
	char iso[32];

	sitec_layout_start(sc, b, p->locale, p->title, strlen(p->title), true,
	    NULL);
	sitec_buf_str(b, "<main id=\"content\"><h1>History of <a href=\"");
	sitec_page_path(b, p);
	sitec_buf_str(b, "\">");
	sitec_buf_html(b, p->title, strlen(p->title));
	sitec_buf_str(b, "</a></h1>\n<ul class=\"history\">\n");
	if (p->modified != 0) {
		sitec_fmt_iso(iso, p->modified);
		sitec_buf_printf(b, "<li>Last modified <time datetime=\"%s\">"
		    "%s</time></li>\n", iso, iso);
	}
	sitec_buf_str(b, "</ul>\n<h2>Contributors</h2>\n<ul class=\"contributors\">\n");
	for (c = p->contributors; c != NULL && c < p->contributors +
	    p->contrib_len; c += strlen(c) + 1) {
		sitec_buf_str(b, "<li>");
		sitec_buf_html(b, c, strlen(c));
		sitec_buf_str(b, "</li>\n");
	}
	sitec_buf_str(b, "</ul>\n</main>\n");
	sitec_layout_end(sc, b, p->locale);
}

/* The Quick_links sidebar of a rendered body, or nothing. */
static void
quick_links(struct sitec_buf *b, const struct sitec_page *p)
{
	const char *s = memmem(p->body, p->body_len, "<section class=\"Quick_links\"",
	    28), *e;

	if (s == NULL)
		return;
	e = memmem(s, (size_t)(p->body + p->body_len - s), "</section>", 10);
	if (e != NULL)
		sitec_buf_add(b, s, (size_t)(e + 10 - s));
}

/* The beta API document (spec 12.4). */
static void
page_api(struct sitec *sc, struct sitec_buf *b, const struct sitec_page *p,
    const struct sitec_buf *summary, const struct sitec_buf *toc)
{
	struct sitec_page *const *tr = p->en != NULL ? p->en->trans : p->trans;
	size_t i, ntr = p->en != NULL ? p->en->ntrans : p->ntrans, n = 0;
	const struct sitec_page *a, *chain[64];
	struct sitec_buf ql = { 0 };
	bool first = true;

	sitec_buf_printf(b, "{\"documentData\": {\"locale\": \"%s\", "
	    "\"slug\": ", p->locale);
	sitec_buf_json(b, p->slug, strlen(p->slug));
	sitec_buf_str(b, ", \"enSlug\": ");
	a = strcmp(p->locale, "en-US") == 0 ? p : p->en;
	if (a != NULL)
		sitec_buf_json(b, a->slug, strlen(a->slug));
	else
		sitec_buf_str(b, "null");
	sitec_buf_printf(b, ", \"id\": %u, \"title\": ", p->id);
	sitec_buf_json(b, p->title, strlen(p->title));
	sitec_buf_str(b, ", \"summary\": ");
	sitec_buf_json(b, summary->p, summary->len);
	sitec_buf_printf(b, ", \"language\": \"%s\", \"hrefLang\": \"%s\", "
	    "\"absoluteURL\": \"", sitec_locale_name(p->locale), p->locale);
	sitec_page_path(b, p);
	sitec_buf_printf(b, "\", \"editURL\": \"%s", sc->site_url);
	sitec_page_path(b, p);
	sitec_buf_str(b, "$edit\", \"bodyHTML\": ");
	sitec_buf_json(b, p->body, p->body_len);
	quick_links(&ql, p);
	sitec_buf_str(b, ", \"quickLinksHTML\": ");
	sitec_buf_json(b, ql.len ? ql.p : "", ql.len);
	sitec_buf_str(b, ", \"tocHTML\": ");
	sitec_buf_json(b, toc->len ? toc->p : "", toc->len);
	sitec_buf_str(b, ", \"parents\": [");
	for (a = p->parent; a != NULL && n < 64; a = a->parent)
		chain[n++] = a;
	for (i = n; i-- > 0;) {
		sitec_buf_str(b, i + 1 < n ? ", {\"url\": \"" : "{\"url\": \"");
		sitec_page_path(b, chain[i]);
		sitec_buf_str(b, "\", \"title\": ");
		sitec_buf_json(b, chain[i]->title, strlen(chain[i]->title));
		sitec_buf_str(b, "}");
	}
	sitec_buf_str(b, "], \"translations\": [");
	for (i = 0; i <= ntr; i++) {
		a = i == ntr ? p->en : tr[i];
		if (a == NULL || a == p)
			continue;
		sitec_buf_printf(b, "%s{\"language\": \"%s\", \"hrefLang\": "
		    "\"%s\", \"localizedLanguage\": \"%s\", \"locale\": \"%s\", "
		    "\"url\": \"", first ? "" : ", ",
		    sitec_locale_name(a->locale), a->locale,
		    sitec_locale_name(a->locale), a->locale);
		sitec_page_path(b, a);
		sitec_buf_str(b, "\", \"title\": ");
		sitec_buf_json(b, a->title, strlen(a->title));
		sitec_buf_str(b, "}");
		first = false;
	}
	sitec_buf_str(b, "], \"contributors\": ");
	json_list(b, p->contributors, p->contrib_len);
	sitec_buf_str(b, ", \"lastModified\": ");
	json_date(b, p->modified);
	sitec_buf_str(b, ", \"lastModifiedBy\": ");
	if (p->ncontrib > 0)
		sitec_buf_json(b, p->contributors, strlen(p->contributors));
	else
		sitec_buf_str(b, "null");
	sitec_buf_str(b, "}, \"redirectURL\": null}");
	sitec_buf_free(&ql);
}

/* see sitec_int.h */
void
sitec_page_write(struct sitec *sc, struct sitec_page *p)
{
	struct sitec_buf h = { 0 }, b = { 0 }, aux = { 0 }, sum = { 0 };
	struct sitec_buf toc = { 0 }, sec = { 0 }, text = { 0 };

	page_html(sc, &b, p, p->body, p->body_len);
	page_aux(&aux, p);
	sitec_buf_printf(&h, SITEC_TYPE_HTML SITEC_CC_SHARED(300)
	    "Vary: Cookie\r\n" SITEC_XFO_DENY SITEC_ACAO "X-kuma-revision: "
	    "%u\r\n", p->rev);
	if (p->redirect != NULL) {
		/* No views: the request path finds the page record and
		 * follows it (?raw, $json, api), or says it moved. */
		put_doc_redirect(sc, p, &h, &b);
		sitec_buf_free(&h);
		sitec_buf_free(&b);
		sitec_buf_free(&aux);
		return;
	}
	put_view(sc, p, NULL, &h, &b, SITE_F_ETAG | SITE_F_LANG, SITE_M_DOC,
	    &aux);

	h.len = b.len = 0;
	sitec_buf_printf(&h, SITEC_TYPE_HTML SITEC_CC_SHARED(300)
	    "X-Frame-Options: Allow\r\n" SITEC_NOINDEX "X-kuma-revision: "
	    "%u\r\n", p->rev);
	if (p->raw != NULL)
		sitec_buf_add(&b, p->raw, p->raw_len);
	else
		sitec_buf_add(&b, p->body, p->body_len);
	put_view(sc, p, SITE_VIEW_RAW, &h, &b, SITE_F_ETAG | SITE_F_LANG,
	    SITE_M_DOC, NULL);

	/* ?raw&macros: the rendered fragment, as the page shows it; the
	 * raw view's head.  Stored as it is, not compressed: the form is
	 * rare (an API of Kuma's editors), and brotli on every body a
	 * second time made the archive's compile half as long again.  A
	 * page without raw.html stores the same bytes twice (a record
	 * each, so that a request is one lookup). */
	b.len = 0;
	body_imgs(sc, &b, p, p->body, p->body_len);
	put_view_z(sc, p, SITE_VIEW_BODY, &h, &b, SITE_F_ETAG | SITE_F_LANG,
	    SITE_M_DOC, NULL, false);

	/* ?raw&summary: the SEO summary as a fragment, one paragraph (we
	 * keep its text, not its markup); ?summary: the page around it. */
	sitec_html_summary(&sum, p->body, p->body_len, SITEC_SUMMARY_MAX);
	b.len = 0;
	sitec_buf_str(&b, "<p>");
	sitec_buf_html(&b, sum.len ? sum.p : "", sum.len);
	sitec_buf_str(&b, "</p>\n");
	put_view(sc, p, SITE_VIEW_SUMMARY, &h, &b, SITE_F_ETAG | SITE_F_LANG,
	    SITE_M_DOC, NULL);
	h.len = 0;
	sitec_buf_printf(&h, SITEC_TYPE_HTML SITEC_CC_SHARED(300)
	    "Vary: Cookie\r\n" SITEC_XFO_DENY SITEC_ACAO "X-kuma-revision: "
	    "%u\r\n", p->rev);
	text.len = 0;
	sitec_buf_add(&text, b.p, b.len);
	b.len = 0;
	page_html(sc, &b, p, text.p, text.len);
	put_view(sc, p, SITE_VIEW_SUMMARY_PAGE, &h, &b,
	    SITE_F_ETAG | SITE_F_LANG, SITE_M_DOC, NULL);
	text.len = 0;

	sitec_html_toc(&toc, &sec, p->body, p->body_len);
	h.len = b.len = 0;
	sitec_buf_str(&h, "Content-Type: application/json\r\n"
	    SITEC_CC_SHARED(300) SITEC_NOINDEX SITEC_ACAO SITEC_XFO_DENY);
	page_json(sc, &b, p, &sum, &sec, false);
	put_view(sc, p, SITE_VIEW_JSON, &h, &b, SITE_F_ETAG | SITE_F_LANG,
	    SITE_M_GET, NULL);

	h.len = b.len = 0;
	sitec_buf_str(&h, "Content-Type: application/json\r\n"
	    SITEC_CC_SHARED(300) SITEC_ACAO SITEC_XFO_DENY);
	page_children(&b, p, SITEC_CHILD_DEPTH);
	put_view(sc, p, SITE_VIEW_CHILDREN, &h, &b, SITE_F_ETAG | SITE_F_LANG,
	    SITE_M_GET, NULL);

	h.len = 0;
	sitec_buf_str(&h, SITEC_TYPE_HTML SITEC_CC_SHARED(300) SITEC_NOINDEX
	    SITEC_ACAO SITEC_XFO_DENY);
	put_view(sc, p, SITE_VIEW_TOC, &h, &toc, SITE_F_ETAG | SITE_F_LANG,
	    SITE_M_GET, NULL);

	h.len = b.len = 0;
	sitec_buf_str(&h, SITEC_TYPE_HTML SITEC_CC_SHARED(300) SITEC_NOINDEX
	    SITEC_XFO_DENY);
	page_history(sc, &b, p);
	put_view(sc, p, SITE_VIEW_HISTORY, &h, &b, SITE_F_ETAG | SITE_F_LANG,
	    SITE_M_GET_HEAD, NULL);

	h.len = b.len = 0;
	sitec_buf_str(&h, "Content-Type: application/json\r\n" SITEC_CC_NEVER);
	page_api(sc, &b, p, &sum, &toc);
	put_view(sc, p, SITE_VIEW_API, &h, &b, SITE_F_EXPIRES_NOW | SITE_F_LANG,
	    SITE_M_GET_HEAD, NULL);

	sitec_samples(sc, p->locale, p->slug, p->title, p->body, p->body_len);
	sitec_html_text(&text, p->body, p->body_len);
	sitec_search_add(sc, p->locale, p->slug, p->title, text.p ? text.p : "",
	    text.len);
	sitec_buf_free(&h);
	sitec_buf_free(&b);
	sitec_buf_free(&aux);
	sitec_buf_free(&sum);
	sitec_buf_free(&toc);
	sitec_buf_free(&sec);
	sitec_buf_free(&text);
}
