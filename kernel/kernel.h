/*
 * kernel.h: the kernel's private interfaces, shared by the core (boot,
 * memory, interrupts, clocks, syscalls) and the drivers.  Nothing outside
 * kernel/ includes this; the upper layers see only include/plat.h.
 *
 * Memory model: one address space, identity-mapped (virtual == physical)
 * for RAM and MMIO, so a pointer from kern_page_alloc() is also the DMA
 * address a device wants.  The LMDB data-file mapping lives in a separate
 * high region filled on page fault (see fs.c).
 */
#ifndef KERNEL_H
#define KERNEL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KERN_PAGE_SIZE 4096UL

/* console.c: COM1 16550 and formatted output (no floats). */
void kern_console_init(void);
void kern_console_write(const char *buf, size_t n);
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kvprintf(const char *fmt, va_list ap);

/* panic.c: print file:line, the message, registers if any, a backtrace,
 * then leave QEMU through isa-debug-exit with KERN_EXIT_PANIC. */
_Noreturn void kern_panic(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#define PANIC(...) kern_panic(__FILE__, __LINE__, __VA_ARGS__)
#define ASSERT(x) \
	do { if (!(x)) PANIC("assertion failed: %s", #x); } while (0)

/* isa-debug-exit (iobase 0xf4): QEMU exits with status (v << 1) | 1. */
#define KERN_EXIT_PORT	0xf4
#define KERN_EXIT_OK	0x10	/* QEMU status 33: clean power-off */
#define KERN_EXIT_ERROR	0x11	/* QEMU status 35: main() failed */
#define KERN_EXIT_PANIC	0x7f	/* QEMU status 255: panic */
_Noreturn void kern_exit(int code);

/* mm.c: physical pages, identity mapped, physically contiguous, zeroed.
 * Returns NULL when memory is exhausted. */
void *kern_page_alloc(size_t npages);
void kern_page_free(void *p, size_t npages);
/* Identity-map [phys, phys+len) uncached, read-write, no-execute.
 * Safe to call twice for the same range. Returns 0 or a negative enum err. */
int kern_map_mmio(uint64_t phys, size_t len);

/* Map one 4 KiB page at virtual va to physical pa (both page aligned),
 * no-execute; KERN_MAP_WRITE makes it writable.  Used for the file map.
 * kern_unmap_page() removes it and flushes the TLB entry. */
#define KERN_MAP_WRITE 1
int kern_map_page(uint64_t va, uint64_t pa, int flags);
void kern_unmap_page(uint64_t va);

/* irq.c: interrupt vectors.  Handlers run with interrupts off on an IST
 * stack; they must be short (acknowledge the device, note the event) and
 * never call into the upper layers.  EOI is sent by the common code. */
typedef void (*kern_irq_fn)(void *arg);
/* Allocate a free vector (>= 48) bound to fn(arg); returns it or -1. */
int kern_irq_alloc(kern_irq_fn fn, void *arg);
/* The local APIC id of the boot CPU, for MSI addresses. */
uint32_t kern_lapic_id(void);

/* clock.c */
uint64_t kern_clock_ns(void);	/* monotonic, ns */

/* drivers/: the devices the platform layer uses.  kern_devices_init()
 * walks PCI and starts every device it has a driver for; it is called once
 * after memory and interrupts are up. */
void kern_devices_init(void);

/* The NIC (drivers/virtio_net.c): see plat_net_* in plat.h for meaning. */
bool kern_net_present(void);
void kern_net_mac(uint8_t mac[6]);
int kern_net_write(const void *buf, size_t len);
int kern_net_read(void *buf, size_t size, size_t *len);
/* True when a received frame is waiting (plat_wait checks before halting). */
bool kern_net_pending(void);

/* The data disk (drivers/virtio_blk.c), in 512-byte sectors.  Synchronous:
 * each call submits and polls to completion.  buf may be any kernel
 * address; the driver copies through its own DMA buffers as needed.
 * Return 0 or a negative enum err (ERR_IO on device error). */
bool kern_blk_present(void);
uint64_t kern_blk_sectors(void);
int kern_blk_read(uint64_t sector, void *buf, size_t nsectors);
int kern_blk_write(uint64_t sector, const void *buf, size_t nsectors);
int kern_blk_flush(void);

/*
 * fs.c: the data disk as the one file LMDB opens (path "/dev/vda"), so
 * the syscall layer can hand these calls over.  Linux semantics: each
 * returns a result >= 0 or a negative errno.  Descriptors are >= 3.
 */
#define KERN_FS_PATH "/dev/vda"
struct stat;
long kern_fs_open(const char *path, int flags, int mode);
long kern_fs_close(int fd);
long kern_fs_pread(int fd, void *buf, size_t n, int64_t off);
long kern_fs_pwrite(int fd, const void *buf, size_t n, int64_t off);
long kern_fs_fstat(int fd, struct stat *st);
long kern_fs_lseek(int fd, int64_t off, int whence);
long kern_fs_fsync(int fd);
long kern_fs_fcntl(int fd, int cmd, unsigned long arg);
/* mmap of the file: a region of KERN_FS_MAP_BASE filled on first touch. */
#define KERN_FS_MAP_BASE 0x10000000000ULL	/* 1 TiB */
long kern_fs_mmap(int fd, size_t len, int prot, int flags, int64_t off);
long kern_fs_munmap(uint64_t addr, size_t len);
long kern_fs_msync(uint64_t addr, size_t len, int flags);
/* Called by the page-fault handler for addresses in the file map region;
 * reads the page from disk and maps it.  False if addr is not in a live
 * mapping (the handler then panics). */
bool kern_fs_fault(uint64_t addr, bool write);

/* io.h has port and MMIO accessors. */
#endif /* KERNEL_H */
