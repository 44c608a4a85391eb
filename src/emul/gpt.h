/*
 * gpt.h - reading guest memory through the guest's own page tables, for
 * the exits that hand us a guest-linear address (string I/O).
 */
#ifndef GPT_H
#define GPT_H

#include <stdint.h>

#include "vcpu.h"

#define GPT_WRITE	1u	/* the access writes */
#define GPT_USER	2u	/* ... at CPL 3 */
#define GPT_FAULT	0x80000000u	/* a #PF; low bits: its error code */

/*
 * Translate guest-linear @gla to guest-physical in the guest's current
 * paging mode (none, 32-bit, PAE or 4-level: SDM vol. 3, 4.1.1) for the
 * access @acc, with the permission checks the CPU would make (4.6).
 * Returns 0 and *@gpa; GPT_FAULT | error code for a page fault; -1 for a
 * paging structure outside guest RAM.
 */
int64_t gpt_translate(struct vcpu *v, uint64_t gla, unsigned int acc,
		      uint64_t *gpa);
int64_t gpt_translate_legacy(struct vcpu *v, uint64_t gla, unsigned int acc,
			     uint64_t *gpa);

#endif
