/*
 * ept.c - EPT for guest RAM (see ept.h).
 *
 * Entry formats: SDM vol. 3, 29.3.2, tables 29-1 to 29-6. Guest RAM is
 * mapped with 2 MiB pages where the size allows and 4 KiB pages for a tail,
 * read/write/execute, memory type WB with "ignore PAT" clear, so the guest's
 * own PAT still applies (SDM vol. 3, 29.3.7.2).
 */
#include "ept.h"

#include <stdio.h>

#include "caps.h"
#include "mem.h"

#define EPT_R			(1ull << 0)
#define EPT_W			(1ull << 1)
#define EPT_X			(1ull << 2)
#define EPT_RWX			(EPT_R | EPT_W | EPT_X)
#define EPT_MT_WB		(6ull << 3)	/* leaf memory type */
#define EPT_LARGE		(1ull << 7)	/* 2 MiB leaf in a PDE */
#define EPT_ADDR_MASK		0x000ffffffffff000ull

#define EPTP_MT_WB		6ull		/* SDM vol. 3, 25.6.11 */
#define EPTP_WALK_4		(3ull << 3)	/* walk length minus one */

#define SIZE_2M			(2ull << 20)

static uint64_t *table_alloc(void)
{
	return page_alloc(PAGE_SIZE, PAGE_SIZE);
}

/* The next level's table for @gpa at @level (4 = PML4 .. 2 = PD). */
static uint64_t *next_table(uint64_t *table, uint64_t gpa, int level)
{
	unsigned int idx = (gpa >> (12 + 9 * (level - 1))) & 511;

	if (!(table[idx] & EPT_RWX)) {
		uint64_t *t = table_alloc();

		if (!t)
			return NULL;
		table[idx] = (uint64_t)t | EPT_RWX;
	}
	return (uint64_t *)(table[idx] & EPT_ADDR_MASK);
}

static int map_page(uint64_t *pml4, uint64_t gpa, uint64_t hpa, int large)
{
	uint64_t *pdpt = next_table(pml4, gpa, 4);
	uint64_t *pd = pdpt ? next_table(pdpt, gpa, 3) : NULL;
	uint64_t *pt;

	if (!pd)
		return -1;
	if (large) {
		pd[(gpa >> 21) & 511] = hpa | EPT_RWX | EPT_MT_WB | EPT_LARGE;
		return 0;
	}
	pt = next_table(pd, gpa, 2);
	if (!pt)
		return -1;
	pt[(gpa >> 12) & 511] = hpa | EPT_RWX | EPT_MT_WB;
	return 0;
}

int ept_init(struct vcpu *v)
{
	const struct vmx_caps *c = v->caps;
	uint64_t size = v->config->guest_mem, gpa;
	int large_ok = !!(c->ept_vpid & EPT_CAP_2M_PAGE);

	if (!(c->ept_vpid & EPT_CAP_WALK_4) || !(c->ept_vpid & EPT_CAP_MT_WB)) {
		printf("vmx: EPT lacks a 4-level walk or the WB memory type "
		       "(IA32_VMX_EPT_VPID_CAP = 0x%lx)\n", c->ept_vpid);
		return -1;
	}
	v->guest_mem = page_alloc(size, SIZE_2M);
	v->ept_pml4 = table_alloc();
	if (!v->guest_mem || !v->ept_pml4) {
		printf("vmm: not enough memory for %lu MiB of guest RAM "
		       "(%lu MiB free)\n", size >> 20, mem_free_bytes() >> 20);
		return -1;
	}
	v->guest_mem_size = size;
	for (gpa = 0; gpa < size;) {
		int large = large_ok && size - gpa >= SIZE_2M;

		if (map_page(v->ept_pml4, gpa, (uint64_t)v->guest_mem + gpa,
			     large)) {
			printf("vmm: out of memory for EPT tables\n");
			return -1;
		}
		gpa += large ? SIZE_2M : PAGE_SIZE;
	}
	v->eptp = (uint64_t)v->ept_pml4 | EPTP_MT_WB | EPTP_WALK_4;
	return 0;
}
