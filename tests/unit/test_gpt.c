/*
 * test_gpt.c - the guest page walk (src/emul/gpt.c) on a fake guest
 * memory: every paging mode, each level's reserved bits, the rights
 * (U/S, R/W with WP, XD with NXE, SMEP, SMAP with AC) and the #PF error
 * code the CPU gives for each (SDM vol. 3, 4.3-4.8). Tables are built
 * by hand in a 2 MiB buffer that stands for guest RAM from 0; the
 * walk's verdict and the accessed and dirty flags are checked.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "gpt.h"

#define RAM_SIZE	(2u << 20)
#define MAXPHY		40	/* tigerlake's, as Bochs models it */

/* Table frames and data pages in the fake RAM. */
#define PML5		0x1000
#define PML4		0x2000
#define PDPT		0x3000
#define PD		0x4000
#define PT		0x5000
#define PDPT_PAE	0x6000	/* PDPTEs in memory, which PAE must not read */
#define PAGE		0x10000
#define PD32		0x7000
#define PT32		0x8000

#define RW		(PTE_P | PTE_W)
#define URW		(PTE_P | PTE_W | PTE_U)

static uint8_t ram[RAM_SIZE] __attribute__((aligned(4096)));
static struct vmx_caps caps;
static struct vcpu vcpu;

/*
 * The slow part of guest_ram() (src/vmx/guest_ram.c zeroes and maps on
 * demand): here the fake RAM is all there and mapped, so it is only the
 * bound on the range.
 */
void *guest_ram_fault_in(struct vcpu *v, uint64_t gpa, size_t len)
{
	if (gpa >= v->guest_mem_size || len > v->guest_mem_size - gpa)
		return NULL;
	return v->guest_mem + gpa;
}

static uint64_t *q(uint64_t gpa)
{
	return (uint64_t *)(ram + gpa);
}

static uint32_t *d(uint64_t gpa)
{
	return (uint32_t *)(ram + gpa);
}

static int setup(void **state)
{
	(void)state;
	memset(ram, 0, sizeof(ram));
	memset(&caps, 0, sizeof(caps));
	caps.phys_addr_bits = MAXPHY;
	caps.phys_addr_rsvd = PTE_ADDR & ~((1ull << MAXPHY) - 1);
	caps.page_1g = 1;
	memset(&vcpu, 0, sizeof(vcpu));
	vcpu.guest_mem = ram;
	vcpu.guest_mem_size = RAM_SIZE;
	vcpu.caps = &caps;
	return 0;
}

/* A paging state: IA-32e (4-level unless @cr4 has LA57), PAE, 32-bit. */
static struct gpt_ctx ctx_long(uint64_t cr4, unsigned int cpl,
			       unsigned int acc)
{
	struct gpt_ctx c = {
		.cr0 = CR0_PE | CR0_PG | CR0_WP,
		.cr3 = (cr4 & CR4_LA57) ? PML5 : PML4,
		.cr4 = CR4_PAE | cr4,
		.efer = EFER_LME | EFER_LMA | EFER_NXE,
		.cpl = cpl,
	};

	gpt_ctx_access(&c, &caps, acc);
	return c;
}

static struct gpt_ctx ctx_legacy(uint64_t cr4, unsigned int cpl,
				 unsigned int acc)
{
	struct gpt_ctx c = {
		.cr0 = CR0_PE | CR0_PG | CR0_WP,
		.cr3 = (cr4 & CR4_PAE) ? PDPT_PAE : PD32,
		.cr4 = cr4,
		.efer = EFER_NXE,
		.cpl = cpl,
	};

	gpt_ctx_access(&c, &caps, acc);
	return c;
}

/* 0x12345678 + a 4 KiB page offset through PML4[0] PDPT[0] PD[0x91]
 * PT[0x145]: 4-level, 4 KiB, every level user-writable. */
#define VA4K		0x12345678ull
static void map_4k(uint64_t bits)
{
	*q(PML4) = PDPT | bits;
	*q(PDPT) = PD | bits;
	*q(PD + PD_INDEX(VA4K) * 8) = PT | bits;
	*q(PT + ((VA4K >> 12) & 511) * 8) = PAGE | bits;
}

