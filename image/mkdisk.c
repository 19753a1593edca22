/*
 * mkdisk.c: the bootable raw disk image (make image).
 *
 *   mkdisk OUT ESP.img STORE.img [MBR.bin KERNEL.bin]
 *
 * writes OUT: a protective MBR, a GPT (primary after the MBR, backup at
 * the disk's end, 128 entries of 128 bytes each), and two partitions,
 * each 1 MiB aligned: the EFI system partition, holding the bytes of
 * ESP.img (a FAT file system made with mtools, \EFI\BOOT\BOOTX64.EFI
 * inside), and the data partition, holding the bytes of STORE.img (the
 * site store), of type 7b79a8ce-8abe-4e06-b145-cfa03ea2c3b3, which the
 * kernel (kernel/drivers/blk.c) looks for.  Each partition is its file's
 * size rounded up to 1 MiB.  The GUIDs are fixed, so the same inputs
 * give the same image.  Prints the layout.
 *
 * With MBR.bin (kernel/bios/mbr.S, at most 440 bytes) and KERNEL.bin (the
 * PVH kernel's loaded bytes), the disk also boots under a legacy BIOS:
 * MBR.bin is the protective MBR's code, KERNEL.bin goes into the sectors
 * between the GPT's entries and the first partition, and its first sector
 * and sector count are patched into MBR.bin's disk address packet (at
 * MBR_LBA_AT and MBR_COUNT_AT).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SECTOR		512
#define ALIGN_SECTORS	2048		/* 1 MiB */
#define ENTRIES		128
#define ENTRY_SIZE	128
#define ENTRY_SECTORS	(ENTRIES * ENTRY_SIZE / SECTOR)
#define MBR_CODE	440
#define MBR_LBA_AT	0x1ae
#define MBR_COUNT_AT	0x1b6
#define BIOS_LBA	(2 + ENTRY_SECTORS)

struct part {
	const char *file;
	const char *name;
	uint8_t type[16];
	uint8_t guid[16];
	uint64_t bytes, first, last;
};

/* GUIDs in GPT's byte order: the first three fields little-endian. */
static const uint8_t esp_type[16] = {
	0x28, 0x73, 0x2a, 0xc1, 0x1f, 0xf8, 0xd2, 0x11,
	0xba, 0x4b, 0x00, 0xa0, 0xc9, 0x3e, 0xc9, 0x3b,
};
static const uint8_t store_type[16] = {
	0xce, 0xa8, 0x79, 0x7b, 0xbe, 0x8a, 0x06, 0x4e,
	0xb1, 0x45, 0xcf, 0xa0, 0x3e, 0xa2, 0xc3, 0xb3,
};

static uint32_t
crc32(const uint8_t *p, size_t n)
{
	uint32_t c = 0xffffffff;
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		c ^= p[i];
		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320 & (0 - (c & 1)));
	}
	return ~c;
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static void
put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static void
die(const char *what, const char *file)
{
	fprintf(stderr, "mkdisk: %s %s: %s\n", what, file, strerror(errno));
	exit(1);
}

static uint64_t
file_size(const char *file)
{
	FILE *f = fopen(file, "rb");
	long n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0)
		die("cannot size", file);
	fclose(f);
	return (uint64_t)n;
}

/* Read all of a small file into buf (at most max bytes); its size. */
static size_t
read_small(const char *file, uint8_t *buf, size_t max)
{
	FILE *f = fopen(file, "rb");
	size_t n;

	if (f == NULL)
		die("cannot open", file);
	n = fread(buf, 1, max, f);
	if (ferror(f))
		die("cannot read", file);
	if (fgetc(f) != EOF) {
		fprintf(stderr, "mkdisk: %s is over %zu bytes\n", file, max);
		exit(1);
	}
	fclose(f);
	return n;
}

static void
write_at(FILE *out, const char *name, uint64_t off, const void *p, size_t n)
{
	if (fseeko(out, (off_t)off, SEEK_SET) != 0 || fwrite(p, 1, n, out) != n)
		die("cannot write", name);
}

