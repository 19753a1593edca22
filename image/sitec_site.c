/*
 * sitec_site.c: the site-wide records (spec 7, 12.2, 13): sitemaps,
 * robots.txt for each host class, humans.txt, contribute.json, the
 * favicon redirect, the locales' home pages, OpenSearch descriptions,
 * the "all" feeds, the wiki's list pages (tags, all, ...) and the error
 * pages.
 *
 * Design: every body is computed here from the model of sitec_doc.c, or
 * taken from a ROOT's own robots.txt, humans.txt or contribute.json (the
 * last ROOT that has one wins).  Dates fall back from the pages' newest
 * to the build time, so a tree with history builds the same store every
 * time.
 *
 * Interface: sitec_site_write.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "sitec_int.h"

#define SITEC_SITEMAP_URLS	50000	/* Django's GenericSitemap limit */
#define SITEC_FEED_ITEMS	500	/* Kuma's MAX_FEED_ITEMS */

/* The robots.txt lines after the Sitemap line (spec 7.1), up to the
 * per-locale search lines. */
static const char robots_rules[] =
    "\nDisallow: /admin/\nDisallow: /api/\nDisallow: /*/dashboards/*\n"
    "Disallow: /*docs/feeds\nDisallow: /*docs/templates\n"
    "Disallow: /*docs*Template:\nDisallow: /*docs/all\n"
    "Disallow: /*docs/tag*\nDisallow: /*docs/needs-review*\n"
    "Disallow: /*docs/localization-tag*\nDisallow: /*docs/with-errors\n"
    "Disallow: /*docs/without-parent\nDisallow: /*docs/top-level\n"
    "Disallow: /*docs/new\nDisallow: /*docs/get-documents\n"
    "Disallow: /*docs/submit_akismet_spam\nDisallow: /*docs/load*\n"
    "Disallow: /*docs/Experiment:*\nDisallow: /*$api\n"
    "Disallow: /*$compare\nDisallow: /*$revision\nDisallow: /*$history\n"
    "Disallow: /*$children\nDisallow: /*$flag\nDisallow: /*$locales\n"
    "Disallow: /*$toc\nDisallow: /*$move\nDisallow: /*$quick-review\n"
    "Disallow: /*$samples\nDisallow: /*$revert\n"
    "Disallow: /*$repair_breadcrumbs\nDisallow: /*$delete\n"
    "Disallow: /*$restore\nDisallow: /*$purge\nDisallow: /*$subscribe\n"
    "Disallow: /*$subscribe_to_tree\nDisallow: /*$vote\n"
    "Disallow: /*docs.json\nDisallow: /*docs/ckeditor_config.js\n"
    "Disallow: /*/files/\nDisallow: /media\nDisallow: /*move-requested\n"
    "Disallow: /*preview-wiki-content\nDisallow: /*profiles*/edit\n"
    "Disallow: /skins\nDisallow: /*type=feed\nDisallow: /*users/\n";

static const char robots_go_away[] = "User-Agent: *\nDisallow: /\n";

/* Put a whole-response file record f <host> <path>. */
static void
put_file(struct sitec *sc, char host, const char *path,
    const struct site_view *tmpl, const char *head, const void *body,
    size_t len, bool compress)
{
	struct site_view v = *tmpl;
	uint8_t key[SITE_MAX_KEY];
	size_t kl;

	kl = site_key(key, sizeof key, SITE_NS_FILE, host, path, strlen(path));
	if (kl == 0)
		sitec_fail(sc, path, 0, "path too long for a key");
	v.head = sitec_bytes(head, strlen(head));
	v.body[SITE_ENC_ID] = sitec_bytes(body, len);
	sitec_put(sc, key, kl, &v, compress);
}

/* The text of ROOT/name from the last ROOT that has one, or NULL. */
static char *
override(struct sitec *sc, const char *name, size_t *len)
{
	char path[4096];
	struct stat sb;
	size_t i;

	for (i = sc->nroots; i-- > 0;) {
		snprintf(path, sizeof path, "%s/%s", sc->roots[i], name);
		if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
			return sitec_read(sc, path, len);
	}
	return NULL;
}

static int64_t
site_mtime(struct sitec *sc)
{
	return sc->site->newest ? sc->site->newest : sc->built;
}

/* robots.txt for each host class (spec 7.1, 5.4). */
static void
write_robots(struct sitec *sc)
{
	struct site_view v = { .kind = SITE_R_BODY, .status = 200,
	    .flags = SITE_F_ETAG, .methods = SITE_M_ANY };
	static const char head[] = "Content-Type: text/plain\r\n"
	    SITEC_CC_SHARED(300) SITEC_XFO_DENY;
	static const char head_u[] = "Content-Type: text/plain\r\n"
	    SITEC_XFO_DENY;
	struct sitec_buf b = { 0 };
	char *own;
	size_t len;
	int i;

	if ((own = override(sc, "robots.txt", &len)) != NULL) {
		sitec_buf_add(&b, own, len);
		free(own);
	} else {
		sitec_buf_printf(&b, "User-agent: *\nSitemap: %s/sitemap.xml\n",
		    sc->site_url);
		sitec_buf_str(&b, robots_rules);
		for (i = 0; i < SITEC_NLOCALES; i++)
			sitec_buf_printf(&b, "%sDisallow: /%s/search",
			    i ? "\n" : "", sitec_locales[i]);
	}
	put_file(sc, SITE_HOST_MAIN, "/robots.txt", &v, head, b.p, b.len,
	    true);
	put_file(sc, SITE_HOST_OTHER, "/robots.txt", &v, head, robots_go_away,
	    strlen(robots_go_away), false);
	put_file(sc, SITE_HOST_UNTRUSTED, "/robots.txt", &v, head_u, "", 0,
	    false);
	sitec_buf_free(&b);
}

