/*
 * reflect.c - which exits from L2 are L1's (see reflect.h).
 */
#include "reflect.h"

#include "controls.h"
#include "exit_qual.h"
#include "exit_reasons.h"
#include "x86.h"

#define INTR_INFO_VECTOR(i)	((i) & 0xff)
#define INTR_INFO_TYPE(i)	(((i) >> 8) & 7)
#define INTR_TYPE_NMI		2

/* 25.6.3: a #PF exits when bit 14 of the exception bitmap agrees with
 * whether the error code matches; other vectors by their bit. */
static int wants_exception(const struct nested_ctls *c, uint32_t info,
			   uint32_t ec)
{
	unsigned int vec = INTR_INFO_VECTOR(info);

	if (INTR_INFO_TYPE(info) == INTR_TYPE_NMI)
		return !!(c->pin & PIN_BASED_NMI_EXITING);
	if (vec == VEC_PF)
		return ((ec & c->pf_ec_mask) == c->pf_ec_match) ==
		       !!(c->exception_bitmap & (1u << VEC_PF));
	return vec < 32 && (c->exception_bitmap & (1u << vec));
}

/*
 * 27.1.3, MOV to CR0/CR4: an exit when a bit the guest/host mask owns
 * would take a value other than the read shadow's; CLTS when the mask
 * and shadow both have TS; LMSW when it would set an owned PE the
 * shadow has clear, or change an owned MP, EM or TS.
 */
static int wants_cr(const struct nested_l1_view *l1, const struct nested_exit *e)
{
	struct cr_qual q = cr_qual_decode(e->qual);
	const struct nested_ctls *c = &l1->c;
	uint64_t mask, shadow;
	unsigned int i;

	if (q.cr == 0 || q.cr == 4) {
		mask = q.cr ? c->cr4_mask : c->cr0_mask;
		shadow = q.cr ? l1->cr4_shadow : l1->cr0_shadow;
		switch (q.type) {
		case CR_ACCESS_MOV_TO:
			return !!((e->value ^ shadow) & mask);
		case CR_ACCESS_CLTS:
			return q.cr == 0 && (mask & CR0_TS) && (shadow & CR0_TS);
		case CR_ACCESS_LMSW:
			if ((mask & CR0_PE) && !(shadow & CR0_PE) &&
			    (q.lmsw_data & CR0_PE))
				return 1;
			return !!((q.lmsw_data ^ shadow) & mask &
				  (CR0_MP | CR0_EM | CR0_TS));
		default:
			return 0;	/* MOV from CR0/CR4 never exits */
		}
	}
	if (q.cr == 3) {
		if (q.type == CR_ACCESS_MOV_FROM)
			return !!(c->proc & CPU_BASED_CR3_STORE_EXITING);
		if (!(c->proc & CPU_BASED_CR3_LOAD_EXITING))
			return 0;
		for (i = 0; i < l1->cr3_target_count && i < 4; i++)
			if (l1->cr3_target[i] == e->value)
				return 0;
		return 1;
	}
	if (q.cr == 8)
		return !!(c->proc & (q.type == CR_ACCESS_MOV_FROM ?
				     CPU_BASED_CR8_STORE_EXITING :
				     CPU_BASED_CR8_LOAD_EXITING));
	return 1;
}

/* 25.6.4: with I/O bitmaps, an access exits when any byte's port has
 * its bit set, or when it wraps past 0xffff; without, unconditional
 * I/O exiting decides. */
static int wants_io(const struct nested_l1_view *l1, uint64_t qual)
{
	struct io_qual io = io_qual_decode(qual);
	unsigned int i, port;

	if (!(l1->c.proc & CPU_BASED_USE_IO_BITMAPS))
		return !!(l1->c.proc & CPU_BASED_UNCOND_IO_EXITING);
	for (i = 0; i < io.size; i++) {
		port = io.port + i;
		if (port > 0xffff || (l1->io_bitmap[port / 8] >> (port % 8) & 1))
			return 1;
	}
	return 0;
}

/* 25.6.9: the read bitmaps at 0 (low MSRs) and 1024 (0xc0000000...),
 * the write ones at 2048 and 3072; an MSR in neither range exits. */
