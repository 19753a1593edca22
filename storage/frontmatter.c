/*
 * frontmatter.c: the YAML front matter of a content file (content.h).
 *
 * Design: a line reader over the block between the opening and closing
 * "---" lines.  Each top-level line is "key: value".  Indented lines, list
 * items, blank lines and comments belong to the key before them; for keys
 * other than title, slug, translation_of and tags they are skipped unread.
 * A value of title, slug or translation_of is a YAML scalar in one of the
 * styles MDN's files use:
 *
 *   plain        title: <form>           (may go on over indented lines)
 *   single       title: 'a ''quoted'' word'
 *   double       title: "tab\there, \u00e9"
 *   block        slug: >-                (folded or literal, chomping,
 *                  Very/Long/Slug         indentation indicator)
 *
 * tags is a block list ("  - HTML", one item a line, plain or quoted; a
 * plain item does not go on over lines, since the next item is indented
 * as much) or a one-line flow list "[HTML, 'Web API']".
 *
 * Decoded text goes to the caller's buffer through struct fm_out, which
 * enforces both the buffer's size and the field's limit.  Nothing is
 * allocated; the whole parse is one pass with bounded lookahead.
 *
 * Interface: content_parse.
 */
#include <stdbool.h>
#include <string.h>

#include "content.h"
#include "text.h"
#include "err.h"

/* The parser's state: the front matter lines and the output buffer. */
struct fm {
	const char *t;		/* the whole text */
	size_t end;		/* offset of the closing "---" line */
	size_t pos;		/* offset of the next unread line */
	unsigned int line;	/* number of the line last read */
	char *buf;		/* decoded output */
	size_t cap;		/* bytes in buf */
	size_t used;		/* bytes of buf used */
	size_t lim;		/* buf offset the current field may not pass */
};

static bool
fm_blank(const char *s, const char *e)
{
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	return s == e;
}

/* Read the next line into [*s, *e), without its "\r\n" or "\n". */
static bool
fm_next(struct fm *f, const char **s, const char **e)
{
	const char *nl;

	if (f->pos >= f->end)
		return false;
	*s = f->t + f->pos;
	/* Every line before the closing "---" ends in '\n'. */
	nl = memchr(*s, '\n', f->end - f->pos);
	*e = nl;
	if (*e > *s && (*e)[-1] == '\r')
		(*e)--;
	f->pos = (size_t)(nl - f->t) + 1;
	f->line++;
	return true;
}

static int
fm_put(struct fm *f, char c)
{
	if (f->used >= f->lim)
		return RC_TOOBIG;
	f->buf[f->used++] = c;
	return RC_OK;
}

static int
fm_putn(struct fm *f, const char *s, size_t n)
{
	if (n > f->lim - f->used)
		return RC_TOOBIG;
	memcpy(f->buf + f->used, s, n);
	f->used += n;
	return RC_OK;
}

/* Append code point c as UTF-8. */
static int
fm_put_utf8(struct fm *f, unsigned long c)
{
	char u[4];
	size_t n;

	if (c == 0 || (n = utf8_encode(u, (uint32_t)c)) == 0)
		return RC_FORMAT;
	return fm_putn(f, u, n);
}

/* Decode one escape of a double-quoted scalar; *s points after '\'. */
static int
fm_escape(struct fm *f, const char **s, const char *e)
{
	unsigned long c = 0;
	int i, digits;
	char x;

	if (*s >= e)
		return RC_FORMAT;
	x = *(*s)++;
	switch (x) {
	case 'a': return fm_put(f, '\a');
	case 'b': return fm_put(f, '\b');
	case 't': case '\t': return fm_put(f, '\t');
	case 'n': return fm_put(f, '\n');
	case 'v': return fm_put(f, '\v');
	case 'f': return fm_put(f, '\f');
	case 'r': return fm_put(f, '\r');
	case 'e': return fm_put(f, '\033');
	case ' ': case '"': case '/': case '\\': return fm_put(f, x);
	case 'N': return fm_put_utf8(f, 0x85);
	case '_': return fm_put_utf8(f, 0xa0);
	case 'L': return fm_put_utf8(f, 0x2028);
	case 'P': return fm_put_utf8(f, 0x2029);
	case 'x': digits = 2; break;
	case 'u': digits = 4; break;
	case 'U': digits = 8; break;
	default: return RC_FORMAT;	/* includes \0: no NUL in text */
	}
	for (i = 0; i < digits; i++, (*s)++) {
		if (*s >= e)
			return RC_FORMAT;
		x = **s;
		if (x >= '0' && x <= '9')
			c = c << 4 | (unsigned long)(x - '0');
		else if ((x | 0x20) >= 'a' && (x | 0x20) <= 'f')
			c = c << 4 | (unsigned long)((x | 0x20) - 'a' + 10);
		else
			return RC_FORMAT;
	}
	return fm_put_utf8(f, c);
}

