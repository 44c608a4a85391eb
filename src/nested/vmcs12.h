/*
 * vmcs12.h - the VMCS a nested guest hypervisor (L1) keeps for its guest
 * (L2), in L1's memory, in a layout of ours: what L0 answers L1's VMREAD
 * and VMWRITE from (issue 16; not reached by any guest yet).
 *
 * SDM vol. 3, 25.2 "Format of the VMCS region": the first 32 bits hold
 * the VMCS revision identifier (bits 30:0) and the shadow-VMCS indicator
 * (bit 31), the next 32 the VMX-abort indicator; the rest is the
 * implementation's. Ours: the launch state, then every field of
 * VMCS_FIELDS() in list order, 64 bits each, so the layout is a view of
 * the one field list and a new field needs no second edit.
 */
#ifndef NESTED_VMCS12_H
#define NESTED_VMCS12_H

#include <stdint.h>

#include "vmcs_fields.h"

/* Ours, with bit 31 clear (25.2: it is the shadow-VMCS indicator), and
 * unlike any Intel CPU's, so a VMCS of the real CPU's is refused. */
#define VMCS12_REVISION		0x4e565831u	/* "1XVN" */
#define VMCS12_REGION_SIZE	4096u	/* IA32_VMX_BASIC[44:32] for L1 */

enum vmcs12_index {
#define X(field, enc, grp, sh)	VMCS12_IDX_##field,
	VMCS_FIELDS(X)
#undef X
	VMCS12_NR_FIELDS
};

#define VMCS12_CLEAR		0	/* launch state (SDM 25.1) */
#define VMCS12_LAUNCHED		1

struct vmcs12 {
	uint32_t revision;	/* bits 30:0, and bit 31: shadow VMCS */
	uint32_t abort;		/* the VMX-abort indicator */
	uint32_t launch_state;
	uint32_t reserved;
	uint64_t field[VMCS12_NR_FIELDS];
};

_Static_assert(sizeof(struct vmcs12) <= VMCS12_REGION_SIZE,
	       "vmcs12 fits the region L1 is told to allocate");

/* The index of the field @enc names (its full encoding, or the high
 * half of a 64-bit field's; the register L1 gave, all 64 bits), -1 for
 * no field of the list. */
int vmcs12_index(uint64_t enc);

/*
 * VMREAD and VMWRITE on @v, as the SDM's instruction reference (vol. 3,
 * chapter 31, VMREAD and VMWRITE, "Operation") orders the outcomes of a
 * valid current VMCS: 0 for success, else the VM-instruction error of
 * the VMfailValid (VMXERR_UNSUPPORTED_VMCS_COMPONENT, 12, for an
 * encoding of no field; VMXERR_VMWRITE_READ_ONLY_VMCS_COMPONENT, 13, for
 * a write to VM-exit information without @vmwrite_any, IA32_VMX_MISC
 * bit 29). A read is zero-extended from the field's width; a write keeps
 * the source's low bits to that width; a high-half encoding reads or
 * writes bits 63:32 of the 64-bit field.
 */
unsigned int vmcs12_read(const struct vmcs12 *v, uint64_t enc,
			 uint64_t *val);
unsigned int vmcs12_write(struct vmcs12 *v, uint64_t enc, uint64_t val,
			  int vmwrite_any);

#endif
