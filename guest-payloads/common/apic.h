/*
 * apic.h - the local APIC as a payload programs it (SDM vol. 3, chapter
 * 11 "Advanced Programmable Interrupt Controller (APIC)"): the register
 * offsets and bits, and access through either interface, the xAPIC page
 * at 0xfee00000 (11.4.1) or the x2APIC MSRs (11.12).
 *
 * Header-only, so a payload that does not use the APIC links nothing
 * extra. The constants come first and are plain #defines so assembly can
 * include this file too. Register names follow the hypervisor's lapic.h
 * (and Linux's apicdef.h), so one name finds both sides.
 */
#ifndef APIC_H
#define APIC_H

#include "guest.h"

/* CPUID.1:ECX (SDM vol. 2A, CPUID, table 3-10 "Feature Information
 * Returned in the ECX Register"). */
#define CPUID_1_ECX_X2APIC		(1 << 21)
#define CPUID_1_ECX_TSC_DEADLINE	(1 << 24)

/* IA32_APIC_BASE (SDM vol. 3, 11.4.4, figure 11-5; 11.12.1). */
#define MSR_IA32_APIC_BASE	0x1b
#define APIC_BASE_BSP		(1 << 8)
#define APIC_BASE_EXTD		(1 << 10)	/* x2APIC mode */
#define APIC_BASE_EN		(1 << 11)	/* APIC global enable */
#define APIC_BASE_ADDR_MASK	0xfffff000

/* SDM vol. 3, 11.5.4.1 "TSC-Deadline Mode". */
#define MSR_IA32_TSC_DEADLINE	0x6e0

/* The xAPIC page after reset (SDM vol. 3, 11.4.1). */
#define APIC_DEFAULT_PHYS_BASE	0xfee00000

/* x2APIC register = MSR 0x800 + xAPIC offset / 16 (SDM vol. 3, 11.12.1.2,
 * table 11-6). */
#define X2APIC_MSR_BASE		0x800
#define X2APIC_MSR(off)		(X2APIC_MSR_BASE + ((off) >> 4))

/* Register offsets in the xAPIC page (SDM vol. 3, table 11-1). */
#define APIC_ID			0x020
#define APIC_LVR		0x030
#define APIC_TASKPRI		0x080
#define APIC_EOI		0x0b0
#define APIC_SPIV		0x0f0
#define APIC_ESR		0x280
#define APIC_LVTT		0x320
#define APIC_TMICT		0x380
#define APIC_TMCCT		0x390
#define APIC_TDCR		0x3e0

/* SVR bit 8: the software enable (SDM vol. 3, 11.9, figure 11-23). */
#define APIC_SPIV_ENABLE	(1 << 8)

/* LVT timer entry (SDM vol. 3, 11.5.1, figure 11-8): vector in 7:0. */
#define APIC_LVT_MASKED			(1 << 16)
#define APIC_LVT_TIMER_ONESHOT		(0 << 17)
#define APIC_LVT_TIMER_PERIODIC		(1 << 17)
#define APIC_LVT_TIMER_TSC_DEADLINE	(2 << 17)

/* Divide configuration, bits 3 and 1:0 (SDM vol. 3, 11.5.4, figure
 * 11-10). The timer counts at the "bus" clock divided by this. */
#define APIC_TDCR_DIV_2		0x0
#define APIC_TDCR_DIV_4		0x1
#define APIC_TDCR_DIV_8		0x2
#define APIC_TDCR_DIV_16	0x3
#define APIC_TDCR_DIV_32	0x8
#define APIC_TDCR_DIV_64	0x9
#define APIC_TDCR_DIV_128	0xa
#define APIC_TDCR_DIV_1		0xb

/*
 * Page-level cache disable and write-through (SDM vol. 3, 4.9.2 and
 * 12.12.3): PCD = PWT = 1 with PAT = 0 selects PAT entry 3, UC at reset,
 * the type the APIC page needs (11.4.1).
 */
#ifndef PTE_PWT
#define PTE_PWT			(1 << 3)
#endif
#ifndef PTE_PCD
#define PTE_PCD			(1 << 4)
#endif

#ifndef __ASSEMBLY__

/*
 * MMIO through inline asm: a plain 32-bit MOV, the form an emulating
 * hypervisor's decoder is sure to know (and the APIC wants 32-bit
 * accesses only, SDM vol. 3, 11.4.1), where C could emit a
 * read-modify-write instruction.
 */
static inline uint32_t xapic_read(uint32_t off)
{
	uint64_t addr = (uint64_t)APIC_DEFAULT_PHYS_BASE + off;
	uint32_t v;

	__asm__ volatile("movl (%1), %0" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void xapic_write(uint32_t off, uint32_t v)
{
	uint64_t addr = (uint64_t)APIC_DEFAULT_PHYS_BASE + off;

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
 * caller owns, whose one 2 MiB entry covers 0xfee00000 uncached. A
 * not-present entry made present needs no TLB invalidation (SDM vol. 3,
 * 4.10.4.3). Returns 0, or -1 when PDPT[3] already maps something else.
 */
static inline int xapic_map(uint64_t *pd)
{
	uint64_t *pdpt = (uint64_t *)GUEST_PDPT;
	unsigned int i = (APIC_DEFAULT_PHYS_BASE >> 30) & 511;
	unsigned int j = (APIC_DEFAULT_PHYS_BASE >> 21) & 511;

	if (pdpt[i] & PTE_P)
		return (pdpt[i] & ~0xfffull) == (uint64_t)pd ? 0 : -1;
	pd[j] = (APIC_DEFAULT_PHYS_BASE & ~(uint64_t)(PAGE_2M - 1)) |
		PTE_P | PTE_W | PDE_PS | PTE_PWT | PTE_PCD;
	pdpt[i] = (uint64_t)pd | PTE_P | PTE_W;
	return 0;
}

#endif /* __ASSEMBLY__ */
#endif /* APIC_H */
