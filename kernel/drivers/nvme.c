/*
 * nvme.c: an NVMe controller (NVM Express Base Specification 1.4, NVM
 * Command Set), namespace 1 as the data disk: EBS volumes on EC2 Nitro,
 * QEMU's -device nvme for the tests.
 *
 * Polled and synchronous, like virtio-blk: each call submits one command
 * and polls its completion queue's phase bit until the controller answers,
 * so there is never more than one command in flight, no interrupt is
 * needed (the I/O completion queue is created with interrupts off, MSI-X
 * is left unused) and the submission queue can never be full.  One admin
 * queue pair and one I/O queue pair, each QUEUE_ENTRIES long.
 *
 * Data goes through one driver-owned DMA buffer (BOUNCE bytes, physically
 * contiguous from the page allocator, so every page of it is below 2^48 as
 * Amazon's controllers need), so callers may pass any kernel address.  A
 * command moves at most min(BOUNCE, MDTS) bytes; larger requests are
 * split.  Its PRPs describe the buffer: PRP1 the first page, PRP2 the
 * second, or for more than two pages PRP2 points to a PRP list (one page,
 * holding the addresses of the second page onwards).
 *
 * Only 512-byte LBAs are taken: EBS volumes have them, and the layers
 * above work in 512-byte sectors with partial sectors read and written
 * back, which a 4096-byte LBA would turn into sub-LBA writes.  Another
 * format is refused, with its size named.
 *
 * Durability: FLUSH is sent only when Identify Controller says there is a
 * volatile write cache (VWC bit 0); without one, a completed write is on
 * the medium (base spec, Flush command), so a flush is a no-op.
 *
 * Time: EBS latency can spike for many seconds, and AWS advises an
 * unbounded I/O timeout; we wait CMD_TIMEOUT_NS (logging once after
 * CMD_SLOW_NS), then give up with RC_TIMEOUT and stop using the disk,
 * since the late command could still write into the shared buffer.
 *
 * Interface: the PCI driver table rows below (pci.h); the disk is
 * registered with blk.c (kern_disk_register).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "err.h"
#include "io.h"
#include "kernel.h"
#include "pci.h"

/* Controller registers (base spec 3.1). */
#define REG_CAP		0x00
#define REG_VS		0x08
#define REG_CC		0x14
#define REG_CSTS	0x1c
#define REG_AQA		0x24
#define REG_ASQ		0x28
#define REG_ACQ		0x30
#define REG_DOORBELL	0x1000

#define CAP_MQES(c)	((uint32_t)((c) & 0xffff))
/* CAP.TO is in units of 500 ms. */
#define CAP_TO(c)	((uint32_t)(((c) >> 24) & 0xff))
#define CAP_DSTRD(c)	((uint32_t)(((c) >> 32) & 0xf))
#define CAP_CSS_NVM	(1ULL << 37)
#define CAP_MPSMIN(c)	((uint32_t)(((c) >> 48) & 0xf))

#define CC_EN		(1u << 0)
#define CC_IOSQES	(6u << 16)	/* 64-byte submission entries */
#define CC_IOCQES	(4u << 20)	/* 16-byte completion entries */
#define CSTS_RDY	(1u << 0)
#define CSTS_CFS	(1u << 1)

/* Admin and NVM opcodes. */
#define OP_CREATE_SQ	0x01
#define OP_CREATE_CQ	0x05
#define OP_IDENTIFY	0x06
#define OP_SET_FEATURES	0x09
#define OP_FLUSH	0x00
#define OP_WRITE	0x01
#define OP_READ		0x02
#define FEAT_NQUEUES	0x07
#define CNS_NAMESPACE	0
#define CNS_CONTROLLER	1

/* Identify Controller and Identify Namespace offsets. */
#define ID_SN		4	/* 20 bytes, ASCII, space padded */
#define ID_MN		24	/* 40 bytes */
#define ID_FR		64	/* 8 bytes */
#define ID_MDTS		77
#define ID_SQES		512
#define ID_CQES		513
#define ID_NN		516
#define ID_VWC		525
#define ID_VENDOR	3072	/* EBS: the block-device name, 32 bytes */
#define NS_NSZE		0
#define NS_FLBAS	26
#define NS_LBAF		128

