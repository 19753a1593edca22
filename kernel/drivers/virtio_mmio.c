/*
 * virtio_mmio.c: the virtio 1.x MMIO transport (virtio 1.2 section 4.2),
 * for QEMU's microvm board, which has no PCI.
 *
 * Each device is a 512-byte register block; microvm places its slots
 * from 0xFEB00000: 8 of them, or 24 with its second IOAPIC (the default
 * in QEMU 7.2), which fills the highest slots first.  QEMU 7.2 does not
 * pass their addresses on the PVH command line, so we probe the slots for
 * the magic value up to the first that lacks it; an unused slot answers
 * with device type 0.  Only the modern layout
 * (version 2) is driven: QEMU must run with
 * -global virtio-mmio.force-legacy=false.  The control registers take
 * 32-bit accesses only (4.2.2.2); the device config from 0x100 takes any.
 *
 * No interrupts: microvm routes them through the IOAPIC, which we do not
 * program, so every queue asks the device not to interrupt and the main
 * loop polls (plat_wait sleeps briefly while the NIC is polled, see
 * kern_net_polled).
 *
 * The scan knows no driver: it hands each device to the row of the
 * virtio driver table for the type the device reports (virtio.h).
 *
 * Interface: virtio_mmio_attach, virtio_mmio_scan (virtio.h).
 */
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "io.h"
#include "kernel.h"
#include "virtio.h"

#define VMMIO_BASE	0xfeb00000ULL
#define VMMIO_SIZE	512
#define VMMIO_SLOTS	24

#define VMMIO_MAGIC_VALUE	0x74726976	/* "virt", little-endian */

/* Register offsets. */
#define VM_MAGIC	0x000
#define VM_VERSION	0x004
#define VM_DEVICE_ID	0x008
#define VM_DF		0x010
#define VM_DFSEL	0x014
#define VM_GF		0x020
#define VM_GFSEL	0x024
#define VM_QSEL		0x030
#define VM_QNUM_MAX	0x034
#define VM_QNUM		0x038
#define VM_QREADY	0x044
#define VM_QNOTIFY	0x050
#define VM_STATUS	0x070
#define VM_QDESC	0x080
#define VM_QDRIVER	0x090
#define VM_QDEVICE	0x0a0
#define VM_CONFIG	0x100

static uint8_t
vmmio_get_status(struct virtio_dev *v)
{
	return (uint8_t)mmio_read32(v->mmio + VM_STATUS);
}

static void
vmmio_put_status(struct virtio_dev *v, uint8_t s)
{
	mmio_write32(v->mmio + VM_STATUS, s);
}

static uint64_t
vmmio_features(struct virtio_dev *v)
{
	return virtio_features_get(v->mmio + VM_DFSEL, v->mmio + VM_DF);
}

static void
vmmio_set_features(struct virtio_dev *v, uint64_t f)
{
	virtio_features_put(v->mmio + VM_GFSEL, v->mmio + VM_GF, f);
}

static uint16_t
vmmio_queue_max(struct virtio_dev *v, uint16_t index)
{
	uint32_t max;

	mmio_write32(v->mmio + VM_QSEL, index);
	/* A queue already live is not ours to set up (4.2.3.2). */
	if (mmio_read32(v->mmio + VM_QREADY) != 0)
		return 0;
	max = mmio_read32(v->mmio + VM_QNUM_MAX);
	return max > 0x8000 ? 0x8000 : (uint16_t)max;
}

/* The 64-bit addresses are Low/High register pairs. */
static void
vmmio_write64(volatile uint8_t *a, uint64_t v)
{
	mmio_write32(a, (uint32_t)v);
	mmio_write32(a + 4, (uint32_t)(v >> 32));
}

static bool
vmmio_queue_enable(struct virtio_dev *v, struct virtq *q, bool irq)
{
	volatile uint8_t *r = v->mmio;

	(void)irq;
	mmio_write32(r + VM_QSEL, q->index);
	mmio_write32(r + VM_QNUM, q->size);
	vmmio_write64(r + VM_QDESC, (uintptr_t)q->desc);
	vmmio_write64(r + VM_QDRIVER, (uintptr_t)q->avail);
	vmmio_write64(r + VM_QDEVICE, (uintptr_t)q->used);
	/* One doorbell for all queues; the value written names the queue. */
	q->notify = r + VM_QNOTIFY;
	q->notify32 = true;
	mmio_write32(r + VM_QREADY, 1);
	return false;
}

static const struct virtio_ops virtio_mmio_ops = {
	.get_status = vmmio_get_status,
	.put_status = vmmio_put_status,
	.features = vmmio_features,
	.set_features = vmmio_set_features,
	.queue_max = vmmio_queue_max,
	.queue_enable = vmmio_queue_enable,
};

/* see virtio.h */
int
virtio_mmio_attach(struct virtio_dev *v, uint64_t phys, uint32_t *type)
{
	volatile uint8_t *r = (volatile uint8_t *)(uintptr_t)phys;
	uint32_t version;
	int rc;

	*type = 0;
	if ((rc = kern_map_mmio(phys, VMMIO_SIZE)) != 0)
		return rc;
	if (mmio_read32(r + VM_MAGIC) != VMMIO_MAGIC_VALUE)
		return RC_NOTFOUND;
	*type = mmio_read32(r + VM_DEVICE_ID);
	if (*type == 0)
		return RC_NODEV;
	version = mmio_read32(r + VM_VERSION);
	if (version != 2) {
		kprintf("virtio-mmio %llx: version %u, not 2; QEMU needs "
		    "-global virtio-mmio.force-legacy=false\n",
		    (unsigned long long)phys, version);
		return RC_UNSUPPORTED;
	}
	*v = (struct virtio_dev){ .ops = &virtio_mmio_ops, .mmio = r,
	    .devcfg = r + VM_CONFIG };
	return 0;
}

/* Hand the device at phys, of type type, to the driver of its type. */
static void
vmmio_probe(const struct virtio_dev *v, uint64_t phys, uint32_t type)
{
	const struct virtio_driver *drv = virtio_driver_find(type);
	int rc;

	if (drv == NULL) {
		kprintf("virtio-mmio %llx: device type %u (no driver)\n",
		    (unsigned long long)phys, type);
		return;
	}
	kprintf("virtio-mmio %llx: device type %u %s\n",
	    (unsigned long long)phys, type, drv->name);
	if ((rc = drv->probe(v)) != 0)
		kprintf("virtio-mmio %llx: %s: %s\n",
		    (unsigned long long)phys, drv->name, err_str(rc));
}

/* see virtio.h */
void
virtio_mmio_scan(void)
{
	struct virtio_dev v;
	uint64_t phys;
	uint32_t type;
	int i, rc;

	for (i = 0; i < VMMIO_SLOTS; i++) {
		phys = VMMIO_BASE + (uint64_t)i * VMMIO_SIZE;
		if ((rc = virtio_mmio_attach(&v, phys, &type)) == RC_NOTFOUND)
			break;
		if (rc == 0)
			vmmio_probe(&v, phys, type);
	}
}