/* After a closing quote or a block header: only blanks or a comment. */
static int
fm_rest(const char *s, const char *e)
{
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	return s == e || *s == '#' ? RC_OK : RC_FORMAT;
}

/*
 * A quoted scalar; s points after the opening quote q.  Line breaks fold
 * as YAML says: one break becomes a space, n blank lines become n
 * newlines, and blanks around a break are dropped.
 */
static int
fm_quoted(struct fm *f, char q, const char *s, const char *e)
{
	size_t trail = f->used;	/* output end before trailing blanks */
	unsigned int breaks;
	bool joined = false;	/* "\" at the end of a line: no space */
	int rc;

	for (;;) {
		while (s < e) {
			char c = *s++;

			if (c == q && q == '\'' && s < e && *s == '\'') {
				s++;
			} else if (c == q) {
				return fm_rest(s, e);
			} else if (c == '\\' && q == '"') {
				if (s == e) {
					joined = true;
					break;
				}
				if ((rc = fm_escape(f, &s, e)) != RC_OK)
					return rc;
				trail = f->used;
				continue;
			}
			if ((rc = fm_put(f, c)) != RC_OK)
				return rc;
			if (c != ' ' && c != '\t')
				trail = f->used;
		}
		if (!joined)
			f->used = trail;
		for (breaks = 0;; breaks++) {
			if (!fm_next(f, &s, &e))
				return RC_FORMAT;	/* unterminated */
			if (!fm_blank(s, e))
				break;
		}
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		rc = RC_OK;
		if (breaks == 0 && !joined)
			rc = fm_put(f, ' ');
		for (; rc == RC_OK && breaks > 0; breaks--)
			rc = fm_put(f, '\n');
		if (rc != RC_OK)
			return rc;
		trail = f->used;
		joined = false;
	}
}

/* One line of a plain scalar: stop at " #"; refuse ": " (a mapping). */
static int
fm_plain_line(struct fm *f, const char *s, const char *e)
{
	const char *p = s, *end = e;

	for (; p < e; p++) {
		if (*p == '#' && p > s && (p[-1] == ' ' || p[-1] == '\t')) {
			end = p;
			break;
		}
		if (*p == ':' && (p + 1 == e || p[1] == ' ' || p[1] == '\t'))
			return RC_FORMAT;
	}
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	return fm_putn(f, s, (size_t)(end - s));
}

/* A plain scalar, going on over lines that are indented. */
static int
fm_plain(struct fm *f, const char *s, const char *e)
{
	unsigned int breaks = 0, line;
	size_t pos;
	int rc;

	if (strchr("[]{}&*!%@`,?|>", *s) != NULL)
		return RC_FORMAT;	/* flow, anchor, alias, tag, ... */
	if ((rc = fm_plain_line(f, s, e)) != RC_OK)
		return rc;
	for (;;) {
		pos = f->pos;
		line = f->line;
		if (!fm_next(f, &s, &e))
			break;
		if (fm_blank(s, e)) {
			breaks++;
			continue;
		}
		if (*s != ' ' && *s != '\t')
			break;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '#')
			break;
		rc = RC_OK;
		if (breaks == 0)
			rc = fm_put(f, ' ');
		for (; rc == RC_OK && breaks > 0; breaks--)
			rc = fm_put(f, '\n');
		if (rc != RC_OK || (rc = fm_plain_line(f, s, e)) != RC_OK)
			return rc;
	}
	/* The line that ended the scalar is the next key's: unread it. */
	f->pos = pos;
	f->line = line;
	return RC_OK;
}

