/*
 * fs_map.c: the data disk's page cache and its memory mappings.
 *
 * mmap only reserves a slot of address space at KERN_FS_MAP_BASE; pages
 * are read on first touch by kern_fs_fault() into the page cache, a
 * two-level table indexed by file page (a directory of pointers to
 * 512-entry tables, allocated as pages are touched), and mapped into the
 * slot.  Each entry is the physical page ORed with flags: present, dirty,
 * and one bit per slot that has it mapped, so unmapping touches only
 * pages that are mapped.  Writable mappings start read-only; the first
 * write faults, marks the page dirty and maps it writable; writeback
 * (msync, fsync, the last munmap) writes it and unmaps it again.  The
 * cache lives until the last mapping goes away.  Design: fs.c's comment.
 *
 * Interface: kern_fs_mmap, kern_fs_munmap, kern_fs_msync, kern_fs_fault
 * (kernel.h); fs_cache_entry, fs_writeback (fs.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>

#include "err.h"
#include "fs.h"
#include "kernel.h"

/* see fs.h */
uint64_t *
fs_cache_entry(uint64_t pg, bool alloc)
{
	uint64_t **leaf;

	if (kern_fs.dir == NULL || pg >= kern_fs.npages)
		return NULL;
	leaf = &kern_fs.dir[pg / FS_LEAF];
	if (*leaf == NULL) {
		if (!alloc || (*leaf = kern_page_alloc(1)) == NULL)
			return NULL;
	}
	if (!alloc && !((*leaf)[pg % FS_LEAF] & FS_PRESENT))
		return NULL;
	return &(*leaf)[pg % FS_LEAF];
}

/* Sectors of file page pg that lie on the disk (the last may be short). */
static size_t
fs_page_sectors(uint64_t pg)
{
	uint64_t left = kern_fs.size - pg * KERN_PAGE_SIZE;

	return left >= KERN_PAGE_SIZE ? KERN_PAGE_SIZE / FS_SECTOR :
	    left / FS_SECTOR;
}

/* The address of file page pg in map slot i. */
static uint64_t
fs_map_va(int i, uint64_t pg)
{
	struct fs_map *m = &kern_fs.maps[i];

	return m->va + (pg - m->pgoff) * KERN_PAGE_SIZE;
}

/* Remove page pg (entry e) from every map slot in which it is mapped. */
static void
fs_unmap_all(uint64_t *e, uint64_t pg)
{
	int i;

	for (i = 0; i < FS_MAX_MAPS; i++) {
		if (*e & FS_MAPPED(i)) {
			kern_unmap_page(fs_map_va(i, pg));
			*e &= ~FS_MAPPED(i);
		}
	}
}

/* see fs.h */
int
fs_writeback(uint64_t first, uint64_t end)
{
	uint64_t pg, *e;
	int rc;

	if (end > kern_fs.npages)
		end = kern_fs.npages;
	for (pg = first; pg < end && kern_fs.ndirty > 0; pg++) {
		if (kern_fs.dir[pg / FS_LEAF] == NULL) {
			pg |= FS_LEAF - 1;	/* skip the absent table */
			continue;
		}
		e = &kern_fs.dir[pg / FS_LEAF][pg % FS_LEAF];
		if (!(*e & FS_DIRTY))
			continue;
		fs_unmap_all(e, pg);
		rc = kern_blk_write(pg * (KERN_PAGE_SIZE / FS_SECTOR),
		    fs_entry_page(*e), fs_page_sectors(pg));
		if (rc != 0)
			return rc;
		*e &= ~FS_DIRTY;
		kern_fs.ndirty--;
	}
	return 0;
}

/* The map slot holding addr, or -1. */
static int
fs_map_find(uint64_t addr)
{
	int i;

	for (i = 0; i < FS_MAX_MAPS; i++)
		if (kern_fs.maps[i].used && addr >= kern_fs.maps[i].va &&
		    addr - kern_fs.maps[i].va < kern_fs.maps[i].len)
			return i;
	return -1;
}

/* see kernel.h */
long
kern_fs_mmap(int fd, size_t len, int prot, int flags, int64_t off)
{
	struct fs_file *f = fs_file(fd);
	size_t ndir;
	int i;

	if (f == NULL)
		return -EBADF;
	if (len == 0 || off < 0 || off % KERN_PAGE_SIZE != 0 ||
	    (flags & MAP_FIXED) || !(flags & (MAP_SHARED | MAP_PRIVATE)))
		return -EINVAL;
	if (prot & PROT_EXEC)
		return -EPERM;		/* data is never executable */
	/* A private writable map would need copy-on-write: not offered. */
	if ((prot & PROT_WRITE) && !(flags & MAP_SHARED))
		return -EINVAL;
	if ((prot & PROT_WRITE) && (f->flags & O_ACCMODE) != O_RDWR)
		return -EACCES;
	len = (len + KERN_PAGE_SIZE - 1) & ~(KERN_PAGE_SIZE - 1);
	if (len > FS_MAP_SLOT)
		return -ENOMEM;
	if (kern_fs.dir == NULL) {
		ndir = (kern_fs.npages + FS_LEAF - 1) / FS_LEAF;
		kern_fs.dir_pages = (ndir * sizeof(uint64_t *) +
		    KERN_PAGE_SIZE - 1) / KERN_PAGE_SIZE;
		if (kern_fs.dir_pages == 0)
			kern_fs.dir_pages = 1;
		if ((kern_fs.dir = kern_page_alloc(kern_fs.dir_pages)) == NULL)
			return -ENOMEM;
	}
	for (i = 0; i < FS_MAX_MAPS; i++) {
		if (!kern_fs.maps[i].used) {
			kern_fs.maps[i] = (struct fs_map){ .used = true,
			    .writable = (prot & PROT_WRITE) != 0,
			    .va = KERN_FS_MAP_BASE + i * FS_MAP_SLOT,
			    .len = len, .pgoff = off / KERN_PAGE_SIZE };
			return (long)kern_fs.maps[i].va;
		}
	}
	return -ENOMEM;
}

