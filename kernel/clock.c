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
 * Wall time: the CMOS RTC (MC146818), read at boot and then once a
 * minute from the loop, which steps or slews the wall clock toward it
 * (the policy is at wall_adjust), until a time server (plat_clock_sync)
 * takes over with the same policy.
 *
 * Interface: kern_clock_init, kern_clock_ns, kern_clock_wall_ns,
 * kern_clock_rtc_poll, plat_clock_sync, kern_tsc_hz, kern_clock_ns_to_tsc;
 * kern_boot_tsc (main.c sets it).
 */
#include <string.h>

#include "io.h"
#include "kernel.h"
#include "plat.h"

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

/* The RTC's time registers as read, undecoded. */
struct rtc_raw {
	uint8_t s, mi, h, d, mo, y, cent, b;
};

/* Wait until no update is in progress (UIP, status A bit 7, is set for
 * at most about 2 ms); false if it never clears (no RTC). */
static bool
rtc_settled(void)
{
	uint32_t i;

	for (i = 0; i < (1U << 20) && (cmos_read(0x0a) & 0x80); i++)
		;
	return i < (1U << 20);
}

static void
rtc_raw_read(struct rtc_raw *r, uint8_t century_reg)
{
	r->s = cmos_read(0), r->mi = cmos_read(2), r->h = cmos_read(4);
	r->d = cmos_read(7), r->mo = cmos_read(8), r->y = cmos_read(9);
	r->cent = century_reg != 0 ? cmos_read(century_reg) : 0;
	r->b = cmos_read(0x0b);
}

/*
 * One consistent reading of the RTC in seconds since the epoch, or -1.
 * The registers are read twice, each time after UIP is clear, until both
 * readings agree (an update between them changes one).  Status B says
 * BCD or binary (bit 2) and 12- or 24-hour (bit 1; in 12-hour mode bit 7
 * of the hour is PM and 12 means 0).  The century comes from the CMOS
 * register the FADT names, else 0x32 (the PC/AT convention QEMU keeps);
 * a value outside 19..30 means none, and 20 is assumed.
 */
static int64_t
rtc_read(struct rtc_raw *out)
{
	struct rtc_raw a, b;
	uint8_t creg = kern_acpi_rtc_century();
	uint32_t i, s, mi, h, d, mo, y, c;
	bool bin;

	if (creg == 0 || creg >= 0x80)
		creg = 0x32;
	for (i = 0; i < 8; i++) {
		if (!rtc_settled())
			return -1;
		rtc_raw_read(&a, creg);
		if (!rtc_settled())
			return -1;
		rtc_raw_read(&b, creg);
		if (memcmp(&a, &b, sizeof(a)) == 0)
			break;
	}
	if (i == 8)
		return -1;
	bin = a.b & 4;
	s = bcd(a.s, bin), mi = bcd(a.mi, bin), h = bcd(a.h & 0x7f, bin);
	d = bcd(a.d, bin), mo = bcd(a.mo, bin), y = bcd(a.y, bin);
	c = bcd(a.cent, bin);
	if (!(a.b & 2)) {			/* 12-hour mode */
		if (h < 1 || h > 12)
			return -1;
		h = h % 12 + ((a.h & 0x80) ? 12 : 0);
	}
	if (c < 19 || c > 30)
		c = 20;
	if (s > 59 || mi > 59 || h > 23 || d < 1 || d > 31 || mo < 1 ||
	    mo > 12 || y > 99)
		return -1;
	if (out != NULL)
		*out = a;
	return days_from_civil(c * 100 + y, mo, d) * 86400 + h * 3600 +
	    mi * 60 + s;
}

