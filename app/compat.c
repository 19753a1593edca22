/*
 * compat.c: COMPAT (remove at merge).  Stand-ins for interfaces being
 * written at the same time, declared in app/internal.h until they land:
 * the redirect table (include/rurl.h) and the search views
 * (include/search_view.h).  Each stub is compiled only while its header
 * is absent, so the real definition is the only one once it is there;
 * the stubs are weak as well, so a real one linked from elsewhere wins
 * even before the header arrives here.
 *
 * Interface: rurl_match, search_view_html, search_view_json (stubs).
 */
#include "err.h"
#include "internal.h"

#if !__has_include("rurl.h")
/* No redirect table yet: nothing matches. */
__attribute__((weak)) bool
rurl_match(const char *path, size_t len, const char *query, size_t qlen,
    char *out, size_t cap, struct rurl_result *res)
{
	return false;
}
#endif

#if !__has_include("search_view.h")
/* No search views yet: the search routes answer 404. */
__attribute__((weak)) int
search_view_html(const void *blob, size_t len, const char *locale,
    const char *q, size_t qlen, unsigned page, char *out, size_t cap,
    size_t *out_len)
{
	return RC_UNSUPPORTED;
}

__attribute__((weak)) int
search_view_json(const void *blob, size_t len, const char *locale,
    const char *q, size_t qlen, unsigned page, char *out, size_t cap,
    size_t *out_len)
{
	return RC_UNSUPPORTED;
}
#endif
