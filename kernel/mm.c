/*
 * mm.c: physical pages and the page tables.
 *
 * Physical pages: one bit per 4 KiB page of the address range up to the
 * highest RAM byte (1 = in use or not RAM), kept in RAM just past the
 * image.  kern_page_alloc() is first fit over contiguous runs, starting
 * from a hint below which every page is known to be taken; every page it
 * returns is zeroed.  Contiguity matters because the identity map makes a
 * pointer also a DMA address.
 *
 * Page tables: 4-level, built once at boot (the memory map is in the
 * comment at the top of boot.S) and then changed only through
 * kern_map_mmio / kern_map_page / kern_unmap_page.  RAM is mapped with
 * 2 MiB pages where a whole aligned 2 MiB is plain RAM and with 4 KiB
 * pages elsewhere; a 2 MiB page is split when a 4 KiB change falls inside
 * it.  Nothing is writable and executable at once: only the image's text
 * is executable, and CR0.WP makes read-only hold for ring 0 as well.
 *
 * Interface: kern_mm_init, kern_page_alloc, kern_page_free, kern_map_mmio,
 * kern_map_page, kern_unmap_page, kern_mm_mapped, kern_mm_is_heap,
 * kern_mm_total, kern_mm_free.
 */
#include <string.h>

#include "err.h"
#include "io.h"
#include "kernel.h"

#define PTE_P		0x001ULL
#define PTE_W		0x002ULL
#define PTE_PWT		0x008ULL
#define PTE_PCD		0x010ULL
#define PTE_PS		0x080ULL
#define PTE_NX		(1ULL << 63)
#define PTE_ADDR	0x000ffffffffff000ULL
#define PTE_ADDR_2M	0x000fffffffe00000ULL
#define PAGE_2M		0x200000ULL

#define RAM_FLAGS	(PTE_P | PTE_W | PTE_NX)
#define MMIO_FLAGS	(PTE_P | PTE_W | PTE_PCD | PTE_PWT | PTE_NX)

/* Linker symbols (kernel.ld) and the guard list (boot.S). */
extern char __image_start[], __text_end[], __rodata_start[];
extern char __rodata_end[], __data_start[], __image_end[];
extern const uint64_t kern_guard_pages[];

static uint64_t *bitmap;
static uint64_t max_pfn;	/* pages covered by the bitmap */
static uint64_t heap_pfn;	/* first page the allocator may hand out */
static uint64_t hint_pfn;	/* every page below is in use */
static uint64_t total_pages, free_pages;
static uint64_t *pml4;

static bool
bit_get(uint64_t pfn)
{
	return (bitmap[pfn / 64] >> (pfn % 64)) & 1;
}

static void
bit_put(uint64_t pfn, bool used)
{
	if (used)
		bitmap[pfn / 64] |= 1ULL << (pfn % 64);
	else
		bitmap[pfn / 64] &= ~(1ULL << (pfn % 64));
}

/* Find n clear bits in a row from the hint; returns the pfn or 0. */
static uint64_t
find_run(size_t n)
{
	uint64_t pfn = hint_pfn, j;

	while (pfn + n <= max_pfn) {
		if (pfn % 64 == 0 && bitmap[pfn / 64] == ~0ULL) {
			pfn += 64;
			continue;
		}
		for (j = 0; j < n && !bit_get(pfn + j); j++)
			;
		if (j == n)
			return pfn;
		pfn += j + 1;
	}
	return 0;
}

/* see kernel.h */
void *
kern_page_alloc(size_t npages)
{
	uint64_t pfn, i;

	if (npages == 0 || npages > free_pages)
		return NULL;
	pfn = find_run(npages);
	if (pfn == 0)
		return NULL;
	for (i = 0; i < npages; i++)
		bit_put(pfn + i, true);
	if (pfn == hint_pfn)
		hint_pfn = pfn + npages;
	free_pages -= npages;
	memset((void *)(pfn * KERN_PAGE_SIZE), 0, npages * KERN_PAGE_SIZE);
	return (void *)(pfn * KERN_PAGE_SIZE);
}

