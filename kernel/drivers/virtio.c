/*
 * virtio.c: the virtio 1.x modern PCI transport, the transport-neutral
 * device initialisation, and split virtqueues.
 *
 * A modern device describes its register blocks with vendor-specific PCI
 * capabilities (common config, notify doorbells, ISR, device config),
 * each a window into one of its BARs.  Initialisation follows virtio 1.2
 * section 3.1: reset, ACKNOWLEDGE, DRIVER, feature negotiation with the
 * FEATURES_OK re-read, queue setup, DRIVER_OK.  Each queue that wants
 * interrupts gets its own MSI-X entry and vector; the handler only counts,
 * because its one job is to wake the CPU from hlt so the main loop polls.
 * Offsets and bit values: shared/reference/ec2-and-qemu-boot-facts.md s5.
 *
 * The MMIO transport (virtio_mmio.c) plugs into the same code through
 * struct virtio_ops.
 *
 * The virtio driver table is searched here, for both transports; the PCI
 * side is reached through rows of the PCI table (see virtio.h).
 *
 * Interface: virtio_driver_find, virtio_pci_probe, virtio_pci_attach,
 * virtio_features_get, virtio_features_put, virtio_init, virtq_setup,
 * virtio_ready, virtio_fail, virtq_push, virtq_kick, virtq_arm,
 * virtq_has_used, virtq_pop (virtio.h).
 */
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "io.h"
#include "kernel.h"
#include "virtio.h"

/* Capability cfg_type values. */
#define VIRTIO_CAP_COMMON	1
#define VIRTIO_CAP_NOTIFY	2
#define VIRTIO_CAP_ISR		3
#define VIRTIO_CAP_DEVICE	4

/* Common configuration offsets. */
#define VC_DFSELECT	0x00
#define VC_DF		0x04
#define VC_GFSELECT	0x08
#define VC_GF		0x0c
#define VC_MSIX		0x10
#define VC_NUMQ		0x12
#define VC_STATUS	0x14
#define VC_QSELECT	0x16
#define VC_QSIZE	0x18
#define VC_QMSIX	0x1a
#define VC_QENABLE	0x1c
#define VC_QNOTIFY	0x1e
#define VC_QDESC	0x20
#define VC_QDRIVER	0x28
#define VC_QDEVICE	0x30

/* Device status bits. */
#define VS_ACK		1
#define VS_DRIVER	2
#define VS_DRIVER_OK	4
#define VS_FEATURES_OK	8
#define VS_FAILED	128

#define VIRTIO_NO_VECTOR 0xffff
#define VIRTQ_USED_F_NO_NOTIFY 1

/* The virtio driver table, gathered by kernel/kernel.ld. */
extern const struct virtio_driver __virtio_drivers_start[],
    __virtio_drivers_end[];

/*
 * Every other function of the virtio vendor: the exact rows each driver
 * makes win over this one, which only says why the function is unused.
 */
PCI_DRIVER(virtio_any_pci, "virtio", virtio_pci_probe,
    PCI_MATCH_ID(VIRTIO_PCI_VENDOR));

/* see virtio.h */
const struct virtio_driver *
virtio_driver_find(uint32_t type)
{
	const struct virtio_driver *r;

	for (r = __virtio_drivers_start; r < __virtio_drivers_end; r++)
		if (r->type == type)
			return r;
	return NULL;
}

/* Map the structure a vendor capability at offset cap points at. */
static volatile uint8_t *
virtio_cap_map(struct virtio_dev *v, uint8_t cap)
{
	uint8_t bar = pci_read8(&v->pci, cap + 4);
	uint32_t off = pci_read32(&v->pci, cap + 8);
	uint32_t len = pci_read32(&v->pci, cap + 12);
	volatile uint8_t *base;

	if (bar >= PCI_NBARS || (uint64_t)off + len > v->pci.bar_size[bar])
		return NULL;
	base = pci_bar_map(&v->pci, bar);
	return base ? base + off : NULL;
}

