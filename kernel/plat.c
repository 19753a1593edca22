/*
 * plat.c: include/plat.h on the bare-metal kernel.
 *
 * Configuration is the KEY=VALUE words of the boot command line (main.c
 * passes them as argv) and the fw_cfg files "opt/appliance/<name>"
 * (fw_cfg.c).  The event loop's wait is a halt with interrupts
 * on: the wakeup timer is armed for the deadline and any device interrupt
 * ends the halt too.  `sti; hlt` is atomic (STI holds interrupts off for
 * one more instruction), so an interrupt that arrives after the last
 * check still wakes the halt instead of being lost before it.
 *
 * Interface: plat.h.
 */
#include <string.h>

#include "config_words.h"
#include "err.h"
#include "kernel.h"
#include "plat.h"

#define ETH_HDR		14
#define NET_MTU		1500
#define MAX_SLEEP_NS	1000000000ULL	/* wake at least once a second */
#define POLL_SLEEP_NS	1000000ULL	/* a NIC without interrupts: 1 ms */
#define POWEROFF_WAIT_NS 2000000000ULL	/* ACPI S5 takes effect: 2 s */

static struct config_words words;

/* see plat.h */
int
plat_init(int argc, char **argv)
{
	int rc, offload;

	/* Configuration files are read now, so the boot log lists them. */
	kern_fwcfg_init();
	rc = config_words_init(&words, argc, argv);
	if (rc == RC_OK && kern_cmdline_truncated()) {
		kprintf("kernel: the boot command line is longer than %u "
		    "bytes\n", (unsigned)KERN_MAX_CMDLINE - 1);
		rc = RC_TOOBIG;
	}
	if (rc != RC_OK)
		return rc;
	if ((offload = config_words_onoff(&words, "offload", 1)) < 0)
		return offload;
	/* A NIC that does not start is reported, not fatal: RC_NODEV later. */
	(void)kern_net_start(offload == 1);
	return RC_OK;
}

/* see plat.h */
const char *
plat_config(const char *key)
{
	return config_words_get(&words, key);
}

/* see plat.h */
const char *
plat_config_word(int i)
{
	return config_words_at(&words, i);
}

/* see plat.h */
void
plat_console_write(const char *buf, size_t n)
{
	kern_console_write(buf, n);
}

/* see plat.h */
uint64_t
plat_clock_monotonic(void)
{
	return kern_clock_ns();
}

/* see plat.h */
uint64_t
plat_clock_wall(void)
{
	return kern_clock_wall_ns();
}

/* see plat.h */
void
plat_wait(uint64_t deadline)
{
	uint64_t now, rtc;

	/* One notification per loop iteration, for all frames queued. */
	kern_net_flush();
	rtc = kern_clock_rtc_poll();
	if (kern_net_pending())
		return;
	now = kern_clock_ns();
	if (rtc < deadline)
		deadline = rtc;
	if (deadline <= now)
		return;
	if (deadline - now > MAX_SLEEP_NS)
		deadline = now + MAX_SLEEP_NS;
	/* Nothing would wake us for a frame: look again soon. */
	if (kern_net_polled() && deadline - now > POLL_SLEEP_NS)
		deadline = now + POLL_SLEEP_NS;
	kern_timer_arm(deadline);
	__asm__ volatile("sti; hlt; cli" ::: "memory");
}

/* see plat.h */
int
plat_net_info(struct plat_net_info *info)
{
	if (!kern_net_present())
		return RC_NODEV;
	kern_net_mac(info->mac);
	info->mtu = NET_MTU;
	info->flags = kern_net_offload();
	return RC_OK;
}

/* see plat.h */
int
plat_net_writev(const struct plat_iov *iov, int n,
    const struct plat_net_csum *csum)
{
	size_t len = 0;
	int i;

	if (n < 1 || n > PLAT_NET_MAX_IOV)
		return RC_INVAL;
	for (i = 0; i < n; i++)
		len += iov[i].len;
	if (len > NET_MTU + ETH_HDR)
		return RC_TOOBIG;
	return kern_net_writev(iov, n, csum);
}

/* see plat.h */
int
plat_net_read(void *buf, size_t size, size_t *len, uint32_t *flags)
{
	return kern_net_read(buf, size, len, flags);
}

/* see plat.h */
int
plat_entropy(void *buf, size_t n)
{
	return kern_entropy(buf, n);
}

/* see plat.h */
const char *
plat_data_path(void)
{
	return KERN_FS_PATH;
}

/* see plat.h */
int
plat_config_file(const char *name, const void **data, size_t *len)
{
	return kern_fwcfg_file(name, data, len);
}

/* see plat.h */
_Noreturn void
plat_exit(int status)
{
	kprintf("kernel: plat_exit(%d)\n", status);
	kern_exit(status == PLAT_EXIT_OK ? KERN_EXIT_OK :
	    status == PLAT_EXIT_ASSERT ? KERN_EXIT_ASSERT : KERN_EXIT_ERROR);
}

/* see plat.h */
bool
plat_shutdown_requested(void)
{
	static bool pressed;

	if (!pressed && kern_acpi_power_button()) {
		kprintf("kernel: ACPI power button pressed\n");
		pressed = true;
	}
	return pressed;
}

/* see plat.h */
_Noreturn void
plat_poweroff(void)
{
	uint64_t t0;

	__asm__ volatile("cli");
	if (kern_acpi_poweroff() == RC_OK) {
		/* QEMU and the hypervisor act on the write asynchronously:
		 * give them a moment before falling back. */
		t0 = kern_clock_ns();
		while (kern_clock_ns() - t0 < POWEROFF_WAIT_NS)
			__asm__ volatile("pause");
		kprintf("kernel: the ACPI S5 power-off did not stop the "
		    "machine\n");
	} else {
		kprintf("kernel: no ACPI power-off\n");
	}
	kern_exit(KERN_EXIT_OK);
}

/* see plat.h */
_Noreturn void
plat_abort(const char *file, int line, const char *why)
{
	kern_assert_fail(file, line, "assertion failed: %s", why);
}