static int64_t walk(const struct gpt_ctx *c, uint64_t gla, uint64_t *gpa)
{
	*gpa = ~0ull;
	return gpt_walk(&vcpu, c, gla, gpa);
}

static void test_4level_4k(void **state)
{
	struct gpt_ctx c = ctx_long(0, 0, 0);
	uint64_t gpa;

	(void)state;
	map_4k(URW);
	assert_int_equal(walk(&c, VA4K, &gpa), 0);
	assert_int_equal(gpa, PAGE | (VA4K & 0xfff));
	/* A read sets A at every level and D nowhere (SDM vol. 3, 4.8). */
	assert_true(*q(PML4) & PTE_A);
	assert_true(*q(PDPT) & PTE_A);
	assert_true(*q(PD + PD_INDEX(VA4K) * 8) & PTE_A);
	assert_true(*q(PT + ((VA4K >> 12) & 511) * 8) & PTE_A);
	assert_false(*q(PT + ((VA4K >> 12) & 511) * 8) & PTE_D);
	c = ctx_long(0, 0, GPT_WRITE);
	assert_int_equal(walk(&c, VA4K, &gpa), 0);
	assert_true(*q(PT + ((VA4K >> 12) & 511) * 8) & PTE_D);
	assert_false(*q(PD + PD_INDEX(VA4K) * 8) & PTE_D);
}

static void test_4level_large_pages(void **state)
{
	struct gpt_ctx c = ctx_long(0, 0, GPT_WRITE);
	uint64_t gpa;

	(void)state;
	*q(PML4) = PDPT | RW;
	*q(PDPT) = PD | RW;
	*q(PD + 1 * 8) = 0x200000 | RW | PTE_PS;	/* 2 MiB at 2 MiB */
	assert_int_equal(walk(&c, 0x2abcde, &gpa), 0);
	assert_int_equal(gpa, 0x2abcde);
	assert_true(*q(PD + 8) & PTE_D);
	/* 1 GiB page at 1 GiB: PDPT[1]. */
	*q(PDPT + 8) = 0x40000000 | RW | PTE_PS;
	assert_int_equal(walk(&c, 0x40012345, &gpa), 0);
	assert_int_equal(gpa, 0x40012345);
	/* Without 1 GiB pages PS is reserved there (table 4-15). */
	caps.page_1g = 0;
	assert_int_equal(walk(&c, 0x40012345, &gpa),
			 GPT_FAULT | PF_ERR_P | PF_ERR_RSVD | PF_ERR_W);
}

/* 5-level paging walks PML5[bits 56:48] first: the same address under
 * 4-level paging would use another table (4.5.1). */
static void test_5level(void **state)
{
	uint64_t va = (1ull << 48) | VA4K;	/* PML5[1], PML4[0] */
	struct gpt_ctx c5 = ctx_long(CR4_LA57, 0, 0);
	struct gpt_ctx c4 = ctx_long(0, 0, 0);
	uint64_t gpa;

	(void)state;
	map_4k(RW);
	*q(PML5 + 8) = PML4 | RW;
	assert_int_equal(walk(&c5, va, &gpa), 0);
	assert_int_equal(gpa, PAGE | (VA4K & 0xfff));
	/* PML5[0] is not present: */
	assert_int_equal(walk(&c5, VA4K, &gpa), GPT_FAULT);
	/* and 4-level paging sees PML4[0] for bits 47:39 of va. */
	assert_int_equal(walk(&c4, VA4K, &gpa), 0);
	/* PS is reserved in a PML5E and a PML4E. */
	*q(PML5 + 8) |= PTE_PS;
	assert_int_equal(walk(&c5, va, &gpa),
			 GPT_FAULT | PF_ERR_P | PF_ERR_RSVD);
	*q(PML4) |= PTE_PS;
	assert_int_equal(walk(&c4, VA4K, &gpa),
			 GPT_FAULT | PF_ERR_P | PF_ERR_RSVD);
}

