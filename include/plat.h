/*
 * plat.h: the platform interface, the only thing the upper layers (app/,
 * net/, storage/) know about the machine they run on.
 *
 * Two implementations: kernel/ (bare-metal x86-64 under QEMU or EC2) and
 * hosted/ (a Linux process: frames over a TAP device, the disk as a file).
 * Everything here is called from the one event loop; nothing is called from
 * interrupt context.  Modelled on Solo5's solo5.h: small and synchronous.
 *
 * The data disk is not reached through this interface by the upper layers:
 * LMDB opens it as a file (plat_data_path()), through libc.  On the kernel
 * that file is the block device, served by the syscall layer.
 */
#ifndef PLAT_H
#define PLAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Set up the platform from the program's arguments.  Call once, first
 * thing in main().  The kernel passes the boot command line as argv.
 * Returns RC_OK or a negative enum err.
 */
int plat_init(int argc, char **argv)
    __attribute__((warn_unused_result));

/* Write n bytes to the console (serial on the kernel, stderr hosted). */
void plat_console_write(const char *buf, size_t n);

/* Monotonic time in nanoseconds since an arbitrary origin. */
uint64_t plat_clock_monotonic(void);

/* Wall-clock time in nanoseconds since the Unix epoch (0 if unknown). */
uint64_t plat_clock_wall(void);

/*
 * A time server (net/sntp.c) said the wall clock read wall_ns at
 * monotonic time mono_ns.  The platform steps its wall clock there if it
 * is off by more than step_ns (and at the first call when it had no
 * wall clock), else slews it over interval_ns, the time to the next
 * answer, so it never runs backwards for small errors.  From the first
 * call the server is the wall clock's reference (the kernel stops
 * reading the RTC).  Hosted, the process's own view of the wall clock
 * is stepped (an offset to CLOCK_REALTIME; the host's clock is the
 * host's business) and not slewed.
 */
void plat_clock_sync(uint64_t wall_ns, uint64_t mono_ns, uint64_t step_ns,
    uint64_t interval_ns);

/*
 * Sleep until the monotonic clock reaches deadline (ns) or a device has
 * something for us (a frame arrived, a transmit slot freed), whichever
 * comes first.  Returns at once if an event is already pending.  Spurious
 * returns are allowed: the caller polls and calls again.
 */
void plat_wait(uint64_t deadline);

/* The network interface.  There is at most one in this version. */
struct plat_net_info {
	uint8_t mac[6];
	uint16_t mtu;		/* IP MTU, e.g. 1500 */
	uint32_t flags;		/* PLAT_NET_* offloads offered */
};

/*
 * Offloads.  Both are off when the configuration says offload=off (a
 * platform word, config.h), and off where the NIC does not offer them.
 *
 * PLAT_NET_TX_CSUM: plat_net_writev() takes a struct plat_net_csum and
 * the NIC finishes the frame's TCP/UDP checksum (virtio-net
 * VIRTIO_NET_F_CSUM, a TAP with IFF_VNET_HDR).
 * PLAT_NET_RX_CSUM: plat_net_read() may report PLAT_NET_RX_CSUM_OK, and
 * then the frame's TCP/UDP checksum needs no check (virtio-net
 * VIRTIO_NET_F_GUEST_CSUM, a TAP with TUN_F_CSUM).
 */
#define PLAT_NET_TX_CSUM	0x1
#define PLAT_NET_RX_CSUM	0x2

/* Fill info; RC_NODEV when the machine has no NIC. */
int plat_net_info(struct plat_net_info *info)
    __attribute__((warn_unused_result));

/* One piece of a frame: len bytes at base. */
struct plat_iov {
	const void *base;
	size_t len;
};

/*
 * Checksum work left to the NIC (PLAT_NET_TX_CSUM): the ones' complement
 * sum of the frame's bytes from start (an offset in the frame) to its
 * end goes, complemented, at start + offset.  The caller has put the
 * pseudo-header sum (not complemented) in that field.
 */
struct plat_net_csum {
	uint16_t start;
	uint16_t offset;
};

/* The most pieces plat_net_writev() takes for one frame. */
#define PLAT_NET_MAX_IOV	16

/*
 * Send one Ethernet frame (no FCS), the concatenation of iov[0..n-1],
 * 1 <= n <= PLAT_NET_MAX_IOV.  csum is NULL when the frame is complete,
 * else the checksum the NIC must finish (only with PLAT_NET_TX_CSUM).
 * Ownership: the platform copies the bytes (the kernel into its ring's
 * buffers, hosted through writev(2)) before it returns; iov, the bytes
 * and csum stay the caller's and may be reused at once.  The frame may
 * be held in the ring until the next plat_wait(), which tells the device
 * of every frame queued since the last one (one notification per loop
 * iteration).
 * RC_AGAIN when the transmit ring is full (plat_wait() lets it drain),
 * RC_TOOBIG when the frame exceeds the MTU plus the Ethernet header,
 * RC_INVAL for a bad n or a csum the platform did not offer.
 */