/* humans.txt and contribute.json: served like static.serve's files. */
static void
write_texts(struct sitec *sc)
{
	struct site_view v = { .kind = SITE_R_BODY, .status = 200,
	    .flags = SITE_F_IMS, .methods = SITE_M_GET_HEAD,
	    .mtime = site_mtime(sc) };
	struct sitec_buf b = { 0 };
	char *own;
	size_t len;

	if ((own = override(sc, "humans.txt", &len)) != NULL)
		sitec_buf_add(&b, own, len);
	else
		sitec_buf_str(&b, "This site is served by the appliance, a "
		    "unikernel that answers\nfrom one LMDB store.  The "
		    "content belongs to its contributors,\nlisted on each "
		    "page's $history.\n");
	free(own);
	put_file(sc, SITE_HOST_MAIN, "/humans.txt", &v, "Content-Type: "
	    "text/plain\r\n" SITEC_CC_SHARED(300), b.p, b.len, true);
	b.len = 0;
	if ((own = override(sc, "contribute.json", &len)) != NULL)
		sitec_buf_add(&b, own, len);
	else
		sitec_buf_printf(&b, "{\n  \"name\": \"MDN appliance\",\n"
		    "  \"description\": \"A read-only mirror of the MDN wiki, "
		    "served by a unikernel.\",\n  \"repository\": {\n    "
		    "\"url\": \"%s/contribute.json\",\n    \"license\": "
		    "\"CC-BY-SA-2.5 (content)\"\n  },\n  \"participate\": {\n"
		    "    \"home\": \"%s/\"\n  },\n  \"urls\": {\n    "
		    "\"prod\": \"%s\"\n  },\n  \"keywords\": [\"mdn\", "
		    "\"wiki\", \"unikernel\", \"lmdb\"]\n}\n", sc->site_url,
		    sc->site_url, sc->site_url);
	free(own);
	put_file(sc, SITE_HOST_MAIN, "/contribute.json", &v, "Content-Type: "
	    "application/json\r\n" SITEC_CC_SHARED(300), b.p, b.len, true);
	sitec_buf_free(&b);
}

/* "img/favicon32.<hash>.png" from the last staticfiles.json that has
 * it, or NULL. */
static char *
favicon_path(struct sitec *sc)
{
	static const char want[] = "img/favicon32.png";
	struct sitec_buf k = { 0 }, v = { 0 };
	struct sitec_json j;
	char *text, *found = NULL;
	size_t len;
	bool ok;

	if ((text = override(sc, "static/staticfiles.json", &len)) == NULL)
		return NULL;
	j = (struct sitec_json){ text, text + len, text };
	/* {"paths": {"img/favicon32.png": "img/favicon32.abc.png", ...}} */
	ok = sitec_json_eat(&j, '{');
	while (ok && found == NULL && !sitec_json_eat(&j, '}')) {
		k.len = 0;
		ok = sitec_json_string(&j, &k) && sitec_json_eat(&j, ':');
		if (ok && strcmp(k.p, "paths") == 0 && sitec_json_eat(&j, '{')) {
			while (ok && found == NULL && !sitec_json_eat(&j, '}')) {
				k.len = v.len = 0;
				ok = sitec_json_string(&j, &k) &&
				    sitec_json_eat(&j, ':') &&
				    sitec_json_string(&j, &v);
				if (ok && strcmp(k.p, want) == 0)
					found = strdup(v.p);
				(void)sitec_json_eat(&j, ',');
			}
		} else if (ok) {
			ok = sitec_json_skip(&j);
		}
		(void)sitec_json_eat(&j, ',');
	}
	sitec_buf_free(&k);
	sitec_buf_free(&v);
	free(text);
	return found;
}

static void
write_favicon(struct sitec *sc, const char *fav)
{
	struct site_view v = { .kind = SITE_R_REDIRECT, .status = 302,
	    .methods = SITE_M_ANY };
	struct sitec_buf loc = { 0 };

	if (fav == NULL)
		return;
	sitec_buf_printf(&loc, "%s/static/%s", sc->site_url, fav);
	v.location = sitec_bytes(loc.p, loc.len);
	put_file(sc, SITE_HOST_MAIN, "/favicon.ico", &v,
	    SITEC_CC_SHARED(2592000), "", 0, false);
	sitec_buf_free(&loc);
}

/* The pages of the sitemaps and feeds: listed, in key order. */
static bool
listed(const struct sitec_page *p, int loc)
{
	return sitec_locale_index(p->locale) == loc && !p->noindex &&
	    p->redirect == NULL;
}

