/*
 * policy.h - the sandbox policy as data, compiled in: what the guest sees
 * of CPUID, which MSRs it may touch and how, which hypercalls it may make
 * from where, which CR4 features it may enable. This room owns the tables
 * and the pure functions over them; it calls nothing of the vCPU's. The
 * exit handlers (src/vmx/) enforce it, and the fastpath's fast sets are
 * generated from the same tables (MSR_POLICY, HYPERCALLS), never kept
 * as a second list. Device ports are src/dev/io.c's table; guest-physical
 * memory is guest RAM only (src/vmx/ept.c).
 */
#ifndef POLICY_H
#define POLICY_H

#include <stdint.h>

#include "apic.h"
#include "msr.h"
#include "vmm_abi.h"
#include "x86.h"

/* The highest basic and extended leaves the guest sees. */
#define CPUID_MAX_BASIC		0xdu
#define CPUID_MAX_EXT		0x80000008u

/*
 * What CPUID returns to the guest for @leaf/@subleaf, given the
 * secondary processor-based controls in force (@proc2: a feature whose
 * instruction needs a control, such as RDTSCP or INVPCID, is shown only
 * when the control is on, or the guest would take #UD).
 */
struct cpuid_regs policy_cpuid(uint32_t leaf, uint32_t subleaf,
			       uint32_t proc2);

/* Whether @leaf's answer depends on ECX (the fastpath asks each time). */
int policy_cpuid_indexed(uint32_t leaf);

/*
 * CR4 bits the guest may set: those whose feature its CPUID shows
 * (beyond that, VMX itself forbids the bits outside IA32_VMX_CR4_FIXED1),
 * and the complement, every other bit, reserved ones included.
 */
uint64_t policy_cr4_allowed(void);
uint64_t policy_cr4_denied(void);

/*
 * The MSR policy: one row per MSR the guest may touch; every other MSR
 * raises #GP (logged). X(msr, action, fast_read, fast_write):
 *   action      PASS       the bitmap lets reads and writes through (the
 *                          MSR is switched by VMX itself, SDM vol. 3,
 *                          26.3.2.1 and 28.5.1, or matters only to the
 *                          guest's own ring transitions, which the host
 *                          never makes)
 *               READ_ONLY  reads pass through, writes exit and #GP
 *               EMULATE    every access exits; src/vmx/msr_emul.c answers
 *   fast_read,  how the fastpath answers that exit: NONE (it does not:
 *   fast_write  the slow path does), EMUL (msr_emulate_*, which cannot
 *               fail for this MSR), EMUL_GP (msr_emulate_*, whose #GP the
 *               slow path delivers), TIMER (a TSC-deadline write: only
 *               arms the timer)
 * The x2APIC range (X2APIC_MSR_BASE..X2APIC_MSR_LAST) is emulated as a
 * whole; its EOI has a row for the fastpath. The fastpath tests the fast
 * reads in the order of the rows.
 */
#define MSR_POLICY(X)							\
	X(MSR_IA32_SYSENTER_CS,		PASS,		NONE,	NONE)	\
	X(MSR_IA32_SYSENTER_ESP,	PASS,		NONE,	NONE)	\
	X(MSR_IA32_SYSENTER_EIP,	PASS,		NONE,	NONE)	\
	X(MSR_IA32_PAT,			PASS,		NONE,	NONE)	\
	X(MSR_IA32_EFER,		PASS,		NONE,	NONE)	\
	X(MSR_IA32_STAR,		PASS,		NONE,	NONE)	\
	X(MSR_IA32_LSTAR,		PASS,		NONE,	NONE)	\
	X(MSR_IA32_CSTAR,		PASS,		NONE,	NONE)	\
	X(MSR_IA32_FMASK,		PASS,		NONE,	NONE)	\
	X(MSR_IA32_FS_BASE,		PASS,		NONE,	NONE)	\
	X(MSR_IA32_GS_BASE,		PASS,		NONE,	NONE)	\
	X(MSR_IA32_KERNEL_GS_BASE,	PASS,		NONE,	NONE)	\
	X(MSR_IA32_TSC_AUX,		PASS,		NONE,	NONE)	\
	X(MSR_IA32_TSC,			READ_ONLY,	NONE,	NONE)	\
	X(MSR_IA32_FEATURE_CONTROL,	EMULATE,	NONE,	NONE)	\
	X(MSR_IA32_MISC_ENABLE,		EMULATE,	NONE,	NONE)	\
	X(MSR_IA32_APIC_BASE,		EMULATE,	NONE,	NONE)	\
	X(MSR_VMM_SCRATCH,		EMULATE,	EMUL,	EMUL)	\
	X(MSR_IA32_TSC_DEADLINE,	EMULATE,	EMUL,	TIMER)	\
	X(MSR_X2APIC_EOI,		EMULATE,	NONE,	EMUL_GP)

/* Fill the MSR bitmap (SDM vol. 3, 25.6.9) from the MSR table. Without
 * @pat_switched (VM entry and exit switch IA32_PAT) PAT stays denied. */
void policy_msr_bitmap(uint8_t *bitmap, int pat_switched);

/* Let x2APIC TPR and EOI writes through to the CPU's virtualization of
 * them (@on), or make them exit again. */
void policy_msr_virtualize_x2apic(uint8_t *bitmap, int on);

/*
 * The hypercalls (numbers in vmm_abi.h). X(nr, cpl3, fast):
 *   cpl3  ANY_CPL: allowed at CPL 3; RING0: returns HC_EPERM there, as
 *         does every number not listed (a user process must not end the
 *         VM or print guest memory, nor probe which calls exist)
 *   fast  FAST: the fastpath answers it; SLOW: src/vmx/exit.c does
 */
#define HYPERCALLS(X)				\
	X(HC_NOP,		ANY_CPL,	FAST)	\
	X(HC_WRITE,		RING0,		SLOW)	\
	X(HC_EXIT,		RING0,		SLOW)	\
	X(HC_EXIT_COUNT,	RING0,		SLOW)

/* The fastpath checks no CPL, so a FAST row must be ANY_CPL. */
#define HC_CHECK_FAST_ANY_CPL(nr)
#define HC_CHECK_FAST_RING0(nr) \
	_Static_assert(0, "hypercall " #nr ": FAST needs ANY_CPL");
#define HC_CHECK_SLOW_ANY_CPL(nr)
#define HC_CHECK_SLOW_RING0(nr)
#define HC_CHECK(nr, cpl3, fast)	HC_CHECK_##fast##_##cpl3(nr)
HYPERCALLS(HC_CHECK)

#define HC_CASE_FAST_FAST(nr)	case nr:
#define HC_CASE_FAST_SLOW(nr)
#define HC_CASE_FAST(nr, cpl3, fast)	HC_CASE_FAST_##fast(nr)
#define HC_CASE_ANY_CPL_ANY_CPL(nr)	case nr:
#define HC_CASE_ANY_CPL_RING0(nr)
#define HC_CASE_ANY_CPL(nr, cpl3, fast)	HC_CASE_ANY_CPL_##cpl3(nr)

/* Whether hypercall @nr may be made from CPL 3. */
static inline int policy_hypercall_any_cpl(uint64_t nr)
{
	switch (nr) {
	HYPERCALLS(HC_CASE_ANY_CPL)
		return 1;
	default:
		return 0;
	}
}

#endif
