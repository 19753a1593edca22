/*
 * search_view.c: the HTML and JSON answers of /{L}/search (search_view.h).
 *
 * One query (search.h) fills a page of results; then the page is
 * rendered with a writer that counts what does not fit instead of
 * writing it.  When the count passes cap the page is rendered again
 * with one document fewer, so an answer is whole or carries fewer
 * documents, never cut markup.  Every byte that came from the user or
 * the blob goes through one escaper: HTML, JSON or percent-encoding.
 *
 * Interface: search_view_html, search_view_json.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "err.h"
#include "search.h"
#include "search_view.h"

/* A writer: bytes past cap are counted, not written. */
struct w {
	char *p;
	size_t cap, n;
};

static void
w_put(struct w *w, const char *s, size_t l)
{
	if (w->n + l <= w->cap)
		memcpy(w->p + w->n, s, l);
	w->n += l;
}

static void
w_str(struct w *w, const char *s)
{
	w_put(w, s, strlen(s));
}

static void
w_uint(struct w *w, uint64_t v)
{
	char b[20];
	size_t i = sizeof b;

	do
		b[--i] = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	w_put(w, b + i, sizeof b - i);
}

/* The length of the valid UTF-8 character at s[0..n), or 0. */
static size_t
u8len(const uint8_t *s, size_t n)
{
	size_t k, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	k = s[0] >= 0xc2 && s[0] < 0xe0 ? 2 : s[0] >= 0xe0 && s[0] < 0xf0 ?
	    3 : s[0] >= 0xf0 && s[0] < 0xf5 ? 4 : 0;
	if (k == 0 || k > n)
		return 0;
	for (i = 1, cp = s[0] & (0x7f >> k); i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((k == 3 && (cp < 0x800 || (cp >= 0xd800 && cp < 0xe000))) ||
	    (k == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return k;
}

#define REPLACEMENT	"\xef\xbf\xbd"	/* U+FFFD */

/* Text or an attribute value, escaped for HTML. */
static void
w_html(struct w *w, const char *s, size_t n)
{
	const uint8_t *u = (const uint8_t *)s;
	size_t i = 0, l;

	while (i < n) {
		switch (u[i]) {
		case '&': w_str(w, "&amp;"); l = 1; break;
		case '<': w_str(w, "&lt;"); l = 1; break;
		case '>': w_str(w, "&gt;"); l = 1; break;
		case '"': w_str(w, "&quot;"); l = 1; break;
		case '\'': w_str(w, "&#39;"); l = 1; break;
		default:
			if ((l = u8len(u + i, n - i)) == 0) {
				w_str(w, REPLACEMENT);
				l = 1;
			} else if ((u[i] < 0x20 && u[i] != '\t' &&
			    u[i] != '\n') || u[i] == 0x7f) {
				w_str(w, " ");
			} else {
				w_put(w, s + i, l);
			}
		}
		i += l;
	}
}

/* The inside of a JSON string.  '<', '>' and '&' are escaped too, so
 * the answer stays inert if a browser sniffs it as HTML. */
static void
w_json(struct w *w, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const uint8_t *u = (const uint8_t *)s;
	char e[6] = { '\\', 'u', '0', '0', 0, 0 };
	size_t i = 0, l;

	while (i < n) {
		l = 1;
		if (u[i] == '"' || u[i] == '\\') {
			w_put(w, "\\", 1);
			w_put(w, s + i, 1);
		} else if (u[i] < 0x20 || u[i] == '<' || u[i] == '>' ||
		    u[i] == '&' || u[i] == 0x7f) {
			e[4] = hex[u[i] >> 4];
			e[5] = hex[u[i] & 15];
			w_put(w, e, 6);
		} else if ((l = u8len(u + i, n - i)) == 0) {
			w_str(w, "\\ufffd");
			l = 1;
		} else {
			w_put(w, s + i, l);
		}
		i += l;
	}
}

/* Percent-encode s: a path (slug: '/' and a few more stay) or a form
 * value (space as '+').  The output is plain ASCII that needs no further
 * escaping in HTML or JSON. */
static void
w_url(struct w *w, const char *s, size_t n, bool path)
{
	static const char hex[] = "0123456789ABCDEF";
	char e[3] = { '%', 0, 0 };
	size_t i;
	uint8_t c;

	for (i = 0; i < n; i++) {
		c = (uint8_t)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~' || (path && (c == '/' || c == ':' ||
		    c == '(' || c == ')' || c == ',' || c == '*' ||
		    c == '!' || c == '@'))) {
			w_put(w, s + i, 1);
		} else if (c == ' ' && !path) {
			w_put(w, "+", 1);
		} else {
			e[1] = hex[c >> 4];
			e[2] = hex[c & 15];
			w_put(w, e, 3);
		}
	}
}

