/*
 * ept.h - the guest-physical address space: guest RAM at guest-physical 0,
 * mapped write-back by EPT, and nothing else (SDM vol. 3, 29.3 "The
 * extended page table mechanism"). The hypervisor's own memory is never
 * mapped, so no guest-physical address reaches it. RAM is mapped page by
 * page as it is first used (guest_ram.c); the tables for all of it are
 * reserved here at boot, so mapping never runs out of memory.
 */
#ifndef EPT_H
#define EPT_H

#include <stddef.h>
#include <stdint.h>

#include "exit_qual.h"
#include "guest_ram.h"
#include "vcpu.h"

#define EPT_SIZE_2M		(2ull << 20)

/* Check the EPT capabilities, reserve the tables for v->guest_mem_size
 * bytes of RAM and fill v->eptp with an empty PML4. */
int ept_init(struct vcpu *v);

/* Whether the CPU can map 2 MiB pages (IA32_VMX_EPT_VPID_CAP bit 16). */
int ept_has_2m(const struct vcpu *v);

/*
 * Map the 4 KiB page (or, @large, the 2 MiB page) at @gpa, which must not
 * be mapped yet, to host-physical @hpa with @rights (EPT_R|W|X,
 * vmx_defs.h; W without R is a misconfiguration, SDM vol. 3, 29.3.3.1,
 * and X alone needs EPT_CAP_EXEC_ONLY), write-back.
 */
void ept_map(struct vcpu *v, uint64_t gpa, uint64_t hpa, int large,
	     uint64_t rights);

#endif
