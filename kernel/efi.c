/*
 * efi.c: the UEFI way in, up to ExitBootServices.
 *
 * kern_efi_entry (boot.S) calls kern_efi_main with the image handle and
 * the system table while boot services are still up.  We take from the
 * firmware only what kern_main needs, into kern_bootinfo: the ACPI RSDP
 * from the configuration table (the ACPI 2.0 entry, else the 1.0 one)
 * and the memory map, read into a buffer of ours just before
 * ExitBootServices.  If that fails with EFI_INVALID_PARAMETER, the map
 * changed under us (the key is stale): read it again and retry once.
 * There is no command line on this path: it stays empty.
 *
 * The firmware's types become E820's: loader and boot services memory
 * and conventional memory are RAM once boot services are gone; ACPI
 * reclaim and NVS keep their meaning; everything else (runtime services,
 * MMIO, reserved, unusable, persistent) is reserved.  Neighbouring
 * ranges of one type are merged.
 *
 * Only the few table offsets used here are named: the UEFI
 * specification's EFI_SYSTEM_TABLE, EFI_BOOT_SERVICES and
 * EFI_MEMORY_DESCRIPTOR layouts for x86-64.  Firmware functions use the
 * Microsoft calling convention (ms_abi).
 *
 * Interface: kern_efi_main (kernel.h).
 */
#include <stdint.h>
#include <string.h>

#include "io.h"
#include "kernel.h"

#define EFI_SUCCESS		0
#define EFI_INVALID_PARAMETER	0x8000000000000002ULL

/* EFI_SYSTEM_TABLE and EFI_BOOT_SERVICES, byte offsets. */
#define ST_BOOT_SERVICES	0x60
#define ST_NUM_TABLES		0x68
#define ST_CONFIG_TABLE		0x70
#define BS_GET_MEMORY_MAP	0x38
#define BS_EXIT_BOOT_SERVICES	0xe8

/* EFI_MEMORY_TYPE values. */
#define EFI_LOADER_CODE		1
#define EFI_LOADER_DATA		2
#define EFI_BS_CODE		3
#define EFI_BS_DATA		4
#define EFI_CONVENTIONAL	7
#define EFI_ACPI_RECLAIM	9
#define EFI_ACPI_NVS		10

#define MAP_BYTES		(64 * 1024)

typedef uint64_t efi_status;
typedef efi_status (__attribute__((ms_abi)) *efi_get_memory_map_fn)(
    uint64_t *size, void *map, uint64_t *key, uint64_t *desc_size,
    uint32_t *desc_version);
typedef efi_status (__attribute__((ms_abi)) *efi_exit_boot_services_fn)(
    void *image, uint64_t key);

struct efi_guid {
	uint32_t a;
	uint16_t b, c;
	uint8_t d[8];
};

struct efi_config_table {
	struct efi_guid guid;
	void *table;
};

struct efi_memory_descriptor {
	uint32_t type;
	uint32_t pad;
	uint64_t phys;
	uint64_t virt;
	uint64_t pages;
	uint64_t attribute;
};

static const struct efi_guid acpi20_guid = { 0x8868e871, 0xe4f1, 0x11d3,
    { 0xbc, 0x22, 0x00, 0x80, 0xc7, 0x3c, 0x88, 0x81 } };
static const struct efi_guid acpi10_guid = { 0xeb9d2d30, 0x2d88, 0x11d3,
    { 0x9a, 0x16, 0x00, 0x90, 0x27, 0x3c, 0xc1, 0x4d } };

static uint64_t efi_map[MAP_BYTES / 8];

static void *
field(void *table, size_t off)
{
	return *(void **)((char *)table + off);
}

/* The RSDP from the configuration table, 2.0 preferred. */
static void
find_rsdp(void *st, struct kern_bootinfo *bi)
{
	const struct efi_config_table *t = field(st, ST_CONFIG_TABLE);
	uint64_t i, n = *(uint64_t *)((char *)st + ST_NUM_TABLES);

	for (i = 0; i < n; i++) {
		if (memcmp(&t[i].guid, &acpi20_guid, 16) == 0) {
			bi->rsdp = (uint64_t)t[i].table;
			bi->efi_rsdp_table = "ACPI 2.0";
			bi->rsdp_from = "UEFI configuration table";
			return;
		}
		if (bi->rsdp == 0 &&
		    memcmp(&t[i].guid, &acpi10_guid, 16) == 0) {
			bi->rsdp = (uint64_t)t[i].table;
			bi->efi_rsdp_table = "ACPI 1.0";
			bi->rsdp_from = "UEFI configuration table";
		}
	}
}

