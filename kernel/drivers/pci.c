/*
 * pci.c: the PCI bus walk, BARs, capabilities and MSI-X.
 *
 * Configuration space is reached through mechanism #1 (address at port
 * 0xCF8, data at 0xCFC), which every PC-compatible machine and QEMU's q35
 * and i440fx offer.  The firmware (SeaBIOS before a PVH boot, UEFI on
 * EC2) has already assigned BARs; we only read and size them.  The walk
 * starts at bus 0 and follows PCI-to-PCI bridges, so it touches only
 * buses that exist: a full 256-bus scan costs seconds under TCG.
 *
 * The walk knows no driver.  It offers each function to the driver table
 * (the .pci_drivers linker set, see pci.h) and calls the probe of the
 * most specific row that matches.
 *
 * Interface: pci_scan, pci_read*, pci_write*, pci_find_cap, pci_bar_map,
 * pci_enable, pci_msix_init, pci_msix_set (pci.h).
 */
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "io.h"
#include "kernel.h"
#include "pci.h"

/* The driver table, gathered by kernel/kernel.ld. */
extern const struct pci_driver __pci_drivers_start[], __pci_drivers_end[];

/* Functions the walk found: none means no PCI (microvm). */
static int pci_nfound;

#define PCI_ADDR_PORT	0xcf8
#define PCI_DATA_PORT	0xcfc

/* Type 0/1 header offsets. */
#define PCI_VENDOR	0x00
#define PCI_COMMAND	0x04
#define PCI_STATUS	0x06
#define PCI_CLASS	0x08
#define PCI_HEADER	0x0e
#define PCI_BAR0	0x10
#define PCI_SECONDARY	0x19
#define PCI_CAP_PTR	0x34

#define PCI_CMD_MEM	(1 << 1)
#define PCI_CMD_MASTER	(1 << 2)
#define PCI_CMD_INTX_OFF (1 << 10)
#define PCI_STATUS_CAPS	(1 << 4)

/* MSI-X capability: message control at +2, table offset/BIR at +4. */
#define MSIX_CTRL_ENABLE (1 << 15)
#define MSIX_CTRL_MASK	(1 << 14)
#define MSIX_ENTRY_SIZE	16

static uint32_t
pci_addr(const struct pci_dev *d, uint8_t off)
{
	return 0x80000000u | (uint32_t)d->bus << 16 | (uint32_t)d->dev << 11 |
	    (uint32_t)d->fn << 8 | (off & 0xfc);
}

uint32_t
pci_read32(const struct pci_dev *d, uint8_t off)
{
	outl(PCI_ADDR_PORT, pci_addr(d, off));
	return inl(PCI_DATA_PORT);
}

uint16_t
pci_read16(const struct pci_dev *d, uint8_t off)
{
	return pci_read32(d, off) >> ((off & 2) * 8);
}

uint8_t
pci_read8(const struct pci_dev *d, uint8_t off)
{
	return pci_read32(d, off) >> ((off & 3) * 8);
}

void
pci_write32(const struct pci_dev *d, uint8_t off, uint32_t v)
{
	outl(PCI_ADDR_PORT, pci_addr(d, off));
	outl(PCI_DATA_PORT, v);
}

void
pci_write16(const struct pci_dev *d, uint8_t off, uint16_t v)
{
	outl(PCI_ADDR_PORT, pci_addr(d, off));
	outw(PCI_DATA_PORT + (off & 2), v);
}

uint8_t
pci_find_cap(const struct pci_dev *d, uint8_t id, uint8_t after)
{
	uint8_t off;
	int guard;

	if (!(pci_read16(d, PCI_STATUS) & PCI_STATUS_CAPS))
		return 0;
	off = after ? pci_read8(d, after + 1) : pci_read8(d, PCI_CAP_PTR);
	/* A malformed list could loop; 48 caps fill config space. */
	for (guard = 0; off >= 0x40 && guard < 48; guard++) {
		off &= 0xfc;
		if (pci_read8(d, off) == id)
			return off;
		off = pci_read8(d, off + 1);
	}
	return 0;
}

/*
 * Read and size the memory BARs.  Decoding is off while all-ones is in a
 * BAR, or the device would answer at a bogus address meanwhile.
 */