/*
 * The wall clock: wall = base_wall + (monotonic - base_mono) * rate,
 * rate in 32.32 fixed point.  Under TCG the monotonic clock has been seen
 * to run 2.5% slow against real time (and 20% on a loaded host, where the
 * 10 ms HPET calibration goes wrong), while the RTC keeps real time (QEMU
 * drives it from the host's clock).  So the RTC is read again, at the
 * moment its seconds change, every RTC_LEARN_NS for the first
 * RTC_LEARN_SYNCS times after boot (to learn the rate quickly) and every
 * RTC_SYNC_NS after that, and the wall clock is brought toward it:
 *   - the rate becomes the RTC's rate against the monotonic clock as
 *     measured since the last edge;
 *   - the first edge after boot, or an error over RTC_STEP_NS ahead of
 *     us, steps the clock forward (the boot reading is whole seconds
 *     only, so it is behind by up to a second);
 *   - an error over RTC_STEP_NS behind (the RTC was set back) steps it
 *     back by that error and no more;
 *   - anything smaller is slewed: the error is added to the rate, spread
 *     over the next interval, so the clock does not jump and never runs
 *     backwards.
 * The edge is watched by reading the seconds register from plat_wait, at
 * most every RTC_LOOK_NS, with waits of at most RTC_WATCH_NS while
 * watching, so an edge is dated within about 10 ms (an edge between two
 * looks more than RTC_EDGE_MAX_NS apart is not used); a watch lasts about
 * a second, and gives up after RTC_WATCH_MAX_NS.
 */
#define RTC_SYNC_NS	(60 * NS_PER_S)
#define RTC_LEARN_NS	(10 * NS_PER_S)	/* the first syncs after boot */
#define RTC_LEARN_SYNCS	4
#define RTC_LOOK_NS	1000000ULL	/* at most 1000 looks a second */
#define RTC_STEP_NS	(2 * NS_PER_S)
#define RTC_WATCH_NS	10000000ULL
#define RTC_EDGE_MAX_NS	50000000ULL
#define RTC_WATCH_MAX_NS (3 * NS_PER_S)
#define RATE_ONE	(1ULL << 32)

static struct {
	bool on;			/* the RTC answered at boot */
	uint32_t nsync;			/* edges used so far */
	bool watching;
	uint8_t last_sec;		/* 0xff: none yet this watch */
	uint64_t base_mono, base_wall, rate;
	uint64_t next, watch_start, last_poll;
	uint64_t prev_mono, prev_rtc;	/* the last edge */
	bool net;			/* a network time source took over */
} wc;

static uint64_t
wall_at(uint64_t mono)
{
	return wc.base_wall + (uint64_t)(((unsigned __int128)(mono -
	    wc.base_mono) * wc.rate) >> 32);
}

/* see kernel.h */
uint64_t
kern_clock_wall_ns(void)
{
	return wc.on ? wall_at(kern_clock_ns()) : 0;
}

/* The interval to the next sync: short while the rate is being learnt. */
static uint64_t
sync_interval(void)
{
	return wc.nsync < RTC_LEARN_SYNCS ? RTC_LEARN_NS : RTC_SYNC_NS;
}

/*
 * The reference (the RTC, or a network time source through
 * kern_clock_net_sync) said rtc (ns) at monotonic time mono: step or
 * slew to it, an error over step_ns being stepped, a smaller one slewed
 * over interval ns.
 */
static void
wall_adjust_by(uint64_t mono, uint64_t rtc, uint64_t step_ns,
    uint64_t interval)
{
	uint64_t w = wall_at(mono), freq = RATE_ONE;
	int64_t err = (int64_t)(rtc - w);
	__int128 rate;

	/* The RTC's rate against ours since the last edge. */
	if (wc.nsync > 0 && mono > wc.prev_mono && rtc > wc.prev_rtc)
		freq = (uint64_t)(((unsigned __int128)(rtc - wc.prev_rtc) <<
		    32) / (mono - wc.prev_mono));
	/* A rate off by more than a factor of two is a misreading. */
	if (freq < RATE_ONE / 2 || freq > RATE_ONE * 2)
		freq = RATE_ONE;
	if ((wc.nsync == 0 && err > 0 && !wc.net) || err > (int64_t)step_ns ||
	    err < -(int64_t)step_ns) {
		if (wc.nsync > 0 || wc.net)
			kprintf("clock: wall clock %s by %ld ms to the %s\n",
			    err > 0 ? "stepped forward" : "stepped back",
			    (err > 0 ? err : -err) / 1000000,
			    wc.net ? "time server" : "RTC");
		wc.base_wall = rtc;
		rate = freq;
	} else {
		wc.base_wall = w;
		rate = (__int128)freq + ((__int128)err << 32) /
		    (__int128)interval;
	}
	wc.rate = rate < (__int128)(RATE_ONE / 2) ? RATE_ONE / 2 :
	    rate > (__int128)(RATE_ONE * 2) ? RATE_ONE * 2 : (uint64_t)rate;
	wc.base_mono = mono;
	wc.prev_mono = mono;
	wc.prev_rtc = rtc;
	wc.nsync++;
}