#define NSID		1
#define SECTOR		512
#define QUEUE_ENTRIES	16
#define BOUNCE		(128 * 1024)
#define BOUNCE_PAGES	(BOUNCE / KERN_PAGE_SIZE)
#define DMA_LIMIT	(1ULL << 48)
#define CMD_SLOW_NS	(10ULL * 1000000000)
#define CMD_TIMEOUT_NS	(120ULL * 1000000000)

_Static_assert(BOUNCE_PAGES - 1 <= KERN_PAGE_SIZE / 8,
    "the PRP list of one command must fit one page");

/* A submission queue entry (64 bytes) and a completion entry (16). */
struct nvme_sqe {
	uint32_t cdw0;		/* opcode 7:0, PSDT 15:14 (0), CID 31:16 */
	uint32_t nsid;
	uint64_t reserved;
	uint64_t mptr;
	uint64_t prp1;
	uint64_t prp2;
	uint32_t cdw10, cdw11, cdw12, cdw13, cdw14, cdw15;
};

struct nvme_cqe {
	uint32_t dw0;		/* command specific */
	uint32_t dw1;
	uint16_t sqhd;
	uint16_t sqid;
	uint16_t cid;
	uint16_t status;	/* phase 0, SC 8:1, SCT 11:9, DNR 15 */
};

_Static_assert(sizeof(struct nvme_sqe) == 64, "SQ entry is 64 bytes");
_Static_assert(sizeof(struct nvme_cqe) == 16, "CQ entry is 16 bytes");

struct nvme_queue {
	struct nvme_sqe *sq;
	volatile struct nvme_cqe *cq;
	volatile uint32_t *sq_tail_db;
	volatile uint32_t *cq_head_db;
	uint16_t sq_tail;
	uint16_t cq_head;
	uint16_t phase;		/* the phase a new completion carries */
};

static struct {
	volatile uint8_t *regs;
	uint64_t cap;
	bool broken;		/* a command timed out: the disk is off */
	bool vwc;		/* volatile write cache: FLUSH matters */
	uint16_t cid;
	size_t max_sectors;	/* per command */
	struct nvme_queue admin, io;
	uint64_t *prp_list;	/* one page */
	uint8_t *bounce;	/* BOUNCE bytes */
	uint8_t *ident;		/* one page for Identify data */
} nv;

static int nvme_read(uint64_t sector, void *buf, size_t nsectors);
static int nvme_write(uint64_t sector, const void *buf, size_t nsectors);
static int nvme_flush(void);

static struct kern_disk nvme_disk = {
	.name = "nvme",
	.read = nvme_read,
	.write = nvme_write,
	.flush = nvme_flush,
};

static uint32_t
reg_read32(uint32_t off)
{
	return mmio_read32(nv.regs + off);
}

static void
reg_write32(uint32_t off, uint32_t v)
{
	mmio_write32(nv.regs + off, v);
}

/* 64-bit registers as two dword accesses, low first: every controller
 * must take dword access, not every one takes a qword. */
static void
reg_write64(uint32_t off, uint64_t v)
{
	reg_write32(off, (uint32_t)v);
	reg_write32(off + 4, (uint32_t)(v >> 32));
}

/* Pages from the allocator for the device to use: zeroed, and below the
 * 48-bit limit that Linux applies to every Amazon NVMe controller. */
static void *
dma_alloc(size_t npages)
{
	uint8_t *p = kern_page_alloc(npages);

	if (p != NULL && (uint64_t)p + npages * KERN_PAGE_SIZE > DMA_LIMIT) {
		kern_page_free(p, npages);
		return NULL;
	}
	return p;
}

/* Wait until CSTS.RDY is ready (0 or 1), CAP.TO at most; a fatal status
 * or a vanished device (all ones) ends the wait early. */
