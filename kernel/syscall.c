/*
 * syscall.c: the Linux system calls the image answers, in one table.
 *
 * Everything runs in ring 0; musl issues `syscall` as it would on Linux
 * and entry.S brings it here on the syscall stack.  The table below is
 * the whole surface: what static musl, its malloc and LMDB use, and
 * nothing else.  A call not in it is a bug to find, not an error to hand
 * back, so it panics with its number and name (names generated from
 * musl's bits/syscall.h at build time).
 *
 * Interface: kern_syscall_init, kern_syscall.
 */
#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>

#include "io.h"
#include "kernel.h"
#include "plat.h"
#include "syscall.h"

#define MSR_STAR	0xc0000081
#define MSR_LSTAR	0xc0000082
#define MSR_FMASK	0xc0000084
#define MSR_FS_BASE	0xc0000100
#define ARCH_SET_FS	0x1002	/* Linux asm/prctl.h */
#define ARCH_GET_FS	0x1003
/* Cleared on entry: TF, IF, DF, IOPL, NT, AC (as Linux does). */
#define SYSCALL_FMASK	0x47700
#define NS_PER_S	1000000000LL

extern char kern_syscall_entry[];

static const char *const syscall_names[] = {
#include "syscall_names.h"
};

static long sys_clock_gettime(const long *a);
static long sys_gettimeofday(const long *a);
static long sys_nanosleep(const long *a);
static long sys_clock_nanosleep(const long *a);
static long sys_getrandom(const long *a);
static long sys_arch_prctl(const long *a);
static long sys_one(const long *a);
static long sys_zero(const long *a);
static long sys_rt_sigprocmask(const long *a);
static long sys_rt_sigaction(const long *a);
static long sys_uname(const long *a);
static long sys_exit(const long *a);
static long sys_tkill(const long *a);
static long sys_tgkill(const long *a);

static const struct {
	const char *name;
	sys_fn fn;
} systab[] = {
	/* Console and the data disk (sys_file.c). */
	[SYS_read] = { "read", sys_read },	/* fd 0: EOF; >= 3: disk */
	[SYS_write] = { "write", sys_write },	/* fd 0-2: serial; >= 3 */
	[SYS_readv] = { "readv", sys_readv },	/* as read, per iovec */
	[SYS_writev] = { "writev", sys_writev }, /* musl stdio's write */
	[SYS_ioctl] = { "ioctl", sys_ioctl },	/* always -ENOTTY */
	[SYS_open] = { "open", sys_open },	/* fs.c: KERN_FS_PATH */
	[SYS_openat] = { "openat", sys_openat }, /* AT_FDCWD or absolute */
	[SYS_close] = { "close", sys_close },	/* fd 0-2: no-op */
	[SYS_pread64] = { "pread64", sys_pread64 },	/* fs.c */
	[SYS_pwrite64] = { "pwrite64", sys_pwrite64 },	/* fs.c */
	[SYS_fstat] = { "fstat", sys_fstat },	/* fd 0-2: a char device */
	[SYS_fstatfs] = { "fstatfs", sys_fstatfs },	/* data disk: no fs type */
	[SYS_lseek] = { "lseek", sys_lseek },	/* fs.c; console: ESPIPE */
	[SYS_fsync] = { "fsync", sys_fsync },	/* fs.c: flush the disk */
	[SYS_fdatasync] = { "fdatasync", sys_fsync },	/* same as fsync */
	[SYS_fcntl] = { "fcntl", sys_fcntl },	/* fs.c; console: O_RDWR */
	/* Memory (sys_mem.c). */
	[SYS_brk] = { "brk", sys_brk },		/* bump region at 2 TiB */
	[SYS_mmap] = { "mmap", sys_mmap },	/* anon: pages; file: fs.c */
	[SYS_munmap] = { "munmap", sys_munmap },	/* frees / fs.c */
	[SYS_mremap] = { "mremap", sys_mremap },	/* -ENOMEM */
	[SYS_mprotect] = { "mprotect", sys_mprotect },	/* no PROT_EXEC */
	[SYS_madvise] = { "madvise", sys_madvise },	/* ignored: 0 */
	[SYS_msync] = { "msync", sys_msync },	/* fs.c writes back */
	/* Time and randomness (this file). */
	[SYS_clock_gettime] = { "clock_gettime", sys_clock_gettime },
	[SYS_gettimeofday] = { "gettimeofday", sys_gettimeofday },
	[SYS_nanosleep] = { "nanosleep", sys_nanosleep }, /* via plat_wait */
	[SYS_clock_nanosleep] = { "clock_nanosleep", sys_clock_nanosleep },
	[SYS_getrandom] = { "getrandom", sys_getrandom }, /* RDSEED/RDRAND */
	/* The one process and its one thread. */
	[SYS_arch_prctl] = { "arch_prctl", sys_arch_prctl }, /* FS base */
	[SYS_set_tid_address] = { "set_tid_address", sys_one }, /* tid 1 */
	[SYS_gettid] = { "gettid", sys_one },		/* 1 */
	[SYS_getpid] = { "getpid", sys_one },		/* 1 */
	[SYS_rt_sigprocmask] = { "rt_sigprocmask", sys_rt_sigprocmask },
	[SYS_rt_sigaction] = { "rt_sigaction", sys_rt_sigaction },
	[SYS_sched_yield] = { "sched_yield", sys_zero },	/* 0 */
	[SYS_uname] = { "uname", sys_uname },
	[SYS_exit] = { "exit", sys_exit },	/* kern_exit */
	[SYS_exit_group] = { "exit_group", sys_exit },
	[SYS_tkill] = { "tkill", sys_tkill },	/* abort(): panic */
	[SYS_tgkill] = { "tgkill", sys_tgkill },
};

