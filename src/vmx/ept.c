/*
 * ept.c - EPT for guest RAM (see ept.h).
 *
 * Entry formats: SDM vol. 3, 29.3.2, tables 29-1 to 29-6. A leaf is a
 * 2 MiB page in a PDE or a 4 KiB page in a PTE, with the rights the
 * caller gives (guest_ram.c: read/write/execute, or an hvt image's
 * per-segment rights), memory type WB with "ignore PAT" clear, so the
 * guest's own PAT still applies (SDM vol. 3, 29.3.7.2).
 *
 * Entries only ever go from not present to present, never back and never
 * from a table to a leaf: a logical processor caches nothing derived
 * from a not-present EPT entry, so such a change needs no INVEPT (SDM
 * vol. 3, 29.4.3.4, "Guidelines for Use of the INVEPT Instruction"), and
 * the access that faulted simply succeeds when the guest retries it.
 */
#include "ept.h"
#include "vmx_defs.h"

#include <stdio.h>
#include <string.h>

#include "caps.h"
#include "machine.h"
#include "mem.h"

#define EPT_MT_WB		(6ull << 3)	/* leaf memory type */
#define EPT_LARGE		(1ull << 7)	/* 2 MiB leaf in a PDE */
#define EPT_ADDR_MASK		0x000ffffffffff000ull

#define EPTP_MT_WB		6ull		/* SDM vol. 3, 25.6.11 */
#define EPTP_WALK_4		(3ull << 3)	/* walk length minus one */

#define EPT_SIZE_1G		(1ull << 30)
#define EPT_ENTRIES		512

/* The tables every mapping may need, reserved at boot, zeroed when taken. */
static uint8_t *tables_next, *tables_end;

static uint64_t *table_take(void)
{
	uint64_t *t = (uint64_t *)tables_next;

	if (tables_next == tables_end)
		return NULL;
	tables_next += PAGE_SIZE;
	memset(t, 0, PAGE_SIZE);
	return t;
}

int ept_has_2m(const struct vcpu *v)
{
	return !!(v->caps->ept_vpid & EPT_CAP_2M_PAGE);
}

/* The next level's table for @gpa at @level (4 = PML4 .. 2 = PD). */
static uint64_t *next_table(uint64_t *table, uint64_t gpa, int level)
{
	unsigned int idx = (gpa >> (12 + 9 * (level - 1))) & (EPT_ENTRIES - 1);

	if (!(table[idx] & EPT_RWX)) {
		uint64_t *t = table_take();

		if (!t)
			panic("ept: out of reserved tables at guest-physical "
			      "0x%lx", gpa);
		table[idx] = (uint64_t)t | EPT_RWX;
	}
	return (uint64_t *)(table[idx] & EPT_ADDR_MASK);
}

void ept_map(struct vcpu *v, uint64_t gpa, uint64_t hpa, int large,
	     uint64_t rights)
{
	uint64_t *pdpt = next_table(v->ept_pml4, gpa, 4);
	uint64_t *pd = next_table(pdpt, gpa, 3);
	uint64_t *pt;

	if (large) {
		pd[(gpa >> 21) & (EPT_ENTRIES - 1)] =
			hpa | rights | EPT_MT_WB | EPT_LARGE;
		return;
	}
	pt = next_table(pd, gpa, 2);
	pt[(gpa >> 12) & (EPT_ENTRIES - 1)] = hpa | rights | EPT_MT_WB;
}

int ept_init(struct vcpu *v)
{
	const struct vmx_caps *c = v->caps;
	uint64_t size = v->guest_mem_size;
	/* PML4 and PDPT (RAM ends below 512 GiB), a PD per GiB, a PT per
	 * 2 MiB: the most that mapping all of RAM in 4 KiB pages takes. */
	uint64_t n = 2 + (size + EPT_SIZE_1G - 1) / EPT_SIZE_1G +
		     (size + EPT_SIZE_2M - 1) / EPT_SIZE_2M;

	if (!(c->ept_vpid & EPT_CAP_WALK_4) || !(c->ept_vpid & EPT_CAP_MT_WB)) {
		printf("vmx: EPT lacks a 4-level walk or the WB memory type "
		       "(IA32_VMX_EPT_VPID_CAP = 0x%lx)\n", c->ept_vpid);
		return -1;
	}
	tables_next = page_reserve(n * PAGE_SIZE, PAGE_SIZE);
	if (!tables_next) {
		printf("vmm: no memory for the EPT tables (%lu KiB, %lu MiB "
		       "free)\n", (uint64_t)(n * PAGE_SIZE) >> 10,
		       mem_free_bytes() >> 20);
		return -1;
	}
	tables_end = tables_next + n * PAGE_SIZE;
	v->ept_pml4 = table_take();
	v->eptp = (uint64_t)v->ept_pml4 | EPTP_MT_WB | EPTP_WALK_4;
	return 0;
}