/* Find and map the four structures; the first capability of a type wins. */
static int
virtio_find_caps(struct virtio_dev *v)
{
	uint8_t cap = 0, type;

	while ((cap = pci_find_cap(&v->pci, PCI_CAP_VENDOR, cap)) != 0) {
		type = pci_read8(&v->pci, cap + 3);
		if (type == VIRTIO_CAP_COMMON && v->common == NULL)
			v->common = virtio_cap_map(v, cap);
		else if (type == VIRTIO_CAP_NOTIFY && v->notify_base == NULL) {
			v->notify_base = virtio_cap_map(v, cap);
			v->notify_mult = pci_read32(&v->pci, cap + 16);
		} else if (type == VIRTIO_CAP_ISR && v->isr == NULL)
			v->isr = virtio_cap_map(v, cap);
		else if (type == VIRTIO_CAP_DEVICE && v->devcfg == NULL)
			v->devcfg = virtio_cap_map(v, cap);
	}
	if (v->common == NULL || v->notify_base == NULL)
		return RC_NODEV;
	return 0;
}

/*
 * The PCI transport: registers in the common configuration structure,
 * doorbells at queue_notify_off * notify_off_multiplier.
 */
static uint8_t
vpci_get_status(struct virtio_dev *v)
{
	return mmio_read8(v->common + VC_STATUS);
}

static void
vpci_put_status(struct virtio_dev *v, uint8_t s)
{
	mmio_write8(v->common + VC_STATUS, s);
}

/* see virtio.h */
uint64_t
virtio_features_get(volatile uint8_t *sel, volatile uint8_t *win)
{
	uint64_t f;

	mmio_write32(sel, 1);
	f = (uint64_t)mmio_read32(win) << 32;
	mmio_write32(sel, 0);
	return f | mmio_read32(win);
}

/* see virtio.h */
void
virtio_features_put(volatile uint8_t *sel, volatile uint8_t *win, uint64_t f)
{
	mmio_write32(sel, 0);
	mmio_write32(win, (uint32_t)f);
	mmio_write32(sel, 1);
	mmio_write32(win, (uint32_t)(f >> 32));
}

static uint64_t
vpci_features(struct virtio_dev *v)
{
	return virtio_features_get(v->common + VC_DFSELECT, v->common + VC_DF);
}

static void
vpci_set_features(struct virtio_dev *v, uint64_t f)
{
	virtio_features_put(v->common + VC_GFSELECT, v->common + VC_GF, f);
	/* No configuration-change interrupts: nothing we would do with one. */
	mmio_write16(v->common + VC_MSIX, VIRTIO_NO_VECTOR);
}

static uint16_t
vpci_queue_max(struct virtio_dev *v, uint16_t index)
{
	if (index >= mmio_read16(v->common + VC_NUMQ))
		return 0;
	mmio_write16(v->common + VC_QSELECT, index);
	return mmio_read16(v->common + VC_QSIZE);
}

/* 64-bit fields go as two 32-bit writes, low half first (spec 4.1.3.1). */
static void
virtio_write64(volatile uint8_t *a, uint64_t v)
{
	mmio_write32(a, (uint32_t)v);
	mmio_write32(a + 4, (uint32_t)(v >> 32));
}

static void
virtq_irq(void *arg)
{
	struct virtq *q = arg;

	q->irqs++;
}

/* Give queue q its own MSI-X entry (numbered like the queue) and vector. */
static bool
virtq_setup_irq(struct virtio_dev *v, struct virtq *q)
{
	int vec;

	if (!v->msix || q->index >= v->pci.msix_count)
		return false;
	vec = kern_irq_alloc(virtq_irq, q);
	if (vec < 0 || pci_msix_set(&v->pci, q->index, vec) != 0)
		return false;
	mmio_write16(v->common + VC_QMSIX, q->index);
	return mmio_read16(v->common + VC_QMSIX) == q->index;
}

