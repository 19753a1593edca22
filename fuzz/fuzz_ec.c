/*
 * fuzz_ec.c: libFuzzer target comparing our P-256 (net/ec_p256.c) with
 * BearSSL's br_ec_p256_m31 on the same inputs: every call must give the
 * same verdict, and the same point when both succeed.
 *
 * Input: one byte op, 32 bytes of scalar x, 32 of scalar y, then the
 * point bytes.  op bit 0: the point is the input as it is (any length;
 * mostly refused, which tests decoding) or a valid point (the
 * reference's mulgen of the point bytes, then XORed with the rest).
 * op bits 1..2: mul, mulgen, muladd with B = NULL, muladd with B = the
 * same point.  Scalars lose their top bit, so that they are below the
 * order (BearSSL leaves larger ones indeterminate); zero scalars, also
 * indeterminate there, only check that ours refuses them.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ec_p256.h"
#include "fuzz.h"

#define P256	BR_EC_secp256r1

static int
is_zero(const unsigned char *x, size_t len)
{
	while (len-- > 0)
		if (x[len] != 0)
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const br_ec_impl *ref = &br_ec_p256_m31, *our = &ec_p256_m64;
	unsigned char x[32], y[32], pt[80], a[80], b[80];
	size_t len, i;
	unsigned op;
	uint32_t ra, rb;
	int zero;

	if (size < 65)
		return 0;
	op = data[0];
	memcpy(x, data + 1, 32);
	memcpy(y, data + 33, 32);
	x[0] &= 0x7F;
	y[0] &= 0x7F;
	data += 65;
	size -= 65;
	if (op & 1) {
		unsigned char k[32] = { 0 };

		memcpy(k, data, size < 32 ? size : 32);
		k[0] &= 0x7F;
		k[31] |= 1;
		len = ref->mulgen(pt, k, 32, P256);
		for (i = 32; i < size && i - 32 < len; i++)
			pt[i - 32] ^= data[i];
	} else {
		len = size < sizeof(pt) ? size : sizeof(pt);
		memcpy(pt, data, len);
	}
	memcpy(a, pt, len);
	memcpy(b, pt, len);
	zero = is_zero(x, 32);
	switch ((op >> 1) & 3) {
	case 0:
		rb = our->mul(b, len, x, 32, P256);
		if (zero) {
			FUZZ_CHECK(rb == 0);
			return 0;
		}
		ra = ref->mul(a, len, x, 32, P256);
		break;
	case 1:
		rb = (uint32_t)our->mulgen(b, x, 32, P256);
		if (zero) {
			FUZZ_CHECK(rb == 0);
			return 0;
		}
		ra = (uint32_t)ref->mulgen(a, x, 32, P256);
		len = 65;
		break;
	default:
		rb = our->muladd(b, (op & 4) ? pt : NULL, len, x, 32, y, 32,
		    P256);
		if (zero || is_zero(y, 32)) {
			FUZZ_CHECK(rb == 0);
			return 0;
		}
		ra = ref->muladd(a, (op & 4) ? pt : NULL, len, x, 32, y, 32,
		    P256);
		break;
	}
	FUZZ_CHECK(ra == rb);
	if (ra != 0)
		FUZZ_CHECK(memcmp(a, b, len) == 0);
	return 0;
}
