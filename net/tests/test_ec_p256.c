/*
 * test_ec_p256.c: our P-256 (net/ec_p256.c) against BearSSL's
 * br_ec_p256_m31 as the reference: the same results for random scalars
 * and points (a fixed seed, so a failure repeats), the same refusals of
 * bad points, the edge scalars, and ECDSA signatures that BearSSL's
 * verifier accepts.  No network, no files.
 *
 *   test_ec_p256 [all|mulgen|mul|muladd|edges|points|ecdsa|dispatch]...
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ec_p256.h"
#include "check.h"

#define P256	BR_EC_secp256r1

static const br_ec_impl *const ref = &br_ec_p256_m31;
static const br_ec_impl *const our = &ec_p256_m64;

/* xorshift64*: reproducible, and enough to spread bits. */
static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static void
rnd(unsigned char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		rng_state ^= rng_state >> 12;
		rng_state ^= rng_state << 25;
		rng_state ^= rng_state >> 27;
		buf[i] = (unsigned char)((rng_state * 0x2545f4914f6cdd1dull) >>
		    56);
	}
}

/* A random scalar below the order: n starts with 0xFFFFFFFF00. */
static void
rnd_scalar(unsigned char x[32])
{
	rnd(x, 32);
	x[0] &= 0x7F;
	x[31] |= 1;
}

static const unsigned char *
order(void)
{
	size_t len;

	return ref->order(P256, &len);
}

/* A random valid point: r * G through the reference. */
static void
rnd_point(unsigned char pt[65])
{
	unsigned char x[32];

	rnd_scalar(x);
	ref->mulgen(pt, x, 32, P256);
}

static void
test_mulgen(void)
{
	unsigned char x[32], a[65], b[65];
	int i, bad = 0;

	for (i = 0; i < 300; i++) {
		rnd_scalar(x);
		if (i < 8)
			memset(x, 0, 31 - i);	/* short, small scalars */
		if (ref->mulgen(a, x, 32, P256) != 65 ||
		    our->mulgen(b, x, 32, P256) != 65 ||
		    memcmp(a, b, 65) != 0)
			bad++;
	}
	CHECK(bad == 0, "mulgen matches");
	/* A 1-byte and a 33-byte scalar (leading zero) are the same. */
	memset(x, 0, sizeof(x));
	x[31] = 7;
	ref->mulgen(a, x, 32, P256);
	CHECK(our->mulgen(b, x + 31, 1, P256) == 65 &&
	    memcmp(a, b, 65) == 0, "1-byte scalar");
	{
		unsigned char y[33] = { 0 };

		y[32] = 7;
		CHECK(our->mulgen(b, y, 33, P256) == 65 &&
		    memcmp(a, b, 65) == 0, "33-byte scalar");
	}
}

static void
test_mul(void)
{
	unsigned char x[32], p[65], a[65], b[65];
	int i, bad = 0;

	for (i = 0; i < 100; i++) {
		rnd_point(p);
		rnd_scalar(x);
		memcpy(a, p, 65);
		memcpy(b, p, 65);
		if (ref->mul(a, 65, x, 32, P256) != 1 ||
		    our->mul(b, 65, x, 32, P256) != 1 || memcmp(a, b, 65) != 0)
			bad++;
	}
	CHECK(bad == 0, "mul matches");
	/* An ECDH-like short scalar: 17 bytes. */
	rnd_point(p);
	memcpy(a, p, 65);
	memcpy(b, p, 65);
	CHECK(ref->mul(a, 65, x, 17, P256) == 1 &&
	    our->mul(b, 65, x, 17, P256) == 1 && memcmp(a, b, 65) == 0,
	    "17-byte scalar");
}

static void
test_muladd(void)
{
	unsigned char x[32], y[32], p[65], q[65], a[65], b[65];
	int i, bad = 0;

	for (i = 0; i < 60; i++) {
		rnd_point(p);
		rnd_point(q);
		rnd_scalar(x);
		rnd_scalar(y);
		memcpy(a, p, 65);
		memcpy(b, p, 65);
		if (ref->muladd(a, (i & 1) ? q : NULL, 65, x, 32, y, 32,
		    P256) != 1 || our->muladd(b, (i & 1) ? q : NULL, 65, x, 32,
		    y, 32, P256) != 1 || memcmp(a, b, 65) != 0)
			bad++;
	}
	CHECK(bad == 0, "muladd matches");
}

