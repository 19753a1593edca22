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

#include "plat.h"

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
/* The same for a failed ASSERT (plat_abort): KERN_EXIT_ASSERT. */
_Noreturn void kern_assert_fail(const char *file, int line, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));
/* ASSERT is plat.h's, for the kernel too: plat_abort ends here. */

/* isa-debug-exit (iobase 0xf4): QEMU exits with status (v << 1) | 1. */
#define KERN_EXIT_PORT	0xf4
#define KERN_EXIT_OK	0x10	/* QEMU status 33: clean power-off */
#define KERN_EXIT_ERROR	0x11	/* QEMU status 35: main() failed */
#define KERN_EXIT_ASSERT	0x12	/* QEMU status 37: ASSERT failed */
#define KERN_EXIT_PANIC	0x7f	/* QEMU status 255: panic */
_Noreturn void kern_exit(int code);

/* main.c: the boot command line did not fit KERN_MAX_CMDLINE bytes. */
#define KERN_MAX_CMDLINE	4096
bool kern_cmdline_truncated(void);
/*
 * True when word is one of the command line's words.  The kernel's own
 * words (KERN_WORDS) are for the kernel alone: they are not passed to
 * main, whose configuration would refuse a word that is not key=value.
 */
#define KERN_WORDS	{ "disk_selftest" }
bool kern_cmdline_word(const char *word);

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
 * (drivers/devices.c) walks PCI (or, without PCI, the virtio-mmio slots)
 * and starts every device that a row of the buses' driver tables
 * (drivers/pci.h, drivers/virtio.h) matches, logging each device found;
 * it is called once after memory and interrupts are up. */
void kern_devices_init(void);

/* The NIC (drivers/virtio_net.c): see plat_net_* in plat.h for meaning. */
/*
 * Negotiate with and start the NIC the driver table found at boot; with
 * offload false, checksum offload is not negotiated.  Called once, from
 * plat_init() after the configuration is read.  Returns 0 (also when
 * there is no NIC) or the error that left the NIC unstarted.
 */
int kern_net_start(bool offload);
bool kern_net_present(void);
void kern_net_mac(uint8_t mac[6]);
/* PLAT_NET_TX_CSUM and PLAT_NET_RX_CSUM as negotiated. */
uint32_t kern_net_offload(void);
int kern_net_writev(const struct plat_iov *iov, int n,
    const struct plat_net_csum *csum);
int kern_net_read(void *buf, size_t size, size_t *len, uint32_t *flags);
/* Tell the device of the frames and receive buffers queued since the last
 * call, and arm the receive interrupt; plat_wait calls it first. */
void kern_net_flush(void);
/* True when a received frame is waiting (plat_wait checks before halting). */
bool kern_net_pending(void);
/* True when the NIC cannot interrupt on receive: plat_wait must poll. */
bool kern_net_polled(void);

/*
 * The data disk (drivers/blk.c), in 512-byte sectors, whichever driver
 * found it.  Synchronous: each call submits and polls to completion.  buf
 * may be any kernel address; the driver copies through its own DMA
 * buffers as needed, so buf must not fault into a nested disk read while
 * it is copied (fs.c stages file-map data for that reason).  Return 0 or
 * a negative enum err: RC_NODEV without a disk, RC_INVAL past its end,
 * RC_IO on a device error, RC_TIMEOUT when the device stopped answering.
 */
bool kern_blk_present(void);
uint64_t kern_blk_sectors(void);
int kern_blk_read(uint64_t sector, void *buf, size_t nsectors);
int kern_blk_write(uint64_t sector, const void *buf, size_t nsectors);
int kern_blk_flush(void);

/*
 * A disk driver's side of the dispatch.  The first disk driver to probe
 * registers its disk and kern_blk_* call through it; blk.c has checked
 * the range before read or write is called.  d must live as long as the
 * program (drivers pass a static).  Returns 0, or RC_EXISTS when a disk
 * is registered already (logged: the second disk is ignored).
 * kern_disk_busy(name) says the same before a driver touches its device:
 * RC_EXISTS (logged) when a disk is already registered, else 0.
 */