static void
pci_read_bars(struct pci_dev *d)
{
	uint16_t cmd = pci_read16(d, PCI_COMMAND);
	int i;

	pci_write16(d, PCI_COMMAND, cmd & ~(PCI_CMD_MEM | 1));
	for (i = 0; i < PCI_NBARS; i++) {
		uint8_t off = PCI_BAR0 + 4 * i;
		uint32_t lo = pci_read32(d, off), hi = 0, slo, shi = 0xffffffff;
		bool is64 = (lo & 7) == 4;

		if (lo & 1)
			continue;	/* I/O: no driver of ours uses one */
		pci_write32(d, off, 0xffffffff);
		slo = pci_read32(d, off);
		pci_write32(d, off, lo);
		if (is64 && i + 1 < PCI_NBARS) {
			hi = pci_read32(d, off + 4);
			pci_write32(d, off + 4, 0xffffffff);
			shi = pci_read32(d, off + 4);
			pci_write32(d, off + 4, hi);
		}
		if ((slo & ~0xfu) != 0) {
			uint64_t mask = (uint64_t)shi << 32 | (slo & ~0xfu);

			d->bar_size[i] = ~mask + 1;
			if (!is64)
				d->bar_size[i] &= 0xffffffff;
			d->bar_addr[i] = (uint64_t)hi << 32 | (lo & ~0xfu);
		}
		if (is64)
			i++;
	}
	pci_write16(d, PCI_COMMAND, cmd);
}

volatile void *
pci_bar_map(struct pci_dev *d, int bar)
{
	if (bar < 0 || bar >= PCI_NBARS || d->bar_addr[bar] == 0)
		return NULL;
	if (kern_map_mmio(d->bar_addr[bar], d->bar_size[bar]) != 0)
		return NULL;
	return (volatile void *)(uintptr_t)d->bar_addr[bar];
}

void
pci_enable(const struct pci_dev *d)
{
	uint16_t cmd = pci_read16(d, PCI_COMMAND);

	pci_write16(d, PCI_COMMAND,
	    cmd | PCI_CMD_MEM | PCI_CMD_MASTER | PCI_CMD_INTX_OFF);
}

int
pci_msix_init(struct pci_dev *d)
{
	uint8_t cap = pci_find_cap(d, PCI_CAP_MSIX, 0);
	uint32_t tab;
	uint16_t ctrl, i;
	volatile uint8_t *base;

	if (cap == 0)
		return RC_NODEV;
	ctrl = pci_read16(d, cap + 2);
	tab = pci_read32(d, cap + 4);
	base = pci_bar_map(d, tab & 7);
	if (base == NULL)
		return RC_NODEV;
	d->msix_cap = cap;
	d->msix_count = (ctrl & 0x7ff) + 1;
	d->msix_table = (volatile uint32_t *)(base + (tab & ~7u));
	for (i = 0; i < d->msix_count; i++)
		mmio_write32(&d->msix_table[i * 4 + 3], 1);
	/* Enable with the function masked, then unmask: no stray INTx. */
	pci_write16(d, cap + 2, ctrl | MSIX_CTRL_ENABLE | MSIX_CTRL_MASK);
	pci_write16(d, cap + 2, (ctrl | MSIX_CTRL_ENABLE) & ~MSIX_CTRL_MASK);
	return 0;
}

int
pci_msix_set(struct pci_dev *d, uint16_t entry, int vector)
{
	volatile uint32_t *e;

	if (entry >= d->msix_count || vector < 0 || vector > 255)
		return RC_INVAL;
	e = &d->msix_table[entry * 4];
	mmio_write32(&e[0], 0xfee00000u | (kern_lapic_id() & 0xff) << 12);
	mmio_write32(&e[1], 0);
	mmio_write32(&e[2], (uint32_t)vector);
	mmio_write32(&e[3], 0);		/* unmask */
	return 0;
}

/* One match field: PCI_ANY takes any value; any other pins one. */
static bool
pci_field(uint16_t want, uint16_t have, int *pinned)
{
	if (want == PCI_ANY)
		return true;
	(*pinned)++;
	return want == have;
}

/*
 * How many fields row m pins, when it matches d; -1 when it does not.
 * The walk prefers the row that pins most, so a vendor-wide or class-wide
 * row yields to an exact one wherever the linker put them.
 */
