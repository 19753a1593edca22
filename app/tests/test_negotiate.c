/*
 * test_negotiate.c: the request path's pure parts (app/negotiate.c,
 * app/locale.c, app/lines.c) on tables: HTTP dates in their three forms,
 * If-None-Match lists, Accept-Encoding choices, Kuma's locale fallback
 * rules (spec 3.1, 3.2), Accept-Language with q-values, the cookie, and
 * the query carried into a Location.  Silent on success.
 *
 *   test_negotiate [all|date|etag|encoding|locale|accept|query]
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "http.h"
#include "../internal.h"

static void
test_date(void)
{
	static const struct { const char *s; int64_t t; } t[] = {
		{ "Sun, 06 Nov 1994 08:49:37 GMT", 784111777 },
		{ "Sunday, 06-Nov-94 08:49:37 GMT", 784111777 },
		{ "Sun Nov  6 08:49:37 1994", 784111777 },
		{ "Thu, 01 Jan 1970 00:00:00 GMT", 0 },
		{ "Wed, 29 May 2019 17:03:11 GMT", 1559149391 },
		{ "Tuesday, 01-Jan-69 00:00:00 GMT", 3124224000 },
		{ "Thu, 29 Feb 2024 12:00:00 GMT", 1709208000 },
		{ "Sun, 06 Nov 1994 08:49:37 UTC", -1 },
		{ "Sun, 6 Nov 1994 08:49:37 GMT", -1 },
		{ "Sun, 06 Foo 1994 08:49:37 GMT", -1 },
		{ "Sun, 06 Nov 1994 25:49:37 GMT", -1 },
		{ "Sun, 06 Nov 1994 08:49:37 GMT ", -1 },
		{ "", -1 },
		{ "yesterday", -1 },
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		CHECK(app_parse_date(t[i].s, strlen(t[i].s)) == t[i].t, t[i].s);
}

static void
test_etag(void)
{
	static const struct { const char *inm; bool match; } t[] = {
		{ "\"abc\"", true }, { "W/\"abc\"", true }, { "*", true },
		{ "\"x\", \"abc\"", true }, { "\"x\",W/\"abc\"", true },
		{ "\"abcd\"", false }, { "\"ab\"", false }, { "abc", false },
		{ "\"x\" , \"y\"", false }, { "", false }, { "\"abc", false },
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		CHECK(app_etag_match(t[i].inm, strlen(t[i].inm), "\"abc\"", 5) ==
		    t[i].match, t[i].inm);
	CHECK(app_etag_match("\"abc\"", 5, "W/\"abc\"", 7), "stored weak");
	CHECK(!app_etag_match("*", 1, "", 0), "no etag: * does not match");
}

static void
test_encoding(void)
{
	static const struct { const char *ae; enum site_enc e, only_gz; } t[] = {
		{ "gzip, deflate, br", SITE_ENC_BR, SITE_ENC_GZIP },
		{ "gzip", SITE_ENC_GZIP, SITE_ENC_GZIP },
		{ "br", SITE_ENC_BR, SITE_ENC_ID },
		{ "br;q=0, gzip", SITE_ENC_GZIP, SITE_ENC_GZIP },
		{ "gzip;q=0.5, br;q=0.5", SITE_ENC_BR, SITE_ENC_GZIP },
		{ "gzip;q=0.9, br;q=0.8", SITE_ENC_GZIP, SITE_ENC_GZIP },
		{ "gzip;q=0.5, identity", SITE_ENC_ID, SITE_ENC_ID },
		{ "*", SITE_ENC_BR, SITE_ENC_GZIP },
		{ "*;q=0", SITE_ENC_ID, SITE_ENC_ID },
		{ "identity", SITE_ENC_ID, SITE_ENC_ID },
		{ "GZIP", SITE_ENC_GZIP, SITE_ENC_GZIP },
		{ "x-gzip", SITE_ENC_GZIP, SITE_ENC_GZIP },
		{ "deflate", SITE_ENC_ID, SITE_ENC_ID },
		{ "", SITE_ENC_ID, SITE_ENC_ID },
		{ "br ; q=0.001", SITE_ENC_BR, SITE_ENC_ID },
	};
	struct site_view all = { .body = { { (const uint8_t *)"i", 1 },
	    { (const uint8_t *)"g", 1 }, { (const uint8_t *)"b", 1 } } };
	struct site_view gz = all;
	size_t i;

	gz.body[SITE_ENC_BR].len = 0;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		CHECK(app_pick_encoding(t[i].ae, strlen(t[i].ae), &all) ==
		    t[i].e, t[i].ae);
		CHECK(app_pick_encoding(t[i].ae, strlen(t[i].ae), &gz) ==
		    t[i].only_gz, t[i].ae);
	}
	CHECK(app_pick_encoding(NULL, 0, &all) == SITE_ENC_ID, "no header");
}

static void
test_locale(void)
{
	static const struct { const char *in, *variant; } t[] = {
		{ "en-US", "en-US" }, { "en-us", "en-US" }, { "EN", "en-US" },
		{ "en", "en-US" }, { "fr-FR", "fr" }, { "Fr-fr", "fr" },
		{ "pt", "pt-PT" }, { "PT", "pt-PT" }, { "pt-br", "pt-BR" },
		{ "cn", "zh-CN" }, { "zh-Hans", "zh-CN" }, { "zh-Hant", "zh-TW" },
		{ "zh_tw", "zh-TW" }, { "zh_cn", "zh-CN" }, { "zh", "zh-CN" },
		{ "zh-HK", "zh-CN" }, { "bn", "bn-BD" }, { "ga", "ga-IE" },
		{ "sr-latn", "sr-Latn" }, { "de-CH", "de" }, { "qaz-ZZ", NULL },
		{ "xx", NULL }, { "", NULL }, { "-US", NULL }, { "web", NULL },
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		const char *l = app_locale_variant(t[i].in, strlen(t[i].in));

		CHECK(t[i].variant == NULL ? l == NULL : l != NULL &&
		    strcmp(l, t[i].variant) == 0, t[i].in);
	}
	CHECK(app_locale_exact("en-US", 5) != NULL, "exact");
	CHECK(app_locale_exact("en-us", 5) == NULL, "exact is exact");
	CHECK(strcmp(app_locale_in_slug("zh_cn", 5), "zh-CN") == 0, "MT");
	CHECK(strcmp(app_locale_in_slug("", 0), "en-US") == 0, "MT ''");
	CHECK(strcmp(app_locale_in_slug("JA", 2), "ja") == 0, "MT ja");
	CHECK(strcmp(app_locale_in_slug("sv-se", 5), "sv-SE") == 0, "MDN");
	CHECK(app_locale_in_slug("Web", 3) == NULL, "not a locale");
}

/* Negotiate for a request with these header lines. */
static const char *
negotiate(const char *lines)
{
	static char raw[1024];
	static struct http_request req;
	int n = snprintf(raw, sizeof raw, "GET / HTTP/1.1\r\nHost: x\r\n%s\r\n",
	    lines);

	if (http_parse(&req, raw, (size_t)n) != RC_OK)
		return "parse";
	return app_locale_negotiate(&req);
}

