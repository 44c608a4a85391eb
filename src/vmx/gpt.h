/*
 * gpt.h - reading guest memory through the guest's own page tables, for
 * the exits that hand us a guest-linear address (string I/O).
 */
#ifndef GPT_H
#define GPT_H

#include <stdint.h>

#include "vcpu.h"

/*
 * Translate guest-linear @gla to guest-physical in the guest's current
 * paging mode (none, 32-bit, PAE or 4-level: SDM vol. 3, 4.1.1), for an
 * access that writes when @write. Returns 0 and *@gpa, or -1 when the
 * walk faults (not present, read-only, or a table outside guest RAM).
 */
int gpt_translate(struct vcpu *v, uint64_t gla, int write, uint64_t *gpa);
int gpt_translate_legacy(struct vcpu *v, uint64_t gla, int write,
			 uint64_t *gpa);

#endif
