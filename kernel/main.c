/*
 * main.c: from boot.S to musl.
 *
 * kern_pvh_main copies what it needs out of the PVH hvm_start_info (the
 * command line, the memory map, the RSDP's address) into kern_bootinfo
 * before anything allocates (efi.c fills the same structure on the UEFI
 * path); kern_main then brings the machine up in dependency order
 * (memory, ACPI tables, interrupts, APIC, clock, timer, ACPI mode,
 * syscalls, devices), then builds the initial stack a Linux kernel would
 * give a static program and jumps to crt1.o's _start.  From there on the
 * kernel runs only inside syscalls and interrupts.  The console is
 * started by kern_main's caller.
 *
 * The process stack, from the top down: the argument strings, 16 random
 * bytes (AT_RANDOM: musl's stack canary), then argc, argv[], NULL, an
 * empty envp (NULL) and the auxiliary vector.  argv[0] is "appliance";
 * the rest are the words of the boot command line.
 *
 * Interface: kern_pvh_main, kern_main, kern_bootinfo.
 */
#include <elf.h>
#include <string.h>

#include "config.h"
#include "io.h"
#include "kernel.h"

#define PVH_MAGIC	0x336ec578
/* One word past the platform's limit reaches plat_init, which refuses it. */
#define MAX_ARGS	(PLAT_MAX_CONFIG_WORDS + 2)
#define STACK_PAGES	512	/* 2 MiB for main() and everything under it */

struct hvm_start_info {
	uint32_t magic;
	uint32_t version;
	uint32_t flags;
	uint32_t nr_modules;
	uint64_t modlist_paddr;
	uint64_t cmdline_paddr;
	uint64_t rsdp_paddr;
	uint64_t memmap_paddr;
	uint32_t memmap_entries;
	uint32_t reserved;
};

struct hvm_memmap_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
	uint32_t reserved;
};

extern const Elf64_Ehdr __ehdr_start;

/* see kernel.h */
struct kern_bootinfo kern_bootinfo;

/* Copy the command line and memory map out of the handoff area. */
static void
read_start_info(uint32_t addr, struct kern_bootinfo *bi)
{
	const struct hvm_start_info *si = (const void *)(uintptr_t)addr;
	const struct hvm_memmap_entry *e;
	size_t i;

	if (si->magic != PVH_MAGIC)
		PANIC("bad PVH start info magic %x at %x", si->magic, addr);
	bi->loader = "PVH";
	if (si->cmdline_paddr != 0) {
		strncpy(bi->cmdline, (const char *)si->cmdline_paddr,
		    sizeof(bi->cmdline) - 1);
		/* Refused by plat_init, never cut silently. */
		bi->cmdline_truncated = strnlen(
		    (const char *)si->cmdline_paddr, sizeof(bi->cmdline)) ==
		    sizeof(bi->cmdline);
	}
	bi->rsdp = si->rsdp_paddr;
	bi->rsdp_from = "PVH start info";
	if (si->version < 1 || si->memmap_paddr == 0)
		PANIC("PVH start info version %u has no memory map",
		    si->version);
	e = (const void *)si->memmap_paddr;
	for (i = 0; i < si->memmap_entries && i < KERN_BOOT_MAXMEM; i++) {
		bi->mem[i].addr = e[i].addr;
		bi->mem[i].size = e[i].size;
		bi->mem[i].type = e[i].type;
	}
	bi->nmem = i;
}

/* see kernel.h */
bool
kern_cmdline_truncated(void)
{
	return kern_bootinfo.cmdline_truncated;
}

/* Push len bytes onto the downward stack at *sp; returns where. */
static void *
push_bytes(char **sp, const void *p, size_t len)
{
	*sp -= len;
	memcpy(*sp, p, len);
	return *sp;
}

/* True when the NUL-terminated word w is one of KERN_WORDS. */
static bool
kern_word(const char *w)
{
	static const char *const words[] = KERN_WORDS;
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(w, words[i]) == 0)
			return true;
	return false;
}

/* see kernel.h */
bool
kern_cmdline_word(const char *word)
{
	size_t len = strlen(word);
	const char *w = kern_bootinfo.cmdline;
	size_t n;

	/* Before build_process_stack() cuts the words apart with NULs. */
	while (*w != '\0') {
		for (; *w == ' ' || *w == '\t' || *w == '\n'; w++)
			;
		for (n = 0; w[n] != '\0' && w[n] != ' ' && w[n] != '\t' &&
		    w[n] != '\n'; n++)
			;
		if (n == len && memcmp(w, word, n) == 0)
			return true;
		w += n;
	}
	return false;
}