static void test_not_present(void **state)
{
	uint64_t gpa;
	struct gpt_ctx c;

	(void)state;
	map_4k(URW);
	*q(PD + PD_INDEX(VA4K) * 8) &= ~PTE_P;
	c = ctx_long(0, 3, GPT_WRITE);
	assert_int_equal(walk(&c, VA4K, &gpa),
			 GPT_FAULT | PF_ERR_W | PF_ERR_U);
	/* A right missing above a level that is not present: the missing
	 * level decides (P = 0). */
	*q(PML4) &= ~PTE_U;
	assert_int_equal(walk(&c, VA4K, &gpa),
			 GPT_FAULT | PF_ERR_W | PF_ERR_U);
}

static void test_reserved_bits(void **state)
{
	struct gpt_ctx c = ctx_long(0, 0, 0);
	uint64_t *pte = q(PT + ((VA4K >> 12) & 511) * 8);
	uint64_t gpa;

	(void)state;
	map_4k(RW);
	*pte |= 1ull << MAXPHY;			/* above MAXPHYADDR */
	assert_int_equal(walk(&c, VA4K, &gpa),
			 GPT_FAULT | PF_ERR_P | PF_ERR_RSVD);
	*pte &= ~(1ull << MAXPHY);
	*pte |= 1ull << 52;			/* ignored (4-level) */
	assert_int_equal(walk(&c, VA4K, &gpa), 0);
	/* XD without EFER.NXE is reserved (table 4-19). */
	*pte |= PTE_NX;
	assert_int_equal(walk(&c, VA4K, &gpa), 0);
	c.efer &= ~EFER_NXE;
	gpt_ctx_access(&c, &caps, 0);
	assert_int_equal(walk(&c, VA4K, &gpa),
			 GPT_FAULT | PF_ERR_P | PF_ERR_RSVD);
	/* A 2 MiB page's bits 20:13 (table 4-17). */
	c = ctx_long(0, 0, 0);
	*q(PD + PD_INDEX(VA4K) * 8) = 0x200000 | RW | PTE_PS | (1u << 13);
	assert_int_equal(walk(&c, VA4K, &gpa),
			 GPT_FAULT | PF_ERR_P | PF_ERR_RSVD);
}

/* User-mode accesses need U/S and, to write, R/W at every level;
 * supervisor writes need R/W only with CR0.WP (4.6.1). */
static void test_rights(void **state)
{
	struct gpt_ctx c;
	uint64_t gpa;

	(void)state;
	map_4k(URW);
	*q(PDPT) &= ~PTE_U;
	c = ctx_long(0, 3, 0);
	assert_int_equal(walk(&c, VA4K, &gpa),
			 GPT_FAULT | PF_ERR_P | PF_ERR_U);
	c = ctx_long(0, 0, 0);
	assert_int_equal(walk(&c, VA4K, &gpa), 0);
	map_4k(URW);
	*q(PD + PD_INDEX(VA4K) * 8) &= ~PTE_W;
	c = ctx_long(0, 3, GPT_WRITE);
	assert_int_equal(walk(&c, VA4K, &gpa),
			 GPT_FAULT | PF_ERR_P | PF_ERR_W | PF_ERR_U);
	assert_false(*q(PT + ((VA4K >> 12) & 511) * 8) & PTE_D);
	c = ctx_long(0, 0, GPT_WRITE);
	assert_int_equal(walk(&c, VA4K, &gpa),
			 GPT_FAULT | PF_ERR_P | PF_ERR_W);
	c.cr0 &= ~CR0_WP;
	gpt_ctx_access(&c, &caps, GPT_WRITE);
	assert_int_equal(walk(&c, VA4K, &gpa), 0);
}

/* XD refuses fetches with NXE; SMEP refuses supervisor fetches from
 * user-mode addresses; I/D is set with NXE or SMEP (4.6, 4.7). */
