/*
 * plat.c: the platform interface (plat.h) as a Linux process.
 *
 * The same upper layers that run on the kernel run here at native speed:
 * argv's KEY=VALUE words are the configuration, a TAP device is the NIC
 * (tap=NAME; none without it), the disk is a file (disk=PATH), the console
 * is stderr, configuration files are config_dir=DIR/<name>.  Used by
 * build/hosted and by every unit test.
 *
 * Frames go to the TAP with writev(2), the pbuf pieces as they are.  With
 * offload on (the default; offload=off turns it off) the TAP is opened
 * with IFF_VNET_HDR, so each frame carries a struct virtio_net_hdr, the
 * same header virtio-net uses: we ask the host to finish TCP checksums
 * (NEEDS_CSUM), and TUNSETOFFLOAD(TUN_F_CSUM) lets the host hand us frames
 * whose checksum it vouches for (DATA_VALID) or never computed because
 * they never left its memory (NEEDS_CSUM).
 *
 * Interface: plat_init, plat_console_write, plat_clock_monotonic,
 * plat_clock_wall, plat_clock_sync, plat_wait, plat_net_info,
 * plat_net_writev, plat_net_read,
 * plat_entropy, plat_data_path, plat_config, plat_config_file, plat_exit,
 * plat_shutdown_requested (SIGTERM, SIGINT), plat_poweroff, plat_abort.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "config_words.h"
#include "err.h"
#include "plat.h"

/*
 * From <linux/if_tun.h>, which musl does not ship.  The ioctl number is
 * _IOW('T', 202, int) and the flags are the kernel's ABI.
 */
#define HOSTED_TUNSETIFF	0x400454caUL
#define HOSTED_IFF_TAP		0x0002
#define HOSTED_IFF_NO_PI	0x1000
#define HOSTED_IFF_VNET_HDR	0x4000
#define HOSTED_TUNSETOFFLOAD	0x400454d0UL	/* _IOW('T', 208, unsigned) */
#define HOSTED_TUNSETVNETHDRSZ	0x400454d8UL	/* _IOW('T', 216, int) */
#define HOSTED_TUN_F_CSUM	0x01

/*
 * struct virtio_net_hdr as the TAP reads and writes it: without the
 * num_buffers field (we never merge buffers), in the host's byte order,
 * which is little-endian on every host we run on.
 */
struct hosted_vnet_hdr {
	uint8_t flags;
	uint8_t gso_type;
	uint16_t hdr_len;
	uint16_t gso_size;
	uint16_t csum_start;
	uint16_t csum_offset;
};

_Static_assert(sizeof(struct hosted_vnet_hdr) == 10,
    "the TAP's virtio_net_hdr is 10 bytes");

#define HOSTED_VNET_NEEDS_CSUM	1
#define HOSTED_VNET_DATA_VALID	2

#define HOSTED_DEFAULT_DISK	"build/sample.img"

/* A configuration file read once and kept for the life of the process;
 * rc remembers a failure (too big, unreadable) so it is reported once. */
struct hosted_file {
	char name[PLAT_MAX_CONFIG_NAME + 1];
	void *data;
	size_t len;
	int rc;
};

static struct {
	struct config_words words;		/* from argv */
	int tap_fd;				/* -1 without a NIC */
	bool vnet_hdr;				/* frames carry the header */
	struct plat_net_info net;
	struct hosted_file file[PLAT_MAX_CONFIG_FILES];
	int nfile;
} hp = { .tap_fd = -1 };

static int
hosted_parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int b[6];
	int i;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x", &b[0], &b[1], &b[2], &b[3],
	    &b[4], &b[5]) != 6)
		return RC_INVAL;
	for (i = 0; i < 6; i++)
		mac[i] = (uint8_t)b[i];
	return RC_OK;
}

/*
 * Turn on the header and checksum offload on TAP fd.  A host that refuses
 * TUN_F_CSUM still takes our NEEDS_CSUM frames; it only never sends us
 * unchecksummed ones, so receive offload is off then.
 */