/* Parse a block scalar header ("|", ">-", "|2+", ...) after the key. */
static int
fm_block_header(const char *s, const char *e, char *chomp,
    unsigned int *indent)
{
	int i;

	*chomp = ' ';
	*indent = 0;
	for (i = 0; i < 2 && s < e; i++, s++) {
		if ((*s == '-' || *s == '+') && *chomp == ' ')
			*chomp = *s;
		else if (*s >= '1' && *s <= '9' && *indent == 0)
			*indent = (unsigned int)(*s - '0');
		else
			break;
	}
	return fm_rest(s, e);
}

/* A block scalar; s points after '|' or '>'. */
static int
fm_block(struct fm *f, bool folded, const char *s, const char *e)
{
	unsigned int indent, breaks = 0, line, n;
	bool first = true;
	size_t pos;
	char chomp;
	int rc;

	if ((rc = fm_block_header(s, e, &chomp, &indent)) != RC_OK)
		return rc;
	for (;;) {
		pos = f->pos;
		line = f->line;
		if (!fm_next(f, &s, &e))
			break;
		for (n = 0; s + n < e && s[n] == ' '; n++)
			;
		if (s + n == e && (indent == 0 || n <= indent)) {
			breaks++;	/* an empty line inside or after */
			continue;
		}
		if (indent == 0)
			indent = n;	/* the first line sets the indentation */
		if (n < indent || indent == 0)
			break;
		if (!first && (folded && breaks == 0))
			rc = fm_put(f, ' ');
		else if (!first && !folded)
			breaks++;	/* the break that ended the last line */
		for (; rc == RC_OK && breaks > 0; breaks--)
			rc = fm_put(f, '\n');
		if (rc != RC_OK ||
		    (rc = fm_putn(f, s + indent, (size_t)(e - s) - indent)) != 0)
			return rc;
		first = false;
	}
	f->pos = pos;
	f->line = line;
	if (chomp == '-' || first)
		return RC_OK;
	if (chomp == ' ')
		breaks = 0;
	for (rc = fm_put(f, '\n'); rc == RC_OK && breaks > 0; breaks--)
		rc = fm_put(f, '\n');
	return rc;
}

/* Decode the value of a wanted key into buf, up to limit bytes. */
static int
fm_value(struct fm *f, const char *s, const char *e, size_t limit,
    const char **out, size_t *out_len)
{
	size_t start = f->used;
	int rc;

	f->lim = f->cap - start < limit ? f->cap : start + limit;
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	if (s == e || *s == '#')
		return RC_FORMAT;	/* a list or map, not a string */
	if (*s == '\'' || *s == '"')
		rc = fm_quoted(f, *s, s + 1, e);
	else if (*s == '|' || *s == '>')
		rc = fm_block(f, *s == '>', s + 1, e);
	else
		rc = fm_plain(f, s, e);
	*out = f->buf + start;
	*out_len = f->used - start;
	return rc;
}

/* The offset of the closing "---" line, or RC_FORMAT / RC_TOOBIG. */
static int
fm_find_end(struct fm *f, size_t len, size_t *body)
{
	const char *s = f->t + f->pos, *nl;
	size_t n, off;

	for (off = f->pos; off < len; off += n + 1) {
		s = f->t + off;
		nl = memchr(s, '\n', len - off);
		n = nl != NULL ? (size_t)(nl - s) : len - off;
		f->line++;
		if (off > CONTENT_MAX_FRONT)
			return RC_TOOBIG;
		if (n >= 3 && memcmp(s, "---", 3) == 0 && fm_blank(s + 3,
		    s + (n > 3 && s[n - 1] == '\r' ? n - 1 : n))) {
			f->end = off;
			*body = nl != NULL ? off + n + 1 : len;
			return RC_OK;
		}
	}
	return RC_FORMAT;	/* unterminated: f->line is the last line */
}

