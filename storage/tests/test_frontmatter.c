/*
 * test_frontmatter.c: content_parse() (content.h).
 *
 * Usage: test_frontmatter [all|parse|limits...] (check.h); silent
 * on success, file:line and the case's name on failure.  Most cases are
 * in the table that "parse" runs: the front matter styles found in MDN's
 * content repositories, then bad input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "err.h"
#include "check.h"

struct fm_case {
	const char *name;
	const char *text;
	int rc;			/* expected result */
	const char *title;	/* on RC_OK */
	const char *slug;
	const char *body;
	unsigned int line;	/* on error */
};

static const struct fm_case cases[] = {
	{ "plain", "---\ntitle: <form>\nslug: Web/HTML/Element/form\n"
	    "tags:\n  - Element\n  - HTML forms\n---\n<div>{{HTMLRef}}</div>\n",
	    RC_OK, "<form>", "Web/HTML/Element/form",
	    "<div>{{HTMLRef}}</div>\n", 0 },
	{ "single", "---\ntitle: 'Reason: CORS header "
	    "''Access-Control-Allow-Origin'' missing'\nslug: Web/HTTP/CORS\n"
	    "---\n", RC_OK, "Reason: CORS header 'Access-Control-Allow-Origin'"
	    " missing", "Web/HTTP/CORS", "", 0 },
	{ "single-colon", "---\ntitle: '<a>: The Anchor element'\n"
	    "slug: Web/HTML/Element/a\n---\nx", RC_OK,
	    "<a>: The Anchor element", "Web/HTML/Element/a", "x", 0 },
	{ "double", "---\ntitle: \"TypeError: \\\"x\\\" \\u00e9\\t\\x41\\/\"\n"
	    "slug: \"Web/Caf\\u00E9\"\n---\n", RC_OK,
	    "TypeError: \"x\" \xc3\xa9\tA/", "Web/Caf\xc3\xa9", "", 0 },
	{ "double-astral", "---\ntitle: \"\\U0001F600 \\N\"\nslug: s\n---\n",
	    RC_OK, "\xf0\x9f\x98\x80 \xc2\x85", "s", "", 0 },
	{ "quotes-in-plain", "---\ntitle: <input type=\"file\">\n"
	    "slug: Web/HTML/Element/input/file\n---\n", RC_OK,
	    "<input type=\"file\">", "Web/HTML/Element/input/file", "", 0 },
	{ "folded-title", "---\ntitle: >-\n  What is the difference between "
	    "webpage, website, web server, and search\n  engine?\nslug: >-\n"
	    "  Learn/Common_questions/Pages_sites_servers_and_search_engines\n"
	    "tags:\n  - Beginner\n---\n<p>", RC_OK, "What is the difference "
	    "between webpage, website, web server, and search engine?",
	    "Learn/Common_questions/Pages_sites_servers_and_search_engines",
	    "<p>", 0 },
	{ "folded-clip", "---\ntitle: >\n  a\n  b\n\n  c\n\nslug: s\n---\n",
	    RC_OK, "a b\nc\n", "s", "", 0 },
	{ "literal-strip", "---\ntitle: |-\n   a\n   b\nslug: s\n---\n", RC_OK,
	    "a\nb", "s", "", 0 },
	{ "literal-keep", "---\ntitle: |+\n  a\n\nslug: s\n---\n", RC_OK,
	    "a\n\n", "s", "", 0 },
	{ "plain-multiline", "---\ntitle: one\n  two\n\n   three\nslug: s\n"
	    "---\n", RC_OK, "one two\nthree", "s", "", 0 },
	{ "single-multiline", "---\ntitle: 'one  \n  two\n\n  three'\n"
	    "slug: s\n---\n", RC_OK, "one two\nthree", "s", "", 0 },
	{ "double-joined", "---\ntitle: \"ab\\\n  cd\"\nslug: s\n---\n", RC_OK,
	    "abcd", "s", "", 0 },
	{ "comments-crlf", "---\r\n# a comment\r\ntitle: x # note\r\n"
	    "slug: a/b  \r\n---\r\nbody", RC_OK, "x", "a/b", "body", 0 },
	{ "other-keys", "---\nslug: Mozilla/XPI\ntranslation_of: Mozilla/XPI\n"
	    "tags: [a, b]\nnested:\n  key: value\ntitle: XPI\n---\n", RC_OK,
	    "XPI", "Mozilla/XPI", "", 0 },
	{ "no-body", "---\ntitle: a\nslug: b\n---", RC_OK, "a", "b", "", 0 },
	{ "bom", "\xef\xbb\xbf---\ntitle: a\nslug: b\n---\nz", RC_OK, "a", "b",
	    "z", 0 },
	{ "utf8-slug", "---\ntitle: \xc3\x89num\xc3\xa9ration\n"
	    "slug: Web/Glossaire/\xc3\x89num\xc3\xa9ration\n---\n", RC_OK,
	    "\xc3\x89num\xc3\xa9ration", "Web/Glossaire/\xc3\x89num\xc3\xa9ration",
	    "", 0 },
	/* Bad input: RC_FORMAT and the line to blame. */
	{ "no-opening", "title: a\nslug: b\n---\n", RC_FORMAT, 0, 0, 0, 1 },
	{ "unterminated", "---\ntitle: a\nslug: b\n<p>", RC_FORMAT,
	    0, 0, 0, 4 },
	{ "missing-title", "---\nslug: b\ntags:\n  - x\n---\n", RC_FORMAT,
	    0, 0, 0, 5 },
	{ "missing-slug", "---\ntitle: b\n---\n", RC_FORMAT, 0, 0, 0, 3 },
	{ "empty-title", "---\ntitle: ''\nslug: b\n---\n", RC_FORMAT,
	    0, 0, 0, 4 },
	{ "dup-title", "---\ntitle: a\ntitle: b\nslug: c\n---\n", RC_FORMAT,
	    0, 0, 0, 3 },
	{ "open-quote", "---\ntitle: 'abc\nslug: x\n---\n", RC_FORMAT,
	    0, 0, 0, 3 },
	{ "junk-after-quote", "---\ntitle: 'a' b\nslug: x\n---\n", RC_FORMAT,
	    0, 0, 0, 2 },
	{ "bad-escape", "---\nslug: s\ntitle: \"a\\qb\"\n---\n", RC_FORMAT,
	    0, 0, 0, 3 },
	{ "nul-escape", "---\nslug: s\ntitle: \"a\\0\"\n---\n", RC_FORMAT,
	    0, 0, 0, 3 },
	{ "surrogate", "---\nslug: s\ntitle: \"\\ud800\"\n---\n", RC_FORMAT,
	    0, 0, 0, 3 },
	{ "flow-title", "---\ntitle: [a, b]\nslug: s\n---\n", RC_FORMAT,
	    0, 0, 0, 2 },
	{ "alias-slug", "---\ntitle: t\nslug: *x\n---\n", RC_FORMAT,
	    0, 0, 0, 3 },
	{ "mapping-in-plain", "---\ntitle: Reason: x\nslug: s\n---\n",
	    RC_FORMAT, 0, 0, 0, 2 },
	{ "list-title", "---\nslug: s\ntitle:\n  - a\n---\n", RC_FORMAT,
	    0, 0, 0, 3 },
	{ "no-colon", "---\ntitle a\nslug: s\n---\n", RC_FORMAT, 0, 0, 0, 2 },
	{ "indent-first", "---\n  title: a\nslug: s\n---\n", RC_FORMAT,
	    0, 0, 0, 2 },
	{ "slug-rooted", "---\ntitle: t\nslug: /Web\n---\n", RC_FORMAT,
	    0, 0, 0, 3 },
	{ "slug-newline", "---\ntitle: t\nslug: |\n  Web\n---\n", RC_FORMAT,
	    0, 0, 0, 4 },
	{ "empty", "", RC_FORMAT, 0, 0, 0, 1 },
};

