/*
 * sitec_html.c: what the compiler reads out of a page's HTML fragment
 * (sitec.h): its text, its summary, its table of contents.
 *
 * Design: a forgiving scan, not a parser.  The fragments are the wiki's
 * own rendered output, and every result here is advisory (a summary, a
 * search text, a contents list), so odd markup gives a shorter result,
 * never a refusal.
 *
 * Interface: sitec_html_text, sitec_html_summary, sitec_html_toc.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sitec.h"
#include "text.h"

/* A character reference at s (after '&'); its UTF-8 into out. */
static size_t
entity(const char *s, const char *e, struct sitec_buf *out)
{
	static const struct { const char *name; const char *text; } named[] = {
		{ "amp;", "&" }, { "lt;", "<" }, { "gt;", ">" },
		{ "quot;", "\"" }, { "#39;", "'" }, { "nbsp;", " " },
	};
	unsigned long c = 0;
	const char *p;
	size_t i, n;
	char u[4];

	for (i = 0; i < sizeof named / sizeof named[0]; i++) {
		n = strlen(named[i].name);
		if ((size_t)(e - s) >= n && memcmp(s, named[i].name, n) == 0) {
			sitec_buf_str(out, named[i].text);
			return n;
		}
	}
	if (s >= e || *s != '#')
		return 0;
	c = strtoul(s + 1 + (s + 1 < e && (s[1] == 'x' || s[1] == 'X')),
	    (char **)&p, s + 1 < e && (s[1] == 'x' || s[1] == 'X') ? 16 : 10);
	if (p >= e || *p != ';' || c == 0 || c > 0x10ffff ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	n = utf8_encode(u, (uint32_t)c);
	sitec_buf_add(out, u, n);
	return (size_t)(p + 1 - s);
}

/* Skip a tag or comment starting at s ('<'); returns the byte after. */
static const char *
skip_tag(const char *s, const char *e)
{
	const char *p;

	if (e - s >= 4 && memcmp(s, "<!--", 4) == 0) {
		for (p = s + 4; p + 3 <= e; p++)
			if (memcmp(p, "-->", 3) == 0)
				return p + 3;
		return e;
	}
	p = memchr(s, '>', (size_t)(e - s));
	return p != NULL ? p + 1 : e;
}

/* Is the tag at s ("<name" ...) one of name? */
static bool
tag_is(const char *s, const char *e, const char *name)
{
	size_t n = strlen(name);

	return (size_t)(e - s) > n + 1 && s[0] == '<' &&
	    strncasecmp(s + 1, name, n) == 0 &&
	    strchr(" \t\r\n/>", s[n + 1]) != NULL;
}

/* see sitec.h */
void
sitec_html_text(struct sitec_buf *out, const char *html, size_t n)
{
	const char *s = html, *e = html + n;
	bool space = true;	/* no leading blank */
	size_t used;

	while (s < e) {
		if (*s == '<') {
			/* Scripts and styles hold no text a reader sees. */
			if (tag_is(s, e, "script") || tag_is(s, e, "style")) {
				const char *c = s + 1;
				while (c < e && (c = memchr(c, '<',
				    (size_t)(e - c))) != NULL &&
				    !(c + 1 < e && c[1] == '/'))
					c++;
				s = c != NULL && c < e ? c : e;
			}
			s = skip_tag(s, e);
			if (!space) {
				sitec_buf_add(out, " ", 1);
				space = true;
			}
			continue;
		}
		if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
			if (!space)
				sitec_buf_add(out, " ", 1);
			space = true;
			s++;
			continue;
		}
		if (*s == '&' && (used = entity(s + 1, e, out)) > 0) {
			s += used + 1;
			space = false;
			continue;
		}
		sitec_buf_add(out, s++, 1);
		space = false;
	}
	while (out->len > 0 && out->p[out->len - 1] == ' ')
		out->p[--out->len] = '\0';
}

/* The end of the element that starts at s: its closing tag of name. */
static const char *
element_end(const char *s, const char *e, const char *name)
{
	size_t n = strlen(name);
	const char *p;

	for (p = s + 1; p < e; p++) {
		p = memchr(p, '<', (size_t)(e - p));
		if (p == NULL)
			return e;
		if ((size_t)(e - p) > n + 2 && p[1] == '/' &&
		    strncasecmp(p + 2, name, n) == 0)
			return skip_tag(p, e);
	}
	return e;
}