static void
hosted_tap_offload(int fd)
{
	int hdrsz = (int)sizeof(struct hosted_vnet_hdr);

	if (ioctl(fd, HOSTED_TUNSETVNETHDRSZ, &hdrsz) < 0)
		return;
	hp.vnet_hdr = true;
	hp.net.flags = PLAT_NET_TX_CSUM;
	if (ioctl(fd, HOSTED_TUNSETOFFLOAD, (unsigned long)HOSTED_TUN_F_CSUM)
	    == 0)
		hp.net.flags |= PLAT_NET_RX_CSUM;
}

static int
hosted_open_tap(const char *name)
{
	struct ifreq ifr;
	const char *mac;
	int fd, offload;

	if (strlen(name) >= IFNAMSIZ)
		return RC_INVAL;
	if ((offload = config_words_onoff(&hp.words, "offload", 1)) < 0)
		return offload;
	fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return RC_NODEV;
	memset(&ifr, 0, sizeof ifr);
	ifr.ifr_flags = HOSTED_IFF_TAP | HOSTED_IFF_NO_PI;
	if (offload)
		ifr.ifr_flags |= HOSTED_IFF_VNET_HDR;
	memcpy(ifr.ifr_name, name, strlen(name));
	if (ioctl(fd, HOSTED_TUNSETIFF, &ifr) < 0) {
		close(fd);
		return RC_NODEV;
	}
	hp.tap_fd = fd;
	hp.net.mtu = 1500;
	/*
	 * The offloads stay set on a persistent TAP after the fd that set
	 * them closes, and the host would then send us frames whose
	 * checksum it left to us: take them back when we want none.
	 */
	if (offload)
		hosted_tap_offload(fd);
	else if (ioctl(fd, HOSTED_TUNSETOFFLOAD, 0UL) < 0)
		return RC_NODEV;
	/* The tests read this line to know which path they exercise. */
	fprintf(stderr, "hosted: tap %s, checksum offload tx %s rx %s\n",
	    name, hp.net.flags & PLAT_NET_TX_CSUM ? "on" : "off",
	    hp.net.flags & PLAT_NET_RX_CSUM ? "on" : "off");
	mac = plat_config("mac");
	if (mac != NULL)
		return hosted_parse_mac(mac, hp.net.mac);
	if (plat_entropy(hp.net.mac, sizeof hp.net.mac) != RC_OK)
		return RC_IO;
	/* Locally administered, unicast. */
	hp.net.mac[0] = (uint8_t)((hp.net.mac[0] & 0xfe) | 0x02);
	return RC_OK;
}

/* SIGTERM and SIGINT are the hosted power button. */
static volatile sig_atomic_t hosted_stop;

static void
hosted_on_signal(int sig)
{
	(void)sig;
	hosted_stop = 1;
}