static void
sitemap_urls(struct sitec *sc, struct sitec_buf *b, int loc, size_t from,
    size_t *next, int64_t *mtime)
{
	struct sitec_site *s = sc->site;
	size_t i, n = 0;
	char day[16];

	sitec_buf_str(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	for (i = from; i < s->npages && n < SITEC_SITEMAP_URLS; i++) {
		if (!listed(s->pages[i], loc))
			continue;
		sitec_buf_printf(b, "  <url>\n    <loc>%s", sc->site_url);
		sitec_page_path(b, s->pages[i]);
		sitec_buf_str(b, "</loc>\n");
		if (s->pages[i]->modified != 0) {
			sitec_fmt_day(day, s->pages[i]->modified);
			sitec_buf_printf(b, "    <lastmod>%s</lastmod>\n", day);
			if (s->pages[i]->modified > *mtime)
				*mtime = s->pages[i]->modified;
		}
		sitec_buf_str(b, "    <priority>0.5</priority>\n  </url>\n");
		n++;
	}
	sitec_buf_str(b, "</urlset>\n");
	*next = i;
}

/* One sitemap file, and its line in the index. */
static void
sitemap_put(struct sitec *sc, struct sitec_buf *index, const char *loc,
    const char *file, const struct sitec_buf *b, int64_t mtime)
{
	struct site_view v = { .kind = SITE_R_BODY, .status = 200,
	    .flags = SITE_F_IMS, .methods = SITE_M_GET_HEAD, .mtime = mtime };
	char path[128], iso[32];

	snprintf(path, sizeof path, "/sitemaps/%s/%s", loc, file);
	put_file(sc, SITE_HOST_MAIN, path, &v, "Content-Type: application/"
	    "xml\r\n" SITEC_CC_SHARED(300), b->p, b->len, true);
	sitec_fmt_iso(iso, mtime);
	iso[19] = '\0';	/* the index says "+00:00", not "Z" */
	sitec_buf_printf(index, "  <sitemap>\n    <loc>%s%s</loc>\n    "
	    "<lastmod>%s+00:00</lastmod>\n  </sitemap>\n", sc->site_url, path,
	    iso);
}

static void
write_sitemaps(struct sitec *sc)
{
	struct site_view v = { .kind = SITE_R_BODY, .status = 200,
	    .flags = SITE_F_IMS, .methods = SITE_M_GET_HEAD,
	    .mtime = site_mtime(sc) };
	struct sitec_buf index = { 0 }, b = { 0 };
	size_t from, next;
	int64_t mtime;
	char file[32];
	int loc, k;

	sitec_buf_str(&index, "<sitemapindex xmlns=\"http://www.sitemaps.org/"
	    "schemas/sitemap/0.9\">\n");
	for (loc = 0; loc < SITEC_NLOCALES; loc++) {
		if (sc->site->per_locale[loc] == 0)
			continue;
		b.len = 0;
		sitec_buf_printf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		    "\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/"
		    "0.9\">\n  <url>\n    <loc>%s/%s/</loc>\n  </url>\n"
		    "</urlset>\n", sc->site_url, sitec_locales[loc]);
		sitemap_put(sc, &index, sitec_locales[loc], "sitemap_other.xml",
		    &b, site_mtime(sc));
		for (from = 0, k = 1;; from = next, k++) {
			b.len = 0;
			mtime = 0;
			sitemap_urls(sc, &b, loc, from, &next, &mtime);
			snprintf(file, sizeof file, k == 1 ? "sitemap.xml" :
			    "sitemap_%d.xml", k);
			sitemap_put(sc, &index, sitec_locales[loc], file, &b,
			    mtime ? mtime : site_mtime(sc));
			while (next < sc->site->npages &&
			    !listed(sc->site->pages[next], loc))
				next++;
			if (next >= sc->site->npages)
				break;
		}
	}
	sitec_buf_str(&index, "</sitemapindex>\n");
	put_file(sc, SITE_HOST_MAIN, "/sitemap.xml", &v, "Content-Type: "
	    "application/xml\r\n" SITEC_CC_SHARED(300), index.p, index.len,
	    true);
	sitec_buf_free(&index);
	sitec_buf_free(&b);
}

/* The home page of a locale: its top-level pages. */
static void
write_home(struct sitec *sc, int loc)
{
	struct site_view v = { .kind = SITE_R_BODY, .status = 200,
	    .flags = SITE_F_ETAG | SITE_F_LANG, .methods = SITE_M_GET_HEAD };
	const char *l = sitec_locales[loc];
	struct sitec_buf b = { 0 };
	struct sitec_page *p;
	char path[64];
	size_t i;

	sitec_layout_start(sc, &b, l, "MDN Web Docs", 12, false, NULL);
	sitec_buf_str(&b, "<main id=\"content\"><h1>MDN Web Docs</h1>\n<ul>\n");
	for (i = 0; i < sc->site->npages; i++) {
		p = sc->site->pages[i];
		if (p->locale != l || p->parent != NULL)
			continue;
		sitec_buf_str(&b, "<li><a href=\"");
		sitec_page_path(&b, p);
		sitec_buf_str(&b, "\">");
		sitec_buf_html(&b, p->title, strlen(p->title));
		sitec_buf_str(&b, "</a></li>\n");
	}
	sitec_buf_str(&b, "</ul>\n</main>\n");
	sitec_layout_end(sc, &b, l);
	v.lang = sitec_bytes(l, strlen(l));
	snprintf(path, sizeof path, "/%s/", l);
	put_file(sc, SITE_HOST_MAIN, path, &v, SITEC_TYPE_HTML
	    SITEC_CC_SHARED(300) "Vary: Cookie\r\n" SITEC_XFO_DENY, b.p, b.len,
	    true);
	sitec_buf_free(&b);
}