static int
pci_match_score(const struct pci_match *m, const struct pci_dev *d)
{
	int pinned = 0, i;

	if (!pci_field(m->vendor, d->vendor, &pinned) ||
	    !pci_field(m->class, d->class, &pinned) ||
	    !pci_field(m->subclass, d->subclass, &pinned) ||
	    !pci_field(m->progif, d->progif, &pinned))
		return -1;
	if (m->ndevices == 0)
		return pinned;
	for (i = 0; i < m->ndevices; i++)
		if (m->devices[i] == d->device)
			return pinned + 1;
	return -1;
}

/* The most specific row that matches d, or NULL. */
static const struct pci_driver *
pci_driver_find(const struct pci_dev *d)
{
	const struct pci_driver *r, *best = NULL;
	int score, best_score = -1;

	for (r = __pci_drivers_start; r < __pci_drivers_end; r++) {
		score = pci_match_score(&r->match, d);
		if (score > best_score) {
			best = r;
			best_score = score;
		}
	}
	return best;
}

/*
 * What a function no row matches is, by base class (PCI Code and ID
 * Assignment, section 1), for the boot log.
 */
static const char *
pci_class_name(uint8_t class)
{
	static const char *const names[] = {
		"unclassified", "storage", "network", "display", "multimedia",
		"memory", "bridge", "communication", "system peripheral",
		"input", "docking station", "processor", "serial bus",
		"wireless", "intelligent i/o", "satellite", "crypto",
		"signal processing", "accelerator", "instrumentation",
	};

	if (class < sizeof(names) / sizeof(names[0]))
		return names[class];
	return "other";
}

static void pci_scan_bus(uint8_t bus, int depth);

/* Log d; let the row that matches it, if any, take it. */
static void
pci_attach(struct pci_dev *d)
{
	const struct pci_driver *drv = pci_driver_find(d);
	int rc;

	if (drv == NULL) {
		kprintf("pci %02x:%02x.%x %04x:%04x %s (no driver)\n", d->bus,
		    d->dev, d->fn, d->vendor, d->device,
		    pci_class_name(d->class));
		return;
	}
	kprintf("pci %02x:%02x.%x %04x:%04x %s\n", d->bus, d->dev, d->fn,
	    d->vendor, d->device, drv->name);
	pci_read_bars(d);
	if ((rc = drv->probe(d)) != 0)
		kprintf("pci %02x:%02x.%x: %s: %s\n", d->bus, d->dev, d->fn,
		    drv->name, err_str(rc));
}

static void
pci_found(struct pci_dev *d, int depth)
{
	uint32_t cls = pci_read32(d, PCI_CLASS);
	uint8_t sec;

	pci_nfound++;
	d->class = cls >> 24;
	d->subclass = cls >> 16;
	d->progif = cls >> 8;
	/*
	 * A PCI-to-PCI bridge is the bus's own: walk the bus behind it.  Its
	 * type 1 header has bus numbers where BARs 2-5 would be, so it is
	 * never offered to a driver, whose probe would size them.
	 */
	if (d->class == 0x06 && d->subclass == 0x04) {
		kprintf("pci %02x:%02x.%x %04x:%04x pci bridge\n", d->bus,
		    d->dev, d->fn, d->vendor, d->device);
		sec = pci_read8(d, PCI_SECONDARY);
		if (sec != 0 && sec != d->bus && depth < 8)
			pci_scan_bus(sec, depth + 1);
		return;
	}
	pci_attach(d);
}

static void
pci_scan_bus(uint8_t bus, int depth)
{
	struct pci_dev d = { .bus = bus };
	uint8_t nfn;

	for (d.dev = 0; d.dev < 32; d.dev++) {
		d.fn = 0;
		if (pci_read16(&d, PCI_VENDOR) == 0xffff)
			continue;
		nfn = (pci_read8(&d, PCI_HEADER) & 0x80) ? 8 : 1;
		for (d.fn = 0; d.fn < nfn; d.fn++) {
			struct pci_dev f = { .bus = bus, .dev = d.dev,
			    .fn = d.fn };
			uint32_t id = pci_read32(&f, PCI_VENDOR);

			if ((id & 0xffff) == 0xffff)
				continue;
			f.vendor = id & 0xffff;
			f.device = id >> 16;
			pci_found(&f, depth);
		}
	}
}

/* see pci.h */
int
pci_scan(void)
{
	pci_nfound = 0;
	pci_scan_bus(0, 0);
	return pci_nfound;
}
