/*
 * acpi.c: the ACPI tables the kernel needs, power-off and the power button.
 *
 * Only static tables are read (ACPI 6.x, sections 5.2): the RSDP, the
 * XSDT (or the RSDT before ACPI 2.0), the MADT and the FADT, each checked
 * against its checksum before a field is used.  There is no AML
 * interpreter: the one thing we need from the DSDT is the \_S5 package
 * (the sleep type values for soft-off), found by a byte search for the
 * NameOp "_S5_" followed by a PackageOp whose first two elements are
 * integer constants.  A DSDT that computes _S5 some other way gets the
 * values QEMU's boards use, and the log says so.
 *
 * Where the RSDP comes from is the caller's business (main.c: PVH's
 * rsdp_paddr; a UEFI loader will pass the configuration table's entry the
 * same way); address 0 means "scan where a BIOS puts it": the first KiB
 * of the EBDA, then 0xE0000-0xFFFFF, on 16-byte boundaries.
 *
 * Power off (S5): SLP_TYPa | SLP_EN into PM1a_CNT and SLP_TYPb | SLP_EN
 * into PM1b_CNT, or, on a hardware-reduced platform (QEMU microvm: its
 * Generic Event Device), SLP_TYP << 2 | SLP_EN into the FADT's sleep
 * control register.
 *
 * The power button (what EC2 stop and QEMU's system_powerdown press): the
 * fixed-feature PWRBTN_STS bit of PM1_STS, polled from the event loop
 * (kern_acpi_power_button) rather than taken through the SCI, because the
 * IOAPIC is not programmed and the loop wakes at least once a second
 * anyway.  SCI_EN is switched on first (SMI_CMD <- ACPI_ENABLE) when the
 * firmware left the machine in legacy mode, so the chipset routes the
 * event to the status bit and not to an SMI handler.  On a
 * hardware-reduced board (microvm) the press is the power-down bit of
 * QEMU's Generic Event Device, polled the same way (aml_find_ged).  A
 * power button that is a control-method device behind a GPE is not
 * handled: the log says so.
 *
 * Tables may lie in RAM the page tables do not map (e820 type 2): each
 * page is mapped uncached on first use, and left mapped.
 *
 * Interface: kern_acpi_init, kern_acpi_start, kern_acpi_madt,
 * kern_acpi_isa_gsi, kern_acpi_rtc_century, kern_acpi_poweroff,
 * kern_acpi_power_button.
 */
#include <string.h>

#include "err.h"
#include "io.h"
#include "kernel.h"

#define SDT_HDR_LEN	36

/* FADT field offsets (ACPI 6.5 table 5.9). */
#define FADT_DSDT		40
#define FADT_SCI_INT		46
#define FADT_SMI_CMD		48
#define FADT_ACPI_ENABLE	52
#define FADT_PM1A_EVT		56
#define FADT_PM1B_EVT		60
#define FADT_PM1A_CNT		64
#define FADT_PM1B_CNT		68
#define FADT_PM1_EVT_LEN	88
#define FADT_PM1_CNT_LEN	89
#define FADT_CENTURY		108
#define FADT_FLAGS		112
#define FADT_X_DSDT		140
#define FADT_X_PM1A_EVT		148
#define FADT_X_PM1B_EVT		160
#define FADT_X_PM1A_CNT		172
#define FADT_X_PM1B_CNT		184
#define FADT_SLEEP_CTL		244
#define FADT_F_PWR_BUTTON	(1U << 4)	/* control-method button */
#define FADT_F_HW_REDUCED	(1U << 20)

/* PM1 registers (ACPI 6.5 4.8.3). */
#define PM1_PWRBTN		(1U << 8)	/* in PM1_STS and PM1_EN */
#define PM1_SCI_EN		(1U << 0)	/* in PM1_CNT */
#define PM1_SLP_TYP_SHIFT	10
#define PM1_SLP_TYP_MASK	(7U << 10)
#define PM1_SLP_EN		(1U << 13)
/* Hardware-reduced sleep control register (4.8.3.7). */
#define SLEEP_CTL_TYP_SHIFT	2
#define SLEEP_CTL_EN		(1U << 5)

