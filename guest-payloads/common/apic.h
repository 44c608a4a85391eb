/*
 * apic.h - the payloads' local APIC driver (SDM vol. 3, chapter 11
 * "Advanced Programmable Interrupt Controller (APIC)"): access through
 * either interface, the xAPIC page at APIC_BASE_ADDR (11.4.1) or the
 * x2APIC MSRs (11.12), and the mapping of the xAPIC page. The registers
 * and their bits are arch/apic.h's, included here.
 *
 * Header-only, so a payload that does not use the APIC links nothing
 * extra. Assembly may include it for the constants.
 */
#ifndef APIC_H
#define APIC_H

#include "guest.h"
#include "arch/apic.h"

#ifdef __ASSEMBLY__
/*
 * COUNTING_X2APIC_ISR name, counter: an interrupt handler that adds 1 to
 * the 32-bit @counter and EOIs through the x2APIC (SDM vol. 3,
 * 11.12.1.2: WRMSR 0x80b with EDX:EAX = 0). It saves what it uses;
 * IRETQ restores RFLAGS.IF.
 */
.macro COUNTING_X2APIC_ISR name, counter
	.globl \name
\name:
	pushq %rax
	pushq %rcx
	pushq %rdx
	incl \counter(%rip)
	xorl %eax, %eax
	xorl %edx, %edx
	movl $MSR_X2APIC_EOI, %ecx
	wrmsr
	popq %rdx
	popq %rcx
	popq %rax
	iretq
.endm
#else

/*
 * MMIO through inline asm: a plain 32-bit MOV, the form an emulating
 * hypervisor's decoder is sure to know (and the APIC wants 32-bit
 * accesses only, SDM vol. 3, 11.4.1), where C could emit a
 * read-modify-write instruction.
 */
static inline uint32_t xapic_read(uint32_t off)
{
	uint64_t addr = (uint64_t)APIC_BASE_ADDR + off;
	uint32_t v;

	__asm__ volatile("movl (%1), %0" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void xapic_write(uint32_t off, uint32_t v)
{
	uint64_t addr = (uint64_t)APIC_BASE_ADDR + off;

	__asm__ volatile("movl %0, (%1)" : : "r"(v), "r"(addr) : "memory");
}

static inline uint64_t x2apic_read(uint32_t off)
{
	return rdmsr(X2APIC_MSR(off));
}

static inline void x2apic_write(uint32_t off, uint64_t v)
{
	wrmsr(X2APIC_MSR(off), v);
}

/*
 * Map the xAPIC page. The boot tables (guest.h) map only the first GiB,
 * so point PDPT[3] (3 .. 4 GiB) at pd, a zeroed 4 KiB-aligned page the
 * caller owns, whose one 2 MiB entry covers APIC_BASE_ADDR uncached:
 * PCD = PWT = 1 with PAT = 0 selects PAT entry 3, UC at reset (SDM vol.
 * 3, 4.9.2 and 12.12.3), the type the APIC page needs (11.4.1). A
 * not-present entry made present needs no TLB invalidation (SDM vol. 3,
 * 4.10.4.3). Returns 0, or -1 when PDPT[3] already maps something else.
 */
static inline int xapic_map(uint64_t *pd)
{
	uint64_t *pdpt = (uint64_t *)GUEST_PDPT;
	unsigned int i = PDPT_INDEX(APIC_BASE_ADDR);
	unsigned int j = PD_INDEX(APIC_BASE_ADDR);

	if (pdpt[i] & PTE_P)
		return (pdpt[i] & ~0xfffull) == (uint64_t)pd ? 0 : -1;
	pd[j] = (APIC_BASE_ADDR & ~(uint64_t)(PAGE_SIZE_2M - 1)) |
		PTE_P | PTE_W | PTE_PS | PTE_PWT | PTE_PCD;
	pdpt[i] = (uint64_t)pd | PTE_P | PTE_W;
	return 0;
}

#endif /* __ASSEMBLY__ */
#endif /* APIC_H */
