/*
 * clock.c: monotonic and wall-clock time.
 *
 * Monotonic time comes from the first of these that the machine offers:
 *   1. kvmclock (pvclock): CPUID 0x40000001 EAX bit 3, MSR 0x4b564d01.
 *      KVM keeps it right across migration and TSC scaling; it is the
 *      default Linux clocksource on EC2 Nitro.
 *   2. The TSC, its rate from CPUID 0x40000010 EAX (kHz), the hypervisor
 *      leaf VMware defined and Nitro implements.
 *   3. The TSC calibrated once against the HPET (q35 has one at
 *      0xFED00000; the capabilities register gives its period).  This is
 *      what TCG gets: it has neither of the above.
 *   4. The TSC calibrated against the CMOS RTC's once-a-second update
 *      (microvm under TCG: no HPET, and we never use the PIT, which is
 *      broken on Nitro and not worth a second code path).  It costs up
 *      to two seconds of boot, on a configuration only tests use.
 * The TSC paths count from the TSC value at kernel entry, so monotonic
 * time there is time since boot.
 *
 * Wall time: the CMOS RTC read once at boot gives the epoch offset.
 *
 * Interface: kern_clock_init, kern_clock_ns, kern_clock_wall_ns,
 * kern_tsc_hz, kern_clock_ns_to_tsc; kern_boot_tsc (main.c sets it).
 */
#include "io.h"
#include "kernel.h"

#define MSR_KVM_SYSTEM_TIME_NEW	0x4b564d01
#define HPET_BASE		0xfed00000ULL
#define HPET_CAP		0x000
#define HPET_CONFIG		0x010
#define HPET_COUNTER		0x0f0
#define NS_PER_S		1000000000ULL

struct pvclock {
	uint32_t version;
	uint32_t pad0;
	uint64_t tsc_timestamp;
	uint64_t system_time;
	uint32_t mul;
	int8_t shift;
	uint8_t flags;
	uint8_t pad[2];
} __attribute__((packed));

uint64_t kern_boot_tsc;
static volatile struct pvclock pvclock __attribute__((aligned(64)));
static bool use_pvclock;
static uint64_t tsc_hz;
static uint64_t tsc_mul;	/* ns per tick, 32.32 fixed point */
static uint64_t wall_offset;	/* wall = monotonic + offset */

static uint64_t
pvclock_ns(void)
{
	uint32_t v;
	uint64_t delta, ns;

	do {
		v = pvclock.version;
		rmb();
		delta = rdtsc() - pvclock.tsc_timestamp;
		if (pvclock.shift < 0)
			delta >>= -pvclock.shift;
		else
			delta <<= pvclock.shift;
		ns = pvclock.system_time +
		    (uint64_t)(((unsigned __int128)delta * pvclock.mul) >> 32);
		rmb();
	} while ((v & 1) || v != pvclock.version);
	return ns;
}

/* see kernel.h */
uint64_t
kern_clock_ns(void)
{
	if (use_pvclock)
		return pvclock_ns();
	return (uint64_t)(((unsigned __int128)(rdtsc() - kern_boot_tsc) *
	    tsc_mul) >> 32);
}

/* see kernel.h */
uint64_t
kern_tsc_hz(void)
{
	return tsc_hz;
}

/* see kernel.h */
uint64_t
kern_clock_ns_to_tsc(uint64_t ns)
{
	uint64_t now = kern_clock_ns(), tsc = rdtsc();

	if (ns <= now)
		return tsc;
	return tsc + (uint64_t)((unsigned __int128)(ns - now) * tsc_hz /
	    NS_PER_S);
}

/* see kernel.h */
uint64_t
kern_clock_wall_ns(void)
{
	return wall_offset == 0 ? 0 : kern_clock_ns() + wall_offset;
}

static bool
try_pvclock(uint32_t hv_max)
{
	uint32_t r[4];
	uint64_t hz;

	if (hv_max < 0x40000001)
		return false;
	cpuid(0x40000001, 0, r);
	if (!(r[0] & (1 << 3)))
		return false;
	wrmsr(MSR_KVM_SYSTEM_TIME_NEW, (uint64_t)&pvclock | 1);
	while (pvclock.mul == 0)
		;
	hz = (NS_PER_S << 32) / pvclock.mul;
	hz = pvclock.shift < 0 ? hz << -pvclock.shift : hz >> pvclock.shift;
	tsc_hz = hz;
	use_pvclock = true;
	return true;
}

