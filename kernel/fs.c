/*
 * fs.c: the data disk as the one file LMDB opens.
 *
 * How LMDB meets the disk.  The storage layer opens KERN_FS_PATH
 * ("/dev/vda") with MDB_NOSUBDIR | MDB_NOLOCK, so LMDB wants exactly one
 * file and no lock file; the whole data disk (virtio-blk or NVMe, see
 * drivers/blk.c) is that file, byte for byte, with no file system in
 * between.  LMDB's calls arrive through
 * the syscall layer and land here with Linux semantics:
 *
 *  - open() returns a descriptor (>= 3); LMDB may open the path a second
 *    time with O_DSYNC for its meta-page writes, and every pwrite on such
 *    a descriptor flushes the disk's write cache before it returns.
 *  - pread/pwrite work at any byte offset; partial sectors are read,
 *    modified and written back.  fsync/fdatasync flush the device.
 *  - mmap reserves a virtual range at KERN_FS_MAP_BASE and reads nothing,
 *    so boot time does not grow with the disk.  The first touch of a page
 *    faults; kern_fs_fault() reads that 4 KiB page into a fresh physical
 *    page and maps it.  Pages stay resident in a page cache (a two-level
 *    table indexed by file page) shared by all mappings until the last
 *    mapping goes away.
 *  - LMDB writes with pwrite and reads through the map, so pwrite copies
 *    the new bytes into any cached page as well as onto the disk: the
 *    cache and the disk always agree, except for pages dirtied through a
 *    writable mapping (MDB_WRITEMAP).  Those are mapped read-only until
 *    the first write faults, marked dirty, and written back by msync,
 *    fsync or the last munmap; pread prefers them to the disk.
 *
 * A page fault can happen inside pwrite or pread when the caller's buffer
 * is itself in the map.  The fault reads the disk (kern_blk_read), so the
 * caller's bytes are only ever copied to or from our staging buffer while
 * no disk request is in flight, and the fault path never uses that buffer.
 * Single core, no threads: no locks.
 *
 * Interface: kern_fs_open, kern_fs_close, kern_fs_pread, kern_fs_pwrite,
 * kern_fs_fstat, kern_fs_lseek, kern_fs_fsync, kern_fs_fcntl (kernel.h);
 * fs_errno, fs_file (fs.h).  The page cache and the mappings are in
 * fs_map.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>


#include "err.h"
#include "fs.h"
#include "kernel.h"

struct fs_state kern_fs;

/* see fs.h */
long
fs_errno(int err)
{
	switch (err) {
	case RC_OK:
		return 0;
	case RC_NOMEM:
		return -ENOMEM;
	case RC_INVAL:
		return -EINVAL;
	case RC_NODEV:
		return -ENXIO;
	default:
		return -EIO;
	}
}

/* see fs.h */
struct fs_file *
fs_file(int fd)
{
	if (fd < FS_FD_BASE || fd >= FS_FD_BASE + FS_MAX_FDS ||
	    !kern_fs.files[fd - FS_FD_BASE].used)
		return NULL;
	return &kern_fs.files[fd - FS_FD_BASE];
}

/* see kernel.h */
long
kern_fs_open(const char *path, int flags, int mode)
{
	int i;

	if (path == NULL || strcmp(path, KERN_FS_PATH) != 0)
		return -ENOENT;
	if (!kern_blk_present())
		return -ENXIO;
	if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		return -EEXIST;
	if (flags & O_DIRECTORY)
		return -ENOTDIR;
	if (kern_fs.stage == NULL) {
		kern_fs.stage = kern_page_alloc(FS_STAGE / KERN_PAGE_SIZE);
		if (kern_fs.stage == NULL)
			return -ENOMEM;
		kern_fs.size = kern_blk_sectors() * FS_SECTOR;
		kern_fs.npages = (kern_fs.size + KERN_PAGE_SIZE - 1) /
		    KERN_PAGE_SIZE;
	}
	for (i = 0; i < FS_MAX_FDS; i++) {
		if (!kern_fs.files[i].used) {
			kern_fs.files[i] = (struct fs_file){ .used = true,
			    .flags = flags & ~(O_CREAT | O_EXCL | O_TRUNC |
			    O_NOCTTY | O_CLOEXEC),
			    .cloexec = (flags & O_CLOEXEC) != 0 };
			return FS_FD_BASE + i;
		}
	}
	return -EMFILE;
}