/* see kernel.h */
void
kern_page_free(void *p, size_t npages)
{
	uint64_t pfn = (uint64_t)p / KERN_PAGE_SIZE, i;

	if (p == NULL || npages == 0)
		return;
	ASSERT((uint64_t)p % KERN_PAGE_SIZE == 0);
	ASSERT(pfn >= heap_pfn && pfn + npages <= max_pfn);
	for (i = 0; i < npages; i++) {
		ASSERT(bit_get(pfn + i));
		bit_put(pfn + i, false);
	}
	if (pfn < hint_pfn)
		hint_pfn = pfn;
	free_pages += npages;
}

/* see kernel.h */
bool
kern_mm_is_heap(uint64_t p, size_t len)
{
	return p / KERN_PAGE_SIZE >= heap_pfn &&
	    (p + len + KERN_PAGE_SIZE - 1) / KERN_PAGE_SIZE <= max_pfn;
}

/* see kernel.h */
uint64_t
kern_mm_total(void)
{
	return total_pages * KERN_PAGE_SIZE;
}

/* see kernel.h */
uint64_t
kern_mm_free(void)
{
	return free_pages * KERN_PAGE_SIZE;
}

/* The table an entry points to, created (or split from a 2 MiB page)
 * when create is set; NULL if absent and not created. */
static uint64_t *
next_table(uint64_t *e, bool create)
{
	uint64_t *t, base, flags;
	int i;

	if ((*e & PTE_P) && !(*e & PTE_PS))
		return (uint64_t *)(*e & PTE_ADDR);
	if (!create)
		return NULL;
	t = kern_page_alloc(1);
	if (t == NULL)
		PANIC("out of memory for page tables");
	if (*e & PTE_PS) {
		/* Split: the same 2 MiB, same attributes, in 4 KiB pages. */
		base = *e & PTE_ADDR_2M;
		flags = *e & ~PTE_ADDR_2M & ~PTE_PS;
		for (i = 0; i < 512; i++)
			t[i] = (base + (uint64_t)i * KERN_PAGE_SIZE) | flags;
		*e = (uint64_t)t | PTE_P | PTE_W;
		invlpg(base);
		return t;
	}
	*e = (uint64_t)t | PTE_P | PTE_W;
	return t;
}

/* The page-directory entry for va, creating upper levels if asked. */
static uint64_t *
pd_entry(uint64_t va, bool create)
{
	uint64_t *pdpt, *pd;

	pdpt = next_table(&pml4[(va >> 39) & 511], create);
	if (pdpt == NULL)
		return NULL;
	pd = next_table(&pdpt[(va >> 30) & 511], create);
	if (pd == NULL)
		return NULL;
	return &pd[(va >> 21) & 511];
}

/* The 4 KiB entry for va, splitting a 2 MiB page if there is one. */
static uint64_t *
pt_entry(uint64_t va, bool create)
{
	uint64_t *pde, *pt;

	pde = pd_entry(va, create);
	if (pde == NULL)
		return NULL;
	pt = next_table(pde, create);
	if (pt == NULL)
		return NULL;
	return &pt[(va >> 12) & 511];
}

/* see kernel.h */
bool
kern_mm_mapped(uint64_t va)
{
	uint64_t *pde, *pt;

	if (pml4 == NULL)
		return va < (4ULL << 30);	/* the boot tables */
	pde = pd_entry(va, false);
	if (pde == NULL || !(*pde & PTE_P))
		return false;
	if (*pde & PTE_PS)
		return true;
	pt = next_table(pde, false);
	return pt != NULL && (pt[(va >> 12) & 511] & PTE_P);
}

/* Map [start, end) identity with flags, in 2 MiB pages where possible.
 * Used only while building the tables, where no 2 MiB page exists yet
 * under a range mapped in 4 KiB pages. */
static void
map_range(uint64_t start, uint64_t end, uint64_t flags)
{
	uint64_t va, *pde;

	for (va = start; va < end;) {
		pde = pd_entry(va, true);
		if (va % PAGE_2M == 0 && va + PAGE_2M <= end && *pde == 0) {
			*pde = va | flags | PTE_PS;
			va += PAGE_2M;
			continue;
		}
		*pt_entry(va, true) = va | flags;
		va += KERN_PAGE_SIZE;
	}
}

static uint64_t
page_up(uint64_t a)
{
	return (a + KERN_PAGE_SIZE - 1) & ~(KERN_PAGE_SIZE - 1);
}

/* Size the bitmap from the highest RAM byte, put it past the image and
 * mark every RAM page above it free. */