/* Calibrate against the HPET for 10 ms; false if there is none. */
static bool
try_hpet(void)
{
	volatile uint8_t *h = (volatile uint8_t *)HPET_BASE;
	uint64_t cap, period, ticks, c0, t0, t1;

	if (kern_map_mmio(HPET_BASE, KERN_PAGE_SIZE) != 0)
		return false;
	cap = mmio_read64(h + HPET_CAP);
	period = cap >> 32;		/* femtoseconds per tick */
	if (cap == ~0ULL || period == 0 || period > 100000000)
		return false;
	mmio_write64(h + HPET_CONFIG, mmio_read64(h + HPET_CONFIG) | 1);
	ticks = 10000000000000ULL / period;	/* 10 ms in fs / period */
	c0 = mmio_read64(h + HPET_COUNTER);
	t0 = rdtsc();
	while (mmio_read64(h + HPET_COUNTER) - c0 < ticks)
		;
	t1 = rdtsc();
	c0 = ticks * period;		/* fs actually waited (at least) */
	tsc_hz = (uint64_t)((unsigned __int128)(t1 - t0) * 1000000000000000ULL
	    / c0);
	return tsc_hz != 0;
}

static uint8_t
cmos_read(uint8_t reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

/* Wait for the end of an RTC update (UIP falling); false on timeout. */
static bool
rtc_update_edge(void)
{
	uint32_t i;

	for (i = 0; i < (1U << 26) && !(cmos_read(0x0a) & 0x80); i++)
		;
	for (; i < (1U << 26) && (cmos_read(0x0a) & 0x80); i++)
		;
	return i < (1U << 26);
}

static bool
try_rtc_calibration(void)
{
	uint64_t t0;

	if (!rtc_update_edge())
		return false;
	t0 = rdtsc();
	if (!rtc_update_edge())
		return false;
	tsc_hz = rdtsc() - t0;
	return true;
}

static uint32_t
bcd(uint8_t v, bool binary)
{
	return binary ? v : (v >> 4) * 10 + (v & 15);
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t
days_from_civil(int64_t y, uint32_t m, uint32_t d)
{
	int64_t era, yoe, doy;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* Read the RTC once and set the wall-clock offset (0 if no RTC). */
static void
read_rtc(void)
{
	uint8_t s, mi, h, d, mo, y, cent, b;
	bool bin;
	uint32_t hour;
	int64_t secs;

	for (uint32_t i = 0; i < 1000000 && (cmos_read(0x0a) & 0x80); i++)
		;
	s = cmos_read(0), mi = cmos_read(2), h = cmos_read(4);
	d = cmos_read(7), mo = cmos_read(8), y = cmos_read(9);
	cent = cmos_read(0x32), b = cmos_read(0x0b);
	bin = b & 4;
	hour = bcd(h & 0x7f, bin);
	if (!(b & 2) && (h & 0x80))
		hour = (hour % 12) + 12;	/* 12-hour mode, PM */
	cent = (uint8_t)bcd(cent, bin);
	if (cent < 19 || cent > 30)
		cent = 20;
	if (bcd(mo, bin) < 1 || bcd(mo, bin) > 12 || bcd(d, bin) < 1 ||
	    bcd(d, bin) > 31)
		return;
	secs = days_from_civil(cent * 100 + bcd(y, bin), bcd(mo, bin),
	    bcd(d, bin)) * 86400 + hour * 3600 + bcd(mi, bin) * 60 +
	    bcd(s, bin);
	wall_offset = (uint64_t)secs * NS_PER_S - kern_clock_ns();
	kprintf("clock: RTC %04u-%02u-%02u %02u:%02u:%02u UTC\n",
	    cent * 100 + bcd(y, bin), bcd(mo, bin), bcd(d, bin), hour,
	    bcd(mi, bin), bcd(s, bin));
}

/* see kernel.h */
void
kern_clock_init(void)
{
	uint32_t r[4], hv_max = 0;
	const char *src;

	cpuid(1, 0, r);
	if (r[2] & (1U << 31)) {		/* running under a hypervisor */
		cpuid(0x40000000, 0, r);
		hv_max = r[0] >= 0x40000000 && r[0] < 0x40000100 ? r[0] : 0;
	}
	if (try_pvclock(hv_max)) {
		src = "kvmclock";
	} else if (hv_max >= 0x40000010 && (cpuid(0x40000010, 0, r), r[0])) {
		tsc_hz = (uint64_t)r[0] * 1000;
		src = "TSC, rate from CPUID 0x40000010";
	} else if (try_hpet()) {
		src = "TSC, calibrated against the HPET";
	} else if (try_rtc_calibration()) {
		src = "TSC, calibrated against the RTC (no HPET)";
	} else {
		tsc_hz = 1000000000;
		src = "TSC at an assumed 1 GHz (no HPET, no RTC)";
	}
	if (!use_pvclock)
		tsc_mul = (NS_PER_S << 32) / tsc_hz;
	kprintf("clock: %s, TSC %lu kHz\n", src, tsc_hz / 1000);
	read_rtc();
}