#define NSYSCALLS (long)(sizeof(systab) / sizeof(systab[0]))
#define NNAMES (long)(sizeof(syscall_names) / sizeof(syscall_names[0]))

/* see kernel.h */
void
kern_syscall_init(void)
{
	/* SYSCALL loads CS from STAR[47:32] and SS from that + 8: our 0x08
	 * code and 0x10 data selectors. */
	wrmsr(MSR_STAR, 0x08ULL << 32);
	wrmsr(MSR_LSTAR, (uint64_t)kern_syscall_entry);
	wrmsr(MSR_FMASK, SYSCALL_FMASK);
}

/*
 * see kernel.h.  No stack protector here or in sys_arch_prctl: the
 * canary lives in the TCB that FS points at, and arch_prctl moves FS
 * between this frame's prologue and its epilogue.
 */
__attribute__((no_stack_protector)) long
kern_syscall(struct kern_sysargs *args)
{
	static int depth;
	long nr = args->nr, r;

	if (nr < 0 || nr >= NSYSCALLS || systab[nr].fn == NULL)
		PANIC("unknown syscall %ld (%s)", nr, nr >= 0 && nr < NNAMES &&
		    syscall_names[nr] != NULL ? syscall_names[nr] : "?");
	if (depth++ != 0)
		PANIC("syscall %s inside a syscall", systab[nr].name);
	r = systab[nr].fn(args->a);
	depth--;
	return r;
}

static uint64_t
clock_read(long clk)
{
	if (clk == CLOCK_REALTIME || clk == CLOCK_REALTIME_COARSE)
		return kern_clock_wall_ns();
	return kern_clock_ns();
}

/* clock_gettime(clk, ts): REALTIME from the RTC offset; every other
 * clock (MONOTONIC, BOOTTIME, the CPU-time clocks) is monotonic time. */
static long
sys_clock_gettime(const long *a)
{
	struct timespec *ts = (struct timespec *)a[1];
	uint64_t ns;

	if (a[0] < 0 || a[0] > CLOCK_BOOTTIME)
		return -EINVAL;
	ns = clock_read(a[0]);
	ts->tv_sec = (time_t)(ns / NS_PER_S);
	ts->tv_nsec = (long)(ns % NS_PER_S);
	return 0;
}