/* see plat.h */
int
plat_init(int argc, char **argv)
{
	struct sigaction sa;
	const char *tap;
	int rc;

	/* One-shot: a second signal kills as it always did, for a node
	 * that does not stop by itself. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = hosted_on_signal;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	(void)sigaction(SIGTERM, &sa, NULL);
	(void)sigaction(SIGINT, &sa, NULL);
	rc = config_words_init(&hp.words, argc, argv);
	if (rc != RC_OK)
		return rc;
	tap = plat_config("tap");
	if (tap == NULL)
		return RC_OK;
	rc = hosted_open_tap(tap);
	if (rc != RC_OK)
		fprintf(stderr, "hosted: tap %s: %s\n", tap, err_str(rc));
	return rc;
}

/* see plat.h */
void
plat_console_write(const char *buf, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(2, buf, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		buf += w;
		n -= (size_t)w;
	}
}

static uint64_t
hosted_clock(clockid_t id)
{
	struct timespec ts;

	if (clock_gettime(id, &ts) != 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* see plat.h */
uint64_t
plat_clock_monotonic(void)
{
	return hosted_clock(CLOCK_MONOTONIC);
}

/* The time server's correction to CLOCK_REALTIME (plat_clock_sync). */
static int64_t hosted_wall_offset;

/* see plat.h */
uint64_t
plat_clock_wall(void)
{
	return hosted_clock(CLOCK_REALTIME) + (uint64_t)hosted_wall_offset;
}

/* see plat.h: a step of the process's view only, never the host's. */
void
plat_clock_sync(uint64_t wall_ns, uint64_t mono_ns, uint64_t step_ns,
    uint64_t interval_ns)
{
	uint64_t now = plat_clock_monotonic();
	uint64_t want = wall_ns + (now - mono_ns);

	hosted_wall_offset = (int64_t)(want - hosted_clock(CLOCK_REALTIME));
}

/* see plat.h */
void
plat_wait(uint64_t deadline)
{
	struct pollfd pfd;
	uint64_t now, ms;

	now = plat_clock_monotonic();
	if (deadline <= now)
		ms = 0;
	else
		ms = (deadline - now + 999999u) / 1000000u;	/* round up */
	if (ms > 60000)
		ms = 60000;
	pfd.fd = hp.tap_fd;
	pfd.events = POLLIN;
	pfd.revents = 0;
	/* With fd -1 poll() ignores the entry and just sleeps. */
	(void)poll(&pfd, 1, (int)ms);
}

/* see plat.h */
int
plat_net_info(struct plat_net_info *info)
{
	if (hp.tap_fd < 0)
		return RC_NODEV;
	*info = hp.net;
	return RC_OK;
}

/* see plat.h */
int
plat_net_writev(const struct plat_iov *iov, int n,
    const struct plat_net_csum *csum)
{
	struct iovec v[PLAT_NET_MAX_IOV + 1];
	struct hosted_vnet_hdr h;
	size_t len = 0;
	ssize_t w;
	int i, k = 0;

	if (hp.tap_fd < 0)
		return RC_NODEV;
	if (n < 1 || n > PLAT_NET_MAX_IOV ||
	    (csum != NULL && !(hp.net.flags & PLAT_NET_TX_CSUM)))
		return RC_INVAL;
	if (hp.vnet_hdr) {
		memset(&h, 0, sizeof h);
		if (csum != NULL) {
			h.flags = HOSTED_VNET_NEEDS_CSUM;
			h.csum_start = csum->start;
			h.csum_offset = csum->offset;
		}
		v[k].iov_base = &h;
		v[k++].iov_len = sizeof h;
	}
	for (i = 0; i < n; i++, k++) {
		/* writev only reads through iov_base. */
		v[k].iov_base = (void *)(uintptr_t)iov[i].base;
		v[k].iov_len = iov[i].len;
		len += iov[i].len;
	}
	if (len > (size_t)hp.net.mtu + 14)
		return RC_TOOBIG;
	do
		w = writev(hp.tap_fd, v, k);
	while (w < 0 && errno == EINTR);
	if (w < 0)
		return errno == EAGAIN ? RC_AGAIN : RC_IO;
	return RC_OK;
}

/* see plat.h */
int
plat_net_read(void *buf, size_t size, size_t *len, uint32_t *flags)
{
	struct hosted_vnet_hdr h;
	struct iovec v[2];
	ssize_t r;
	int k = 0;

	if (hp.tap_fd < 0)
		return RC_NODEV;
	if (hp.vnet_hdr) {
		v[k].iov_base = &h;
		v[k++].iov_len = sizeof h;
	}
	v[k].iov_base = buf;
	v[k++].iov_len = size;
	do
		r = readv(hp.tap_fd, v, k);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return errno == EAGAIN ? RC_AGAIN : RC_IO;
	*flags = 0;
	if (hp.vnet_hdr) {
		/* No GSO was offered, so none may come. */
		if ((size_t)r < sizeof h || h.gso_type != 0)
			return RC_IO;
		r -= (ssize_t)sizeof h;
		if (h.flags & (HOSTED_VNET_NEEDS_CSUM | HOSTED_VNET_DATA_VALID))
			*flags = PLAT_NET_RX_CSUM_OK;
	}
	*len = (size_t)r;
	return RC_OK;
}

/* see plat.h */
int
plat_entropy(void *buf, size_t n)
{
	unsigned char *p = buf;
	ssize_t r;

	while (n > 0) {
		r = getrandom(p, n, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return RC_IO;
		p += r;
		n -= (size_t)r;
	}
	return RC_OK;
}

/* see plat.h */
const char *
plat_data_path(void)
{
	const char *p = plat_config("disk");

	return p != NULL ? p : HOSTED_DEFAULT_DISK;
}

/* see plat.h */
const char *
plat_config(const char *key)
{
	return config_words_get(&hp.words, key);
}

/* see plat.h */
const char *
plat_config_word(int i)
{
	return config_words_at(&hp.words, i);
}

/* Names are plain words: no path separators, no leading dot, so a name
 * cannot reach outside config_dir. */
static bool
hosted_file_name_ok(const char *name)
{
	size_t i, n = strlen(name);

	if (n == 0 || n > PLAT_MAX_CONFIG_NAME || name[0] == '.')
		return false;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)name[i]) && name[i] != '.' &&
		    name[i] != '-' && name[i] != '_')
			return false;
	return true;
}

/* Read <config_dir>/<name> into f (name already checked). */
static int
hosted_read_file(const char *name, struct hosted_file *f)
{
	char path[4096];
	struct stat st;
	ssize_t r;
	int fd;

	memset(f, 0, sizeof(*f));
	strcpy(f->name, name);
	if (snprintf(path, sizeof(path), "%s/%s", plat_config("config_dir"),
	    name) >= (int)sizeof(path))
		return RC_NOTFOUND;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? RC_NOTFOUND : (f->rc = RC_IO);
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		f->rc = RC_IO;
		goto out_close;
	}
	if (st.st_size > PLAT_MAX_CONFIG_FILE) {
		fprintf(stderr, "hosted: %s: over %d bytes\n", path,
		    PLAT_MAX_CONFIG_FILE);
		f->rc = RC_TOOBIG;
		goto out_close;
	}
	/* One byte more than the size, so a file still growing is seen. */
	f->data = malloc((size_t)st.st_size + 1);
	if (f->data == NULL) {
		f->rc = RC_NOMEM;
		goto out_close;
	}
	while ((r = read(fd, (char *)f->data + f->len,
	    (size_t)st.st_size + 1 - f->len)) > 0)
		f->len += (size_t)r;
	if (r < 0 || f->len != (size_t)st.st_size)
		f->rc = RC_IO;
out_close:
	close(fd);
	return f->rc;
}

