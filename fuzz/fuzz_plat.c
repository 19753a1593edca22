/*
 * fuzz_plat.c: plat.h for the fuzz targets, a Linux process with glibc.
 *
 * Fuzzing wants every run of an input to take the same path, so nothing
 * here reads the real world: entropy is a counter stream reset before each
 * input (fuzz_plat_reset), the clocks advance by a fixed step per call,
 * and there is no network or disk.  Configuration files are the test
 * certificates and keys that the build generated into build/fuzz/ and
 * embedded (fuzz_keys.c); they never reach the repository.
 *
 * Interface: plat.h, plus fuzz_plat_reset (fuzz.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "fuzz.h"
#include "plat.h"

static uint64_t fuzz_entropy_ctr;
static uint64_t fuzz_clock_ns;

/* see fuzz.h */
void
fuzz_plat_reset(void)
{
	fuzz_entropy_ctr = 0;
	fuzz_clock_ns = 1000000000;
}

int
plat_init(int argc, char **argv)
{
	fuzz_plat_reset();
	return RC_OK;
}

void
plat_console_write(const char *buf, size_t n)
{
	/* Quiet unless asked: the log would drown libFuzzer's own output. */
	if (getenv("FUZZ_VERBOSE") != NULL)
		(void)!write(2, buf, n);
}

uint64_t
plat_clock_monotonic(void)
{
	return fuzz_clock_ns += 1000;
}

uint64_t
plat_clock_wall(void)
{
	/* 2024-01-01, and moving, so certificate dates check as they would. */
	return 1704067200ull * 1000000000ull + plat_clock_monotonic();
}

void
plat_wait(uint64_t deadline)
{
	if (deadline > fuzz_clock_ns)
		fuzz_clock_ns = deadline;
}

int
plat_net_info(struct plat_net_info *info)
{
	return RC_NODEV;
}

int
plat_net_writev(const struct plat_iov *iov, int n,
    const struct plat_net_csum *csum)
{
	return RC_NODEV;
}

int
plat_net_read(void *buf, size_t size, size_t *len, uint32_t *flags)
{
	return RC_AGAIN;
}

/* A counter stream, not random: the same input must take the same path. */
int
plat_entropy(void *buf, size_t n)
{
	unsigned char *p = buf;
	size_t i;

	for (i = 0; i < n; i++, fuzz_entropy_ctr++)
		p[i] = (unsigned char)(fuzz_entropy_ctr * 0x9e3779b1u >> 13);
	return RC_OK;
}

const char *
plat_data_path(void)
{
	return "/nonexistent";
}

const char *
plat_config(const char *key)
{
	if (strcmp(key, "host") == 0)
		return "localhost";
	if (strcmp(key, "attachments_host") == 0)
		return "attachments.localhost";
	return NULL;
}

int
plat_config_file(const char *name, const void **data, size_t *len)
{
	const struct fuzz_file *f;

	for (f = fuzz_files; f->name != NULL; f++) {
		if (strcmp(f->name, name) == 0) {
			*data = f->data;
			*len = f->len;
			return RC_OK;
		}
	}
	return RC_NOTFOUND;
}

_Noreturn void
plat_exit(int status)
{
	/* The code under test never stops the machine: treat it as a crash. */
	fprintf(stderr, "fuzz: plat_exit(%d) called\n", status);
	abort();
}

_Noreturn void
plat_abort(const char *file, int line, const char *why)
{
	/* A broken invariant is a finding: let libFuzzer report it. */
	fprintf(stderr, "fuzz: assertion failed at %s:%d: %s\n", file, line,
	    why);
	abort();
}

const char *
plat_config_word(int i)
{
	static const char *words[] = { "host=localhost",
	    "attachments_host=attachments.localhost" };

	return i >= 0 && i < 2 ? words[i] : NULL;
}
