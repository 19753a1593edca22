/*
 * pci.h: PCI configuration access, BARs, capabilities and MSI-X, for the
 * drivers in kernel/drivers/.  Private to the drivers.
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
	uint8_t class, subclass;
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

#endif /* KERNEL_DRIVERS_PCI_H */
