/*
 * ripwrap.c - the instruction pointer after an instruction the
 * hypervisor emulates, where it wraps, and the MMIO instruction fetch
 * where the linear address wraps. real16.S has run the real-mode and
 * 32-bit protected-mode tests by the time main64 starts; main64 adds
 * compatibility mode (IA-32e mode with a 32-bit code segment, SDM vol.
 * 3, 5.2.1): CPUID at offset 0xfffffffe of a code segment based at B;
 * after it EIP must be 0 (VM entry would refuse RIP[63:32] != 0, vol. 3,
 * 26.3.1.4), where an LRET at B brings us back.
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

#define COMPAT_CPUID_EIP	0xfffffffeu

#define DESC_AR(ar)		((uint64_t)(ar) << SEG_DESC_AR_SHIFT)

/* Two pages: CPUID ends page 0, the segment's base is page 1. */
static uint8_t pages[2][PAGE_SIZE_4K] __attribute__((aligned(PAGE_SIZE_4K)));
static uint64_t gdt[GDT_ENTRIES] __attribute__((aligned(16)));

static uint32_t compat_base(void)
{
	return (uint32_t)(uint64_t)pages[1];
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
	pages[0][PAGE_SIZE_4K - 2] = OP_CPUID_0;
	pages[0][PAGE_SIZE_4K - 1] = OP_CPUID_1;
	pages[1][0] = OP_LRET;
	run_compat(COMPAT_CPUID_EIP, 0, 0);
	printf("ripwrap: compat: EIP wrapped from 0x%x to 0\n",
	       COMPAT_CPUID_EIP);
}

void main64(void)
{
	gdt_init();
	compat_cpuid();
	printf("ripwrap: exit %d\n", RIPWRAP_EXIT_OK);
	hc_exit(RIPWRAP_EXIT_OK);
}