static int wants_msr(const struct nested_l1_view *l1, uint64_t msr, int write)
{
	unsigned int base = write ? 2048 : 0;

	if (!(l1->c.proc & CPU_BASED_USE_MSR_BITMAPS))
		return 1;
	if (msr >= 0xc0000000u && msr <= 0xc0001fffu) {
		base += 1024;
		msr -= 0xc0000000u;
	} else if (msr > 0x1fff) {
		return 1;
	}
	return l1->msr_bitmap[base + msr / 8] >> (msr % 8) & 1;
}

/* The exits that one primary or secondary control of L1's asks for. */
static const struct { uint16_t reason; uint32_t proc, proc2; } by_control[] = {
	{ EXIT_REASON_INTERRUPT_WINDOW, CPU_BASED_INTR_WINDOW_EXITING, 0 },
	{ EXIT_REASON_NMI_WINDOW, CPU_BASED_NMI_WINDOW_EXITING, 0 },
	{ EXIT_REASON_HLT, CPU_BASED_HLT_EXITING, 0 },
	{ EXIT_REASON_INVLPG, CPU_BASED_INVLPG_EXITING, 0 },
	{ EXIT_REASON_RDPMC, CPU_BASED_RDPMC_EXITING, 0 },
	{ EXIT_REASON_RDTSC, CPU_BASED_RDTSC_EXITING, 0 },
	{ EXIT_REASON_RDTSCP, CPU_BASED_RDTSC_EXITING, 0 },
	{ EXIT_REASON_MWAIT_INSTRUCTION, CPU_BASED_MWAIT_EXITING, 0 },
	{ EXIT_REASON_MONITOR_INSTRUCTION, CPU_BASED_MONITOR_EXITING, 0 },
	{ EXIT_REASON_PAUSE_INSTRUCTION, CPU_BASED_PAUSE_EXITING, 0 },
	{ EXIT_REASON_MONITOR_TRAP_FLAG, CPU_BASED_MONITOR_TRAP_FLAG, 0 },
	{ EXIT_REASON_DR_ACCESS, CPU_BASED_MOV_DR_EXITING, 0 },
	{ EXIT_REASON_WBINVD, 0, SECONDARY_WBINVD_EXITING },
	{ EXIT_REASON_RDRAND, 0, SECONDARY_RDRAND_EXITING },
	{ EXIT_REASON_RDSEED, 0, SECONDARY_RDSEED_EXITING },
	{ EXIT_REASON_GDTR_IDTR, 0, SECONDARY_DESC_TABLE_EXITING },
	{ EXIT_REASON_LDTR_TR, 0, SECONDARY_DESC_TABLE_EXITING },
	/* INVPCID: INVLPG exiting and the INVPCID enable both (27.1.3). */
	{ EXIT_REASON_INVPCID, CPU_BASED_INVLPG_EXITING,
	  SECONDARY_ENABLE_INVPCID },
};

int nested_l1_wants_exit(const struct nested_l1_view *l1,
			 const struct nested_exit *e)
{
	const struct nested_ctls *c = &l1->c;
	uint32_t proc2 = (c->proc & CPU_BASED_ACTIVATE_SECONDARY) ? c->proc2
								  : 0;
	unsigned int i;

	for (i = 0; i < sizeof(by_control) / sizeof(by_control[0]); i++)
		if (by_control[i].reason == e->reason)
			return (c->proc & by_control[i].proc) ==
				       by_control[i].proc &&
			       (proc2 & by_control[i].proc2) ==
				       by_control[i].proc2;
	switch (e->reason) {
	case EXIT_REASON_EXCEPTION_NMI:
		return wants_exception(c, e->intr_info, e->error_code);
	case EXIT_REASON_EXTERNAL_INTERRUPT:
	case EXIT_REASON_EPT_VIOLATION:
	case EXIT_REASON_EPT_MISCONFIG:
	case EXIT_REASON_PREEMPTION_TIMER:
		return 0;
	case EXIT_REASON_CR_ACCESS:
		return wants_cr(l1, e);
	case EXIT_REASON_IO_INSTRUCTION:
		return wants_io(l1, e->qual);
	case EXIT_REASON_MSR_READ:
	case EXIT_REASON_MSR_WRITE:
		return wants_msr(l1, (uint32_t)e->value,
				 e->reason == EXIT_REASON_MSR_WRITE);
	default:
		/* Unconditional exits (27.1.2): CPUID, GETSEC, INVD,
		 * XSETBV, the VMX instructions, task switches, triple
		 * faults; and any the CPU gives for what L1 enabled. */
		return 1;
	}
}
