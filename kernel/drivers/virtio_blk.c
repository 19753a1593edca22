/*
 * virtio_blk.c: the virtio block device (virtio 1.2 section 5.2), the
 * data disk.
 *
 * Requests are synchronous: each call builds one three-descriptor chain
 * (16-byte header the device reads, the data, a status byte it writes),
 * notifies, and polls the used ring until the device answers.  There is
 * never more than one request in flight, so the chain always uses
 * descriptors 0, 1 and 2 and the queue needs no interrupt.  Data goes
 * through one driver-owned DMA buffer, so callers may pass any kernel
 * address; requests larger than the buffer (or than the device's
 * size_max) are split.  Because that buffer is shared, the caller's
 * buffer must not fault into a nested disk read mid-copy: fs.c stages
 * file-map data through its own buffer for this reason.
 *
 * Interface: the virtio driver table row for VIRTIO_ID_BLOCK (virtio.h);
 * the disk it finds is registered with blk.c (kern_disk_register), through
 * which kern_blk_* reach vblk_read, vblk_write and vblk_flush.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "err.h"
#include "io.h"
#include "kernel.h"
#include "virtio.h"

#define VIRTIO_BLK_F_SIZE_MAX	(1ULL << 1)
#define VIRTIO_BLK_F_RO		(1ULL << 5)
#define VIRTIO_BLK_F_FLUSH	(1ULL << 9)

#define VIRTIO_BLK_T_IN		0
#define VIRTIO_BLK_T_OUT	1
#define VIRTIO_BLK_T_FLUSH	4

#define VIRTIO_BLK_S_OK		0
#define VIRTIO_BLK_S_IOERR	1

#define VBLK_SECTOR	512
#define VBLK_BOUNCE	(128 * 1024)	/* bytes per request at most */
#define VBLK_TIMEOUT_NS	(30ULL * 1000000000)

struct vblk_hdr {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};

static struct {
	bool present;
	bool broken;		/* a request timed out; the ring is unusable */
	bool ro;
	bool can_flush;
	uint64_t sectors;
	size_t max_sectors;	/* per request */
	struct virtio_dev dev;
	struct virtq q;
	struct vblk_hdr *hdr;	/* header, then the status byte after it */
	volatile uint8_t *status;
	uint8_t *bounce;
} vb;

static void
vblk_desc(uint16_t i, void *addr, uint32_t len, uint16_t flags, uint16_t next)
{
	volatile struct virtq_desc *d = &vb.q.desc[i];

	d->addr = (uintptr_t)addr;
	d->len = len;
	d->flags = flags;
	d->next = next;
}

/* Submit one request of nsectors through the bounce buffer and wait. */
static int
vblk_request(uint32_t type, uint64_t sector, size_t nsectors)
{
	uint64_t start = kern_clock_ns();
	uint32_t len;
	uint16_t dflags;

	if (vb.broken)
		return RC_IO;
	vb.hdr->type = type;
	vb.hdr->reserved = 0;
	vb.hdr->sector = sector;
	*vb.status = 0xff;
	if (nsectors == 0)
		vblk_desc(0, vb.hdr, sizeof(*vb.hdr), VIRTQ_DESC_F_NEXT, 2);
	else {
		dflags = VIRTQ_DESC_F_NEXT |
		    (type == VIRTIO_BLK_T_IN ? VIRTQ_DESC_F_WRITE : 0);
		vblk_desc(0, vb.hdr, sizeof(*vb.hdr), VIRTQ_DESC_F_NEXT, 1);
		vblk_desc(1, vb.bounce, nsectors * VBLK_SECTOR, dflags, 2);
	}
	vblk_desc(2, (void *)vb.status, 1, VIRTQ_DESC_F_WRITE, 0);
	virtq_push(&vb.q, 0);
	virtq_kick(&vb.q);
	while (virtq_pop(&vb.q, &len) < 0) {
		__asm__ volatile("pause");
		if (kern_clock_ns() - start > VBLK_TIMEOUT_NS) {
			kprintf("virtio-blk: request timed out; disk off\n");
			vb.broken = true;
			return RC_IO;
		}
	}
	rmb();
	switch (*vb.status) {
	case VIRTIO_BLK_S_OK:
		return RC_OK;
	case VIRTIO_BLK_S_IOERR:
		return RC_IO;
	default:
		return RC_UNSUPPORTED;
	}
}

