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

#include "exit_qual.h"
#include "vcpu.h"

/* Allocate guest RAM and the EPT that maps it; fills v->eptp. */
int ept_init(struct vcpu *v);

/* Host pointer for [gpa, gpa + len) of guest RAM, or NULL if any byte of
 * it is outside guest RAM. */
#endif
