/*
 * policy.h - the sandbox policy, compiled in: what the guest sees of CPUID,
 * which MSRs it may touch and how, which control-register features it may
 * enable. Device ports are in src/dev/io.c's table; guest-physical memory
 * is guest RAM only (vmx/ept.c). Denied accesses are answered as hardware
 * answers an absent feature (#GP for an MSR, all-ones for a port read) and
 * logged once per site.
 */
#ifndef POLICY_H
#define POLICY_H

#include <stdint.h>

#include "x86.h"

struct vcpu;

/* The 12-byte signature of CPUID leaf 0x40000000. */
#define VMM_CPUID_SIGNATURE	"VMMSandboxHV"
#define CPUID_LEAF_HV_BASE	0x40000000u
#define CPUID_LEAF_HV_FEATURES	0x40000001u
/* The highest basic and extended leaves the guest sees. */
#define CPUID_MAX_BASIC		0xdu
#define CPUID_MAX_EXT		0x80000008u

/* An emulated read/write MSR of the hypervisor's own range, for tests and
 * benchmarks (no architectural meaning). */
#define MSR_VMM_SCRATCH		0x40000100u
#define MSR_X2APIC_EOI		0x80bu

/* What CPUID returns to the guest for @leaf/@subleaf. */
struct cpuid_regs policy_cpuid(struct vcpu *v, uint32_t leaf,
			       uint32_t subleaf);

/* CR4 bits the guest may not set (beyond what VMX itself forbids). */
uint64_t policy_cr4_denied(void);

enum msr_action {
	MSR_DENY = 0,		/* #GP, logged */
	MSR_PASS,		/* bitmap bit clear: no exit */
	MSR_EMULATE,		/* exits; policy_msr_read/write answer */
	MSR_READ_ONLY,		/* reads pass through, writes #GP */
};

/* Fill the MSR bitmap (SDM vol. 3, 25.6.9) from the MSR table. */
void policy_msr_bitmap(uint8_t *bitmap, int pat_switched);

/* Let x2APIC TPR and EOI writes through to the CPU's virtualization of
 * them (@on), or make them exit again. */
void policy_msr_virtualize_x2apic(uint8_t *bitmap, int on);
#define MSR_X2APIC_TPR		0x808u

/* Emulated MSR access: 0 = done, -1 = the guest gets #GP. */
int policy_msr_read(struct vcpu *v, uint32_t msr, uint64_t *val);
int policy_msr_write(struct vcpu *v, uint32_t msr, uint64_t val);

/* Report a denied access once per (kind, what, guest RIP). */
void policy_deny(struct vcpu *v, const char *kind, uint64_t what,
		 const char *detail);

#endif
