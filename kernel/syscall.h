/*
 * syscall.h: the handlers behind the table in syscall.c.  Each takes the
 * six argument registers and returns a result >= 0 or a negative errno,
 * as Linux does.
 */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

typedef long (*sys_fn)(const long *a);

/* sys_mem.c: the address space */
long sys_brk(const long *a);
long sys_mmap(const long *a);
long sys_munmap(const long *a);
long sys_mremap(const long *a);
long sys_mprotect(const long *a);
long sys_madvise(const long *a);
long sys_msync(const long *a);

/* sys_file.c: the console (fds 0-2) and the data disk (fds >= 3) */
long sys_read(const long *a);
long sys_write(const long *a);
long sys_readv(const long *a);
long sys_writev(const long *a);
long sys_ioctl(const long *a);
long sys_open(const long *a);
long sys_openat(const long *a);
long sys_close(const long *a);
long sys_pread64(const long *a);
long sys_pwrite64(const long *a);
long sys_fstat(const long *a);
long sys_fstatfs(const long *a);
long sys_lseek(const long *a);
long sys_fsync(const long *a);
long sys_fcntl(const long *a);

#endif /* KERNEL_SYSCALL_H */
