/*
 * blk.c: the data disk, whichever driver found it.
 *
 * The store's file (fs.c) reads and writes "the disk" through
 * kern_blk_*; which device that is, is decided by the bus walk: the first
 * disk driver to probe (virtio-blk over PCI or MMIO, NVMe) registers a
 * struct kern_disk here, and a later disk is logged and left alone, so the
 * store never lands on a disk by accident of two drivers.  The range
 * check is done once, here, for every driver.
 *
 * The self-test (kern_blk_selftest) works on whatever disk registered.  It
 * exists because the store reads 4 KiB pages one at a time and a serving
 * node never writes, so serving a site never issues the large transfers
 * that need an NVMe PRP list or an MDTS split, nor any write or flush.
 * It reads the disk's first pages, which hold real data, and writes only
 * at the disk's end, whose bytes it puts back: meant for a scratch copy
 * of a disk all the same, since a crash in between would leave the
 * pattern there.
 *
 * The store is the whole disk, or a partition of it.  On first use we
 * read LBA 1: if it holds a GPT header ("EFI PART"), the partition whose
 * type is KERN_STORE_TYPE_GUID (image/mkdisk.c writes it) is the store,
 * and kern_blk_* address sectors inside it (part_start, part_sectors);
 * with no GPT the whole disk is the store, as with a bare build/sample.img.
 * A GPT with no store partition leaves no store (the disk reads as empty).
 *
 * Interface: kern_blk_present, kern_blk_sectors, kern_blk_read,
 * kern_blk_write, kern_blk_flush, kern_disk_register, kern_disk_busy,
 * kern_blk_selftest (kernel.h).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "err.h"
#include "kernel.h"

#define BLK_SECTOR	512
/* Large enough to need a PRP list and an MDTS split of 64 KiB. */
#define TEST_PAGES	40
#define TEST_SECTORS	(TEST_PAGES * KERN_PAGE_SIZE / BLK_SECTOR)

static const struct kern_disk *disk;
static bool part_done;
static uint64_t part_start, part_sectors;

/* 7b79a8ce-8abe-4e06-b145-cfa03ea2c3b3, as GPT stores it. */
static const uint8_t store_type[16] = {
	0xce, 0xa8, 0x79, 0x7b, 0xbe, 0x8a, 0x06, 0x4e,
	0xb1, 0x45, 0xcf, 0xa0, 0x3e, 0xa2, 0xc3, 0xb3,
};

static uint64_t
le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* Find the store partition in the GPT, if there is one; buf: a page. */
static void
part_scan(uint8_t *buf)
{
	uint64_t lba, first, last, n, i, esz;
	const uint8_t *e;

	if (disk->read(1, buf, 1) != 0 || memcmp(buf, "EFI PART", 8) != 0) {
		kprintf("disk: no GPT: the whole disk is the store\n");
		return;
	}
	lba = le64(buf + 72);
	n = (uint32_t)le64(buf + 80);
	esz = (uint32_t)le64(buf + 84);
	if (esz < 128 || esz > BLK_SECTOR || BLK_SECTOR % esz != 0 ||
	    n > 1024) {
		kprintf("disk: GPT entries of %lu bytes: no store\n", esz);
		part_sectors = 0;
		return;
	}
	for (i = 0; i < n; i++) {
		if (i % (BLK_SECTOR / esz) == 0 &&
		    disk->read(lba + i / (BLK_SECTOR / esz), buf, 1) != 0)
			break;
		e = buf + (i % (BLK_SECTOR / esz)) * esz;
		if (memcmp(e, store_type, 16) != 0)
			continue;
		first = le64(e + 32);
		last = le64(e + 40);
		if (first > last || last >= disk->sectors)
			break;
		part_start = first;
		part_sectors = last - first + 1;
		kprintf("disk: the store is GPT partition %lu of %s: sectors "
		    "%lu-%lu (%lu MiB)\n", i + 1, disk->name, first, last,
		    part_sectors >> 11);
		return;
	}
	kprintf("disk: GPT on %s has no store partition\n", disk->name);
	part_sectors = 0;
}

/* The store's place on the disk, found on first use. */
static void
part_find(void)
{
	uint8_t *buf;

	if (part_done || disk == NULL)
		return;
	part_done = true;
	part_start = 0;
	part_sectors = disk->sectors;
	if ((buf = kern_page_alloc(1)) == NULL) {
		kprintf("disk: no memory to read the partition table\n");
		return;
	}
	part_scan(buf);
	kern_page_free(buf, 1);
}

/* see kernel.h */
int
kern_disk_busy(const char *name)
{
	if (disk == NULL)
		return RC_OK;
	kprintf("disk: a second disk (%s) is ignored; the data disk is %s\n",
	    name, disk->name);
	return RC_EXISTS;
}

/* see kernel.h */
int
kern_disk_register(const struct kern_disk *d)
{
	int rc;

	if ((rc = kern_disk_busy(d->name)) != 0)
		return rc;
	disk = d;
	kprintf("disk: the data disk is %s, %llu sectors (%llu MiB)\n",
	    d->name, (unsigned long long)d->sectors,
	    (unsigned long long)(d->sectors >> 11));
	return RC_OK;
}

/* see kernel.h */
bool
kern_blk_present(void)
{
	return disk != NULL;
}