static int
vblk_start(void)
{
	volatile uint8_t *cfg = vb.dev.devcfg;
	uint32_t size_max;
	int rc;

	if (cfg == NULL)
		return RC_NODEV;
	if ((rc = virtq_setup(&vb.dev, &vb.q, 0, 16, false)) != 0)
		return rc;
	vb.hdr = kern_page_alloc(1);
	vb.bounce = kern_page_alloc(VBLK_BOUNCE / KERN_PAGE_SIZE);
	if (vb.hdr == NULL || vb.bounce == NULL)
		return RC_NOMEM;
	vb.status = (volatile uint8_t *)(vb.hdr + 1);
	vb.sectors = (uint64_t)mmio_read32(cfg) |
	    (uint64_t)mmio_read32(cfg + 4) << 32;
	vb.max_sectors = VBLK_BOUNCE / VBLK_SECTOR;
	if (vb.dev.features & VIRTIO_BLK_F_SIZE_MAX) {
		size_max = mmio_read32(cfg + 8);
		if (size_max >= VBLK_SECTOR && size_max < VBLK_BOUNCE)
			vb.max_sectors = size_max / VBLK_SECTOR;
	}
	vb.ro = vb.dev.features & VIRTIO_BLK_F_RO;
	vb.can_flush = vb.dev.features & VIRTIO_BLK_F_FLUSH;
	virtio_ready(&vb.dev);
	return 0;
}

static int vblk_read(uint64_t sector, void *buf, size_t nsectors);
static int vblk_write(uint64_t sector, const void *buf, size_t nsectors);
static int vblk_flush(void);

static struct kern_disk vblk_disk = {
	.name = "virtio-blk",
	.read = vblk_read,
	.write = vblk_write,
	.flush = vblk_flush,
};

/* The table's probe (see struct virtio_driver): the first disk only. */
static int
vblk_probe(const struct virtio_dev *v)
{
	int rc;

	if ((rc = kern_disk_busy("virtio-blk")) != 0)
		return rc;
	vb.dev = *v;
	rc = virtio_init(&vb.dev, VIRTIO_BLK_F_SIZE_MAX | VIRTIO_BLK_F_RO |
	    VIRTIO_BLK_F_FLUSH, 0);
	if (rc == 0 && (rc = vblk_start()) != 0)
		virtio_fail(&vb.dev);
	if (rc != 0)
		return rc;
	vb.present = true;
	kprintf("virtio-blk: %llu sectors (%llu MiB)%s%s\n",
	    (unsigned long long)vb.sectors,
	    (unsigned long long)(vb.sectors >> 11), vb.ro ? ", read-only" : "",
	    vb.can_flush ? ", flush" : "");
	if (!vb.can_flush)
		kprintf("virtio-blk: no FLUSH: writes are not crash-safe\n");
	vblk_disk.sectors = vb.sectors;
	return kern_disk_register(&vblk_disk);
}

VIRTIO_DRIVER(vblk_driver, VIRTIO_ID_BLOCK, "virtio-blk", vblk_probe);

static int
vblk_check(uint64_t sector, size_t n)
{
	if (!vb.present)
		return RC_NODEV;
	if (sector > vb.sectors || n > vb.sectors - sector)
		return RC_INVAL;
	return RC_OK;
}

static int
vblk_read(uint64_t sector, void *buf, size_t nsectors)
{
	uint8_t *p = buf;
	size_t n;
	int rc;

	if ((rc = vblk_check(sector, nsectors)) != 0)
		return rc;
	while (nsectors > 0) {
		n = nsectors < vb.max_sectors ? nsectors : vb.max_sectors;
		if ((rc = vblk_request(VIRTIO_BLK_T_IN, sector, n)) != 0)
			return rc;
		memcpy(p, vb.bounce, n * VBLK_SECTOR);
		p += n * VBLK_SECTOR;
		sector += n;
		nsectors -= n;
	}
	return RC_OK;
}

static int
vblk_write(uint64_t sector, const void *buf, size_t nsectors)
{
	const uint8_t *p = buf;
	size_t n;
	int rc;

	if ((rc = vblk_check(sector, nsectors)) != 0)
		return rc;
	if (vb.ro)
		return RC_IO;
	while (nsectors > 0) {
		n = nsectors < vb.max_sectors ? nsectors : vb.max_sectors;
		memcpy(vb.bounce, p, n * VBLK_SECTOR);
		if ((rc = vblk_request(VIRTIO_BLK_T_OUT, sector, n)) != 0)
			return rc;
		p += n * VBLK_SECTOR;
		sector += n;
		nsectors -= n;
	}
	return RC_OK;
}

static int
vblk_flush(void)
{
	if (!vb.present)
		return RC_NODEV;
	/* Without FLUSH there is nothing to ask; probe logged the risk. */
	if (!vb.can_flush)
		return RC_OK;
	return vblk_request(VIRTIO_BLK_T_FLUSH, 0, 0);
}