struct kern_disk {
	const char *name;	/* the driver, for the log: "nvme" */
	uint64_t sectors;	/* 512-byte sectors */
	int (*read)(uint64_t sector, void *buf, size_t nsectors);
	int (*write)(uint64_t sector, const void *buf, size_t nsectors);
	int (*flush)(void);
};
int kern_disk_register(const struct kern_disk *d);
int kern_disk_busy(const char *name);
/*
 * Boot-time check of the disk layer, run by kern_devices_init when the
 * kernel word `disk_selftest` is on the command line (for a scratch copy
 * of a disk: it writes at the disk's end, then puts the bytes back).
 * Large transfers are checked against page-sized reads of the same range:
 * the first 160 KiB read, and 160 KiB at the end written with a pattern,
 * read back, restored, flushed and read back.  Logs "disk_selftest: PASS
 * ..." or "disk_selftest: FAIL ..."; returns 0 or the error.
 */
int kern_blk_selftest(void);

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

/*
 * The core's own interfaces (boot.S, main.c, mm.c, irq.c, apic.c, clock.c,
 * syscall.c, panic.c).  Drivers need none of these.
 */

/* The registers an interrupt stub saves (entry.S pushes them in reverse
 * order), then what the CPU pushed. */
struct kern_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;
};

/* A RAM or reserved range from the PVH memory map (type 1 = RAM). */
struct kern_memrange {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
};

/*
 * What the loader told us, in one form for every way in: the PVH entry
 * (main.c, from hvm_start_info) and the UEFI entry (efi.c, from the
 * system table and the memory map) fill it, and kern_main starts from it.
 * Memory types are E820's: 1 RAM, 2 reserved, 3 ACPI reclaimable, 4 ACPI
 * NVS.
 */
#define KERN_BOOT_MAXMEM	128
struct kern_bootinfo {
	const char *loader;		/* "PVH", "UEFI" */
	uint64_t rsdp;			/* 0: the loader gave none */
	const char *rsdp_from;		/* where rsdp came from, for the log */
	size_t nmem;
	struct kern_memrange mem[KERN_BOOT_MAXMEM];
	char cmdline[KERN_MAX_CMDLINE];
	bool cmdline_truncated;
	/* UEFI only: the firmware's map as read before ExitBootServices. */
	uint32_t efi_descs, efi_desc_size, efi_exit_tries;
	uint64_t efi_map_bytes;
	const char *efi_rsdp_table;	/* "ACPI 2.0", "ACPI 1.0", NULL */
};
extern struct kern_bootinfo kern_bootinfo;

/* main.c: the C entry from boot.S's PVH path, with EBX of the handoff. */
_Noreturn void kern_pvh_main(uint32_t start_info);
/* main.c: the common start, from either entry. */
_Noreturn void kern_main(struct kern_bootinfo *bi);
/* acpi.c: the RSDP found by the BIOS-area scan (EBDA, 0xe0000-0xfffff),
 * or 0; reads page 0, so only before kern_mm_init unmaps it. */
uint64_t kern_acpi_find_rsdp(void);
/* efi.c: from kern_efi_entry with boot services up; returns after
 * ExitBootServices with kern_bootinfo filled. */
void kern_efi_main(void *image, void *system_table);
/* entry.S: switch to sp (a Linux initial process stack) and jump to
 * musl's _start. */
_Noreturn void kern_enter_musl(void *sp);

/* mm.c: set up the page allocator over the RAM in map[0..n) and switch
 * to the final page tables.  Called once, before anything allocates. */
void kern_mm_init(const struct kern_memrange *map, size_t n);
/* True if [p, p+len) is RAM the page allocator manages. */
bool kern_mm_is_heap(uint64_t p, size_t len);
/* Bytes of RAM the allocator manages and bytes free now. */
uint64_t kern_mm_total(void);
uint64_t kern_mm_free(void);
/* True if va is mapped now (the backtrace checks before it reads). */
bool kern_mm_mapped(uint64_t va);

/* irq.c: IDT, TSS and IST stacks; kern_isr_dispatch is entry.S's C side. */
void kern_irq_init(void);
void kern_isr_dispatch(struct kern_frame *f);

/* apic.c: mask the 8259s, enable the local APIC, the wakeup timer. */
#define KERN_VEC_TIMER		0xf0
#define KERN_VEC_SPURIOUS	0xff
void kern_apic_init(void);
void kern_apic_eoi(void);
/* Calibrate the wakeup timer; needs the clock.  */
void kern_timer_init(void);
/* Arm the one-shot wakeup for monotonic time deadline (ns). */
void kern_timer_arm(uint64_t deadline);

/* clock.c: pick and calibrate the clock source, read the RTC. */
void kern_clock_init(void);
uint64_t kern_clock_wall_ns(void);	/* ns since the Unix epoch, or 0 */
/* Keep the wall clock on the RTC: called from every plat_wait; returns
 * the monotonic time by which it wants to be called again (UINT64_MAX:
 * never), which is at most 10 ms away while it watches for the RTC's
 * seconds to change, about a second every minute. */
