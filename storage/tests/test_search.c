/*
 * test_search.c: the search index (search.h) and its views
 * (search_view.h): terms, the text of HTML, ranking, AND, paging,
 * prefixes, hostile blobs, escaping; and, when ../shared/corpus is
 * there, the archived en-US pages as a bench (test "corpus"; set
 * SEARCH_BENCH=1 to print its figures, SEARCH_CORPUS=DIR for another
 * tree of index.html files).
 *
 * Usage: test_search [all|NAME...] (check.h); silent on success.
 */
#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "config.h"
#include "content.h"
#include "err.h"
#include "search.h"
#include "search_view.h"

#include "check.h"

static struct search_scratch scr;

static bool
rc_is(int rc, int want)
{
	if (rc != want)
		fprintf(stderr, "%s: got %s, want %s\n", check_current,
		    err_str(rc), err_str(want));
	return rc == want;
}

struct doc {
	const char *slug, *title, *html;
};

/* An index of docs[0..n) (HTML bodies); *len its size; NULL on error. */
static void *
build(const struct doc *docs, size_t n, size_t *len)
{
	struct search_build *b;
	static char text[65536];
	void *blob = NULL;
	size_t i, l;

	if (!rc_is(search_build_new(&b), RC_OK))
		return NULL;
	for (i = 0; i < n; i++) {
		l = search_html_text(text, sizeof text, docs[i].html,
		    strlen(docs[i].html));
		CHECK(rc_is(search_build_add(b, docs[i].slug,
		    strlen(docs[i].slug), docs[i].title,
		    strlen(docs[i].title), text, l), RC_OK), docs[i].slug);
	}
	CHECK(rc_is(search_build_blob(b, &blob, len), RC_OK), "blob");
	search_build_free(b);
	return blob;
}

/* Query q; the slugs of the results, space-separated, into got. */
static int
ask(const void *blob, size_t len, const char *q, size_t off, size_t count,
    char *got, size_t cap, size_t *total)
{
	struct search_result res[64];
	size_t n, i, o = 0;
	int rc;

	got[0] = '\0';
	rc = search_query(blob, len, q, strlen(q), off, count, &scr, res, &n,
	    total);
	for (i = 0; i < n && o + res[i].slug_len + 2 < cap; i++) {
		if (i > 0)
			got[o++] = ' ';
		memcpy(got + o, res[i].slug, res[i].slug_len);
		o += res[i].slug_len;
		got[o] = '\0';
	}
	return rc;
}

static void
expect(const void *blob, size_t len, const char *q, const char *want,
    size_t want_total)
{
	char got[1024];
	size_t total = 0;

	CHECK(rc_is(ask(blob, len, q, 0, 10, got, sizeof got, &total),
	    RC_OK), q);
	if (strcmp(got, want) != 0 || total != want_total)
		fprintf(stderr, "%s: \"%s\": got \"%s\" (%zu), want \"%s\" "
		    "(%zu)\n", check_current, q, got, total, want, want_total);
	CHECK(strcmp(got, want) == 0 && total == want_total, q);
}