/* Drop the whole cache once no mapping is left. */
static void
fs_cache_free(void)
{
	size_t t, j;

	uint64_t *leaf;

	for (t = 0; t < (kern_fs.npages + FS_LEAF - 1) / FS_LEAF; t++) {
		if ((leaf = kern_fs.dir[t]) == NULL)
			continue;
		for (j = 0; j < FS_LEAF; j++)
			if (leaf[j] & FS_PRESENT)
				kern_page_free(fs_entry_page(leaf[j]), 1);
		kern_page_free(leaf, 1);
	}
	kern_page_free(kern_fs.dir, kern_fs.dir_pages);
	kern_fs.dir = NULL;
	kern_fs.ndirty = 0;
}

/* see kernel.h */
long
kern_fs_munmap(uint64_t addr, size_t len)
{
	struct fs_map *m;
	uint64_t pg, end, *e;
	int i = fs_map_find(addr), rc;

	len = (len + KERN_PAGE_SIZE - 1) & ~(KERN_PAGE_SIZE - 1);
	/* LMDB unmaps whole mappings only; so do we. */
	if (i < 0 || kern_fs.maps[i].va != addr || kern_fs.maps[i].len != len)
		return -EINVAL;
	m = &kern_fs.maps[i];
	end = m->pgoff + m->len / KERN_PAGE_SIZE;
	/* Dirty pages go to the disk now: the cache may be dropped below. */
	if (m->writable && (rc = fs_writeback(m->pgoff, end)) != 0)
		return fs_errno(rc);
	for (pg = m->pgoff; pg < end && pg < kern_fs.npages; pg++) {
		if (kern_fs.dir[pg / FS_LEAF] == NULL) {
			pg |= FS_LEAF - 1;
			continue;
		}
		e = &kern_fs.dir[pg / FS_LEAF][pg % FS_LEAF];
		if (*e & FS_MAPPED(i)) {
			kern_unmap_page(fs_map_va(i, pg));
			*e &= ~FS_MAPPED(i);
		}
	}
	m->used = false;
	for (i = 0; i < FS_MAX_MAPS; i++)
		if (kern_fs.maps[i].used)
			return 0;
	/* The last one: pages dirtied through other mappings go out too. */
	if ((rc = fs_writeback(0, kern_fs.npages)) != 0)
		return fs_errno(rc);
	fs_cache_free();
	return 0;
}

/* see kernel.h */
long
kern_fs_msync(uint64_t addr, size_t len, int flags)
{
	struct fs_map *m;
	uint64_t first, end;
	int i = fs_map_find(addr), rc;

	if (addr % KERN_PAGE_SIZE != 0)
		return -EINVAL;
	if (i < 0)
		return -ENOMEM;
	m = &kern_fs.maps[i];
	first = m->pgoff + (addr - m->va) / KERN_PAGE_SIZE;
	end = first + (len + KERN_PAGE_SIZE - 1) / KERN_PAGE_SIZE;
	if ((rc = fs_writeback(first, end)) != 0)
		return fs_errno(rc);
	if (!(flags & MS_ASYNC) && (rc = kern_blk_flush()) != 0)
		return fs_errno(rc);
	return 0;
}

/* Read file page pg from the disk into a fresh page; 0 when that fails. */
static uint64_t
fs_page_in(uint64_t pg)
{
	uint8_t *p = kern_page_alloc(1);
	int rc;

	if (p == NULL) {
		kprintf("fs: out of memory for file page %llu\n",
		    (unsigned long long)pg);
		return 0;
	}
	/* A fresh, identity-mapped page: this cannot fault again. */
	rc = kern_blk_read(pg * (KERN_PAGE_SIZE / FS_SECTOR), p,
	    fs_page_sectors(pg));
	if (rc != 0) {
		kprintf("fs: reading file page %llu: %s\n",
		    (unsigned long long)pg, err_str(rc));
		kern_page_free(p, 1);
		return 0;
	}
	return (uint64_t)(uintptr_t)p | FS_PRESENT;
}

/* see kernel.h */
bool
kern_fs_fault(uint64_t addr, bool write)
{
	struct fs_map *m;
	uint64_t pg, va, *e;
	int i = fs_map_find(addr), flags = 0;

	if (i < 0)
		return false;
	m = &kern_fs.maps[i];
	if (write && !m->writable)
		return false;
	va = addr & ~(KERN_PAGE_SIZE - 1);
	pg = m->pgoff + (va - m->va) / KERN_PAGE_SIZE;
	/* Beyond the disk: SIGBUS on Linux; the handler panics. */
	if ((e = fs_cache_entry(pg, true)) == NULL)
		return false;
	if (!(*e & FS_PRESENT) && (*e = fs_page_in(pg)) == 0)
		return false;
	/* A write to a read-only mapped page: map it again, writable. */
	if (*e & FS_MAPPED(i)) {
		kern_unmap_page(va);
		*e &= ~FS_MAPPED(i);
	}
	if (write && !(*e & FS_DIRTY)) {
		*e |= FS_DIRTY;
		kern_fs.ndirty++;
	}
	if (m->writable && (*e & FS_DIRTY))
		flags = KERN_MAP_WRITE;
	if (kern_map_page(va, (uint64_t)(uintptr_t)fs_entry_page(*e),
	    flags) != 0)
		return false;
	*e |= FS_MAPPED(i);
	return true;
}
