/*
 * irq.c: the IDT, the TSS with its IST stacks, and interrupt dispatch.
 *
 * Every one of the 256 vectors is an interrupt gate (IF cleared on entry)
 * with a non-zero IST index, so the CPU always switches to a known stack:
 * prebuilt musl keeps live data in the red zone below RSP, and everything
 * runs in ring 0, where the CPU would otherwise push onto that stack.
 * Separate IST stacks keep a fault inside a handler from overwriting the
 * frame it interrupted: IST1 device IRQs, IST2 exceptions, IST3 page
 * faults (the file map's fault path reads the disk, so it gets 64 KiB),
 * IST4 double fault, IST5 NMI, IST6 machine check.
 *
 * A page fault in [KERN_FS_MAP_BASE, +1 TiB) goes to kern_fs_fault() and
 * resumes if that maps the page.  Any other exception prints the vector,
 * error code, CR2, registers and a backtrace, then panics.
 *
 * Interface: kern_irq_init, kern_isr_dispatch, kern_irq_alloc.
 */
#include <string.h>

#include "io.h"
#include "kernel.h"

#define VEC_PF		14
#define VEC_FIRST_ALLOC	48
#define FS_MAP_END	(KERN_FS_MAP_BASE + (1ULL << 40))

struct idt_gate {
	uint16_t off_lo;
	uint16_t sel;
	uint8_t ist;
	uint8_t type;
	uint16_t off_mid;
	uint32_t off_hi;
	uint32_t zero;
} __attribute__((packed));

struct tss {
	uint32_t rsv0;
	uint64_t rsp[3];
	uint64_t rsv1;
	uint64_t ist[7];
	uint64_t rsv2;
	uint16_t rsv3;
	uint16_t iomap;
} __attribute__((packed));

_Static_assert(sizeof(struct idt_gate) == 16, "IDT gate is 16 bytes");
_Static_assert(sizeof(struct tss) == 104, "TSS is 104 bytes");

extern const uint64_t kern_isr_table[256];
extern uint64_t kern_gdt[];
extern char kern_ist1_stack_top[], kern_ist2_stack_top[];
extern char kern_ist3_stack_top[], kern_ist4_stack_top[];
extern char kern_ist5_stack_top[], kern_ist6_stack_top[];

static struct idt_gate idt[256] __attribute__((aligned(16)));
static struct tss tss __attribute__((aligned(16)));
static struct {
	kern_irq_fn fn;
	void *arg;
} handlers[256];
static int pf_depth;

static const char *const exc_names[32] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint",
	"#OF overflow", "#BR bound range", "#UD invalid opcode",
	"#NM device not available", "#DF double fault",
	"coprocessor segment overrun", "#TS invalid TSS",
	"#NP segment not present", "#SS stack fault",
	"#GP general protection", "#PF page fault", "reserved 15",
	"#MF x87 floating point", "#AC alignment check",
	"#MC machine check", "#XM SIMD floating point",
	"#VE virtualization", "#CP control protection", "reserved 22",
	"reserved 23", "reserved 24", "reserved 25", "reserved 26",
	"reserved 27", "#HV hypervisor injection", "#VC VMM communication",
	"#SX security", "reserved 31",
};

static int
ist_for(int vec)
{
	switch (vec) {
	case 2:
		return 5;
	case 8:
		return 4;
	case 14:
		return 3;
	case 18:
		return 6;
	default:
		return vec < 32 ? 2 : 1;
	}
}

static void
tss_install(void)
{
	uint64_t base = (uint64_t)&tss;

	tss.ist[0] = (uint64_t)kern_ist1_stack_top;
	tss.ist[1] = (uint64_t)kern_ist2_stack_top;
	tss.ist[2] = (uint64_t)kern_ist3_stack_top;
	tss.ist[3] = (uint64_t)kern_ist4_stack_top;
	tss.ist[4] = (uint64_t)kern_ist5_stack_top;
	tss.ist[5] = (uint64_t)kern_ist6_stack_top;
	tss.iomap = sizeof(tss);
	/* 64-bit available TSS descriptor in GDT slots 3 and 4 (0x18). */
	kern_gdt[3] = (sizeof(tss) - 1) | ((base & 0xffffff) << 16) |
	    (0x89ULL << 40) | (((base >> 24) & 0xff) << 56);
	kern_gdt[4] = base >> 32;
	__asm__ volatile("ltr %w0" :: "r"(0x18));
}

/* see kernel.h */
void
kern_irq_init(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) idtr = { sizeof(idt) - 1, (uint64_t)idt };
	uint64_t a;
	int v;

	tss_install();
	for (v = 0; v < 256; v++) {
		a = kern_isr_table[v];
		idt[v] = (struct idt_gate){
			.off_lo = a & 0xffff, .sel = 0x08,
			.ist = (uint8_t)ist_for(v), .type = 0x8e,
			.off_mid = (a >> 16) & 0xffff, .off_hi = a >> 32,
		};
	}
	__asm__ volatile("lidt %0" :: "m"(idtr));
}

/* see kernel.h */
int
kern_irq_alloc(kern_irq_fn fn, void *arg)
{
	int v;

	for (v = VEC_FIRST_ALLOC; v < KERN_VEC_TIMER; v++) {
		if (handlers[v].fn == NULL) {
			handlers[v].arg = arg;
			handlers[v].fn = fn;
			return v;
		}
	}
	return -1;
}

static _Noreturn void
exception(struct kern_frame *f)
{
	uint64_t cr2;

	__asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
	kprintf("\nexception %lu (%s), error code 0x%lx, cr2 %016lx\n",
	    f->vector, exc_names[f->vector], f->error, cr2);
	if (f->vector == VEC_PF)
		kprintf("  page fault: %s %s of a %s page\n",
		    (f->error & 16) ? "instruction fetch" : "data",
		    (f->error & 2) ? "write" : "read",
		    (f->error & 1) ? "protected" : "non-present");
	kern_panic_frame = f;
	PANIC("unhandled %s at rip %016lx", exc_names[f->vector], f->rip);
}

static void
page_fault(struct kern_frame *f)
{
	uint64_t cr2;
	bool ok;

	__asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
	/* A fault inside the fault path would reuse this IST stack. */
	if (cr2 >= KERN_FS_MAP_BASE && cr2 < FS_MAP_END && pf_depth == 0) {
		pf_depth++;
		ok = kern_fs_fault(cr2, (f->error & 2) != 0);
		pf_depth--;
		if (ok)
			return;
	}
	exception(f);
}

/* see kernel.h */
void
kern_isr_dispatch(struct kern_frame *f)
{
	uint64_t v = f->vector;

	if (v == VEC_PF) {
		page_fault(f);
		return;
	}
	if (v < 32)
		exception(f);
	if (v == KERN_VEC_SPURIOUS || v < VEC_FIRST_ALLOC)
		return;		/* spurious, or a masked 8259 line */
	if (handlers[v].fn != NULL)
		handlers[v].fn(handlers[v].arg);
	kern_apic_eoi();
}
