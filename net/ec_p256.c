/*
 * ec_p256.c: P-256 with 4x64-bit limbs (see ec_p256.h).
 *
 * Field elements are four 64-bit limbs, least significant first, in
 * Montgomery form (a stands for a * 2^256 mod p) and always fully
 * reduced (below p), so that equality is equality of limbs.  Since
 * p = -1 mod 2^64, the Montgomery factor -1/p mod 2^64 is 1 and each
 * reduction step needs no extra multiplication.
 *
 * Points are projective (X:Y:Z), x = X/Z, y = Y/Z, and are added and
 * doubled with the complete formulas for a = -3 of Renes, Costello and
 * Batina ("Complete addition formulas for prime order elliptic curves",
 * EUROCRYPT 2016, algorithms 4 and 6): they are correct for every pair
 * of inputs, the point at infinity (0:1:0) and P + P included, so no
 * input needs a special case and nothing branches on a point.
 *
 * mul() uses a fixed 4-bit window: 16 multiples of the point, read
 * back with a scan of the whole table (no secret index), 4 doublings
 * and one addition per digit.  mulgen() uses a comb: for each of the 64
 * digit positions w, the 15 points d * 16^w * G (affine), so k * G is 64
 * additions and no doubling.
 *
 * Interface: ec_p256_m64, ec_all_m64 (ec_p256.h).
 */
#include <stdint.h>
#include <string.h>

#include "ec_p256.h"

typedef unsigned __int128 u128;
typedef uint64_t fe[4];

struct pt {
	fe x, y, z;
};

static const fe F_P = {
	0xffffffffffffffff, 0x00000000ffffffff,
	0x0000000000000000, 0xffffffff00000001,
};
/* 2^512 mod p: a Montgomery multiplication by it enters the form. */
static const fe F_R2 = {
	0x0000000000000003, 0xfffffffbffffffff,
	0xfffffffffffffffe, 0x00000004fffffffd,
};
/* 1 and the curve constant b, in Montgomery form. */
static const fe F_ONE = {
	0x0000000000000001, 0xffffffff00000000,
	0xffffffffffffffff, 0x00000000fffffffe,
};
static const fe F_B = {
	0xd89cdf6229c4bddf, 0xacf005cd78843090,
	0xe5a220abf7212ed6, 0xdc30061d04874834,
};

/* All ones when x != 0, else 0; x is 0 or 1. */
static inline uint64_t
mask_of(uint64_t bit)
{
	return -bit;
}

/* 1 when x == 0, else 0, without a branch. */
static inline uint64_t
is_zero64(uint64_t x)
{
	return ((x | -x) >> 63) ^ 1;
}

/* r = a - p when that does not borrow or hi is set, else a. */
static inline void
fe_final(fe r, const fe a, uint64_t hi)
{
	uint64_t d[4], borrow = 0, m;
	u128 w;
	int i;

	for (i = 0; i < 4; i++) {
		w = (u128)a[i] - F_P[i] - borrow;
		d[i] = (uint64_t)w;
		borrow = (uint64_t)(w >> 64) & 1;
	}
	m = mask_of(hi | (borrow ^ 1));
	for (i = 0; i < 4; i++)
		r[i] = (d[i] & m) | (a[i] & ~m);
}

static void
fe_add(fe r, const fe a, const fe b)
{
	uint64_t s[4];
	u128 t = 0;
	int i;

	for (i = 0; i < 4; i++) {
		t = (u128)a[i] + b[i] + (uint64_t)(t >> 64);
		s[i] = (uint64_t)t;
	}
	fe_final(r, s, (uint64_t)(t >> 64));
}