static int
wait_ready(uint32_t ready)
{
	uint64_t start = kern_clock_ns();
	uint64_t limit = (uint64_t)(CAP_TO(nv.cap) + 1) * 500000000ULL;
	uint32_t csts;

	for (;;) {
		csts = reg_read32(REG_CSTS);
		if (csts == 0xffffffff)
			return RC_NODEV;
		if (ready && (csts & CSTS_CFS)) {
			kprintf("nvme: controller fatal status (CSTS %x)\n",
			    csts);
			return RC_IO;
		}
		if ((csts & CSTS_RDY) == ready)
			return RC_OK;
		if (kern_clock_ns() - start > limit) {
			kprintf("nvme: CSTS.RDY not %u after %u ms\n", ready,
			    (unsigned)(limit / 1000000));
			return RC_TIMEOUT;
		}
		__asm__ volatile("pause");
	}
}

/* Doorbell y's address: SQ tail at 2y, CQ head at 2y + 1, each stride
 * 4 << DSTRD bytes apart. */
static volatile uint32_t *
doorbell(uint32_t qid, uint32_t cq)
{
	uint32_t stride = 4u << CAP_DSTRD(nv.cap);

	return (volatile uint32_t *)(nv.regs + REG_DOORBELL +
	    (2 * qid + cq) * stride);
}

/* Queue memory for qid: QUEUE_ENTRIES of each, one page each. */
static int
queue_alloc(struct nvme_queue *q, uint32_t qid)
{
	_Static_assert(QUEUE_ENTRIES * sizeof(struct nvme_sqe) <=
	    KERN_PAGE_SIZE, "one page per queue");
	q->sq = dma_alloc(1);
	q->cq = dma_alloc(1);
	if (q->sq == NULL || q->cq == NULL)
		return RC_NOMEM;
	q->sq_tail_db = doorbell(qid, 0);
	q->cq_head_db = doorbell(qid, 1);
	q->sq_tail = 0;
	q->cq_head = 0;
	q->phase = 1;
	return RC_OK;
}

/* Name what a failed completion says, for the console. */
static void
log_status(const char *what, uint16_t status)
{
	static const char *const types[] = { "generic", "command specific",
	    "media and data integrity", "path" };
	uint32_t sc = (status >> 1) & 0xff, sct = (status >> 9) & 7;

	kprintf("nvme: %s failed: status type %u (%s), code 0x%x%s\n", what,
	    sct, sct < 4 ? types[sct] : "vendor or reserved", sc,
	    (status & 0x8000) ? ", do not retry" : "");
}

/* Take the completion of the one command in flight on q, or time out. */
static int
queue_wait(struct nvme_queue *q, uint16_t cid, const char *what,
    uint32_t *dw0)
{
	uint64_t start = kern_clock_ns(), waited;
	volatile struct nvme_cqe *e = &q->cq[q->cq_head];
	bool slow = false;
	uint16_t status;

	while ((e->status & 1) != q->phase) {
		__asm__ volatile("pause");
		waited = kern_clock_ns() - start;
		if (waited > CMD_SLOW_NS && !slow) {
			kprintf("nvme: %s slow (10 s), still waiting\n", what);
			slow = true;
		}
		if (waited > CMD_TIMEOUT_NS) {
			kprintf("nvme: %s timed out after %llu s; disk off\n",
			    what, CMD_TIMEOUT_NS / 1000000000);
			nv.broken = true;
			return RC_TIMEOUT;
		}
	}
	rmb();
	status = e->status;
	if (dw0 != NULL)
		*dw0 = e->dw0;
	if (e->cid != cid) {
		/* One command at a time: anything else is a broken device. */
		kprintf("nvme: %s: completion for command %u, not %u; disk "
		    "off\n", what, e->cid, cid);
		nv.broken = true;
		return RC_IO;
	}
	if (++q->cq_head == QUEUE_ENTRIES) {
		q->cq_head = 0;
		q->phase ^= 1;
	}
	mmio_write32(q->cq_head_db, q->cq_head);
	if ((status >> 1) != 0) {
		log_status(what, status);
		return RC_IO;
	}
	return RC_OK;
}

/* Submit cmd on q (its CID filled in here) and wait for its completion;
 * dw0, when not NULL, gets the command-specific result. */