static bool
vpci_queue_enable(struct virtio_dev *v, struct virtq *q, bool irq)
{
	volatile uint8_t *c = v->common;

	mmio_write16(c + VC_QSELECT, q->index);
	mmio_write16(c + VC_QSIZE, q->size);
	virtio_write64(c + VC_QDESC, (uintptr_t)q->desc);
	virtio_write64(c + VC_QDRIVER, (uintptr_t)q->avail);
	virtio_write64(c + VC_QDEVICE, (uintptr_t)q->used);
	if (!irq || !virtq_setup_irq(v, q)) {
		mmio_write16(c + VC_QMSIX, VIRTIO_NO_VECTOR);
		irq = false;
	}
	q->notify = v->notify_base +
	    (size_t)mmio_read16(c + VC_QNOTIFY) * v->notify_mult;
	q->notify32 = false;
	mmio_write16(c + VC_QENABLE, 1);
	return irq;
}

static const struct virtio_ops virtio_pci_ops = {
	.get_status = vpci_get_status,
	.put_status = vpci_put_status,
	.features = vpci_features,
	.set_features = vpci_set_features,
	.queue_max = vpci_queue_max,
	.queue_enable = vpci_queue_enable,
};

/* see virtio.h */
int
virtio_pci_attach(struct virtio_dev *v, const struct pci_dev *pci)
{
	int rc;

	*v = (struct virtio_dev){ .ops = &virtio_pci_ops, .pci = *pci };
	pci_enable(&v->pci);
	if ((rc = virtio_find_caps(v)) != 0)
		return rc;
	v->msix = pci_msix_init(&v->pci) == 0;
	return 0;
}

/* see virtio.h */
int
virtio_pci_probe(struct pci_dev *d)
{
	const struct virtio_driver *drv;
	struct virtio_dev v;
	int rc;

	/* Ids below the modern range are transitional: legacy registers. */
	if (d->device < VIRTIO_PCI_MODERN)
		return RC_UNSUPPORTED;
	drv = virtio_driver_find(d->device - VIRTIO_PCI_MODERN);
	if (drv == NULL)
		return RC_NODEV;
	if ((rc = virtio_pci_attach(&v, d)) != 0)
		return rc;
	return drv->probe(&v);
}

static void
virtio_set_status(struct virtio_dev *v, uint8_t bits)
{
	v->ops->put_status(v, v->ops->get_status(v) | bits);
}

/* see virtio.h */
void
virtio_fail(struct virtio_dev *v)
{
	if (v->ops != NULL)
		virtio_set_status(v, VS_FAILED);
}

/* see virtio.h */
int
virtio_init(struct virtio_dev *v, uint64_t want, uint64_t need)
{
	uint64_t offered;

	v->ops->put_status(v, 0);
	while (v->ops->get_status(v) != 0)
		__asm__ volatile("pause");
	virtio_set_status(v, VS_ACK);
	virtio_set_status(v, VS_DRIVER);
	offered = v->ops->features(v);
	need |= VIRTIO_F_VERSION_1;
	if ((offered & need) != need) {
		kprintf("virtio: features 0x%llx lack 0x%llx\n",
		    (unsigned long long)offered,
		    (unsigned long long)(need & ~offered));
		virtio_fail(v);
		return RC_UNSUPPORTED;
	}
	v->features = offered & (want | need);
	v->ops->set_features(v, v->features);
	virtio_set_status(v, VS_FEATURES_OK);
	if (!(v->ops->get_status(v) & VS_FEATURES_OK)) {
		virtio_fail(v);
		return RC_UNSUPPORTED;
	}
	return 0;
}

