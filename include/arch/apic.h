/*
 * apic.h - the local APIC's architecture (SDM vol. 3, chapter 11 in
 * current editions, "Advanced Programmable Interrupt Controller"): the
 * register offsets of the xAPIC page, their x2APIC MSRs, IA32_APIC_BASE
 * and the LVT, SVR and divide encodings. One list for the hypervisor's
 * model (src/vcpu/lapic.c) and the payloads' drivers. Preprocessor
 * constants only.
 */
#ifndef ARCH_APIC_H
#define ARCH_APIC_H

/* Register offsets in the xAPIC page (SDM vol. 3, table 11-1). */
#define APIC_ID			0x020
#define APIC_LVR		0x030
#define APIC_TASKPRI		0x080
#define APIC_ARBPRI		0x090
#define APIC_PROCPRI		0x0a0
#define APIC_EOI		0x0b0
#define APIC_RRR		0x0c0
#define APIC_LDR		0x0d0
#define APIC_DFR		0x0e0
#define APIC_SPIV		0x0f0
#define APIC_ISR		0x100
#define APIC_TMR		0x180
#define APIC_IRR		0x200
#define APIC_ESR		0x280
#define APIC_LVTCMCI		0x2f0
#define APIC_ICR		0x300
#define APIC_ICR2		0x310
#define APIC_LVTT		0x320
#define APIC_LVTTHMR		0x330
#define APIC_LVTPC		0x340
#define APIC_LVT0		0x350
#define APIC_LVT1		0x360
#define APIC_LVTERR		0x370
#define APIC_TMICT		0x380
#define APIC_TMCCT		0x390
#define APIC_TDCR		0x3e0
#define APIC_SELF_IPI		0x3f0	/* x2APIC only */

/* x2APIC register = MSR 0x800 + xAPIC offset / 16 (SDM vol. 3,
 * 11.12.1.2, table 11-6). */
#define X2APIC_MSR_BASE		0x800
#define X2APIC_MSR_LAST		0x8ff
#define X2APIC_MSR(off)		(X2APIC_MSR_BASE + ((off) >> 4))
#define X2APIC_OFFSET(msr)	(((msr) - X2APIC_MSR_BASE) << 4)
#define MSR_X2APIC_TPR		X2APIC_MSR(APIC_TASKPRI)
#define MSR_X2APIC_EOI		X2APIC_MSR(APIC_EOI)
#define MSR_X2APIC_ICR		X2APIC_MSR(APIC_ICR)	/* 64 bits */

/* IA32_APIC_BASE (SDM vol. 3, 11.4.4, figure 11-5; 11.12.1). */
#define APIC_BASE_ADDR		0xfee00000	/* the xAPIC page at reset */
#define APIC_BASE_ADDR_MASK	0xfffff000
#define APIC_BASE_BSP		(1 << 8)
#define APIC_BASE_X2APIC	(1 << 10)	/* EXTD: x2APIC mode */
#define APIC_BASE_ENABLE	(1 << 11)	/* EN: global enable */

/* SVR bit 8: the software enable (SDM vol. 3, 11.9, figure 11-23). */
#define APIC_SPIV_ENABLE	(1 << 8)

/* LVT entries (SDM vol. 3, 11.5.1, figure 11-8): vector in 7:0. */
#define APIC_LVT_VECTOR(v)	((v) & 0xff)
#define APIC_LVT_MASKED		(1 << 16)
#define APIC_LVT_DELIVERY(v)	(((v) >> 8) & 7)	/* LINT0/1: 10:8 */
#define APIC_LVT_DM_EXTINT	7
#define APIC_LVT_TIMER_SHIFT	17		/* timer mode, bits 18:17 */
#define APIC_LVT_TIMER_MODE(v)	(((v) >> APIC_LVT_TIMER_SHIFT) & 3)
#define APIC_TIMER_ONESHOT	0
#define APIC_TIMER_PERIODIC	1
#define APIC_TIMER_TSC_DEADLINE	2
#define APIC_LVT_TIMER_ONESHOT	(APIC_TIMER_ONESHOT << APIC_LVT_TIMER_SHIFT)
#define APIC_LVT_TIMER_PERIODIC	(APIC_TIMER_PERIODIC << APIC_LVT_TIMER_SHIFT)
#define APIC_LVT_TIMER_TSC_DEADLINE \
	(APIC_TIMER_TSC_DEADLINE << APIC_LVT_TIMER_SHIFT)