static int
queue_run(struct nvme_queue *q, struct nvme_sqe *cmd, const char *what,
    uint32_t *dw0)
{
	uint16_t cid = nv.cid++;

	/* CID 0xffff means "no command" in the error log: never use it. */
	if (nv.cid == 0xffff)
		nv.cid = 0;

	if (nv.broken)
		return RC_IO;
	cmd->cdw0 = (cmd->cdw0 & 0xff) | (uint32_t)cid << 16;
	q->sq[q->sq_tail] = *cmd;
	if (++q->sq_tail == QUEUE_ENTRIES)
		q->sq_tail = 0;
	/* The entry must be in memory before the doorbell reaches it. */
	mb();
	mmio_write32(q->sq_tail_db, q->sq_tail);
	return queue_wait(q, cid, what, dw0);
}

/* Point cmd's PRPs at the first len bytes of the bounce buffer. */
static void
prp_fill(struct nvme_sqe *cmd, size_t len)
{
	size_t pages = (len + KERN_PAGE_SIZE - 1) / KERN_PAGE_SIZE, i;

	cmd->prp1 = (uint64_t)nv.bounce;
	cmd->prp2 = 0;
	if (pages == 2)
		cmd->prp2 = (uint64_t)nv.bounce + KERN_PAGE_SIZE;
	else if (pages > 2) {
		for (i = 1; i < pages; i++)
			nv.prp_list[i - 1] = (uint64_t)nv.bounce +
			    i * KERN_PAGE_SIZE;
		cmd->prp2 = (uint64_t)nv.prp_list;
	}
}

static int
admin_identify(uint32_t cns, uint32_t nsid, const char *what)
{
	struct nvme_sqe cmd = { .cdw0 = OP_IDENTIFY, .nsid = nsid,
	    .prp1 = (uint64_t)nv.ident, .cdw10 = cns };

	return queue_run(&nv.admin, &cmd, what, NULL);
}

/* Copy an ASCII, space-padded Identify field into out (NUL ended),
 * trailing spaces dropped and anything unprintable shown as '?'. */
static void
id_string(char *out, const uint8_t *field, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len && field[i] != '\0'; i++)
		out[i] = field[i] >= 0x20 && field[i] < 0x7f ? field[i] : '?';
	n = i;
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
}

/* Reset, admin queues, enable (base spec 3.5.1). */
static int
ctrl_enable(void)
{
	uint32_t cc = reg_read32(REG_CC), csts = reg_read32(REG_CSTS);
	int rc;

	/*
	 * Clearing EN while a transition to ready is under way is not
	 * allowed: let it finish first (the firmware may have enabled it
	 * to boot from it).  A controller in fatal status is reset anyway:
	 * that is its way out.
	 */
	if ((cc & CC_EN) && !(csts & (CSTS_RDY | CSTS_CFS)))
		(void)wait_ready(CSTS_RDY);	/* logged; reset anyway */
	reg_write32(REG_CC, 0);
	if ((rc = wait_ready(0)) != 0)
		return rc;
	if ((rc = queue_alloc(&nv.admin, 0)) != 0)
		return rc;
	reg_write32(REG_AQA, (QUEUE_ENTRIES - 1) << 16 | (QUEUE_ENTRIES - 1));
	reg_write64(REG_ASQ, (uint64_t)nv.admin.sq);
	reg_write64(REG_ACQ, (uint64_t)nv.admin.cq);
	reg_write32(REG_CC, CC_IOCQES | CC_IOSQES | CC_EN);
	return wait_ready(CSTS_RDY);
}