/* Where QEMU's boards put soft-off when no \_S5 is found: the PIIX4 and
 * ICH9 PM1 blocks take SLP_TYP 0 as S5, the microvm GED takes 5. */
#define QEMU_S5_PM1		0
#define QEMU_S5_GED		5

#define POLL_NS			100000000ULL	/* the button: 100 ms */
#define ENABLE_WAIT_NS		1000000000ULL	/* SCI_EN: 1 s */

/* A register the FADT names: an I/O port or a memory address. */
struct reg {
	uint64_t addr;		/* 0: absent */
	uint8_t width;		/* bytes: 1, 2 or 4 */
	bool mem;
};

static struct {
	bool found;		/* a valid FADT was read */
	bool hw_reduced;
	uint32_t flags;
	uint16_t sci_int;
	uint32_t smi_cmd;
	uint8_t acpi_enable;
	uint8_t century;
	struct reg pm1a_sts, pm1b_sts, pm1a_en, pm1b_en;
	struct reg pm1a_cnt, pm1b_cnt, sleep_ctl;
	uint8_t slp_typa, slp_typb;
	bool button;		/* PWRBTN_EN is set: poll PWRBTN_STS */
	struct reg ged_sel;	/* hardware-reduced: QEMU's GED selector */
	uint64_t next_poll;
} acpi;

static struct kern_acpi_madt madt;
static bool madt_found;

/* Map [p, p + len) if it is not mapped yet; false if it cannot be. */
static bool
acpi_map(uint64_t p, size_t len)
{
	uint64_t pg, end = p + len;

	if (p == 0 || end < p || end > KERN_FS_MAP_BASE)
		return false;
	for (pg = p & ~(KERN_PAGE_SIZE - 1); pg < end; pg += KERN_PAGE_SIZE)
		if (!kern_mm_mapped(pg) &&
		    kern_map_mmio(pg, KERN_PAGE_SIZE) != RC_OK)
			return false;
	return true;
}