static void
wall_adjust(uint64_t mono, uint64_t rtc)
{
	wall_adjust_by(mono, rtc, RTC_STEP_NS, sync_interval());
}

/*
 * see plat.h (defined here, by the wall clock it sets, rather than in
 * plat.c).  A network source is better than the RTC (which QEMU
 * and EC2 keep from the host's clock, but not to the millisecond, and
 * which may be wrong): from its first answer on, the RTC is no longer
 * read, and the rate is learnt afresh from the source's answers.
 */
void
plat_clock_sync(uint64_t wall_ns, uint64_t mono, uint64_t step_ns,
    uint64_t interval)
{
	if (!wc.net) {
		wc.net = true;
		wc.nsync = 0;
		wc.watching = false;
		if (!wc.on) {
			wc.on = true;
			wc.base_mono = mono;
			wc.base_wall = wall_ns;
			wc.rate = RATE_ONE;
		}
	}
	wall_adjust_by(mono, wall_ns, step_ns,
	    interval > 0 ? interval : NS_PER_S);
}

/* see kernel.h */
uint64_t
kern_clock_rtc_poll(void)
{
	uint64_t now, edge;
	int64_t t;
	uint8_t sec;

	if (!wc.on || wc.net)
		return UINT64_MAX;
	now = kern_clock_ns();
	if (!wc.watching) {
		if (now < wc.next)
			return wc.next;
		wc.watching = true;
		wc.watch_start = now;
		wc.last_sec = 0xff;
	}
	if (now - wc.watch_start > RTC_WATCH_MAX_NS) {
		/* A stopped RTC, or a loop too busy to date an edge: try
		 * again next interval. */
		wc.watching = false;
		wc.next = now + sync_interval();
		return wc.next;
	}
	if (wc.last_sec != 0xff && now - wc.last_poll < RTC_LOOK_NS)
		return wc.last_poll + RTC_LOOK_NS;
	if (cmos_read(0x0a) & 0x80)
		return now + RTC_WATCH_NS;	/* mid-update: look again */
	sec = cmos_read(0);
	/* An edge is only usable between two looks close together (the
	 * second turned between them); else watch for the next one. */
	if (wc.last_sec == 0xff || sec == wc.last_sec ||
	    now - wc.last_poll > RTC_EDGE_MAX_NS) {
		wc.last_sec = sec;
		wc.last_poll = now;
		return now + RTC_WATCH_NS;
	}
	edge = wc.last_poll + (now - wc.last_poll) / 2;
	wc.watching = false;
	if ((t = rtc_read(NULL)) >= 0)
		wall_adjust(edge, (uint64_t)t * NS_PER_S);
	wc.next = now + sync_interval();
	return wc.next;
}

/* Read the RTC once at boot and start the wall clock from it (whole
 * seconds; the first edge, seen from the loop, refines it). */
static void
rtc_boot(void)
{
	struct rtc_raw r;
	int64_t t = rtc_read(&r);
	bool bin = r.b & 4;

	if (t < 0) {
		kprintf("clock: no RTC: the wall clock is unknown\n");
		return;
	}
	wc.base_mono = kern_clock_ns();
	wc.base_wall = (uint64_t)t * NS_PER_S;
	wc.rate = RATE_ONE;
	wc.on = true;
	wc.next = 0;		/* watch for the first edge at once */
	kprintf("clock: RTC %lu s since the epoch (%s, %s-hour, century "
	    "%02x from CMOS %x), resynced every %llu s, %llu s at first\n",
	    (uint64_t)t, bin ? "binary" : "BCD", (r.b & 2) ? "24" : "12",
	    r.cent, kern_acpi_rtc_century() != 0 ? kern_acpi_rtc_century() :
	    0x32, RTC_SYNC_NS / NS_PER_S, RTC_LEARN_NS / NS_PER_S);
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
	rtc_boot();
}