/* Identify Controller: log who it is, keep MDTS and VWC. */
static int
ctrl_identify(void)
{
	char sn[21], mn[41], fr[9], name[33];
	uint8_t mdts, *id = nv.ident;
	uint32_t nn;
	int rc;

	if ((rc = admin_identify(CNS_CONTROLLER, 0, "identify")) != 0)
		return rc;
	id_string(sn, id + ID_SN, 20);
	id_string(mn, id + ID_MN, 40);
	id_string(fr, id + ID_FR, 8);
	mdts = id[ID_MDTS];
	nv.vwc = id[ID_VWC] & 1;
	memcpy(&nn, id + ID_NN, 4);
	nv.max_sectors = BOUNCE / SECTOR;
	/* MDTS is a power of two of the minimum page, 4 KiB here. */
	if (mdts != 0 && mdts < 20 &&
	    ((size_t)KERN_PAGE_SIZE << mdts) < BOUNCE)
		nv.max_sectors = ((size_t)KERN_PAGE_SIZE << mdts) / SECTOR;
	kprintf("nvme: \"%s\" serial \"%s\" firmware \"%s\", NVMe %u.%u, "
	    "%u namespaces, %u KiB per command, %s\n", mn, sn, fr,
	    reg_read32(REG_VS) >> 16, (reg_read32(REG_VS) >> 8) & 0xff, nn,
	    (unsigned)(nv.max_sectors / 2),
	    nv.vwc ? "volatile write cache: flush" : "no write cache");
	/* EBS puts the block-device mapping's name here (e.g. "sda1"). */
	id_string(name, id + ID_VENDOR, 32);
	if (name[0] != '\0')
		kprintf("nvme: device name \"%s\"\n", name);
	if ((id[ID_SQES] & 0xf) > 6 || (id[ID_SQES] >> 4) < 6 ||
	    (id[ID_CQES] & 0xf) > 4 || (id[ID_CQES] >> 4) < 4) {
		kprintf("nvme: queue entry sizes %x/%x exclude 64/16 bytes\n",
		    id[ID_SQES], id[ID_CQES]);
		return RC_UNSUPPORTED;
	}
	if (nn < NSID) {
		kprintf("nvme: no namespace 1\n");
		return RC_NODEV;
	}
	return RC_OK;
}

/* Identify Namespace 1: its size, and that its LBAs are 512 bytes. */
static int
ns_identify(void)
{
	uint32_t lbaf, lbads;
	uint64_t nsze;
	int rc;

	if ((rc = admin_identify(CNS_NAMESPACE, NSID, "identify namespace"))
	    != 0)
		return rc;
	memcpy(&nsze, nv.ident + NS_NSZE, 8);
	memcpy(&lbaf, nv.ident + NS_LBAF + 4 * (nv.ident[NS_FLBAS] & 0xf), 4);
	lbads = (lbaf >> 16) & 0xff;
	if (nsze == 0) {
		kprintf("nvme: namespace 1 is inactive\n");
		return RC_NODEV;
	}
	if (lbads != 9 || (lbaf & 0xffff) != 0) {
		kprintf("nvme: namespace 1 has %u-byte LBAs with %u bytes of "
		    "metadata; only 512 without is supported\n",
		    lbads < 32 ? 1u << lbads : 0, lbaf & 0xffff);
		return RC_UNSUPPORTED;
	}
	nvme_disk.sectors = nsze;
	return RC_OK;
}

/* One I/O queue pair, QID 1, completions polled (no interrupt). */
static int
io_queues(void)
{
	uint32_t qsize = QUEUE_ENTRIES, dw0;
	struct nvme_sqe cmd;
	int rc;

	if (CAP_MQES(nv.cap) + 1 < qsize)
		return RC_UNSUPPORTED;
	/* Zero-based counts: one SQ and one CQ. */
	cmd = (struct nvme_sqe){ .cdw0 = OP_SET_FEATURES,
	    .cdw10 = FEAT_NQUEUES, .cdw11 = 0 };
	if ((rc = queue_run(&nv.admin, &cmd, "set number of queues", &dw0))
	    != 0)
		return rc;
	if ((rc = queue_alloc(&nv.io, 1)) != 0)
		return rc;
	/* Physically contiguous (PC), interrupts disabled (IEN = 0). */
	cmd = (struct nvme_sqe){ .cdw0 = OP_CREATE_CQ,
	    .prp1 = (uint64_t)nv.io.cq, .cdw10 = (qsize - 1) << 16 | 1,
	    .cdw11 = 1 };
	if ((rc = queue_run(&nv.admin, &cmd, "create I/O CQ", NULL)) != 0)
		return rc;
	cmd = (struct nvme_sqe){ .cdw0 = OP_CREATE_SQ,
	    .prp1 = (uint64_t)nv.io.sq, .cdw10 = (qsize - 1) << 16 | 1,
	    .cdw11 = 1u << 16 | 1 };
	return queue_run(&nv.admin, &cmd, "create I/O SQ", NULL);
}

