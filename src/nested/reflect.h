/*
 * reflect.h - whether an exit from L2 is L1's (reflected to it as a
 * nested VM exit) or L0's alone: the conditions under which each
 * instruction and event would exit to L1 were L1 running L2 on the
 * CPU (SDM vol. 3, 27.1 "Instructions that cause VM exits" and 27.2
 * "Other causes of VM exits"), read from L1's VMCS (issue 16). Pure;
 * the caller reads vmcs12's bitmaps from L1's memory.
 *
 * Some exits are always L0's: a physical external interrupt (L0
 * delivers L1's virtual ones itself), EPT violations and
 * misconfigurations (L2 runs on L0's EPT; L1 has none), the preemption
 * timer (L0's; L1's own timer for L2 is emulated by the caller).
 */
#ifndef NESTED_REFLECT_H
#define NESTED_REFLECT_H

#include <stdint.h>

#include "vmcs02.h"

struct nested_l1_view {
	struct nested_ctls c;		/* vmcs12's controls */
	uint64_t cr0_shadow, cr4_shadow;
	unsigned int cr3_target_count;	/* 0..4 */
	uint64_t cr3_target[4];
	const uint8_t *io_bitmap;	/* A then B, when USE_IO_BITMAPS */
	const uint8_t *msr_bitmap;	/* when USE_MSR_BITMAPS */
};

struct nested_exit {
	uint32_t reason;		/* basic exit reason */
	uint64_t qual;			/* exit qualification */
	uint32_t intr_info;		/* exceptions and NMIs */
	uint32_t error_code;		/* with intr_info's bit 11 */
	uint64_t value;			/* MOV to CR: the source; RDMSR and
					 * WRMSR: ECX */
};

/* 1 when @e is L1's to handle, 0 when L0's. */
int nested_l1_wants_exit(const struct nested_l1_view *l1,
			 const struct nested_exit *e);

#endif