static void
fe_sub(fe r, const fe a, const fe b)
{
	uint64_t d[4], borrow = 0, m;
	u128 w;
	int i;

	for (i = 0; i < 4; i++) {
		w = (u128)a[i] - b[i] - borrow;
		d[i] = (uint64_t)w;
		borrow = (uint64_t)(w >> 64) & 1;
	}
	/* Borrowed: add p back (the sum wraps past 2^256 exactly once). */
	m = mask_of(borrow);
	w = 0;
	for (i = 0; i < 4; i++) {
		w = (u128)d[i] + (F_P[i] & m) + (uint64_t)(w >> 64);
		r[i] = (uint64_t)w;
	}
}

/*
 * r = a * b / 2^256 mod p (Montgomery, word by word: CIOS).  Each step
 * adds a[i] * b, then the multiple m * p that clears the low limb,
 * with m = t[0] because -1/p = 1 mod 2^64.  The sum stays below 2p, so
 * one conditional subtraction ends it.  Correct for any a below 2^256
 * when b < p (decoding relies on that).
 */
static void
fe_mul(fe r, const fe a, const fe b)
{
	uint64_t t[5] = { 0, 0, 0, 0, 0 }, c, t5, m;
	u128 uv;
	int i, j;

	for (i = 0; i < 4; i++) {
		c = 0;
		for (j = 0; j < 4; j++) {
			uv = (u128)a[i] * b[j] + t[j] + c;
			t[j] = (uint64_t)uv;
			c = (uint64_t)(uv >> 64);
		}
		uv = (u128)t[4] + c;
		t[4] = (uint64_t)uv;
		t5 = (uint64_t)(uv >> 64);
		m = t[0];
		uv = (u128)m * F_P[0] + t[0];
		c = (uint64_t)(uv >> 64);
		for (j = 1; j < 4; j++) {
			uv = (u128)m * F_P[j] + t[j] + c;
			t[j - 1] = (uint64_t)uv;
			c = (uint64_t)(uv >> 64);
		}
		uv = (u128)t[4] + c;
		t[3] = (uint64_t)uv;
		t[4] = t5 + (uint64_t)(uv >> 64);
	}
	fe_final(r, t, t[4]);
}

static void
fe_sqr_n(fe r, const fe a, int n)
{
	memcpy(r, a, sizeof(fe));
	while (n-- > 0)
		fe_mul(r, r, r);
}

/*
 * r = 1/a = a^(p-2) (0 for 0).  p - 2 has, from the top, 32 ones, 31
 * zeros and a one, 96 zeros, 64 ones, 30 ones, a zero and a one; the
 * runs of ones come from a^(2^k - 1) for k = 2, 4, ... 32: 255 squarings
 * and 13 multiplications, the same for every a.
 */
static void
fe_inv(fe r, const fe a)
{
	fe x2, x4, x8, x16, x24, x28, x30, x32, t;

	fe_sqr_n(t, a, 1);
	fe_mul(x2, t, a);
	fe_sqr_n(t, x2, 2);
	fe_mul(x4, t, x2);
	fe_sqr_n(t, x4, 4);
	fe_mul(x8, t, x4);
	fe_sqr_n(t, x8, 8);
	fe_mul(x16, t, x8);
	fe_sqr_n(t, x16, 8);
	fe_mul(x24, t, x8);
	fe_sqr_n(t, x24, 4);
	fe_mul(x28, t, x4);
	fe_sqr_n(t, x28, 2);
	fe_mul(x30, t, x2);
	fe_sqr_n(t, x30, 2);
	fe_mul(x32, t, x2);
	fe_sqr_n(t, x32, 32);
	fe_mul(t, t, a);
	fe_sqr_n(t, t, 128);
	fe_mul(t, t, x32);
	fe_sqr_n(t, t, 32);
	fe_mul(t, t, x32);
	fe_sqr_n(t, t, 30);
	fe_mul(t, t, x30);
	fe_sqr_n(t, t, 2);
	fe_mul(r, t, a);
}

static uint64_t
fe_is_zero(const fe a)
{
	return is_zero64(a[0] | a[1] | a[2] | a[3]);
}