static int
eq(const char *want, const char *got, size_t len)
{
	return strlen(want) == len && memcmp(want, got, len) == 0;
}

static void
run_case(const struct fm_case *c)
{
	static char buf[CONTENT_META_BUFSIZE];
	struct content_meta m;
	int rc;

	memset(&m, 0, sizeof(m));
	rc = content_parse(c->text, strlen(c->text), buf, sizeof(buf), &m);
	CHECK(rc == c->rc, c->name);
	if (rc != c->rc) {
		fprintf(stderr, "    got %s at line %u, want %s\n",
		    err_str(rc), m.line, err_str(c->rc));
		return;
	}
	if (rc != RC_OK) {
		CHECK(m.line == c->line, c->name);
		return;
	}
	CHECK(eq(c->title, m.title, m.title_len), c->name);
	CHECK(eq(c->slug, m.slug, m.slug_len), c->name);
	CHECK(eq(c->body, m.body, m.body_len), c->name);
}

/* The table: every case, each reported by its name. */
static void
t_parse(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);
}

/* Limits: the title's, and the caller's buffer. */
static void
t_limits(void)
{
	static char text[CONTENT_MAX_TITLE + 64], buf[CONTENT_META_BUFSIZE];
	struct content_meta m;
	int n;

	n = snprintf(text, sizeof(text), "---\nslug: s\ntitle: %0*d\n---\n",
	    CONTENT_MAX_TITLE, 0);
	CHECK(content_parse(text, (size_t)n, buf, sizeof(buf), &m) ==
	    RC_OK && m.title_len == CONTENT_MAX_TITLE, "limits");
	n = snprintf(text, sizeof(text), "---\nslug: s\ntitle: %0*d\n---\n",
	    CONTENT_MAX_TITLE + 1, 0);
	CHECK(content_parse(text, (size_t)n, buf, sizeof(buf), &m) ==
	    RC_TOOBIG && m.line == 3, "limits");
	n = snprintf(text, sizeof(text), "---\nslug: abcdef\ntitle: t\n---\n");
	CHECK(content_parse(text, (size_t)n, buf, 4, &m) ==
	    RC_TOOBIG && m.line == 2, "limits");
}

static const struct check_test tests[] = {
	{ "parse", t_parse }, { "limits", t_limits },
};

int
main(int argc, char **argv)
{
	return check_main(tests, sizeof(tests) / sizeof(tests[0]), argc, argv);
}