/* Check a decoded slug: one line of printable text, relative. */
static bool
fm_slug_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || s[0] == '/')
		return false;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

/* One item of the tags list; s points after "- ".  Appends "item\0". */
static int
fm_tag(struct fm *f, const char *s, const char *e, struct content_meta *m)
{
	size_t start = f->used;
	int rc;

	f->lim = f->cap - start < CONTENT_MAX_TAGS - m->tags_len ? f->cap :
	    start + (CONTENT_MAX_TAGS - m->tags_len);
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	if (s == e || *s == '#')
		return RC_FORMAT;
	if (*s == '\'' || *s == '"')
		rc = fm_quoted(f, *s, s + 1, e);
	else if (strchr("[]{}&*!%@`|>", *s) != NULL)
		rc = RC_FORMAT;
	else
		rc = fm_plain_line(f, s, e);
	if (rc == RC_OK && memchr(f->buf + start, '\0', f->used - start))
		rc = RC_FORMAT;	/* the separator */
	if (rc == RC_OK)
		rc = fm_put(f, '\0');
	if (rc != RC_OK)
		return rc;
	if (m->tags == NULL)
		m->tags = f->buf + start;
	m->tags_len += f->used - start;
	m->ntags++;
	return RC_OK;
}

/*
 * An indented line or a list item: part of the key before it.  For tags
 * it is the next item; items must follow each other, so the buffer holds
 * the list in one piece.
 */
static int
fm_cont(struct fm *f, const char *s, const char *e, bool tags,
    struct content_meta *m)
{
	while (s < e && *s == ' ')
		s++;
	if (!tags || s == e || *s == '#')
		return RC_OK;
	if (*s != '-' || (s + 1 < e && s[1] != ' '))
		return RC_FORMAT;	/* a map inside tags */
	return fm_tag(f, s + 1, e, m);
}

/* Append one item of a flow list to the tags, "item\0". */
static int
fm_flow_item(struct fm *f, const char *s, size_t n, struct content_meta *m)
{
	if (n > CONTENT_MAX_TAGS - m->tags_len - 1 || n + 1 > f->cap - f->used)
		return RC_TOOBIG;
	if (n == 0 || memchr(s, '\0', n) != NULL)
		return RC_FORMAT;
	if (m->tags == NULL)
		m->tags = f->buf + f->used;
	memcpy(f->buf + f->used, s, n);
	f->buf[f->used + n] = '\0';
	f->used += n + 1;
	m->tags_len += n + 1;
	m->ntags++;
	return RC_OK;
}

/*
 * A one-line flow list of tags, "[HTML, 'a b', \"c\"]"; s is after '['.
 * Quoted items take no escapes (none of MDN's tags needs one); a
 * doubled '' stays two quotes.
 */
static int
fm_tags_flow(struct fm *f, const char *s, const char *e,
    struct content_meta *m)
{
	const char *a, *z;
	int rc;
	char q;

	for (;;) {
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		if (s < e && *s == ']' && m->ntags == 0)
			return fm_rest(s + 1, e);
		if (s < e && (*s == '\'' || *s == '"')) {
			q = *s++;
			for (a = s; s < e && (*s != q || (q == '\'' &&
			    s + 1 < e && s[1] == q)); s += *s == q ? 2 : 1)
				;
			if (s >= e || memchr(a, '\\', (size_t)(s - a)) != NULL)
				return RC_FORMAT;
			z = s++;
		} else {
			for (a = s; s < e && *s != ',' && *s != ']'; s++)
				;
			for (z = s; z > a && (z[-1] == ' ' || z[-1] == '\t'); z--)
				;
		}
		if ((rc = fm_flow_item(f, a, (size_t)(z - a), m)) != RC_OK)
			return rc;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		if (s < e && *s == ']')
			return fm_rest(s + 1, e);
		if (s >= e || *s != ',')
			return RC_FORMAT;
		s++;
	}
}