static void
test_terms(void)
{
	static const struct {
		const char *in, *want;
	} v[] = {
		{ "Hello, World!", "hello|world|" },
		{ "\xc3\x89l\xc3\xa9ment HTML5 don't", "element|html5|don|t|" },
		{ "Stra\xc3\x9f" "e \xc3\x86on", "strasse|aeon|" },
		{ "\xd0\x92\xd0\xb2\xd0\xb5\xd0\xb4\xd0\xb5\xd0\xbd\xd0\xb8\xd0"
		    "\xb5 CSS", "\xd0\xb2\xd0\xb2\xd0\xb5\xd0\xb4\xd0\xb5\xd0\xbd"
		    "\xd0\xb8\xd0\xb5|css|" },
		/* 全文検索 and a lone 字 */
		{ "\xe5\x85\xa8\xe6\x96\x87\xe6\xa4\x9c\xe7\xb4\xa2 x \xe5\xad\x97",
		    "\xe5\x85\xa8\xe6\x96\x87|\xe6\x96\x87\xe6\xa4\x9c|"
		    "\xe6\xa4\x9c\xe7\xb4\xa2|x|\xe5\xad\x97|" },
		/* HTML要素: a word, then a CJK run */
		{ "HTML\xe8\xa6\x81\xe7\xb4\xa0", "html|\xe8\xa6\x81\xe7\xb4\xa0|" },
		{ "a\xff\x62 \xe2\x80\x94 \xef\xbc\xa1\xef\xbc\x91", "a|b|a1|" },
	};
	char out[256], t[SEARCH_MAX_TERM];
	struct search_tok tok;
	size_t i, l, o;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		search_tok_init(&tok, v[i].in, strlen(v[i].in));
		for (o = 0; (l = search_tok_next(&tok, t, NULL)) > 0; ) {
			memcpy(out + o, t, l);
			o += l;
			out[o++] = '|';
		}
		out[o] = '\0';
		if (strcmp(out, v[i].want) != 0)
			fprintf(stderr, "terms: got \"%s\", want \"%s\"\n", out,
			    v[i].want);
		CHECK(strcmp(out, v[i].want) == 0, v[i].in);
	}
	/* A long word is cut at SEARCH_MAX_TERM. */
	memset(out, 'a', 200);
	search_tok_init(&tok, out, 200);
	CHECK(search_tok_next(&tok, t, NULL) == SEARCH_MAX_TERM, "long");
	CHECK(search_tok_next(&tok, t, NULL) == 0, "long: one term");
}

static void
test_html_text(void)
{
	static const struct {
		const char *in, *want;
	} v[] = {
		{ "<p>a&amp;b</p><script>x<y</script><!-- c -->d&#233;",
		    "a&b d\xc3\xa9" },
		{ "  <h2 id=\"x\" title='a>b'>Title</h2>\n\n<p>Body  text</p> ",
		    "Title Body text" },
		{ "foo<code>bar</code> 1 < 2 &unknown; &#x1F600;&#0;",
		    "foobar 1 < 2 &unknown; \xf0\x9f\x98\x80\xef\xbf\xbd" },
		{ "<style>p{}</style>a<br>b&nbsp;c<!doctype x>d", "a b cd" },
		{ "cut <p unterminated", "cut" },
	};
	char out[256];
	size_t i, l;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		l = search_html_text(out, sizeof out, v[i].in, strlen(v[i].in));
		CHECK(l <= strlen(v[i].in), v[i].in);
		out[l] = '\0';
		if (strcmp(out, v[i].want) != 0)
			fprintf(stderr, "html_text: got \"%s\", want \"%s\"\n",
			    out, v[i].want);
		CHECK(strcmp(out, v[i].want) == 0, v[i].in);
	}
	/* A small buffer cuts at a character, never inside one. */
	l = search_html_text(out, 4, "ab\xc3\xa9\xc3\xa9", 6);
	CHECK(l == 4, "cut at a character");
	l = search_html_text(out, 3, "ab\xc3\xa9\xc3\xa9", 6);
	CHECK(l == 2, "cut before a character");
}

static const struct doc en[] = {
	{ "Web/Guide/Drawing", "Drawing graphics",
	    "<p>Use a canvas, a canvas, a canvas and more canvas.</p>" },
	{ "Web/API/Canvas_API", "Canvas API",
	    "<p>The API for drawing graphics with JavaScript.</p>" },
	{ "Web/Once", "Once",
	    "<p>This page says canvas once among many other words here.</p>" },
	{ "Web/Thrice", "Thrice",
	    "<p>This page says canvas, canvas and canvas among words.</p>" },
	{ "Web/CSS/transform", "transform",
	    "<p>The CSS transform property rotates, scales and skews.</p>" },
	{ "Web/CSS/transform-origin", "transform-origin",
	    "<p>Sets the origin for transformations of an element.</p>" },
	{ "Mozilla/Firefox_OS", "Firefox OS",
	    "<p>Firefox OS was an operating system for phones.</p>" },
	{ "Mozilla/Firefox", "Firefox",
	    "<p>The Firefox browser runs on many systems.</p>" },
};