/* The scalars 1, n - 1, n - 2, and 0 and n (our error). */
static void
test_edges(void)
{
	const unsigned char *n = order();
	unsigned char x[32], y[32], g[65], a[65], b[65];
	size_t len;

	memcpy(g, ref->generator(P256, &len), 65);
	CHECK(len == 65, "generator length");
	memset(x, 0, 32);
	x[31] = 1;
	CHECK(our->mulgen(b, x, 32, P256) == 65 && memcmp(b, g, 65) == 0,
	    "1 * G");
	memcpy(b, g, 65);
	CHECK(our->mul(b, 65, x, 32, P256) == 1 && memcmp(b, g, 65) == 0,
	    "mul by 1");
	memcpy(x, n, 32);
	x[31] -= 1;			/* n - 1: -G */
	ref->mulgen(a, x, 32, P256);
	CHECK(our->mulgen(b, x, 32, P256) == 65 && memcmp(a, b, 65) == 0,
	    "(n-1) * G");
	CHECK(memcmp(a + 1, g + 1, 32) == 0 && memcmp(a + 33, g + 33, 32),
	    "(n-1) * G is -G");
	memcpy(b, g, 65);
	CHECK(our->mul(b, 65, x, 32, P256) == 1 && memcmp(a, b, 65) == 0,
	    "mul by n-1");
	x[31] -= 1;			/* n - 2 */
	ref->mulgen(a, x, 32, P256);
	CHECK(our->mulgen(b, x, 32, P256) == 65 && memcmp(a, b, 65) == 0,
	    "(n-2) * G");
	/* 0 and n give infinity: an error here (indeterminate in BearSSL). */
	memset(x, 0, 32);
	CHECK(our->mulgen(b, x, 32, P256) == 0, "0 * G refused");
	memcpy(b, g, 65);
	CHECK(our->mul(b, 65, x, 32, P256) == 0, "mul by 0 refused");
	CHECK(our->mul(b, 65, x, 0, P256) == 0, "empty scalar refused");
	CHECK(our->mulgen(b, n, 32, P256) == 0, "n * G refused");
	memcpy(b, g, 65);
	CHECK(our->mul(b, 65, n, 32, P256) == 0, "mul by n refused");
	/* muladd: G + (n-1)G is infinity, an error in both; G + G is 2G. */
	memset(x, 0, 32);
	x[31] = 1;
	memcpy(y, n, 32);
	y[31] -= 1;
	memcpy(a, g, 65);
	memcpy(b, g, 65);
	CHECK(ref->muladd(a, NULL, 65, x, 32, y, 32, P256) == 0 &&
	    our->muladd(b, NULL, 65, x, 32, y, 32, P256) == 0,
	    "muladd to infinity refused");
	memcpy(a, g, 65);
	memcpy(b, g, 65);
	CHECK(ref->muladd(a, g, 65, x, 32, x, 32, P256) == 1 &&
	    our->muladd(b, g, 65, x, 32, x, 32, P256) == 1 &&
	    memcmp(a, b, 65) == 0, "muladd doubling case");
	memset(y, 0, 32);
	memcpy(b, g, 65);
	CHECK(our->muladd(b, NULL, 65, x, 32, y, 32, P256) == 0,
	    "muladd zero scalar refused");
}

/* Both implementations accept or refuse p exactly alike. */
static int
same_verdict(const unsigned char *p, size_t len)
{
	static const unsigned char x[32] = { [31] = 5 };
	unsigned char a[80], b[80];
	uint32_t ra, rb;

	memcpy(a, p, len);
	memcpy(b, p, len);
	ra = ref->mul(a, len, x, 32, P256);
	rb = our->mul(b, len, x, 32, P256);
	if (ra != rb || (ra == 1 && memcmp(a, b, len) != 0))
		return -1;
	return (int)ra;
}