/* see kernel.h */
long
kern_fs_close(int fd)
{
	struct fs_file *f = fs_file(fd);

	if (f == NULL)
		return -EBADF;
	f->used = false;
	return 0;
}

/*
 * Copy the sectors [lo, lo + len) of the file into dst, cache first: a
 * cached page is never older than the disk.
 */
static int
fs_read_range(uint8_t *dst, uint64_t lo, size_t len)
{
	uint64_t pos, pend;
	uint64_t *e;
	int rc;

	if ((rc = kern_blk_read(lo / FS_SECTOR, dst, len / FS_SECTOR)) != 0)
		return rc;
	for (pos = lo; pos < lo + len; pos = pend) {
		pend = (pos / KERN_PAGE_SIZE + 1) * KERN_PAGE_SIZE;
		if (pend > lo + len)
			pend = lo + len;
		e = fs_cache_entry(pos / KERN_PAGE_SIZE, false);
		if (e != NULL && (*e & FS_DIRTY))
			memcpy(dst + (pos - lo), fs_entry_page(*e) +
			    pos % KERN_PAGE_SIZE, pend - pos);
	}
	return 0;
}

/* The chunk of [off, off + n) that fits the staging buffer, in sectors. */
static size_t
fs_chunk(uint64_t off, size_t n, uint64_t *lo, uint64_t *hi)
{
	*lo = off & ~(uint64_t)(FS_SECTOR - 1);
	if (n > FS_STAGE - (off - *lo))
		n = FS_STAGE - (off - *lo);
	*hi = (off + n + FS_SECTOR - 1) & ~(uint64_t)(FS_SECTOR - 1);
	return n;
}