/* Copy file into out at byte offset off. */
static void
copy_in(FILE *out, const char *name, uint64_t off, const char *file)
{
	static uint8_t buf[1 << 16];
	FILE *in = fopen(file, "rb");
	size_t n;

	if (in == NULL)
		die("cannot open", file);
	if (fseeko(out, (off_t)off, SEEK_SET) != 0)
		die("cannot seek", name);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			die("cannot write", name);
	if (ferror(in))
		die("cannot read", file);
	fclose(in);
}

/* A GPT header at lba, its entries at entries_lba, the other copy at alt. */
static void
gpt_header(uint8_t *h, uint64_t lba, uint64_t alt, uint64_t entries_lba,
    uint64_t first_usable, uint64_t last_usable, const uint8_t *disk_guid,
    uint32_t entries_crc)
{
	memset(h, 0, SECTOR);
	memcpy(h, "EFI PART", 8);
	put32(h + 8, 0x00010000);		/* revision 1.0 */
	put32(h + 12, 92);			/* header size */
	put64(h + 24, lba);
	put64(h + 32, alt);
	put64(h + 40, first_usable);
	put64(h + 48, last_usable);
	memcpy(h + 56, disk_guid, 16);
	put64(h + 72, entries_lba);
	put32(h + 80, ENTRIES);
	put32(h + 84, ENTRY_SIZE);
	put32(h + 88, entries_crc);
	put32(h + 16, crc32(h, 92));
}