/* r = a where m is all ones; m is 0 or all ones. */
static inline void
fe_cmov(fe r, const fe a, uint64_t m)
{
	int i;

	for (i = 0; i < 4; i++)
		r[i] ^= m & (r[i] ^ a[i]);
}

/*
 * 32 big-endian bytes into r (Montgomery form); 1 when the value is
 * below p, else 0 (r is then meaningless).
 */
static uint64_t
fe_decode(fe r, const unsigned char *src)
{
	uint64_t v[4], borrow = 0;
	u128 w;
	int i, j;

	for (i = 0; i < 4; i++) {
		v[3 - i] = 0;
		for (j = 0; j < 8; j++)
			v[3 - i] = (v[3 - i] << 8) | src[8 * i + j];
	}
	for (i = 0; i < 4; i++) {
		w = (u128)v[i] - F_P[i] - borrow;
		borrow = (uint64_t)(w >> 64) & 1;
	}
	fe_mul(r, v, F_R2);
	return borrow;
}

/* a (Montgomery form) as 32 big-endian bytes. */
static void
fe_encode(unsigned char *dst, const fe a)
{
	static const fe one = { 1, 0, 0, 0 };
	fe v;
	int i, j;

	fe_mul(v, a, one);
	for (i = 0; i < 4; i++)
		for (j = 0; j < 8; j++)
			dst[8 * i + j] = (unsigned char)(v[3 - i] >> (56 - 8 * j));
}

static void
pt_set_inf(struct pt *p)
{
	memset(p->x, 0, sizeof(fe));
	memcpy(p->y, F_ONE, sizeof(fe));
	memset(p->z, 0, sizeof(fe));
}

static void
pt_cmov(struct pt *r, const struct pt *a, uint64_t m)
{
	fe_cmov(r->x, a->x, m);
	fe_cmov(r->y, a->y, m);
	fe_cmov(r->z, a->z, m);
}

/* r = p + q, complete (algorithm 4); r may be p or q. */
static void
pt_add(struct pt *r, const struct pt *p, const struct pt *q)
{
	fe t0, t1, t2, t3, t4, x3, y3, z3;

	fe_mul(t0, p->x, q->x);
	fe_mul(t1, p->y, q->y);
	fe_mul(t2, p->z, q->z);
	fe_add(t3, p->x, p->y);
	fe_add(t4, q->x, q->y);
	fe_mul(t3, t3, t4);
	fe_add(t4, t0, t1);
	fe_sub(t3, t3, t4);
	fe_add(t4, p->y, p->z);
	fe_add(x3, q->y, q->z);
	fe_mul(t4, t4, x3);
	fe_add(x3, t1, t2);
	fe_sub(t4, t4, x3);
	fe_add(x3, p->x, p->z);
	fe_add(y3, q->x, q->z);
	fe_mul(x3, x3, y3);
	fe_add(y3, t0, t2);
	fe_sub(y3, x3, y3);
	fe_mul(z3, F_B, t2);
	fe_sub(x3, y3, z3);
	fe_add(z3, x3, x3);
	fe_add(x3, x3, z3);
	fe_sub(z3, t1, x3);
	fe_add(x3, t1, x3);
	fe_mul(y3, F_B, y3);
	fe_add(t1, t2, t2);
	fe_add(t2, t1, t2);
	fe_sub(y3, y3, t2);
	fe_sub(y3, y3, t0);
	fe_add(t1, y3, y3);
	fe_add(y3, t1, y3);
	fe_add(t1, t0, t0);
	fe_add(t0, t1, t0);
	fe_sub(t0, t0, t2);
	fe_mul(t1, t4, y3);
	fe_mul(t2, t0, y3);
	fe_mul(y3, x3, z3);
	fe_add(y3, y3, t2);
	fe_mul(x3, t3, x3);
	fe_sub(x3, x3, t1);
	fe_mul(z3, t4, z3);
	fe_mul(t1, t3, t0);
	fe_add(z3, z3, t1);
	memcpy(r->x, x3, sizeof(fe));
	memcpy(r->y, y3, sizeof(fe));
	memcpy(r->z, z3, sizeof(fe));
}