/* The value on the "tags:" line: nothing (a block list follows) or a
 * one-line flow list. */
static int
fm_tags_head(struct fm *f, const char *s, const char *e,
    struct content_meta *m)
{
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	if (s < e && s[0] == '[')
		return fm_tags_flow(f, s + 1, e, m);
	return fm_rest(s, e);
}

/* Read the top-level "key: value" lines; f is after the opening line. */
static int
fm_keys(struct fm *f, struct content_meta *m)
{
	const char *s, *e, *k;
	bool any = false, tags = false, seen_tags = false;
	int rc;

	while (fm_next(f, &s, &e)) {
		if (fm_blank(s, e) || *s == '#')
			continue;
		if (*s == ' ' || *s == '\t' || *s == '-') {
			if (!any)
				return RC_FORMAT;	/* indented, no key */
			if ((rc = fm_cont(f, s, e, tags, m)) != RC_OK)
				return rc;
			continue;
		}
		tags = false;
		for (k = s; s < e && *s != ':' && *s != ' '; s++)
			;
		if (s == k || s == e || *s != ':' ||
		    (s + 1 < e && s[1] != ' ' && s[1] != '\t'))
			return RC_FORMAT;
		any = true;
		if ((s - k == 5 && memcmp(k, "title", 5) == 0)) {
			if (m->title != NULL)
				return RC_FORMAT;
			rc = fm_value(f, s + 1, e, CONTENT_MAX_TITLE, &m->title,
			    &m->title_len);
		} else if (s - k == 4 && memcmp(k, "slug", 4) == 0) {
			if (m->slug != NULL)
				return RC_FORMAT;
			rc = fm_value(f, s + 1, e, SITE_MAX_SLUG, &m->slug,
			    &m->slug_len);
			if (rc == RC_OK && !fm_slug_ok(m->slug, m->slug_len))
				rc = RC_FORMAT;
		} else if (s - k == 14 && memcmp(k, "translation_of", 14) == 0) {
			if (m->translation_of != NULL)
				return RC_FORMAT;
			rc = fm_value(f, s + 1, e, SITE_MAX_SLUG,
			    &m->translation_of, &m->translation_of_len);
			if (rc == RC_OK && !fm_slug_ok(m->translation_of,
			    m->translation_of_len))
				rc = RC_FORMAT;
		} else if (s - k == 4 && memcmp(k, "tags", 4) == 0) {
			if (seen_tags)
				return RC_FORMAT;
			seen_tags = tags = true;
			rc = fm_tags_head(f, s + 1, e, m);
		} else {
			rc = RC_OK;
		}
		if (rc != RC_OK)
			return rc;
	}
	f->line++;	/* errors from here on are about the closing line */
	if (m->title == NULL || m->title_len == 0 || m->slug == NULL)
		return RC_FORMAT;
	return RC_OK;
}

/* see content.h */
int
content_parse(const char *text, size_t len, char *buf, size_t buf_size,
    struct content_meta *m)
{
	struct fm f = { .t = text, .buf = buf, .cap = buf_size };
	const char *nl;
	size_t body;
	int rc;

	memset(m, 0, sizeof(*m));
	/* A UTF-8 byte order mark is not part of the text. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		f.pos = 3;
	f.line = 1;
	nl = memchr(text + f.pos, '\n', len - f.pos);
	if (nl == NULL || nl - (text + f.pos) < 3 ||
	    memcmp(text + f.pos, "---", 3) != 0 ||
	    !fm_blank(text + f.pos + 3, nl[-1] == '\r' ? nl - 1 : nl)) {
		m->line = 1;
		return RC_FORMAT;
	}
	f.pos = (size_t)(nl - text) + 1;
	if ((rc = fm_find_end(&f, len, &body)) != RC_OK) {
		m->line = f.line;
		return rc;
	}
	f.line = 1;
	rc = fm_keys(&f, m);
	if (rc != RC_OK) {
		m->line = f.line;
		return rc;
	}
	m->body = text + body;
	m->body_len = len - body;
	return RC_OK;
}
