/*
 * locale.c: Kuma's locales (kuma-site-spec.md 3.1) and how a request
 * without one in its path gets one (3.2).
 *
 * The table is REF's ACCEPTED_LOCALES in its order, which matters: a
 * generic code resolves to the first regional variant listed ("pt" to
 * pt-PT, "zh" to zh-CN).  Matching is on ASCII case only, as Django's
 * lower() does for these codes.
 *
 * Interface: app_locale_exact, app_locale_variant, app_locale_in_slug,
 * app_locale_negotiate, app_locale.
 */
#include <string.h>

#include "internal.h"

static const char *const app_locales[] = {
	"en-US", "af", "ar", "az", "bg", "bm", "bn-BD", "bn-IN", "ca", "cs",
	"de", "ee", "el", "es", "fa", "ff", "fi", "fr", "fy-NL", "ga-IE",
	"ha", "he", "hi-IN", "hr", "hu", "id", "ig", "it", "ja", "ka", "kab",
	"ko", "ln", "mg", "ml", "ms", "my", "nl", "pl", "pt-PT", "pt-BR",
	"ro", "ru", "son", "sq", "sr", "sr-Latn", "sv-SE", "sw", "ta", "te",
	"th", "tl", "tn", "tr", "uk", "vi", "wo", "xh", "yo", "zh-CN",
	"zh-TW", "zu",
};
#define NLOCALES	(sizeof app_locales / sizeof app_locales[0])

/* LOCALE_ALIASES: looked at before anything else, in lower case. */
static const char *const app_aliases[][2] = {
	{ "cn", "zh-CN" }, { "zh-hans", "zh-CN" }, { "zh-hant", "zh-TW" },
	{ "zh_cn", "zh-CN" }, { "zh_tw", "zh-TW" },
};

/* MT_TO_KUMA_LOCALE_MAP, in lower case; the rest map to themselves. */
static const char *const app_mt_map[][2] = {
	{ "en", "en-US" }, { "", "en-US" }, { "cn", "zh-CN" },
	{ "zh_cn", "zh-CN" }, { "zh-cn", "zh-CN" }, { "zh_tw", "zh-TW" },
	{ "zh-tw", "zh-TW" }, { "pt", "pt-PT" },
};
/* The longest code of the tables here. */
#define APP_LOCALE_CODE_MAX	7

static const char *const app_mt_same[] = {
	"ja", "pl", "fr", "es", "ko", "de", "it", "ca", "cs", "ru", "nl", "hu",
	"he", "el", "fi", "tr", "vi", "ro", "ar", "th", "fa", "ka",
};

static bool
app_ieq(const char *s, size_t n, const char *lit)
{
	return http_eq(s, n, lit);
}

/* a[0..n) and b[0..n) equal but for ASCII case */
static bool
app_ieq_n(const char *a, const char *b, size_t n)
{
	size_t i;
	char x, y;

	for (i = 0; i < n; i++) {
		x = a[i] >= 'A' && a[i] <= 'Z' ? (char)(a[i] + 32) : a[i];
		y = b[i] >= 'A' && b[i] <= 'Z' ? (char)(b[i] + 32) : b[i];
		if (x != y)
			return false;
	}
	return true;
}

static bool
app_eq(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

/* see internal.h */
const char *
app_locale_exact(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < NLOCALES; i++)
		if (app_eq(s, n, app_locales[i]))
			return app_locales[i];
	return NULL;
}

static const char *
app_locale_icase(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < NLOCALES; i++)
		if (app_ieq(s, n, app_locales[i]))
			return app_locales[i];
	return NULL;
}

/*
 * see internal.h.  Django's LANG_INFO fallbacks add nothing here: the
 * codes they name (zh-hans, zh-hant) are aliases, which Kuma only
 * looked up for the code as sent.
 */
const char *
app_locale_variant(const char *s, size_t n)
{
	const char *dash, *l;
	size_t i, g;

	if (n == 0)
		return NULL;
	for (i = 0; i < sizeof app_aliases / sizeof app_aliases[0]; i++)
		if (app_ieq(s, n, app_aliases[i][0]))
			return app_aliases[i][1];
	if ((l = app_locale_icase(s, n)) != NULL)
		return l;
	dash = memchr(s, '-', n);
	g = dash != NULL ? (size_t)(dash - s) : n;
	if (g == 0)
		return NULL;
	if ((l = app_locale_icase(s, g)) != NULL)
		return l;
	for (i = 0; i < NLOCALES; i++) {
		l = app_locales[i];
		if (strlen(l) > g && l[g] == '-' && app_ieq_n(l, s, g))
			return l;
	}
	return NULL;
}

