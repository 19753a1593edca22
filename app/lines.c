/*
 * lines.c: the bytes the request path writes itself: header lines in a
 * caller's buffer, URLs encoded the way Django encoded them, and the
 * request's query carried into a Location.
 *
 * A buffer that fills up says so (over) and keeps what fit; the caller
 * decides what an overlong answer becomes (414 for a Location built from
 * the request, site.c).
 *
 * Interface: app_buf_put, app_buf_str, app_buf_uint, app_buf_url,
 * app_buf_query, app_query_get, app_form_decode.
 */
#include <string.h>

#include "internal.h"
#include "text.h"

/* see internal.h */
void
app_buf_put(struct app_buf *b, const char *s, size_t n)
{
	if (b->over || n > b->cap - b->len) {
		b->over = true;
		return;
	}
	if (n > 0)
		memcpy(b->p + b->len, s, n);
	b->len += n;
}

/* see internal.h */
void
app_buf_str(struct app_buf *b, const char *s)
{
	app_buf_put(b, s, strlen(s));
}

/* see internal.h */
void
app_buf_uint(struct app_buf *b, uint64_t v)
{
	char d[20];
	int i = (int)sizeof d;

	do {
		d[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	app_buf_put(b, d + i, sizeof d - (size_t)i);
}

static bool
app_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/*
 * Bytes kept as they are.  APP_URL_PATH: RFC 3986 unreserved, sub-delims,
 * ':' '@' '/' (what reverse() and iri_to_uri leave); APP_URL_QUOTE:
 * Python 2's quote(s, safe='/'), which quotes '~'; APP_URL_PLUS:
 * quote_plus, for query keys and values.
 */
static bool
app_url_safe(unsigned char c, enum app_url how)
{
	if (app_alnum(c) || c == '_' || c == '.' || c == '-')
		return true;
	switch (how) {
	case APP_URL_PATH:
		return c != '\0' && strchr("~!$&'()*+,;=:@/", c) != NULL;
	case APP_URL_QUOTE:
		return c == '/';
	case APP_URL_PLUS:
		return false;
	}
	return false;
}

/* see internal.h */
void
app_buf_url(struct app_buf *b, const char *s, size_t n, enum app_url how)
{
	static const char hex[] = "0123456789ABCDEF";
	char e[3] = { '%', 0, 0 };
	size_t i, run;

	for (i = 0; i < n; i += run) {
		for (run = 0; i + run < n &&
		    app_url_safe((unsigned char)s[i + run], how); run++)
			;
		app_buf_put(b, s + i, run);
		if (run > 0 || i == n)
			continue;
		if (how == APP_URL_PLUS && s[i] == ' ') {
			app_buf_put(b, "+", 1);
		} else {
			e[1] = hex[(unsigned char)s[i] >> 4];
			e[2] = hex[(unsigned char)s[i] & 15];
			app_buf_put(b, e, 3);
		}
		run = 1;
	}
}


/* see internal.h */
size_t
app_form_decode(const char *s, size_t n, char *out, size_t cap)
{
	size_t i, o = 0;

	for (i = 0; i < n && o < cap; i++) {
		out[o] = s[i];
		if (s[i] == '+') {
			out[o] = ' ';
		} else if (s[i] == '%' && n - i >= 3 &&
		    hex_digit(s[i + 1]) >= 0 && hex_digit(s[i + 2]) >= 0) {
			out[o] = (char)(hex_digit(s[i + 1]) << 4 |
			    hex_digit(s[i + 2]));
			i += 2;
		}
		o++;
	}
	return o;
}

/* A query component decoded (+ and %XX) and encoded again as quote_plus
 * does: "?raw" becomes "raw=", "a%2fb" becomes "a%2Fb". */
static void
app_buf_recode(struct app_buf *b, const char *s, size_t n)
{
	size_t i;
	char c;

	for (i = 0; i < n; i++) {
		c = s[i];
		if (c == '+') {
			c = ' ';
		} else if (c == '%' && n - i >= 3 && hex_digit(s[i + 1]) >= 0 &&
		    hex_digit(s[i + 2]) >= 0) {
			c = (char)(hex_digit(s[i + 1]) << 4 | hex_digit(s[i + 2]));
			i += 2;
		}
		app_buf_url(b, &c, 1, APP_URL_PLUS);
	}
}

/* One "k[=v]" pair, re-encoded, after sep. */
static void
app_buf_pair(struct app_buf *b, const char *sep, const char *s, size_t n)
{
	const char *eq = memchr(s, '=', n);
	size_t kn = eq != NULL ? (size_t)(eq - s) : n;

	app_buf_str(b, sep);
	app_buf_recode(b, s, kn);
	app_buf_put(b, "=", 1);
	if (eq != NULL)
		app_buf_recode(b, eq + 1, n - kn - 1);
}

/* Does query rq have a parameter with the raw key of pair s[0..n)? */
static bool
app_query_has(const char *rq, size_t rqn, const char *s, size_t n)
{
	const char *eq = memchr(s, '=', n);
	char key[128];
	size_t kn = eq != NULL ? (size_t)(eq - s) : n;
	const char *v;
	size_t vn;

	if (kn >= sizeof key)
		return false;
	memcpy(key, s, kn);
	key[kn] = '\0';
	return app_query_get(rq, rqn, key, &v, &vn);
}

/*
 * see internal.h.  Merging is Kuma's urlparams(): the target's own
 * parameters first, less those the request replaces, then the
 * request's, every key and value re-encoded; a fragment stays last.
 */
void
app_buf_query(struct app_buf *b, const char *loc, size_t n, const char *rq,
    size_t rqn, bool merge)
{
	const char *qm, *hash, *p, *end, *amp;
	const char *sep = "?";

	if (!merge) {
		app_buf_put(b, loc, n);
		if (rqn > 0) {
			app_buf_str(b, memchr(loc, '?', n) != NULL ? "&" : "?");
			app_buf_put(b, rq, rqn);
		}
		return;
	}
	hash = memchr(loc, '#', n);
	end = hash != NULL ? hash : loc + n;
	qm = memchr(loc, '?', (size_t)(end - loc));
	app_buf_put(b, loc, (size_t)((qm != NULL ? qm : end) - loc));
	for (p = qm != NULL ? qm + 1 : end; p < end; p = amp + 1) {
		amp = memchr(p, '&', (size_t)(end - p));
		if (amp == NULL)
			amp = end;
		if (amp > p && !app_query_has(rq, rqn, p, (size_t)(amp - p))) {
			app_buf_pair(b, sep, p, (size_t)(amp - p));
			sep = "&";
		}
	}
	for (p = rq, end = rq + rqn; p < end; p = amp + 1) {
		amp = memchr(p, '&', (size_t)(end - p));
		if (amp == NULL)
			amp = end;
		if (amp > p) {
			app_buf_pair(b, sep, p, (size_t)(amp - p));
			sep = "&";
		}
	}
	if (hash != NULL)
		app_buf_put(b, hash, (size_t)(loc + n - hash));
}

/* see internal.h */
bool
app_query_get(const char *qs, size_t qn, const char *name, const char **val,
    size_t *vn)
{
	size_t nl = strlen(name), kn;
	const char *p, *end, *amp, *eq;

	if (qs == NULL)
		return false;
	for (p = qs, end = qs + qn; p < end; p = amp + 1) {
		amp = memchr(p, '&', (size_t)(end - p));
		if (amp == NULL)
			amp = end;
		eq = memchr(p, '=', (size_t)(amp - p));
		kn = (size_t)((eq != NULL ? eq : amp) - p);
		if (kn == nl && memcmp(p, name, nl) == 0) {
			*val = eq != NULL ? eq + 1 : NULL;
			*vn = eq != NULL ? (size_t)(amp - eq - 1) : 0;
			return true;
		}
		if (amp == end)
			break;
	}
	return false;
}