static void
test_rank(void)
{
	size_t len;
	void *b = build(en, sizeof en / sizeof en[0], &len);

	if (b == NULL)
		return;
	CHECK(rc_is(search_check(b, len), RC_OK), "check");
	/* The title hit first, then by occurrences. */
	expect(b, len, "canvas ", "Web/API/Canvas_API Web/Guide/Drawing "
	    "Web/Thrice Web/Once", 4);
	expect(b, len, "CANVAS", "Web/API/Canvas_API Web/Guide/Drawing "
	    "Web/Thrice Web/Once", 4);
	/* AND of two terms. */
	expect(b, len, "drawing graphics", "Web/Guide/Drawing "
	    "Web/API/Canvas_API", 2);
	expect(b, len, "canvas javascript", "Web/API/Canvas_API", 1);
	expect(b, len, "firefox os", "Mozilla/Firefox_OS", 1);
	expect(b, len, "css transform", "Web/CSS/transform", 1);
	/* No results; no terms. */
	expect(b, len, "canvas nothere", "", 0);
	expect(b, len, "zzz", "", 0);
	expect(b, len, "", "", 0);
	expect(b, len, " -- ", "", 0);
	/* The last term is a prefix; exact matches rank first. */
	expect(b, len, "canv", "Web/API/Canvas_API Web/Guide/Drawing "
	    "Web/Thrice Web/Once", 4);
	expect(b, len, "transform", "Web/CSS/transform "
	    "Web/CSS/transform-origin", 2);
	expect(b, len, "transform ", "Web/CSS/transform "
	    "Web/CSS/transform-origin", 2);
	expect(b, len, "transforma", "Web/CSS/transform-origin", 1);
	expect(b, len, "transforma ", "", 0);
	expect(b, len, "firef", "Mozilla/Firefox Mozilla/Firefox_OS", 2);
	/* One letter is no prefix. */
	expect(b, len, "c", "", 0);
	expect(b, len, "a", "Web/Guide/Drawing", 1);
	free(b);
}

static void
test_locales(void)
{
	static const struct doc ru[] = {
		{ "Web/CSS/Intro", "\xd0\x92\xd0\xb2\xd0\xb5\xd0\xb4\xd0\xb5\xd0"
		    "\xbd\xd0\xb8\xd0\xb5 \xd0\xb2 CSS",
		    "<p>CSS \xe2\x80\x94 \xd1\x8d\xd1\x82\xd0\xbe "
		    "\xd1\x8f\xd0\xb7\xd1\x8b\xd0\xba.</p>" },
		{ "Web/HTML", "HTML", "<p>\xd0\xaf\xd0\xb7\xd1\x8b\xd0\xba "
		    "\xd1\x80\xd0\xb0\xd0\xb7\xd0\xbc\xd0\xb5\xd1\x82\xd0\xba"
		    "\xd0\xb8.</p>" },
	};
	static const struct doc ja[] = {
		{ "Web/Search", "\xe5\x85\xa8\xe6\x96\x87\xe6\xa4\x9c\xe7\xb4"
		    "\xa2", "<p>\xe3\x81\x93\xe3\x82\x8c\xe3\x81\xaf\xe3\x83"
		    "\x86\xe3\x82\xb9\xe3\x83\x88</p>" },
		{ "Web/HTML/Element", "HTML \xe8\xa6\x81\xe7\xb4\xa0",
		    "<p>\xe6\xa4\x9c\xe7\xb4\xa2\xe3\x81\xae\xe8\xa6\x81"
		    "\xe7\xb4\xa0</p>" },
	};
	static const struct doc fr[] = {
		{ "Web/HTML/\xc3\x89l\xc3\xa9ment", "\xc3\x89l\xc3\xa9ment",
		    "<p>Un &eacute;l&eacute;ment HTML.</p>" },
	};
	size_t len;
	void *b;

	if ((b = build(ru, 2, &len)) != NULL) {
		/* язык, in either case; введение */
		expect(b, len, "\xd0\xaf\xd0\x97\xd0\xab\xd0\x9a",
		    "Web/HTML Web/CSS/Intro", 2);
		expect(b, len, "css \xd0\xb2\xd0\xb2\xd0\xb5\xd0\xb4",
		    "Web/CSS/Intro", 1);
		free(b);
	}
	if ((b = build(ja, 2, &len)) != NULL) {
		/* 検索: a title hit, then a body hit */
		expect(b, len, "\xe6\xa4\x9c\xe7\xb4\xa2",
		    "Web/Search Web/HTML/Element", 2);
		/* 要素 */
		expect(b, len, "\xe8\xa6\x81\xe7\xb4\xa0 ", "Web/HTML/Element",
		    1);
		/* テスト (a bigram run) */
		expect(b, len, "\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88 ",
		    "Web/Search", 1);
		free(b);
	}
	if ((b = build(fr, 1, &len)) != NULL) {
		expect(b, len, "element", "Web/HTML/\xc3\x89l\xc3\xa9ment", 1);
		expect(b, len, "\xc3\xa9l\xc3\xa9ment html",
		    "Web/HTML/\xc3\x89l\xc3\xa9ment", 1);
		free(b);
	}
}

