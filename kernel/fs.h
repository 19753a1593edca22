/*
 * fs.h: private to fs.c and fs_map.c, the data disk as LMDB's one file.
 * See the comment at the top of fs.c.
 */
#ifndef KERNEL_FS_H
#define KERNEL_FS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "kernel.h"

#define FS_SECTOR	512
#define FS_FD_BASE	3		/* 0-2 are the console */
#define FS_MAX_FDS	8		/* LMDB opens the path twice */
#define FS_MAX_MAPS	4		/* LMDB maps the file once */
#define FS_STAGE	(64 * 1024)	/* bytes per disk request */
#define FS_MAP_SLOT	STORE_MAX_MAP	/* address space per mapping */
#define FS_LEAF		512		/* entries per cache table page */

/*
 * A cache entry: the physical page (page aligned) ORed with these flags,
 * and one bit per map slot in which the page is currently mapped.
 */
#define FS_PRESENT	1ULL
#define FS_DIRTY	2ULL
#define FS_MAPPED(i)	(4ULL << (i))
#define FS_FLAGS	0xfffULL

_Static_assert(FS_MAX_MAPS <= 8, "map bits fit below the page address");
_Static_assert((unsigned long long)FS_MAX_MAPS * FS_MAP_SLOT <=
    KERN_FS_MAP_BASE, "the map slots fit in the 1 TiB above the base");

struct fs_file {
	bool used;
	bool cloexec;
	int flags;		/* open flags: access mode, O_DSYNC */
	int64_t off;		/* for lseek and read/write */
};

struct fs_map {
	bool used;
	bool writable;
	uint64_t va;		/* start, page aligned */
	uint64_t len;		/* bytes, a multiple of the page size */
	uint64_t pgoff;		/* file page at va */
};

struct fs_state {
	struct fs_file files[FS_MAX_FDS];
	struct fs_map maps[FS_MAX_MAPS];
	uint64_t size;		/* disk bytes */
	uint64_t npages;	/* file pages, the last maybe partial */
	uint8_t *stage;		/* FS_STAGE bytes of staging buffer */
	uint64_t **dir;		/* cache: dir[pg / FS_LEAF][pg % FS_LEAF] */
	size_t dir_pages;
	uint64_t ndirty;	/* dirty cached pages */
};
extern struct fs_state kern_fs;

/* fs.c: descriptors and byte I/O */

/* An enum err as a negative errno. */
long fs_errno(int err);

/* The open file behind descriptor fd, or NULL. */
struct fs_file *fs_file(int fd);

/* fs_map.c: the page cache and the mappings */

/*
 * The cache entry of file page pg.  Without alloc, NULL unless the page
 * is cached; with alloc, the (maybe empty) slot, or NULL when out of
 * memory or beyond the disk.
 */
uint64_t *fs_cache_entry(uint64_t pg, bool alloc);

/*
 * Write the dirty cached pages of [first, end) to the disk, unmapping
 * each first so that its next write faults and dirties it again.
 * Returns 0 or an enum err.
 */
int fs_writeback(uint64_t first, uint64_t end);

/* The page a cache entry holds. */
static inline uint8_t *
fs_entry_page(uint64_t e)
{
	return (uint8_t *)(uintptr_t)(e & ~FS_FLAGS);
}

#endif /* KERNEL_FS_H */
