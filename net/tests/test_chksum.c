/*
 * test_chksum.c: our Internet checksum (net/chksum.c) against a plain
 * RFC 1071 sum written here, a byte at a time, over random data (fixed
 * seed) at every length to 2048 and every start address mod 16, over all
 * zeros and all ones, over data that makes every carry ripple, and at
 * the edge of unmapped memory; then through lwIP, over pbuf chains of odd
 * lengths at odd addresses, as the stack sums them.  Silent on success; a
 * failure prints file:line and the case, and the program exits 1.
 *
 *   test_chksum [all|linked|lengths|fill|carries|bounds|pbuf|pseudo]
 *
 * Interface: main.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check.h"
#include "internal.h"
#include "lwip/def.h"
#include "lwip/inet_chksum.h"
#include "lwip/init.h"
#include "lwip/ip4_addr.h"
#include "lwip/pbuf.h"

#define MAX_LEN		2048
#define MAX_ALIGN	16
#define BIG_LEN		(1 << 20)	/* beyond lwIP's own limit, 0x20000 */

/* Linked only when LWIP_CHKSUM is not ours (weak: NULL otherwise). */
extern u16_t lwip_standard_chksum(const void *, int) __attribute__((weak));

static uint8_t buf[MAX_LEN + MAX_ALIGN + 64] __attribute__((aligned(64)));
static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint8_t
rand8(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint8_t)(rng >> 24);
}

/*
 * RFC 1071 the plain way: byte i is the high byte of a 16-bit word when i
 * is even, the low byte when it is odd; end-around carries.  The result
 * is the sum as a number (0 only for all zeros).
 */
static uint16_t
ref_sum(const uint8_t *p, size_t n)
{
	uint64_t s = 0;
	size_t i;

	for (i = 0; i < n; i++)
		s += (i & 1) ? p[i] : (uint64_t)p[i] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

/* What lwIP's LWIP_CHKSUM must return: the sum in network byte order. */
static uint16_t
ref_lwip(const uint8_t *p, size_t n)
{
	return lwip_htons(ref_sum(p, n));
}

/* What inet_chksum and its kin store in a header: the inverted sum. */
static uint16_t
ref_inet(const uint8_t *p, size_t n)
{
	return (uint16_t)~ref_lwip(p, n);
}

static void
test_linked(void)
{
	static const uint8_t hdr[20] = { 0x45, 0, 0, 0x73, 0, 0, 0x40, 0,
	    0x40, 0x11, 0, 0, 0xc0, 0xa8, 0, 1, 0xc0, 0xa8, 0, 0xc7 };
	static const uint8_t rfc[8] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5,
	    0xf6, 0xf7 };

	/* Ours is LWIP_CHKSUM, so lwIP's own sum is not in the program. */
	CHECK(lwip_standard_chksum == NULL, "lwIP's sum not linked");
	/* RFC 1071 section 3's example sums to 0xddf2. */
	CHECK(net_chksum(rfc, sizeof rfc) == lwip_htons(0xddf2),
	    "RFC 1071 example");
	/* A worked IPv4 header (checksum field 0): its checksum is 0xb861. */
	CHECK(inet_chksum(hdr, sizeof hdr) == lwip_htons(0xb861),
	    "IPv4 header checksum");
	CHECK(net_chksum(hdr, 0) == 0 && net_chksum(hdr, -1) == 0,
	    "empty and negative lengths");
}

/* Every length 0..MAX_LEN at every start address mod 16, random bytes. */
static void
test_lengths(void)
{
	size_t a, n;
	int bad = 0;

	for (n = 0; n < sizeof buf; n++)
		buf[n] = rand8();
	for (a = 0; a < MAX_ALIGN; a++)
		for (n = 0; n <= MAX_LEN; n++)
			if (net_chksum(buf + a, (int)n) !=
			    ref_lwip(buf + a, n) && bad++ < 5)
				fprintf(stderr, "align %zu len %zu\n", a, n);
	CHECK(bad == 0, "random data, every length and alignment");
}

/*
 * All ones: 0xffff words, and an odd length ends in the word 0xff00, so
 * the sum is 0xffff for an even length and 0xff00 for an odd one.
 */
static uint16_t
ones_sum(size_t n)
{
	if (n == 0)
		return 0;
	return lwip_htons(n & 1 ? 0xff00 : 0xffff);
}

/* All zeros sum to 0, anything else never does; all ones as above. */
static void
test_fill(void)
{
	size_t a, n;
	int zero = 0, ones = 0;

	for (a = 0; a < MAX_ALIGN; a++) {
		for (n = 0; n <= MAX_LEN; n++) {
			memset(buf, 0, sizeof buf);
			zero += net_chksum(buf + a, (int)n) != 0;
			memset(buf + a, 0xff, n);
			ones += net_chksum(buf + a, (int)n) != ones_sum(n);
		}
	}
	CHECK(zero == 0, "all zeros sum to 0");
	CHECK(ones == 0, "all ones");
	/* 0x00ff 0xff00: 0xffff, a sum of nonzero words is never 0. */
	buf[0] = 0, buf[1] = 0xff, buf[2] = 0xff, buf[3] = 0;
	CHECK(net_chksum(buf, 4) == 0xffff, "nonzero never sums to 0");
}

/*
 * Data that carries out of every word: all ones, then one word that
 * ripples the carry all the way up, over lengths far beyond a packet.
 */
