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
 * guest_ram() is the one way the hypervisor reaches guest memory (the
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

/*
 * The page map is zeroed as far as RAM has been used, not at boot (for a
 * 3 GiB guest it is 768 KiB), so one compare with its limit covers both
 * "inside RAM" and "entry valid". A byte, not a bit, per page: the test
 * on the hot paths (each level of a guest page walk) is one load.
 */
static inline int guest_ram_mapped(const struct vcpu *v, uint64_t pfn)
{
	return pfn < v->ram_mapped_limit && v->ram_mapped[pfn];
}

void *guest_ram_fault_in(struct vcpu *v, uint64_t gpa, size_t len);

/*
 * Host pointer for [gpa, gpa + len) of guest RAM, every page of it mapped
 * (and so zeroed or written) first; NULL if any byte of it is outside
 * guest RAM. The inline part is the common case: one page, mapped; its
 * pointer is never NULL (guest RAM lies above the hypervisor's image), and
 * saying so spares the callers' NULL test on the hot paths.
 */
static inline void *guest_ram(struct vcpu *v, uint64_t gpa, size_t len)
{
	if (__builtin_expect(len <= PAGE_SIZE &&
			     (gpa & (PAGE_SIZE - 1)) + len <= PAGE_SIZE &&
			     guest_ram_mapped(v, gpa >> PAGE_SHIFT), 1)) {
		uint8_t *p = v->guest_mem + gpa;

		if (!p)
			__builtin_unreachable();
		return p;
	}
	return guest_ram_fault_in(v, gpa, len);
}

/*
 * The loader's write of an image or boot block: @len bytes from @src to
 * guest-physical @gpa, mapping each page as 4 KiB and zeroing only what
 * the write leaves of it. Returns 0, or -1 if the range is not all RAM.
 */
int guest_ram_write(struct vcpu *v, uint64_t gpa, const void *src,
		    size_t len);

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
