/*
 * test_config.c: the node's configuration (config.h, app/config.c) as an
 * operator writes it, through the hosted platform's words: defaults, every
 * key, and each way a word is refused (unknown key, bad value, out of
 * range, too long, too many words, not key=value, cross-key rules).  The
 * kernel keeps its words with the same code (lib/config_words.c).
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "check_config.h"
#include "config.h"
#include "err.h"
#include "plat.h"


static void
test_defaults(void)
{
	struct config cf;

	CHECK(check_cf("", &cf) == RC_OK, "empty");
	CHECK(strcmp(cf.host, "localhost") == 0, "host");
	CHECK(strcmp(cf.att_host, "attachments.localhost") == 0, "att");
	CHECK(cf.http_port == 80 && cf.https_port == 443 &&
	    cf.https_redirect_port == 0, "ports");
	CHECK(cf.log && !cf.static_ip, "log, dhcp");
	CHECK(cf.cert_main.data == NULL && cf.key_att.data == NULL, "files");
	CHECK(cf.syslog_ip == 0, "no syslog");
}

static void
test_values(void)
{
	struct config cf;

	CHECK(check_cf("host=Developer.Mozilla.ORG attachments_host=mdn.example "
	    "http_port=8080 https_port=8443 https_redirect_port=8443 log=off "
	    "ip=10.1.2.3/16 gw=10.1.0.1", &cf) == RC_OK, "all keys");
	CHECK(strcmp(cf.host, "developer.mozilla.org") == 0, "lower case");
	CHECK(strcmp(cf.att_host, "mdn.example") == 0, "att host");
	CHECK(cf.http_port == 8080 && cf.https_port == 8443 &&
	    cf.https_redirect_port == 8443, "ports");
	CHECK(!cf.log, "log=off");
	CHECK(cf.static_ip && cf.ip == 0x0a010203u && cf.mask == 0xffff0000u &&
	    cf.gw == 0x0a010001u, "address");
	CHECK(check_cf("ip=192.168.7.9", &cf) == RC_OK && cf.mask == 0xffffff00u,
	    "default /24");
	CHECK(check_cf("ip=1.2.3.4/0", &cf) == RC_OK && cf.mask == 0, "/0");
	CHECK(check_cf("ip=1.2.3.4/32", &cf) == RC_OK && cf.mask == 0xffffffffu,
	    "/32");
	CHECK(check_cf("http_port=81 http_port=82", &cf) == RC_OK &&
	    cf.http_port == 82, "last word wins");
	CHECK(check_cf("https_redirect_port=0", &cf) == RC_OK, "redirect port 0");
	CHECK(check_cf("syslog=10.77.0.1:5514", &cf) == RC_OK &&
	    cf.syslog_ip == 0x0a4d0001u && cf.syslog_port == 5514,
	    "syslog with port");
	CHECK(check_cf("syslog=192.168.1.2", &cf) == RC_OK &&
	    cf.syslog_ip == 0xc0a80102u && cf.syslog_port == 514,
	    "syslog default port 514");
	CHECK(check_cf("syslog=1.2.3.4:65535", &cf) == RC_OK &&
	    cf.syslog_port == 65535, "syslog port 65535");
	CHECK(check_cf("syslog=1.2.3.4:9 syslog=5.6.7.8", &cf) == RC_OK &&
	    cf.syslog_ip == 0x05060708u && cf.syslog_port == 514,
	    "syslog: last word wins, port included");
	/* The hosted platform's own words are accepted, not parsed here. */
	CHECK(check_cf("disk=/nonexistent mac=02:00:00:00:00:01", &cf) == RC_OK,
	    "platform words");
	/* offload= is the platforms' too (plat.h PLAT_NET_TX_CSUM). */
	CHECK(check_cf("offload=off", &cf) == RC_OK, "offload word");
}

static void
test_refused(void)
{
	static const char *bad[] = {
		"htpp_port=8080",	/* a typo is not ignored */
		"Host=localhost",	/* keys are case-sensitive */
		"http_port=0", "http_port=65536", "http_port=-1",
		"http_port=80x", "http_port=", "https_port=0",
		"https_redirect_port=70000",
		"host=", "host=bad_name", "host=a/b", "host=a:80",
		"log=yes", "log=",
		"ip=1.2.3", "ip=1.2.3.4.5", "ip=256.1.1.1", "ip=1.2.3.4/33",
		"ip=1.2.3.4/", "ip=1.2.3.4/x", "ip=1..3.4", "ip=0001.2.3.4",
		"gw=10.0.0.1",		/* gw without ip */
		"ip=10.0.0.2 gw=10.0.0", "host=a.example attachments_host=A.example",
		"syslog=", "syslog=1.2.3", "syslog=1.2.3.4:",
		"syslog=1.2.3.4:0", "syslog=1.2.3.4:65536", "syslog=1.2.3.4:x",
		"syslog=1.2.3.4/24", "syslog=1.2.3.4:514x", "syslog=0.0.0.0",
		"syslog=host:514", "syslog=256.0.0.1", "syslog=1.2.3.4:+5",
		"bare",			/* not key=value */
		"=value",
	};
	struct config cf;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CHECK(check_cf(bad[i], &cf) != RC_OK, bad[i]);
}

static void
test_limits(void)
{
	char line[PLAT_MAX_CONFIG_WORDS * 8 + 2 * PLAT_MAX_CONFIG_WORD];
	struct config cf;
	size_t n = 0;
	int i;

	/* PLAT_MAX_CONFIG_WORDS words pass; one more is refused. */
	for (i = 0; i < PLAT_MAX_CONFIG_WORDS; i++)
		n += (size_t)snprintf(line + n, sizeof line - n, "log=on ");
	CHECK(check_cf(line, &cf) == RC_OK, "max words");
	snprintf(line + n, sizeof line - n, "log=on");
	CHECK(check_cf(line, &cf) == RC_TOOBIG, "one word too many");
	/* A word of PLAT_MAX_CONFIG_WORD bytes passes; one more does not. */
	n = (size_t)snprintf(line, sizeof line, "disk=");
	memset(line + n, 'x', PLAT_MAX_CONFIG_WORD - n);
	line[PLAT_MAX_CONFIG_WORD] = '\0';
	CHECK(check_cf(line, &cf) == RC_OK, "longest word");
	line[PLAT_MAX_CONFIG_WORD] = 'x';
	line[PLAT_MAX_CONFIG_WORD + 1] = '\0';
	CHECK(check_cf(line, &cf) == RC_TOOBIG, "word too long");
	/* A name of CONFIG_MAX_HOST bytes passes; one more is too long. */
	n = (size_t)snprintf(line, sizeof line, "host=");
	memset(line + n, 'a', CONFIG_MAX_HOST);
	line[n + CONFIG_MAX_HOST] = '\0';
	CHECK(check_cf(line, &cf) == RC_OK, "longest host");
	line[n + CONFIG_MAX_HOST] = 'a';
	line[n + CONFIG_MAX_HOST + 1] = '\0';
	CHECK(check_cf(line, &cf) == RC_TOOBIG, "host too long");
}

static const struct check_test tests[] = {
	{ "defaults", test_defaults },
	{ "values", test_values },
	{ "refused", test_refused },
	{ "limits", test_limits },
};

int
main(int argc, char **argv)
{
	return check_main(tests, sizeof tests / sizeof tests[0], argc, argv);
}
