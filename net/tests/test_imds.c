/*
 * test_imds.c: what the IMDSv2 client (net/imds.c) makes of the service's
 * answers (the response parser, the identity document's fields) and
 * what the configuration makes of user-data (config_merge_userdata:
 * words, files, precedence, refusals), through the hosted platform's
 * words; and the imds= and sntp= words themselves.
 *
 *   test_imds [all|response|json|words|userdata|userdata_files|
 *              userdata_refused]
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "check_config.h"
#include "cloud.h"
#include "config.h"
#include "err.h"
#include "plat.h"


/* config_merge_userdata on a copy of text (it cuts in place). */
static int
merge(struct config *cf, const char *text)
{
	static char ud[CONFIG_MAX_USERDATA + 16];
	size_t n = strlen(text);

	memcpy(ud, text, n + 1);
	return config_merge_userdata(cf, ud, n);
}

static int
resp(const char *r, bool complete, int *status, size_t *off, size_t *len)
{
	return imds_response(r, strlen(r), complete, status, off, len);
}

static void
test_response(void)
{
	int st = 0;
	size_t off = 0, len = 0;
	static char big[IMDS_MAX_HEAD + 64];

	CHECK(resp("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
	    false, &st, &off, &len) == RC_OK && st == 200 && len == 5 &&
	    off == 38, "with a length");
	CHECK(resp("HTTP/1.1 200 OK\r\ncontent-length:  5\r\n\r\nhel",
	    false, &st, &off, &len) == RC_AGAIN, "body incomplete");
	CHECK(resp("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel",
	    true, &st, &off, &len) == RC_PROTO, "closed before the end");
	st = 0;
	CHECK(resp("HTTP/1.1 200 OK\r\nContent-Length: 99999999\r\n\r\nab",
	    false, &st, &off, &len) == RC_AGAIN && st == 200 &&
	    len == 99999999, "the status and length before the body");
	CHECK(resp("HTTP/1.1 200 OK\r\nServer: x\r\n\r\nto the end",
	    false, &st, &off, &len) == RC_AGAIN, "no length: wait");
	CHECK(resp("HTTP/1.1 200 OK\r\nServer: x\r\n\r\nto the end",
	    true, &st, &off, &len) == RC_OK && len == 10, "no length: close");
	CHECK(resp("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n",
	    false, &st, &off, &len) == RC_OK && st == 404 && len == 0, "404");
	CHECK(resp("HTTP/1.0 403 Forbidden\r\n\r\n", true, &st, &off,
	    &len) == RC_OK && st == 403, "403, HTTP/1.0");
	CHECK(resp("HTTP/1.1 200 OK\r\nContent-Le", false, &st, &off,
	    &len) == RC_AGAIN, "head incomplete");
	CHECK(resp("HTTP/1.1 200 OK\r\nContent-Le", true, &st, &off,
	    &len) == RC_PROTO, "head cut");
	CHECK(resp("SSH-2.0-OpenSSH\r\n\r\n", true, &st, &off, &len) ==
	    RC_PROTO, "not HTTP");
	CHECK(resp("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	    "5\r\nhello\r\n0\r\n\r\n", true, &st, &off, &len) == RC_PROTO,
	    "chunked is refused");
	CHECK(resp("HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n", true,
	    &st, &off, &len) == RC_PROTO, "bad length");
	memset(big, 'a', sizeof big - 1);
	memcpy(big, "HTTP/1.1 200 OK\r\nX: ", 20);
	CHECK(resp(big, false, &st, &off, &len) == RC_TOOBIG,
	    "head over IMDS_MAX_HEAD");
}

static void
test_json(void)
{
	static const char doc[] = "{\n  \"accountId\" : \"123456789012\",\n"
	    "  \"region\" : \"eu-west-3\",\n  \"instanceId\" : "
	    "\"i-0abc1234def567890\",\n  \"pendingTime\" : null,\n"
	    "  \"bad\" : \"a\\\"b\"\n}";
	char v[32];

	CHECK(imds_json_field(doc, sizeof doc - 1, "region", v, sizeof v) ==
	    RC_OK && strcmp(v, "eu-west-3") == 0, "region");
	CHECK(imds_json_field(doc, sizeof doc - 1, "instanceId", v,
	    sizeof v) == RC_OK && strcmp(v, "i-0abc1234def567890") == 0,
	    "instanceId");
	CHECK(imds_json_field(doc, sizeof doc - 1, "imageId", v, sizeof v) ==
	    RC_NOTFOUND, "absent");
	CHECK(imds_json_field(doc, sizeof doc - 1, "pendingTime", v,
	    sizeof v) == RC_FORMAT, "not a string");
	CHECK(imds_json_field(doc, sizeof doc - 1, "bad", v, sizeof v) ==
	    RC_FORMAT, "escapes are refused");
	CHECK(imds_json_field(doc, sizeof doc - 1, "instanceId", v, 8) ==
	    RC_TOOBIG, "too long for out");
	CHECK(imds_json_field(doc, 30, "region", v, sizeof v) ==
	    RC_NOTFOUND, "only len bytes are read");
}

static void
test_words(void)
{
	struct config cf;

	CHECK(check_cf("", &cf) == RC_OK && cf.imds_ip == 0 && cf.sntp_ip == 0,
	    "both off by default");
	CHECK(check_cf("imds=on", &cf) == RC_OK && cf.imds_ip == 0xa9fea9fe &&
	    cf.imds_port == 80, "imds=on");
	CHECK(check_cf("imds=10.0.2.2:8080", &cf) == RC_OK &&
	    cf.imds_ip == 0x0a000202 && cf.imds_port == 8080, "address:port");
	CHECK(check_cf("imds=on imds=off", &cf) == RC_OK && cf.imds_ip == 0,
	    "off, last wins");
	CHECK(check_cf("sntp=169.254.169.123", &cf) == RC_OK &&
	    cf.sntp_ip == 0xa9fea97b && cf.sntp_port == 123, "sntp default");
	CHECK(check_cf("sntp=10.0.2.2:1123", &cf) == RC_OK &&
	    cf.sntp_port == 1123, "sntp port");
	CHECK(check_cf("imds=auto", &cf) == RC_INVAL, "auto: not yet");
	CHECK(check_cf("sntp=10.0.2.2:0", &cf) == RC_INVAL, "port 0");
	CHECK(check_cf("sntp=0.0.0.0", &cf) == RC_INVAL, "address 0");
	CHECK(check_cf("imds=10.0.2", &cf) == RC_INVAL, "three octets");
}

static void
test_userdata(void)
{
	struct config cf;

	CHECK(check_cf("http_port=8080", &cf) == RC_OK, "boot words");
	CHECK(merge(&cf, "# comment\r\nhost=Example.Test\r\n\r\n"
	    "log=off\r\nhttp_port=9090\r\nsntp=10.0.2.2:1123") == RC_OK,
	    "CRLF, comment, blank line");
	CHECK(strcmp(cf.host, "example.test") == 0, "host from user-data");
	CHECK(!cf.log, "log from user-data");
	CHECK(cf.http_port == 8080, "the command line wins");
	CHECK(cf.sntp_ip == 0x0a000202 && cf.sntp_port == 1123, "sntp");
	CHECK(merge(&cf, "host=other.test") == RC_OK &&
	    strcmp(cf.host, "other.test") == 0 && cf.log,
	    "a second merge starts again from the boot configuration");
	CHECK(merge(&cf, "") == RC_OK && strcmp(cf.host, "localhost") == 0,
	    "empty user-data");
}

static void
test_userdata_files(void)
{
	static const char ud[] = "host=example.test\n"
	    "file cert.main\n-----BEGIN CERTIFICATE-----\nAAAA\n"
	    "-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nBBBB\n"
	    "-----END CERTIFICATE-----\nend\n"
	    "file key.main\r\n-----BEGIN PRIVATE KEY-----\r\nCCCC\r\n"
	    "-----END PRIVATE KEY-----\r\nend\r\nlog=off\n";
	struct config cf;

	CHECK(check_cf("", &cf) == RC_OK, "boot");
	CHECK(merge(&cf, ud) == RC_OK, "files");
	CHECK(cf.cert_main.len == 118 &&
	    memcmp(cf.cert_main.data, "-----BEGIN CERTIFICATE-----\nAAAA\n",
	    33) == 0 && memcmp((const char *)cf.cert_main.data + 92,
	    "-----END CERTIFICATE-----\n", 26) == 0,
	    "the chain, both blocks, newlines kept");
	CHECK(cf.key_main.len == 62 && memcmp((const char *)cf.key_main.data +
	    35, "-----END PRIVATE KEY-----\r\n", 27) == 0, "CRLF key");
	CHECK(!cf.log, "a word after the files");
}

static void
test_userdata_refused(void)
{
	struct config cf;

	CHECK(check_cf("host=boot.test", &cf) == RC_OK, "boot");
	CHECK(merge(&cf, "host=a.test\nbogus=1") == RC_INVAL &&
	    strcmp(cf.host, "boot.test") == 0, "unknown key: cf unchanged");
	CHECK(merge(&cf, "http_port=99999") == RC_INVAL, "bad value");
	CHECK(merge(&cf, "just words") == RC_FORMAT, "not key=value");
	CHECK(merge(&cf, "=x") == RC_FORMAT, "empty key");
	CHECK(merge(&cf, "ip=10.0.0.5") == RC_INVAL, "ip= is boot only");
	CHECK(merge(&cf, "imds=off") == RC_INVAL, "imds= is boot only");
	CHECK(merge(&cf, "disk=/dev/sda") == RC_INVAL, "platform word");
	CHECK(merge(&cf, "file cert.main\nAAAA\n") == RC_FORMAT, "no end");
	CHECK(merge(&cf, "file cert.mian\nAAAA\nend\n") == RC_INVAL,
	    "unknown file name");
	CHECK(merge(&cf, "file cert.main\nAAAA\nend\n") == RC_INVAL,
	    "a certificate without its key");
	CHECK(strcmp(cf.host, "boot.test") == 0 && cf.cert_main.data == NULL,
	    "after all of them, cf is the boot one");
}

static void
test_userdata_limits(void)
{
	static char big[CONFIG_MAX_USERDATA + 2];
	struct config cf;
	char ud[PLAT_MAX_CONFIG_WORD + 16];
	int i;

	CHECK(check_cf("", &cf) == RC_OK, "boot");
	memset(big, '#', sizeof big - 1);
	CHECK(config_merge_userdata(&cf, big, sizeof big - 1) == RC_TOOBIG,
	    "over CONFIG_MAX_USERDATA");
	memset(ud, 'a', sizeof ud - 1);
	ud[sizeof ud - 1] = '\0';
	memcpy(ud, "host=", 5);
	CHECK(merge(&cf, ud) == RC_TOOBIG, "a word over the limit");
	big[0] = '\0';
	for (i = 0; i <= PLAT_MAX_CONFIG_WORDS; i++)
		strcat(big, "log=on\n");
	CHECK(merge(&cf, big) == RC_TOOBIG, "too many words");
}

static const struct check_test tests[] = {
	{ "response", test_response },
	{ "json", test_json },
	{ "words", test_words },
	{ "userdata", test_userdata },
	{ "userdata_files", test_userdata_files },
	{ "userdata_refused", test_userdata_refused },
	{ "userdata_limits", test_userdata_limits },
};

int
main(int argc, char **argv)
{
	return check_main(tests, sizeof tests / sizeof tests[0], argc, argv);
}
