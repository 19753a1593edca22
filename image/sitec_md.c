/*
 * sitec_md.c: Markdown bodies of index.md pages, converted to the HTML
 * fragment an index.html page holds (sitec_int.h).
 *
 * Design: the subset of CommonMark that MDN's Markdown content uses, not
 * the whole of it.  Blocks are read a line at a time; a blockquote or a
 * list item has its markers stripped into a buffer of its own, which is
 * converted again (recursion, with a depth limit).  Inline spans are
 * matched by a forward search for their closer; a failed search is
 * remembered, so that a long run of lone '*' or '`' costs linear time.
 * Every scan is bounded by the span's end: the input need not be
 * NUL-terminated.  Headings get MDN's ids (the text, spaces as '_'), so
 * that $toc and live samples find them; fenced code gets MDN's
 * "brush: LANG notranslate" class; raw HTML and {{macros}} pass as is.
 *
 * Interface: sitec_md_html.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sitec_int.h"

#define MD_DEPTH	16	/* nested containers or spans, then text */
#define MD_LINK_MAX	2048	/* bytes of link text or URL searched */
#define MD_TICKS	16	/* longest backtick run that opens code */

enum md_kind { MD_BLANK, MD_TEXT, MD_HEAD, MD_HR, MD_FENCE, MD_QUOTE,
    MD_UL, MD_OL, MD_HTML, MD_INDENT };

struct md_line {
	const char *s, *e;	/* the line without its "\r\n" */
	const char *t;		/* the first non-blank byte, or e */
	size_t ind;		/* t - s */
	const char *next;	/* the next line */
};

static void md_blocks(struct sitec_buf *, const char *, size_t, bool, int);
static void md_inline(struct sitec_buf *, const char *, const char *, int);

static void
md_line(struct md_line *l, const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	l->s = p;
	l->e = nl != NULL ? nl : end;
	l->next = nl != NULL ? nl + 1 : end;
	if (l->e > l->s && l->e[-1] == '\r')
		l->e--;
	for (l->t = p; l->t < l->e && (*l->t == ' ' || *l->t == '\t'); l->t++)
		;
	l->ind = (size_t)(l->t - l->s);
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool
is_alnum(char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <=
	    'z');
}

/* The bytes of a list marker at t ("- ", "12. "), or 0. */
static size_t
md_marker(const char *t, const char *e, bool *ordered)
{
	const char *d = t;

	*ordered = false;
	if (t < e && (*t == '-' || *t == '*' || *t == '+'))
		return t + 1 == e || is_blank(t[1]) ? 1 : 0;
	while (d < e && d - t < 9 && *d >= '0' && *d <= '9')
		d++;
	if (d == t || d == e || (*d != '.' && *d != ')') ||
	    (d + 1 < e && !is_blank(d[1])))
		return 0;
	*ordered = true;
	return (size_t)(d + 1 - t);
}

