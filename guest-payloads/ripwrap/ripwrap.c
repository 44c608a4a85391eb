/*
 * ripwrap.c - the instruction pointer after an instruction the
 * hypervisor emulates, where it wraps, and the MMIO instruction fetch
 * where the linear address wraps. real16.S has run the real-mode and
 * 32-bit protected-mode tests by the time main64 starts; main64 adds
 * compatibility mode (IA-32e mode with a 32-bit code segment, SDM vol.
 * 3, 5.2.1), where the linear address is 32 bits too:
 *
 *  - CPUID at offset 0xfffffffe of a code segment based at B: after it,
 *    EIP must be 0 (VM entry would refuse RIP[63:32] != 0, vol. 3,
 *    26.3.1.4), where an LRET at B brings us back;
 *  - a 2-byte MOV to the test device's MMIO register at offset
 *    0xffffefff of the same segment: its linear address, B + offset
 *    wrapped to 32 bits, is the last byte of one page, and its second
 *    byte the first of the next. The hypervisor must fetch it there, not
 *    at the 64-bit sum of base and offset, to see what it writes.
 *
 * Each prints what it saw; the run ends with RIPWRAP_EXIT_OK.
 */
#include "ripwrap.h"

/* GDT slots after entry16.S's null descriptor and three segments. */
#define COMPAT_CS		0x20	/* 32-bit code, compat_base() */
#define GDT_ENTRIES		5

#define OP_CPUID_0		0x0f
#define OP_CPUID_1		0xa2
#define OP_LRET			0xcb	/* RET far (32-bit here) */
#define OP_MOV_EBX_EAX_0	0x89	/* mov %eax, (%ebx): 89 03 */
#define OP_MOV_EBX_EAX_1	0x03

#define COMPAT_CPUID_EIP	0xfffffffeu
/* B + this offset, wrapped: the last byte of the page before B's. */
#define COMPAT_MMIO_EIP		0xffffefffu
#define MMIO_MAGIC		0x600dcafeu

#define DESC_AR(ar)		((uint64_t)(ar) << SEG_DESC_AR_SHIFT)

/* Three pages: the MMIO instruction ends page 0 and starts page 1,
 * CPUID ends page 1, the segment's base is page 2. */
static uint8_t pages[3][PAGE_SIZE_4K] __attribute__((aligned(PAGE_SIZE_4K)));
static uint64_t gdt[GDT_ENTRIES] __attribute__((aligned(16)));
static uint64_t pd_4th_gib[PT_ENTRIES] __attribute__((aligned(4096)));

static uint32_t compat_base(void)
{
	return (uint32_t)(uint64_t)pages[2];
}

/* A 4 GiB code segment based at @base (SDM vol. 3, 3.4.5, figure 3-8):
 * base 23:0 in bits 39:16 and 31:24 in 63:56. */
static uint64_t code32_desc(uint32_t base)
{
	return SEG_DESC_LIMIT_MAX | ((uint64_t)(base & 0xffffff) << 16) |
	       ((uint64_t)(base >> 24) << 56) |
	       DESC_AR(AR_TYPE_CODE_RX | AR_S | AR_P | AR_DB | AR_G);
}

static void gdt_init(void)
{
	struct desc_ptr old, ptr;

	__asm__ volatile("sgdt %0" : "=m"(old));
	memcpy(gdt, (const void *)old.base, COMPAT_CS);
	gdt[COMPAT_CS / 8] = code32_desc(compat_base());
	ptr.limit = sizeof(gdt) - 1;
	ptr.base = (uint64_t)gdt;
	__asm__ volatile("lgdt %0" : : "m"(ptr));
}

/* The test device's page, in the fourth GiB, as vmexit.c maps it. */
static void map_mmio(void)
{
	volatile uint64_t *pdpt = (volatile uint64_t *)GUEST_PDPT;
	uint64_t pa = VMM_MMIO_TESTDEV;

	pd_4th_gib[PD_INDEX(pa)] = (pa & ~(uint64_t)(PAGE_SIZE_2M - 1)) |
				   PTE_P | PTE_W | PTE_PS | PTE_PWT | PTE_PCD;
	pdpt[PDPT_INDEX(pa)] = (uint64_t)pd_4th_gib | PTE_P | PTE_W;
	__asm__ volatile("invlpg (%0)" : : "r"(pa) : "memory");
}

/*
 * Run the compatibility-mode code at offset @eip of COMPAT_CS with EAX
 * and EBX as given, until it LRETs: LRETQ enters it (popping RIP, then
 * CS), and the 32-bit LRET at its end pops the frame pushed first,
 * EIP then CS of the label after (SDM vol. 2B, RET, far return).
 */
static void run_compat(uint32_t eip, uint32_t eax, uint32_t ebx)
{
	uint64_t rip = eip;

	__asm__ volatile("subq $8, %%rsp\n\t"
			 "movl $1f, (%%rsp)\n\t"
			 "movl %[cs64], 4(%%rsp)\n\t"
			 "pushq %[cs32]\n\t"
			 "pushq %[rip]\n\t"
			 "lretq\n"
			 "1:"
			 : "+a"(eax), "+b"(ebx)
			 : [cs64] "i"(GUEST_CS64), [cs32] "i"(COMPAT_CS),
			   [rip] "r"(rip)
			 : "rcx", "rdx", "memory");
}

static void compat_cpuid(void)
{
	pages[1][PAGE_SIZE_4K - 2] = OP_CPUID_0;
	pages[1][PAGE_SIZE_4K - 1] = OP_CPUID_1;
	pages[2][0] = OP_LRET;
	run_compat(COMPAT_CPUID_EIP, 0, 0);
	printf("ripwrap: compat: EIP wrapped from 0x%x to 0\n",
	       COMPAT_CPUID_EIP);
}

static void compat_mmio(void)
{
	volatile uint32_t *reg = (volatile uint32_t *)VMM_MMIO_TESTDEV;
	uint32_t gla = compat_base() + COMPAT_MMIO_EIP;

	*reg = 0;
	pages[0][PAGE_SIZE_4K - 1] = OP_MOV_EBX_EAX_0;
	pages[1][0] = OP_MOV_EBX_EAX_1;
	pages[1][1] = OP_LRET;
	run_compat(COMPAT_MMIO_EIP, MMIO_MAGIC, VMM_MMIO_TESTDEV);
	printf("ripwrap: compat: MMIO instruction at linear 0x%x, offset "
	       "0x%x, wrote 0x%x\n", gla, COMPAT_MMIO_EIP, *reg);
}

void main64(void)
{
	gdt_init();
	map_mmio();
	compat_cpuid();
	compat_mmio();
	printf("ripwrap: exit %d\n", RIPWRAP_EXIT_OK);
	hc_exit(RIPWRAP_EXIT_OK);
}
