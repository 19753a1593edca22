/*
 * virtio.h: the virtio 1.x transports (modern PCI in virtio.c, MMIO in
 * virtio_mmio.c), split virtqueues, and the table of virtio drivers
 * (virtio_net.c, virtio_blk.c).  Private to the drivers.
 *
 * The driver table.  A virtio driver knows its device type, not its
 * transport: it adds one row with VIRTIO_DRIVER(var, type, name, probe),
 *
 *	VIRTIO_DRIVER(vblk_driver, VIRTIO_ID_BLOCK, "virtio-blk", vblk_probe);
 *
 * and both transports find it the same way, by the type the device
 * reports, through virtio_driver_find().  The MMIO scan reads the type
 * from the register block.  On PCI the row also yields a row of the PCI
 * table (pci.h) for the modern id 1af4:(1040 + type), so the bus names
 * the function after the driver; that row's probe, virtio_pci_probe(),
 * takes the type from the device id.  A vendor-wide PCI row in virtio.c
 * catches the other 1af4 functions (legacy ones, types without a
 * driver) so that the log says why they are left alone.
 *
 * The rows are the linker set .virtio_drivers, which kernel/kernel.ld
 * gathers with KEEP between __virtio_drivers_start and
 * __virtio_drivers_end.
 */
#ifndef KERNEL_DRIVERS_VIRTIO_H
#define KERNEL_DRIVERS_VIRTIO_H

#include <stdbool.h>
#include <stdint.h>

#include "pci.h"

/* Feature bits every device type shares (virtio 1.2 section 6). */
#define VIRTIO_F_VERSION_1	(1ULL << 32)
/* Notification suppression by ring index (virtio 1.2 section 2.7.10). */
#define VIRTIO_F_EVENT_IDX	(1ULL << 29)

/* Descriptor flags. */
#define VIRTQ_DESC_F_NEXT	1
#define VIRTQ_DESC_F_WRITE	2	/* the device writes this buffer */

/* Avail ring flag: the driver polls this queue, send no interrupts. */
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1

struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct virtq_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];
};

struct virtq_used_elem {
	uint32_t id;
	uint32_t len;
};

struct virtq_used {
	uint16_t flags;
	uint16_t idx;
	struct virtq_used_elem ring[];
};

/* One split virtqueue; the rings live in pages from kern_page_alloc. */
struct virtq {
	uint16_t index;			/* queue number on the device */
	uint16_t size;			/* entries, a power of two */
	uint16_t last_used;		/* next used entry we will read */
	uint16_t kicked;		/* avail idx at the last kick */
	bool event_idx;			/* VIRTIO_F_EVENT_IDX negotiated */
	volatile struct virtq_desc *desc;
	volatile struct virtq_avail *avail;
	volatile struct virtq_used *used;
	volatile uint8_t *notify;	/* this queue's doorbell */
	bool notify32;			/* MMIO: the doorbell takes 32 bits */
	uint64_t irqs;			/* interrupts taken, for debugging */
};

struct virtio_dev;

/*
 * A transport: the few register accesses that differ between PCI and
 * MMIO.  Negotiation and the rings are shared code in virtio.c.
 */
struct virtio_ops {
	uint8_t (*get_status)(struct virtio_dev *v);
	void (*put_status)(struct virtio_dev *v, uint8_t s);
	uint64_t (*features)(struct virtio_dev *v);	/* offered */
	void (*set_features)(struct virtio_dev *v, uint64_t f);
	/* Select queue index; its maximum size, 0 when it does not exist. */
	uint16_t (*queue_max)(struct virtio_dev *v, uint16_t index);
	/*
	 * Give the device q's size and rings, set q->notify, route the
	 * interrupt if irq (true when one was set up) and enable the queue.
	 */
	bool (*queue_enable)(struct virtio_dev *v, struct virtq *q, bool irq);
};

/* A device: its transport and where its registers are mapped. */
struct virtio_dev {
	const struct virtio_ops *ops;
	volatile uint8_t *mmio;		/* MMIO: the register block */
	struct pci_dev pci;
	volatile uint8_t *common;
	volatile uint8_t *notify_base;
	uint32_t notify_mult;
	volatile uint8_t *isr;
	volatile uint8_t *devcfg;	/* the device-specific config */
	bool msix;			/* per-queue vectors are set up */
	uint64_t features;		/* negotiated */
};

/*
 * Attach v to a transport: find the capabilities of pci and map them, or
 * map the MMIO register block at phys and check it is a modern (version
 * 2) device.  Returns 0, RC_NODEV, or the error from mapping; the MMIO
 * form also returns RC_NOTFOUND where no virtio register block answers,
 * RC_UNSUPPORTED for a legacy one, and stores the device type in *type
 * (0: an empty slot).
 */
