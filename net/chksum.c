/*
 * chksum.c: the Internet checksum (RFC 1071) for lwIP, eight bytes a step.
 *
 * Why: lwIP's default lwip_standard_chksum adds one 16-bit word per step;
 * on the hosted platform it was 44% of the instructions of a keep-alive
 * request, because every body byte sent zero-copy from the store is summed
 * once in tcp_write.  The one's-complement sum does not care how wide the
 * words are: 2^16 = 1 (mod 2^16 - 1), so the sum of 64-bit words with
 * their carries added back in (an "end-around" carry) folds down to the
 * same 16-bit sum, in the same byte order as the data.  Plain scalar C,
 * no SSE: the same object goes into the kernel, and the kernel's targets
 * are not all known to have vector registers to spare.
 *
 * The contract is lwIP's (core/inet_chksum.c): the sum of the bytes taken
 * as 16-bit words in network order, with the first byte of the buffer the
 * high byte of the first word, folded to 16 bits but not inverted, and
 * returned so that storing it in memory gives the sum in network order.
 * It is 0 only when every byte is 0.  lwIP itself swaps the running sum
 * after a pbuf of odd length, so each call starts its words at its own
 * first byte, whatever the address.
 *
 * The words are read with memcpy (one unaligned load on x86-64); the
 * bulk is read from 8-byte aligned addresses so no load splits a cache
 * line, and the up to 7 bytes before it are summed apart.  When that head
 * is of odd length, the bulk's words start on the other byte, so its sum
 * is byte-swapped (a rotation) before it joins the head's.
 *
 * LWIP_CHKSUM_COPY stays lwIP's, a memcpy and then this sum: a fused
 * copy-and-sum loop (load, store, add, adc per word) cost 1171
 * instructions per keep-alive request on the copied headers against 882
 * for the two passes, which stay in L1 anyway.
 *
 * Interface: net_chksum.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"

#define BYTE_ORDER_BE	(__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__)

/* a + b in one's-complement: the carry out of bit 63 comes back in bit 0. */
static inline uint64_t
add_carry(uint64_t a, uint64_t b)
{
	a += b;
	return a + (a < b);
}

static inline uint64_t
load64(const uint8_t *p)
{
	uint64_t w;

	memcpy(&w, p, sizeof(w));
	return w;
}

/*
 * Fold a 64-bit one's-complement sum to 16 bits.  Each step keeps the
 * value mod 2^16 - 1 and keeps it nonzero unless it was zero; the bounds
 * after each step are 2^33 - 2, 2^32 - 1, 2^17 - 2 and 2^16 - 1.
 */
static inline uint16_t
fold(uint64_t s)
{
	s = (s >> 32) + (s & 0xffffffff);
	s = (s >> 32) + (s & 0xffffffff);
	s = (s >> 16) + (s & 0xffff);
	s = (s >> 16) + (s & 0xffff);
	return (uint16_t)s;
}

/*
 * Swap the bytes of every 16-bit word a 64-bit sum stands for: rotating
 * by 8 is multiplying by 2^8 mod 2^64 - 1, and mod 2^16 - 1 that moves the
 * high byte of the folded sum to the low one and back.  Cheaper than
 * folding first and swapping the 16 bits.
 */
static inline uint64_t
swap_lanes(uint64_t s)
{
	return s << 8 | s >> 56;
}

/* The sum of n < 8 bytes, the first of them at an even offset. */
static uint64_t
sum_short(const uint8_t *p, size_t n)
{
	uint64_t s = 0;
	uint32_t w;
	uint16_t h;

	if (n & 4) {
		memcpy(&w, p, 4);
		s += w;
		p += 4;
	}
	if (n & 2) {
		memcpy(&h, p, 2);
		s += h;
		p += 2;
	}
	if (n & 1) {
		/*
		 * A lone byte is the first byte of a word whose second is 0:
		 * the word's low half when loaded on a little-endian CPU.
		 */
		s += (uint64_t)*p << (BYTE_ORDER_BE ? 8 : 0);
	}
	return s;
}

/*
 * Add the word at p to *s, counting the carries out of bit 63 in *c: as
 * 2^64 = 1 (mod 2^16 - 1), each carry is worth 1 and is added back once
 * at the end.  GCC makes this an add and an adc into *c, two instructions
 * per 8 bytes with no setb, which add_carry in a chain does not get.
 */
static inline void
add_word(uint64_t *s, uint64_t *c, const uint8_t *p)
{
	uint64_t w = load64(p);

	*s += w;
	*c += *s < w;
}

/* The sum of n bytes from p, p 8-byte aligned: 64 bytes a step. */
static uint64_t
sum_bulk(const uint8_t *p, size_t n)
{
	uint64_t s = 0, c = 0;

	for (; n >= 64; p += 64, n -= 64) {
		add_word(&s, &c, p);
		add_word(&s, &c, p + 8);
		add_word(&s, &c, p + 16);
		add_word(&s, &c, p + 24);
		add_word(&s, &c, p + 32);
		add_word(&s, &c, p + 40);
		add_word(&s, &c, p + 48);
		add_word(&s, &c, p + 56);
	}
	for (; n >= 8; p += 8, n -= 8)
		add_word(&s, &c, p);
	/* c <= len / 8, so adding it cannot carry more than once. */
	return add_carry(add_carry(s, c), sum_short(p, n));
}

/* see internal.h */
uint16_t
net_chksum(const void *data, int len)
{
	const uint8_t *p = data;
	size_t n, head;
	uint64_t bulk;

	if (len <= 0)
		return 0;
	n = (size_t)len;
	head = (size_t)(-(uintptr_t)p & 7);
	if (head > n)
		head = n;
	bulk = sum_bulk(p + head, n - head);
	if (head & 1)
		bulk = swap_lanes(bulk);
	return fold(add_carry(bulk, sum_short(p, head)));
}