/* 25 documents with "page" (doc i has i + 1 of them): paging. */
static void *
build_many(size_t *len)
{
	static char slugs[25][16], bodies[25][256];
	struct doc d[25];
	size_t i, j;

	for (i = 0; i < 25; i++) {
		snprintf(slugs[i], sizeof slugs[i], "P/%02zu", i);
		strcpy(bodies[i], "<p>");
		for (j = 0; j <= i; j++)
			strcat(bodies[i], "page ");
		strcat(bodies[i], "</p>");
		d[i] = (struct doc){ slugs[i], "Untitled", bodies[i] };
	}
	return build(d, 25, len);
}

static void
test_paging(void)
{
	char got[1024];
	size_t len, total;
	void *b = build_many(&len);

	if (b == NULL)
		return;
	CHECK(rc_is(ask(b, len, "page", 0, 3, got, sizeof got, &total),
	    RC_OK), "page 1");
	CHECK(strcmp(got, "P/24 P/23 P/22") == 0 && total == 25, got);
	CHECK(rc_is(ask(b, len, "page", 20, 10, got, sizeof got, &total),
	    RC_OK), "last");
	CHECK(strcmp(got, "P/04 P/03 P/02 P/01 P/00") == 0 && total == 25,
	    got);
	CHECK(rc_is(ask(b, len, "page", 30, 10, got, sizeof got, &total),
	    RC_OK), "past");
	CHECK(got[0] == '\0' && total == 25, "past the end");
	CHECK(rc_is(ask(b, len, "page", SEARCH_MAX_WINDOW, 10, got,
	    sizeof got, &total), RC_OK), "window");
	CHECK(got[0] == '\0' && total == 25, "past the window");
	CHECK(rc_is(ask(b, len, "page", 0, 0, got, sizeof got, &total),
	    RC_OK), "count only");
	CHECK(got[0] == '\0' && total == 25, "count only");
	free(b);
}

/* Every query of qs on blob[0..len) is RC_OK or RC_FORMAT. */
static int
survive(const void *blob, size_t len)
{
	static const char *const qs[] = { "canvas", "canv", "firefox os",
	    "css transform", "a", "drawing graphics", "t" };
	char got[1024];
	size_t i, total;
	int rc, bad = 0;

	for (i = 0; i < sizeof qs / sizeof qs[0]; i++) {
		rc = ask(blob, len, qs[i], 0, 10, got, sizeof got, &total);
		CHECK(rc == RC_OK || rc == RC_FORMAT, qs[i]);
		bad += rc == RC_FORMAT;
	}
	return bad;
}

static void
put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);	/* x86-64: the blob's byte order */
}

