/*
 * search.c: the full-text index of a locale (search.h): terms, the text of
 * HTML, the query over a stored blob, and the builder that writes it.
 *
 * The query side runs on the node against a blob that may come from a
 * snapshot push, so it reads the blob through rd16/rd32 after checking
 * each table entry's bounds, and it never trusts order: a cursor that
 * sees postings go backwards gives RC_FORMAT.  Matching is the usual
 * "leapfrog" intersection of sorted postings, one cursor per dictionary
 * term, the rarest query term driving; the best offset + count hits are
 * kept in a min-heap in the caller's scratch, so a query allocates
 * nothing and its cost is bounded by the postings it walks.
 *
 * The build side (the last section) is for host tools: it allocates with
 * malloc and is not referenced by the node, so --gc-sections drops it
 * from the image.
 *
 * Interface: search_tok_init, search_tok_next, search_html_text,
 * search_check, search_query, search_build_new, search_build_add,
 * search_build_blob, search_build_ndocs, search_build_free.
 */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "search.h"

_Static_assert(sizeof(struct search_hdr) == 48, "search_hdr is on disk");
/* The largest idf, ln(1 + 2 SEARCH_MAX_DOCS), fits the u16 it is kept in;
 * and the largest score of a query fits 32 bits. */
_Static_assert(SEARCH_MAX_DOCS <= (1u << 20) && SEARCH_IDF_SCALE <= 4000,
    "idf fits 16 bits");
_Static_assert((uint64_t)SEARCH_MAX_TERMS * 65535 * 4700 *
    (1000000 / SEARCH_IDF_SCALE) / 1000 < UINT32_MAX, "scores fit 32 bits");

#define DOC_SIZE	16
#define TERM_SIZE	16
#define POST_SIZE	8
#define END		UINT32_MAX
#define BAD_CP		UINT32_MAX

/* --- terms ---------------------------------------------------------------- */

enum cls { C_SEP, C_WORD, C_CJK };

/* Decode the UTF-8 character at s[0..n): its code point (BAD_CP for an
 * invalid or overlong sequence) and its length in bytes (>= 1). */
static uint32_t
utf8_dec(const uint8_t *s, size_t n, size_t *l)
{
	uint32_t cp, min;
	size_t i, k;

	*l = 1;
	if (s[0] < 0x80)
		return s[0];
	if (s[0] >= 0xc2 && s[0] < 0xe0)
		k = 2, cp = s[0] & 0x1f, min = 0x80;
	else if (s[0] >= 0xe0 && s[0] < 0xf0)
		k = 3, cp = s[0] & 0x0f, min = 0x800;
	else if (s[0] >= 0xf0 && s[0] < 0xf5)
		k = 4, cp = s[0] & 0x07, min = 0x10000;
	else
		return BAD_CP;
	if (k > n)
		return BAD_CP;
	for (i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return BAD_CP;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))
		return BAD_CP;
	*l = k;
	return cp;
}

static size_t
utf8_enc(uint8_t *o, uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (uint8_t)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (uint8_t)(0xc0 | cp >> 6);
		o[1] = (uint8_t)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (uint8_t)(0xe0 | cp >> 12);
		o[1] = (uint8_t)(0x80 | (cp >> 6 & 0x3f));
		o[2] = (uint8_t)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (uint8_t)(0xf0 | cp >> 18);
	o[1] = (uint8_t)(0x80 | (cp >> 12 & 0x3f));
	o[2] = (uint8_t)(0x80 | (cp >> 6 & 0x3f));
	o[3] = (uint8_t)(0x80 | (cp & 0x3f));
	return 4;
}

static enum cls
cp_class(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
		    (cp >= 'A' && cp <= 'Z') ? C_WORD : C_SEP;
	if (cp == BAD_CP || cp < 0xc0 || cp == 0xd7 || cp == 0xf7)
		return C_SEP;
	/* Punctuation, symbols, arrows, shapes, dingbats; CJK punctuation;
	 * vertical and small forms; specials, private use and emoji. */
	if ((cp >= 0x2000 && cp < 0x2c00) || (cp >= 0x2e00 && cp < 0x2e80) ||
	    (cp >= 0x3000 && cp < 0x3040) || (cp >= 0xe000 && cp < 0xf900) ||
	    (cp >= 0xfe10 && cp < 0xfe70) || (cp >= 0xfff0 && cp < 0x10000) ||
	    (cp >= 0x1f000 && cp < 0x1fc00))
		return C_SEP;
	if (cp >= 0xff00 && cp < 0xfff0) {
		if ((cp >= 0xff10 && cp <= 0xff19) ||
		    (cp >= 0xff21 && cp <= 0xff3a) ||
		    (cp >= 0xff41 && cp <= 0xff5a))
			return C_WORD;
		return cp >= 0xff66 && cp <= 0xff9f ? C_CJK : C_SEP;
	}
	if ((cp >= 0x2e80 && cp < 0x2fe0) || (cp >= 0x3040 && cp < 0x3200) ||
	    (cp >= 0x3400 && cp < 0x4dc0) || (cp >= 0x4e00 && cp < 0xa000) ||
	    (cp >= 0xf900 && cp < 0xfb00) || (cp >= 0x20000 && cp < 0x30000))
		return C_CJK;
	return C_WORD;
}

/* ASCII bases of U+00C0..U+017F: '_' separates (x, /), '1' is "ae",
 * '2' "th", '3' "ss", '4' "ij", '5' "oe". */