/* OpenSearch description of a locale (spec 7.4). */
static void
write_opensearch(struct sitec *sc, int loc, const char *fav)
{
	struct site_view v = { .kind = SITE_R_BODY, .status = 200,
	    .flags = SITE_F_ETAG, .methods = SITE_M_GET_HEAD };
	const char *l = sitec_locales[loc], *u = sc->site_url;
	struct sitec_buf b = { 0 };
	char path[64];

	sitec_buf_printf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/"
	    "1.1/\" xmlns:moz=\"http://www.mozilla.org/2006/browser/search/\">"
	    "\n  <ShortName>MDN Web Docs</ShortName>\n  <Description>Search "
	    "MDN Web Docs</Description>\n  <InputEncoding>UTF-8"
	    "</InputEncoding>\n  <Image width=\"32\" height=\"32\" type=\""
	    "image/png\">%s/static/%s</Image>\n  <Url type=\"text/html\" "
	    "method=\"get\" template=\"%s/%s/search?q={searchTerms}&amp;w=3"
	    "&amp;qs=plugin\"/>\n  <Url type=\"application/opensearch"
	    "description+xml\" rel=\"self\" template=\"%s/%s/search/xml\"/>\n"
	    "  <moz:SearchForm>%s/%s/search</moz:SearchForm>\n"
	    "</OpenSearchDescription>\n", u, fav ? fav : "img/favicon32.png",
	    u, l, u, l, u, l);
	snprintf(path, sizeof path, "/%s/search/xml", l);
	put_file(sc, SITE_HOST_MAIN, path, &v, "Content-Type: application/"
	    "opensearchdescription+xml\r\n" SITEC_CC_SHARED(604800)
	    SITEC_XFO_DENY, b.p, b.len, true);
	sitec_buf_free(&b);
}

static int
newest_first(const void *a, const void *b)
{
	const struct sitec_page *x = *(struct sitec_page *const *)a;
	const struct sitec_page *y = *(struct sitec_page *const *)b;

	if (x->modified != y->modified)
		return x->modified < y->modified ? 1 : -1;
	return strcmp(x->slug, y->slug);	/* stable among undated */
}

/* An item's absolute link with the feed's utm parameters. */
static void
feed_link(struct sitec *sc, struct sitec_buf *b, const struct sitec_page *p,
    bool amp)
{
	sitec_buf_str(b, sc->site_url);
	sitec_page_path(b, p);
	sitec_buf_printf(b, "?utm_campaign=feed%sutm_medium=rss%sutm_source=%s",
	    amp ? "&amp;" : "&", amp ? "&amp;" : "&", sc->main_host);
}

/* The "all" feed of a locale in one format into b. */
static void
feed_body(struct sitec *sc, struct sitec_buf *b, const char *fmt,
    const char *l, const char *what, struct sitec_page **v, size_t n)
{
	struct sitec_buf s = { 0 };
	char date[40], self[SITE_MAX_KEY + 128];
	size_t i;

	snprintf(self, sizeof self, "%s/%s/docs/feeds/%s/%s", sc->site_url, l,
	    fmt, what);
	if (fmt[0] == 'r') {
		sitec_fmt_rfc822(date, n ? v[0]->modified : site_mtime(sc));
		sitec_buf_printf(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
		    "\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/"
		    "Atom\"><channel><title>MDN recent document changes</title>"
		    "<link>%s</link><description>Recent document changes"
		    "</description><atom:link href=\"%s\" rel=\"self\">"
		    "</atom:link><language>%s</language><lastBuildDate>%s"
		    "</lastBuildDate>", self, self, l, date);
	} else if (fmt[0] == 'a') {
		sitec_fmt_iso(date, n ? v[0]->modified : site_mtime(sc));
		sitec_buf_printf(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
		    "\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang="
		    "\"%s\"><title>MDN recent document changes</title><link "
		    "href=\"%s\" rel=\"alternate\"></link><link href=\"%s\" "
		    "rel=\"self\"></link><id>%s</id><updated>%s</updated>", l,
		    self, self, self, date);
	} else {
		sitec_buf_str(b, "[");
	}
	for (i = 0; i < n; i++) {
		s.len = 0;
		sitec_html_summary(&s, v[i]->body, v[i]->body_len, 500);
		if (fmt[0] == 'j') {
			sitec_fmt_iso(date, v[i]->modified);
			sitec_buf_str(b, i ? ", {\"title\": " : "{\"title\": ");
			sitec_buf_json(b, v[i]->title, strlen(v[i]->title));
			sitec_buf_str(b, ", \"link\": \"");
			feed_link(sc, b, v[i], false);
			sitec_buf_str(b, "\", \"summary\": ");
			sitec_buf_json(b, s.len ? s.p : "", s.len);
			sitec_buf_printf(b, ", \"pubdate\": \"%s\"}", date);
			continue;
		}
		sitec_buf_str(b, fmt[0] == 'r' ? "<item><title>" :
		    "<entry><title>");
		sitec_buf_html(b, v[i]->title, strlen(v[i]->title));
		sitec_buf_str(b, fmt[0] == 'r' ? "</title><link>" :
		    "</title><link href=\"");
		feed_link(sc, b, v[i], true);
		sitec_buf_str(b, fmt[0] == 'r' ? "</link><description>" :
		    "\" rel=\"alternate\"></link><summary type=\"html\">");
		sitec_buf_html(b, s.len ? s.p : "", s.len);
		if (fmt[0] == 'r') {
			sitec_fmt_rfc822(date, v[i]->modified);
			sitec_buf_printf(b, "</description><pubDate>%s"
			    "</pubDate><guid>", date);
			feed_link(sc, b, v[i], true);
			sitec_buf_str(b, "</guid></item>");
		} else {
			sitec_fmt_iso(date, v[i]->modified);
			sitec_buf_printf(b, "</summary><updated>%s</updated>"
			    "<id>", date);
			feed_link(sc, b, v[i], true);
			sitec_buf_str(b, "</id></entry>");
		}
	}
	sitec_buf_str(b, fmt[0] == 'r' ? "</channel></rss>\n" :
	    fmt[0] == 'a' ? "</feed>\n" : "]");
	sitec_buf_free(&s);
}