static void
test_hostile(void)
{
	struct search_hdr h;
	size_t len, i, total;
	uint8_t *b = build(en, sizeof en / sizeof en[0], &len), *c;
	char got[1024];
	unsigned seed = 1;

	if (b == NULL || (c = malloc(len)) == NULL)
		return;
	memcpy(&h, b, sizeof h);
	/* Truncated anywhere: RC_FORMAT, with a copy of exactly that size
	 * so that a read past it would be a read past the allocation. */
	for (i = 0; i < len; i += i < 64 ? 1 : 97) {
		uint8_t *t = malloc(i + 1);
		memcpy(t, b, i);
		CHECK(rc_is(ask(t, i, "canvas", 0, 10, got, sizeof got,
		    &total), RC_FORMAT), "truncated");
		free(t);
	}
	CHECK(rc_is(ask(NULL, 0, "canvas", 0, 10, got, sizeof got, &total),
	    RC_FORMAT), "none");
	/* A term whose postings lie outside: RC_FORMAT when it is used. */
	memcpy(c, b, len);
	for (i = 0; i < h.nterms; i++)
		put32(c + h.terms + i * 16 + 8, 0xfffffff0u);
	CHECK(rc_is(ask(c, len, "canvas", 0, 10, got, sizeof got, &total),
	    RC_FORMAT), "postings offset");
	/* A term string outside the strings. */
	memcpy(c, b, len);
	for (i = 0; i < h.nterms; i++)
		put32(c + h.terms + i * 16, h.strings_len);
	CHECK(rc_is(ask(c, len, "canvas", 0, 10, got, sizeof got, &total),
	    RC_FORMAT), "term offset");
	/* A document whose strings lie outside. */
	memcpy(c, b, len);
	for (i = 0; i < h.ndocs; i++)
		put32(c + h.docs + i * 16, 0x7fffffffu);
	CHECK(rc_is(ask(c, len, "canvas", 0, 10, got, sizeof got, &total),
	    RC_FORMAT), "doc offset");
	/* A posting naming a document that is not there. */
	memcpy(c, b, len);
	for (i = 0; i < h.npost; i++)
		put32(c + h.post + i * 8, h.ndocs);
	CHECK(rc_is(ask(c, len, "canvas", 0, 10, got, sizeof got, &total),
	    RC_FORMAT), "posting doc");
	/* A table past the end; a bad magic. */
	memcpy(c, b, len);
	put32(c + 8, 0x10000000u);
	CHECK(rc_is(search_check(c, len), RC_FORMAT), "nterms");
	memcpy(c, b, len);
	c[0] ^= 1;
	CHECK(rc_is(search_check(c, len), RC_FORMAT), "magic");
	/* Random damage: never a crash, never a third answer. */
	for (i = 0; i < 3000; i++) {
		size_t k, n = 1 + i % 8;
		memcpy(c, b, len);
		for (k = 0; k < n; k++) {
			seed = seed * 1103515245u + 12345u;
			c[(seed >> 8) % len] = (uint8_t)(seed >> 20);
		}
		(void)survive(c, len);
	}
	free(c);
	free(b);
}

static bool
has(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;

	for (i = 0; i + k <= n; i++)
		if (memcmp(s + i, needle, k) == 0)
			return true;
	return false;
}

