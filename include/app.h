/*
 * app.h: the site, as an HTTP handler over the content store.
 *
 * Routing: the Host is matched without its port, case-insensitively,
 * against the main domain (config.h: host=, default "localhost"); unknown
 * hosts are served as the main domain, like nginx's default server.
 * GET|HEAD /{locale}/docs/{slug} is one store lookup (the query string is
 * ignored); everything else, and a missing page, is our 404 page.
 * The attachments domain (config.h: attachments_host=) never serves site
 * pages: 404 there.
 * On every host, /healthz is 200 while the process runs, and /readiness
 * is 200 when the store is open and TLS is configured, else 503.
 * A missing Host on HTTP/1.1 never gets here: the parser answers 400.
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


/* What a request asks for, as decided by app_route(). */
enum app_kind {
	APP_NOT_FOUND = 0,	/* no route: 404 */
	APP_PAGE,		/* a page: locale and slug are set */
	APP_BAD,		/* undecodable path: 400 */
	APP_HEALTH,		/* /healthz */
	APP_READY,		/* /readiness */
};

struct app_route {
	enum app_kind kind;
	bool main_host;		/* Host named the main domain */
	bool att_host;		/* Host named the attachments domain */
	const char *locale;	/* decoded, in the caller's buffer */
	size_t locale_len;
	const char *slug;
	size_t slug_len;
};

/* Bytes of buffer app_route() needs for any path it accepts. */
#define APP_ROUTE_BUF		(SITE_MAX_LOCALE + SITE_MAX_SLUG)

/*
 * Decide what req asks for.  Pure: decoded locale and slug are written
 * into buf (size bytes, at least APP_ROUTE_BUF).  main_host and att_host
 * are the domains' names (NUL-terminated).
 */
void app_route(const struct http_request *req, const char *main_host,
    const char *att_host, char *buf, size_t size, struct app_route *rt);

/*
 * Serve from st (open for reading, owned by the caller, open until after
 * the last response is released) the domains named in cf (config.h; it
 * must outlive the server); tls says whether HTTPS is configured
 * (readiness).
 */
void app_init(struct store *st, const struct config *cf, bool tls);

/* The HTTP handler (an http_handler_fn; ctx is unused). */
void app_handle(void *ctx, const struct http_request *req,
    struct http_reply *rep);

/* Read transactions now open (for tests: 0 once all bodies are released). */
int app_reads_open(void);

#endif /* APP_H */
