/*
 * test_site.c: the site handler's routing and answers (app/site.c),
 * without a network, against a store built in a temporary file with the
 * store.h write API.  Silent on success; a failure prints file:line and
 * the case, and the program exits 1.
 *
 *   test_site [all|route|handle]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "err.h"
#include "http.h"
#include "store.h"
#include "check.h"


static const struct config site_cf = {
	.host = CONFIG_DEFAULT_HOST,
	.att_host = CONFIG_DEFAULT_ATT_HOST,
};

static struct http_request req;
static char raw[4096];

/* Parse "METHOD target" with the given Host into req. */
static int
parse(const char *method, const char *target, const char *host)
{
	int n;

	if (host != NULL)
		n = snprintf(raw, sizeof raw, "%s %s HTTP/1.1\r\nHost: %s\r\n"
		    "\r\n", method, target, host);
	else
		n = snprintf(raw, sizeof raw, "%s %s HTTP/1.0\r\n\r\n", method,
		    target);
	return http_parse(&req, raw, (size_t)n);
}

struct route_case {
	const char *target, *host;
	enum app_kind kind;
	const char *locale, *slug;
	int main_host;
};

static const struct route_case route_cases[] = {
	{ "/en-US/docs/Web", "localhost", APP_PAGE, "en-US", "Web", 1 },
	{ "/en-US/docs/Web/HTTP", "LOCALHOST:8080", APP_PAGE, "en-US",
	    "Web/HTTP", 1 },
	{ "/fr/docs/A%20B?x=1", "other.org", APP_PAGE, "fr", "A B", 0 },
	{ "/en-US/docs/A%2FB", "localhost", APP_PAGE, "en-US", "A/B", 1 },
	{ "/en%2DUS/docs/x", "localhost", APP_PAGE, "en-US", "x", 1 },
	{ "/en-US%2Fdocs/x", "localhost", APP_NOT_FOUND, 0, 0, 1 },
	{ "/", "localhost", APP_NOT_FOUND, 0, 0, 1 },
	{ "/en-US", "localhost", APP_NOT_FOUND, 0, 0, 1 },
	{ "/en-US/docs", "localhost", APP_NOT_FOUND, 0, 0, 1 },
	{ "/en-US/docs/", "localhost", APP_NOT_FOUND, 0, 0, 1 },
	{ "//docs/x", "localhost", APP_NOT_FOUND, 0, 0, 1 },
	{ "/en-US/blog/x", "localhost", APP_NOT_FOUND, 0, 0, 1 },
	{ "/en-US/docs/a%00b", "localhost", APP_BAD, 0, 0, 1 },
	{ "/en-US/docs/a%zz", "localhost", APP_BAD, 0, 0, 1 },
	{ "/en-US/docs/x", NULL, APP_PAGE, "en-US", "x", 0 },
	{ "/averyveryverylonglocale/docs/x", "localhost", APP_NOT_FOUND,
	    0, 0, 1 },
	{ "/en-US/docs/Web", "attachments.localhost", APP_NOT_FOUND, 0, 0, 0 },
	{ "/en-US/docs/Web", "Attachments.Localhost:443", APP_NOT_FOUND,
	    0, 0, 0 },
	{ "/healthz", "localhost", APP_HEALTH, 0, 0, 1 },
	{ "/readiness?x", "attachments.localhost", APP_READY, 0, 0, 0 },
};

static void
test_route(void)
{
	static char buf[APP_ROUTE_BUF];
	struct app_route rt;
	size_t i;

	for (i = 0; i < sizeof route_cases / sizeof route_cases[0]; i++) {
		const struct route_case *c = &route_cases[i];

		CHECK(parse("GET", c->target, c->host) == RC_OK, c->target);
		app_route(&req, "localhost", "attachments.localhost", buf,
		    sizeof buf, &rt);
		CHECK(rt.kind == c->kind, c->target);
		CHECK(rt.main_host == (c->main_host != 0), c->target);
		if (rt.kind != APP_PAGE || c->kind != APP_PAGE)
			continue;
		CHECK(http_eq(rt.locale, rt.locale_len, c->locale), c->target);
		CHECK(rt.slug_len == strlen(c->slug) &&
		    memcmp(rt.slug, c->slug, rt.slug_len) == 0, c->target);
	}
}

static const char page_body[] = "<!doctype html><h1>HTTP</h1>\n";

struct handle_case {
	const char *method, *target;
	int status;
	const char *body;	/* NULL: do not compare */
};

static const struct handle_case handle_cases[] = {
	{ "GET", "/en-US/docs/Web/HTTP", 200, page_body },
	{ "GET", "/en-us/docs/web/http?lang=x", 200, page_body },
	{ "HEAD", "/en-US/docs/Web/HTTP", 200, page_body },
	{ "GET", "/en-US/docs/Web/Nope", 404, NULL },
	{ "GET", "/de/docs/Web/HTTP", 404, NULL },
	{ "GET", "/robots.txt", 404, NULL },
	{ "GET", "/en-US/docs/%ff%00", 400, NULL },
};

static void
release_count(void (*fn)(void *), void *arg, int *n)
{
	if (fn != NULL) {
		fn(arg);
		(*n)++;
	}
}

static void
test_handle(void)
{
	char path[] = "/tmp/test_site.XXXXXX";
	struct store st;
	struct store_write wr;
	struct http_reply rep;
	size_t i;
	int fd, released = 0;

	fd = mkstemp(path);
	CHECK(fd >= 0, "mkstemp");
	if (fd < 0)
		return;
	close(fd);
	unlink(path);
	CHECK(store_open(&st, path, 1 << 20, 0) == RC_OK, "open rw");
	CHECK(store_write_begin(&st, &wr) == RC_OK, "write");
	CHECK(store_put_page(&st, &wr, "en-US", "Web/HTTP",
	    "text/html; charset=utf-8", page_body, sizeof page_body - 1) ==
	    RC_OK, "put");
	CHECK(store_write_commit(&wr) == RC_OK, "commit");
	store_close(&st);
	if (store_open(&st, path, 0, STORE_RDONLY) != RC_OK) {
		CHECK(false, "open ro");
		return;
	}
	app_init(&st, &site_cf, false);
	for (i = 0; i < sizeof handle_cases / sizeof handle_cases[0]; i++) {
		const struct handle_case *c = &handle_cases[i];

		CHECK(parse(c->method, c->target, "localhost") == RC_OK,
		    c->target);
		memset(&rep, 0, sizeof rep);
		app_handle(NULL, &req, &rep);
		CHECK(rep.status == c->status, c->target);
		if (c->body != NULL)
			CHECK(rep.len == strlen(c->body) &&
			    memcmp(rep.body, c->body, rep.len) == 0 &&
			    strcmp(rep.type, "text/html; charset=utf-8") == 0,
			    c->target);
		if (c->status == 404)
			CHECK(rep.len > 0 && strstr((const char *)rep.body,
			    "not found") != NULL, c->target);
		release_count(rep.release, rep.arg, &released);
	}
	CHECK(released == 3, "each page has a release");
	/* The shared transaction outlives its last reference briefly. */
	CHECK(app_reads_open() <= 1, "no leaked read transactions");
	store_close(&st);
	unlink(path);
}

static const struct check_test tests[] = {
	{ "route", test_route }, { "handle", test_handle },
};

int
main(int argc, char **argv)
{
	return check_main(tests, sizeof tests / sizeof tests[0], argc, argv);
}