static void test_fetch(void **state)
{
	struct gpt_ctx c = ctx_long(0, 0, GPT_FETCH);
	uint64_t gpa;

	(void)state;
	map_4k(URW);
	assert_int_equal(walk(&c, VA4K, &gpa), 0);
	*q(PDPT) |= PTE_NX;
	assert_int_equal(walk(&c, VA4K, &gpa),
			 GPT_FAULT | PF_ERR_P | PF_ERR_I);
	c = ctx_long(0, 0, 0);			/* a read ignores XD */
	assert_int_equal(walk(&c, VA4K, &gpa), 0);
	*q(PDPT) &= ~PTE_NX;
	c = ctx_long(CR4_SMEP, 0, GPT_FETCH);
	assert_int_equal(walk(&c, VA4K, &gpa),
			 GPT_FAULT | PF_ERR_P | PF_ERR_I);
	c = ctx_long(CR4_SMEP, 3, GPT_FETCH);
	assert_int_equal(walk(&c, VA4K, &gpa), 0);
	/* A supervisor-mode address somewhere up the walk: no SMEP. */
	*q(PML4) &= ~PTE_U;
	c = ctx_long(CR4_SMEP, 0, GPT_FETCH);
	assert_int_equal(walk(&c, VA4K, &gpa), 0);
	/* 32-bit paging has no XD: I/D only with SMEP. */
	*d(PD32 + (VA4K >> 22) * 4) = PT32 | URW;
	*d(PT32 + ((VA4K >> 12) & 1023) * 4) = PAGE | URW;
	c = ctx_legacy(CR4_SMEP, 0, GPT_FETCH);
	assert_int_equal(walk(&c, VA4K, &gpa),
			 GPT_FAULT | PF_ERR_P | PF_ERR_I);
	*d(PT32 + ((VA4K >> 12) & 1023) * 4) = 0;
	c = ctx_legacy(0, 3, GPT_FETCH);
	assert_int_equal(walk(&c, VA4K, &gpa), GPT_FAULT | PF_ERR_U);
}

/* SMAP refuses explicit supervisor data accesses to user-mode addresses
 * unless RFLAGS.AC = 1; user-mode accesses are not affected (4.6.1). */
static void test_smap(void **state)
{
	struct gpt_ctx c = ctx_long(CR4_SMAP, 0, 0);
	uint64_t gpa;

	(void)state;
	map_4k(URW);
	assert_int_equal(walk(&c, VA4K, &gpa), GPT_FAULT | PF_ERR_P);
	c = ctx_long(CR4_SMAP, 0, GPT_WRITE);
	assert_int_equal(walk(&c, VA4K, &gpa),
			 GPT_FAULT | PF_ERR_P | PF_ERR_W);
	c.ac = 1;
	assert_int_equal(walk(&c, VA4K, &gpa), 0);
	c = ctx_long(CR4_SMAP, 3, GPT_WRITE);
	assert_int_equal(walk(&c, VA4K, &gpa), 0);
	*q(PD + PD_INDEX(VA4K) * 8) &= ~PTE_U;	/* a supervisor address */
	c = ctx_long(CR4_SMAP, 0, 0);
	assert_int_equal(walk(&c, VA4K, &gpa), 0);
}

/*
 * PAE paging takes its PDPTEs from the registers the CPU loaded (here
 * the context's, as the VMCS holds them), not from memory at CR3, which
 * the guest may have rewritten since (4.4.1). Bits 62:52 are reserved.
 */
static void test_pae_uses_pdpte_registers(void **state)
{
	struct gpt_ctx c = ctx_legacy(CR4_PAE, 0, 0);
	uint64_t va = 0x40201234, gpa;	/* PDPTE 1, PD[1], PT[1] */

	(void)state;
	*q(PDPT_PAE + 8) = 0;			/* memory: not present */
	c.pdpte[1] = PD | PTE_P;
	*q(PD + 8) = PT | RW;
	*q(PT + 8) = PAGE | RW;
	assert_int_equal(walk(&c, va, &gpa), 0);
	assert_int_equal(gpa, PAGE | 0x234);
	/* And the other way round: memory present, the register not. */
	*q(PDPT_PAE + 8 * 2) = PD | PTE_P;
	assert_int_equal(walk(&c, 0x80201234, &gpa), GPT_FAULT);
	*q(PT + 8) |= 1ull << 52;
	assert_int_equal(walk(&c, va, &gpa),
			 GPT_FAULT | PF_ERR_P | PF_ERR_RSVD);
	/* Outside IA-32e mode linear addresses are 32 bits. */
	*q(PT + 8) &= ~(1ull << 52);
	assert_int_equal(walk(&c, (1ull << 32) | va, &gpa), 0);
}