/* see kernel.h */
uint64_t
kern_blk_sectors(void)
{
	part_find();
	return disk != NULL ? part_sectors : 0;
}

static int
blk_check(uint64_t sector, size_t n)
{
	if (disk == NULL)
		return RC_NODEV;
	part_find();
	if (sector > part_sectors || n > part_sectors - sector)
		return RC_INVAL;
	return RC_OK;
}

/* see kernel.h */
int
kern_blk_read(uint64_t sector, void *buf, size_t nsectors)
{
	int rc;

	if ((rc = blk_check(sector, nsectors)) != 0)
		return rc;
	return nsectors == 0 ? RC_OK : disk->read(part_start + sector, buf,
	    nsectors);
}

/* see kernel.h */
int
kern_blk_write(uint64_t sector, const void *buf, size_t nsectors)
{
	int rc;

	if ((rc = blk_check(sector, nsectors)) != 0)
		return rc;
	return nsectors == 0 ? RC_OK : disk->write(part_start + sector, buf,
	    nsectors);
}

/* see kernel.h */
int
kern_blk_flush(void)
{
	if (disk == NULL)
		return RC_NODEV;
	return disk->flush();
}

/* Read the TEST_PAGES at start into big at once, then page by page into
 * small, and compare; 0 or the error, with what failed in *what. */
static int
blk_compare(uint64_t start, const uint8_t *big, uint8_t *small,
    const char **what)
{
	const size_t spp = KERN_PAGE_SIZE / BLK_SECTOR;
	size_t i;
	int rc;

	for (i = 0; i < TEST_PAGES; i++) {
		*what = "a page read";
		if ((rc = kern_blk_read(start + i * spp, small, spp)) != 0)
			return rc;
		*what = "one large transfer and page reads differ";
		if (memcmp(small, big + i * KERN_PAGE_SIZE, KERN_PAGE_SIZE))
			return RC_CORRUPT;
	}
	return RC_OK;
}

/* Fill buf with a pattern no two sectors share: its sector number and
 * a counter in every word, so a page or sector out of place shows. */
static void
blk_pattern(uint8_t *buf, uint64_t start)
{
	uint64_t *w = (uint64_t *)buf;
	size_t i, n = TEST_PAGES * KERN_PAGE_SIZE / 8;

	for (i = 0; i < n; i++)
		w[i] = (start + i * 8 / BLK_SECTOR) << 16 ^ i ^
		    0xa5a5000000000000ULL;
}

/*
 * The self-test's steps: the disk's first TEST_PAGES (the store's meta
 * and first pages: real data) read at once and page by page; then at
 * the disk's end, the original saved, a pattern written at once and read
 * back page by page, the original written back at once, flushed and
 * read back.  big, save: TEST_PAGES each; small: one page.
 */
static int
blk_selftest_run(uint64_t end, uint8_t *big, uint8_t *save, uint8_t *small,
    const char **what)
{
	int rc;

	*what = "one large read at the start";
	if ((rc = kern_blk_read(0, big, TEST_SECTORS)) != 0 ||
	    (rc = blk_compare(0, big, small, what)) != 0)
		return rc;
	*what = "one large read at the end";
	if ((rc = kern_blk_read(end, save, TEST_SECTORS)) != 0)
		return rc;
	blk_pattern(big, end);
	*what = "one large write of the pattern";
	if ((rc = kern_blk_write(end, big, TEST_SECTORS)) != 0 ||
	    (rc = blk_compare(end, big, small, what)) != 0)
		return rc;
	*what = "one large write of the original";
	if ((rc = kern_blk_write(end, save, TEST_SECTORS)) != 0)
		return rc;
	*what = "flush";
	if ((rc = kern_blk_flush()) != 0)
		return rc;
	return blk_compare(end, save, small, what);
}

/* see kernel.h */
int
kern_blk_selftest(void)
{
	uint8_t *big, *save, *small;
	const char *what = "memory";
	uint64_t end, t0;
	int rc = RC_NOMEM;

	if (disk == NULL || kern_blk_sectors() < 2 * TEST_SECTORS) {
		kprintf("disk_selftest: FAIL: no disk of %u KiB\n",
		    (unsigned)(2 * TEST_PAGES * 4));
		return RC_NODEV;
	}
	/* The disk's end: past the store's data on a disk with room left. */
	end = (part_sectors - TEST_SECTORS) & ~7ULL;
	big = kern_page_alloc(TEST_PAGES);
	save = kern_page_alloc(TEST_PAGES);
	small = kern_page_alloc(1);
	t0 = kern_clock_ns();
	if (big != NULL && save != NULL && small != NULL)
		rc = blk_selftest_run(end, big, save, small, &what);
	if (rc == 0)
		kprintf("disk_selftest: PASS: %s: %u KiB at once equals %u "
		    "page reads at sector 0 (read) and at sector %llu (a "
		    "pattern written, then the original written back and "
		    "flushed) in %llu ms\n", disk->name,
		    (unsigned)(TEST_PAGES * 4), (unsigned)TEST_PAGES,
		    (unsigned long long)end,
		    (unsigned long long)((kern_clock_ns() - t0) / 1000000));
	else
		kprintf("disk_selftest: FAIL: %s: %s: %s\n", disk->name, what,
		    err_str(rc));
	kern_page_free(big, TEST_PAGES);
	kern_page_free(save, TEST_PAGES);
	kern_page_free(small, 1);
	return rc;
}
