/*
 * guest_ram.c - guest RAM zeroed on demand (see guest_ram.h).
 *
 * One byte per 4 KiB page says whether it is mapped in EPT; a page is
 * zeroed before its byte and its EPT entry are set, so nothing, guest or
 * host, can reach a page that still holds the previous owner's bytes.
 * The loader maps 4 KiB pages even where 2 MiB would do: zeroing a whole
 * 2 MiB block costs a quarter of a million instructions before the
 * guest's first one, for a few KiB of image. A 2 MiB block with a 4 KiB
 * page in it stays in 4 KiB pages: turning its table into a 2 MiB leaf
 * would change a present EPT entry and need an INVEPT. The fault counts
 * include the hypervisor's own first touches (the loader's pages, a
 * hypercall's buffer), not only the guest's EPT violations.
 */
#include "guest_ram.h"

#include <stdio.h>
#include <string.h>

#include "ept.h"
#include "intr.h"
#include "hvt.h"
#include "io.h"
#include "machine.h"
#include "vmx_defs.h"
#include "vmx_ops.h"

#define PAGES_PER_2M		(EPT_SIZE_2M / PAGE_SIZE)

/* selftest=dirty-ram: "DIRTYRAM" in the first bytes of untouched pages. */
#define POISON_QWORD		0x4d41525954524944ull
#define POISON_BYTES		64

static struct {
	unsigned long faults_2m, faults_4k;
} stats;

/* Page-map bytes for @pages pages, rounded up to whole 2 MiB blocks. */
static uint64_t map_bytes(uint64_t pages)
{
	return (pages + PAGES_PER_2M - 1) / PAGES_PER_2M * PAGES_PER_2M;
}

int guest_ram_init(struct vcpu *v)
{
	uint64_t size = v->config->guest_mem;
	uint64_t pages = size / PAGE_SIZE;

	v->guest_mem = page_reserve(size, EPT_SIZE_2M);
	v->ram_mapped = page_reserve(map_bytes(pages), PAGE_SIZE);
	if (!v->guest_mem || !v->ram_mapped) {
		printf("vmm: not enough memory for %lu MiB of guest RAM "
		       "(%lu MiB free)\n", size >> 20, mem_free_bytes() >> 20);
		return -1;
	}
	v->guest_mem_size = size;
	v->ram_mapped_limit = 0;
	return 0;
}

/* Make the page map valid up to the end of the 2 MiB block holding page
 * @pfn (block_touched() reads the whole block's entries). */
static void map_cover(struct vcpu *v, uint64_t pfn)
{
	uint64_t limit = (pfn / PAGES_PER_2M + 1) * PAGES_PER_2M;

	if (limit <= v->ram_mapped_limit)
		return;
	memset(&v->ram_mapped[v->ram_mapped_limit], 0,
	       limit - v->ram_mapped_limit);
	v->ram_mapped_limit = limit;
}

/* Whether any 4 KiB page of the 2 MiB block at @gpa is mapped. */
static int block_touched(const struct vcpu *v, uint64_t gpa)
{
	const uint8_t *m = &v->ram_mapped[gpa >> PAGE_SHIFT];
	unsigned int i;

	for (i = 0; i < PAGES_PER_2M; i++)
		if (m[i])
			return 1;
	return 0;
}

/* The rights of the 4 KiB page at @gpa. */
static uint64_t page_rights(const struct vcpu *v, uint64_t gpa)
{
	unsigned int i;

	if (!v->ram_rights.n)
		return EPT_RWX;
	for (i = 0; i < v->ram_rights.n; i++)
		if (gpa >= v->ram_rights.r[i].start &&
		    gpa < v->ram_rights.r[i].end)
			return v->ram_rights.r[i].rights;
	return v->ram_rights.other;
}

/* Whether a range with rights of its own meets the 2 MiB block at @gpa:
 * such a block is mapped in 4 KiB pages. */
static int block_has_ranges(const struct vcpu *v, uint64_t block)
{
	unsigned int i;

	for (i = 0; i < v->ram_rights.n; i++)
		if (v->ram_rights.r[i].start < block + EPT_SIZE_2M &&
		    v->ram_rights.r[i].end > block)
			return 1;
	return 0;
}

/* The EPT entry of the 4 KiB page at @gpa, with its rights. */
static void ept_map_page(struct vcpu *v, uint64_t gpa)
{
	ept_map(v, gpa, (uint64_t)v->guest_mem + gpa, 0, page_rights(v, gpa));
}

static void map_4k(struct vcpu *v, uint64_t gpa)
{
	ept_map_page(v, gpa);
	v->ram_mapped[gpa >> PAGE_SHIFT] = 1;
	stats.faults_4k++;
}