int
main(int argc, char **argv)
{
	static uint8_t entries[ENTRIES * ENTRY_SIZE];
	uint8_t mbr[SECTOR], hdr[SECTOR], disk_guid[16];
	struct part parts[2] = {
		{ .name = "EFI system partition" },
		{ .name = "appliance store" },
	};
	uint64_t next = ALIGN_SECTORS, total, mbr_size;
	uint64_t kbytes = 0, ksectors = 0;
	uint32_t ecrc;
	FILE *out;
	size_t i, k;
	uint8_t *e;

	if (argc != 4 && argc != 6) {
		fprintf(stderr, "usage: mkdisk OUT ESP.img STORE.img "
		    "[MBR.bin KERNEL.bin]\n");
		return 2;
	}
	parts[0].file = argv[2];
	parts[1].file = argv[3];
	memcpy(parts[0].type, esp_type, 16);
	memcpy(parts[1].type, store_type, 16);
	for (i = 0; i < 16; i++) {
		disk_guid[i] = (uint8_t)(0xa0 + i);
		parts[0].guid[i] = (uint8_t)(0xb0 + i);
		parts[1].guid[i] = (uint8_t)(0xc0 + i);
	}
	/* Version 4 (random) in form, variant 1: fixed values all the same. */
	for (i = 0; i < 3; i++) {
		uint8_t *g = i == 0 ? disk_guid : parts[i - 1].guid;

		g[7] = (uint8_t)((g[7] & 0x0f) | 0x40);
		g[8] = (uint8_t)((g[8] & 0x3f) | 0x80);
	}
	for (i = 0; i < 2; i++) {
		parts[i].bytes = file_size(parts[i].file);
		parts[i].first = next;
		next += (parts[i].bytes + ALIGN_SECTORS * SECTOR - 1) /
		    (ALIGN_SECTORS * SECTOR) * ALIGN_SECTORS;
		if (next == parts[i].first)
			next += ALIGN_SECTORS;
		parts[i].last = next - 1;
	}
	/* The backup entries and header after the last partition. */
	total = next + ENTRY_SECTORS + 1;

	memset(entries, 0, sizeof(entries));
	for (i = 0; i < 2; i++) {
		e = entries + i * ENTRY_SIZE;
		memcpy(e, parts[i].type, 16);
		memcpy(e + 16, parts[i].guid, 16);
		put64(e + 32, parts[i].first);
		put64(e + 40, parts[i].last);
		for (k = 0; parts[i].name[k] != '\0' && k < 36; k++)
			put16(e + 56 + 2 * k, (uint16_t)parts[i].name[k]);
	}
	ecrc = crc32(entries, sizeof(entries));

	/* Protective MBR: one partition of type 0xEE over the whole disk. */
	memset(mbr, 0, sizeof(mbr));
	if (argc == 6) {
		read_small(argv[4], mbr, MBR_CODE);
		kbytes = file_size(argv[5]);
		ksectors = (kbytes + SECTOR - 1) / SECTOR;
		if (ksectors == 0 || BIOS_LBA + ksectors > ALIGN_SECTORS) {
			fprintf(stderr, "mkdisk: %s: %llu bytes do not fit "
			    "before the first partition\n", argv[5],
			    (unsigned long long)kbytes);
			return 1;
		}
		put64(mbr + MBR_LBA_AT, BIOS_LBA);
		put16(mbr + MBR_COUNT_AT, (uint16_t)ksectors);
	}
	mbr_size = total - 1 > 0xffffffff ? 0xffffffff : total - 1;
	mbr[446 + 1] = 0x00;			/* CHS start 0/0/2 */
	mbr[446 + 2] = 0x02;
	mbr[446 + 4] = 0xee;
	mbr[446 + 5] = 0xff;			/* CHS end: beyond */
	mbr[446 + 6] = 0xff;
	mbr[446 + 7] = 0xff;
	put32(mbr + 446 + 8, 1);
	put32(mbr + 446 + 12, (uint32_t)mbr_size);
	mbr[510] = 0x55;
	mbr[511] = 0xaa;

	if ((out = fopen(argv[1], "wb")) == NULL)
		die("cannot create", argv[1]);
	write_at(out, argv[1], 0, mbr, SECTOR);
	gpt_header(hdr, 1, total - 1, 2, ALIGN_SECTORS, next - 1, disk_guid,
	    ecrc);
	write_at(out, argv[1], SECTOR, hdr, SECTOR);
	write_at(out, argv[1], 2 * SECTOR, entries, sizeof(entries));
	for (i = 0; i < 2; i++)
		copy_in(out, argv[1], parts[i].first * SECTOR, parts[i].file);
	if (argc == 6)
		copy_in(out, argv[1], BIOS_LBA * SECTOR, argv[5]);
	write_at(out, argv[1], next * SECTOR, entries, sizeof(entries));
	gpt_header(hdr, total - 1, 1, next, ALIGN_SECTORS, next - 1,
	    disk_guid, ecrc);
	write_at(out, argv[1], (total - 1) * SECTOR, hdr, SECTOR);
	if (fclose(out) != 0)
		die("cannot write", argv[1]);

	printf("%s: %llu sectors (%llu MiB), GPT with a protective MBR\n",
	    argv[1], (unsigned long long)total,
	    (unsigned long long)(total * SECTOR >> 20));
	printf("  sectors 0-%u: %s, GPT header and %u entries\n",
	    1 + ENTRY_SECTORS, argc == 6 ? "MBR with BIOS boot code" :
	    "protective MBR", ENTRIES);
	if (argc == 6)
		printf("  sectors %u-%llu: the kernel for BIOS boot, "
		    "%llu bytes of %s\n", BIOS_LBA,
		    (unsigned long long)(BIOS_LBA + ksectors - 1),
		    (unsigned long long)kbytes, argv[5]);
	for (i = 0; i < 2; i++)
		printf("  partition %zu: sectors %llu-%llu (%llu MiB): %s, "
		    "%llu bytes of %s\n", i + 1,
		    (unsigned long long)parts[i].first,
		    (unsigned long long)parts[i].last,
		    (unsigned long long)((parts[i].last - parts[i].first + 1) *
		    SECTOR >> 20), parts[i].name,
		    (unsigned long long)parts[i].bytes, parts[i].file);
	printf("  sectors %llu-%llu: backup GPT entries and header\n",
	    (unsigned long long)next, (unsigned long long)(total - 1));
	return 0;
}