/* see internal.h */
const char *
app_locale_in_slug(const char *s, size_t n)
{
	size_t i;

	/* No code below is longer than 7 bytes ("sr-Latn"; MindTouch's ""
	 * is one too): most first segments of a slug ("Appliance",
	 * "Glossary") end here, before some 120 comparisons. */
	if (n > APP_LOCALE_CODE_MAX)
		return NULL;

	for (i = 0; i < sizeof app_mt_map / sizeof app_mt_map[0]; i++)
		if (app_ieq(s, n, app_mt_map[i][0]))
			return app_mt_map[i][1];
	for (i = 0; i < sizeof app_mt_same / sizeof app_mt_same[0]; i++)
		if (app_ieq(s, n, app_mt_same[i]))
			return app_locale_exact(app_mt_same[i],
			    strlen(app_mt_same[i]));
	return app_locale_icase(s, n);
}

/* The django_language cookie's value, mapped; NULL for none. */
static const char *
app_locale_cookie(const struct http_request *req)
{
	static const char name[] = "django_language";
	const struct http_field *f = http_field(req, "Cookie");
	const char *p, *end, *semi, *eq;

	if (f == NULL)
		return NULL;
	for (p = f->value, end = p + f->value_len; p < end; p = semi + 1) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		semi = memchr(p, ';', (size_t)(end - p));
		if (semi == NULL)
			semi = end;
		eq = memchr(p, '=', (size_t)(semi - p));
		if (eq != NULL && app_eq(p, (size_t)(eq - p), name)) {
			const char *v = eq + 1;
			size_t vn = (size_t)(semi - v);

			while (vn > 0 && (v[vn - 1] == ' ' || v[vn - 1] == '\t'))
				vn--;
			if (vn >= 2 && v[0] == '"' && v[vn - 1] == '"') {
				v++;
				vn -= 2;
			}
			return app_locale_variant(v, vn);
		}
		if (semi == end)
			break;
	}
	return NULL;
}

/*
 * Accept-Language in q order (stable), up to APP_MAX_LANGS tags: the
 * first that maps to a locale wins; "*" ends the scan, as Django's did.
 * A tag of q=0 is not acceptable and is skipped.
 */
static const char *
app_locale_accept(const struct http_request *req)
{
	const struct http_field *f = http_field(req, "Accept-Language");
	struct { const char *s; size_t n; int q; } t[APP_MAX_LANGS], tmp;
	const char *p, *end, *comma, *e;
	size_t nt = 0, i, j;
	const char *l;

	if (f == NULL)
		return NULL;
	for (p = f->value, end = p + f->value_len; p < end && nt <
	    APP_MAX_LANGS; p = comma + 1) {
		comma = memchr(p, ',', (size_t)(end - p));
		if (comma == NULL)
			comma = end;
		while (p < comma && (*p == ' ' || *p == '\t'))
			p++;
		for (e = p; e < comma && *e != ';' && *e != ' ' && *e != '\t';
		    e++)
			;
		if (e > p) {
			t[nt].s = p;
			t[nt].n = (size_t)(e - p);
			t[nt].q = app_weight(e, comma);
			nt++;
		}
		if (comma == end)
			break;
	}
	for (i = 1; i < nt; i++)
		for (j = i; j > 0 && t[j - 1].q < t[j].q; j--) {
			tmp = t[j];
			t[j] = t[j - 1];
			t[j - 1] = tmp;
		}
	for (i = 0; i < nt && t[i].q > 0; i++) {
		if (t[i].n == 1 && t[i].s[0] == '*')
			break;
		if ((l = app_locale_variant(t[i].s, t[i].n)) != NULL)
			return l;
	}
	return NULL;
}

/* see internal.h */
const char *
app_locale_negotiate(const struct http_request *req)
{
	const char *l = app_locale_cookie(req);

	if (l == NULL)
		l = app_locale_accept(req);
	return l != NULL ? l : "en-US";
}

/* see internal.h */
const char *
app_locale(struct app_req *q)
{
	if (q->locale == NULL)
		q->locale = app_locale_negotiate(q->req);
	return q->locale;
}
