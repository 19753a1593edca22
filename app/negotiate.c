/*
 * negotiate.c: the request header fields that choose between stored
 * answers: Accept-Encoding (which body), If-None-Match and
 * If-Modified-Since (200 or 304), with the HTTP-date parser they need.
 *
 * All of it is pure and reads only the bytes it is given; malformed
 * input never fails a request, it only loses its effect (an unreadable
 * date is no condition, an unreadable coding is not acceptable).
 *
 * Interface: app_weight, app_parse_date, app_etag_match,
 * app_pick_encoding.
 */
#include <string.h>

#include "internal.h"

static bool
app_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* "q=0.xyz" at p: thousandths, 1000 when malformed (as if absent). */
static int
app_qvalue(const char *p, const char *end)
{
	int q = 0, scale = 100;

	if (end - p < 3 || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=')
		return 1000;
	p += 2;
	if (*p == '1')
		return 1000;
	if (*p != '0')
		return 1000;
	p++;
	if (p < end && *p == '.')
		p++;
	for (; p < end && *p >= '0' && *p <= '9' && scale > 0; p++) {
		q += (*p - '0') * scale;
		scale /= 10;
	}
	return q;
}

/* see internal.h */
int
app_weight(const char *p, const char *end)
{
	const char *semi;

	while ((semi = memchr(p, ';', (size_t)(end - p))) != NULL) {
		p = semi + 1;
		while (p < end && app_ows(*p))
			p++;
		if (p < end && (*p == 'q' || *p == 'Q'))
			return app_qvalue(p, end);
	}
	return 1000;
}

/* --- dates ------------------------------------------------------------ */

static const char app_months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t
app_days(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* n digits at *p into *v; *p moves on. */
static bool
app_digits(const char **p, const char *end, int n, int *v)
{
	int i;

	for (*v = 0, i = 0; i < n; i++, (*p)++) {
		if (*p >= end || **p < '0' || **p > '9')
			return false;
		*v = *v * 10 + (**p - '0');
	}
	return true;
}

static bool
app_lit(const char **p, const char *end, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(end - *p) < n || memcmp(*p, lit, n) != 0)
		return false;
	*p += n;
	return true;
}

/* "Nov" at *p: 1..12, or 0. */
static unsigned
app_month(const char **p, const char *end)
{
	int i;

	if (end - *p < 3)
		return 0;
	for (i = 0; i < 12; i++)
		if (memcmp(*p, app_months + 3 * i, 3) == 0) {
			*p += 3;
			return (unsigned)i + 1;
		}
	return 0;
}

/* "HH:MM:SS" at *p, in seconds, or -1. */
static int
app_clock(const char **p, const char *end)
{
	int h, m, s;

	if (!app_digits(p, end, 2, &h) || !app_lit(p, end, ":") ||
	    !app_digits(p, end, 2, &m) || !app_lit(p, end, ":") ||
	    !app_digits(p, end, 2, &s) || h > 23 || m > 59 || s > 60)
		return -1;
	return h * 3600 + m * 60 + s;
}

/*
 * see internal.h.  The three forms of RFC 9110 5.6.7; a two-digit year
 * of RFC 850 is 19xx from 70 on and 20xx below, as Django read it.
 */
int64_t
app_parse_date(const char *s, size_t n)
{
	const char *p = s, *end = s + n, *comma = memchr(s, ',', n);
	int d, y, t;
	unsigned m;

	if (comma != NULL) {
		p = comma + 1;
		if (!app_lit(&p, end, " ") || !app_digits(&p, end, 2, &d))
			return -1;
		if (app_lit(&p, end, " ")) {		/* IMF-fixdate */
			if ((m = app_month(&p, end)) == 0 ||
			    !app_lit(&p, end, " ") ||
			    !app_digits(&p, end, 4, &y))
				return -1;
		} else if (app_lit(&p, end, "-")) {	/* RFC 850 */
			if ((m = app_month(&p, end)) == 0 ||
			    !app_lit(&p, end, "-") ||
			    !app_digits(&p, end, 2, &y))
				return -1;
			y += y < 70 ? 2000 : 1900;
		} else {
			return -1;
		}
		if (!app_lit(&p, end, " ") || (t = app_clock(&p, end)) < 0 ||
		    !app_lit(&p, end, " GMT") || p != end)
			return -1;
	} else {				/* asctime: "Sun Nov  6 ..." */
		if (n < 3)
			return -1;
		p += 3;
		if (!app_lit(&p, end, " ") ||
		    (m = app_month(&p, end)) == 0 || !app_lit(&p, end, " "))
			return -1;
		if (app_lit(&p, end, " ")) {
			if (!app_digits(&p, end, 1, &d))
				return -1;
		} else if (!app_digits(&p, end, 2, &d)) {
			return -1;
		}
		if (!app_lit(&p, end, " ") || (t = app_clock(&p, end)) < 0 ||
		    !app_lit(&p, end, " ") || !app_digits(&p, end, 4, &y) ||
		    p != end)
			return -1;
	}
	if (d < 1 || d > 31)
		return -1;
	return app_days(y, m, (unsigned)d) * 86400 + t;
}

/* --- entity tags ------------------------------------------------------ */

/* The opaque part of an entity tag, W/ dropped (weak comparison). */
static void
app_opaque(const char **s, size_t *n)
{
	if (*n >= 2 && (*s)[0] == 'W' && (*s)[1] == '/') {
		*s += 2;
		*n -= 2;
	}
}

/* see internal.h */
bool
app_etag_match(const char *s, size_t n, const char *etag, size_t el)
{
	const char *p = s, *end = s + n, *tag, *close;
	size_t tn;

	if (el == 0)
		return false;
	app_opaque(&etag, &el);
	while (p < end) {
		while (p < end && (app_ows(*p) || *p == ','))
			p++;
		if (p == end)
			break;
		if (*p == '*')
			return true;
		tag = p;
		if (end - p >= 2 && p[0] == 'W' && p[1] == '/')
			p += 2;
		if (p == end || *p != '"')
			return false;	/* not a list of entity tags */
		close = memchr(p + 1, '"', (size_t)(end - p - 1));
		if (close == NULL)
			return false;
		p = close + 1;
		tn = (size_t)(p - tag);
		app_opaque(&tag, &tn);
		if (tn == el && memcmp(tag, etag, el) == 0)
			return true;
	}
	return false;
}

/* --- content codings -------------------------------------------------- */

/*
 * see internal.h.  A coding not named takes the q of "*" if given, else
 * it is not acceptable.  Identity, unless named (or "*"), ranks after
 * every coding the client named: "br;q=0.4, gzip;q=0.6" is gzip, as
 * nginx and Apache read it.  Of the acceptable bodies the highest q
 * wins, br before gzip before identity at equal q.  When nothing is
 * acceptable the identity body goes anyway (RFC 9110 12.5.3 allows it;
 * a 406 helps no one).
 */
enum site_enc
app_pick_encoding(const char *s, size_t n, const struct site_view *v)
{
	int qbr = -1, qgz = -1, qid = -1, qstar = -1, w;
	const char *p = s, *end = s + n, *comma, *e;
	enum site_enc best = SITE_ENC_ID;
	int bq;

	if (s == NULL)
		return SITE_ENC_ID;
	for (; p < end; p = comma + 1) {
		comma = memchr(p, ',', (size_t)(end - p));
		if (comma == NULL)
			comma = end;
		while (p < comma && app_ows(*p))
			p++;
		for (e = p; e < comma && *e != ';' && !app_ows(*e); e++)
			;
		w = app_weight(e, comma);
		if (http_eq(p, (size_t)(e - p), "br"))
			qbr = w;
		else if (http_eq(p, (size_t)(e - p), "gzip") ||
		    http_eq(p, (size_t)(e - p), "x-gzip"))
			qgz = w;
		else if (http_eq(p, (size_t)(e - p), "identity"))
			qid = w;
		else if (e - p == 1 && *p == '*')
			qstar = w;
		if (comma == end)
			break;
	}
	if (qbr < 0)
		qbr = qstar > 0 ? qstar : 0;
	if (qgz < 0)
		qgz = qstar > 0 ? qstar : 0;
	if (qid < 0)		/* acceptable, but after any coding named */
		qid = qstar >= 0 ? qstar : 0;
	bq = qid;
	if (v->body[SITE_ENC_GZIP].len > 0 && qgz > 0 && qgz >= bq) {
		best = SITE_ENC_GZIP;
		bq = qgz;
	}
	if (v->body[SITE_ENC_BR].len > 0 && qbr > 0 && qbr >= bq)
		best = SITE_ENC_BR;
	return best;
}