int virtio_pci_attach(struct virtio_dev *v, const struct pci_dev *pci);
int virtio_mmio_attach(struct virtio_dev *v, uint64_t phys, uint32_t *type);

/*
 * The 64 feature bits behind a select register and a 32-bit window, the
 * same protocol on both transports (only the offsets differ): read the
 * device's offer, or write the driver's choice.
 */
uint64_t virtio_features_get(volatile uint8_t *sel, volatile uint8_t *win);
void virtio_features_put(volatile uint8_t *sel, volatile uint8_t *win,
    uint64_t f);

/*
 * Reset the attached device and negotiate features: the driver accepts
 * want & offered, and fails with RC_UNSUPPORTED when VERSION_1 or any
 * bit of need is not offered, or the device refuses FEATURES_OK.  On
 * failure the device is marked FAILED.
 */
int virtio_init(struct virtio_dev *v, uint64_t want, uint64_t need);

/*
 * Set up queue `index` with at most max entries.  With irq, the queue gets
 * its own MSI-X vector whose handler only counts (it wakes the CPU from
 * hlt); without, the device is asked not to interrupt for it.  Returns 0,
 * RC_NODEV when the queue does not exist, RC_NOMEM.
 */
int virtq_setup(struct virtio_dev *v, struct virtq *q, uint16_t index,
    uint16_t max, bool irq);

/* Set DRIVER_OK: the device is live. */
void virtio_ready(struct virtio_dev *v);

/* Mark the device FAILED (after a setup error). */
void virtio_fail(struct virtio_dev *v);

/* Make descriptor chain `head` available; call virtq_kick() afterwards. */
void virtq_push(struct virtq *q, uint16_t head);

/*
 * Tell the device of the buffers made available since the last kick, if
 * any, unless it asked not to be told (the used ring's flags, or with
 * EVENT_IDX its avail_event index).  Pushing several buffers and kicking
 * once is the point: a notification is a VM exit.
 */
void virtq_kick(struct virtq *q);

/*
 * Ask for an interrupt when the device next returns a buffer: with
 * EVENT_IDX, used_event is set to the next entry we will read (without
 * it the device interrupts on every buffer anyway); a queue set up
 * without an interrupt is kept quiet instead.  Call before a final
 * virtq_has_used() check and a halt.
 */
void virtq_arm(struct virtq *q);

/* True when the device has returned a buffer we have not taken yet. */
bool virtq_has_used(const struct virtq *q);

/*
 * Take the next used entry: returns the head descriptor id and stores the
 * number of bytes the device wrote in *len; -1 when there is none.
 */
int virtq_pop(struct virtq *q, uint32_t *len);

/* virtio device types (virtio 1.2 section 5) and their PCI ids. */
#define VIRTIO_ID_NET		1
#define VIRTIO_ID_BLOCK		2
#define VIRTIO_PCI_VENDOR	0x1af4
#define VIRTIO_PCI_MODERN	0x1040	/* device id = this + type */

/* One row of the virtio driver table. */
struct virtio_driver {
	const char *name;	/* for the boot log */
	uint32_t type;		/* the virtio device type it drives */
	/*
	 * Take v, a device attached to a transport and not yet reset; the
	 * driver keeps a copy.  Returns 0 or an error, which the caller
	 * logs; RC_EXISTS when the driver already has its one device.
	 */
	int (*probe)(const struct virtio_dev *v);
};

/*
 * Define row var of the virtio table, and the PCI row that matches the
 * modern PCI id of the type (its name gets a _pci suffix).  The explicit
 * alignment keeps rows at the table's stride, see PCI_DRIVER.
 */
#define VIRTIO_DRIVER(var, type_, name_, probe_) \
	static const struct virtio_driver var \
	    __attribute__((used, section(".virtio_drivers"), aligned(8))) = \
	    { .name = (name_), .type = (type_), .probe = (probe_) }; \
	PCI_DRIVER(var##_pci, name_, virtio_pci_probe, \
	    PCI_MATCH_ID(VIRTIO_PCI_VENDOR, VIRTIO_PCI_MODERN + (type_)))

/* The row for device type type, or NULL when no driver has one. */
const struct virtio_driver *virtio_driver_find(uint32_t type);

/*
 * The PCI table's probe for virtio functions: attach d to the PCI
 * transport and hand it to the driver of its type.  Returns the error
 * from attaching or probing, RC_UNSUPPORTED for a legacy (transitional
 * id) device, RC_NODEV when no driver has the type.
 */
int virtio_pci_probe(struct pci_dev *d);

/*
 * Probe the virtio-mmio slots (microvm, which has no PCI) and hand each
 * device to the driver of its type.
 */
void virtio_mmio_scan(void);

#endif /* KERNEL_DRIVERS_VIRTIO_H */