static void
test_views(void)
{
	static const struct doc d[] = {
		{ "Web/X", "<script>alert(1)</script> & \"q\"",
		    "<p>The &lt;b&gt; evil \"quoted\" text.</p>" },
		{ "Web/A b?c", "Evil's slug", "<p>evil</p>" },
	};
	static char out[SEARCH_VIEW_MAX];
	size_t len, n, full;
	void *b = build(d, 2, &len);

	if (b == NULL)
		return;
	CHECK(rc_is(search_view_html(b, len, "en-US", "evil", 4, 1, out,
	    sizeof out, &n), RC_OK), "html");
	CHECK(!has(out, n, "<script>") && has(out, n,
	    "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;"),
	    "html: title escaped");
	CHECK(has(out, n, "The &lt;b&gt; evil &quot;quoted&quot; text."),
	    "html: excerpt escaped");
	CHECK(has(out, n, "href=\"/en-US/docs/Web/A%20b%3Fc\""),
	    "html: slug encoded");
	CHECK(has(out, n, "2 results for \xe2\x80\x9c" "evil"), "html: count");
	CHECK(has(out, n, "Evil&#39;s slug"), "html: apostrophe");
	CHECK(n > 0 && memcmp(out + n - 8, "</html>\n", 8) == 0, "html: end");
	full = n;
	/* Too small: fewer documents, whole markup. */
	CHECK(rc_is(search_view_html(b, len, "en-US", "evil", 4, 1, out,
	    full - 1, &n), RC_OK), "html: small");
	CHECK(n < full && has(out, n, "Web/A") != has(out, n, "Web/X") &&
	    memcmp(out + n - 8, "</html>\n", 8) == 0, "html: one less");
	CHECK(rc_is(search_view_html(b, len, "en-US", "evil", 4, 1, out, 100,
	    &n), RC_TOOBIG), "html: tiny");
	/* JSON: quotes and tags escaped. */
	CHECK(rc_is(search_view_json(b, len, "en-US", "ev\"il", 5, 1, out,
	    sizeof out, &n), RC_OK), "json");
	CHECK(has(out, n, "\"query\":\"ev\\\"il\""), "json: query");
	CHECK(rc_is(search_view_json(b, len, "en-US", "evil", 4, 1, out,
	    sizeof out, &n), RC_OK), "json");
	CHECK(has(out, n, "\"title\":\"\\u003cscript\\u003ealert(1)"
	    "\\u003c/script\\u003e \\u0026 \\\"q\\\"\""), "json: title");
	CHECK(has(out, n, "\"count\":2,\"start\":1,\"end\":2,"
	    "\"previous\":null,\"next\":null"), "json: counts");
	CHECK(has(out, n, "\"url\":\"/en-US/docs/Web/A%20b%3Fc\""),
	    "json: url");
	/* Invalid UTF-8 and control bytes in q. */
	CHECK(rc_is(search_view_json(b, len, "en-US", "a\xff\x01", 3, 1, out,
	    sizeof out, &n), RC_OK), "json: bytes");
	CHECK(has(out, n, "\"query\":\"a\\ufffd\\u0001\""), "json: bytes");
	/* An empty query, and no index: 200 with no results. */
	CHECK(rc_is(search_view_html(b, len, "en-US", "", 0, 1, out,
	    sizeof out, &n), RC_OK), "empty");
	CHECK(has(out, n, "0 results"), "empty: none");
	CHECK(rc_is(search_view_json(NULL, 0, "de", "x", 1, 1, out,
	    sizeof out, &n), RC_OK), "no index");
	CHECK(has(out, n, "\"pages\":1,\"count\":0,\"start\":0,\"end\":0"),
	    "no index: none");
	free(b);
}

static void
test_view_pages(void)
{
	static char out[SEARCH_VIEW_MAX];
	size_t len, n;
	void *b = build_many(&len);

	if (b == NULL)
		return;
	CHECK(rc_is(search_view_json(b, len, "en-US", "page up", 7, 2, out,
	    sizeof out, &n), RC_OK), "json p2");
	/* "page up": no "up": nothing */
	CHECK(has(out, n, "\"count\":0"), "json: AND");
	CHECK(rc_is(search_view_json(b, len, "en-US", "page", 4, 2, out,
	    sizeof out, &n), RC_OK), "json p2");
	CHECK(has(out, n, "\"page\":2,\"pages\":3,\"count\":25,\"start\":11,"
	    "\"end\":20,\"previous\":\"/en-US/search.json?q=page&page=1\","
	    "\"next\":\"/en-US/search.json?q=page&page=3\""), "json: p2");
	CHECK(rc_is(search_view_html(b, len, "en-US", "page x", 6, 3, out,
	    sizeof out, &n), RC_OK), "html p3");
	CHECK(rc_is(search_view_html(b, len, "en-US", "page", 4, 3, out,
	    sizeof out, &n), RC_OK), "html p3");
	CHECK(has(out, n, "<a rel=\"prev\" href=\"/en-US/search?q=page&amp;"
	    "page=2\">") && !has(out, n, "rel=\"next\"") &&
	    has(out, n, "Page 3 of 3") && has(out, n, "start=\"21\""),
	    "html: p3");
	CHECK(rc_is(search_view_html(b, len, "en-US", "a b", 3, 0, out,
	    sizeof out, &n), RC_OK), "html q");
	CHECK(has(out, n, "value=\"a b\""), "html: form value");
	CHECK(rc_is(search_view_html(b, len, "en-US", "page", 4, 9, out,
	    sizeof out, &n), RC_OK), "html p9");
	CHECK(has(out, n, "href=\"/en-US/search?q=page&amp;page=3\">Previous")
	    && !has(out, n, "<li>"), "html: past the end");
	free(b);
}

