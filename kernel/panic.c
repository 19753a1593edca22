/*
 * panic.c: the way out, orderly or not.
 *
 * kern_panic prints "PANIC at file:line: message", the registers of the
 * exception being handled (if any), a frame-pointer backtrace, and leaves
 * QEMU through isa-debug-exit with KERN_EXIT_PANIC (status 255).  A panic
 * while panicking goes straight to the exit.  kern_exit writes its code to
 * the isa-debug-exit port; without that device it tries the ACPI
 * power-off (acpi.c; q35's before the tables are read) and then halts for
 * good.
 *
 * kern_assert_fail does the same for a failed ASSERT (plat_abort) and
 * leaves with KERN_EXIT_ASSERT.
 *
 * Interface: kern_panic, kern_assert_fail, kern_exit, kern_dump_frame, kern_backtrace,
 * kern_panic_frame.
 */
#include <stdarg.h>

#include "io.h"
#include "kernel.h"

const struct kern_frame *kern_panic_frame;
static int panicking;

/* see kernel.h */
_Noreturn void
kern_exit(int code)
{
	__asm__ volatile("cli");
	outb(KERN_EXIT_PORT, (uint8_t)code);
	/* Still here: no isa-debug-exit.  ACPI S5 as the FADT describes it;
	 * before the tables are read (an early panic), q35's PM1a control
	 * block at 0x604 with SLP_TYP 0 (QEMU's S5) | SLP_EN. */
	if (kern_acpi_poweroff() != 0)
		outw(0x604, 0x2000);
	for (;;)
		__asm__ volatile("cli; hlt");
}

/* see kernel.h */
void
kern_dump_frame(const struct kern_frame *f)
{
	uint64_t cr2, cr3;

	__asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
	__asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
	kprintf("  rip %016lx  cs %04lx  rflags %016lx\n", f->rip, f->cs,
	    f->rflags);
	kprintf("  rsp %016lx  ss %04lx  cr2 %016lx  cr3 %016lx\n", f->rsp,
	    f->ss, cr2, cr3);
	kprintf("  rax %016lx  rbx %016lx  rcx %016lx\n", f->rax, f->rbx,
	    f->rcx);
	kprintf("  rdx %016lx  rsi %016lx  rdi %016lx\n", f->rdx, f->rsi,
	    f->rdi);
	kprintf("  rbp %016lx  r8  %016lx  r9  %016lx\n", f->rbp, f->r8,
	    f->r9);
	kprintf("  r10 %016lx  r11 %016lx  r12 %016lx\n", f->r10, f->r11,
	    f->r12);
	kprintf("  r13 %016lx  r14 %016lx  r15 %016lx\n", f->r13, f->r14,
	    f->r15);
}

/* see kernel.h */
void
kern_backtrace(uint64_t rbp)
{
	uint64_t *fp;
	int depth;

	kprintf("backtrace:\n");
	/* Each frame is [saved rbp][return address]; code without frame
	 * pointers (prebuilt musl) ends the chain early, which is fine. */
	for (depth = 0; depth < 32 && rbp != 0; depth++) {
		if ((rbp & 7) != 0 || !kern_mm_mapped(rbp) ||
		    !kern_mm_mapped(rbp + 8))
			break;
		fp = (uint64_t *)rbp;
		if (fp[1] == 0)
			break;
		kprintf("  #%d %016lx\n", depth, fp[1]);
		if (fp[0] <= rbp)
			break;		/* stacks grow down; stop at loops */
		rbp = fp[0];
	}
}

/* Print the reason, registers and backtrace; leave with code. */
static _Noreturn void
panic_v(int code, const char *file, int line, const char *fmt, va_list ap)
{
	__asm__ volatile("cli");
	if (panicking++)
		kern_exit(code);
	kprintf("\nPANIC at %s:%d: ", file, line);
	kvprintf(fmt, ap);
	kprintf("\n");
	if (kern_panic_frame != NULL) {
		kern_dump_frame(kern_panic_frame);
		kprintf("faulting rip %016lx\n", kern_panic_frame->rip);
		kern_backtrace(kern_panic_frame->rbp);
	} else {
		kern_backtrace((uint64_t)__builtin_frame_address(0));
	}
	kern_exit(code);
}

/* see kernel.h */
_Noreturn void
kern_panic(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	panic_v(KERN_EXIT_PANIC, file, line, fmt, ap);
}

/* see kernel.h */
_Noreturn void
kern_assert_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	panic_v(KERN_EXIT_ASSERT, file, line, fmt, ap);
}
