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
	return disk != NULL ? disk->sectors : 0;
}

static int
blk_check(uint64_t sector, size_t n)
{
	if (disk == NULL)
		return RC_NODEV;
	if (sector > disk->sectors || n > disk->sectors - sector)
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
	return nsectors == 0 ? RC_OK : disk->read(sector, buf, nsectors);
}

/* see kernel.h */
int
kern_blk_write(uint64_t sector, const void *buf, size_t nsectors)
{
	int rc;

	if ((rc = blk_check(sector, nsectors)) != 0)
		return rc;
	return nsectors == 0 ? RC_OK : disk->write(sector, buf, nsectors);
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

	if (disk == NULL || disk->sectors < 2 * TEST_SECTORS) {
		kprintf("disk_selftest: FAIL: no disk of %u KiB\n",
		    (unsigned)(2 * TEST_PAGES * 4));
		return RC_NODEV;
	}
	/* The disk's end: past the store's data on a disk with room left. */
	end = (disk->sectors - TEST_SECTORS) & ~7ULL;
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
