/*
 * virtio_net.c: the virtio network device (virtio 1.2 section 5.1).
 *
 * Queue 0 receives, queue 1 transmits.  Every receive descriptor owns a
 * fixed 2 KiB buffer, enough for the 12-byte virtio_net_hdr plus a
 * 1514-byte frame because we negotiate neither GSO nor MRG_RXBUF; the
 * ring is filled at start and each buffer is re-posted as soon as its
 * frame is copied out, so the ring stays full.  Transmit copies the frame
 * behind a zeroed header into a buffer owned by one descriptor, so the
 * caller's buffer is free on return; used transmit descriptors are taken
 * back lazily, on the next write.  Only the receive queue interrupts, to
 * wake the CPU from hlt.
 *
 * Interface: the virtio driver table row for VIRTIO_ID_NET (virtio.h);
 * kern_net_present, kern_net_mac,
 * kern_net_write, kern_net_read, kern_net_pending, kern_net_polled
 * (kernel.h).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "err.h"
#include "io.h"
#include "kernel.h"
#include "virtio.h"

#define VIRTIO_NET_F_MAC	(1ULL << 5)
#define VIRTIO_NET_F_STATUS	(1ULL << 16)
#define VIRTIO_NET_S_LINK_UP	1

#define VNET_HDR_LEN	12		/* virtio_net_hdr with VERSION_1 */
#define VNET_BUF_SIZE	2048
#define VNET_MAX_FRAME	1514		/* 1500-byte MTU + Ethernet header */
#define VNET_QMAX	128		/* ring entries per queue */
#define VNET_RXQ	0
#define VNET_TXQ	1

_Static_assert(VNET_HDR_LEN + VNET_MAX_FRAME <= VNET_BUF_SIZE,
    "a frame and its header fit one buffer");

static struct {
	bool present;
	uint8_t mac[6];
	struct virtio_dev dev;
	struct virtq rx, tx;
	uint8_t *rxbuf, *txbuf;		/* VNET_BUF_SIZE per descriptor */
	uint16_t tx_free[VNET_QMAX];	/* stack of idle tx descriptors */
	uint16_t tx_nfree;
} vn;

static void
vnet_rx_post(uint16_t id)
{
	volatile struct virtq_desc *d = &vn.rx.desc[id];

	d->addr = (uintptr_t)(vn.rxbuf + (size_t)id * VNET_BUF_SIZE);
	d->len = VNET_BUF_SIZE;
	d->flags = VIRTQ_DESC_F_WRITE;
	d->next = 0;
	virtq_push(&vn.rx, id);
}

static int
vnet_start(void)
{
	size_t pages;
	uint16_t i;
	int rc;

	if ((rc = virtq_setup(&vn.dev, &vn.rx, VNET_RXQ, VNET_QMAX, true)) ||
	    (rc = virtq_setup(&vn.dev, &vn.tx, VNET_TXQ, VNET_QMAX, false)))
		return rc;
	pages = (size_t)vn.rx.size * VNET_BUF_SIZE / KERN_PAGE_SIZE;
	vn.rxbuf = kern_page_alloc(pages);
	pages = (size_t)vn.tx.size * VNET_BUF_SIZE / KERN_PAGE_SIZE;
	vn.txbuf = kern_page_alloc(pages);
	if (vn.rxbuf == NULL || vn.txbuf == NULL)
		return RC_NOMEM;
	for (i = 0; i < vn.tx.size; i++)
		vn.tx_free[i] = i;
	vn.tx_nfree = vn.tx.size;
	virtio_ready(&vn.dev);
	/* The device may not be notified before DRIVER_OK (3.1.1). */
	for (i = 0; i < vn.rx.size; i++)
		vnet_rx_post(i);
	virtq_kick(&vn.rx);
	return 0;
}

