/*
 * main.c: the appliance's program, the same on the kernel and hosted:
 * bring up the platform, open the store, bring up the network, serve HTTP
 * from one event loop.
 *
 * Configuration (plat_config): host= the main domain, attachments_host=
 * the attachments domain, http_port= the plain port (80), https_port= the
 * TLS port (443), https_redirect_port= the port named in port-80
 * redirects when the public HTTPS port is not 443 (make run forwards
 * 8443), log=off silences the access log; ip=, gw= as in net.h.
 * Certificates (plat_config_file): cert.main/key.main and optionally
 * cert.attachments/key.attachments (tls.h).  With them the site is served
 * over TLS with HSTS, and the plain port only redirects (but for the
 * health checks).  Without cert.main the site is served over plain HTTP,
 * as a developer's default, and /readiness says not ready.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "err.h"
#include "http.h"
#include "net.h"
#include "plat.h"
#include "store.h"
#include "tls.h"

static struct store main_store;
static struct tls_server main_tls_srv;	/* TLS_SERVER_MEMORY, in .bss */

static void
main_say(const char *what, const char *detail, int rc)
{
	char line[256];
	int n;

	if (rc != RC_OK)
		n = snprintf(line, sizeof line, "appliance: %s %s: %s\n", what,
		    detail, err_str(rc));
	else
		n = snprintf(line, sizeof line, "appliance: %s%s\n", what,
		    detail);
	if (n > 0)
		plat_console_write(line, (size_t)n < sizeof line ?
		    (size_t)n : sizeof line - 1);
}

/* The port in config word key, or def; 0 is allowed only if zero_ok. */
static uint16_t
main_port(const char *key, uint16_t def, bool zero_ok)
{
	const char *s = plat_config(key);
	char *end;
	long v;

	if (s == NULL)
		return def;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < (zero_ok ? 0 : 1) || v > 65535) {
		main_say("bad port in ", key, RC_INVAL);
		plat_exit(1);
	}
	return (uint16_t)v;
}

/* Print the URL once the address is up; true once printed. */
static bool
main_announce(uint16_t port, uint16_t tls_port)
{
	char ip[NET_ADDR_STRLEN], url[96], pp[8] = "", tp[8] = "";

	if (!net_address(ip, sizeof ip))
		return false;
	if (port != 80)
		snprintf(pp, sizeof pp, ":%u", port);
	if (tls_port != 443)
		snprintf(tp, sizeof tp, ":%u", tls_port);
	if (tls_port == 0)
		snprintf(url, sizeof url, "http://%s%s/", ip, pp);
	else
		snprintf(url, sizeof url, "https://%s%s/ (http://%s%s/ "
		    "redirects)", ip, tp, ip, pp);
	main_say("serving ", url, RC_OK);
	return true;
}

/* Load the certificates; true if the site is to be served over TLS. */
static bool
main_tls(void)
{
	const void *d;
	size_t n;
	int rc;

	rc = tls_server_load_config(&main_tls_srv);
	if (rc == RC_NOTFOUND) {
		main_say("no certificate (cert.main, key.main): serving plain "
		    "HTTP only", "", RC_OK);
		return false;
	}
	if (rc != RC_OK) {
		main_say("cannot load certificates", "cert.main", rc);
		plat_exit(1);
	}
	main_say("tls: certificate for ", plat_config("host") != NULL ?
	    plat_config("host") : APP_DEFAULT_HOST, RC_OK);
	if (plat_config_file("cert.attachments", &d, &n) == RC_OK)
		main_say("tls: certificate for ",
		    plat_config("attachments_host") != NULL ?
		    plat_config("attachments_host") : APP_DEFAULT_ATT_HOST,
		    RC_OK);
	else
		main_say("tls: the main certificate serves both domains", "",
		    RC_OK);
	return true;
}

/* Listen on the plain port and, with TLS, on the TLS port. */
static void
main_listen(uint16_t port, uint16_t tls_port)
{
	struct http_listener l = { .port = port, .host = plat_config("host") };
	int rc;

	if (tls_port != 0) {
		l.redirect = true;
		l.redirect_port = main_port("https_redirect_port", 0, true);
	}
	rc = http_server_listen(&l);
	if (rc == RC_OK && tls_port != 0) {
		memset(&l, 0, sizeof l);
		l.port = tls_port;
		l.tls = &main_tls_srv;
		l.extra = HTTP_HSTS_LINE;
		rc = http_server_listen(&l);
	}
	if (rc != RC_OK) {
		main_say("http", "listen", rc);
		plat_exit(1);
	}
}

int
main(int argc, char **argv)
{
	const char *log;
	uint16_t port, tls_port = 0;
	bool announced = false;
	int rc;

	rc = plat_init(argc, argv);
	if (rc != RC_OK) {
		main_say("platform", "init", rc);
		plat_exit(1);
	}
	port = main_port("http_port", 80, false);
	rc = store_open(&main_store, plat_data_path(), 0, STORE_RDONLY);
	if (rc != RC_OK) {
		main_say("cannot open the store", plat_data_path(), rc);
		plat_exit(1);
	}
	if (main_tls())
		tls_port = main_port("https_port", 443, false);
	app_init(&main_store, plat_config("host"),
	    plat_config("attachments_host"), tls_port != 0);
	rc = net_init();
	if (rc != RC_OK) {
		main_say("network", "init", rc);
		plat_exit(1);
	}
	log = plat_config("log");
	http_server_log(log == NULL || strcmp(log, "off") != 0);
	http_server_init(app_handle, NULL);
	main_listen(port, tls_port);
	for (;;) {
		net_poll();
		if (!announced)
			announced = main_announce(port, tls_port);
		plat_wait(net_next_deadline());
	}
}
