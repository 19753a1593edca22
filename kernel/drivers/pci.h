/*
 * pci.h: the PCI bus walk and its driver table; configuration access,
 * BARs, capabilities and MSI-X for the drivers in kernel/drivers/.
 * Private to the drivers.
 *
 * The driver table.  The bus knows no driver: each driver file adds one
 * row per kind of function it drives with PCI_DRIVER(), and the walk
 * offers every function (bridges excepted: the bus walks those itself)
 * to the table.  A row matches on a vendor, a list of up to
 * PCI_MAX_DEVICES device ids, a class, subclass and programming
 * interface; PCI_ANY in a field, or an empty device list, matches
 * anything.  When several rows match, the one that pins the most fields
 * wins, so a vendor- or class-wide row can sit next to exact ones in any
 * link order; between equally specific rows the first linked wins.  The
 * walk logs the function with the row's name, reads its memory BARs and
 * calls the row's probe; a function no row matches is logged by class,
 * "storage (no driver)".  Examples, one row each:
 *
 *	PCI_DRIVER(nvme_pci, "nvme", nvme_probe,
 *	    PCI_MATCH_CLASS(0x01, 0x08, 0x02));
 *	PCI_DRIVER(ena_pci, "ena", ena_probe,
 *	    PCI_MATCH_ID(0x1d0f, 0x0ec2, 0x1ec2, 0xec20, 0xec21));
 *	PCI_DRIVER(any_redhat, "virtio", virtio_pci_probe,
 *	    PCI_MATCH_ID(0x1af4));
 *
 * The rows form a linker set: PCI_DRIVER puts each in section
 * .pci_drivers, and kernel/kernel.ld gathers them with KEEP (nothing
 * references a row by name, so --gc-sections would drop it) between
 * __pci_drivers_start and __pci_drivers_end.
 */
#ifndef KERNEL_DRIVERS_PCI_H
#define KERNEL_DRIVERS_PCI_H

#include <stdbool.h>
#include <stdint.h>

#define PCI_NBARS 6

/* PCI capability ids. */
#define PCI_CAP_VENDOR	0x09
#define PCI_CAP_MSIX	0x11

/* One PCI function, as found by the bus walk. */
struct pci_dev {
	uint8_t bus, dev, fn;
	uint16_t vendor, device;
	uint8_t class, subclass, progif;
	uint64_t bar_addr[PCI_NBARS];	/* memory BARs only; 0 = none */
	uint64_t bar_size[PCI_NBARS];
	/* MSI-X, after pci_msix_init() */
	uint8_t msix_cap;		/* config offset of the capability */
	uint16_t msix_count;		/* table entries */
	volatile uint32_t *msix_table;
};

/* Config space accessors (mechanism #1, ports 0xCF8/0xCFC). */
uint32_t pci_read32(const struct pci_dev *d, uint8_t off);
uint16_t pci_read16(const struct pci_dev *d, uint8_t off);
uint8_t pci_read8(const struct pci_dev *d, uint8_t off);
void pci_write32(const struct pci_dev *d, uint8_t off, uint32_t v);
void pci_write16(const struct pci_dev *d, uint8_t off, uint16_t v);

/*
 * The config offset of the first capability with this id after the one
 * at offset after (0 to start at the head of the list), or 0 when there
 * is none.
 */
uint8_t pci_find_cap(const struct pci_dev *d, uint8_t id, uint8_t after);

/*
 * Map memory BAR bar (identity, uncached) and return its base, or NULL
 * when the BAR is absent, not memory, or cannot be mapped.
 */
volatile void *pci_bar_map(struct pci_dev *d, int bar);

/* Turn on memory-space decoding and bus mastering; turn off INTx. */
void pci_enable(const struct pci_dev *d);

/*
 * Find the MSI-X capability, map its table, mask every entry and enable
 * MSI-X.  Returns 0, RC_NODEV when the function has no MSI-X, or the
 * error from mapping.
 */
int pci_msix_init(struct pci_dev *d);

/*
 * Point MSI-X table entry `entry` at `vector` on the boot CPU and unmask
 * it.  Returns 0 or RC_INVAL when entry is beyond the table.
 */
int pci_msix_set(struct pci_dev *d, uint16_t entry, int vector);

/* A match field that matches any value (no function has id 0xffff). */
#define PCI_ANY			0xffff
#define PCI_MAX_DEVICES		4

/* What a row matches; build one with the PCI_MATCH* macros. */
struct pci_match {
	uint16_t vendor;			/* or PCI_ANY */
	uint16_t devices[PCI_MAX_DEVICES];	/* the first ndevices */
	uint8_t ndevices;			/* 0: any device */
	uint16_t class, subclass, progif;	/* each or PCI_ANY */
};

/* One row of the driver table. */
struct pci_driver {
	const char *name;		/* for the boot log */
	struct pci_match match;
	/*
	 * Take the function: d's memory BARs are read, nothing is enabled.
	 * Returns 0 or an error, which the walk logs; d is the walk's
	 * copy, so a driver that keeps it copies it.
	 */
	int (*probe)(struct pci_dev *d);
};

/* The number of arguments, 0 to PCI_MAX_DEVICES, in a device id list. */
#define PCI_NDEVICES(...) \
	(sizeof((uint16_t[]){ 0, ##__VA_ARGS__ }) / sizeof(uint16_t) - 1)

/*
 * Vendor v (or PCI_ANY), the device ids that follow (none: any device of
 * the vendor), class c, subclass s, programming interface p (each may be
 * PCI_ANY).  More ids than PCI_MAX_DEVICES fail to compile.
 */
#define PCI_MATCH(v, c, s, p, ...) { .vendor = (v), \
	.devices = { __VA_ARGS__ }, .ndevices = PCI_NDEVICES(__VA_ARGS__), \
	.class = (c), .subclass = (s), .progif = (p) }
/* By id alone: vendor v and the device ids that follow, any class. */
#define PCI_MATCH_ID(v, ...) \
	PCI_MATCH(v, PCI_ANY, PCI_ANY, PCI_ANY, ##__VA_ARGS__)
/* By class alone, any vendor and device. */
#define PCI_MATCH_CLASS(c, s, p)	PCI_MATCH(PCI_ANY, c, s, p)

/*
 * Define row var of the driver table: name for the log, probe, and a
 * match from the PCI_MATCH* macros.  The explicit alignment keeps the
 * compiler from over-aligning a row, which would leave padding between
 * rows and break the table's stride.
 */
#define PCI_DRIVER(var, name_, probe_, match_) \
	static const struct pci_driver var \
	    __attribute__((used, section(".pci_drivers"), aligned(8))) = \
	    { .name = (name_), .match = match_, .probe = (probe_) }

/*
 * Walk the PCI buses from bus 0 and offer each function to the driver
 * table.  Returns the number of functions found: 0 means the machine
 * has no PCI (microvm).
 */
int pci_scan(void);

#endif /* KERNEL_DRIVERS_PCI_H */