/* see virtio.h */
int
virtq_setup(struct virtio_dev *v, struct virtq *q, uint16_t index,
    uint16_t max, bool irq)
{
	uint16_t size;
	size_t avail_off, used_off, bytes;
	uint8_t *mem;

	size = v->ops->queue_max(v, index);
	if (size == 0)
		return RC_NODEV;
	while (size > max)
		size /= 2;
	avail_off = 16 * (size_t)size;
	used_off = (avail_off + 6 + 2 * (size_t)size + 3) & ~(size_t)3;
	bytes = used_off + 6 + 8 * (size_t)size;
	mem = kern_page_alloc((bytes + KERN_PAGE_SIZE - 1) / KERN_PAGE_SIZE);
	if (mem == NULL)
		return RC_NOMEM;
	q->index = index;
	q->size = size;
	q->last_used = 0;
	q->kicked = 0;
	q->event_idx = (v->features & VIRTIO_F_EVENT_IDX) != 0;
	q->desc = (volatile struct virtq_desc *)mem;
	q->avail = (volatile struct virtq_avail *)(mem + avail_off);
	q->used = (volatile struct virtq_used *)(mem + used_off);
	/* Without an interrupt, ask the device not to raise one. */
	if (!v->ops->queue_enable(v, q, irq))
		q->avail->flags = VIRTQ_AVAIL_F_NO_INTERRUPT;
	return 0;
}

/* see virtio.h */
void
virtio_ready(struct virtio_dev *v)
{
	virtio_set_status(v, VS_DRIVER_OK);
}

/* see virtio.h */
void
virtq_push(struct virtq *q, uint16_t head)
{
	uint16_t idx = q->avail->idx;

	q->avail->ring[idx & (q->size - 1)] = head;
	/* The device must see the ring entry before the new index. */
	wmb();
	q->avail->idx = idx + 1;
}

/*
 * With EVENT_IDX the rings end in one more index each (section 2.7.10):
 * used_event after the avail ring, avail_event after the used ring; the
 * sizes virtq_setup gives the rings leave room for both.
 */
static volatile uint16_t *
virtq_used_event(struct virtq *q)
{
	return &q->avail->ring[q->size];
}

static volatile uint16_t *
virtq_avail_event(struct virtq *q)
{
	return (volatile uint16_t *)&q->used->ring[q->size];
}

/* see virtio.h */
void
virtq_kick(struct virtq *q)
{
	uint16_t old = q->kicked, new = q->avail->idx, event;

	if (new == old)
		return;
	q->kicked = new;
	/* Order the index store before reading the device's flags. */
	mb();
	if (q->event_idx) {
		/* vring_need_event: did the index pass the one it named? */
		event = *virtq_avail_event(q);
		if ((uint16_t)(new - event - 1) >= (uint16_t)(new - old))
			return;
	} else if (q->used->flags & VIRTQ_USED_F_NO_NOTIFY)
		return;
	if (q->notify32)
		mmio_write32(q->notify, q->index);
	else
		mmio_write16(q->notify, q->index);
}

/* see virtio.h */
void
virtq_arm(struct virtq *q)
{
	/*
	 * A polled queue (no vector) names the entry just read, so the
	 * device would raise nothing before 65535 more: EVENT_IDX makes it
	 * ignore VIRTQ_AVAIL_F_NO_INTERRUPT.
	 */
	if (q->event_idx && (q->avail->flags & VIRTQ_AVAIL_F_NO_INTERRUPT))
		*virtq_used_event(q) = (uint16_t)(q->last_used - 1);
	else if (q->event_idx)
		*virtq_used_event(q) = q->last_used;
	/* The device must see used_event before we look at its index. */
	mb();
}

/* see virtio.h */
bool
virtq_has_used(const struct virtq *q)
{
	return q->used->idx != q->last_used;
}

/* see virtio.h */
int
virtq_pop(struct virtq *q, uint32_t *len)
{
	volatile struct virtq_used_elem *e;

	if (q->used->idx == q->last_used)
		return -1;
	/* Read the entry only after seeing the index that covers it. */
	rmb();
	e = &q->used->ring[q->last_used & (q->size - 1)];
	*len = e->len;
	q->last_used++;
	return (int)e->id;
}