static void
test_accept(void)
{
	static const struct { const char *lines, *l; } t[] = {
		{ "", "en-US" },
		{ "Accept-Language: fr\r\n", "fr" },
		{ "Accept-Language: qaz-ZZ, qaz;q=0.5\r\n", "en-US" },
		{ "Accept-Language: zh-Hant\r\n", "zh-TW" },
		{ "Accept-Language: de;q=0.5, ja;q=0.8\r\n", "ja" },
		{ "Accept-Language: de;q=0.5, ja\r\n", "ja" },
		{ "Accept-Language: xx, de-AT;q=0.9\r\n", "de" },
		{ "Accept-Language: *, fr\r\n", "en-US" },
		{ "Accept-Language: fr;q=0, de;q=0.1\r\n", "de" },
		{ "Accept-Language: fr;q=0\r\n", "en-US" },
		{ "Accept-Language:  es-MX , en;q=0.7\r\n", "es" },
		{ "Cookie: django_language=bn-BD\r\nAccept-Language: fr\r\n",
		    "bn-BD" },
		{ "Cookie: a=1; django_language=pt; b=2\r\n", "pt-PT" },
		{ "Cookie: django_language=\"ko\"\r\n", "ko" },
		{ "Cookie: django_language=xx\r\nAccept-Language: it\r\n",
		    "it" },
		{ "Cookie: my_django_language=fr\r\n", "en-US" },
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		CHECK(strcmp(negotiate(t[i].lines), t[i].l) == 0, t[i].lines);
}

static void
test_query(void)
{
	static const struct { const char *loc, *q, *merged, *plain; } t[] = {
		{ "/a", "raw", "/a?raw=", "/a?raw" },
		{ "/a", "", "/a", "/a" },
		{ "/a?x=1", "y=2", "/a?x=1&y=2", "/a?x=1&y=2" },
		{ "/a?x=1&z=3", "x=2", "/a?z=3&x=2", "/a?x=1&z=3&x=2" },
		{ "/a#frag", "raw&macros", "/a?raw=&macros=#frag",
		    "/a#frag?raw&macros" },
		{ "/a", "q=a+b%2fc%20d", "/a?q=a+b%2Fc+d", "/a?q=a+b%2fc%20d" },
		{ "/a", "k=%C3%A9~", "/a?k=%C3%A9%7E", "/a?k=%C3%A9~" },
	};
	char buf[256];
	struct app_buf b;
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		b = (struct app_buf){ .p = buf, .cap = sizeof buf - 1 };
		app_buf_query(&b, t[i].loc, strlen(t[i].loc), t[i].q,
		    strlen(t[i].q), true);
		buf[b.len] = '\0';
		CHECK(strcmp(buf, t[i].merged) == 0, t[i].merged);
		b = (struct app_buf){ .p = buf, .cap = sizeof buf - 1 };
		app_buf_query(&b, t[i].loc, strlen(t[i].loc), t[i].q,
		    strlen(t[i].q), false);
		buf[b.len] = '\0';
		CHECK(strcmp(buf, t[i].plain) == 0, t[i].plain);
	}
	b = (struct app_buf){ .p = buf, .cap = sizeof buf - 1 };
	app_buf_url(&b, "/a b/$edit~%?", 13, APP_URL_QUOTE);
	buf[b.len] = '\0';
	CHECK(strcmp(buf, "/a%20b/%24edit%7E%25%3F") == 0, buf);
	b = (struct app_buf){ .p = buf, .cap = 4 };
	app_buf_str(&b, "12345");
	CHECK(b.over && b.len == 0, "a full buffer says so");
}

static const struct check_test tests[] = {
	{ "date", test_date }, { "etag", test_etag },
	{ "encoding", test_encoding }, { "locale", test_locale },
	{ "accept", test_accept }, { "query", test_query },
};

int
main(int argc, char **argv)
{
	return check_main(tests, sizeof tests / sizeof tests[0], argc, argv);
}