/* What a page shows. */
struct page {
	const char *locale, *q;
	size_t qlen, total, offset, nres;
	unsigned page, pages;
	struct search_result res[SEARCH_VIEW_PER_PAGE];
};

/* /{L}/search[.json]?q=Q&page=N; amp is how '&' is written. */
static void
w_search_url(struct w *w, const struct page *pg, const char *suffix,
    unsigned page, const char *amp)
{
	w_str(w, "/");
	w_url(w, pg->locale, strlen(pg->locale), true);
	w_str(w, "/search");
	w_str(w, suffix);
	w_str(w, "?q=");
	w_url(w, pg->q, pg->qlen, false);
	w_str(w, amp);
	w_str(w, "page=");
	w_uint(w, page);
}

static void
w_doc_url(struct w *w, const struct page *pg, const struct search_result *r)
{
	w_str(w, "/");
	w_url(w, pg->locale, strlen(pg->locale), true);
	w_str(w, "/docs/");
	w_url(w, r->slug, r->slug_len, true);
}

static void
html_head(struct w *w, const struct page *pg)
{
	w_str(w, "<!DOCTYPE html>\n<html lang=\"");
	w_html(w, pg->locale, strlen(pg->locale));
	w_str(w, "\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"robots\" content=\"noindex, nofollow\">\n"
	    "<title>Search Results for \xe2\x80\x9c");
	w_html(w, pg->q, pg->qlen);
	w_str(w, "\xe2\x80\x9d | MDN</title>\n</head>\n<body>\n"
	    "<main id=\"content\" class=\"search-results-page\">\n"
	    "<form class=\"search-form\" action=\"/");
	w_url(w, pg->locale, strlen(pg->locale), true);
	w_str(w, "/search\" method=\"get\" role=\"search\">"
	    "<input type=\"search\" name=\"q\" value=\"");
	w_html(w, pg->q, pg->qlen);
	w_str(w, "\"> <button type=\"submit\">Search</button></form>\n"
	    "<h1>Search results</h1>\n<p class=\"result-count\">");
	w_uint(w, pg->total);
	w_str(w, pg->total == 1 ? " result" : " results");
	w_str(w, " for \xe2\x80\x9c");
	w_html(w, pg->q, pg->qlen);
	w_str(w, "\xe2\x80\x9d</p>\n");
}

static void
html_doc(struct w *w, const struct page *pg, const struct search_result *r)
{
	w_str(w, "<li><h3><a href=\"");
	w_doc_url(w, pg, r);
	w_str(w, "\">");
	w_html(w, r->title, r->title_len);
	w_str(w, "</a></h3>\n<p class=\"result-url\">");
	w_doc_url(w, pg, r);
	w_str(w, "</p>\n<p class=\"excerpt\">");
	w_html(w, r->excerpt, r->excerpt_len);
	w_str(w, "</p></li>\n");
}

static void
render_html(struct w *w, const struct page *pg, size_t n)
{
	size_t i;

	html_head(w, pg);
	if (n > 0) {
		w_str(w, "<ol class=\"result-list\" start=\"");
		w_uint(w, pg->offset + 1);
		w_str(w, "\">\n");
		for (i = 0; i < n; i++)
			html_doc(w, pg, &pg->res[i]);
		w_str(w, "</ol>\n");
	}
	if (pg->pages > 1) {
		w_str(w, "<nav class=\"pagination\">");
		if (pg->page > 1) {
			w_str(w, "<a rel=\"prev\" href=\"");
			w_search_url(w, pg, "", pg->page - 1 > pg->pages ?
			    pg->pages : pg->page - 1, "&amp;");
			w_str(w, "\">Previous</a> ");
		}
		w_str(w, "<span class=\"current\">Page ");
		w_uint(w, pg->page);
		w_str(w, " of ");
		w_uint(w, pg->pages);
		w_str(w, "</span>");
		if (pg->page < pg->pages) {
			w_str(w, " <a rel=\"next\" href=\"");
			w_search_url(w, pg, "", pg->page + 1, "&amp;");
			w_str(w, "\">Next</a>");
		}
		w_str(w, "</nav>\n");
	}
	w_str(w, "</main>\n</body>\n</html>\n");
}

static void
json_field(struct w *w, const char *name, const char *s, size_t n)
{
	w_str(w, "\"");
	w_str(w, name);
	w_str(w, "\":\"");
	w_json(w, s, n);
	w_str(w, "\"");
}