static long
sys_gettimeofday(const long *a)
{
	struct timeval *tv = (struct timeval *)a[0];
	uint64_t ns = kern_clock_wall_ns();

	if (tv != NULL) {
		tv->tv_sec = (time_t)(ns / NS_PER_S);
		tv->tv_usec = (suseconds_t)(ns % NS_PER_S / 1000);
	}
	return 0;
}

/* Wait until monotonic time deadline; plat_wait may return early. */
static void
sleep_until(uint64_t deadline)
{
	while (kern_clock_ns() < deadline)
		plat_wait(deadline);
}

static long
sys_nanosleep(const long *a)
{
	const struct timespec *req = (const struct timespec *)a[0];

	if (req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec >= NS_PER_S)
		return -EINVAL;
	sleep_until(kern_clock_ns() + (uint64_t)req->tv_sec * NS_PER_S +
	    (uint64_t)req->tv_nsec);
	return 0;
}

/* clock_nanosleep(clk, flags, req, rem) */
static long
sys_clock_nanosleep(const long *a)
{
	const struct timespec *req = (const struct timespec *)a[2];
	uint64_t t, now;

	if (req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec >= NS_PER_S)
		return -EINVAL;
	t = (uint64_t)req->tv_sec * NS_PER_S + (uint64_t)req->tv_nsec;
	if (a[1] & TIMER_ABSTIME) {
		now = clock_read(a[0]);
		t = t > now ? t - now : 0;
	}
	sleep_until(kern_clock_ns() + t);
	return 0;
}

static long
sys_getrandom(const long *a)
{
	if (kern_entropy((void *)a[0], (size_t)a[1]) != 0)
		return -EIO;
	return a[1];
}

/* arch_prctl(code, addr): musl sets its thread pointer here. */
__attribute__((no_stack_protector)) static long
sys_arch_prctl(const long *a)
{
	switch (a[0]) {
	case ARCH_SET_FS:
		wrmsr(MSR_FS_BASE, (uint64_t)a[1]);
		return 0;
	case ARCH_GET_FS:
		*(uint64_t *)a[1] = rdmsr(MSR_FS_BASE);
		return 0;
	default:
		return -EINVAL;
	}
}

static long
sys_one(const long *a)
{
	return 1;
}

static long
sys_zero(const long *a)
{
	return 0;
}

/* rt_sigprocmask(how, set, old, size): no signals; the old mask is 0. */
static long
sys_rt_sigprocmask(const long *a)
{
	if (a[2] != 0)
		memset((void *)a[2], 0, (size_t)a[3]);
	return 0;
}

/* rt_sigaction(sig, act, old, size): accepted and never delivered. */
static long
sys_rt_sigaction(const long *a)
{
	if (a[2] != 0)
		memset((void *)a[2], 0, 32);	/* kernel k_sigaction */
	return 0;
}

static long
sys_uname(const long *a)
{
	struct utsname *u = (struct utsname *)a[0];

	memset(u, 0, sizeof(*u));
	strcpy(u->sysname, "appliance");
	strcpy(u->nodename, "appliance");
	strcpy(u->release, "1.0");
	strcpy(u->version, "unikernel");
	strcpy(u->machine, "x86_64");
	return 0;
}

static long
sys_exit(const long *a)
{
	kprintf("kernel: exit status %ld\n", a[0]);
	kern_exit(a[0] == 0 ? KERN_EXIT_OK : KERN_EXIT_ERROR);
}

/* tkill/tgkill: only abort() and raise() send signals; treat as fatal. */
static long
sys_tkill(const long *a)
{
	PANIC("signal %ld raised (abort?)", a[1]);
}

static long
sys_tgkill(const long *a)
{
	PANIC("signal %ld raised (abort?)", a[2]);
}
