/*
 * fake_plat.c: plat.h for in-process unit tests (fake_plat.h).
 *
 * Time is a counter the test advances, so lwIP's timers (sys_now) and the
 * HTTP server's timeouts (httpd_now_ms) run on fake time and a test of a
 * 30-second timeout takes no real time.  The wall clock is fixed, so
 * responses are byte-for-byte repeatable.  Entropy is a fixed xorshift
 * sequence: lwIP's ports and ISNs repeat from run to run.  There is no
 * NIC (RC_NODEV), no configuration, and the disk path names nothing.
 *
 * The console goes to stderr, or into a buffer once a test asks
 * (fake_plat_console_capture), so it can check what an operator sees.
 *
 * Interface: fake_plat_advance, fake_plat_now_ms,
 * fake_plat_console_capture, fake_plat_console; every function of plat.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "fake_plat.h"
#include "plat.h"

/* 2024-01-01T00:00:00Z, for the Date header. */
#define FAKE_WALL_NS	(1704067200ull * 1000000000ull)

static uint64_t fake_now_ns = 1000ull * 1000000ull;
static uint64_t fake_rand_state = 0x9e3779b97f4a7c15ull;

#define FAKE_CONSOLE_MAX	(1 << 20)	/* more is a test's bug */

static bool fake_con_on;
static char fake_con[FAKE_CONSOLE_MAX + 1];
static size_t fake_con_len;

/* see fake_plat.h */
void
fake_plat_advance(uint64_t ms)
{
	fake_now_ns += ms * 1000000ull;
}

/* see fake_plat.h */
uint64_t
fake_plat_now_ms(void)
{
	return fake_now_ns / 1000000ull;
}

/* see fake_plat.h */
void
fake_plat_console_capture(bool on)
{
	fake_con_on = on;
	fake_con_len = 0;
	fake_con[0] = '\0';
}

/* see fake_plat.h */
size_t
fake_plat_console(const char **text)
{
	*text = fake_con;
	return fake_con_len;
}

/* see plat.h */
int
plat_init(int argc, char **argv)
{
	return RC_OK;
}

/* see plat.h */
void
plat_console_write(const char *buf, size_t n)
{
	if (fake_con_on) {
		ASSERT(n <= FAKE_CONSOLE_MAX - fake_con_len);
		memcpy(fake_con + fake_con_len, buf, n);
		fake_con_len += n;
		fake_con[fake_con_len] = '\0';
		return;
	}
	fwrite(buf, 1, n, stderr);
}

/* see plat.h */
uint64_t
plat_clock_monotonic(void)
{
	return fake_now_ns;
}

/* see plat.h */
uint64_t
plat_clock_wall(void)
{
	return FAKE_WALL_NS + fake_now_ns;
}

/* see plat.h; nothing to wait for: time moves only by fake_plat_advance. */
void
plat_wait(uint64_t deadline)
{
}

/* see plat.h */
int
plat_net_info(struct plat_net_info *info)
{
	return RC_NODEV;
}

/* see plat.h */
int
plat_net_writev(const struct plat_iov *iov, int n,
    const struct plat_net_csum *csum)
{
	return RC_NODEV;
}

/* see plat.h */
int
plat_net_read(void *buf, size_t size, size_t *len, uint32_t *flags)
{
	return RC_NODEV;
}

/* see plat.h; repeatable, not random: tests must not vary by run. */
int
plat_entropy(void *buf, size_t n)
{
	unsigned char *p = buf;
	size_t i;

	for (i = 0; i < n; i++) {
		fake_rand_state ^= fake_rand_state << 13;
		fake_rand_state ^= fake_rand_state >> 7;
		fake_rand_state ^= fake_rand_state << 17;
		p[i] = (unsigned char)fake_rand_state;
	}
	return RC_OK;
}

/* see plat.h */
const char *
plat_data_path(void)
{
	return "/nonexistent/fake_plat.mdb";
}

/* see plat.h */
const char *
plat_config(const char *key)
{
	return NULL;
}

/* see plat.h */
int
plat_config_file(const char *name, const void **data, size_t *len)
{
	return RC_NOTFOUND;
}

/* see plat.h */
_Noreturn void
plat_exit(int status)
{
	exit(status);
}

/* see plat.h */
_Noreturn void
plat_abort(const char *file, int line, const char *why)
{
	fprintf(stderr, "assertion failed at %s:%d: %s\n", file, line, why);
	exit(PLAT_EXIT_ASSERT);
}