/* The three formats of one feed, at /{L}/docs/feeds/{fmt}/{what} and
 * the same with a trailing '/'. */
static void
put_feeds(struct sitec *sc, const char *l, const char *what,
    struct sitec_page **v, size_t n)
{
	static const char *const fmts[] = { "rss", "atom", "json" };
	static const char *const types[] = {
		"application/rss+xml; charset=utf-8",
		"application/atom+xml; charset=utf-8", "application/json",
	};
	struct site_view rv = { .kind = SITE_R_BODY, .status = 200,
	    .flags = SITE_F_ETAG, .methods = SITE_M_GET_HEAD };
	struct sitec_buf b = { 0 }, h = { 0 }, path = { 0 };
	int f;

	for (f = 0; f < 3; f++) {
		b.len = h.len = path.len = 0;
		feed_body(sc, &b, fmts[f], l, what, v, n);
		sitec_buf_printf(&h, "Content-Type: %s\r\n" SITEC_CC_SHARED(300)
		    SITEC_XFO_DENY, types[f]);
		sitec_buf_printf(&path, "/%s/docs/feeds/%s/%s", l, fmts[f],
		    what);
		put_file(sc, SITE_HOST_MAIN, path.p, &rv, h.p, b.p, b.len, true);
		sitec_buf_str(&path, "/");
		put_file(sc, SITE_HOST_MAIN, path.p, &rv, h.p, b.p, b.len, true);
	}
	sitec_buf_free(&b);
	sitec_buf_free(&h);
	sitec_buf_free(&path);
}

/* The pages of a locale that feeds list (not redirects), newest first
 * (malloc'd; *n set). */
static struct sitec_page **
feed_pages(struct sitec *sc, int loc, size_t *n)
{
	const char *l = sitec_locales[loc];
	struct sitec_page **v;
	size_t i;

	if ((v = malloc((sc->site->per_locale[loc] + 1) * sizeof *v)) == NULL)
		sitec_fail(sc, "sitec", 0, "out of memory");
	*n = 0;
	for (i = 0; i < sc->site->npages; i++)
		if (sc->site->pages[i]->locale == l &&
		    sc->site->pages[i]->redirect == NULL)
			v[(*n)++] = sc->site->pages[i];
	qsort(v, *n, sizeof *v, newest_first);
	return v;
}

/* Feeds of a locale (spec 12.2): all, and tag/{tag} for every tag its
 * pages carry, newest first, at most SITEC_FEED_ITEMS items. */
static void
write_feeds(struct sitec *sc, int loc)
{
	const char *l = sitec_locales[loc], *t, *u;
	struct sitec_page **v, **w;
	struct sitec_buf what = { 0 };
	size_t i, j, k, n = 0, m;
	bool seen;

	v = feed_pages(sc, loc, &n);
	if ((w = malloc((n + 1) * sizeof *w)) == NULL)
		sitec_fail(sc, "sitec", 0, "out of memory");
	put_feeds(sc, l, "all", v, n > SITEC_FEED_ITEMS ? SITEC_FEED_ITEMS : n);
	/* Each tag once: at the first page (newest first) that has it. */
	for (i = 0; i < n; i++) {
		for (t = v[i]->tags; t != NULL && t < v[i]->tags +
		    v[i]->tags_len; t += strlen(t) + 1) {
			seen = false;
			for (j = 0; j < i && !seen; j++)
				for (u = v[j]->tags; u != NULL && u <
				    v[j]->tags + v[j]->tags_len && !seen;
				    u += strlen(u) + 1)
					seen = strcasecmp(t, u) == 0;
			if (seen || *t == '\0')
				continue;
			for (k = i, m = 0; k < n && m < SITEC_FEED_ITEMS; k++)
				for (u = v[k]->tags; u != NULL && u <
				    v[k]->tags + v[k]->tags_len;
				    u += strlen(u) + 1)
					if (strcasecmp(t, u) == 0) {
						w[m++] = v[k];
						break;
					}
			what.len = 0;
			sitec_buf_printf(&what, "tag/%s", t);
			put_feeds(sc, l, what.p, w, m);
		}
	}
	free(v);
	free(w);
	sitec_buf_free(&what);
}

/* --- the non-document wiki pages (spec 3.5) ---------------------------- */

/*
 * Kuma's review flags and its one localization flag were revision fields;
 * the corpus keeps them as ordinary tags, so a page needs review when a
 * tag names the flag (any ASCII case), and a localization is in progress
 * when it is tagged NeedsTranslation.  Only these names have pages:
 * needs-review/{other} and localization-tag/{other} are 404, as Kuma's
 * get_object_or_404 on the flag was.
 */