/* r = 2p, complete (algorithm 6); r may be p. */
static void
pt_dbl(struct pt *r, const struct pt *p)
{
	fe t0, t1, t2, t3, x3, y3, z3;

	fe_mul(t0, p->x, p->x);
	fe_mul(t1, p->y, p->y);
	fe_mul(t2, p->z, p->z);
	fe_mul(t3, p->x, p->y);
	fe_add(t3, t3, t3);
	fe_mul(z3, p->x, p->z);
	fe_add(z3, z3, z3);
	fe_mul(y3, F_B, t2);
	fe_sub(y3, y3, z3);
	fe_add(x3, y3, y3);
	fe_add(y3, x3, y3);
	fe_sub(x3, t1, y3);
	fe_add(y3, t1, y3);
	fe_mul(y3, x3, y3);
	fe_mul(x3, x3, t3);
	fe_add(t3, t2, t2);
	fe_add(t2, t2, t3);
	fe_mul(z3, F_B, z3);
	fe_sub(z3, z3, t2);
	fe_sub(z3, z3, t0);
	fe_add(t3, z3, z3);
	fe_add(z3, z3, t3);
	fe_add(t3, t0, t0);
	fe_add(t0, t3, t0);
	fe_sub(t0, t0, t2);
	fe_mul(t0, t0, z3);
	fe_add(y3, y3, t0);
	fe_mul(t0, p->y, p->z);
	fe_add(t0, t0, t0);
	fe_mul(z3, t0, z3);
	fe_sub(x3, x3, z3);
	fe_mul(z3, t0, t1);
	fe_add(z3, z3, z3);
	fe_add(z3, z3, z3);
	memcpy(r->x, x3, sizeof(fe));
	memcpy(r->y, y3, sizeof(fe));
	memcpy(r->z, z3, sizeof(fe));
}

/* All ones when a == b (both below 16), else 0. */
static inline uint64_t
eq_mask(uint32_t a, uint32_t b)
{
	return mask_of(is_zero64(a ^ b));
}

/*
 * Decode an uncompressed point (0x04 || x || y) as br_ec_p256_m31 does:
 * 1 when it is 65 bytes, both coordinates are below p and it is on the
 * curve y^2 = x^3 - 3x + b, else 0.  The point at infinity has no such
 * encoding.  Branch-free but for the public length.
 */
static uint64_t
pt_decode(struct pt *p, const unsigned char *src, size_t len)
{
	fe t1, t2;
	uint64_t ok;

	if (len != 65)
		return 0;
	ok = is_zero64(src[0] ^ 0x04);
	ok &= fe_decode(p->x, src + 1);
	ok &= fe_decode(p->y, src + 33);
	fe_mul(t1, p->x, p->x);
	fe_mul(t1, t1, p->x);
	fe_sub(t1, t1, p->x);
	fe_sub(t1, t1, p->x);
	fe_sub(t1, t1, p->x);
	fe_add(t1, t1, F_B);
	fe_mul(t2, p->y, p->y);
	fe_sub(t1, t1, t2);
	ok &= fe_is_zero(t1);
	memcpy(p->z, F_ONE, sizeof(fe));
	return ok;
}

/* Write p as 65 bytes; 0 (and junk in dst) when p is at infinity. */
static uint64_t
pt_encode(unsigned char *dst, const struct pt *p)
{
	fe zi, t;

	fe_inv(zi, p->z);
	dst[0] = 0x04;
	fe_mul(t, p->x, zi);
	fe_encode(dst + 1, t);
	fe_mul(t, p->y, zi);
	fe_encode(dst + 33, t);
	return fe_is_zero(p->z) ^ 1;
}