static const char latin_base[] =
    "aaaaaa1ceeeeiiii" "dnooooo_ouuuuy23"
    "aaaaaa1ceeeeiiii" "dnooooo_ouuuuy2y"
    "aaaaaaccccccccdd" "ddeeeeeeeeeegggg"
    "gggghhhhiiiiiiii" "ii44jjkkklllllll"
    "lllnnnnnnnnnoooo" "oo55rrrrrrssssss"
    "ssttttttuuuuuuuu" "uuuuwwyyyzzzzzzs";
static const char *const latin_multi[] = { "ae", "th", "ss", "ij", "oe" };

/* Append the folded form of a word character to out[*n..), as a whole
 * or not at all (a term is cut at a character boundary). */
static void
fold_append(uint32_t cp, char *out, size_t *n)
{
	uint8_t b[4];
	const char *m = NULL;
	size_t l;

	if (cp < 0x80) {
		b[0] = (uint8_t)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
		l = 1;
	} else if (cp >= 0xc0 && cp < 0x180) {
		b[0] = (uint8_t)latin_base[cp - 0xc0];
		l = 1;
		if (b[0] >= '1' && b[0] <= '5')
			m = latin_multi[b[0] - '1'];
	} else if (cp >= 0xff10 && cp <= 0xff19) {
		b[0] = (uint8_t)('0' + cp - 0xff10);
		l = 1;
	} else if (cp >= 0xff21 && cp <= 0xff5a) {
		b[0] = (uint8_t)('a' + (cp - 0xff21) % 0x20);
		l = 1;
	} else {
		if ((cp >= 0x391 && cp <= 0x3a9) || (cp >= 0x410 && cp <= 0x42f))
			cp += 0x20;
		else if (cp >= 0x400 && cp <= 0x40f)
			cp += 0x50;
		l = utf8_enc(b, cp);
	}
	if (m != NULL) {
		if (*n + 2 <= SEARCH_MAX_TERM) {
			memcpy(out + *n, m, 2);
			*n += 2;
		}
		return;
	}
	if (*n + l <= SEARCH_MAX_TERM) {
		memcpy(out + *n, b, l);
		*n += l;
	}
}

/* see search.h */
void
search_tok_init(struct search_tok *t, const char *s, size_t len)
{
	t->s = (const uint8_t *)s;
	t->len = len;
	t->pos = 0;
	t->in_run = false;
}

/* A CJK character at t->pos, of length l: a bigram with the next one, a
 * unigram when it stands alone, or nothing (0) when the bigram before
 * already holds it. */
static size_t
tok_cjk(struct search_tok *t, size_t l, char *out)
{
	size_t l2 = 0;
	uint32_t cp2 = BAD_CP;

	if (t->pos + l < t->len)
		cp2 = utf8_dec(t->s + t->pos + l, t->len - t->pos - l, &l2);
	if (cp2 != BAD_CP && cp_class(cp2) == C_CJK) {
		memcpy(out, t->s + t->pos, l + l2);
		t->pos += l;
		t->in_run = true;
		return l + l2;
	}
	if (t->in_run) {
		t->pos += l;
		t->in_run = false;
		return 0;
	}
	memcpy(out, t->s + t->pos, l);
	t->pos += l;
	return l;
}

/* see search.h */
size_t
search_tok_next(struct search_tok *t, char out[SEARCH_MAX_TERM], size_t *at)
{
	size_t l, n;
	uint32_t cp;
	enum cls c;

	while (t->pos < t->len) {
		cp = utf8_dec(t->s + t->pos, t->len - t->pos, &l);
		c = cp_class(cp);
		if (at != NULL)
			*at = t->pos;
		if (c == C_SEP) {
			t->pos += l;
			t->in_run = false;
			continue;
		}
		if (c == C_CJK) {
			if ((n = tok_cjk(t, l, out)) > 0)
				return n;
			continue;
		}
		t->in_run = false;
		n = 0;
		while (c == C_WORD) {
			fold_append(cp, out, &n);
			t->pos += l;
			if (t->pos >= t->len)
				break;
			cp = utf8_dec(t->s + t->pos, t->len - t->pos, &l);
			c = cp_class(cp);
		}
		if (n > 0)
			return n;
	}
	return 0;
}

/* --- the text of HTML ----------------------------------------------------- */

struct text {
	char *o;
	size_t n, cap;
	bool space, full;	/* a space is owed before the next byte */
};

static void
text_put(struct text *t, const void *p, size_t l)
{
	if (t->full)
		return;
	if (t->space && t->n > 0) {
		if (t->n + 1 + l > t->cap) {
			t->full = true;
			return;
		}
		t->o[t->n++] = ' ';
	}
	t->space = false;
	if (t->n + l > t->cap) {
		t->full = true;
		return;
	}
	memcpy(t->o + t->n, p, l);
	t->n += l;
}

static bool
ieq(const char *s, size_t n, const char *lit)
{
	size_t i;

	for (i = 0; i < n && lit[i] != '\0'; i++)
		if ((s[i] | 0x20) != lit[i])
			return false;
	return i == n && lit[i] == '\0';
}

/* Tags that break words: a space stands for them in the text. */
static bool
is_block(const char *s, size_t n)
{
	static const char *const tags[] = {
		"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4",
		"h5", "h6", "tr", "td", "th", "table", "pre", "dt", "dd", "dl",
		"section", "article", "header", "footer", "nav", "blockquote",
		"hr", "figure", "figcaption", "aside", "details", "summary",
		"main", "thead", "tbody", "caption", "img", "option",
	};
	size_t i;

	for (i = 0; i < sizeof tags / sizeof tags[0]; i++)
		if (ieq(s, n, tags[i]))
			return true;
	return false;
}

