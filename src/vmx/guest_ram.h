/*
 * guest_ram.h - guest RAM, zeroed on demand.
 *
 * Guest RAM is reserved at boot as one host range but neither zeroed nor
 * mapped: what is there is whatever firmware and the boot loader left. A
 * page enters EPT, zeroed, on its first use: the guest's first access (an
 * EPT violation) or the hypervisor's own. So the guest sees RAM that
 * reads as zero until written, and the boot does not pay for RAM the
 * guest never touches.
 *
 * guest_ram() (declared in vcpu.h, so emulation and loaders need nothing
 * of src/vmx) is the one way the hypervisor reaches guest memory (the
 * loader, hypercalls, string I/O, guest page walks, instruction fetch):
 * it faults the range in first, so no host access can read the stale
 * host memory behind a page the guest never touched.
 */
#ifndef GUEST_RAM_H
#define GUEST_RAM_H

#include <stddef.h>
#include <stdint.h>

#include "mem.h"
#include "vcpu.h"

/* Reserve v->config->guest_mem bytes of RAM and its page bitmap. */
int guest_ram_init(struct vcpu *v);

/* guest_ram() itself, its fast test and guest_ram_write() are the
 * vCPU's contract with the rooms below src/vmx: vcpu.h. */

/*
 * The EPT violation at @gpa, inside guest RAM: zero and map its page (its
 * 2 MiB block where the CPU has 2 MiB EPT pages, the block lies wholly in
 * RAM and none of it is mapped yet) and let the guest retry the access.
 */
int guest_ram_ept_violation(struct vcpu *v, uint64_t gpa);

/* Fill the first bytes of every page not mapped yet with a pattern, so a
 * test can tell a page handed over unzeroed (selftest=dirty-ram). */
void guest_ram_poison(struct vcpu *v);

/* "vmm: demand-zero faults: N (2 MiB) + M (4 KiB)", for the statistics. */
void guest_ram_stats_print(void);

#endif