/* 32-bit paging: 4 KiB pages, and 4 MiB pages with CR4.PSE and PSE-36's
 * address bits 39:32 in bits 20:13 (4.3, table 4-4). */
static void test_32bit(void **state)
{
	struct gpt_ctx c = ctx_legacy(0, 0, GPT_WRITE);
	uint32_t *pde = d(PD32 + (VA4K >> 22) * 4);
	uint64_t gpa;

	(void)state;
	*pde = PT32 | RW;
	*d(PT32 + ((VA4K >> 12) & 1023) * 4) = PAGE | RW;
	assert_int_equal(walk(&c, VA4K, &gpa), 0);
	assert_int_equal(gpa, PAGE | (VA4K & 0xfff));
	assert_true(*pde & PTE_A);
	assert_true(*d(PT32 + ((VA4K >> 12) & 1023) * 4) & PTE_D);
	/* PS without CR4.PSE is ignored: still a page table. */
	*pde |= PTE_PS;
	assert_int_equal(walk(&c, VA4K, &gpa), 0);
	assert_int_equal(gpa, PAGE | (VA4K & 0xfff));
	/* With PSE: a 4 MiB page at 0x12_0000_0000 + 0x00c00000. */
	c = ctx_legacy(CR4_PSE, 0, 0);
	*pde = 0x00c00000 | (0x12u << 13) | RW | PTE_PS;
	assert_int_equal(walk(&c, VA4K, &gpa), 0);
	assert_int_equal(gpa, 0x1200c00000ull | (VA4K & 0x3fffff));
	/* Address bits at or above MAXPHYADDR, and bit 21, are reserved. */
	*pde |= 1u << 21;
	assert_int_equal(walk(&c, VA4K, &gpa),
			 GPT_FAULT | PF_ERR_P | PF_ERR_RSVD);
	caps.phys_addr_rsvd = PTE_ADDR & ~((1ull << 36) - 1);
	*pde &= ~(1u << 21);
	assert_int_equal(walk(&c, VA4K, &gpa),
			 GPT_FAULT | PF_ERR_P | PF_ERR_RSVD);
}

static void test_paging_off(void **state)
{
	struct gpt_ctx c = ctx_legacy(0, 0, 0);
	uint64_t gpa;

	(void)state;
	c.cr0 &= ~CR0_PG;
	assert_int_equal(walk(&c, 0x1fffff123ull, &gpa), 0);
	assert_int_equal(gpa, 0xfffff123);
}

/* A paging structure outside guest RAM: where the CPU would take an EPT
 * violation, the walk says so and names the entry's address. */
static void test_table_outside_ram(void **state)
{
	struct gpt_ctx c = ctx_long(0, 0, 0);
	uint64_t gpa;

	(void)state;
	map_4k(RW);
	*q(PDPT) = (RAM_SIZE + 0x3000) | RW;
	assert_int_equal(walk(&c, VA4K, &gpa), GPT_NO_RAM);
	assert_int_equal(gpa, RAM_SIZE + 0x3000 + PD_INDEX(VA4K) * 8);
	/* The last 8 bytes of RAM are RAM. */
	*q(PDPT) = (RAM_SIZE - 0x1000) | RW;
	*q(RAM_SIZE - 8) = PT | RW;
	assert_int_equal(walk(&c, (511ull << 21) | (VA4K & 0x1fffff), &gpa),
			 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_4level_4k, setup),
		cmocka_unit_test_setup(test_4level_large_pages, setup),
		cmocka_unit_test_setup(test_5level, setup),
		cmocka_unit_test_setup(test_not_present, setup),
		cmocka_unit_test_setup(test_reserved_bits, setup),
		cmocka_unit_test_setup(test_rights, setup),
		cmocka_unit_test_setup(test_fetch, setup),
		cmocka_unit_test_setup(test_smap, setup),
		cmocka_unit_test_setup(test_pae_uses_pdpte_registers, setup),
		cmocka_unit_test_setup(test_32bit, setup),
		cmocka_unit_test_setup(test_paging_off, setup),
		cmocka_unit_test_setup(test_table_outside_ram, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