/* see plat.h */
int
plat_config_file(const char *name, const void **data, size_t *len)
{
	struct hosted_file *f;
	int i, rc;

	*data = NULL;
	*len = 0;
	for (i = 0; i < hp.nfile; i++) {
		f = &hp.file[i];
		if (strcmp(f->name, name) == 0)
			goto found;
	}
	if (!hosted_file_name_ok(name) || plat_config("config_dir") == NULL)
		return RC_NOTFOUND;
	if (hp.nfile == PLAT_MAX_CONFIG_FILES)
		return RC_NOMEM;
	f = &hp.file[hp.nfile];
	rc = hosted_read_file(name, f);
	if (rc == RC_NOTFOUND)
		return rc;	/* not cached: the file may appear later */
	hp.nfile++;
found:
	if (f->rc != RC_OK)
		return f->rc;
	*data = f->data;
	*len = f->len;
	return RC_OK;
}

/* see plat.h */
_Noreturn void
plat_exit(int status)
{
	exit(status);
}

/* see plat.h */
bool
plat_shutdown_requested(void)
{
	return hosted_stop != 0;
}

/* see plat.h */
_Noreturn void
plat_poweroff(void)
{
	exit(PLAT_EXIT_OK);
}

/* see plat.h */
_Noreturn void
plat_abort(const char *file, int line, const char *why)
{
	fprintf(stderr, "assertion failed at %s:%d: %s\n", file, line, why);
	_exit(PLAT_EXIT_ASSERT);	/* no atexit handlers: state is broken */
}