static void
init_allocator(const struct kern_memrange *map, size_t n)
{
	uint64_t top = 0, start, end, pfn, bytes;
	size_t i;

	for (i = 0; i < n; i++)
		if (map[i].type == 1 && map[i].addr + map[i].size > top)
			top = map[i].addr + map[i].size;
	max_pfn = top / KERN_PAGE_SIZE;
	bytes = ((max_pfn + 63) / 64) * 8;
	bitmap = (uint64_t *)__image_end;
	memset(bitmap, 0xff, bytes);
	heap_pfn = page_up((uint64_t)__image_end + bytes) / KERN_PAGE_SIZE;
	hint_pfn = heap_pfn;
	for (i = 0; i < n; i++) {
		if (map[i].type != 1)
			continue;
		start = page_up(map[i].addr) / KERN_PAGE_SIZE;
		end = (map[i].addr + map[i].size) / KERN_PAGE_SIZE;
		if (start < heap_pfn)
			start = heap_pfn;
		for (pfn = start; pfn < end; pfn++) {
			bit_put(pfn, false);
			total_pages++;
		}
	}
	free_pages = total_pages;
	if (total_pages == 0)
		PANIC("no RAM above the image (bitmap ends at %lx)",
		    heap_pfn * KERN_PAGE_SIZE);
}

/* The final tables: image by section, low memory, RAM and ACPI ranges. */
static void
build_tables(const struct kern_memrange *map, size_t n)
{
	uint64_t start, end, img_end = (uint64_t)__image_end;
	const uint64_t *g;
	size_t i;

	pml4 = kern_page_alloc(1);
	ASSERT(pml4 != NULL);
	map_range(KERN_PAGE_SIZE, (uint64_t)__image_start, RAM_FLAGS);
	map_range((uint64_t)__image_start, page_up((uint64_t)__text_end),
	    PTE_P);
	map_range((uint64_t)__rodata_start, page_up((uint64_t)__rodata_end),
	    PTE_P | PTE_NX);
	map_range((uint64_t)__data_start, img_end, RAM_FLAGS);
	for (i = 0; i < n; i++) {
		/* RAM, ACPI reclaimable and ACPI NVS. */
		if (map[i].type != 1 && map[i].type != 3 && map[i].type != 4)
			continue;
		start = map[i].addr & ~(KERN_PAGE_SIZE - 1);
		end = page_up(map[i].addr + map[i].size);
		if (start < img_end)
			start = img_end;
		if (start < end)
			map_range(start, end, RAM_FLAGS);
	}
	for (g = kern_guard_pages; *g != 0; g++)
		*pt_entry(*g, true) = 0;
}

/* see kernel.h */
void
kern_mm_init(const struct kern_memrange *map, size_t n)
{
	init_allocator(map, n);
	build_tables(map, n);
	__asm__ volatile("mov %0, %%cr3" :: "r"(pml4) : "memory");
	kprintf("mm: %lu MiB RAM for pages, %lu KiB image, bitmap %lu KiB\n",
	    total_pages * KERN_PAGE_SIZE >> 20,
	    ((uint64_t)__image_end - (uint64_t)__image_start) >> 10,
	    (heap_pfn * KERN_PAGE_SIZE - (uint64_t)__image_end) >> 10);
}

/* see kernel.h */
int
kern_map_mmio(uint64_t phys, size_t len)
{
	uint64_t va, end = page_up(phys + len);

	if (end > KERN_FS_MAP_BASE || len == 0)
		return RC_INVAL;
	for (va = phys & ~(KERN_PAGE_SIZE - 1); va < end;
	    va += KERN_PAGE_SIZE) {
		*pt_entry(va, true) = va | MMIO_FLAGS;
		invlpg(va);
	}
	return RC_OK;
}

/* see kernel.h */
int
kern_map_page(uint64_t va, uint64_t pa, int flags)
{
	uint64_t pte = pa | PTE_P | PTE_NX;

	if ((va | pa) & (KERN_PAGE_SIZE - 1))
		return RC_INVAL;
	if (flags & KERN_MAP_WRITE)
		pte |= PTE_W;
	*pt_entry(va, true) = pte;
	invlpg(va);
	return RC_OK;
}

/* see kernel.h */
void
kern_unmap_page(uint64_t va)
{
	uint64_t *pte = pt_entry(va, true);

	*pte = 0;
	invlpg(va);
}