/* q = x * p, x big-endian of xlen bytes (any length, public). */
static void
pt_mul(struct pt *q, const struct pt *p, const unsigned char *x,
    size_t xlen)
{
	struct pt tab[16], t;
	uint32_t d, i;
	size_t k;
	int h, n;

	pt_set_inf(&tab[0]);
	tab[1] = *p;
	for (i = 2; i < 16; i++) {
		if (i & 1)
			pt_add(&tab[i], &tab[i - 1], p);
		else
			pt_dbl(&tab[i], &tab[i / 2]);
	}
	pt_set_inf(q);
	for (k = 0; k < xlen; k++) {
		for (h = 4; h >= 0; h -= 4) {
			for (n = 0; n < 4; n++)
				pt_dbl(q, q);
			d = (x[k] >> h) & 0x0F;
			t = tab[0];
			for (i = 1; i < 16; i++)
				pt_cmov(&t, &tab[i], eq_mask(i, d));
			pt_add(q, q, &t);
		}
	}
}

/* The comb: gtab[w][d - 1] = d * 16^w * G, affine, Montgomery form. */
static struct {
	fe x, y;
} gtab[64][15];
static int gtab_ready;

/*
 * One inversion per window, not per point (Montgomery's trick): with
 * c[i] = z[0] * ... * z[i], 1/z[i] = c[i - 1] / c[i].  No z is zero,
 * since no d * 16^w with d < 16 is a multiple of the order.
 */
static void
gtab_fill(void)
{
	const unsigned char *g;
	struct pt base, acc[15];
	fe c[15], inv, zi;
	size_t glen;
	int w, d;

	g = br_ec_p256_m31.generator(BR_EC_secp256r1, &glen);
	(void)pt_decode(&base, g, glen);
	for (w = 0; w < 64; w++) {
		acc[0] = base;
		for (d = 1; d < 15; d++)
			pt_add(&acc[d], &acc[d - 1], &base);
		memcpy(c[0], acc[0].z, sizeof(fe));
		for (d = 1; d < 15; d++)
			fe_mul(c[d], c[d - 1], acc[d].z);
		fe_inv(inv, c[14]);
		for (d = 14; d >= 0; d--) {
			if (d > 0) {
				fe_mul(zi, inv, c[d - 1]);
				fe_mul(inv, inv, acc[d].z);
			} else {
				memcpy(zi, inv, sizeof(fe));
			}
			fe_mul(gtab[w][d].x, acc[d].x, zi);
			fe_mul(gtab[w][d].y, acc[d].y, zi);
		}
		pt_add(&base, &acc[14], &base);
	}
	gtab_ready = 1;
}

/* q = x * G, x big-endian of exactly 32 bytes. */
static void
pt_mulgen(struct pt *q, const unsigned char *x)
{
	struct pt t;
	uint32_t d, i;
	uint64_t m;
	int w;

	if (!gtab_ready)
		gtab_fill();
	pt_set_inf(q);
	for (w = 0; w < 64; w++) {
		d = (x[31 - w / 2] >> (4 * (w & 1))) & 0x0F;
		pt_set_inf(&t);
		for (i = 1; i < 16; i++) {
			m = eq_mask(i, d);
			fe_cmov(t.x, gtab[w][i - 1].x, m);
			fe_cmov(t.y, gtab[w][i - 1].y, m);
			fe_cmov(t.z, F_ONE, m);
		}
		pt_add(q, q, &t);
	}
}

/* 1 when the big-endian x is not all zeros. */
static uint64_t
nonzero(const unsigned char *x, size_t len)
{
	uint64_t acc = 0;

	while (len-- > 0)
		acc |= x[len];
	return is_zero64(acc) ^ 1;
}

static const unsigned char *
api_generator(int curve, size_t *len)
{
	return br_ec_p256_m31.generator(curve, len);
}

static const unsigned char *
api_order(int curve, size_t *len)
{
	return br_ec_p256_m31.order(curve, len);
}

static size_t
api_xoff(int curve, size_t *len)
{
	return br_ec_p256_m31.xoff(curve, len);
}