/* The table's probe (see struct virtio_driver): the first NIC only. */
static int
vnet_probe(const struct virtio_dev *v)
{
	volatile uint8_t *cfg;
	bool link = true;
	int rc, i;

	if (vn.present)
		return RC_EXISTS;
	vn.dev = *v;
	rc = virtio_init(&vn.dev, VIRTIO_NET_F_MAC | VIRTIO_NET_F_STATUS, 0);
	if (rc == 0 && (rc = vnet_start()) != 0)
		virtio_fail(&vn.dev);
	if (rc != 0)
		return rc;
	cfg = vn.dev.devcfg;
	/* Without a MAC from the device, a fixed locally administered one. */
	memcpy(vn.mac, "\x52\x54\x00\x12\x34\x56", 6);
	if (cfg != NULL && (vn.dev.features & VIRTIO_NET_F_MAC))
		for (i = 0; i < 6; i++)
			vn.mac[i] = mmio_read8(cfg + i);
	if (cfg != NULL && (vn.dev.features & VIRTIO_NET_F_STATUS))
		link = mmio_read16(cfg + 6) & VIRTIO_NET_S_LINK_UP;
	vn.present = true;
	/* Without an rx interrupt, plat_wait polls for frames. */
	kprintf("virtio-net: mac %02x:%02x:%02x:%02x:%02x:%02x, link %s, "
	    "rx %u tx %u, %s\n", vn.mac[0], vn.mac[1], vn.mac[2], vn.mac[3],
	    vn.mac[4], vn.mac[5], link ? "up" : "down", vn.rx.size,
	    vn.tx.size, kern_net_polled() ? "polled" : "msi-x");
	return 0;
}

VIRTIO_DRIVER(vnet_driver, VIRTIO_ID_NET, "virtio-net", vnet_probe);

/* see kernel.h */
bool
kern_net_present(void)
{
	return vn.present;
}

/* see kernel.h */
void
kern_net_mac(uint8_t mac[6])
{
	memcpy(mac, vn.mac, 6);
}

/* Take back the transmit descriptors the device has finished with. */
static void
vnet_tx_reclaim(void)
{
	uint32_t len;
	int id;

	while ((id = virtq_pop(&vn.tx, &len)) >= 0) {
		if (id >= vn.tx.size || vn.tx_nfree >= vn.tx.size)
			PANIC("virtio-net: bad tx completion %d", id);
		vn.tx_free[vn.tx_nfree++] = (uint16_t)id;
	}
}

/* see kernel.h */
int
kern_net_write(const void *buf, size_t len)
{
	volatile struct virtq_desc *d;
	uint8_t *p;
	uint16_t id;

	if (!vn.present)
		return RC_NODEV;
	if (len > VNET_MAX_FRAME)
		return RC_TOOBIG;
	vnet_tx_reclaim();
	if (vn.tx_nfree == 0)
		return RC_AGAIN;
	id = vn.tx_free[--vn.tx_nfree];
	p = vn.txbuf + (size_t)id * VNET_BUF_SIZE;
	/* A zero header: no checksum offload, no segmentation. */
	memset(p, 0, VNET_HDR_LEN);
	memcpy(p + VNET_HDR_LEN, buf, len);
	d = &vn.tx.desc[id];
	d->addr = (uintptr_t)p;
	d->len = (uint32_t)(VNET_HDR_LEN + len);
	d->flags = 0;
	d->next = 0;
	virtq_push(&vn.tx, id);
	virtq_kick(&vn.tx);
	return RC_OK;
}

/* see kernel.h */
int
kern_net_read(void *buf, size_t size, size_t *len)
{
	uint32_t n;
	int id, rc = RC_OK;

	if (!vn.present)
		return RC_NODEV;
	if ((id = virtq_pop(&vn.rx, &n)) < 0)
		return RC_AGAIN;
	if (id >= vn.rx.size || n > VNET_BUF_SIZE)
		PANIC("virtio-net: bad rx completion %d len %u", id, n);
	n = n > VNET_HDR_LEN ? n - VNET_HDR_LEN : 0;
	if (n > size)
		rc = RC_TOOBIG;	/* dropped: the buffer is short */
	else {
		memcpy(buf, vn.rxbuf + (size_t)id * VNET_BUF_SIZE +
		    VNET_HDR_LEN, n);
		*len = n;
	}
	vnet_rx_post((uint16_t)id);
	virtq_kick(&vn.rx);
	return rc;
}

/* see kernel.h */
bool
kern_net_pending(void)
{
	return vn.present && virtq_has_used(&vn.rx);
}

/* see kernel.h */
bool
kern_net_polled(void)
{
	return vn.present && (vn.rx.avail->flags & VIRTQ_AVAIL_F_NO_INTERRUPT);
}