static void
json_num(struct w *w, const char *name, uint64_t v)
{
	w_str(w, ",\"");
	w_str(w, name);
	w_str(w, "\":");
	w_uint(w, v);
}

static void
render_json(struct w *w, const struct page *pg, size_t n)
{
	const struct search_result *r;
	size_t i;

	w_str(w, "{");
	json_field(w, "query", pg->q, pg->qlen);
	w_str(w, ",");
	json_field(w, "locale", pg->locale, strlen(pg->locale));
	json_num(w, "page", pg->page);
	json_num(w, "pages", pg->pages);
	json_num(w, "count", pg->total);
	json_num(w, "start", n > 0 ? pg->offset + 1 : 0);
	json_num(w, "end", n > 0 ? pg->offset + n : 0);
	w_str(w, ",\"previous\":");
	if (pg->page > 1) {
		w_str(w, "\"");
		w_search_url(w, pg, ".json", pg->page - 1 > pg->pages ?
		    pg->pages : pg->page - 1, "&");
		w_str(w, "\"");
	} else {
		w_str(w, "null");
	}
	w_str(w, ",\"next\":");
	if (pg->page < pg->pages) {
		w_str(w, "\"");
		w_search_url(w, pg, ".json", pg->page + 1, "&");
		w_str(w, "\"");
	} else {
		w_str(w, "null");
	}
	w_str(w, ",\"documents\":[");
	for (i = 0; i < n; i++) {
		r = &pg->res[i];
		w_str(w, i > 0 ? ",{" : "{");
		json_field(w, "title", r->title, r->title_len);
		w_str(w, ",");
		json_field(w, "slug", r->slug, r->slug_len);
		w_str(w, ",");
		json_field(w, "locale", pg->locale, strlen(pg->locale));
		w_str(w, ",");
		json_field(w, "excerpt", r->excerpt, r->excerpt_len);
		w_str(w, ",\"url\":\"");
		w_doc_url(w, pg, r);
		w_str(w, "\"}");
	}
	w_str(w, "]}\n");
}

/* Search, then render with as many documents as fit. */
static int
view(const void *blob, size_t len, const char *locale, const char *q,
    size_t qlen, unsigned page, char *out, size_t cap, size_t *out_len,
    void (*render)(struct w *, const struct page *, size_t))
{
	static struct search_scratch scr;	/* main loop only */
	struct page pg;
	struct w w;
	size_t n, per = SEARCH_VIEW_PER_PAGE, pages;
	int rc;

	if (locale == NULL || (q == NULL && qlen > 0) || out_len == NULL ||
	    (out == NULL && cap > 0))
		return RC_INVAL;
	memset(&pg, 0, sizeof pg);
	pg.locale = locale;
	pg.q = q != NULL ? q : "";
	/* Show what is searched: the first SEARCH_MAX_QUERY bytes, cut at
	 * a character. */
	for (pg.qlen = qlen > SEARCH_MAX_QUERY ? SEARCH_MAX_QUERY : qlen;
	    pg.qlen < qlen && pg.qlen > 0 &&
	    ((uint8_t)pg.q[pg.qlen] & 0xc0) == 0x80; pg.qlen--)
		;
	pg.page = page > 0 ? page : 1;
	pg.offset = (size_t)(pg.page - 1) * per;
	if (blob != NULL && len > 0 && (rc = search_query(blob, len, pg.q,
	    pg.qlen, pg.offset, per, &scr, pg.res, &pg.nres, &pg.total)) !=
	    RC_OK)
		return rc;
	pages = (pg.total + per - 1) / per;
	if (pages > SEARCH_MAX_WINDOW / per)
		pages = SEARCH_MAX_WINDOW / per;
	pg.pages = pages > 0 ? (unsigned)pages : 1;
	for (n = pg.nres;; n--) {
		w = (struct w){ out, cap, 0 };
		render(&w, &pg, n);
		if (w.n <= cap) {
			*out_len = w.n;
			return RC_OK;
		}
		if (n == 0)
			return RC_TOOBIG;
	}
}

/* see search_view.h */
int
search_view_html(const void *blob, size_t len, const char *locale,
    const char *q, size_t qlen, unsigned page, char *out, size_t cap,
    size_t *out_len)
{
	return view(blob, len, locale, q, qlen, page, out, cap, out_len,
	    render_html);
}

/* see search_view.h */
int
search_view_json(const void *blob, size_t len, const char *locale,
    const char *q, size_t qlen, unsigned page, char *out, size_t cap,
    size_t *out_len)
{
	return view(blob, len, locale, q, qlen, page, out, cap, out_len,
	    render_json);
}
