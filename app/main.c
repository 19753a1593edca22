/*
 * main.c: the appliance's program, the same on the kernel and hosted:
 * bring up the platform, open the store, bring up the network, serve HTTP
 * from one event loop.
 *
 * Configuration (plat_config): host= the main domain, http_port= the port
 * (80), log=off silences the access log; ip=, gw= as in net.h.
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

static struct store main_store;

static void
main_say(const char *what, const char *detail, int rc)
{
	char line[256];
	int n;

	if (rc != ERR_OK)
		n = snprintf(line, sizeof line, "appliance: %s %s: %s\n", what,
		    detail, err_str(rc));
	else
		n = snprintf(line, sizeof line, "appliance: %s%s\n", what,
		    detail);
	if (n > 0)
		plat_console_write(line, (size_t)n < sizeof line ?
		    (size_t)n : sizeof line - 1);
}

static uint16_t
main_port(void)
{
	const char *s = plat_config("http_port");
	char *end;
	long v;

	if (s == NULL)
		return 80;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < 1 || v > 65535) {
		main_say("bad http_port=", s, ERR_INVAL);
		plat_exit(1);
	}
	return (uint16_t)v;
}

/* Print the URL once the address is up; true once printed. */
static bool
main_announce(uint16_t port)
{
	char ip[NET_ADDR_STRLEN], url[48];

	if (!net_address(ip, sizeof ip))
		return false;
	if (port == 80)
		snprintf(url, sizeof url, "http://%s/", ip);
	else
		snprintf(url, sizeof url, "http://%s:%u/", ip, port);
	main_say("serving ", url, ERR_OK);
	return true;
}

int
main(int argc, char **argv)
{
	const char *log;
	uint16_t port;
	bool announced = false;
	int rc;

	rc = plat_init(argc, argv);
	if (rc != ERR_OK) {
		main_say("platform", "init", rc);
		plat_exit(1);
	}
	port = main_port();
	rc = store_open(&main_store, plat_data_path(), 0, STORE_RDONLY);
	if (rc != ERR_OK) {
		main_say("cannot open the store", plat_data_path(), rc);
		plat_exit(1);
	}
	app_init(&main_store, plat_config("host"));
	rc = net_init();
	if (rc != ERR_OK) {
		main_say("network", "init", rc);
		plat_exit(1);
	}
	log = plat_config("log");
	http_server_log(log == NULL || strcmp(log, "off") != 0);
	http_server_init(app_handle, NULL);
	rc = http_server_listen(&(struct http_listener){ .port = port });
	if (rc != ERR_OK) {
		main_say("http", "listen", rc);
		plat_exit(1);
	}
	for (;;) {
		net_poll();
		if (!announced)
			announced = main_announce(port);
		plat_wait(net_next_deadline());
	}
}