static uint8_t
sum8(const uint8_t *p, size_t n)
{
	uint8_t s = 0;

	while (n-- > 0)
		s += *p++;
	return s;
}

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static uint64_t
get64(const uint8_t *p)
{
	return get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* The n (<= 8) bytes at p as a printable string, in a static buffer. */
static const char *
sig_str(const uint8_t *p, size_t n)
{
	static char s[9];
	size_t i;

	for (i = 0; i < n && i < 8; i++)
		s[i] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '?';
	s[i] = '\0';
	return s;
}

/* The table at p, mapped and checked (signature if sig, length,
 * checksum); NULL otherwise.  *len gets its length. */
static const uint8_t *
sdt_get(uint64_t p, const char *sig, uint32_t *len)
{
	const uint8_t *t = (const uint8_t *)(uintptr_t)p;
	uint32_t n;

	if (!acpi_map(p, SDT_HDR_LEN))
		return NULL;
	n = get32(t + 4);
	if (sig != NULL && memcmp(t, sig, 4) != 0)
		return NULL;
	if (n < SDT_HDR_LEN || n > (64U << 20) || !acpi_map(p, n))
		return NULL;
	if (sum8(t, n) != 0) {
		kprintf("acpi: %s at %lx: bad checksum, ignored\n",
		    sig_str(t, 4), p);
		return NULL;
	}
	*len = n;
	return t;
}

/* A valid RSDP at p (checksums of both parts), or false. */
static bool
rsdp_ok(const uint8_t *p)
{
	if (memcmp(p, "RSD PTR ", 8) != 0 || sum8(p, 20) != 0)
		return false;
	/* ACPI 2.0+: the extended checksum covers Length bytes (36). */
	return p[15] < 2 || (get32(p + 20) >= 36 && get32(p + 20) < 4096 &&
	    sum8(p, get32(p + 20)) == 0);
}

static uint64_t
rsdp_scan(uint64_t from, uint64_t to)
{
	uint64_t p;

	for (p = from; p + 36 <= to; p += 16)
		if (rsdp_ok((const uint8_t *)(uintptr_t)p))
			return p;
	return 0;
}

/* The legacy-BIOS places (ACPI 6.5 5.2.5.1). */
/* see kernel.h */
uint64_t
kern_acpi_find_rsdp(void)
{
	uintptr_t bda = 0x40e;
	uint64_t ebda, p = 0;

	/* The BIOS data area's word at 0x40e is the EBDA's segment.  GCC
	 * takes a constant address in the first page for NULL plus an
	 * offset and warns, so it is hidden from it. */
	__asm__("" : "+r"(bda));
	ebda = (uint64_t)get16((const uint8_t *)bda) << 4;

	if (ebda >= 0x80000 && ebda < 0xa0000)
		p = rsdp_scan(ebda, ebda + 1024);
	return p != 0 ? p : rsdp_scan(0xe0000, 0x100000);
}

/* A register from a FADT generic address structure (ACPI 5.2.3.2) at g,
 * with width bytes unless the structure says otherwise. */
static struct reg
gas_reg(const uint8_t *g, uint8_t width)
{
	struct reg r = { 0, 0, false };
	uint8_t bits = g[1];

	if ((g[0] != 0 && g[0] != 1) || get64(g + 4) == 0 || g[2] != 0)
		return r;
	r.addr = get64(g + 4);
	r.mem = g[0] == 0;
	r.width = bits == 8 || bits == 16 || bits == 32 ? bits / 8 : width;
	if (r.mem && !acpi_map(r.addr, r.width))
		r.addr = 0;
	return r;
}

/* A register from the legacy 32-bit port field, or the X_ GAS when the
 * table is long enough and that is set (it then takes precedence). */
static struct reg
fadt_reg(const uint8_t *f, uint32_t len, int off, int xoff, uint8_t width)
{
	struct reg r = { 0, width, false };

	if (xoff != 0 && len >= (uint32_t)xoff + 12) {
		r = gas_reg(f + xoff, width);
		if (r.addr != 0)
			return r;
		r.width = width;
	}
	r.addr = get32(f + off);
	return r;
}

/* A register offset bytes further on, same kind (PM1_EN after PM1_STS). */
static struct reg
reg_at(struct reg r, uint64_t offset)
{
	if (r.addr != 0)
		r.addr += offset;
	return r;
}

static uint32_t
reg_read(struct reg r)
{
	volatile void *m = (volatile void *)(uintptr_t)r.addr;

	if (r.addr == 0)
		return 0;
	if (r.mem)
		return r.width == 1 ? mmio_read8(m) : r.width == 2 ?
		    mmio_read16(m) : mmio_read32(m);
	return r.width == 1 ? inb((uint16_t)r.addr) : r.width == 2 ?
	    inw((uint16_t)r.addr) : inl((uint16_t)r.addr);
}

static void
reg_write(struct reg r, uint32_t v)
{
	volatile void *m = (volatile void *)(uintptr_t)r.addr;

	if (r.addr == 0)
		return;
	if (r.mem) {
		if (r.width == 1)
			mmio_write8(m, (uint8_t)v);
		else if (r.width == 2)
			mmio_write16(m, (uint16_t)v);
		else
			mmio_write32(m, v);
	} else if (r.width == 1) {
		outb((uint16_t)r.addr, (uint8_t)v);
	} else if (r.width == 2) {
		outw((uint16_t)r.addr, (uint16_t)v);
	} else {
		outl((uint16_t)r.addr, v);
	}
}

/* One AML integer constant at p (ACPI 6.5 20.2.3): Zero, One, or a
 * byte/word/dword prefix; its encoded size in *n, false if none. */
static bool
aml_const(const uint8_t *p, const uint8_t *end, uint32_t *v, size_t *n)
{
	size_t k;

	switch (p < end ? p[0] : 0xff) {
	case 0x00:		/* ZeroOp */
	case 0x01:		/* OneOp */
		*v = p[0];
		*n = 1;
		return true;
	case 0x0a:		/* BytePrefix */
		k = 1;
		break;
	case 0x0b:		/* WordPrefix */
		k = 2;
		break;
	case 0x0c:		/* DWordPrefix */
		k = 4;
		break;
	default:
		return false;
	}
	if (end - p < (ptrdiff_t)(k + 1))
		return false;
	*v = k == 1 ? p[1] : k == 2 ? get16(p + 1) : get32(p + 1);
	*n = k + 1;
	return true;
}

/*
 * Find Name(_S5_, Package(){SLP_TYPa, SLP_TYPb, ...}) in the AML of the
 * table t (len bytes): NameOp (0x08), an optional root prefix '\', the
 * name, PackageOp (0x12), PkgLength (1-4 bytes, the top two bits of the
 * first byte count the extra ones), NumElements, then the elements.
 * Both values must fit the 3-bit SLP_TYP field.
 */
static bool
aml_find_s5(const uint8_t *t, uint32_t len, uint8_t *a, uint8_t *b)
{
	const uint8_t *end = t + len, *p, *q;
	uint32_t va, vb;
	size_t n;

	for (p = t + SDT_HDR_LEN + 1; p + 4 <= end; p++) {
		if (memcmp(p, "_S5_", 4) != 0)
			continue;
		if (!(p[-1] == 0x08 || (p[-1] == '\\' && p - 2 >= t &&
		    p[-2] == 0x08)))
			continue;
		q = p + 4;
		if (q + 2 >= end || q[0] != 0x12)
			continue;
		q += 2 + (q[1] >> 6);		/* PackageOp, PkgLength */
		if (q >= end || q[0] < 2)	/* NumElements */
			continue;
		q++;
		if (!aml_const(q, end, &va, &n))
			continue;
		q += n;
		if (!aml_const(q, end, &vb, &n) || va > 7 || vb > 7)
			continue;
		*a = (uint8_t)va;
		*b = (uint8_t)vb;
		return true;
	}
	return false;
}

/*
 * The event selector of a Generic Event Device (ACPI0013) as QEMU builds
 * it (docs/specs/acpi_hw_reduced_hotplug.rst): the device's
 * OperationRegion (ExtOpPrefix 0x5B, OpRegionOp 0x80, a NameString,
 * space 0 = SystemMemory, a DWord offset, a length of at least 4) within
 * the bytes after its _HID string.  Its bits are QEMU's: bit 1 is the
 * power-down event (Notify(PWRB, 0x80) in _EVT), and a read clears it.
 * Nothing here runs _EVT; this is for microvm, the one hardware-reduced
 * board the tests boot.
 */
#define GED_PWR_DOWN	(1U << 1)
#define GED_SCAN_BYTES	256

static bool
aml_find_ged(const uint8_t *t, uint32_t len, uint64_t *addr)
{
	const uint8_t *end = t + len, *p, *q, *lim;
	uint32_t off, rlen;
	size_t n;

	for (p = t + SDT_HDR_LEN; p + 10 <= end; p++) {
		if (p[0] != 0x0d || memcmp(p + 1, "ACPI0013", 9) != 0)
			continue;
		lim = end - p > GED_SCAN_BYTES ? p + GED_SCAN_BYTES : end;
		for (q = p + 10; q + 12 <= lim; q++) {
			if (q[0] != 0x5b || q[1] != 0x80 || q[6] != 0x00)
				continue;
			/* q[2..5]: a four-character NameSeg. */
			if (!aml_const(q + 7, lim, &off, &n) || n != 5 ||
			    !aml_const(q + 7 + n, lim, &rlen, &n) || rlen < 4 ||
			    off == 0 || (off & 3) != 0)
				continue;
			*addr = off;
			return true;
		}
	}
	return false;
}

static void
madt_read(const uint8_t *t, uint32_t len)
{
	const uint8_t *e, *end = t + len;
	struct kern_acpi_iso *iso;
	struct kern_acpi_ioapic *io;

	madt.lapic_addr = get32(t + 36);
	for (e = t + 44; e + 2 <= end && e[1] >= 2 && e + e[1] <= end;
	    e += e[1]) {
		switch (e[0]) {
		case 0:		/* Processor Local APIC, enabled or online-capable */
			if (e[1] >= 8 && (get32(e + 4) & 3) != 0)
				madt.ncpus++;
			break;
		case 9:		/* Processor Local x2APIC */
			if (e[1] >= 16 && (get32(e + 8) & 3) != 0)
				madt.ncpus++;
			break;
		case 1:		/* I/O APIC */
			if (e[1] < 12 || madt.nioapic == KERN_ACPI_MAX_IOAPIC)
				break;
			io = &madt.ioapic[madt.nioapic++];
			io->id = e[2];
			io->addr = get32(e + 4);
			io->gsi_base = get32(e + 8);
			kprintf("acpi: MADT I/O APIC id %u at %x, GSI %u+\n",
			    io->id, io->addr, io->gsi_base);
			break;
		case 2:		/* Interrupt Source Override */
			if (e[1] < 10 || madt.niso == KERN_ACPI_MAX_ISO)
				break;
			iso = &madt.iso[madt.niso++];
			iso->irq = e[3];
			iso->gsi = get32(e + 4);
			iso->flags = get16(e + 8);
			kprintf("acpi: MADT override IRQ %u -> GSI %u, %s, %s\n",
			    iso->irq, iso->gsi, (iso->flags & 3) == 3 ?
			    "active low" : (iso->flags & 3) == 1 ?
			    "active high" : "bus polarity",
			    ((iso->flags >> 2) & 3) == 3 ? "level" :
			    ((iso->flags >> 2) & 3) == 1 ? "edge" :
			    "bus trigger");
			break;
		case 5:		/* Local APIC Address Override */
			if (e[1] >= 12)
				madt.lapic_addr = get64(e + 4);
			break;
		}
	}
	madt_found = true;
	kprintf("acpi: MADT local APIC at %lx, %u CPUs, %u I/O APICs, "
	    "%u overrides\n", madt.lapic_addr, madt.ncpus, madt.nioapic,
	    madt.niso);
}

/* The \_S5 values from the DSDT, else an SSDT, else QEMU's. */
static void
s5_find(const uint8_t *f, uint32_t flen, const uint64_t *sdt, size_t nsdt)
{
	uint64_t dsdt = get32(f + FADT_DSDT);
	const uint8_t *t;
	uint32_t len;
	size_t i;

	if (flen >= FADT_X_DSDT + 8 && get64(f + FADT_X_DSDT) != 0)
		dsdt = get64(f + FADT_X_DSDT);
	t = dsdt != 0 ? sdt_get(dsdt, "DSDT", &len) : NULL;
	if (t != NULL && acpi.hw_reduced &&
	    aml_find_ged(t, len, &acpi.ged_sel.addr)) {
		acpi.ged_sel.width = 4;
		acpi.ged_sel.mem = true;
		if (!acpi_map(acpi.ged_sel.addr, 4))
			acpi.ged_sel.addr = 0;
		kprintf("acpi: DSDT Generic Event Device, selector at %lx\n",
		    acpi.ged_sel.addr);
	}
	if (t != NULL && aml_find_s5(t, len, &acpi.slp_typa, &acpi.slp_typb)) {
		kprintf("acpi: DSDT \\_S5 SLP_TYPa %u SLP_TYPb %u\n",
		    acpi.slp_typa, acpi.slp_typb);
		return;
	}
	for (i = 0; i < nsdt; i++) {
		t = sdt_get(sdt[i], "SSDT", &len);
		if (t != NULL && aml_find_s5(t, len, &acpi.slp_typa,
		    &acpi.slp_typb)) {
			kprintf("acpi: SSDT \\_S5 SLP_TYPa %u SLP_TYPb %u\n",
			    acpi.slp_typa, acpi.slp_typb);
			return;
		}
	}
	acpi.slp_typa = acpi.slp_typb = acpi.hw_reduced ? QEMU_S5_GED :
	    QEMU_S5_PM1;
	kprintf("acpi: no \\_S5 package found; SLP_TYP %u as QEMU uses\n",
	    acpi.slp_typa);
}

static void
fadt_read(const uint8_t *f, uint32_t len, const uint64_t *sdt, size_t nsdt)
{
	uint8_t evt_len, cnt_len;

	if (len < 116) {
		kprintf("acpi: FADT of %u bytes is too short, ignored\n", len);
		return;
	}
	acpi.flags = get32(f + FADT_FLAGS);
	acpi.hw_reduced = (acpi.flags & FADT_F_HW_REDUCED) != 0;
	acpi.sci_int = get16(f + FADT_SCI_INT);
	acpi.smi_cmd = get32(f + FADT_SMI_CMD);
	acpi.acpi_enable = f[FADT_ACPI_ENABLE];
	acpi.century = f[FADT_CENTURY];
	evt_len = f[FADT_PM1_EVT_LEN];
	cnt_len = f[FADT_PM1_CNT_LEN];
	if (!acpi.hw_reduced && evt_len >= 4 && cnt_len >= 2) {
		/* PM1_STS is the first half of the event block, PM1_EN the
		 * second; both are 16-bit in practice (4.8.3.1). */
		acpi.pm1a_sts = fadt_reg(f, len, FADT_PM1A_EVT,
		    FADT_X_PM1A_EVT, 2);
		acpi.pm1b_sts = fadt_reg(f, len, FADT_PM1B_EVT,
		    FADT_X_PM1B_EVT, 2);
		acpi.pm1a_sts.width = acpi.pm1b_sts.width = 2;
		acpi.pm1a_en = reg_at(acpi.pm1a_sts, evt_len / 2);
		acpi.pm1b_en = reg_at(acpi.pm1b_sts, evt_len / 2);
		acpi.pm1a_cnt = fadt_reg(f, len, FADT_PM1A_CNT,
		    FADT_X_PM1A_CNT, 2);
		acpi.pm1b_cnt = fadt_reg(f, len, FADT_PM1B_CNT,
		    FADT_X_PM1B_CNT, 2);
		acpi.pm1a_cnt.width = acpi.pm1b_cnt.width = 2;
	}
	if (len >= FADT_SLEEP_CTL + 12)
		acpi.sleep_ctl = gas_reg(f + FADT_SLEEP_CTL, 1);
	acpi.found = true;
	kprintf("acpi: FADT rev %u%s, SCI_INT %u, SMI_CMD %x ACPI_ENABLE %x, "
	    "PM1a_EVT %lx PM1b_EVT %lx PM1a_CNT %lx PM1b_CNT %lx, "
	    "sleep control %lx, century %x\n", f[8],
	    acpi.hw_reduced ? " hardware-reduced" : "", acpi.sci_int,
	    acpi.smi_cmd, acpi.acpi_enable, acpi.pm1a_sts.addr,
	    acpi.pm1b_sts.addr, acpi.pm1a_cnt.addr, acpi.pm1b_cnt.addr,
	    acpi.sleep_ctl.addr, acpi.century);
	s5_find(f, len, sdt, nsdt);
}

/* see kernel.h */
void
kern_acpi_init(uint64_t rsdp)
{
	const uint8_t *r, *root, *t;
	uint64_t sdt[64], fadt = 0;
	uint32_t len, tlen;
	size_t i, n, esz;
	const char *from = kern_bootinfo.rsdp_from != NULL ?
	    kern_bootinfo.rsdp_from : "the loader";

	if (rsdp == 0 || !acpi_map(rsdp, 36) ||
	    !rsdp_ok((const uint8_t *)(uintptr_t)rsdp)) {
		kprintf("acpi: no valid RSDP (%s at %lx): no ACPI\n", from,
		    rsdp);
		return;
	}
	r = (const uint8_t *)(uintptr_t)rsdp;
	kprintf("acpi: RSDP at %lx (%s), revision %u, OEM \"%s\"\n", rsdp,
	    from, r[15], sig_str(r + 9, 6));
	root = NULL;
	if (r[15] >= 2 && get64(r + 24) != 0 &&
	    (root = sdt_get(get64(r + 24), "XSDT", &len)) != NULL) {
		esz = 8;
	} else if ((root = sdt_get(get32(r + 16), "RSDT", &len)) != NULL) {
		esz = 4;
	} else {
		kprintf("acpi: no valid XSDT or RSDT: no ACPI\n");
		return;
	}
	n = (len - SDT_HDR_LEN) / esz;
	if (n > sizeof(sdt) / sizeof(sdt[0]))
		n = sizeof(sdt) / sizeof(sdt[0]);
	kprintf("acpi: %s with %zu tables:", esz == 8 ? "XSDT" : "RSDT", n);
	for (i = 0; i < n; i++) {
		sdt[i] = esz == 8 ? get64(root + SDT_HDR_LEN + i * 8) :
		    get32(root + SDT_HDR_LEN + i * 4);
		t = sdt_get(sdt[i], NULL, &tlen);
		if (t == NULL) {
			kprintf(" (bad)");
			sdt[i] = 0;
			continue;
		}
		kprintf(" %s", sig_str(t, 4));
	}
	kprintf("\n");
	for (i = 0; i < n; i++) {
		if (sdt[i] == 0)
			continue;
		if (!madt_found && (t = sdt_get(sdt[i], "APIC", &tlen)) != NULL)
			madt_read(t, tlen);
		else if (fadt == 0 &&
		    (t = sdt_get(sdt[i], "FACP", &tlen)) != NULL)
			fadt = sdt[i];
	}
	if (!madt_found)
		kprintf("acpi: no MADT\n");
	if (fadt == 0) {
		kprintf("acpi: no FADT: no ACPI power-off or power button\n");
		return;
	}
	t = sdt_get(fadt, "FACP", &tlen);
	fadt_read(t, tlen, sdt, n);
}

/* see kernel.h */
void
kern_acpi_start(void)
{
	uint64_t t0;

	if (acpi.found && acpi.hw_reduced && acpi.ged_sel.addr != 0) {
		(void)reg_read(acpi.ged_sel);	/* clears a stale event */
		acpi.button = true;
		kprintf("acpi: power button: GED power-down event (selector "
		    "polled every %llu ms)\n", POLL_NS / 1000000);
		return;
	}
	if (!acpi.found || acpi.hw_reduced || acpi.pm1a_sts.addr == 0) {
		if (acpi.found)
			kprintf("acpi: no power button (%s)\n",
			    acpi.hw_reduced ? "hardware-reduced, no GED found" :
			    "no PM1 event block");
		return;
	}
	if (!(reg_read(acpi.pm1a_cnt) & PM1_SCI_EN) && acpi.smi_cmd != 0 &&
	    acpi.acpi_enable != 0) {
		outb((uint16_t)acpi.smi_cmd, acpi.acpi_enable);
		t0 = kern_clock_ns();
		while (!(reg_read(acpi.pm1a_cnt) & PM1_SCI_EN) &&
		    kern_clock_ns() - t0 < ENABLE_WAIT_NS)
			__asm__ volatile("pause");
		kprintf("acpi: ACPI mode %s (SMI_CMD %x <- %x)\n",
		    reg_read(acpi.pm1a_cnt) & PM1_SCI_EN ? "enabled" :
		    "NOT enabled after 1 s", acpi.smi_cmd, acpi.acpi_enable);
	}
	/* Clear a stale press (write 1 to clear), then enable the event. */
	reg_write(acpi.pm1a_sts, PM1_PWRBTN);
	reg_write(acpi.pm1b_sts, PM1_PWRBTN);
	reg_write(acpi.pm1a_en, reg_read(acpi.pm1a_en) | PM1_PWRBTN);
	if (acpi.pm1b_en.addr != 0)
		reg_write(acpi.pm1b_en, reg_read(acpi.pm1b_en) | PM1_PWRBTN);
	acpi.button = (reg_read(acpi.pm1a_en) & PM1_PWRBTN) != 0;
	kprintf("acpi: power button %s (PM1_STS polled every %llu ms)%s\n",
	    acpi.button ? "enabled" : "did not enable",
	    POLL_NS / 1000000, acpi.flags & FADT_F_PWR_BUTTON ?
	    "; the FADT says it is a control-method device" : "");
}

/* see kernel.h */
const struct kern_acpi_madt *
kern_acpi_madt(void)
{
	return madt_found ? &madt : NULL;
}

/* see kernel.h */
uint32_t
kern_acpi_isa_gsi(uint8_t irq, uint16_t *flags)
{
	uint32_t i;

	*flags = 0;
	for (i = 0; i < madt.niso; i++) {
		if (madt.iso[i].irq == irq) {
			*flags = madt.iso[i].flags;
			return madt.iso[i].gsi;
		}
	}
	return irq;		/* identity-mapped unless overridden */
}

/* see kernel.h */
uint8_t
kern_acpi_rtc_century(void)
{
	return acpi.century;
}

/* see kernel.h */
int
kern_acpi_poweroff(void)
{
	uint32_t v;

	if (!acpi.found)
		return RC_NODEV;
	if (acpi.hw_reduced || acpi.pm1a_cnt.addr == 0) {
		if (acpi.sleep_ctl.addr == 0)
			return RC_NODEV;
		reg_write(acpi.sleep_ctl, (uint32_t)acpi.slp_typa <<
		    SLEEP_CTL_TYP_SHIFT | SLEEP_CTL_EN);
		return RC_OK;
	}
	/* SLP_TYP first, then SLP_EN with it, keeping the other bits (SCI_EN)
	 * as they are; PM1b, where there is one, takes its own type. */
	v = reg_read(acpi.pm1a_cnt) & ~(PM1_SLP_TYP_MASK | PM1_SLP_EN);
	v |= (uint32_t)acpi.slp_typa << PM1_SLP_TYP_SHIFT;
	reg_write(acpi.pm1a_cnt, v);
	if (acpi.pm1b_cnt.addr != 0) {
		uint32_t w = reg_read(acpi.pm1b_cnt) &
		    ~(PM1_SLP_TYP_MASK | PM1_SLP_EN);

		w |= (uint32_t)acpi.slp_typb << PM1_SLP_TYP_SHIFT;
		reg_write(acpi.pm1b_cnt, w);
		reg_write(acpi.pm1b_cnt, w | PM1_SLP_EN);
	}
	reg_write(acpi.pm1a_cnt, v | PM1_SLP_EN);
	return RC_OK;
}

/* see kernel.h */
bool
kern_acpi_power_button(void)
{
	uint64_t now;
	uint32_t sts;

	if (!acpi.button)
		return false;
	now = kern_clock_ns();
	if (now < acpi.next_poll)
		return false;
	acpi.next_poll = now + POLL_NS;
	if (acpi.ged_sel.addr != 0)
		return (reg_read(acpi.ged_sel) & GED_PWR_DOWN) != 0;
	sts = reg_read(acpi.pm1a_sts);
	if (acpi.pm1b_sts.addr != 0)
		sts |= reg_read(acpi.pm1b_sts);
	if (!(sts & PM1_PWRBTN))
		return false;
	reg_write(acpi.pm1a_sts, PM1_PWRBTN);
	reg_write(acpi.pm1b_sts, PM1_PWRBTN);
	return true;
}