static const char *const review_flags[][2] = {
	{ "technical", "NeedsTechnicalReview" },
	{ "editorial", "NeedsEditorialReview" },
	{ "template", "NeedsTemplateReview" },
};
static const char *const l10n_flags[][2] = {
	{ "inprogress", "NeedsTranslation" },
};
#define SITEC_NREVIEW	(sizeof review_flags / sizeof review_flags[0])
#define SITEC_NL10N	(sizeof l10n_flags / sizeof l10n_flags[0])

/* One (tag, page) pair of a locale, for the tag pages. */
struct tag_ref {
	const char *tag;
	size_t rank;		/* the page's index in title order */
};

static int
by_title(const void *a, const void *b)
{
	const struct sitec_page *x = *(struct sitec_page *const *)a;
	const struct sitec_page *y = *(struct sitec_page *const *)b;
	int c = strcasecmp(x->title, y->title);

	return c != 0 ? c : strcmp(x->slug, y->slug);
}

static int
by_tag(const void *a, const void *b)
{
	const struct tag_ref *x = a, *y = b;
	int c = strcasecmp(x->tag, y->tag);

	if (c == 0)	/* within a tag, the pages' title order */
		c = x->rank < y->rank ? -1 : x->rank > y->rank;
	return c;
}

static bool
has_tag(const struct sitec_page *p, const char *name)
{
	const char *t;

	for (t = p->tags; t != NULL && t < p->tags + p->tags_len;
	    t += strlen(t) + 1)
		if (strcasecmp(t, name) == 0)
			return true;
	return false;
}

/* A tag as one URL path part: what is not plainly safe is %XX, so that
 * '?', '#', '%' and '&' in a tag stay in the path (and in an href). */
static void
tag_url(struct sitec_buf *b, const char *t)
{
	static const char safe[] = "-._~!$'()*+,;=:@/";
	const unsigned char *u;

	for (u = (const unsigned char *)t; *u != '\0'; u++)
		if ((*u >= 'a' && *u <= 'z') || (*u >= 'A' && *u <= 'Z') ||
		    (*u >= '0' && *u <= '9') || strchr(safe, *u) != NULL)
			sitec_buf_add(b, u, 1);
		else
			sitec_buf_printf(b, "%%%02X", *u);
}

/*
 * The other feeds of spec 12.2, from what the store knows: needs-review
 * (all review flags) and needs-review/{flag}; l10n-updates, the
 * translations whose en-US page changed after them; revisions, one item
 * per document by its last change (the wiki history has dates and
 * contributors, not the revisions' diffs).  Kuma's files feed (recent
 * attachments) is not made: attachments carry no history here.
 */
static void
write_feeds_more(struct sitec *sc, int loc)
{
	const char *l = sitec_locales[loc];
	struct sitec_page **v, **w, *p;
	struct sitec_buf what = { 0 };
	size_t i, j, n = 0, m;

	v = feed_pages(sc, loc, &n);
	if ((w = malloc((n + 1) * sizeof *w)) == NULL)
		sitec_fail(sc, "sitec", 0, "out of memory");
	put_feeds(sc, l, "revisions", v, n > SITEC_FEED_ITEMS ?
	    SITEC_FEED_ITEMS : n);
	for (i = m = 0; i < n && m < SITEC_FEED_ITEMS; i++)
		for (j = 0; j < SITEC_NREVIEW; j++)
			if (has_tag(v[i], review_flags[j][1])) {
				w[m++] = v[i];
				break;
			}
	put_feeds(sc, l, "needs-review", w, m);
	for (j = 0; j < SITEC_NREVIEW; j++) {
		for (i = m = 0; i < n && m < SITEC_FEED_ITEMS; i++)
			if (has_tag(v[i], review_flags[j][1]))
				w[m++] = v[i];
		what.len = 0;
		sitec_buf_printf(&what, "needs-review/%s", review_flags[j][0]);
		put_feeds(sc, l, what.p, w, m);
	}
	for (i = m = 0; i < n && m < SITEC_FEED_ITEMS; i++) {
		p = v[i];
		if (p->en != NULL && p->en->modified > p->modified)
			w[m++] = p;
	}
	put_feeds(sc, l, "l10n-updates", w, m);
	free(v);
	free(w);
	sitec_buf_free(&what);
}

/* Put one list page at /{L}/docs/{what}: h1, the text, the list (the
 * caller's items, already HTML). */
static void
put_list(struct sitec *sc, const char *l, const char *what, size_t what_len,
    const char *title, const char *text, const struct sitec_buf *items)
{
	struct site_view v = { .kind = SITE_R_BODY, .status = 200,
	    .flags = SITE_F_ETAG | SITE_F_LANG, .methods = SITE_M_GET_HEAD };
	struct sitec_buf b = { 0 }, path = { 0 };
	uint8_t key[SITE_MAX_KEY];

	sitec_buf_printf(&path, "/%s/docs/", l);
	sitec_buf_add(&path, what, what_len);
	/* A tag too long for a key has no page (its lookup is a 404). */
	if (site_key(key, sizeof key, SITE_NS_FILE, SITE_HOST_MAIN, path.p,
	    path.len) == 0) {
		sitec_buf_free(&path);
		return;
	}
	sitec_layout_start(sc, &b, l, title, strlen(title), false, NULL);
	sitec_buf_str(&b, "<main id=\"content\"><h1>");
	sitec_buf_html(&b, title, strlen(title));
	sitec_buf_printf(&b, "</h1>\n<p>%s</p>\n<ul class=\"documents\">\n",
	    text);
	if (items->len > 0)
		sitec_buf_add(&b, items->p, items->len);
	sitec_buf_str(&b, "</ul>\n</main>\n");
	sitec_layout_end(sc, &b, l);
	v.lang = sitec_bytes(l, strlen(l));
	put_file(sc, SITE_HOST_MAIN, path.p, &v, SITEC_TYPE_HTML
	    SITEC_CC_SHARED(300) SITEC_XFO_DENY, b.p, b.len, true);
	sitec_buf_free(&b);
	sitec_buf_free(&path);
}