/* see sitec.h */
void
sitec_html_summary(struct sitec_buf *out, const char *html, size_t n,
    size_t max)
{
	const char *s = html, *e = html + n, *end, *c;
	size_t cut;

	while (s < e && (s = memchr(s, '<', (size_t)(e - s))) != NULL) {
		if (tag_is(s, e, "section") && (end = skip_tag(s, e)) &&
		    memmem(s, (size_t)(end - s), "Quick_links", 11) != NULL) {
			s = element_end(s, e, "section");
			continue;
		}
		if (!tag_is(s, e, "p")) {
			s++;
			continue;
		}
		c = skip_tag(s, e);
		end = element_end(s, e, "p");
		out->len = 0;
		sitec_html_text(out, c, (size_t)(end - c));
		if (out->len > 0)
			break;
		s = end;
	}
	if (out->len <= max)
		return;
	/* Cut at a UTF-8 boundary and say so. */
	for (cut = max; cut > 0 && ((unsigned char)out->p[cut] & 0xc0) == 0x80;
	    cut--)
		;
	out->len = cut;
	sitec_buf_str(out, "…");
}

/* The value of attribute name in the tag [s, e), or NULL. */
static const char *
attr(const char *s, const char *e, const char *name, size_t *len)
{
	size_t n = strlen(name);
	const char *p, *v;
	char q;

	for (p = s; p + n + 2 < e; p++) {
		if ((p[-1] != ' ' && p[-1] != '\t' && p[-1] != '\n') ||
		    strncasecmp(p, name, n) != 0 || p[n] != '=')
			continue;
		q = p[n + 1];
		if (q != '"' && q != '\'')
			return NULL;
		v = p + n + 2;
		p = memchr(v, q, (size_t)(e - v));
		if (p == NULL)
			return NULL;
		*len = (size_t)(p - v);
		return v;
	}
	return NULL;
}

/* see sitec.h */
void
sitec_html_toc(struct sitec_buf *out, struct sitec_buf *sections,
    const char *html, size_t n)
{
	const char *s = html, *e = html + n, *te, *id, *end;
	struct sitec_buf text = { 0 };
	int open = 0;	/* 0 none, 2: in an h2 item, 3: in an h3 list */
	size_t idlen;
	bool h3;

	while (s < e && (s = memchr(s, '<', (size_t)(e - s))) != NULL) {
		h3 = tag_is(s, e, "h3");
		if (!h3 && !tag_is(s, e, "h2")) {
			s++;
			continue;
		}
		te = skip_tag(s, e);
		end = element_end(s, e, h3 ? "h3" : "h2");
		id = attr(s + 3, te, "id", &idlen);
		s = end;
		if (id == NULL || idlen == 0 || (h3 && open == 0))
			continue;	/* an h3 before any h2 is left out */
		text.len = 0;
		sitec_html_text(&text, te, (size_t)(end - te));
		if (open == 0)
			sitec_buf_str(out, "<ol>");
		if (!h3 && open == 3)
			sitec_buf_str(out, "</ol></li>");
		else if (!h3 && open == 2)
			sitec_buf_str(out, "</li>");
		else if (h3 && open == 2)
			sitec_buf_str(out, "<ol>");
		sitec_buf_str(out, "<li><a href=\"#");
		sitec_buf_html(out, id, idlen);
		sitec_buf_str(out, "\">");
		sitec_buf_html(out, text.p, text.len);
		sitec_buf_str(out, h3 ? "</a></li>" : "</a>");
		open = h3 ? 3 : 2;
		if (sections != NULL) {
			sitec_buf_str(sections, sections->len ? "," : "[");
			sitec_buf_str(sections, "{\"id\":");
			sitec_buf_json(sections, id, idlen);
			sitec_buf_str(sections, ",\"title\":");
			sitec_buf_json(sections, text.p, text.len);
			sitec_buf_str(sections, "}");
		}
	}
	if (open == 3)
		sitec_buf_str(out, "</ol></li></ol>");
	else if (open == 2)
		sitec_buf_str(out, "</li></ol>");
	if (sections != NULL)
		sitec_buf_str(sections, sections->len ? "]" : "[]");
	sitec_buf_free(&text);
}
