/*
 * test_sntp.c: the SNTP client's packets (net/sntp.c): the request it
 * builds, the checks an answer must pass (RFC 4330 5), the timestamp
 * conversions across NTP's eras, and the server time it derives.
 *
 *   test_sntp [all|build|parse|reject|convert|wall_at]
 */
#include <string.h>

#include "check.h"
#include "cloud.h"
#include "err.h"

#define NS	1000000000ull
#define T2031	1924992000ull	/* 2031-01-01T00:00:00Z, Unix seconds */

static void
put64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 7; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

/* A good answer to nonce: server time 2031-01-01, 1 ms inside it. */
static void
answer(uint8_t *pkt, uint64_t nonce)
{
	memset(pkt, 0, SNTP_PACKET_LEN);
	pkt[0] = 0 << 6 | 4 << 3 | 4;
	pkt[1] = 2;
	put64(pkt + 24, nonce);
	put64(pkt + 32, sntp_from_unix_ns(T2031 * NS));
	put64(pkt + 40, sntp_from_unix_ns(T2031 * NS + 1000000));
}

static void
test_build(void)
{
	uint8_t pkt[SNTP_PACKET_LEN];
	static const uint8_t nonce[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	size_t i;
	int zero = 1;

	memset(pkt, 0xaa, sizeof pkt);
	sntp_build(pkt, 0x0102030405060708ull);
	CHECK(pkt[0] == 0x23, "LI 0, version 4, mode 3");
	for (i = 1; i < 40; i++)
		zero &= pkt[i] == 0;
	CHECK(zero, "every other field zero");
	CHECK(memcmp(pkt + 40, nonce, 8) == 0, "nonce as Transmit Timestamp");
}

static void
test_parse(void)
{
	uint8_t pkt[SNTP_PACKET_LEN + 20];
	struct sntp_reply r;

	answer(pkt, 42);
	CHECK(sntp_parse(pkt, SNTP_PACKET_LEN, 42, &r) == RC_OK, "good");
	CHECK(r.stratum == 2, "stratum");
	CHECK(r.rx_ns == T2031 * NS, "receive timestamp");
	CHECK(r.tx_ns == T2031 * NS + 1000000, "transmit timestamp");
	CHECK(sntp_parse(pkt, sizeof pkt, 42, &r) == RC_OK,
	    "longer (key id, digest) is accepted");
	pkt[0] = 3 << 3 | 4;
	CHECK(sntp_parse(pkt, SNTP_PACKET_LEN, 42, &r) == RC_OK, "version 3");
}

static void
test_reject(void)
{
	uint8_t pkt[SNTP_PACKET_LEN];
	struct sntp_reply r;

	answer(pkt, 42);
	CHECK(sntp_parse(pkt, SNTP_PACKET_LEN - 1, 42, &r) == RC_PROTO,
	    "short");
	CHECK(sntp_parse(pkt, SNTP_PACKET_LEN, 43, &r) == RC_PROTO,
	    "originate is not our nonce");
	answer(pkt, 42);
	pkt[0] = 4 << 3 | 3;
	CHECK(sntp_parse(pkt, SNTP_PACKET_LEN, 42, &r) == RC_PROTO,
	    "mode 3 (our own request reflected)");
	answer(pkt, 42);
	pkt[0] = 4 << 3 | 5;
	CHECK(sntp_parse(pkt, SNTP_PACKET_LEN, 42, &r) == RC_PROTO,
	    "mode 5 (broadcast)");
	answer(pkt, 42);
	pkt[0] = 3 << 6 | 4 << 3 | 4;
	CHECK(sntp_parse(pkt, SNTP_PACKET_LEN, 42, &r) == RC_PROTO,
	    "leap indicator 3: not synchronised");
	answer(pkt, 42);
	pkt[0] = 5 << 3 | 4;
	CHECK(sntp_parse(pkt, SNTP_PACKET_LEN, 42, &r) == RC_PROTO,
	    "version 5");
	answer(pkt, 42);
	pkt[1] = 0;
	CHECK(sntp_parse(pkt, SNTP_PACKET_LEN, 42, &r) == RC_PROTO,
	    "stratum 0: kiss-o'-death");
	pkt[1] = 16;
	CHECK(sntp_parse(pkt, SNTP_PACKET_LEN, 42, &r) == RC_PROTO,
	    "stratum 16: unsynchronised");
	answer(pkt, 42);
	memset(pkt + 40, 0, 8);
	CHECK(sntp_parse(pkt, SNTP_PACKET_LEN, 42, &r) == RC_PROTO,
	    "zero transmit timestamp");
}

static void
test_convert(void)
{
	/* 1970: NTP seconds 2208988800. */
	CHECK(sntp_to_unix_ns(2208988800ull << 32) == 0, "the Unix epoch");
	CHECK(sntp_from_unix_ns(0) == 2208988800ull << 32, "and back");
	CHECK(sntp_to_unix_ns(sntp_from_unix_ns(T2031 * NS)) == T2031 * NS,
	    "2031 round trip");
	/* 2036-02-07T06:28:16Z is era 1's second 0 (RFC 4330 3). */
	CHECK(sntp_to_unix_ns(0) == 2085978496ull * NS, "era 1 starts");
	CHECK(sntp_to_unix_ns(sntp_from_unix_ns(2100000000ull * NS)) ==
	    2100000000ull * NS, "2036 and later round trip");
	CHECK(sntp_to_unix_ns(1ull << 63 | 0x80000000u) ==
	    ((1ull << 31) - 2208988800ull) * NS + NS / 2,
	    "1968 (bit 0 set: era 0), half a second");
}

static void
test_wall_at(void)
{
	struct sntp_reply r = { .rx_ns = 100 * NS, .tx_ns = 100 * NS + 10,
	    .stratum = 1 };

	/* Round trip 20 ms, 10 ns of it at the server: T3 + half the rest. */
	CHECK(sntp_wall_at(&r, 5 * NS, 5 * NS + 20000000) ==
	    100 * NS + 10 + (20000000 - 10) / 2, "half the network time");
	CHECK(sntp_wall_at(&r, 5 * NS, 5 * NS) == 100 * NS + 10,
	    "no time at all: T3");
	r.tx_ns = r.rx_ns - 1;
	CHECK(sntp_wall_at(&r, 5 * NS, 5 * NS + 2) == r.tx_ns + 1,
	    "a server that went back counts as no server time");
}

static const struct check_test tests[] = {
	{ "build", test_build },
	{ "parse", test_parse },
	{ "reject", test_reject },
	{ "convert", test_convert },
	{ "wall_at", test_wall_at },
};

int
main(int argc, char **argv)
{
	return check_main(tests, sizeof tests / sizeof tests[0], argc, argv);
}