uint64_t kern_clock_rtc_poll(void);
uint64_t kern_tsc_hz(void);		/* TSC frequency, 0 if unknown */
extern uint64_t kern_boot_tsc;		/* TSC at kernel entry */
/* Convert a monotonic time to a TSC value (for the TSC-deadline timer). */
uint64_t kern_clock_ns_to_tsc(uint64_t ns);

/*
 * acpi.c: the static ACPI tables (RSDP, XSDT/RSDT, MADT, FADT, the DSDT's
 * \_S5), power-off and the fixed power button.  kern_acpi_init(rsdp)
 * reads and logs them once, after the memory map is up; rsdp is the
 * RSDP's physical address from the boot information (PVH rsdp_paddr, a
 * UEFI configuration table), or 0 to scan the BIOS areas.  Without valid
 * tables every call below says "none".  kern_acpi_start(), once the clock
 * runs, switches the chipset to ACPI mode if the firmware did not
 * (SMI_CMD) and enables the power-button event.
 */
void kern_acpi_init(uint64_t rsdp);
void kern_acpi_start(void);

/* What the MADT says, for the interrupt code (nothing programs the
 * I/O APICs yet).  Overrides' flags are the MPS INTI flags: bits 0-1
 * polarity (1 high, 3 low), bits 2-3 trigger (1 edge, 3 level). */
#define KERN_ACPI_MAX_IOAPIC	8
#define KERN_ACPI_MAX_ISO	16
struct kern_acpi_ioapic {
	uint8_t id;
	uint32_t addr;
	uint32_t gsi_base;
};
struct kern_acpi_iso {
	uint8_t irq;		/* ISA IRQ (bus 0) */
	uint32_t gsi;
	uint16_t flags;
};
struct kern_acpi_madt {
	uint64_t lapic_addr;
	uint32_t ncpus;		/* enabled or online-capable */
	uint32_t nioapic, niso;
	struct kern_acpi_ioapic ioapic[KERN_ACPI_MAX_IOAPIC];
	struct kern_acpi_iso iso[KERN_ACPI_MAX_ISO];
};
/* The MADT as read, or NULL when there is none. */
const struct kern_acpi_madt *kern_acpi_madt(void);
/* The GSI of ISA IRQ irq after the overrides, its INTI flags in *flags
 * (0: the bus's defaults, ISA edge/high). */
uint32_t kern_acpi_isa_gsi(uint8_t irq, uint16_t *flags);
/* The CMOS index of the RTC's century register (FADT CENTURY), 0: none. */
uint8_t kern_acpi_rtc_century(void);
/*
 * Ask for S5 (soft-off): the \_S5 sleep type with SLP_EN into PM1a_CNT
 * and PM1b_CNT, or into the hardware-reduced sleep control register.
 * RC_OK once written (the machine stops a little later: the caller waits
 * and falls back), RC_NODEV without ACPI.  Safe in any context.
 */
int kern_acpi_poweroff(void);
/*
 * True once per press of the power button (PWRBTN_STS, then cleared).
 * Reads the register at most every 100 ms and is cheap otherwise; called
 * from the event loop (plat_shutdown_requested).
 */
bool kern_acpi_power_button(void);

/* entropy.c: RDSEED, else RDRAND, retried.  0 or RC_IO. */
int kern_entropy(void *buf, size_t n);

/* syscall.c: program STAR/LSTAR/FMASK; the C side of entry.S. */
struct kern_sysargs {
	long nr;
	long a[6];	/* rdi, rsi, rdx, r10, r8, r9 */
};
void kern_syscall_init(void);
long kern_syscall(struct kern_sysargs *args);

/* panic.c: print the registers of f and a backtrace starting at rbp;
 * kern_panic() also prints the frame of a pending exception. */
void kern_dump_frame(const struct kern_frame *f);
void kern_backtrace(uint64_t rbp);
/* Set by the exception handler just before it panics. */
extern const struct kern_frame *kern_panic_frame;

/* fw_cfg.c: QEMU fw_cfg files named "opt/appliance/<name>", copied into
 * kernel memory once (kern_fwcfg_init; later calls do nothing).  An absent
 * device means no files.  kern_fwcfg_file() looks one up by <name> and
 * gives bytes valid for the life of the program: RC_OK or RC_NOTFOUND. */
void kern_fwcfg_init(void);
int kern_fwcfg_file(const char *name, const void **data, size_t *len);

/* io.h has port and MMIO accessors. */
#endif /* KERNEL_H */
