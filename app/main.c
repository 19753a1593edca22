/*
 * main.c: the appliance's program, the same on the kernel and hosted:
 * bring up the platform, read the configuration once (config.h), open
 * the store, bring up the network, ask the metadata service for
 * user-data when told to (cloud.h), serve HTTP from one event loop.
 *
 * Policy of the two domains.  With cert.main the site is served over TLS
 * on https_port with HSTS, host's chain the default for unknown or
 * missing SNI, attachments_host's chain (cert.attachments) beside it or,
 * without it, the main (SAN) certificate for both; the plain port then
 * only redirects, but for the health checks.  Without cert.main the site
 * is served over plain HTTP, as a developer's default, and /readiness
 * says not ready.
 *
 * The admin API (admin.h) listens on admin_port, over TLS only, with
 * cert.main's chain and client certificates of admin_ca required; its
 * own handler, so the site's ports never route its paths.  Without
 * admin_ca (or cert.main) it does not listen, and a line says so.
 */
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "app.h"
#include "cloud.h"
#include "config.h"
#include "err.h"
#include "http.h"
#include "log.h"
#include "net.h"
#include "plat.h"
#include "store.h"
#include "tls.h"

static struct config main_cf;
static struct store main_store;
static struct tls_server main_tls_srv;	/* TLS_SERVER_MEMORY, in .bss */
static struct tls_server main_admin_srv;	/* the admin port's */

/* A start-up step failed: say which, and stop. */
static _Noreturn void
main_fail(const char *what, const char *detail, int rc)
{
	log_err("appliance: %s%s: %s", what, detail, err_str(rc));
	log_flush();		/* the lines still in the ring, this one too */
	plat_exit(PLAT_EXIT_FAIL);
}

/* Print the URL once the address is up; true once printed. */
static bool
main_announce(const struct config *cf, bool tls)
{
	char ip[NET_ADDR_STRLEN], pp[8] = "", tp[8] = "";

	if (!net_address(ip, sizeof ip))
		return false;
	if (cf->http_port != 80)
		snprintf(pp, sizeof pp, ":%u", cf->http_port);
	if (cf->https_port != 443)
		snprintf(tp, sizeof tp, ":%u", cf->https_port);
	if (!tls)
		log_line("appliance: serving http://%s%s/", ip, pp);
	else
		log_line("appliance: serving https://%s%s/ (http://%s%s/ "
		    "redirects)", ip, tp, ip, pp);
	return true;
}

/* Add the chain of file pair name (cert.NAME, key.NAME) for host. */
static void
main_chain(const char *host, const struct config_file *cert,
    const struct config_file *key, const char *name)
{
	int rc = tls_server_add(&main_tls_srv, host, cert->data, cert->len,
	    key->data, key->len);

	if (rc != RC_OK)
		main_fail("cannot load certificates cert.", name, rc);
	log_line("appliance: tls: certificate for %s", host);
}

/* Load the certificates; true if the site is to be served over TLS. */
static bool
main_tls(const struct config *cf)
{
	tls_server_init(&main_tls_srv);
	if (cf->cert_main.data == NULL) {
		log_line("appliance: no certificate (cert.main, key.main): "
		    "serving plain HTTP only");
		return false;
	}
	main_chain(cf->host, &cf->cert_main, &cf->key_main, "main");
	if (cf->cert_att.data == NULL)
		log_line("appliance: tls: the main certificate serves both "
		    "domains");
	else
		main_chain(cf->att_host, &cf->cert_att, &cf->key_att,
		    "attachments");
	return true;
}

/*
 * Lines on every response of both ports, the server's own errors, its
 * 301 to https and its 503 included (spec 9.1); the TLS port adds HSTS.
 */
#define MAIN_SECURITY_LINES	"X-Content-Type-Options: nosniff\r\n" \
	"X-XSS-Protection: 1; mode=block\r\n"

/* Listen on the plain port and, with TLS, on the TLS port. */
static void
main_listen(const struct config *cf, bool tls)
{
	struct http_listener l = { .port = cf->http_port, .host = cf->host,
	    .extra = MAIN_SECURITY_LINES };
	int rc;

	if (tls) {
		l.redirect = true;
		l.redirect_port = cf->https_redirect_port;
	}
	rc = http_server_listen(&l);
	if (rc == RC_OK && tls) {
		memset(&l, 0, sizeof l);
		l.port = cf->https_port;
		l.host = cf->host;
		l.tls = &main_tls_srv;
		l.extra = MAIN_SECURITY_LINES HTTP_HSTS_LINE;
		rc = http_server_listen(&l);
	}
	if (rc != RC_OK)
		main_fail("http", " listen", rc);
}