/* One page's list item. */
static void
list_item(struct sitec_buf *b, const struct sitec_page *p)
{
	sitec_buf_str(b, "<li><a href=\"");
	sitec_page_path(b, p);
	sitec_buf_str(b, "\">");
	sitec_buf_html(b, p->title, strlen(p->title));
	sitec_buf_str(b, "</a></li>\n");
}

/* "N documents." into text. */
static void
count_text(struct sitec_buf *t, const char *pre, size_t n)
{
	t->len = 0;
	sitec_buf_printf(t, "%s%zu document%s.", pre, n, n == 1 ? "" : "s");
}

/* The pages of v[0..n) that have one of the flags' tags (flag NULL:
 * any), as a list page at /{L}/docs/{base}[/{flag}]. */
static void
put_flagged(struct sitec *sc, const char *l, struct sitec_page **v,
    size_t n, const char *base, const char *const (*flags)[2],
    size_t nflags, const char *flag, const char *title)
{
	struct sitec_buf items = { 0 }, what = { 0 }, text = { 0 };
	size_t i, j, m = 0;
	bool on;

	for (i = 0; i < n; i++) {
		for (on = false, j = 0; j < nflags && !on; j++)
			on = (flag == NULL || strcmp(flag, flags[j][0]) == 0) &&
			    has_tag(v[i], flags[j][1]);
		if (on) {
			list_item(&items, v[i]);
			m++;
		}
	}
	sitec_buf_str(&what, base);
	if (flag != NULL)
		sitec_buf_printf(&what, "/%s", flag);
	sitec_buf_str(&text, "Pages tagged");
	for (j = 0; j < nflags; j++)
		if (flag == NULL || strcmp(flag, flags[j][0]) == 0)
			sitec_buf_printf(&text, "%s %s", j > 0 && flag == NULL ?
			    " or" : "", flags[j][1]);
	sitec_buf_printf(&text, ": %zu document%s.", m, m == 1 ? "" : "s");
	put_list(sc, l, what.p, what.len, title, text.p, &items);
	sitec_buf_free(&items);
	sitec_buf_free(&what);
	sitec_buf_free(&text);
}

/*
 * The list pages of a locale (spec 3.5): all, top-level, without-parent,
 * with-errors, tags, tag/{tag}, needs-review[/{flag}] and
 * localization-tag[/{flag}], redirect documents left out as Kuma's lists
 * did.  Each is one whole page (Kuma paginated tags and all): the
 * largest locale of the archive lists under two thousand.  A tag page's
 * path has the tag folded (site_fold) and the router folds the asked tag
 * alike: tags that differ in ASCII case only are one tag, shown as first
 * met in title order.
 */
