/*
 * virtio_net.c: the virtio network device (virtio 1.2 section 5.1).
 *
 * Queue 0 receives, queue 1 transmits.  Every receive descriptor owns a
 * fixed 2 KiB buffer, enough for the 12-byte virtio_net_hdr plus a
 * 1514-byte frame because we negotiate neither GSO nor MRG_RXBUF; the
 * ring is filled at start and each buffer is re-posted as soon as its
 * frame is copied out, so the ring stays full.  Transmit gathers the
 * frame's pieces (the pbuf chain, not flattened) behind its header into
 * a buffer owned by one descriptor: one copy, after which the caller's
 * pieces are free.  (Handing the device the pbufs themselves would save
 * that copy but hold them until the device is done, and lwIP rewrites a
 * segment's header when it retransmits.)  Used transmit descriptors are
 * taken back lazily, on the next write.  Only the receive queue
 * interrupts, to wake the CPU from hlt.
 *
 * Notifications: writes and re-posted receive buffers only go on the
 * rings; kern_net_flush(), from plat_wait() before the loop sleeps, kicks
 * each queue once for all of them (and a full transmit ring is kicked at
 * once).  With VIRTIO_F_EVENT_IDX (QEMU offers it) the kick is skipped
 * when the device has not asked for one, and receive interrupts are
 * re-armed for the next frame only when we are about to halt.
 *
 * Checksum offload, unless the configuration says offload=off:
 * VIRTIO_NET_F_CSUM lets a frame go with NEEDS_CSUM and the device fills
 * the TCP checksum; VIRTIO_NET_F_GUEST_CSUM lets it mark received frames
 * DATA_VALID (checked) or NEEDS_CSUM (from this host, never summed), both
 * of which need no check.  QEMU offers them only with a backend that
 * takes the header (tap, vhost), not with the user network.
 *
 * The device is found by the driver table at boot but started by
 * kern_net_start() from plat_init(), once the configuration is read,
 * because the offload choice is part of feature negotiation.
 *
 * Interface: the virtio driver table row for VIRTIO_ID_NET (virtio.h);
 * kern_net_start, kern_net_present, kern_net_mac, kern_net_offload,
 * kern_net_writev, kern_net_read, kern_net_flush, kern_net_pending,
 * kern_net_polled (kernel.h).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "err.h"
#include "io.h"
#include "kernel.h"
#include "virtio.h"

#define VIRTIO_NET_F_CSUM	(1ULL << 0)
#define VIRTIO_NET_F_GUEST_CSUM	(1ULL << 1)
#define VIRTIO_NET_F_MAC	(1ULL << 5)
#define VIRTIO_NET_F_STATUS	(1ULL << 16)
#define VIRTIO_NET_S_LINK_UP	1

#define VNET_HDR_LEN	12		/* virtio_net_hdr with VERSION_1 */
#define VNET_BUF_SIZE	2048
#define VNET_MAX_FRAME	1514		/* 1500-byte MTU + Ethernet header */
#define VNET_QMAX	128		/* ring entries per queue */
#define VNET_RXQ	0
#define VNET_TXQ	1

/* struct virtio_net_hdr (5.1.6), little-endian like x86. */
struct vnet_hdr {
	uint8_t flags;
	uint8_t gso_type;
	uint16_t hdr_len;
	uint16_t gso_size;
	uint16_t csum_start;
	uint16_t csum_offset;
	uint16_t num_buffers;	/* with VERSION_1 always present */
};

#define VNET_HDR_F_NEEDS_CSUM	1
#define VNET_HDR_F_DATA_VALID	2

_Static_assert(sizeof(struct vnet_hdr) == VNET_HDR_LEN,
    "the header is 12 bytes with VERSION_1");
_Static_assert(VNET_HDR_LEN + VNET_MAX_FRAME <= VNET_BUF_SIZE,
    "a frame and its header fit one buffer");

static struct {
	bool found;			/* probed, waiting for kern_net_start */
	bool present;			/* started */
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
	virtq_arm(&vn.rx);
	return 0;
}

/* The table's probe (see struct virtio_driver): the first NIC only. */
static int
vnet_probe(const struct virtio_dev *v)
{
	if (vn.found)
		return RC_EXISTS;
	vn.dev = *v;
	vn.found = true;
	return 0;
}

/* Read the MAC and link state, and log what was negotiated. */
static void
vnet_announce(void)
{
	volatile uint8_t *cfg = vn.dev.devcfg;
	uint64_t f = vn.dev.features;
	bool link = true;
	int i;

	/* Without a MAC from the device, a fixed locally administered one. */
	memcpy(vn.mac, "\x52\x54\x00\x12\x34\x56", 6);
	if (cfg != NULL && (f & VIRTIO_NET_F_MAC))
		for (i = 0; i < 6; i++)
			vn.mac[i] = mmio_read8(cfg + i);
	if (cfg != NULL && (f & VIRTIO_NET_F_STATUS))
		link = mmio_read16(cfg + 6) & VIRTIO_NET_S_LINK_UP;
	/* Without an rx interrupt, plat_wait polls for frames. */
	kprintf("virtio-net: mac %02x:%02x:%02x:%02x:%02x:%02x, link %s, "
	    "rx %u tx %u, %s, event-idx %s, csum tx %s rx %s\n", vn.mac[0],
	    vn.mac[1], vn.mac[2], vn.mac[3], vn.mac[4], vn.mac[5],
	    link ? "up" : "down", vn.rx.size, vn.tx.size,
	    kern_net_polled() ? "polled" : "msi-x",
	    f & VIRTIO_F_EVENT_IDX ? "on" : "off",
	    f & VIRTIO_NET_F_CSUM ? "on" : "off",
	    f & VIRTIO_NET_F_GUEST_CSUM ? "on" : "off");
}

