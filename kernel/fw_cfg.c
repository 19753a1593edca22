/*
 * fw_cfg.c: configuration files from QEMU's firmware configuration device
 * (fw_cfg), for plat_config_file().
 *
 * On x86 the device is two I/O ports on every board QEMU has (pc, q35,
 * microvm): a 16-bit selector at 0x510 and an 8-bit data port at 0x511.
 * Selecting an item rewinds it; each data read returns its next byte.
 * Item 0x0000 reads "QEMU" when the device is there (an absent port reads
 * 0xff).  Item 0x0019 is the file directory: a big-endian u32 count, then
 * that many 64-byte entries {be32 size, be16 select, be16 reserved,
 * char name[56]}.  `qemu -fw_cfg name=opt/appliance/cert.main,file=F`
 * adds a file; names under "opt/" are reserved for users by QEMU.
 *
 * The files under "opt/appliance/" are copied once, at boot, into pages
 * of their own and served from there for the life of the program.  Byte
 * reads through the data port are slow (one port access per byte) but
 * the files are a few KiB of PEM; the DMA interface is not needed.
 * Limits (config.h): PLAT_MAX_CONFIG_FILES files of at most
 * PLAT_MAX_CONFIG_FILE bytes; larger or further files are skipped with a
 * console line, never truncated.
 *
 * Interface: kern_fwcfg_init, kern_fwcfg_file.
 */
#include <string.h>

#include "err.h"
#include "io.h"
#include "config.h"
#include "kernel.h"

#define FWCFG_PORT_SEL		0x510
#define FWCFG_PORT_DATA		0x511
#define FWCFG_SIGNATURE		0x0000
#define FWCFG_FILE_DIR		0x0019
#define FWCFG_NAME_LEN		56	/* name field of a directory entry */
#define FWCFG_PREFIX		"opt/appliance/"

struct fwcfg_file {
	char name[FWCFG_NAME_LEN];	/* without FWCFG_PREFIX, NUL-ended */
	const void *data;
	size_t len;
};

static struct fwcfg_file files[PLAT_MAX_CONFIG_FILES];
static int nfiles;
static bool loaded;

static void
fwcfg_select(uint16_t item)
{
	outw(FWCFG_PORT_SEL, item);
}

static void
fwcfg_read(void *buf, size_t n)
{
	uint8_t *p = buf;

	while (n-- > 0)
		*p++ = inb(FWCFG_PORT_DATA);
}

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static bool
fwcfg_present(void)
{
	char sig[4];

	fwcfg_select(FWCFG_SIGNATURE);
	fwcfg_read(sig, sizeof(sig));
	return memcmp(sig, "QEMU", 4) == 0;
}

/*
 * Copy item select (size bytes) into fresh pages and record it as name.
 * The directory read is interrupted by the selection, so the caller
 * collects the entries first and loads them afterwards.
 */
static void
fwcfg_load(const char *name, uint16_t select, uint32_t size)
{
	struct fwcfg_file *f;
	void *p;

	if (nfiles == PLAT_MAX_CONFIG_FILES || size > PLAT_MAX_CONFIG_FILE) {
		kprintf("fw_cfg: skipping %s%s (%u bytes): over the limits\n",
		    FWCFG_PREFIX, name, size);
		return;
	}
	p = (void *)"";		/* an empty file needs no pages */
	if (size > 0)
		p = kern_page_alloc((size + KERN_PAGE_SIZE - 1) /
		    KERN_PAGE_SIZE);
	if (p == NULL) {
		kprintf("fw_cfg: no memory for %s%s\n", FWCFG_PREFIX, name);
		return;
	}
	fwcfg_select(select);
	fwcfg_read(p, size);
	f = &files[nfiles++];
	memcpy(f->name, name, strnlen(name, sizeof(f->name) - 1));
	f->data = p;
	f->len = size;
	kprintf("fw_cfg: %s%s, %u bytes\n", FWCFG_PREFIX, name, size);
}

/* see kernel.h */
void
kern_fwcfg_init(void)
{
	struct {
		char name[FWCFG_NAME_LEN];
		uint16_t select;
		uint32_t size;
	} want[PLAT_MAX_CONFIG_FILES + 1];
	uint8_t e[64];
	uint32_t count, i;
	size_t plen = strlen(FWCFG_PREFIX);
	int nwant = 0, k;

	if (loaded)
		return;
	loaded = true;
	if (!fwcfg_present())
		return;
	fwcfg_select(FWCFG_FILE_DIR);
	fwcfg_read(e, 4);
	count = be32(e);
	for (i = 0; i < count; i++) {
		fwcfg_read(e, sizeof(e));
		e[8 + FWCFG_NAME_LEN - 1] = '\0';
		if (strncmp((char *)e + 8, FWCFG_PREFIX, plen) != 0 ||
		    e[8 + plen] == '\0' || nwant == PLAT_MAX_CONFIG_FILES + 1)
			continue;
		strcpy(want[nwant].name, (char *)e + 8 + plen);
		want[nwant].select = (uint16_t)(e[4] << 8 | e[5]);
		want[nwant].size = be32(e);
		nwant++;
	}
	/* One more than fits is kept so that the overflow is reported. */
	for (k = 0; k < nwant; k++)
		fwcfg_load(want[k].name, want[k].select, want[k].size);
}

/* see kernel.h */
int
kern_fwcfg_file(const char *name, const void **data, size_t *len)
{
	int i;

	kern_fwcfg_init();
	for (i = 0; i < nfiles; i++) {
		if (strcmp(files[i].name, name) == 0) {
			*data = files[i].data;
			*len = files[i].len;
			return RC_OK;
		}
	}
	*data = NULL;
	*len = 0;
	return RC_NOTFOUND;
}