void guest_ram_set_rights(struct vcpu *v, const struct ram_range *r,
			  unsigned int n, uint8_t other)
{
	uint64_t pfn;

	if (n > RAM_RANGES_MAX)
		panic("guest_ram: %u rights ranges", n);
	memcpy(v->ram_rights.r, r, n * sizeof(*r));
	v->ram_rights.n = n;
	v->ram_rights.other = other;
	/*
	 * The loader's pages are mapped already, RWX and in 4 KiB pages
	 * (guest_ram_write); give them their rights. No INVEPT: no guest
	 * has run on this EPTP yet, so no guest-physical mapping derived
	 * from it can be cached (SDM vol. 3C, 29.4.1).
	 */
	for (pfn = 0; pfn < v->ram_mapped_limit; pfn++)
		if (v->ram_mapped[pfn])
			ept_map_page(v, pfn << PAGE_SHIFT);
}

/* Zero and map the page (or 2 MiB block) holding @gpa, not yet mapped. */
static void fault_in_page(struct vcpu *v, uint64_t gpa)
{
	uint64_t block = gpa & ~(EPT_SIZE_2M - 1);

	map_cover(v, gpa >> PAGE_SHIFT);

	if (ept_has_2m(v) && v->guest_mem_size - block >= EPT_SIZE_2M &&
	    !block_touched(v, block) && !block_has_ranges(v, block)) {
		memset(v->guest_mem + block, 0, EPT_SIZE_2M);
		ept_map(v, block, (uint64_t)v->guest_mem + block, 1,
			page_rights(v, block));
		memset(&v->ram_mapped[block >> PAGE_SHIFT], 1, PAGES_PER_2M);
		stats.faults_2m++;
		return;
	}
	gpa &= ~(PAGE_SIZE - 1);
	memset(v->guest_mem + gpa, 0, PAGE_SIZE);
	map_4k(v, gpa);
}

void *guest_ram_fault_in(struct vcpu *v, uint64_t gpa, size_t len)
{
	uint64_t page, end;

	if (gpa >= v->guest_mem_size || len > v->guest_mem_size - gpa)
		return NULL;
	end = gpa + len;
	for (page = gpa & ~(PAGE_SIZE - 1); page < end; page += PAGE_SIZE)
		if (!guest_ram_mapped(v, page >> PAGE_SHIFT))
			fault_in_page(v, page);
	return v->guest_mem + gpa;
}

int guest_ram_write(struct vcpu *v, uint64_t gpa, const void *src,
		    size_t len)
{
	uint64_t page, end;

	if (gpa >= v->guest_mem_size || len > v->guest_mem_size - gpa)
		return -1;
	end = gpa + len;
	for (page = gpa & ~(PAGE_SIZE - 1); page < end; page += PAGE_SIZE) {
		uint64_t page_end = page + PAGE_SIZE;

		if (guest_ram_mapped(v, page >> PAGE_SHIFT))
			continue;
		map_cover(v, page >> PAGE_SHIFT);
		/* Zero what the copy below leaves of the page. */
		if (gpa > page)
			memset(v->guest_mem + page, 0, gpa - page);
		if (end < page_end)
			memset(v->guest_mem + end, 0, page_end - end);
		map_4k(v, page);
	}
	memcpy(v->guest_mem + gpa, src, len);
	return 0;
}

int guest_ram_ept_violation(struct vcpu *v, uint64_t gpa)
{
	/*
	 * A violation on a mapped page is an access its rights forbid (an
	 * hvt image's W^X: hvt.c reports it as solo5-hvt does), or, where
	 * all RAM is RWX, an EPT that is not what this file thinks:
	 * retrying would loop for ever, so the guest ends with the report.
	 */
	if (guest_ram_mapped(v, gpa >> PAGE_SHIFT)) {
		if (v->ram_rights.n) {
			hvt_translation_fault(v, gpa);
			return 0;
		}
		uart_flush();
		printf("vmm: EPT violation on mapped guest RAM at 0x%lx "
		       "(qualification 0x%lx)\n", gpa, v->exit_qual);
		vcpu_stop(v, VMM_EXIT_UNHANDLED_EXIT);
		return 0;
	}
	fault_in_page(v, gpa);
	intr_reinject_vectored(v);
	return 1;
}

void guest_ram_poison(struct vcpu *v)
{
	uint64_t pfn;
	unsigned int i;

	for (pfn = 0; pfn < v->guest_mem_size / PAGE_SIZE; pfn++) {
		uint64_t *p = (uint64_t *)(v->guest_mem + pfn * PAGE_SIZE);

		if (guest_ram_mapped(v, pfn))
			continue;
		for (i = 0; i < POISON_BYTES / sizeof(*p); i++)
			p[i] = POISON_QWORD;
	}
}

void guest_ram_stats_print(void)
{
	printf("vmm: demand-zero faults: %lu (2 MiB) + %lu (4 KiB)\n",
	       stats.faults_2m, stats.faults_4k);
}