static void
test_points(void)
{
	static const unsigned char pbytes[32] = {
		0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	};
	static const unsigned char five[65] = {
		0x04, [32] = 5,
		0x45, 0x92, 0x43, 0xb9, 0xaa, 0x58, 0x18, 0x06,
		0xfe, 0x91, 0x3b, 0xce, 0x99, 0x81, 0x7a, 0xde,
		0x11, 0xca, 0x50, 0x3c, 0x64, 0xd9, 0xa3, 0xc5,
		0x33, 0x41, 0x5c, 0x08, 0x32, 0x48, 0xfb, 0xcc,
	};
	static const unsigned char five_p[32] = {
		0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04,
	};
	unsigned char p[80], q[80];
	int i, bad = 0;

	rnd_point(p);
	CHECK(same_verdict(p, 65) == 1, "valid point");
	for (i = 0; i < 256; i++) {
		memcpy(q, p, 65);
		q[0] = (unsigned char)i;
		if (same_verdict(q, 65) != (i == 4))
			bad++;
	}
	CHECK(bad == 0, "first byte");
	CHECK(same_verdict(p, 64) == 0, "64 bytes");
	memcpy(q, p, 65);
	q[65] = 0;
	CHECK(same_verdict(q, 66) == 0, "66 bytes");
	for (bad = 0, i = 8; i < 65 * 8; i++) {
		memcpy(q, p, 65);
		q[i / 8] ^= (unsigned char)(1 << (i % 8));
		if (same_verdict(q, 65) != 0)
			bad++;
	}
	CHECK(bad == 0, "every one-bit change is off the curve");
	memset(q, 0, 65);
	q[0] = 4;
	CHECK(same_verdict(q, 65) == 0, "all zeros");
	/* x = p, and y = p, are not below p: refused. */
	memcpy(q, p, 65);
	memcpy(q + 1, pbytes, 32);
	CHECK(same_verdict(q, 65) == 0, "x = p");
	memcpy(q, p, 65);
	memcpy(q + 33, pbytes, 32);
	CHECK(same_verdict(q, 65) == 0, "y = p");
	/*
	 * (5, y) is on the curve; (5 + p, y) would pass a curve check done
	 * mod p, so only the range check refuses it (both coordinates go
	 * through the same decoder).
	 */
	memcpy(q, five, 65);
	CHECK(same_verdict(q, 65) == 1, "(5, y) valid");
	memcpy(q + 1, five_p, 32);
	CHECK(same_verdict(q, 65) == 0, "x + p refused");
	/* muladd refuses a bad B the same way. */
	{
		unsigned char a[65], b[65];
		static const unsigned char x[32] = { [31] = 3 };

		rnd_point(a);
		memcpy(b, a, 65);
		memcpy(q, p, 65);
		q[40] ^= 1;
		CHECK(ref->muladd(a, q, 65, x, 32, x, 32, P256) == 0 &&
		    our->muladd(b, q, 65, x, 32, x, 32, P256) == 0,
		    "muladd bad B");
	}
}

static void
test_ecdsa(void)
{
	unsigned char d[32], pub[65], hv[32], sig[80];
	br_ec_private_key sk;
	br_ec_public_key pk;
	size_t len;
	int i, bad = 0;

	for (i = 0; i < 20; i++) {
		rnd_scalar(d);
		rnd(hv, sizeof(hv));
		sk.curve = P256;
		sk.x = d;
		sk.xlen = 32;
		pk.curve = P256;
		pk.q = pub;
		pk.qlen = br_ec_compute_pub(ref, NULL, pub, &sk);
		len = br_ecdsa_i31_sign_asn1(our, &br_sha256_vtable, hv, &sk,
		    sig);
		if (len == 0 || !br_ecdsa_i31_vrfy_asn1(ref, hv, 32, &pk, sig,
		    len))
			bad++;
		/* The verifier on our arithmetic too; a changed hash fails. */
		if (!br_ecdsa_i31_vrfy_asn1(our, hv, 32, &pk, sig, len))
			bad++;
		hv[5] ^= 1;
		if (br_ecdsa_i31_vrfy_asn1(ref, hv, 32, &pk, sig, len) ||
		    br_ecdsa_i31_vrfy_asn1(our, hv, 32, &pk, sig, len))
			bad++;
	}
	CHECK(bad == 0, "signatures verify");
}

/* ec_all_m64: P-256 ours, the rest BearSSL's. */
static void
test_dispatch(void)
{
	unsigned char x[32], a[65], b[65];
	size_t la, lb;

	CHECK(ec_all_m64.supported_curves == br_ec_all_m31.supported_curves,
	    "same curves");
	CHECK(our->supported_curves == (1u << P256), "P-256 only");
	CHECK(ec_all_m64.order(P256, &la) == br_ec_p256_m31.order(P256, &lb),
	    "P-256 order");
	rnd(x, 32);
	la = br_ec_all_m31.mulgen(a, x, 32, BR_EC_curve25519);
	lb = ec_all_m64.mulgen(b, x, 32, BR_EC_curve25519);
	CHECK(la == 32 && la == lb && memcmp(a, b, la) == 0, "X25519");
	rnd_scalar(x);
	la = br_ec_all_m31.mulgen(a, x, 32, P256);
	lb = ec_all_m64.mulgen(b, x, 32, P256);
	CHECK(la == 65 && la == lb && memcmp(a, b, la) == 0, "P-256");
}

static const struct check_test tests[] = {
	{ "mulgen", test_mulgen },
	{ "mul", test_mul },
	{ "muladd", test_muladd },
	{ "edges", test_edges },
	{ "points", test_points },
	{ "ecdsa", test_ecdsa },
	{ "dispatch", test_dispatch },
};

int
main(int argc, char **argv)
{
	return check_main(tests, sizeof(tests) / sizeof(tests[0]), argc,
	    argv);
}
