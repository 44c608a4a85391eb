/*
 * ept.h - the guest-physical address space: guest RAM at guest-physical 0,
 * mapped write-back by EPT, and nothing else (SDM vol. 3, 29.3 "The
 * extended page table mechanism"). The hypervisor's own memory is never
 * mapped, so no guest-physical address reaches it.
 */
#ifndef EPT_H
#define EPT_H

#include <stddef.h>
#include <stdint.h>

#include "vcpu.h"

/* EPT violation exit qualification (SDM vol. 3, table 28-7) */
#define EPT_VIOL_READ		(1ull << 0)
#define EPT_VIOL_WRITE		(1ull << 1)
#define EPT_VIOL_FETCH		(1ull << 2)
#define EPT_VIOL_GLA_VALID	(1ull << 7)
#define EPT_VIOL_GLA_FINAL	(1ull << 8)	/* the access, not a table walk */

/* Allocate guest RAM and the EPT that maps it; fills v->eptp. */
int ept_init(struct vcpu *v);

/* Host pointer for [gpa, gpa + len) of guest RAM, or NULL if any byte of
 * it is outside guest RAM. */
static inline void *guest_ram(struct vcpu *v, uint64_t gpa, size_t len)
{
	if (gpa >= v->guest_mem_size || len > v->guest_mem_size - gpa)
		return NULL;
	return v->guest_mem + gpa;
}

/* "read", "write" or "fetch" from an EPT-violation qualification. */
const char *ept_access_name(uint64_t qual);

#endif
