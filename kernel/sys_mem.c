/*
 * sys_mem.c: the memory syscalls musl's malloc and LMDB make.
 *
 * brk is a bump region at BRK_BASE (above the file map), backed page by
 * page from the allocator as it grows, never given back; musl's malloc
 * uses it for small allocations.  Anonymous mmap is a zeroed, physically
 * contiguous run from kern_page_alloc (identity mapped, so the address is
 * the page's own); munmap frees it, wholly or in part.  File mappings
 * belong to fs.c.  Nothing is ever mapped executable: PROT_EXEC fails.
 *
 * Interface: sys_brk, sys_mmap, sys_munmap, sys_mremap, sys_mprotect,
 * sys_madvise, sys_msync (syscall.h).
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "kernel.h"
#include "syscall.h"

#define BRK_BASE	0x20000000000ULL	/* 2 TiB */
#define BRK_MAX		(1ULL << 30)		/* enough for malloc's small
						 * chunks; big ones use mmap */
#define FS_MAP_END	(KERN_FS_MAP_BASE + (1ULL << 40))

static uint64_t brk_cur = BRK_BASE;
static uint64_t brk_mapped = BRK_BASE;	/* end of the pages behind brk */

static uint64_t
pages(uint64_t len)
{
	return (len + KERN_PAGE_SIZE - 1) / KERN_PAGE_SIZE;
}

static bool
in_fs_map(uint64_t addr)
{
	return addr >= KERN_FS_MAP_BASE && addr < FS_MAP_END;
}

/* brk(addr): grow or shrink; the current break on failure or query. */
long
sys_brk(const long *a)
{
	uint64_t want = (uint64_t)a[0], old_mapped = brk_mapped;
	void *p;

	if (want < BRK_BASE || want > BRK_BASE + BRK_MAX)
		return (long)brk_cur;
	while (brk_mapped < want) {
		p = kern_page_alloc(1);
		if (p == NULL)
			return (long)brk_cur;
		kern_map_page(brk_mapped, (uint64_t)p, KERN_MAP_WRITE);
		brk_mapped += KERN_PAGE_SIZE;
	}
	/* Memory that was given back and is taken again must read as zero,
	 * as fresh pages do. */
	if (want > brk_cur && brk_cur < old_mapped)
		memset((void *)brk_cur, 0, (want < old_mapped ? want :
		    old_mapped) - brk_cur);
	brk_cur = want;
	return (long)brk_cur;
}

/* mmap(addr, len, prot, flags, fd, off) */
long
sys_mmap(const long *a)
{
	uint64_t len = (uint64_t)a[1];
	int prot = (int)a[2], flags = (int)a[3];
	void *p;

	if (len == 0 || (flags & MAP_FIXED))
		return -EINVAL;
	if (prot & PROT_EXEC)
		return -EPERM;
	if (!(flags & MAP_ANONYMOUS))
		return kern_fs_mmap((int)a[4], len, prot, flags, a[5]);
	p = kern_page_alloc(pages(len));
	return p == NULL ? -ENOMEM : (long)p;
}

/* munmap(addr, len) */
long
sys_munmap(const long *a)
{
	uint64_t addr = (uint64_t)a[0], len = (uint64_t)a[1];

	if (addr % KERN_PAGE_SIZE != 0 || len == 0)
		return -EINVAL;
	if (in_fs_map(addr))
		return kern_fs_munmap(addr, len);
	if (!kern_mm_is_heap(addr, len))
		return -EINVAL;
	kern_page_free((void *)addr, pages(len));
	return 0;
}

/* mremap: refused, so musl's realloc falls back to malloc, copy, free. */
long
sys_mremap(const long *a)
{
	return -ENOMEM;
}

/* mprotect(addr, len, prot): pages stay read-write, no-execute; a
 * request for execute is refused, anything else accepted as is. */
long
sys_mprotect(const long *a)
{
	return (a[2] & PROT_EXEC) ? -EACCES : 0;
}

/* madvise: advice only; nothing to do. */
long
sys_madvise(const long *a)
{
	return 0;
}

/* msync(addr, len, flags): the file map writes back through fs.c. */
long
sys_msync(const long *a)
{
	if (in_fs_map((uint64_t)a[0]))
		return kern_fs_msync((uint64_t)a[0], (size_t)a[1], (int)a[2]);
	return 0;
}
