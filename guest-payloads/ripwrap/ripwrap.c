/*
 * ripwrap.c - a guest that makes the hypervisor move RIP past an
 * instruction that ends at the top of an address space (wrap.S). A
 * CPUID whose last byte is at 0xffffffff outside 64-bit mode leaves EIP
 * at 0 (it wraps); written as the sum, 0x100000000, it would fail the VM
 * entry (SDM vol. 3, 26.3.1.4), exit 10. In 64-bit mode one whose last
 * byte is the last canonical address leaves RIP at the first
 * non-canonical one, and the CPU's next fetch takes #GP there.
 */
#include "guest.h"
#include "ripwrap.h"

/* The pages at the tops: 2 MiB pages of RAM the payload does not use. */
#define TOP32_LINEAR	0xffe00000ul		/* PDPT[3], PD[511] */
#define TOP32_PHYS	0x200000ul
#define TOP64_LINEAR	0x7fffffe00000ul	/* PML4[255], PDPT[511], PD[511] */
#define TOP64_PHYS	0x400000ul
#define CPUID_INSN	"\x0f\xa2"
#define CPUID_LEN	2
#define NONCANONICAL	(WRAP64_CPUID + CPUID_LEN)	/* 1 << 47 */
#define LJMP32_LEN	7			/* ea imm32 imm16 */

extern void wrap32(void), wrap32_back(void), wrap64(void);

static uint64_t pdpt64[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE_4K)));
static uint64_t pd64[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE_4K)));
static uint64_t pd32[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE_4K)));

static volatile uint64_t gp_rip;

static int gp_at_top(struct guest_frame *f)
{
	if (f->rip != NONCANONICAL)
		return 0;
	gp_rip = f->rip;
	f->rip = *(uint64_t *)f->rsp;	/* return from wrap64's call */
	f->rsp += 8;
	return 1;
}

static void map_tops(void)
{
	uint64_t *pml4 = (uint64_t *)GUEST_PML4, *pdpt = (uint64_t *)GUEST_PDPT;
	uint8_t *zero_page = (uint8_t *)TOP32_PHYS - TOP32_PHYS;
	uint8_t ljmp[LJMP32_LEN] = { 0xea };
	uint16_t cs = GUEST_CS64;
	uint32_t back = (uint32_t)(uint64_t)wrap32_back;

	pd32[PT_ENTRIES - 1] = TOP32_PHYS | PTE_P | PTE_W | PTE_PS;
	pdpt[3] = (uint64_t)pd32 | PTE_P | PTE_W;
	pd64[PT_ENTRIES - 1] = TOP64_PHYS | PTE_P | PTE_W | PTE_PS;
	pdpt64[PT_ENTRIES - 1] = (uint64_t)pd64 | PTE_P | PTE_W;
	pml4[255] = (uint64_t)pdpt64 | PTE_P | PTE_W;
	write_cr3(read_cr3());

	/* The CPUIDs, in their last two bytes, through the identity map. */
	memcpy((uint8_t *)TOP32_PHYS + PAGE_SIZE_2M - CPUID_LEN, CPUID_INSN,
	       CPUID_LEN);
	memcpy((uint8_t *)TOP64_PHYS + PAGE_SIZE_2M - CPUID_LEN, CPUID_INSN,
	       CPUID_LEN);
	/* At linear 0, where EIP wraps: ljmp $GUEST_CS64, $wrap32_back. An
	 * asm barrier keeps the compiler from treating address 0 as NULL. */
	memcpy(ljmp + 1, &back, sizeof(back));
	memcpy(ljmp + 5, &cs, sizeof(cs));
	__asm__ volatile("" : "+r"(zero_page));
	memcpy(zero_page, ljmp, sizeof(ljmp));
}

void main64(void)
{
	map_tops();
	idt_set_handler(VEC_GP, gp_at_top);

	printf("ripwrap: CPUID ending at 0xffffffff in compatibility mode\n");
	wrap32();
	printf("ripwrap: EIP wrapped to 0 and the guest went on\n");

	printf("ripwrap: CPUID ending at the last canonical byte\n");
	wrap64();
	if (gp_rip == NONCANONICAL)
		printf("ripwrap: #GP at RIP 0x%lx\n", gp_rip);
	else
		printf("ripwrap: no #GP\n");
	exit_code(gp_rip == NONCANONICAL ? 0 : 1);
}
