/*
 * apic.c: interrupt controllers and the wakeup timer.
 *
 * The legacy 8259 pair is remapped to vectors 32..47 (so a stray line
 * cannot look like an exception) and masked.  The local APIC runs in
 * x2APIC mode (MSRs) when CPUID.1:ECX[21] offers it, else in xAPIC mode
 * (MMIO at the base from IA32_APIC_BASE).  Its timer is the only wakeup
 * source we arm: one-shot, either in TSC-deadline mode when
 * CPUID.1:ECX[24] says so (no calibration: the deadline is a TSC value),
 * or counting down at a rate measured once against the monotonic clock.
 *
 * Interface: kern_apic_init, kern_apic_eoi, kern_lapic_id,
 * kern_timer_init, kern_timer_arm.
 */
#include "io.h"
#include "kernel.h"

#define MSR_APIC_BASE		0x1b
#define APIC_BASE_X2APIC	(1ULL << 10)
#define APIC_BASE_ENABLE	(1ULL << 11)
#define MSR_TSC_DEADLINE	0x6e0

/* Register offsets in the xAPIC page; x2APIC MSR = 0x800 + off / 16. */
#define LAPIC_ID	0x020
#define LAPIC_TPR	0x080
#define LAPIC_EOI	0x0b0
#define LAPIC_SVR	0x0f0
#define LAPIC_LVT_TIMER	0x320
#define LAPIC_TIMER_ICR	0x380
#define LAPIC_TIMER_CCR	0x390
#define LAPIC_TIMER_DCR	0x3e0
#define LVT_MASKED	(1U << 16)
#define LVT_TSC_DEADLINE (2U << 17)

static bool x2apic;
static volatile uint8_t *xapic;
static bool tsc_deadline;
static uint64_t timer_hz;	/* LAPIC timer ticks per second, divide 1 */

static uint32_t
lapic_read(uint32_t off)
{
	if (x2apic)
		return (uint32_t)rdmsr(0x800 + off / 16);
	return mmio_read32(xapic + off);
}

static void
lapic_write(uint32_t off, uint32_t v)
{
	if (x2apic)
		wrmsr(0x800 + off / 16, v);
	else
		mmio_write32(xapic + off, v);
}

static void
pic_disable(void)
{
	/* ICW1..ICW4: cascade, vectors 32 and 40, 8086 mode; then mask. */
	outb(0x20, 0x11);
	outb(0xa0, 0x11);
	outb(0x21, 32);
	outb(0xa1, 40);
	outb(0x21, 4);
	outb(0xa1, 2);
	outb(0x21, 1);
	outb(0xa1, 1);
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
}

/* see kernel.h */
void
kern_apic_init(void)
{
	uint32_t r[4];
	uint64_t base;

	pic_disable();
	cpuid(1, 0, r);
	x2apic = (r[2] >> 21) & 1;
	tsc_deadline = (r[2] >> 24) & 1;
	base = rdmsr(MSR_APIC_BASE);
	if (x2apic) {
		wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
		wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE |
		    APIC_BASE_X2APIC);
	} else {
		wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
		base &= 0x000ffffffffff000ULL;
		if (kern_map_mmio(base, KERN_PAGE_SIZE) != 0)
			PANIC("cannot map the local APIC at %lx", base);
		xapic = (volatile uint8_t *)base;
	}
	lapic_write(LAPIC_TPR, 0);
	lapic_write(LAPIC_SVR, 0x100 | KERN_VEC_SPURIOUS);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED | KERN_VEC_TIMER);
	kprintf("apic: %s, id %u, timer %s\n", x2apic ? "x2APIC" : "xAPIC",
	    kern_lapic_id(), tsc_deadline ? "TSC-deadline" : "one-shot");
}

/* see kernel.h */
void
kern_apic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}

/* see kernel.h */
uint32_t
kern_lapic_id(void)
{
	uint32_t id = lapic_read(LAPIC_ID);

	return x2apic ? id : id >> 24;
}

/* see kernel.h */
void
kern_timer_init(void)
{
	uint64_t t0, t1;
	uint32_t r[4], left;

	if (tsc_deadline && kern_tsc_hz() != 0) {
		lapic_write(LAPIC_LVT_TIMER, LVT_TSC_DEADLINE |
		    KERN_VEC_TIMER);
		return;
	}
	tsc_deadline = false;
	lapic_write(LAPIC_TIMER_DCR, 0x0b);	/* divide by 1 */
	cpuid(0x40000000, 0, r);
	if (r[0] >= 0x40000010) {
		/* The VMware leaf: EBX is the APIC bus rate in kHz. */
		cpuid(0x40000010, 0, r);
		timer_hz = (uint64_t)r[1] * 1000;
	}
	if (timer_hz == 0) {
		/* Count down for 10 ms of the calibrated clock. */
		lapic_write(LAPIC_LVT_TIMER, LVT_MASKED | KERN_VEC_TIMER);
		lapic_write(LAPIC_TIMER_ICR, 0xffffffff);
		t0 = kern_clock_ns();
		while ((t1 = kern_clock_ns()) - t0 < 10000000)
			;
		left = lapic_read(LAPIC_TIMER_CCR);
		lapic_write(LAPIC_TIMER_ICR, 0);
		timer_hz = (uint64_t)(0xffffffffU - left) * 1000000000ULL /
		    (t1 - t0);
	}
	if (timer_hz == 0)
		timer_hz = 1000000000;	/* cannot be; keep arming sane */
	lapic_write(LAPIC_LVT_TIMER, KERN_VEC_TIMER);
	kprintf("apic: timer %lu kHz\n", timer_hz / 1000);
}

/* see kernel.h */
void
kern_timer_arm(uint64_t deadline)
{
	uint64_t now, ticks;

	if (tsc_deadline) {
		wrmsr(MSR_TSC_DEADLINE, kern_clock_ns_to_tsc(deadline));
		return;
	}
	now = kern_clock_ns();
	ticks = deadline > now ? (unsigned __int128)(deadline - now) *
	    timer_hz / 1000000000ULL : 1;
	if (ticks == 0)
		ticks = 1;
	if (ticks > 0xffffffffULL)
		ticks = 0xffffffffULL;	/* a spurious early wakeup is fine */
	lapic_write(LAPIC_TIMER_ICR, (uint32_t)ticks);
}