/* Does an HTML block start at t: a block-level tag or a comment? */
static bool
md_html_block(const char *t, const char *e)
{
	static const char *const tags[] = { "div", "table", "p", "pre",
	    "section", "details", "dl", "ul", "ol", "iframe", "figure",
	    "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "!--" };
	size_t i, n;

	if (e - t < 2 || *t != '<')
		return false;
	t += t[1] == '/' ? 2 : 1;
	for (i = 0; i < sizeof tags / sizeof tags[0]; i++) {
		n = strlen(tags[i]);
		if ((size_t)(e - t) >= n && strncasecmp(t, tags[i], n) == 0 &&
		    (t + n == e || !is_alnum(t[n])))
			return true;
	}
	return false;
}

static enum md_kind
md_kind(const struct md_line *l, int depth)
{
	const char *t = l->t, *e = l->e, *c;
	size_t n = 0;
	bool ord;

	if (t == e)
		return MD_BLANK;
	if (l->ind >= 4)
		return MD_INDENT;
	if (e - t >= 3 && (memcmp(t, "```", 3) == 0 || memcmp(t, "~~~", 3) ==
	    0))
		return MD_FENCE;
	while (t + n < e && n < 7 && t[n] == '#')
		n++;
	if (n >= 1 && n <= 6 && (t + n == e || is_blank(t[n])))
		return MD_HEAD;
	for (n = 0, c = t; c < e && (*c == *t || is_blank(*c)); c++)
		n += *c == *t;
	if (c == e && n >= 3 && (*t == '-' || *t == '*' || *t == '_'))
		return MD_HR;
	if (depth >= MD_DEPTH)
		return MD_TEXT;
	if (*t == '>')
		return MD_QUOTE;
	if (md_marker(t, e, &ord) > 0)
		return ord ? MD_OL : MD_UL;
	return md_html_block(t, e) ? MD_HTML : MD_TEXT;
}

/* --- inline spans -------------------------------------------------------- */

/* A closing run of exactly n c's after p (and before e), or NULL. */
static const char *
md_closer(const char *p, const char *e, char c, size_t n)
{
	const char *q;
	size_t k;

	for (q = p; q < e; q += k ? k : 1) {
		for (k = 0; q + k < e && q[k] == c; k++)
			;
		if (k == 0 || (k != n && c == '`'))
			continue;
		if (c == '`' || (k == n && !is_blank(q[-1]) && (c != '_' ||
		    q + k == e || !is_alnum(q[k]))))
			return q;
	}
	return NULL;
}

/* A link's "(url "title")" at p: the URL span, and the byte after ')'. */
static const char *
md_dest(const char *p, const char *e, const char **u, const char **ue)
{
	const char *lim = e - p > MD_LINK_MAX ? p + MD_LINK_MAX : e;
	int par = 0;
	char q;

	if (p >= lim || *p++ != '(')
		return NULL;
	while (p < lim && is_blank(*p))
		p++;
	for (*u = p; p < lim && !is_blank(*p) && *p != '\n'; p++)
		if (*p == '(')
			par++;
		else if (*p == ')' && par-- == 0)
			break;
	*ue = p;
	while (p < lim && (is_blank(*p) || *p == '\n'))
		p++;
	if (p < lim && (*p == '"' || *p == '\'')) {
		q = *p++;
		while (p < lim && *p != q)
			p++;
		for (p++; p < lim && is_blank(*p); p++)
			;
	}
	return p < lim && *p == ')' ? p + 1 : NULL;
}

/* [text](url) or ![alt](src) at p ('['); the byte after it, or NULL. */
static const char *
md_link(struct sitec_buf *out, const char *p, const char *e, bool img,
    int depth)
{
	const char *lim = e - p > MD_LINK_MAX ? p + MD_LINK_MAX : e;
	const char *q, *u, *ue, *end;
	int nest = 0;

	for (q = p + 1; q < lim; q++)
		if (*q == '\\')
			q++;
		else if (*q == '[')
			nest++;
		else if (*q == ']' && nest-- == 0)
			break;
	if (q >= lim || (end = md_dest(q + 1, e, &u, &ue)) == NULL)
		return NULL;
	if (ue > u && *u == '<' && ue[-1] == '>')
		u++, ue--;
	sitec_buf_str(out, img ? "<img src=\"" : "<a href=\"");
	sitec_buf_html(out, u, (size_t)(ue - u));
	if (img) {
		sitec_buf_str(out, "\" alt=\"");
		sitec_buf_html(out, p + 1, (size_t)(q - p - 1));
		sitec_buf_str(out, "\">");
		return end;
	}
	sitec_buf_str(out, "\">");
	md_inline(out, p + 1, q, depth + 1);
	sitec_buf_str(out, "</a>");
	return end;
}

/* <scheme:...> as a link, an inline tag as is, or "&lt;". */
static const char *
md_angle(struct sitec_buf *out, const char *p, const char *e)
{
	const char *lim = e - p > MD_LINK_MAX ? p + MD_LINK_MAX : e;
	const char *q = p + 1, *gt;

	while (q < lim && (is_alnum(*q) || *q == '+' || *q == '-'))
		q++;
	gt = memchr(p, '>', (size_t)(lim - p));
	if (gt != NULL && q < gt && q - p > 2 && *q == ':' &&
	    memchr(p, ' ', (size_t)(gt - p)) == NULL &&
	    memchr(p + 1, '<', (size_t)(gt - p - 1)) == NULL) {
		sitec_buf_str(out, "<a href=\"");
		sitec_buf_html(out, p + 1, (size_t)(gt - p - 1));
		sitec_buf_str(out, "\">");
		sitec_buf_html(out, p + 1, (size_t)(gt - p - 1));
		sitec_buf_str(out, "</a>");
		return gt + 1;
	}
	if (gt != NULL && (((p[1] | 0x20) >= 'a' && (p[1] | 0x20) <= 'z') ||
	    p[1] == '/' || p[1] == '!')) {
		sitec_buf_add(out, p, (size_t)(gt + 1 - p));
		return gt + 1;
	}
	sitec_buf_str(out, "&lt;");
	return p + 1;
}

/* "&name;" or "&#123;": a character reference, kept as written. */
static size_t
md_entity(const char *p, const char *e)
{
	const char *q = p + 1;

	if (q < e && *q == '#')
		q++;
	while (q < e && q - p < 32 && is_alnum(*q))
		q++;
	return q < e && *q == ';' && q > p + 1 ? (size_t)(q + 1 - p) : 0;
}

/*
 * Code (`...`) or emphasis (*, _, **, __) at p, after start; the byte
 * after it, or NULL.  fail[k] is where a search for closer k failed:
 * a later opener of that kind fails too, as closers do not depend on
 * their opener.
 */
static const char *
md_span(struct sitec_buf *out, const char *start, const char *p,
    const char *e, const char **fail, int depth)
{
	const char *q, *c, *qe;
	size_t n, k;

	for (n = 1; p + n < e && p[n] == *p; n++)
		;
	if (*p == '`') {
		if (n > MD_TICKS || (fail[n] != NULL && p >= fail[n]))
			return NULL;
		if ((q = md_closer(p + n, e, '`', n)) == NULL) {
			fail[n] = p;
			return NULL;
		}
		c = p + n;
		qe = q;
		if (qe - c >= 2 && *c == ' ' && qe[-1] == ' ')
			c++, qe--;
		sitec_buf_str(out, "<code>");
		sitec_buf_html(out, c, (size_t)(qe - c));
		sitec_buf_str(out, "</code>");
		return q + n;
	}
	n = n >= 2 ? 2 : 1;
	k = MD_TICKS + n + (*p == '_' ? 2 : 0);
	/* "snake_case_names" hold no emphasis. */
	if (depth >= MD_DEPTH || p + n >= e || is_blank(p[n]) ||
	    p[n] == '\n' || (*p == '_' && p > start && is_alnum(p[-1])) ||
	    (fail[k] != NULL && p >= fail[k]))
		return NULL;
	if ((q = md_closer(p + n + 1, e, *p, n)) == NULL) {
		fail[k] = p;
		return NULL;
	}
	sitec_buf_str(out, n == 2 ? "<strong>" : "<em>");
	md_inline(out, p + n, q, depth + 1);
	sitec_buf_str(out, n == 2 ? "</strong>" : "</em>");
	return q + n;
}

/* The inline content of [p, e): spans, links, escapes, text. */
static void
md_inline(struct sitec_buf *out, const char *p, const char *e, int depth)
{
	const char *fail[MD_TICKS + 5] = { 0 }, *start = p, *q, *r;
	size_t n;

	while (p < e) {
		for (q = p; q < e && strchr("\\`*_[!<&", *q) == NULL; q++)
			;
		sitec_buf_html(out, p, (size_t)(q - p));
		if ((p = q) == e)
			break;
		r = NULL;
		if (*p == '\\' && p + 1 < e && strchr("!\"#$%&'()*+,-./:;<=>?@"
		    "[\\]^_`{|}~", p[1]) != NULL && p[1] != '\0') {
			sitec_buf_html(out, p + 1, 1);
			r = p + 2;
		} else if (*p == '`' || *p == '*' || *p == '_')
			r = md_span(out, start, p, e, fail, depth);
		else if (*p == '[' && depth < MD_DEPTH)
			r = md_link(out, p, e, false, depth);
		else if (*p == '!' && p + 1 < e && p[1] == '[' &&
		    (r = md_link(out, p + 1, e, true, depth)) == NULL) {
			sitec_buf_str(out, "!");
			r = p + 1;
		} else if (*p == '<')
			r = md_angle(out, p, e);
		else if (*p == '&' && (n = md_entity(p, e)) > 0) {
			sitec_buf_add(out, p, n);
			r = p + n;
		}
		if (r != NULL) {
			p = r;
			continue;
		}
		/* No span here: the run of openers is text. */
		for (q = p + 1; q < e && *q == *p && *p != '&' && *p != '\\';)
			q++;
		sitec_buf_html(out, p, (size_t)(q - p));
		p = q;
	}
}

/* --- blocks -------------------------------------------------------------- */

/* Append [s, e) to b, less up to n bytes of leading blanks, and "\n". */
static void
md_take(struct sitec_buf *b, const char *s, const char *e, size_t n)
{
	while (n-- > 0 && s < e && is_blank(*s))
		s++;
	sitec_buf_add(b, s, (size_t)(e - s));
	sitec_buf_add(b, "\n", 1);
}

/* ATX heading: the id is its text, spaces as '_' (MDN's ids). */
static void
md_heading(struct sitec_buf *out, const struct md_line *l)
{
	struct sitec_buf h = { 0 }, id = { 0 };
	const char *t = l->t, *e = l->e, *q;
	size_t lv = 0, i;

	while (t < e && *t == '#')
		t++, lv++;
	while (t < e && is_blank(*t))
		t++;
	while (e > t && is_blank(e[-1]))
		e--;
	/* A closing run of '#' goes, if a blank precedes it. */
	for (q = e; q > t && q[-1] == '#'; q--)
		;
	if (q == t || is_blank(q[-1]))
		e = q;
	while (e > t && is_blank(e[-1]))
		e--;
	md_inline(&h, t, e, 0);
	sitec_html_text(&id, h.p != NULL ? h.p : "", h.len);
	for (i = 0; i < id.len; i++)
		if (id.p[i] == ' ')
			id.p[i] = '_';
	sitec_buf_printf(out, "<h%zu id=\"", lv);
	sitec_buf_html(out, id.p, id.len);
	sitec_buf_str(out, "\">");
	sitec_buf_add(out, h.p, h.len);
	sitec_buf_printf(out, "</h%zu>\n", lv);
	sitec_buf_free(&h);
	sitec_buf_free(&id);
}

/* A fenced code block from l; the line after its closing fence. */
static const char *
md_fence(struct sitec_buf *out, const struct md_line *l, const char *end)
{
	const char *t = l->t, *lang;
	struct md_line c;
	size_t n = 0, k;

	while (t + n < l->e && t[n] == *t)
		n++;
	for (lang = t + n; lang < l->e && is_blank(*lang); lang++)
		;
	for (k = 0; lang + k < l->e && !is_blank(lang[k]) && lang[k] != '{';)
		k++;
	sitec_buf_str(out, "<pre class=\"");
	if (k > 0) {
		sitec_buf_str(out, "brush: ");
		sitec_buf_html(out, lang, k);
		sitec_buf_str(out, " ");
	}
	sitec_buf_str(out, "notranslate\">");
	/* An unclosed fence runs to the end, as in CommonMark. */
	for (t = l->next; t < end; t = c.next) {
		md_line(&c, t, end);
		for (k = 0; c.t + k < c.e && c.t[k] == *l->t; k++)
			;
		if (c.ind < 4 && k >= n && c.t + k == c.e) {
			t = c.next;
			break;
		}
		if (t != l->next)
			sitec_buf_str(out, "\n");
		for (k = 0; k < l->ind && c.s + k < c.e && c.s[k] == ' ';)
			k++;
		sitec_buf_html(out, c.s + k, (size_t)(c.e - c.s - k));
	}
	sitec_buf_str(out, "</pre>\n");
	return t;
}

/* A paragraph from l, to a blank line or a block that interrupts it. */
static const char *
md_para(struct sitec_buf *out, const struct md_line *l, const char *end,
    bool tight, int depth)
{
	struct sitec_buf b = { 0 };
	struct md_line c = *l;
	const char *next = end;
	enum md_kind k;

	for (;;) {
		md_take(&b, c.t, c.e, 0);
		if (c.next == end)
			break;
		md_line(&c, c.next, end);
		k = md_kind(&c, depth);
		if (k != MD_TEXT && k != MD_INDENT) {
			next = c.s;
			break;
		}
	}
	while (b.len > 0 && (b.p[b.len - 1] == '\n' || is_blank(b.p[b.len -
	    1])))
		b.len--;
	sitec_buf_str(out, tight ? "" : "<p>");
	md_inline(out, b.p, b.p + b.len, depth);
	sitec_buf_str(out, tight ? "\n" : "</p>\n");
	sitec_buf_free(&b);
	return next;
}

/* A blockquote: MDN's "> **Note:**" ones are its note cards. */
static const char *
md_quote(struct sitec_buf *out, const struct md_line *l, const char *end,
    int depth)
{
	struct sitec_buf b = { 0 }, in = { 0 };
	struct md_line c = *l;
	const char *p, *cls = NULL;

	for (p = l->s; p < end && (md_line(&c, p, end), c.t < c.e &&
	    *c.t == '>' && c.ind < 4); p = c.next)
		md_take(&b, c.t + 1, c.e, 1);
	md_blocks(&in, b.p, b.len, false, depth + 1);
	if (in.p != NULL && strncmp(in.p, "<p><strong>Note:", 16) == 0)
		cls = "notecard note";
	else if (in.p != NULL && strncmp(in.p, "<p><strong>Warning:", 19) == 0)
		cls = "notecard warning";
	if (cls != NULL)
		sitec_buf_printf(out, "<div class=\"%s\">\n", cls);
	else
		sitec_buf_str(out, "<blockquote>\n");
	sitec_buf_add(out, in.p, in.len);
	sitec_buf_str(out, cls != NULL ? "</div>\n" : "</blockquote>\n");
	sitec_buf_free(&b);
	sitec_buf_free(&in);
	return p;
}

/*
 * A list from l: its items are stripped of their markers and indentation
 * into buffers, then converted; a blank line between blocks makes the
 * list loose (paragraphs in <p>).
 */
static const char *
md_list(struct sitec_buf *out, const struct md_line *l, const char *end,
    int depth)
{
	struct sitec_buf *it = NULL;
	struct md_line c = *l;
	size_t n = 0, cap = 0, w = 0, i, m;
	bool ord, o, gap = false, loose = false;
	const char *p = l->s;
	enum md_kind k;
	char mark;

	/* A new bullet or delimiter ("1." then "1)") starts a new list. */
	m = md_marker(l->t, l->e, &ord);
	mark = l->t[m - 1];
	while (p < end) {
		md_line(&c, p, end);
		k = md_kind(&c, depth);
		m = md_marker(c.t, c.e, &o);
		if (k == MD_BLANK) {
			gap = n > 0;
			if (n > 0)
				sitec_buf_add(&it[n - 1], "\n", 1);
		} else if ((k == MD_UL || k == MD_OL) && o == ord && (n == 0 ||
		    c.ind < w) && c.t[m - 1] == mark) {
			if (n == cap && (it = realloc(it, (cap = 2 * cap + 4) *
			    sizeof *it)) == NULL)
				sitec_fail(NULL, "sitec", 0, "out of memory");
			memset(&it[n++], 0, sizeof *it);
			loose |= gap;
			gap = false;
			for (w = m; c.t + w < c.e && w <= m + 4 &&
			    is_blank(c.t[w]);)
				w++;
			w = c.t + w == c.e || w > m + 4 ? m + 1 : w;
			md_take(&it[n - 1], c.t + m, c.e, w - m);
			w += c.ind;
		} else if (n > 0 && c.ind >= w) {
			loose |= gap;
			gap = false;
			md_take(&it[n - 1], c.s, c.e, w);
		} else if (n > 0 && !gap && (k == MD_TEXT || k == MD_INDENT))
			md_take(&it[n - 1], c.t, c.e, 0);
		else
			break;
		p = c.next;
	}
	if (ord && strtoul(l->t, NULL, 10) != 1)
		sitec_buf_printf(out, "<ol start=\"%lu\">",
		    strtoul(l->t, NULL, 10));
	else
		sitec_buf_str(out, ord ? "<ol>" : "<ul>");
	for (i = 0; i < n; i++) {
		sitec_buf_str(out, "<li>");
		md_blocks(out, it[i].p, it[i].len, !loose, depth + 1);
		while (out->len > 0 && out->p[out->len - 1] == '\n')
			out->p[--out->len] = '\0';
		sitec_buf_str(out, "</li>");
		sitec_buf_free(&it[i]);
	}
	sitec_buf_str(out, ord ? "</ol>\n" : "</ul>\n");
	free(it);
	return p;
}

/* Lines indented by four: code, as in CommonMark. */
static const char *
md_indented(struct sitec_buf *out, const struct md_line *l, const char *end)
{
	struct sitec_buf b = { 0 };
	struct md_line c = *l;
	const char *p;

	for (p = l->s; p < end; p = c.next) {
		md_line(&c, p, end);
		if (c.t != c.e && c.ind < 4)
			break;
		md_take(&b, c.s, c.e, 4);
	}
	while (b.len > 0 && b.p[b.len - 1] == '\n')
		b.len--;
	sitec_buf_str(out, "<pre class=\"notranslate\">");
	sitec_buf_html(out, b.p, b.len);
	sitec_buf_str(out, "</pre>\n");
	sitec_buf_free(&b);
	return p;
}

/* The blocks of [s, s + n); tight: paragraphs without <p> (list items). */
static void
md_blocks(struct sitec_buf *out, const char *s, size_t n, bool tight,
    int depth)
{
	const char *p = s, *end = s + n;
	struct md_line l;

	while (p < end) {
		md_line(&l, p, end);
		switch (md_kind(&l, depth)) {
		case MD_BLANK:
			p = l.next;
			break;
		case MD_HEAD:
			md_heading(out, &l);
			p = l.next;
			break;
		case MD_HR:
			sitec_buf_str(out, "<hr>\n");
			p = l.next;
			break;
		case MD_FENCE:
			p = md_fence(out, &l, end);
			break;
		case MD_QUOTE:
			p = md_quote(out, &l, end, depth);
			break;
		case MD_UL:
		case MD_OL:
			p = md_list(out, &l, end, depth);
			break;
		case MD_HTML:
			/* Raw HTML runs to a blank line, as is. */
			for (; p < end && l.t != l.e; md_line(&l, p, end)) {
				md_take(out, l.s, l.e, 0);
				p = l.next;
			}
			break;
		case MD_INDENT:
			p = md_indented(out, &l, end);
			break;
		case MD_TEXT:
			p = md_para(out, &l, end, tight, depth);
			break;
		}
	}
}

/* see sitec_int.h */
void
sitec_md_html(struct sitec_buf *out, const char *md, size_t len)
{
	md_blocks(out, md, len, false, 0);
	if (out->p == NULL)
		sitec_buf_add(out, "", 0);
}