static uint32_t
api_mul(unsigned char *G, size_t Glen, const unsigned char *x, size_t xlen,
    int curve)
{
	struct pt p, q;
	uint64_t ok;

	if (Glen != 65)
		return 0;
	ok = pt_decode(&p, G, Glen);
	pt_mul(&q, &p, x, xlen);
	ok &= pt_encode(G, &q);
	return (uint32_t)ok;
}

static size_t
api_mulgen(unsigned char *R, const unsigned char *x, size_t xlen, int curve)
{
	unsigned char k[32];
	struct pt q;
	size_t glen;

	if (xlen > 32) {
		/* Not from BearSSL (it passes the order's length). */
		memcpy(R, api_generator(curve, &glen), 65);
		return api_mul(R, 65, x, xlen, curve) ? 65 : 0;
	}
	memset(k, 0, sizeof(k) - xlen);
	memcpy(k + sizeof(k) - xlen, x, xlen);
	pt_mulgen(&q, k);
	return pt_encode(R, &q) ? 65 : 0;
}

static uint32_t
api_muladd(unsigned char *A, const unsigned char *B, size_t len,
    const unsigned char *x, size_t xlen, const unsigned char *y,
    size_t ylen, int curve)
{
	struct pt pa, pb, r, s;
	unsigned char k[32];
	uint64_t ok;

	if (len != 65)
		return 0;
	ok = pt_decode(&pa, A, len);
	pt_mul(&r, &pa, x, xlen);
	if (B == NULL && ylen <= 32) {
		memset(k, 0, sizeof(k) - ylen);
		memcpy(k + sizeof(k) - ylen, y, ylen);
		pt_mulgen(&s, k);
	} else {
		if (B == NULL)
			B = api_generator(curve, &len);
		ok &= pt_decode(&pb, B, len);
		pt_mul(&s, &pb, y, ylen);
	}
	pt_add(&r, &r, &s);
	ok &= nonzero(x, xlen) & nonzero(y, ylen);
	ok &= pt_encode(A, &r);
	return (uint32_t)ok;
}

/* see ec_p256.h */
const br_ec_impl ec_p256_m64 = {
	(uint32_t)1 << BR_EC_secp256r1,
	api_generator, api_order, api_xoff, api_mul, api_mulgen, api_muladd,
};

static const br_ec_impl *
pick(int curve)
{
	return curve == BR_EC_secp256r1 ? &ec_p256_m64 : &br_ec_all_m31;
}

static const unsigned char *
all_generator(int curve, size_t *len)
{
	return pick(curve)->generator(curve, len);
}

static const unsigned char *
all_order(int curve, size_t *len)
{
	return pick(curve)->order(curve, len);
}

static size_t
all_xoff(int curve, size_t *len)
{
	return pick(curve)->xoff(curve, len);
}

static uint32_t
all_mul(unsigned char *G, size_t Glen, const unsigned char *x, size_t xlen,
    int curve)
{
	return pick(curve)->mul(G, Glen, x, xlen, curve);
}

static size_t
all_mulgen(unsigned char *R, const unsigned char *x, size_t xlen, int curve)
{
	return pick(curve)->mulgen(R, x, xlen, curve);
}

static uint32_t
all_muladd(unsigned char *A, const unsigned char *B, size_t len,
    const unsigned char *x, size_t xlen, const unsigned char *y,
    size_t ylen, int curve)
{
	return pick(curve)->muladd(A, B, len, x, xlen, y, ylen, curve);
}

/* see ec_p256.h */
const br_ec_impl ec_all_m64 = {
	/* br_ec_all_m31's curves (test_ec_p256 checks that they match) */
	((uint32_t)1 << BR_EC_secp256r1) | ((uint32_t)1 << BR_EC_secp384r1) |
	    ((uint32_t)1 << BR_EC_secp521r1) |
	    ((uint32_t)1 << BR_EC_curve25519),
	all_generator, all_order, all_xoff, all_mul, all_mulgen, all_muladd,
};