/* see kernel.h */
int
kern_net_start(bool offload)
{
	uint64_t want = VIRTIO_NET_F_MAC | VIRTIO_NET_F_STATUS |
	    VIRTIO_F_EVENT_IDX;
	int rc;

	if (!vn.found || vn.present)
		return 0;
	if (offload)
		want |= VIRTIO_NET_F_CSUM | VIRTIO_NET_F_GUEST_CSUM;
	rc = virtio_init(&vn.dev, want, 0);
	if (rc == 0 && (rc = vnet_start()) != 0)
		virtio_fail(&vn.dev);
	if (rc != 0) {
		kprintf("virtio-net: not started: %s\n", err_str(rc));
		return rc;
	}
	vn.present = true;
	vnet_announce();
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

/* see kernel.h */
uint32_t
kern_net_offload(void)
{
	uint32_t f = 0;

	if (vn.dev.features & VIRTIO_NET_F_CSUM)
		f |= PLAT_NET_TX_CSUM;
	if (vn.dev.features & VIRTIO_NET_F_GUEST_CSUM)
		f |= PLAT_NET_RX_CSUM;
	return f;
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

/* Fill the header of an outgoing frame; RC_INVAL for an unasked offload. */
static int
vnet_tx_hdr(struct vnet_hdr *h, const struct plat_net_csum *csum)
{
	memset(h, 0, sizeof *h);
	if (csum == NULL)
		return RC_OK;
	if (!(vn.dev.features & VIRTIO_NET_F_CSUM))
		return RC_INVAL;
	h->flags = VNET_HDR_F_NEEDS_CSUM;
	h->csum_start = csum->start;
	h->csum_offset = csum->offset;
	return RC_OK;
}

/* see kernel.h */
int
kern_net_writev(const struct plat_iov *iov, int n,
    const struct plat_net_csum *csum)
{
	volatile struct virtq_desc *d;
	size_t len = 0;
	uint8_t *p;
	uint16_t id;
	int i, rc;

	if (!vn.present)
		return RC_NODEV;
	for (i = 0; i < n; i++)
		len += iov[i].len;
	if (len > VNET_MAX_FRAME)
		return RC_TOOBIG;
	vnet_tx_reclaim();
	if (vn.tx_nfree == 0) {
		virtq_kick(&vn.tx);	/* the device may not know yet */
		return RC_AGAIN;
	}
	id = vn.tx_free[vn.tx_nfree - 1];
	p = vn.txbuf + (size_t)id * VNET_BUF_SIZE;
	if ((rc = vnet_tx_hdr((struct vnet_hdr *)p, csum)) != RC_OK)
		return rc;
	vn.tx_nfree--;
	/* The one copy: the pieces go straight to the device's buffer. */
	len = VNET_HDR_LEN;
	for (i = 0; i < n; i++) {
		memcpy(p + len, iov[i].base, iov[i].len);
		len += iov[i].len;
	}
	d = &vn.tx.desc[id];
	d->addr = (uintptr_t)p;
	d->len = (uint32_t)len;
	d->flags = 0;
	d->next = 0;
	virtq_push(&vn.tx, id);
	/* Kicked by kern_net_flush(), or now when no slot is left. */
	if (vn.tx_nfree == 0)
		virtq_kick(&vn.tx);
	return RC_OK;
}

/* see kernel.h */
int
kern_net_read(void *buf, size_t size, size_t *len, uint32_t *flags)
{
	const struct vnet_hdr *h;
	uint32_t n;
	int id, rc = RC_OK;

	if (!vn.present)
		return RC_NODEV;
	if ((id = virtq_pop(&vn.rx, &n)) < 0)
		return RC_AGAIN;
	if (id >= vn.rx.size || n > VNET_BUF_SIZE)
		PANIC("virtio-net: bad rx completion %d len %u", id, n);
	h = (const struct vnet_hdr *)(vn.rxbuf + (size_t)id * VNET_BUF_SIZE);
	n = n > VNET_HDR_LEN ? n - VNET_HDR_LEN : 0;
	if (n > size)
		rc = RC_TOOBIG;	/* dropped: the buffer is short */
	else {
		memcpy(buf, (const uint8_t *)h + VNET_HDR_LEN, n);
		*len = n;
		*flags = 0;
		/* The device sets these only with GUEST_CSUM negotiated. */
		if ((vn.dev.features & VIRTIO_NET_F_GUEST_CSUM) &&
		    (h->flags & (VNET_HDR_F_NEEDS_CSUM |
		    VNET_HDR_F_DATA_VALID)))
			*flags = PLAT_NET_RX_CSUM_OK;
	}
	/* Back on the ring; the device hears of it at kern_net_flush(). */
	vnet_rx_post((uint16_t)id);
	return rc;
}

/* see kernel.h */
void
kern_net_flush(void)
{
	if (!vn.present)
		return;
	virtq_kick(&vn.tx);
	virtq_kick(&vn.rx);
	virtq_arm(&vn.rx);
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