/* LVR (SDM vol. 3, 11.4.8, figure 11-7). */
#define APIC_LVR_VERSION(v)	((v) & 0xff)
#define APIC_LVR_MAX_LVT_SHIFT	16
#define APIC_LVR_MAX_LVT(v)	(((v) >> APIC_LVR_MAX_LVT_SHIFT) & 0xff)

/* The xAPIC ID, LDR and ICR high dword keep their 8-bit field in 31:24
 * (SDM vol. 3, figures 11-6, 11-13, 11-12). */
#define APIC_XAPIC_ID_SHIFT	24
#define APIC_XAPIC_BROADCAST	0xff		/* every APIC (11.6.2.1) */
#define APIC_X2APIC_BROADCAST	0xffffffffu	/* (11.12.9) */
/* The x2APIC LDR, derived from the x2APIC ID (SDM vol. 3, 11.12.10.2):
 * the cluster ID[31:4] in bits 31:16, bit ID[3:0] set below. */
#define APIC_X2APIC_LDR(id)	((((id) >> 4) << 16) | (1u << ((id) & 0xf)))
#define APIC_X2APIC_CLUSTER(l)	((l) >> 16)
#define APIC_X2APIC_MEMBERS(l)	((l) & 0xffff)

/* DFR model, bits 31:28 (SDM vol. 3, 11.6.2.2, figure 11-14). */
#define APIC_DFR_MODEL(v)	(((v) >> 28) & 0xf)
#define APIC_DFR_FLAT		0xf
#define APIC_DFR_CLUSTER	0x0

/* Vectors 0-15 are illegal in an interrupt the APIC sends or receives
 * (SDM vol. 3, 11.5.2, 11.5.3). */
#define APIC_VECTOR_LEGAL_MIN	16

/* ESR (SDM vol. 3, 11.5.3, figure 11-9). */
#define APIC_ESR_REDIRECTABLE_IPI	(1 << 4)
#define APIC_ESR_SEND_ILLEGAL_VECTOR	(1 << 5)
#define APIC_ESR_RECV_ILLEGAL_VECTOR	(1 << 6)
#define APIC_ESR_ILLEGAL_REGISTER	(1 << 7)

/* ICR (SDM vol. 3, 11.6.1, figure 11-12). */
#define APIC_ICR_VECTOR(v)		((v) & 0xff)
#define APIC_ICR_DELIVERY_SHIFT		8	/* delivery mode, 10:8 */
#define APIC_ICR_DELIVERY(v)		(((v) >> APIC_ICR_DELIVERY_SHIFT) & 7)
#define APIC_ICR_DM_FIXED		0
#define APIC_ICR_DM_LOWEST		1
#define APIC_ICR_DM_SMI			2
#define APIC_ICR_DM_NMI			4
#define APIC_ICR_DM_INIT		5
#define APIC_ICR_DM_STARTUP		6
#define APIC_ICR_DEST_LOGICAL		(1 << 11)
#define APIC_ICR_DELIVERY_STATUS	(1 << 12)	/* read-only: pending */
#define APIC_ICR_LEVEL_ASSERT		(1 << 14)
#define APIC_ICR_TRIGGER_LEVEL		(1 << 15)
#define APIC_ICR_SHORTHAND_SHIFT	18	/* shorthand, 19:18 */
#define APIC_ICR_SHORTHAND(v)		(((v) >> APIC_ICR_SHORTHAND_SHIFT) & 3)
#define APIC_ICR_DEST_FIELD		0
#define APIC_ICR_DEST_SELF		1
#define APIC_ICR_DEST_ALL		2
#define APIC_ICR_DEST_ALL_BUT_SELF	3
/* The ICR low dword's defined bits; x2APIC: a write with any of the
 * reserved ones (31:20, 17:16, 13) set is #GP (11.12.1.3, 11.12.9). */
#define APIC_ICR_LOW_BITS		0x000ccfffu
#define APIC_X2APIC_ICR_RESERVED	0xfff32000u

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

#endif