/* --- the corpus bench --------------------------------------------------- */

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

struct walk {
	struct search_build *b;
	char *text, *meta;
	size_t pages, bytes;
};

static void
add_file(struct walk *w, const char *path)
{
	struct content_meta m;
	FILE *f = fopen(path, "rb");
	static char buf[4 << 20];
	size_t n, l;

	if (f == NULL)
		return;
	n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	if (content_parse(buf, n, w->meta, CONTENT_META_BUFSIZE, &m) !=
	    RC_OK)
		return;
	l = search_html_text(w->text, sizeof buf, m.body, m.body_len);
	CHECK(rc_is(search_build_add(w->b, m.slug, m.slug_len, m.title,
	    m.title_len, w->text, l), RC_OK), path);
	w->pages++;
	w->bytes += n;
}

static void
walk(struct walk *w, const char *dir)
{
	char path[4096];
	struct dirent *e;
	struct stat st;
	DIR *d = opendir(dir);

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			walk(w, path);
		else if (strcmp(e->d_name, "index.html") == 0)
			add_file(w, path);
	}
	closedir(d);
}

static void
test_corpus(void)
{
	static const char *const qs[] = { "canvas", "firefox os",
	    "css transform", "thunderbird extension", "xul", "java", "c",
	    "the web" };
	const char *root = getenv("SEARCH_CORPUS");
	bool say = getenv("SEARCH_BENCH") != NULL;
	static char text[4 << 20], meta[CONTENT_META_BUFSIZE];
	struct walk w = { NULL, text, meta, 0, 0 };
	struct search_result res[10];
	void *blob;
	size_t len, i, k, n, total, reps = 200;
	double t0, t1;
	struct stat st;

	if (root == NULL)
		root = "../shared/corpus/pages/archived-content/files/en-us";
	if (stat(root, &st) != 0 || !S_ISDIR(st.st_mode)) {
		check_skip("no corpus (../shared/corpus)");
		return;
	}
	t0 = now();
	if (!rc_is(search_build_new(&w.b), RC_OK))
		return;
	walk(&w, root);
	CHECK(rc_is(search_build_blob(w.b, &blob, &len), RC_OK), "blob");
	t1 = now();
	if (say)
		printf("corpus: %zu pages, %zu KiB of HTML; index %zu KiB, built "
	    "in %.0f ms\n", w.pages, w.bytes >> 10, len >> 10,
	    (t1 - t0) * 1e3);
	search_build_free(w.b);
	CHECK(w.pages > 0, "pages");
	for (i = 0; i < sizeof qs / sizeof qs[0]; i++) {
		t0 = now();
		for (k = 0; k < reps; k++)
			CHECK(rc_is(search_query(blob, len, qs[i],
			    strlen(qs[i]), 0, 10, &scr, res, &n, &total),
			    RC_OK), qs[i]);
		t1 = now();
		if (say)
			printf("corpus: \"%s\": %zu matches, %.1f us/query; first: "
		    "%.*s\n", qs[i], total, (t1 - t0) * 1e6 / reps,
		    n > 0 ? (int)res[0].slug_len : 0, n > 0 ? res[0].slug : "");
	}
	free(blob);
}

int
main(int argc, char **argv)
{
	static const struct check_test tests[] = {
		{ "terms", test_terms },
		{ "html_text", test_html_text },
		{ "rank", test_rank },
		{ "locales", test_locales },
		{ "paging", test_paging },
		{ "hostile", test_hostile },
		{ "views", test_views },
		{ "view_pages", test_view_pages },
		{ "corpus", test_corpus },
	};

	return check_main(tests, sizeof tests / sizeof tests[0], argc, argv);
}
