/*
 * sitec_search.c: the compiler's search hook (sitec.h): one index per
 * locale (search.h), written as the record "q <locale>" (site.h).
 *
 * sitec_search_add() is called once per page with its rendered HTML
 * body; the text is taken out at once (search_html_text) and kept with
 * the locale's builder, so the HTML need not outlive the call.
 * sitec_search_finish() serializes each locale's index and writes it:
 * kind SITE_R_SEARCH, status 200, GET and HEAD, body[0] the blob,
 * uncompressed (the request path reads it in place).  The head carries
 * the never-cache Cache-Control of search (spec 11.1) with Expires set
 * to the response's Date (SITE_F_EXPIRES_NOW), for the router to use on
 * both views; lang is the locale.
 *
 * The builders live in this file's static table: one compile is one
 * process, and struct sitec stays the core's.
 *
 * Interface: sitec_search_add, sitec_search_finish.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "search.h"
#include "sitec.h"

/* The spec's locales (3.1) number 63. */
#define SITEC_SEARCH_LOCALES	64

static struct {
	char locale[SITE_MAX_LOCALE + 1];
	struct search_build *b;
} idx[SITEC_SEARCH_LOCALES];
static size_t nidx;
static char *text;		/* the text of the page being added */
static size_t text_cap;

#define SEARCH_CACHE_CONTROL \
	"Cache-Control: max-age=0, no-cache, no-store, must-revalidate\r\n"

static struct search_build *
locale_build(struct sitec *sc, const char *locale)
{
	size_t i, n = strlen(locale);

	for (i = 0; i < nidx; i++)
		if (strcmp(idx[i].locale, locale) == 0)
			return idx[i].b;
	if (n == 0 || n > SITE_MAX_LOCALE)
		sitec_fail(sc, locale, 0, "search: bad locale");
	if (nidx == SITEC_SEARCH_LOCALES)
		sitec_fail(sc, locale, 0, "search: more than %d locales",
		    SITEC_SEARCH_LOCALES);
	if (search_build_new(&idx[nidx].b) != RC_OK)
		sitec_fail(sc, locale, 0, "search: out of memory");
	memcpy(idx[nidx].locale, locale, n + 1);
	return idx[nidx++].b;
}

/* see sitec.h */
void
sitec_search_add(struct sitec *sc, const char *locale, const char *slug,
    const char *title, const char *html, size_t len)
{
	struct search_build *b = locale_build(sc, locale);
	size_t n;
	int rc;

	/* The text is never longer than the HTML. */
	if (len + 1 > text_cap) {
		free(text);
		text_cap = len + 1;
		if ((text = malloc(text_cap)) == NULL)
			sitec_fail(sc, slug, 0, "search: out of memory");
	}
	n = search_html_text(text, text_cap, html, len);
	rc = search_build_add(b, slug, strlen(slug), title, strlen(title),
	    text, n);
	if (rc != RC_OK)
		sitec_fail(sc, slug, 0, "search: %s", err_str(rc));
}

/* Write the index of one locale. */
static void
finish_one(struct sitec *sc, const char *locale, struct search_build *b)
{
	char folded[SITE_MAX_LOCALE];
	uint8_t key[SITE_MAX_LOCALE + 2];
	struct site_view v;
	size_t n = strlen(locale), klen, len;
	void *blob;
	int rc;

	if ((rc = search_build_blob(b, &blob, &len)) != RC_OK)
		sitec_fail(sc, locale, 0, "search index: %s", err_str(rc));
	site_fold(folded, locale, n);
	if ((klen = site_key(key, sizeof key, SITE_NS_SEARCH, 0, folded,
	    n)) == 0)
		sitec_fail(sc, locale, 0, "search: key does not fit");
	memset(&v, 0, sizeof v);
	v.kind = SITE_R_SEARCH;
	v.status = 200;
	v.methods = SITE_M_GET_HEAD;
	v.flags = SITE_F_EXPIRES_NOW;
	v.head.p = (const uint8_t *)SEARCH_CACHE_CONTROL;
	v.head.len = sizeof SEARCH_CACHE_CONTROL - 1;
	v.lang.p = (const uint8_t *)locale;
	v.lang.len = n;
	v.body[SITE_ENC_ID].p = blob;
	v.body[SITE_ENC_ID].len = len;
	sitec_put(sc, key, klen, &v, false);
	if (!sc->quiet)
		printf("sitec: search %s: %zu pages, %zu bytes\n", locale,
		    search_build_ndocs(b), len);
	free(blob);
}

/* see sitec.h */
void
sitec_search_finish(struct sitec *sc)
{
	size_t i;

	for (i = 0; i < nidx; i++) {
		finish_one(sc, idx[i].locale, idx[i].b);
		search_build_free(idx[i].b);
		idx[i].b = NULL;
	}
	nidx = 0;
	free(text);
	text = NULL;
	text_cap = 0;
}