/* Build the initial process stack in a fresh region with a guard page
 * below it; returns the stack pointer for _start. */
static void *
build_process_stack(void)
{
	char *base, *sp, *argv[MAX_ARGS + 1], *w;
	uint64_t rnd[2], *v;
	int argc = 0, i, n;

	base = kern_page_alloc(STACK_PAGES + 1);
	if (base == NULL)
		PANIC("no memory for the process stack");
	kern_unmap_page((uint64_t)base);
	sp = base + (STACK_PAGES + 1) * KERN_PAGE_SIZE;
	argv[argc++] = push_bytes(&sp, "appliance", sizeof("appliance"));
	for (w = kern_bootinfo.cmdline; *w != '\0' && argc < MAX_ARGS; w += n) {
		for (; *w == ' ' || *w == '\t' || *w == '\n'; w++)
			;
		for (n = 0; w[n] != '\0' && w[n] != ' ' && w[n] != '\t' &&
		    w[n] != '\n'; n++)
			;
		if (n == 0)
			break;
		w[n] = '\0';		/* the line is ours: a copy */
		if (!kern_word(w))
			argv[argc++] = push_bytes(&sp, w, (size_t)n + 1);
		w++;
	}
	argv[argc] = NULL;
	if (kern_entropy(rnd, sizeof(rnd)) != 0) {
		kprintf("kernel: no RDSEED/RDRAND; AT_RANDOM from the TSC\n");
		rnd[0] = rdtsc() * 0x9e3779b97f4a7c15ULL;
		rnd[1] = rnd[0] ^ (uint64_t)&rnd;
	}
	v = push_bytes(&sp, rnd, sizeof(rnd));
	uint64_t aux[] = {
		AT_PHDR, (uint64_t)&__ehdr_start + __ehdr_start.e_phoff,
		AT_PHENT, sizeof(Elf64_Phdr),
		AT_PHNUM, __ehdr_start.e_phnum,
		AT_PAGESZ, KERN_PAGE_SIZE,
		AT_RANDOM, (uint64_t)v,
		AT_HWCAP, 0,
		AT_NULL, 0,
	};
	/* argc + argv + NULL + envp NULL + auxv, 16-byte aligned at argc. */
	n = 1 + argc + 1 + 1 + (int)(sizeof(aux) / 8);
	sp = (char *)(((uint64_t)sp - (uint64_t)n * 8) & ~15ULL);
	v = (uint64_t *)sp;
	*v++ = (uint64_t)argc;
	for (i = 0; i <= argc; i++)
		*v++ = (uint64_t)argv[i];
	*v++ = 0;
	memcpy(v, aux, sizeof(aux));
	return sp;
}

/* see kernel.h */
_Noreturn void
kern_pvh_main(uint32_t start_info)
{
	kern_boot_tsc = rdtsc();
	kern_console_init();
	kprintf("\nappliance kernel (PVH, x86-64), start info at %x\n",
	    start_info);
	read_start_info(start_info, &kern_bootinfo);
	kern_main(&kern_bootinfo);
}

/* see kernel.h */
_Noreturn void
kern_main(struct kern_bootinfo *bi)
{
	void *sp;
	size_t i;

	for (i = 0; i < bi->nmem; i++)
		kprintf("  mem %016lx-%016lx type %u\n", bi->mem[i].addr,
		    bi->mem[i].addr + bi->mem[i].size - 1, bi->mem[i].type);
	kprintf("  cmdline \"%s\"\n", bi->cmdline);
	/* A loader that gave no RSDP (our BIOS boot sector): scan for it
	 * while page 0, where the EBDA's segment is, is still mapped. */
	if (bi->rsdp == 0) {
		bi->rsdp = kern_acpi_find_rsdp();
		bi->rsdp_from = "BIOS area scan";
	}
	kern_mm_init(bi->mem, bi->nmem);
	kern_acpi_init(bi->rsdp);
	kern_irq_init();
	kern_apic_init();
	kern_clock_init();
	kern_timer_init();
	kern_acpi_start();
	kern_syscall_init();
	kern_devices_init();
	sp = build_process_stack();
	/* kvmclock counts from VM creation, the TSC clocks from our entry. */
	kprintf("kernel: %lu KiB free; entering main at monotonic %lu us\n",
	    kern_mm_free() >> 10, kern_clock_ns() / 1000);
	kern_enter_musl(sp);
}