static int
nvme_start(struct pci_dev *d)
{
	int rc;

	if ((nv.regs = pci_bar_map(d, 0)) == NULL)
		return RC_NODEV;
	pci_enable(d);
	nv.cap = (uint64_t)reg_read32(REG_CAP) |
	    (uint64_t)reg_read32(REG_CAP + 4) << 32;
	if (!(nv.cap & CAP_CSS_NVM) || CAP_MPSMIN(nv.cap) != 0) {
		kprintf("nvme: CAP %llx: no NVM command set or no 4 KiB "
		    "pages\n", (unsigned long long)nv.cap);
		return RC_UNSUPPORTED;
	}
	nv.ident = dma_alloc(1);
	nv.prp_list = dma_alloc(1);
	nv.bounce = dma_alloc(BOUNCE_PAGES);
	if (nv.ident == NULL || nv.prp_list == NULL || nv.bounce == NULL)
		return RC_NOMEM;
	if ((rc = ctrl_enable()) != 0 || (rc = ctrl_identify()) != 0 ||
	    (rc = ns_identify()) != 0 || (rc = io_queues()) != 0)
		return rc;
	return kern_disk_register(&nvme_disk);
}

/* The driver table's probe: the first disk only. */
static int
nvme_probe(struct pci_dev *d)
{
	int rc;

	if ((rc = kern_disk_busy("nvme")) != 0)
		return rc;
	/* A controller that failed before leaves its pages behind (a few,
	 * once): it is disabled, but nothing says it has let go of them. */
	memset(&nv, 0, sizeof(nv));
	if ((rc = nvme_start(d)) != 0 && nv.regs != NULL) {
		/* Leave it disabled: it must not DMA into memory we reuse. */
		reg_write32(REG_CC, 0);
		nv.broken = true;
	}
	return rc;
}

/* Any NVMe controller by class; QEMU's and Amazon's also by id, so they
 * are named even if one reports another class. */
PCI_DRIVER(nvme_class, "nvme", nvme_probe, PCI_MATCH_CLASS(0x01, 0x08, 0x02));
PCI_DRIVER(nvme_qemu, "nvme", nvme_probe, PCI_MATCH_ID(0x1b36, 0x0010));
PCI_DRIVER(nvme_amazon, "nvme", nvme_probe,
    PCI_MATCH_ID(0x1d0f, 0x8061, 0x0061, 0x0065, 0xcd00));
PCI_DRIVER(nvme_amazon2, "nvme", nvme_probe,
    PCI_MATCH_ID(0x1d0f, 0xcd01, 0xcd02));

/* One READ or WRITE of n sectors through the bounce buffer. */
static int
nvme_rw(uint32_t op, uint64_t sector, size_t n)
{
	struct nvme_sqe cmd = { .cdw0 = op, .nsid = NSID,
	    .cdw10 = (uint32_t)sector, .cdw11 = (uint32_t)(sector >> 32),
	    .cdw12 = (uint32_t)(n - 1) };

	prp_fill(&cmd, n * SECTOR);
	return queue_run(&nv.io, &cmd, op == OP_READ ? "read" : "write",
	    NULL);
}

static int
nvme_read(uint64_t sector, void *buf, size_t nsectors)
{
	uint8_t *p = buf;
	size_t n;
	int rc;

	while (nsectors > 0) {
		n = nsectors < nv.max_sectors ? nsectors : nv.max_sectors;
		if ((rc = nvme_rw(OP_READ, sector, n)) != 0)
			return rc;
		memcpy(p, nv.bounce, n * SECTOR);
		p += n * SECTOR;
		sector += n;
		nsectors -= n;
	}
	return RC_OK;
}

static int
nvme_write(uint64_t sector, const void *buf, size_t nsectors)
{
	const uint8_t *p = buf;
	size_t n;
	int rc;

	while (nsectors > 0) {
		n = nsectors < nv.max_sectors ? nsectors : nv.max_sectors;
		memcpy(nv.bounce, p, n * SECTOR);
		if ((rc = nvme_rw(OP_WRITE, sector, n)) != 0)
			return rc;
		p += n * SECTOR;
		sector += n;
		nsectors -= n;
	}
	return RC_OK;
}

static int
nvme_flush(void)
{
	struct nvme_sqe cmd = { .cdw0 = OP_FLUSH, .nsid = NSID };

	/* No volatile cache: completed writes are durable already. */
	if (!nv.vwc)
		return RC_OK;
	return queue_run(&nv.io, &cmd, "flush", NULL);
}
