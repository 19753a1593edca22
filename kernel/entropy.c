/*
 * entropy.c: hardware random numbers, for seeding (plat_entropy,
 * getrandom, AT_RANDOM).
 *
 * RDSEED gives full-entropy seeds but may run dry under load, so each
 * word is retried and RDRAND (a DRBG reseeded by the same source) takes
 * over when it keeps failing.  Intel's guidance is 10 retries for RDRAND;
 * we allow more for RDSEED.  No source at all is RC_IO: a caller that
 * needs secrets must not go on with predictable ones.
 *
 * Interface: kern_entropy.
 */
#include <string.h>

#include "err.h"
#include "io.h"
#include "kernel.h"

static int have_rdrand = -1, have_rdseed;

static void
probe(void)
{
	uint32_t r[4];

	cpuid(1, 0, r);
	have_rdrand = (r[2] >> 30) & 1;
	cpuid(0, 0, r);
	if (r[0] >= 7) {
		cpuid(7, 0, r);
		have_rdseed = (r[1] >> 18) & 1;
	}
}

static bool
word(uint64_t *v)
{
	unsigned char ok;
	int i;

	for (i = 0; have_rdseed && i < 64; i++) {
		__asm__ volatile("rdseed %0; setc %1" : "=r"(*v), "=qm"(ok));
		if (ok)
			return true;
		__asm__ volatile("pause");
	}
	for (i = 0; have_rdrand && i < 10; i++) {
		__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
		if (ok)
			return true;
	}
	return false;
}

/* see kernel.h */
int
kern_entropy(void *buf, size_t n)
{
	unsigned char *p = buf;
	uint64_t v;
	size_t k;

	if (have_rdrand < 0)
		probe();
	while (n > 0) {
		if (!word(&v))
			return RC_IO;
		k = n < sizeof(v) ? n : sizeof(v);
		memcpy(p, &v, k);
		p += k;
		n -= k;
	}
	return RC_OK;
}