static uint32_t
e820_type(uint32_t efi_type)
{
	switch (efi_type) {
	case EFI_LOADER_CODE:
	case EFI_LOADER_DATA:
	case EFI_BS_CODE:
	case EFI_BS_DATA:
	case EFI_CONVENTIONAL:
		return 1;
	case EFI_ACPI_RECLAIM:
		return 3;
	case EFI_ACPI_NVS:
		return 4;
	default:
		return 2;
	}
}

/* The firmware's map, in map order, merged into bi->mem. */
static void
convert_map(uint64_t bytes, uint64_t desc_size, struct kern_bootinfo *bi)
{
	const struct efi_memory_descriptor *d;
	struct kern_memrange *last;
	uint64_t off;
	uint32_t type;

	bi->nmem = 0;
	for (off = 0; off + desc_size <= bytes; off += desc_size) {
		d = (const void *)((const char *)efi_map + off);
		type = e820_type(d->type);
		last = bi->nmem > 0 ? &bi->mem[bi->nmem - 1] : NULL;
		if (last != NULL && last->type == type &&
		    last->addr + last->size == d->phys) {
			last->size += d->pages * KERN_PAGE_SIZE;
			continue;
		}
		if (bi->nmem == KERN_BOOT_MAXMEM)
			PANIC("UEFI memory map has over %u ranges",
			    KERN_BOOT_MAXMEM);
		bi->mem[bi->nmem].addr = d->phys;
		bi->mem[bi->nmem].size = d->pages * KERN_PAGE_SIZE;
		bi->mem[bi->nmem].type = type;
		bi->nmem++;
	}
}

/* see kernel.h */
void
kern_efi_main(void *image, void *st)
{
	struct kern_bootinfo *bi = &kern_bootinfo;
	void *bs = field(st, ST_BOOT_SERVICES);
	efi_get_memory_map_fn get_map = field(bs, BS_GET_MEMORY_MAP);
	efi_exit_boot_services_fn exit_bs = field(bs, BS_EXIT_BOOT_SERVICES);
	uint64_t size, key, desc_size;
	uint32_t desc_version;
	efi_status rc;

	kern_boot_tsc = rdtsc();
	bi->loader = "UEFI";
	find_rsdp(st, bi);
	/* Nothing may allocate between the last GetMemoryMap and the exit:
	 * no firmware output here. */
	for (bi->efi_exit_tries = 1;; bi->efi_exit_tries++) {
		size = sizeof(efi_map);
		rc = get_map(&size, efi_map, &key, &desc_size, &desc_version);
		if (rc != EFI_SUCCESS)
			PANIC("UEFI GetMemoryMap: status %lx (%lu bytes)", rc,
			    size);
		rc = exit_bs(image, key);
		if (rc == EFI_SUCCESS)
			break;
		if (rc != EFI_INVALID_PARAMETER || bi->efi_exit_tries == 2)
			PANIC("UEFI ExitBootServices: status %lx", rc);
	}
	bi->efi_map_bytes = size;
	bi->efi_desc_size = (uint32_t)desc_size;
	bi->efi_descs = (uint32_t)(size / desc_size);
	convert_map(size, desc_size, bi);
	kern_console_init();
	kprintf("\nappliance kernel (UEFI, x86-64), system table at %lx\n",
	    (uint64_t)st);
	kprintf("  uefi: memory map %u descriptors of %u bytes (%lu bytes), "
	    "%zu ranges; ExitBootServices after %u tries\n", bi->efi_descs,
	    bi->efi_desc_size, bi->efi_map_bytes, bi->nmem,
	    bi->efi_exit_tries);
	if (bi->rsdp != 0)
		kprintf("  uefi: RSDP found at %lx (%s table)\n", bi->rsdp,
		    bi->efi_rsdp_table);
	else
		kprintf("  uefi: no ACPI table in the configuration table\n");
}