/* Index of the first occurrence of lit (lower case) in s[from..n), case-
 * insensitively, or n. */
static size_t
ifind(const char *s, size_t n, size_t from, const char *lit)
{
	size_t k = strlen(lit), i;

	for (i = from; i + k <= n; i++)
		if (ieq(s + i, k, lit))
			return i;
	return n;
}

static bool
is_alpha(char c)
{
	c |= 0x20;
	return c >= 'a' && c <= 'z';
}

/* A tag or comment at h[i] == '<': where the text goes on after it, or i
 * when it is a literal '<'. */
static size_t
skip_tag(struct text *t, const char *h, size_t n, size_t i)
{
	size_t j = i + 1, name, nlen, e;
	bool close = false;
	char q = 0;

	if (j < n && h[j] == '!') {	/* a comment, doctype or CDATA */
		if (j + 2 < n && h[j + 1] == '-' && h[j + 2] == '-') {
			e = ifind(h, n, j + 3, "-->");
			return e == n ? n : e + 3;
		}
		e = ifind(h, n, j, ">");
		return e == n ? n : e + 1;
	}
	if (j < n && h[j] == '/') {
		close = true;
		j++;
	}
	if (j >= n || !is_alpha(h[j]))
		return i;
	for (name = j; j < n && (is_alpha(h[j]) ||
	    (h[j] >= '0' && h[j] <= '9')); j++)
		;
	nlen = j - name;
	if (is_block(h + name, nlen))
		t->space = true;
	for (; j < n && (q != 0 || h[j] != '>'); j++) {
		if (q == 0 && (h[j] == '"' || h[j] == '\''))
			q = h[j];
		else if (h[j] == q)
			q = 0;
	}
	if (j >= n)
		return n;
	/* The contents of script and style are not text. */
	if (!close && (ieq(h + name, nlen, "script") ||
	    ieq(h + name, nlen, "style"))) {
		e = ifind(h, n, j, nlen == 6 ? "</script" : "</style");
		if (e == n)
			return n;
		e = ifind(h, n, e, ">");
		return e == n ? n : e + 1;
	}
	return j + 1;
}

struct entity {
	const char *name;
	uint32_t cp;
};

static const struct entity entities[] = {
	{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
	{ "apos", '\'' }, { "nbsp", ' ' }, { "shy", 0 }, { "ndash", 0x2013 },
	{ "mdash", 0x2014 }, { "hellip", 0x2026 }, { "lsquo", 0x2018 },
	{ "rsquo", 0x2019 }, { "ldquo", 0x201c }, { "rdquo", 0x201d },
	{ "laquo", 0xab }, { "raquo", 0xbb }, { "copy", 0xa9 },
	{ "reg", 0xae }, { "trade", 0x2122 }, { "times", 0xd7 },
	{ "middot", 0xb7 }, { "bull", 0x2022 }, { "euro", 0x20ac },
	{ "eacute", 0xe9 }, { "egrave", 0xe8 }, { "agrave", 0xe0 },
	{ "ccedil", 0xe7 }, { "auml", 0xe4 }, { "ouml", 0xf6 },
	{ "uuml", 0xfc }, { "szlig", 0xdf }, { "rarr", 0x2192 },
	{ "larr", 0x2190 }, { "zwj", 0 }, { "zwnj", 0 },
};

/* A character reference at h[i] == '&': its code point in *cp (BAD_CP: a
 * literal '&'), and the length it takes; never shorter than the UTF-8 it
 * becomes, so the text stays no longer than the HTML. */
static size_t
entity_at(const char *h, size_t n, size_t i, uint32_t *cp)
{
	size_t j = i + 1, k, d = 0;
	uint32_t v = 0;
	bool hex;

	*cp = BAD_CP;
	if (j < n && h[j] == '#') {
		hex = ++j < n && (h[j] | 0x20) == 'x';
		j += hex;
		for (; j < n && d < 8; j++, d++) {
			int c = h[j], x = c >= '0' && c <= '9' ? c - '0' :
			    hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ?
			    (c | 0x20) - 'a' + 10 : -1;
			if (x < 0)
				break;
			v = v * (hex ? 16 : 10) + (uint32_t)x;
		}
		if (d == 0 || j >= n || h[j] != ';')
			return 1;
		*cp = v == 0 || v > 0x10ffff || (v >= 0xd800 && v < 0xe000) ?
		    0xfffd : v;
		return j + 1 - i;
	}
	for (k = 0; k < sizeof entities / sizeof entities[0]; k++) {
		size_t l = strlen(entities[k].name);
		if (j + l < n && memcmp(h + j, entities[k].name, l) == 0 &&
		    h[j + l] == ';') {
			*cp = entities[k].cp;
			return l + 2;
		}
	}
	return 1;
}

/* see search.h */
size_t
search_html_text(char *out, size_t cap, const char *h, size_t n)
{
	struct text t = { out, 0, cap, false, false };
	size_t i = 0, l, e;
	uint32_t cp;
	uint8_t b[4];

	while (i < n && !t.full) {
		unsigned char c = (unsigned char)h[i];
		if (c == '<' && (e = skip_tag(&t, h, n, i)) != i) {
			i = e;
		} else if (c == '&') {
			l = entity_at(h, n, i, &cp);
			if (cp == BAD_CP)
				text_put(&t, "&", 1);
			else if (cp == ' ')
				t.space = true;
			else if (cp != 0)
				text_put(&t, b, utf8_enc(b, cp));
			i += l;
		} else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '\f') {
			t.space = true;
			i++;
		} else {
			(void)utf8_dec((const uint8_t *)h + i, n - i, &l);
			text_put(&t, h + i, l);
			i += l;
		}
	}
	return t.n;
}