/*
 * The admin port: its own TLS server (the site's session cache holds
 * sessions of clients without a certificate, which must not resume
 * here), the main chain, the admin CA.  A bad admin_ca stops the node,
 * as a bad cert.main does: an operator who gave one expects the port.
 */
static void
main_admin(const struct config *cf)
{
	struct http_listener l = { .port = cf->admin_port, .host = cf->host,
	    .tls = &main_admin_srv, .extra = MAIN_SECURITY_LINES,
	    .fn = admin_handle };
	int rc;

	if (cf->admin_ca.data == NULL || cf->cert_main.data == NULL) {
		log_line("appliance: admin: %s: the admin port does not "
		    "listen", cf->admin_ca.data == NULL ? "no admin_ca" :
		    "admin_ca without cert.main");
		return;
	}
	tls_server_init(&main_admin_srv);
	rc = tls_server_add(&main_admin_srv, cf->host, cf->cert_main.data,
	    cf->cert_main.len, cf->key_main.data, cf->key_main.len);
	if (rc != RC_OK)
		main_fail("admin: cannot load certificates cert.", "main", rc);
	rc = tls_server_require_client_ca(&main_admin_srv, cf->admin_ca.data,
	    cf->admin_ca.len);
	if (rc != RC_OK)
		main_fail("admin: cannot load ", "admin_ca", rc);
	rc = http_server_listen(&l);
	if (rc != RC_OK)
		main_fail("admin", " listen", rc);
	log_line("appliance: admin: https port %u, client certificates of "
	    "admin_ca required", cf->admin_port);
}

/*
 * With imds=, ask the metadata service before anything is served, the
 * loop turning only for it (bounded: IMDS_TOTAL_MS after the address),
 * and take its user-data under the image's own configuration.  Any
 * failure leaves cf as it was, with a line that says why.
 */
static void
main_imds(struct config *cf)
{
	uint64_t deadline = 0, net;
	char *ud;
	size_t len;

	if (cf->imds_ip == 0)
		return;
	if (imds_start(cf) != RC_OK) {
		log_line("imds: no PCB: going on without user-data");
		return;
	}
	for (;;) {
		net_poll();
		if (imds_done(&deadline))
			break;
		net = net_next_deadline();
		plat_wait(net < deadline ? net : deadline);
	}
	/* Its error has said why, and cf is as it was: serve with that. */
	if ((ud = imds_userdata(&len)) != NULL &&
	    config_merge_userdata(cf, ud, len) != RC_OK)
		return;
}

/*
 * Drain the log a step; its lines, not only lwIP's timers, bring the
 * next iteration forward while the console or the collector waits.
 */
static uint64_t
main_deadline(void)
{
	uint64_t deadline = net_next_deadline(), soon;

	if (log_drain()) {
		soon = plat_clock_monotonic() + LOG_DRAIN_MS * 1000000ull;
		if (soon < deadline)
			deadline = soon;
	}
	return deadline;
}

int
main(int argc, char **argv)
{
	bool announced = false, tls;
	uint64_t stop_by = 0;	/* power button: drain until then */
	int rc;

	rc = plat_init(argc, argv);
	if (rc != RC_OK)
		main_fail("platform", " init", rc);
	rc = config_load(&main_cf);
	if (rc != RC_OK)
		main_fail("configuration", "", rc);
	rc = store_open(&main_store, plat_data_path(), 0, STORE_RDONLY);
	if (rc != RC_OK)
		main_fail("cannot open the store ", plat_data_path(), rc);
	rc = net_init(&main_cf);
	if (rc != RC_OK)
		main_fail("network", " init", rc);
	main_imds(&main_cf);
	tls = main_tls(&main_cf);
	app_init(&main_store, &main_cf, tls);
	admin_init(&main_store);
	rc = net_syslog_init(&main_cf);
	if (rc != RC_OK)
		main_fail("syslog", " init", rc);
	rc = sntp_init(&main_cf);
	if (rc != RC_OK)
		main_fail("sntp", " init", rc);
	http_server_log(main_cf.log);
	http_server_init(app_handle, NULL);
	main_listen(&main_cf, tls);
	main_admin(&main_cf);
	log_start();
	for (;;) {
		net_poll();
		if (!announced)
			announced = main_announce(&main_cf, tls);
		/* Power button: the listeners stay open (httpd cannot close
		 * them yet), open connections get up to 5 s to finish. */
		if (stop_by == 0 && plat_shutdown_requested()) {
			log_line("appliance: power button: stopping");
			stop_by = plat_clock_monotonic() + 5000000000ull;
		}
		if (stop_by != 0 && (http_server_conns() == 0 ||
		    plat_clock_monotonic() >= stop_by)) {
			store_close(&main_store);
			log_line("appliance: powered off");
			log_flush();
			plat_poweroff();
		}
		plat_wait(main_deadline());
	}
}
