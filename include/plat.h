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

#include <stddef.h>
#include <stdint.h>

/*
 * Set up the platform from the program's arguments.  Call once, first
 * thing in main().  The kernel passes the boot command line as argv.
 * Returns ERR_OK or a negative enum err.
 */
int plat_init(int argc, char **argv);

/* Write n bytes to the console (serial on the kernel, stderr hosted). */
void plat_console_write(const char *buf, size_t n);

/* Monotonic time in nanoseconds since an arbitrary origin. */
uint64_t plat_clock_monotonic(void);

/* Wall-clock time in nanoseconds since the Unix epoch (0 if unknown). */
uint64_t plat_clock_wall(void);

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
};

/* Fill info; ERR_NODEV when the machine has no NIC. */
int plat_net_info(struct plat_net_info *info);

/*
 * Send one Ethernet frame (no FCS).  The platform copies the bytes before
 * it returns; buf stays the caller's.  ERR_AGAIN when the transmit ring is
 * full, ERR_TOOBIG when len exceeds the MTU plus the Ethernet header.
 */
int plat_net_write(const void *buf, size_t len);

/*
 * Receive one Ethernet frame into buf (size bytes, at least mtu + 14).
 * On success stores its length in *len and returns ERR_OK; ERR_AGAIN when
 * no frame is waiting.
 */
int plat_net_read(void *buf, size_t size, size_t *len);

/*
 * Fill buf with n bytes from the hardware entropy source (RDSEED/RDRAND on
 * the kernel, getrandom hosted), for seeding a CSPRNG.  ERR_IO if the
 * source fails.
 */
int plat_entropy(void *buf, size_t n);

/*
 * The path of the data disk, for LMDB to open as its one file
 * (MDB_NOSUBDIR, MDB_NOLOCK).  Never NULL.
 */
const char *plat_data_path(void);

/*
 * Look up a configuration value by key ("ip", "gw", "mask", "dhcp", ...).
 * Returns a NUL-terminated string owned by the platform, valid for the
 * life of the program, or NULL when the key is not set.  The kernel reads
 * key=value words from the boot command line; hosted reads them from argv.
 */
const char *plat_config(const char *key);

/*
 * Look up a configuration file by name ("cert.main", "key.main",
 * "cert.attachments", "key.attachments", ...): certificates, keys and
 * other blobs too large for key=value words.  On success *data and *len
 * describe bytes owned by the platform, valid for the life of the
 * program (not NUL-terminated), and ERR_OK is returned; ERR_NOTFOUND when
 * no such file is configured.  The kernel reads QEMU fw_cfg files named
 * "opt/appliance/<name>" (EC2 user-data later); hosted reads
 * <config_dir>/<name> where config_dir=DIR was given on the command line.
 */
int plat_config_file(const char *name, const void **data, size_t *len);

/* Stop the machine.  status 0 means a clean shutdown. */
_Noreturn void plat_exit(int status);

#endif /* PLAT_H */