/* --- query ---------------------------------------------------------------- */

/* A checked view of a blob. */
struct blob {
	const uint8_t *p;
	size_t len;
	struct search_hdr h;
};

static uint32_t
rd16(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t
rd32(const uint8_t *p)
{
	return rd16(p) | rd16(p + 2) << 16;
}

/* Does the table of n entries of size sz at off lie inside the blob? */
static bool
table_ok(const struct blob *b, uint32_t off, uint32_t n, uint32_t sz)
{
	return off >= sizeof(struct search_hdr) && off <= b->len &&
	    (uint64_t)n * sz <= b->len - off;
}

static int
blob_open(struct blob *b, const void *blob, size_t len)
{
	b->p = blob;
	b->len = len;
	if (blob == NULL || len < sizeof b->h)
		return RC_FORMAT;
	memcpy(&b->h, blob, sizeof b->h);	/* the byte order is ours */
	if (b->h.magic != SEARCH_MAGIC || b->h.reserved != 0 ||
	    b->h.ndocs > SEARCH_MAX_DOCS ||
	    !table_ok(b, b->h.docs, b->h.ndocs, DOC_SIZE) ||
	    !table_ok(b, b->h.terms, b->h.nterms, TERM_SIZE) ||
	    !table_ok(b, b->h.post, b->h.npost, POST_SIZE) ||
	    !table_ok(b, b->h.strings, b->h.strings_len, 1))
		return RC_FORMAT;
	return RC_OK;
}

/* see search.h */
int
search_check(const void *blob, size_t len)
{
	struct blob b;

	return blob_open(&b, blob, len);
}

/* Term i of the dictionary: its bytes, idf, postings. */
static int
term_get(const struct blob *b, uint32_t i, const uint8_t **s, size_t *l,
    struct search_cur *c)
{
	const uint8_t *e = b->p + b->h.terms + (size_t)i * TERM_SIZE;
	uint32_t off = rd32(e);

	*l = rd16(e + 4);
	c->idf = rd16(e + 6);
	c->first = rd32(e + 8);
	c->n = rd32(e + 12);
	c->pos = 0;
	c->last = 0;
	if (off > b->h.strings_len || *l > b->h.strings_len - off ||
	    c->first > b->h.npost || c->n > b->h.npost - c->first)
		return RC_FORMAT;
	*s = b->p + b->h.strings + off;
	return RC_OK;
}

static int
term_cmp(const uint8_t *a, size_t al, const char *q, size_t ql)
{
	int c = memcmp(a, q, al < ql ? al : ql);

	if (c != 0)
		return c;
	return al < ql ? -1 : al > ql;
}

/* The first dictionary index whose term is >= q, in *at. */
static int
dict_lower(const struct blob *b, const char *q, size_t ql, uint32_t *at)
{
	uint32_t lo = 0, hi = b->h.nterms, mid;
	struct search_cur c;
	const uint8_t *s;
	size_t l;
	int rc;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((rc = term_get(b, mid, &s, &l, &c)) != RC_OK)
			return rc;
		if (term_cmp(s, l, q, ql) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*at = lo;
	return RC_OK;
}

/*
 * The cursors of query term q into cur[0..*n): the exact term, and for
 * the last query term (prefix) up to SEARCH_MAX_EXPAND terms that start
 * with it, the ones in the most documents, at half weight.  The exact
 * term sorts first among them, so it is cur[0] when there is one.
 */
static int
term_cursors(const struct blob *b, const char *q, size_t ql, bool prefix,
    struct search_cur *cur, uint8_t *n)
{
	struct search_cur c;
	uint32_t i, at;
	const uint8_t *s;
	size_t l, k, min, exact = 0;
	int rc;

	*n = 0;
	if ((rc = dict_lower(b, q, ql, &at)) != RC_OK)
		return rc;
	for (i = at; i < b->h.nterms && i - at < SEARCH_MAX_SCAN; i++) {
		if ((rc = term_get(b, i, &s, &l, &c)) != RC_OK)
			return rc;
		if (l < ql || memcmp(s, q, ql) != 0 || (!prefix && l != ql))
			break;
		if (l == ql)
			exact = 1;
		else
			c.idf /= 2;
		if (*n < SEARCH_MAX_EXPAND) {
			cur[(*n)++] = c;
			continue;
		}
		for (k = min = exact; k < *n; k++)
			if (cur[k].n < cur[min].n)
				min = k;
		if (c.n > cur[min].n)
			cur[min] = c;
	}
	return RC_OK;
}

/* Advance c to its first posting for a document >= d: that document in
 * *doc, or END.  Postings out of order give RC_FORMAT. */
static int
cur_next(const struct blob *b, struct search_cur *c, uint32_t d,
    uint32_t *doc)
{
	const uint8_t *p = b->p + b->h.post + (size_t)c->first * POST_SIZE;
	uint32_t lo = c->pos, hi = c->n, mid, x;

	if (lo < hi && rd32(p + (size_t)lo * POST_SIZE) < d) {
		for (lo++; lo < hi; ) {
			mid = lo + (hi - lo) / 2;
			if (rd32(p + (size_t)mid * POST_SIZE) < d)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	c->pos = lo;
	if (lo >= c->n) {
		*doc = END;
		return RC_OK;
	}
	x = rd32(p + (size_t)lo * POST_SIZE);
	if (x < d || x < c->last || x >= b->h.ndocs)
		return RC_FORMAT;
	c->last = x;
	*doc = x;
	return RC_OK;
}

/* The first document >= d that any cursor of query term g holds. */
static int
group_next(const struct blob *b, struct search_scratch *scr, size_t g,
    uint32_t d, uint32_t *doc)
{
	struct search_cur *c = scr->cur + g * SEARCH_MAX_EXPAND;
	uint32_t x;
	size_t i;
	int rc;

	*doc = END;
	for (i = 0; i < scr->ncur[g]; i++) {
		if ((rc = cur_next(b, &c[i], d, &x)) != RC_OK)
			return rc;
		if (x < *doc)
			*doc = x;
	}
	return RC_OK;
}

/* BM25 of the posting under c for a document of dl terms, plus the
 * title bonus; fixed point. */
static uint32_t
post_score(const struct blob *b, const struct search_cur *c, uint32_t dl)
{
	const uint8_t *e = b->p + b->h.post +
	    ((size_t)c->first + c->pos) * POST_SIZE;
	uint64_t tf = rd16(e + 4), norm = 1000, s;

	/* norm = 1000 * (1 - b + b * dl / avgdl), b = 0.75 */
	if (b->h.total_dl > 0)
		norm = 250 + 750 * (uint64_t)dl * b->h.ndocs / b->h.total_dl;
	/* idf * tf * (k1 + 1) / (tf + k1 * norm), k1 = 1.2, in units of
	 * 1/1000000: 8 terms of the largest idf stay below 2^32. */
	s = c->idf * tf * 2200 * (1000000 / SEARCH_IDF_SCALE) /
	    (tf * 1000 + norm * 12 / 10);
	if (rd16(e + 6) & SEARCH_P_TITLE)
		s += c->idf * 2500 * (1000000 / SEARCH_IDF_SCALE) / 1000;
	return s > UINT32_MAX / SEARCH_MAX_TERMS ?
	    UINT32_MAX / SEARCH_MAX_TERMS : (uint32_t)s;
}

/* The score of document d, which every query term's cursors reached. */
static uint32_t
doc_score(const struct blob *b, const struct search_scratch *scr,
    size_t ng, uint32_t d)
{
	const uint8_t *e = b->p + b->h.docs + (size_t)d * DOC_SIZE;
	const struct search_cur *c;
	uint32_t dl = rd32(e + 12), sum = 0, best, s;
	size_t g, i;

	for (g = 0; g < ng; g++) {
		c = scr->cur + g * SEARCH_MAX_EXPAND;
		for (i = 0, best = 0; i < scr->ncur[g]; i++) {
			if (c[i].pos >= c[i].n || c[i].last != d)
				continue;
			if ((s = post_score(b, &c[i], dl)) > best)
				best = s;
		}
		sum += best;
	}
	return sum;
}

/* Is hit a worse than b: a lower score, or the same and a later slug? */
static bool
worse(const struct search_hit *a, const struct search_hit *b)
{
	return a->score < b->score || (a->score == b->score && a->doc > b->doc);
}

static void
heap_down(struct search_hit *h, size_t n, size_t i)
{
	struct search_hit t;
	size_t c;

	while ((c = 2 * i + 1) < n) {
		if (c + 1 < n && worse(&h[c + 1], &h[c]))
			c++;
		if (!worse(&h[c], &h[i]))
			break;
		t = h[i], h[i] = h[c], h[c] = t;
		i = c;
	}
}

/* Keep the k best hits in the min-heap h[0..*n), the worst on top. */
static void
heap_push(struct search_hit *h, size_t *n, size_t k, struct search_hit x)
{
	struct search_hit t;
	size_t i, p;

	if (*n < k) {
		h[i = (*n)++] = x;
		for (; i > 0 && worse(&h[i], &h[p = (i - 1) / 2]); i = p)
			t = h[i], h[i] = h[p], h[p] = t;
	} else if (k > 0 && worse(&h[0], &x)) {
		h[0] = x;
		heap_down(h, *n, 0);
	}
}

/* Walk the documents every query term matches (ord: rarest first). */
static int
intersect(const struct blob *b, struct search_scratch *scr,
    const uint8_t *ord, size_t ng, size_t k, size_t *total, size_t *nh)
{
	struct search_hit hit;
	uint32_t d = 0, x;
	size_t g, agree;
	int rc;

	for (;;) {
		/* Each disagreement moves d forward, so this ends. */
		for (g = 0, agree = 0; agree < ng; g = (g + 1) % ng) {
			if ((rc = group_next(b, scr, ord[g], d, &x)) != RC_OK)
				return rc;
			if (x == END)
				return RC_OK;
			if (x == d) {
				agree++;
			} else {
				d = x;
				agree = 1;
			}
		}
		hit.doc = d;
		hit.score = doc_score(b, scr, ng, d);
		heap_push(scr->heap, nh, k, hit);
		(*total)++;
		d++;
	}
}

/* The distinct terms of the query into t[], their lengths into tl[]. */
static size_t
query_terms(const char *q, size_t qlen, char t[][SEARCH_MAX_TERM],
    size_t *tl)
{
	struct search_tok tok;
	size_t n = 0, l, i;

	search_tok_init(&tok, q, qlen);
	while (n < SEARCH_MAX_TERMS &&
	    (l = search_tok_next(&tok, t[n], NULL)) > 0) {
		for (i = 0; i < n; i++)
			if (tl[i] == l && memcmp(t[i], t[n], l) == 0)
				break;
		if (i == n)
			tl[n++] = l;
	}
	return n;
}

/* Result i of the blob's document table. */
static int
doc_get(const struct blob *b, uint32_t d, struct search_result *r)
{
	const uint8_t *e = b->p + b->h.docs + (size_t)d * DOC_SIZE;
	uint32_t off = rd32(e);
	const char *s = (const char *)b->p + b->h.strings + off;

	r->slug_len = rd16(e + 4);
	r->title_len = rd16(e + 6);
	r->excerpt_len = rd16(e + 8);
	if (off > b->h.strings_len || r->slug_len + r->title_len +
	    r->excerpt_len > b->h.strings_len - off)
		return RC_FORMAT;
	r->slug = s;
	r->title = s + r->slug_len;
	r->excerpt = r->title + r->title_len;
	return RC_OK;
}

/* Order the hits best first, and copy out [offset, offset + count). */
static int
results(const struct blob *b, struct search_scratch *scr, size_t nh,
    size_t offset, size_t count, struct search_result *res, size_t *nres)
{
	struct search_hit t;
	size_t n, i;
	int rc;

	for (n = nh; n > 1; n--) {
		t = scr->heap[0], scr->heap[0] = scr->heap[n - 1];
		scr->heap[n - 1] = t;
		heap_down(scr->heap, n - 1, 0);
	}
	for (i = offset; i < nh && i - offset < count; i++) {
		if ((rc = doc_get(b, scr->heap[i].doc, &res[i - offset])) !=
		    RC_OK)
			return rc;
		res[i - offset].score = scr->heap[i].score;
		(*nres)++;
	}
	return RC_OK;
}

/* see search.h */
int
search_query(const void *blob, size_t len, const char *q, size_t qlen,
    size_t offset, size_t count, struct search_scratch *scr,
    struct search_result *res, size_t *nres, size_t *total)
{
	char t[SEARCH_MAX_TERMS][SEARCH_MAX_TERM];
	size_t tl[SEARCH_MAX_TERMS], nt, g, i, k, nh = 0;
	uint64_t df[SEARCH_MAX_TERMS];
	uint8_t ord[SEARCH_MAX_TERMS];
	struct blob b;
	int rc;

	if (scr == NULL || nres == NULL || total == NULL ||
	    (q == NULL && qlen > 0) || (res == NULL && count > 0))
		return RC_INVAL;
	*nres = 0;
	*total = 0;
	if ((rc = blob_open(&b, blob, len)) != RC_OK)
		return rc;
	qlen = qlen > SEARCH_MAX_QUERY ? SEARCH_MAX_QUERY : qlen;
	if ((nt = query_terms(q, qlen, t, tl)) == 0)
		return RC_OK;
	for (g = 0; g < nt; g++) {
		/* A query that ends in a space has typed its last word; one
		 * letter is too short a prefix to mean anything. */
		rc = term_cursors(&b, t[g], tl[g], g == nt - 1 &&
		    q[qlen - 1] != ' ' && tl[g] >= 2,
		    scr->cur + g * SEARCH_MAX_EXPAND, &scr->ncur[g]);
		if (rc != RC_OK)
			return rc;
		if (scr->ncur[g] == 0)
			return RC_OK;
		for (i = 0, df[g] = 0; i < scr->ncur[g]; i++)
			df[g] += scr->cur[g * SEARCH_MAX_EXPAND + i].n;
		/* Insertion sort: the rarest term drives the walk. */
		for (i = g; i > 0 && df[ord[i - 1]] > df[g]; i--)
			ord[i] = ord[i - 1];
		ord[i] = (uint8_t)g;
	}
	k = offset >= SEARCH_MAX_WINDOW ? 0 : offset + count >
	    SEARCH_MAX_WINDOW ? SEARCH_MAX_WINDOW : offset + count;
	if ((rc = intersect(&b, scr, ord, nt, k, total, &nh)) != RC_OK)
		return rc;
	return results(&b, scr, nh, offset, count, res, nres);
}

/* --- build (host tools only) ---------------------------------------------- */

struct bpost {
	uint32_t doc;
	uint16_t tf, flags;
};

struct bterm {
	uint32_t str;		/* offset in the term bytes */
	uint16_t len;
	uint32_t hash;
	uint32_t last;		/* doc + 1 of the last posting; 0: none */
	size_t npost, cap;
	struct bpost *post;
};

struct bdoc {
	char *s;		/* slug, title, text back to back */
	uint16_t slug_len, title_len;
	size_t text_len;
	uint32_t dl;
};

struct search_build {
	struct bdoc *doc;
	size_t ndocs, cap_docs;
	struct bterm *term;
	size_t nterms, cap_terms;
	uint32_t *slot;		/* hash table of term index + 1 */
	size_t nslots;
	char *bytes;		/* the terms' bytes */
	size_t nbytes, cap_bytes;
	uint64_t total_dl, npost;
	bool built;		/* search_build_blob ran: it runs once */
};

/* Grow *p (of *cap elements of size sz) to hold n; false: no memory. */
static bool
grow(void *p, size_t *cap, size_t n, size_t sz)
{
	size_t c = *cap > 0 ? *cap : 16;
	void *q;

	if (n <= *cap)
		return true;
	while (c < n)
		c *= 2;
	if ((q = realloc(*(void **)p, c * sz)) == NULL)
		return false;
	*(void **)p = q;
	*cap = c;
	return true;
}

/* see search.h */
int
search_build_new(struct search_build **bp)
{
	struct search_build *b = calloc(1, sizeof *b);

	if (b == NULL)
		return RC_NOMEM;
	b->nslots = 1024;
	if ((b->slot = calloc(b->nslots, sizeof *b->slot)) == NULL) {
		free(b);
		return RC_NOMEM;
	}
	*bp = b;
	return RC_OK;
}

/* see search.h */
int
search_build_add(struct search_build *b, const char *slug, size_t slug_len,
    const char *title, size_t title_len, const char *text, size_t text_len)
{
	struct bdoc *d;

	if (b->built)
		return RC_INVAL;
	if (b->ndocs >= SEARCH_MAX_DOCS || slug_len > UINT16_MAX ||
	    title_len > UINT16_MAX)
		return RC_TOOBIG;
	if (!grow(&b->doc, &b->cap_docs, b->ndocs + 1, sizeof *b->doc))
		return RC_NOMEM;
	d = &b->doc[b->ndocs];
	if ((d->s = malloc(slug_len + title_len + text_len + 1)) == NULL)
		return RC_NOMEM;
	memcpy(d->s, slug, slug_len);
	memcpy(d->s + slug_len, title, title_len);
	memcpy(d->s + slug_len + title_len, text, text_len);
	d->slug_len = (uint16_t)slug_len;
	d->title_len = (uint16_t)title_len;
	d->text_len = text_len;
	d->dl = 0;
	b->ndocs++;
	return RC_OK;
}

/* see search.h */
size_t
search_build_ndocs(const struct search_build *b)
{
	return b->ndocs;
}

/* see search.h */
void
search_build_free(struct search_build *b)
{
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; i < b->ndocs; i++)
		free(b->doc[i].s);
	for (i = 0; i < b->nterms; i++)
		free(b->term[i].post);
	free(b->doc);
	free(b->term);
	free(b->slot);
	free(b->bytes);
	free(b);
}

static uint32_t
fnv1a(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	while (n-- > 0)
		h = (h ^ (uint8_t)*s++) * 16777619u;
	return h;
}

static bool
rehash(struct search_build *b)
{
	size_t n = b->nslots * 2, i, j;
	uint32_t *s = calloc(n, sizeof *s);

	if (s == NULL)
		return false;
	for (i = 0; i < b->nterms; i++) {
		for (j = b->term[i].hash & (n - 1); s[j] != 0; j = (j + 1) &
		    (n - 1))
			;
		s[j] = (uint32_t)i + 1;
	}
	free(b->slot);
	b->slot = s;
	b->nslots = n;
	return true;
}

/* The index of term t[0..l), added when new; -1: no memory. */
static long
term_find(struct search_build *b, const char *t, size_t l)
{
	uint32_t h = fnv1a(t, l);
	struct bterm *e;
	size_t j;

	for (j = h & (b->nslots - 1); b->slot[j] != 0;
	    j = (j + 1) & (b->nslots - 1)) {
		e = &b->term[b->slot[j] - 1];
		if (e->hash == h && e->len == l &&
		    memcmp(b->bytes + e->str, t, l) == 0)
			return (long)b->slot[j] - 1;
	}
	if (!grow(&b->term, &b->cap_terms, b->nterms + 1, sizeof *b->term) ||
	    !grow(&b->bytes, &b->cap_bytes, b->nbytes + l, 1))
		return -1;
	e = &b->term[b->nterms];
	memset(e, 0, sizeof *e);
	e->str = (uint32_t)b->nbytes;
	e->len = (uint16_t)l;
	e->hash = h;
	memcpy(b->bytes + b->nbytes, t, l);
	b->nbytes += l;
	b->slot[j] = (uint32_t)++b->nterms;
	if (b->nterms * 2 > b->nslots && !rehash(b))
		return -1;
	return (long)b->nterms - 1;
}

/* Count the terms of s[0..n) for document i; flags for each posting. */
static int
index_text(struct search_build *b, uint32_t i, const char *s, size_t n,
    uint16_t flags)
{
	char t[SEARCH_MAX_TERM];
	struct search_tok tok;
	struct bterm *e;
	size_t l;
	long k;

	search_tok_init(&tok, s, n);
	while ((l = search_tok_next(&tok, t, NULL)) > 0) {
		if ((k = term_find(b, t, l)) < 0)
			return RC_NOMEM;
		e = &b->term[k];
		if (e->last != i + 1) {
			if (!grow(&e->post, &e->cap, e->npost + 1,
			    sizeof *e->post))
				return RC_NOMEM;
			e->post[e->npost++] = (struct bpost){ i, 0, 0 };
			e->last = i + 1;
			b->npost++;
		}
		if (e->post[e->npost - 1].tf < UINT16_MAX)
			e->post[e->npost - 1].tf++;
		e->post[e->npost - 1].flags |= flags;
		b->doc[i].dl++;
		b->total_dl++;
	}
	return RC_OK;
}

static int
doc_cmp(const void *a, const void *b)
{
	const struct bdoc *x = a, *y = b;
	size_t n = x->slug_len < y->slug_len ? x->slug_len : y->slug_len;
	int c = memcmp(x->s, y->s, n);

	return c != 0 ? c : (x->slug_len > y->slug_len) -
	    (x->slug_len < y->slug_len);
}

struct tsort {
	const char *p;
	size_t len, idx;
};

static int
tsort_cmp(const void *a, const void *b)
{
	const struct tsort *x = a, *y = b;

	return term_cmp((const uint8_t *)x->p, x->len, y->p, y->len);
}

/* ln x for x >= 1, to a few digits: enough for idf, and no libm. */
static double
ln(double x)
{
	double k = 0, y, y2, s = 0, p;
	int i;

	while (x >= 2) {
		x /= 2;
		k += 0.69314718055994531;
	}
	/* ln x = 2 atanh((x - 1) / (x + 1)); |y| < 1/3 converges fast. */
	y = (x - 1) / (x + 1);
	y2 = y * y;
	for (i = 1, p = y; i < 40; i += 2, p *= y2)
		s += p / i;
	return k + 2 * s;
}

/* idf x SEARCH_IDF_SCALE as BM25 has it: ln(1 + (N - df + 0.5) /
 * (df + 0.5)). */
static uint16_t
idf(size_t ndocs, size_t df)
{
	double v = ln(1 + ((double)ndocs - (double)df + 0.5) /
	    ((double)df + 0.5)) * SEARCH_IDF_SCALE + 0.5;

	return v < 1 ? 1 : v > UINT16_MAX ? UINT16_MAX : (uint16_t)v;
}

/* The excerpt of a text: its first SEARCH_EXCERPT bytes, cut at a
 * character and, when one is near, at a space. */
static size_t
excerpt_len(const char *t, size_t n)
{
	size_t e, i;

	if (n <= SEARCH_EXCERPT)
		return n;
	for (e = SEARCH_EXCERPT; e > 0 && ((uint8_t)t[e] & 0xc0) == 0x80; e--)
		;
	for (i = e; i > SEARCH_EXCERPT * 3 / 4; i--)
		if (t[i] == ' ')
			return i;
	return e;
}

static void
wr16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void
wr32(uint8_t *p, uint32_t v)
{
	wr16(p, v);
	wr16(p + 2, v >> 16);
}

/* Write the tables and strings into o, sized by the caller. */
static void
serialize(struct search_build *b, struct tsort *ts, uint8_t *o,
    struct search_hdr *h)
{
	uint8_t *e;
	uint32_t str = 0, post = 0;
	size_t i, j, x;
	struct bdoc *d;
	struct bterm *t;

	for (i = 0; i < b->ndocs; i++) {
		d = &b->doc[i];
		e = o + h->docs + i * DOC_SIZE;
		x = excerpt_len(d->s + d->slug_len + d->title_len,
		    d->text_len);
		wr32(e, str);
		wr16(e + 4, d->slug_len);
		wr16(e + 6, d->title_len);
		wr16(e + 8, (uint32_t)x);
		wr16(e + 10, 0);
		wr32(e + 12, d->dl);
		memcpy(o + h->strings + str, d->s, d->slug_len +
		    d->title_len + x);
		str += d->slug_len + d->title_len + (uint32_t)x;
	}
	for (i = 0; i < b->nterms; i++) {
		t = &b->term[ts[i].idx];
		e = o + h->terms + i * TERM_SIZE;
		wr32(e, str);
		wr16(e + 4, t->len);
		wr16(e + 6, idf(b->ndocs, t->npost));
		wr32(e + 8, post);
		wr32(e + 12, (uint32_t)t->npost);
		memcpy(o + h->strings + str, b->bytes + t->str, t->len);
		str += t->len;
		for (j = 0; j < t->npost; j++, post++) {
			e = o + h->post + (size_t)post * POST_SIZE;
			wr32(e, t->post[j].doc);
			wr16(e + 4, t->post[j].tf);
			wr16(e + 6, t->post[j].flags);
		}
	}
	memcpy(o, h, sizeof *h);	/* the byte order is ours */
}

/* see search.h */
int
search_build_blob(struct search_build *b, void **blob, size_t *len)
{
	struct search_hdr h = { .magic = SEARCH_MAGIC };
	struct tsort *ts = NULL;
	uint64_t strings = 0, size;
	size_t i;
	int rc;

	if (b->built)
		return RC_INVAL;
	b->built = true;
	/* Documents in slug order, so ties rank the same whatever the
	 * order pages were added in; then postings come out sorted. */
	qsort(b->doc, b->ndocs, sizeof *b->doc, doc_cmp);
	for (i = 0; i < b->ndocs; i++) {
		struct bdoc *d = &b->doc[i];
		if ((rc = index_text(b, (uint32_t)i, d->s + d->slug_len,
		    d->title_len, SEARCH_P_TITLE)) != RC_OK ||
		    (rc = index_text(b, (uint32_t)i, d->s + d->slug_len +
		    d->title_len, d->text_len, 0)) != RC_OK)
			return rc;
		strings += d->slug_len + d->title_len +
		    excerpt_len(d->s + d->slug_len + d->title_len, d->text_len);
	}
	strings += b->nbytes;
	if (b->nterms > 0 && (ts = malloc(b->nterms * sizeof *ts)) == NULL)
		return RC_NOMEM;
	for (i = 0; i < b->nterms; i++)
		ts[i] = (struct tsort){ b->bytes + b->term[i].str,
		    b->term[i].len, i };
	qsort(ts, b->nterms, sizeof *ts, tsort_cmp);
	h.ndocs = (uint32_t)b->ndocs;
	h.nterms = (uint32_t)b->nterms;
	h.total_dl = b->total_dl;
	h.docs = sizeof h;
	size = sizeof h + (uint64_t)b->ndocs * DOC_SIZE;
	h.terms = (uint32_t)size;
	size += (uint64_t)b->nterms * TERM_SIZE;
	h.post = (uint32_t)size;
	size += b->npost * POST_SIZE;
	h.strings = (uint32_t)size;
	size += strings;
	if (size > UINT32_MAX) {
		free(ts);
		return RC_TOOBIG;
	}
	h.npost = (uint32_t)b->npost;
	h.strings_len = (uint32_t)strings;
	if ((*blob = calloc(1, (size_t)size)) == NULL) {
		free(ts);
		return RC_NOMEM;
	}
	serialize(b, ts, *blob, &h);
	*len = (size_t)size;
	free(ts);
	return RC_OK;
}
