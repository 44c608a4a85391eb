/*
 * vmcs02.h - the controls of the VMCS L0 runs L2 with (vmcs02), merged
 * from L1's VMCS (vmcs12) and L0's own for this guest: a sandbox keeps
 * its rules when the guest nests (issue 16). Pure: the caller reads
 * vmcs12's bitmaps from L1's memory and writes the result into vmcs02.
 *
 * Every intercept of either stays: an exit L1 asked for is reflected to
 * it, one only L0 wanted is L0's and L1 never sees it. L0's controls
 * that are not intercepts (EPT, VPID, the I/O and MSR bitmaps as the
 * means of its port and MSR policy, the preemption timer) are always
 * in vmcs02; what L0 uses for L1 alone (unrestricted guest for L1's
 * real mode, APIC virtualization of L1's APIC, the TPR shadow, virtual
 * NMIs) never is, and L2 gets it only if L1 set it.
 * The VM-exit controls are L0's, since vmcs02's exits go to L0; the
 * guest-state ones among them (saving PAT, EFER, DR7) follow L1. The
 * VM-entry controls are L1's, with L0's EFER and PAT loads added.
 */
#ifndef NESTED_VMCS02_H
#define NESTED_VMCS02_H

#include <stdint.h>

struct nested_ctls {
	uint32_t pin, proc, proc2, exit, entry;
	uint32_t exception_bitmap;
	uint32_t pf_ec_mask, pf_ec_match;
	uint64_t cr0_mask, cr4_mask;
};

/* vmcs02's controls from vmcs12's (@l1; proc2 only counts with its
 * activate-secondary bit) and L0's for the guest (@l0). */
void vmcs02_controls(const struct nested_ctls *l1,
		     const struct nested_ctls *l0, struct nested_ctls *out);

#define VMCS02_IO_BITMAP_SIZE	8192	/* A and B: ports 0-0xffff */
#define VMCS02_MSR_BITMAP_SIZE	4096

/* vmcs02's I/O bitmaps (25.6.4): L0's, and L1's where L1 uses bitmaps,
 * or every port where L1 exits unconditionally on I/O. @l1 is read only
 * when @l1_proc uses I/O bitmaps. */
void vmcs02_io_bitmap(uint32_t l1_proc, const uint8_t *l1, const uint8_t *l0,
		      uint8_t *out);

/* vmcs02's MSR bitmap (25.6.9): L0's, and L1's, or every MSR where L1
 * uses no MSR bitmap (then every RDMSR and WRMSR exits to it). */
void vmcs02_msr_bitmap(uint32_t l1_proc, const uint8_t *l1, const uint8_t *l0,
		       uint8_t *out);

#endif
