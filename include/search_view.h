/*
 * search_view.h: the pages of /{L}/search (HTML) and /{L}/search.json,
 * rendered from a locale's index blob (search.h) on the request path.
 *
 * Spec 12.3: Kuma answered 200 HTML even with no results, and an empty
 * query, so these do too; the router adds the never-cache head (11.1).
 *
 * Arguments, both views:
 *   blob, len  the body of the record "q <locale>" (site.h); NULL and 0
 *              when the locale has no index (then: no results)
 *   locale     NUL-terminated, display case ("en-US"), as in the URLs
 *   q, qlen    the q parameter, already percent-decoded, with '+'
 *              decoded to a space by the caller; any bytes (invalid
 *              UTF-8 is shown as U+FFFD).  Only its first
 *              SEARCH_MAX_QUERY bytes are searched and shown.
 *   page       the page parameter, 1-based (0 is taken as 1); a page past
 *              the last shows no documents
 *   out, cap   the caller's buffer; SEARCH_VIEW_MAX bytes hold a page of
 *              SEARCH_VIEW_PER_PAGE results of MDN's sizes (titles and
 *              slugs of up to about 1 KiB each)
 * Links are relative: /{L}/docs/{slug} (slug percent-encoded) and
 * /{L}/search[.json]?q=...&page=N (q form-encoded, space as '+').
 * When the page does not fit in cap, it carries fewer documents, never
 * cut markup.  Returns RC_OK and *out_len; RC_TOOBIG when not even an
 * empty page fits; RC_FORMAT for a corrupt blob; RC_INVAL for NULL
 * arguments.
 *
 * Memory: no allocation.  Context: the main loop only (the query's
 * scratch is one static buffer).
 */
#ifndef SEARCH_VIEW_H
#define SEARCH_VIEW_H

#include <stddef.h>

#define SEARCH_VIEW_MAX		(64 * 1024)	/* the router's buffer */
#define SEARCH_VIEW_PER_PAGE	10

int search_view_html(const void *blob, size_t len, const char *locale,
    const char *q, size_t qlen, unsigned page, char *out, size_t cap,
    size_t *out_len) __attribute__((warn_unused_result));

/*
 * {"query", "locale", "page", "pages", "count", "start", "end",
 * "previous", "next", "documents": [{"title", "slug", "locale",
 * "excerpt", "url"}, ...]}, in that order, as Kuma's search.json had
 * them (less its filters and per-document tags and scores).  pages is
 * at least 1 and counts only the pages paging can reach
 * (SEARCH_MAX_WINDOW); count is every match; start and end are 1-based
 * positions of the documents shown (0 and 0 when none); previous and
 * next are URLs or null.
 */
int search_view_json(const void *blob, size_t len, const char *locale,
    const char *q, size_t qlen, unsigned page, char *out, size_t cap,
    size_t *out_len) __attribute__((warn_unused_result));

#endif /* SEARCH_VIEW_H */
