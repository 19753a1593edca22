/*
 * sys_file.c: file descriptors.  0, 1 and 2 are the console (reads see
 * end of file, writes go to the serial port); descriptors from 3 up are
 * fs.c's, the data disk LMDB opens as its one file.  read/write on those
 * go through the file offset with lseek plus pread/pwrite, so fs.c needs
 * only positioned I/O.
 *
 * Interface: the sys_* file handlers in syscall.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <sys/statfs.h>

#include "kernel.h"
#include "syscall.h"

#define IS_CONSOLE(fd) ((fd) >= 0 && (fd) <= 2)

/* read or write at the file offset, then advance it. */
static long
file_rw(int fd, void *buf, size_t n, bool write)
{
	long off, r;

	off = kern_fs_lseek(fd, 0, SEEK_CUR);
	if (off < 0)
		return off;
	r = write ? kern_fs_pwrite(fd, buf, n, off) :
	    kern_fs_pread(fd, buf, n, off);
	if (r > 0)
		kern_fs_lseek(fd, off + r, SEEK_SET);
	return r;
}

/* read(fd, buf, n) */
long
sys_read(const long *a)
{
	int fd = (int)a[0];

	if (IS_CONSOLE(fd))
		return 0;
	return file_rw(fd, (void *)a[1], (size_t)a[2], false);
}

/* write(fd, buf, n) */
long
sys_write(const long *a)
{
	int fd = (int)a[0];

	if (IS_CONSOLE(fd)) {
		kern_console_write((const char *)a[1], (size_t)a[2]);
		return a[2];
	}
	return file_rw(fd, (void *)a[1], (size_t)a[2], true);
}

/* readv and writev: one iovec at a time, stopping at a short transfer. */
static long
rw_vec(int fd, const struct iovec *iov, int cnt, bool write)
{
	long total = 0, r;
	int i;

	if (cnt < 0 || cnt > 1024)
		return -EINVAL;
	for (i = 0; i < cnt; i++) {
		if (IS_CONSOLE(fd)) {
			if (!write)
				return total;
			kern_console_write(iov[i].iov_base, iov[i].iov_len);
			r = (long)iov[i].iov_len;
		} else {
			r = file_rw(fd, iov[i].iov_base, iov[i].iov_len,
			    write);
		}
		if (r < 0)
			return total > 0 ? total : r;
		total += r;
		if ((size_t)r < iov[i].iov_len)
			break;
	}
	return total;
}

long
sys_readv(const long *a)
{
	return rw_vec((int)a[0], (const struct iovec *)a[1], (int)a[2],
	    false);
}

long
sys_writev(const long *a)
{
	return rw_vec((int)a[0], (const struct iovec *)a[1], (int)a[2],
	    true);
}

/* ioctl: no terminals here (musl asks TIOCGWINSZ to pick buffering). */
long
sys_ioctl(const long *a)
{
	return -ENOTTY;
}

/* open(path, flags, mode) */
long
sys_open(const long *a)
{
	return kern_fs_open((const char *)a[0], (int)a[1], (int)a[2]);
}

/* openat(dirfd, path, flags, mode): only absolute paths or AT_FDCWD. */
long
sys_openat(const long *a)
{
	const char *path = (const char *)a[1];

	if ((int)a[0] != AT_FDCWD && path[0] != '/')
		return -EBADF;
	return kern_fs_open(path, (int)a[2], (int)a[3]);
}

long
sys_close(const long *a)
{
	return IS_CONSOLE((int)a[0]) ? 0 : kern_fs_close((int)a[0]);
}

/* pread64(fd, buf, n, off) and pwrite64 */
long
sys_pread64(const long *a)
{
	if (IS_CONSOLE((int)a[0]))
		return -ESPIPE;
	return kern_fs_pread((int)a[0], (void *)a[1], (size_t)a[2], a[3]);
}

long
sys_pwrite64(const long *a)
{
	if (IS_CONSOLE((int)a[0]))
		return -ESPIPE;
	return kern_fs_pwrite((int)a[0], (const void *)a[1], (size_t)a[2],
	    a[3]);
}

/* fstat(fd, st): the console is a character device. */
long
sys_fstat(const long *a)
{
	struct stat *st = (struct stat *)a[1];

	if (!IS_CONSOLE((int)a[0]))
		return kern_fs_fstat((int)a[0], st);
	*st = (struct stat){ .st_mode = S_IFCHR | 0620, .st_blksize = 1024,
	    .st_rdev = 0x0400 | (int)a[0] };
	return 0;
}

/*
 * fstatfs(fd, buf): LMDB asks which filesystem holds its file, to work
 * around ext3/4 journalling quirks.  The data disk is no filesystem: say
 * "unknown type" (0) with 4 KiB blocks, which takes LMDB's default path.
 */
long
sys_fstatfs(const long *a)
{
	struct statfs *sf = (struct statfs *)a[1];

	if (IS_CONSOLE((int)a[0]))
		return -ENOSYS;
	*sf = (struct statfs){ .f_bsize = 4096, .f_frsize = 4096 };
	return 0;
}

long
sys_lseek(const long *a)
{
	if (IS_CONSOLE((int)a[0]))
		return -ESPIPE;
	return kern_fs_lseek((int)a[0], a[1], (int)a[2]);
}

/* fsync and fdatasync: the console has nothing buffered. */
long
sys_fsync(const long *a)
{
	return IS_CONSOLE((int)a[0]) ? 0 : kern_fs_fsync((int)a[0]);
}

long
sys_fcntl(const long *a)
{
	if (!IS_CONSOLE((int)a[0]))
		return kern_fs_fcntl((int)a[0], (int)a[1],
		    (unsigned long)a[2]);
	return (int)a[1] == F_GETFL ? O_RDWR : 0;
}