static void
write_lists(struct sitec *sc, int loc)
{
	const char *l = sitec_locales[loc], *t;
	struct sitec_buf items = { 0 }, what = { 0 }, text = { 0 };
	struct sitec_buf title = { 0 }, tags = { 0 };
	struct sitec_page **v;
	struct tag_ref *r;
	size_t i, j, k, n = 0, m, nr = 0, ntags = 0;

	if ((v = malloc(sc->site->per_locale[loc] * sizeof *v)) == NULL)
		sitec_fail(sc, "sitec", 0, "out of memory");
	for (i = 0; i < sc->site->npages; i++) {
		if (sc->site->pages[i]->locale != l ||
		    sc->site->pages[i]->redirect != NULL)
			continue;
		v[n++] = sc->site->pages[i];
		nr += sc->site->pages[i]->ntags;
	}
	qsort(v, n, sizeof *v, by_title);

	for (i = 0; i < n; i++)
		list_item(&items, v[i]);
	count_text(&text, "All pages of this locale, by title: ", n);
	put_list(sc, l, "all", 3, "All documents", text.p, &items);

	items.len = 0;
	for (i = m = 0; i < n; i++)
		if (v[i]->parent == NULL) {
			list_item(&items, v[i]);
			m++;
		}
	count_text(&text, "Pages without a parent page: ", m);
	put_list(sc, l, "top-level", 9, "Top-level documents", text.p, &items);

	items.len = 0;
	for (i = m = 0; i < n; i++)
		if (strcmp(l, "en-US") != 0 && v[i]->en == NULL) {
			list_item(&items, v[i]);
			m++;
		}
	count_text(&text, "Translations without an en-US page they "
	    "translate: ", m);
	put_list(sc, l, "without-parent", 14, "Documents without parent",
	    text.p, &items);

	items.len = 0;
	put_list(sc, l, "with-errors", 11, "Documents with errors",
	    "None: the pages are stored already rendered, so no KumaScript "
	    "macro runs here and none can fail.", &items);

	for (j = 0; j <= SITEC_NREVIEW; j++)
		put_flagged(sc, l, v, n, "needs-review", review_flags,
		    SITEC_NREVIEW, j < SITEC_NREVIEW ? review_flags[j][0] :
		    NULL, "Documents that need review");
	for (j = 0; j <= SITEC_NL10N; j++)
		put_flagged(sc, l, v, n, "localization-tag", l10n_flags,
		    SITEC_NL10N, j < SITEC_NL10N ? l10n_flags[j][0] : NULL,
		    "Documents with localization in progress");

	/* Tags: (tag, page) pairs by tag, then in the pages' title order;
	 * a run of one folded tag is one tag page and one line of tags. */
	if ((r = malloc((nr ? nr : 1) * sizeof *r)) == NULL)
		sitec_fail(sc, "sitec", 0, "out of memory");
	for (i = nr = 0; i < n; i++)
		for (t = v[i]->tags; t != NULL && t < v[i]->tags +
		    v[i]->tags_len; t += strlen(t) + 1)
			if (*t != '\0')
				r[nr++] = (struct tag_ref){ t, i };
	qsort(r, nr, sizeof *r, by_tag);
	tags.len = 0;
	for (i = 0; i < nr; i = j) {
		items.len = 0;
		for (j = i, m = 0; j < nr &&
		    strcasecmp(r[j].tag, r[i].tag) == 0; j++) {
			/* A page that says one tag twice is listed once. */
			if (j > i && r[j].rank == r[j - 1].rank)
				continue;
			list_item(&items, v[r[j].rank]);
			m++;
		}
		what.len = 0;
		sitec_buf_str(&what, "tag/");
		k = what.len;
		sitec_buf_str(&what, r[i].tag);
		site_fold(what.p + k, what.p + k, what.len - k);
		text.len = 0;
		sitec_buf_str(&text, "Pages tagged <q>");
		sitec_buf_html(&text, r[i].tag, strlen(r[i].tag));
		sitec_buf_printf(&text, "</q>: %zu document%s.", m,
		    m == 1 ? "" : "s");
		title.len = 0;
		sitec_buf_str(&title, "Documents tagged: ");
		sitec_buf_str(&title, r[i].tag);
		put_list(sc, l, what.p, what.len, title.p, text.p, &items);
		sitec_buf_printf(&tags, "<li><a href=\"/%s/docs/tag/", l);
		tag_url(&tags, r[i].tag);
		sitec_buf_str(&tags, "\">");
		sitec_buf_html(&tags, r[i].tag, strlen(r[i].tag));
		sitec_buf_printf(&tags, "</a> (%zu)</li>\n", m);
		ntags++;
	}
	text.len = 0;
	sitec_buf_printf(&text, "%zu tag%s, each with its number of pages.",
	    ntags, ntags == 1 ? "" : "s");
	put_list(sc, l, "tags", 4, "Tags", text.p, &tags);
	sitec_buf_free(&items);
	sitec_buf_free(&what);
	sitec_buf_free(&text);
	sitec_buf_free(&title);
	sitec_buf_free(&tags);
	free(r);
	free(v);
}

/* Error pages (spec 13): never cached, in our layout. */
static void
write_error(struct sitec *sc, char host, int status, const char *title,
    const char *text)
{
	struct site_view v = { .kind = SITE_R_BODY, .status = status,
	    .flags = SITE_F_EXPIRES_NOW | SITE_F_LANG,
	    .methods = SITE_M_GET_HEAD };
	uint8_t key[16];
	struct sitec_buf b = { 0 };
	char code[8];
	size_t kl;

	sitec_layout_start(sc, &b, "en-US", title, strlen(title), true, NULL);
	sitec_buf_printf(&b, "<main id=\"content\"><h1>%s</h1>\n<p>%s</p>\n"
	    "</main>\n", title, text);
	sitec_layout_end(sc, &b, "en-US");
	snprintf(code, sizeof code, "%d", status);
	kl = site_key(key, sizeof key, SITE_NS_ERROR, host, code, strlen(code));
	v.head = sitec_bytes(SITEC_TYPE_HTML SITEC_CC_NEVER SITEC_XFO_DENY,
	    strlen(SITEC_TYPE_HTML SITEC_CC_NEVER SITEC_XFO_DENY));
	v.body[SITE_ENC_ID] = sitec_bytes(b.p, b.len);
	sitec_put(sc, key, kl, &v, true);
	sitec_buf_free(&b);
}

/* see sitec.h */
void
sitec_site_write(struct sitec *sc)
{
	char *fav = favicon_path(sc);
	int loc;

	write_robots(sc);
	write_texts(sc);
	write_favicon(sc, fav);
	write_sitemaps(sc);
	for (loc = 0; loc < SITEC_NLOCALES; loc++) {
		if (sc->site->per_locale[loc] == 0)
			continue;
		write_home(sc, loc);
		write_opensearch(sc, loc, fav);
		write_feeds(sc, loc);
		write_feeds_more(sc, loc);
		write_lists(sc, loc);
	}
	write_error(sc, SITE_HOST_MAIN, 404, "Page not found",
	    "Sorry, we could not find what you were looking for.");
	write_error(sc, SITE_HOST_MAIN, 403, "Forbidden",
	    "You are not allowed to see this page.");
	write_error(sc, SITE_HOST_MAIN, 500, "Internal server error",
	    "Something went wrong on our side.");
	write_error(sc, SITE_HOST_UNTRUSTED, 404, "Not found",
	    "There is no such file here.");
	free(fav);
}