/* see kernel.h */
long
kern_fs_pread(int fd, void *buf, size_t n, int64_t off)
{
	struct fs_file *f = fs_file(fd);
	uint64_t lo, hi;
	size_t done = 0, c;
	int rc;

	if (f == NULL || (f->flags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	if (off < 0)
		return -EINVAL;
	if ((uint64_t)off >= kern_fs.size)
		return 0;
	if (n > kern_fs.size - (uint64_t)off)
		n = kern_fs.size - (uint64_t)off;
	while (done < n) {
		c = fs_chunk(off + done, n - done, &lo, &hi);
		if ((rc = fs_read_range(kern_fs.stage, lo, hi - lo)) != 0)
			return done ? (long)done : fs_errno(rc);
		/* May fault into the map: the disk is idle now. */
		memcpy((uint8_t *)buf + done, kern_fs.stage + (off + done - lo),
		    c);
		done += c;
	}
	return (long)done;
}

/* Copy [off, off + n) of stage (which starts at file offset lo) into any
 * cached pages, so the map sees what pwrite wrote. */
static void
fs_cache_update(uint64_t lo, uint64_t off, size_t n)
{
	uint64_t pos, pend;
	uint64_t *e;

	for (pos = off; pos < off + n; pos = pend) {
		pend = (pos / KERN_PAGE_SIZE + 1) * KERN_PAGE_SIZE;
		if (pend > off + n)
			pend = off + n;
		e = fs_cache_entry(pos / KERN_PAGE_SIZE, false);
		if (e != NULL)
			memcpy(fs_entry_page(*e) + pos % KERN_PAGE_SIZE,
			    kern_fs.stage + (pos - lo), pend - pos);
	}
}

/* Write one chunk of at most FS_STAGE bytes, partial sectors included. */
static int
fs_write_chunk(const uint8_t *src, uint64_t off, size_t c, uint64_t lo,
    uint64_t hi)
{
	int rc;

	if (off != lo &&
	    (rc = fs_read_range(kern_fs.stage, lo, FS_SECTOR)) != 0)
		return rc;
	if ((off + c) % FS_SECTOR != 0 && (hi - lo > FS_SECTOR || off == lo) &&
	    (rc = fs_read_range(kern_fs.stage + (hi - lo - FS_SECTOR),
	    hi - FS_SECTOR, FS_SECTOR)) != 0)
		return rc;
	/* May fault into the map: the disk is idle now. */
	memcpy(kern_fs.stage + (off - lo), src, c);
	fs_cache_update(lo, off, c);
	return kern_blk_write(lo / FS_SECTOR, kern_fs.stage,
	    (hi - lo) / FS_SECTOR);
}

/* see kernel.h */
long
kern_fs_pwrite(int fd, const void *buf, size_t n, int64_t off)
{
	struct fs_file *f = fs_file(fd);
	uint64_t lo, hi;
	size_t done = 0, c;
	int rc;

	if (f == NULL || (f->flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	if (off < 0)
		return -EINVAL;
	if (n == 0)
		return 0;
	if ((uint64_t)off >= kern_fs.size)
		return -ENOSPC;
	if (n > kern_fs.size - (uint64_t)off)
		n = kern_fs.size - (uint64_t)off;
	while (done < n) {
		c = fs_chunk(off + done, n - done, &lo, &hi);
		rc = fs_write_chunk((const uint8_t *)buf + done, off + done, c,
		    lo, hi);
		if (rc != 0)
			return done ? (long)done : fs_errno(rc);
		done += c;
	}
	if ((f->flags & O_DSYNC) && (rc = kern_blk_flush()) != 0)
		return fs_errno(rc);
	return (long)done;
}

/* see kernel.h */
long
kern_fs_fstat(int fd, struct stat *st)
{
	if (fs_file(fd) == NULL)
		return -EBADF;
	memset(st, 0, sizeof(*st));
	st->st_dev = 0xfd00;
	st->st_ino = 1;
	st->st_mode = S_IFREG | 0600;
	st->st_nlink = 1;
	st->st_size = (off_t)kern_fs.size;
	st->st_blksize = KERN_PAGE_SIZE;
	st->st_blocks = (blkcnt_t)(kern_fs.size / 512);
	return 0;
}

/* see kernel.h */
long
kern_fs_lseek(int fd, int64_t off, int whence)
{
	struct fs_file *f = fs_file(fd);
	int64_t base;

	if (f == NULL)
		return -EBADF;
	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = f->off;
		break;
	case SEEK_END:
		base = (int64_t)kern_fs.size;
		break;
	default:
		return -EINVAL;
	}
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return -EINVAL;
	f->off = base + off;
	return (long)f->off;
}

/* see kernel.h */
long
kern_fs_fsync(int fd)
{
	int rc;

	if (fs_file(fd) == NULL)
		return -EBADF;
	if ((rc = fs_writeback(0, kern_fs.npages)) != 0 ||
	    (rc = kern_blk_flush()) != 0)
		return fs_errno(rc);
	return 0;
}

/* see kernel.h */
long
kern_fs_fcntl(int fd, int cmd, unsigned long arg)
{
	struct fs_file *f = fs_file(fd);
	struct flock *fl = (struct flock *)arg;

	if (f == NULL)
		return -EBADF;
	switch (cmd) {
	case F_GETFD:
		return f->cloexec ? FD_CLOEXEC : 0;
	case F_SETFD:
		f->cloexec = (arg & FD_CLOEXEC) != 0;
		return 0;
	case F_GETFL:
		return f->flags;
	case F_SETFL:
		/* O_DIRECT, O_NONBLOCK and the like change nothing here. */
		return 0;
	case F_GETLK:
	case F_OFD_GETLK:
		/* One process: nobody else ever holds a lock. */
		if (fl != NULL)
			fl->l_type = F_UNLCK;
		return 0;
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		return 0;
	default:
		return -EINVAL;
	}
}