static void
test_carries(void)
{
	static const int lens[] = { 8, 16, 63, 64, 65, 127, 128, 129, 1460,
	    65535, 65536, 0x20001, BIG_LEN - 1, BIG_LEN };
	uint8_t *big = malloc(BIG_LEN + 8);
	size_t i, a, n;

	CHECK(big != NULL, "malloc");
	if (big == NULL)
		return;
	for (i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		for (a = 0; a < 8; a++) {
			n = (size_t)lens[i];
			memset(big + a, 0xff, n);
			big[a + n / 2] = 0x01;	/* 0xff..ff + 1 ripples */
			CHECK(net_chksum(big + a, (int)n) ==
			    ref_lwip(big + a, n), "ripple");
			memset(big + a, 0xff, n);
			CHECK(net_chksum(big + a, (int)n) == ones_sum(n),
			    "all ones, long");
			big[a + n - 1] = 0xfe;
			CHECK(net_chksum(big + a, (int)n) ==
			    ref_lwip(big + a, n), "one short of all ones");
		}
	}
	for (i = 0; i < BIG_LEN; i++)
		big[i] = rand8();
	CHECK(net_chksum(big + 3, BIG_LEN - 3) ==
	    ref_lwip(big + 3, BIG_LEN - 3), "1 MiB random, odd start");
	free(big);
}

/*
 * Reads stay inside [data, data + len): buffers that end at, or start
 * right after, an unmapped page.  An over-read is a SIGSEGV, a failure.
 */
static void
test_bounds(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	uint8_t *m, *page;
	size_t n;
	int bad = 0;

	m = mmap(NULL, 3 * pg, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED, "mmap");
	if (m == MAP_FAILED)
		return;
	page = m + pg;
	CHECK(mprotect(m, pg, PROT_NONE) == 0 &&
	    mprotect(page + pg, pg, PROT_NONE) == 0, "guard pages");
	for (n = 0; n < (size_t)pg; n++)
		page[n] = rand8();
	for (n = 0; n <= 130; n++) {
		bad += net_chksum(page + pg - n, (int)n) !=
		    ref_lwip(page + pg - n, n);
		bad += net_chksum(page, (int)n) != ref_lwip(page, n);
	}
	CHECK(bad == 0, "sums at the edges of a page");
	munmap(m, 3 * pg);
}

static void
lwip_once(void)
{
	static int done;

	if (!done)
		lwip_init();
	done = 1;
}

/*
 * A chain of PBUF_REF pbufs over buf + start, cut at random (odd
 * lengths, empty ones, odd addresses); NULL when the pool is empty.
 */
static struct pbuf *
chain(size_t start, size_t total)
{
	struct pbuf *head = NULL, *q;
	size_t off = 0, n;

	while (off < total) {
		n = rand8() % 4 == 0 ? 0 : 1 + rand8() % 300;
		if (n > total - off)
			n = total - off;
		q = pbuf_alloc(PBUF_RAW, (u16_t)n, PBUF_REF);
		if (q == NULL) {
			if (head != NULL)
				pbuf_free(head);
			return NULL;
		}
		q->payload = buf + start + off;
		if (head == NULL)
			head = q;
		else
			pbuf_cat(head, q);
		off += n;
	}
	return head;
}

/* inet_chksum_pbuf sums a chain as the flattened bytes. */
static void
test_pbuf(void)
{
	struct pbuf *p;
	size_t i, start, total;
	int bad = 0;

	lwip_once();
	for (i = 0; i < sizeof buf; i++)
		buf[i] = rand8();
	for (i = 0; i < 2000; i++) {
		start = rand8() % MAX_ALIGN;
		total = 1 + ((size_t)rand8() << 3 | rand8() % 8) % MAX_LEN;
		p = chain(start, total);
		CHECK(p != NULL, "pbuf_alloc");
		if (p == NULL)
			return;
		CHECK(p->tot_len == total, "chain length");
		bad += inet_chksum_pbuf(p) !=
		    ref_inet(buf + start, total);
		pbuf_free(p);
	}
	CHECK(bad == 0, "inet_chksum_pbuf over odd-length segments");
}

/* inet_chksum_pseudo: the IPv4 pseudo-header (RFC 793) and the chain. */
static void
test_pseudo(void)
{
	static uint8_t flat[12 + MAX_LEN];
	ip4_addr_t src, dst;
	struct pbuf *p;
	size_t i, start, total;
	int bad = 0;

	lwip_once();
	IP4_ADDR(&src, 10, 80, 0, 2);
	IP4_ADDR(&dst, 10, 80, 0, 1);
	for (i = 0; i < 500; i++) {
		start = rand8() % MAX_ALIGN;
		total = 1 + rand8() % 200 * 7;
		p = chain(start, total);
		CHECK(p != NULL, "pbuf_alloc");
		if (p == NULL)
			return;
		memcpy(flat, &src.addr, 4);
		memcpy(flat + 4, &dst.addr, 4);
		flat[8] = 0, flat[9] = 6;
		flat[10] = (uint8_t)(total >> 8), flat[11] = (uint8_t)total;
		memcpy(flat + 12, buf + start, total);
		bad += inet_chksum_pseudo(p, 6, (u16_t)total, &src, &dst) !=
		    ref_inet(flat, 12 + total);
		pbuf_free(p);
	}
	CHECK(bad == 0, "inet_chksum_pseudo over a chain");
}

static const struct check_test tests[] = {
	{ "linked", test_linked }, { "lengths", test_lengths },
	{ "fill", test_fill }, { "carries", test_carries },
	{ "bounds", test_bounds }, { "pbuf", test_pbuf },
	{ "pseudo", test_pseudo },
};

int
main(int argc, char **argv)
{
	return check_main(tests, sizeof tests / sizeof tests[0], argc, argv);
}