int plat_net_writev(const struct plat_iov *iov, int n,
    const struct plat_net_csum *csum)
    __attribute__((warn_unused_result));

/* plat_net_read() *flags: the TCP/UDP checksum is known good or was
 * never computed because the frame never left this host's memory. */
#define PLAT_NET_RX_CSUM_OK	0x1

/*
 * Receive one Ethernet frame into buf (size bytes, at least mtu + 14).
 * On success stores its length in *len, PLAT_NET_RX_* bits in *flags
 * (0 without PLAT_NET_RX_CSUM), and returns RC_OK; RC_AGAIN when no
 * frame is waiting.
 */
int plat_net_read(void *buf, size_t size, size_t *len, uint32_t *flags)
    __attribute__((warn_unused_result));

/*
 * Fill buf with n bytes from the hardware entropy source (RDSEED/RDRAND on
 * the kernel, getrandom hosted), for seeding a CSPRNG.  RC_IO if the
 * source fails.
 */
int plat_entropy(void *buf, size_t n)
    __attribute__((warn_unused_result));

/*
 * The path of the data disk, for LMDB to open as its one file
 * (MDB_NOSUBDIR, MDB_NOLOCK).  Never NULL.
 */
const char *plat_data_path(void);

/*
 * Look up a configuration word by key.  Returns a NUL-terminated string
 * owned by the platform, valid for the life of the program, or NULL when
 * the key is not set; the last word for a key wins.  The kernel reads
 * key=value words from the boot command line; hosted reads them from
 * argv.  Both keep at most PLAT_MAX_CONFIG_WORDS words of at most
 * PLAT_MAX_CONFIG_WORD bytes (config.h), and plat_init() refuses more
 * with RC_TOOBIG.  The keys and what they mean are listed in config.h;
 * only app/config.c reads them.
 */
const char *plat_config(const char *key);

/* Word i ("key=value") of the configuration, in order; NULL past the last. */
const char *plat_config_word(int i);

/*
 * Look up a configuration file by name ("cert.main", "key.main",
 * "cert.attachments", "key.attachments", ...): certificates, keys and
 * other blobs too large for key=value words.  On success *data and *len
 * describe bytes owned by the platform, valid for the life of the
 * program (not NUL-terminated), and RC_OK is returned; RC_NOTFOUND when
 * no such file is configured.  The kernel reads QEMU fw_cfg files named
 * "opt/appliance/<name>" (EC2 user-data later); hosted reads
 * <config_dir>/<name> where config_dir=DIR was given on the command line.
 */
int plat_config_file(const char *name, const void **data, size_t *len)
    __attribute__((warn_unused_result));

/*
 * Exit statuses.  The kernel reports them through QEMU's isa-debug-exit
 * (kernel.h), hosted as the process's status.
 */
#define PLAT_EXIT_OK		0	/* clean shutdown */
#define PLAT_EXIT_FAIL		1	/* start-up failed: configuration, store */
#define PLAT_EXIT_ASSERT	70	/* a broken invariant (EX_SOFTWARE) */

/* Stop the machine with one of the statuses above. */
_Noreturn void plat_exit(int status);

/*
 * The machine's power button was pressed (ACPI, as EC2 stop/terminate
 * and QEMU's system_powerdown do; hosted: SIGTERM or SIGINT).  Stays true
 * once it has been; the app then finishes what it must and calls
 * plat_poweroff().  Cheap enough to call every loop iteration; a press is
 * seen within about a second (the kernel polls the button at most every
 * 100 ms, and the loop wakes at least once a second).
 */
bool plat_shutdown_requested(void);

/*
 * Turn the machine off: ACPI S5 on the kernel (QEMU then exits with
 * status 0), falling back to plat_exit(PLAT_EXIT_OK) where there is no
 * ACPI or it did not stop the machine; hosted: exit(0).
 */
_Noreturn void plat_poweroff(void);

/*
 * A broken invariant: print "assertion failed at file:line: why" (and on
 * the kernel a backtrace) and stop with PLAT_EXIT_ASSERT.  Never returns,
 * never allocates; safe from any context the upper layers run in.
 */
_Noreturn void plat_abort(const char *file, int line, const char *why);

/*
 * Check an invariant that the code relies on; compiled in always (the
 * cost is a compare, and a wrong answer served is worse than a stop).
 */
#define ASSERT(cond) do { \
	if (__builtin_expect(!(cond), 0)) \
		plat_abort(__FILE__, __LINE__, #cond); \
} while (0)

#endif /* PLAT_H */
