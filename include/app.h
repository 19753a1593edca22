/*
 * app.h: the site, as an HTTP handler over the site store (site.h).
 *
 * The handler answers Kuma's URLs (kuma-site-spec.md, the REF snapshot)
 * from records the content compiler wrote: a request is mapped to at
 * most two lookups (a document, then its en-US fallback; an error page
 * adds its own), and the answer points into the LMDB map.  Nothing is
 * allocated per request.
 *
 * Hosts (Host without its port, any case, a trailing dot dropped):
 *   host=, host_aliases=          the main site; an alias gets robots.txt
 *                                 from "f o /robots.txt", else the same
 *   attachments_host=, attachments_aliases=
 *                                 the untrusted domain: attachments,
 *                                 live samples, robots.txt only
 *   an IP literal                 a load balancer's probe: /healthz and
 *                                 /readiness, else 400
 *   anything else                 400 "<h1>Bad Request (400)</h1>"
 *   none (HTTP/1.0)               the main site
 *
 * Order (spec 15): /static/ (main and aliases, "s <path>"); the
 * django-redirect-urls table (rurl.h, every host); ?lang= (302); the
 * host's routes; on a miss the 404 fixes (a '/' added or dropped, 301; a
 * locale added, 302, 301 for "/"; a locale made canonical, 302); then
 * the error page "e <host> <status>[<locale>]" (the locale as in the
 * URL, canonical case), or a built-in one.
 *
 * Main-site routes: /healthz[/] (204, never cached), /readiness[/] (204
 * when TLS is configured, else 503), /_kuma_status.json (from the "M"
 * record's content_id=, document_count=, search_count= lines),
 * /media/revision.txt (content_id), /robots.txt, /favicon.ico,
 * /sitemap.xml, /sitemaps/..., /humans.txt, /contribute.json,
 * /diagrams/..., /presentations/..., /samples/... ("f m <path>"),
 * /files/{id}/{name} (301 to the attachments domain), /@api/deki/files/
 * {id}/={name} ("m <id>"), /miel, /api/v1/doc/{L}/{slug} (the api view),
 * /{L}/ ("f m /{L}/"), /{L}/search[.json] (search_view.h over "q <l>"),
 * /{L}/search/xml, /{L}/docs.json?slug= (?title= is not supported: 404),
 * /{L}/docs/feeds/{fmt}/all[/], /{L}/docs/templates,
 * /{L}/dashboards/localization, /{L}/events..., /{L}/contribute/,
 * /{L}/docs/{slug}[$suffix] (spec 3.5: ?raw, $json, $children, $toc,
 * $history, ?redirect=no, editing suffixes to sign-in, $samples 403,
 * sample files 302, locale fallback), and the MindTouch catch-all (3.7).
 *
 * Each record answers by its flags (site.h): its method class, ETag and
 * If-None-Match, If-Modified-Since, the body by Accept-Encoding (br over
 * gzip at equal q), Content-Language, Expires, and the query carried into
 * a Location.
 *
 * Lookups: one per request in general; a document missing in its locale
 * takes a second (en-US); a view missing there takes one for its page
 * (a redirect document has no views: ?raw follows it, $children says it
 * moved), and then perhaps en-US; an error page one or two.
 * Not served: ?title= of docs.json (404), POST /i18n/setlang/ (the server
 * drops request bodies, so the form's language cannot be read), and a
 * fallback page's own robots meta (the en-US body goes as stored, with
 * the X-Robots-Tag line).
 *
 * Context: the main loop only.
 */
#ifndef APP_H
#define APP_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "http.h"
#include "store.h"

/*
 * Serve from st (open for reading, owned by the caller, open until after
 * the last response is released) the names in cf (config.h; it must
 * outlive the server); tls says whether HTTPS is configured (readiness).
 */
void app_init(struct store *st, const struct config *cf, bool tls);

/*
 * The HTTP handler (an http_handler_fn; ctx is unused).  The reply's
 * head and body point into the map or into static memory and stay valid
 * until rep->release is called (once per reply that has one); extra
 * lines are in a static buffer, valid until the next call.
 */
void app_handle(void *ctx, const struct http_request *req,
    struct http_reply *rep);

/* Read transactions now open (for tests: 0 once all bodies are released
 * and APP_READ_MAX_AGE_MS has passed, or at most 1 before). */
int app_reads_open(void);

#endif /* APP_H */
