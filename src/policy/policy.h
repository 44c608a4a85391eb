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
#include "cpuid.h"
#include "msr.h"
#include "vmm_abi.h"
#include "x86.h"

/* The highest basic and extended leaves the guest sees. */
#define CPUID_MAX_BASIC		0x16u
#define CPUID_MAX_EXT		0x80000008u

/*
 * The TSC rate the guest is told in leaves 15H and 16H (and the APIC
 * timer's, which counts at the TSC rate: lapic.h), set once before the
 * first CPUID answer is made; 0 leaves both leaves zero.
 */
void policy_set_tsc_hz(uint64_t hz);

/*
 * What CPUID returns to the guest for @leaf/@subleaf, given the
 * secondary processor-based controls in force (@proc2: a feature whose
 * instruction needs a control, such as RDTSCP or INVPCID, is shown only
 * when the control is on, or the guest would take #UD).
 */
struct cpuid_regs policy_cpuid(uint32_t leaf, uint32_t subleaf,
			       uint32_t proc2);

/* A register of a CPUID answer, as CPUID_FEATURES names it. */
enum cpuid_reg { CPUID_EAX, CPUID_EBX, CPUID_ECX, CPUID_EDX };

/* Whether the guest's CPUID (subleaf 0) shows @bit of @leaf's @reg. */
int policy_feature_shown(uint32_t leaf, enum cpuid_reg reg, uint32_t bit,
			 uint32_t proc2);

#ifdef UNIT_TEST
/* The host CPUID the policy reads in a unit test (the test defines it). */
struct cpuid_regs policy_test_host_cpuid(uint32_t leaf, uint32_t subleaf);
#endif

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
 * The CPUID feature bits of leaves 1, 7 (subleaf 0), 80000001H and
 * 80000007H, and the MSRs each brings: one list. A bit no row names is
 * never shown. X(leaf, reg, bit, show, msr):
 *   show  HOST   shown when the host has it (and, in cpuid_needs_control,
 *                the secondary control its instruction needs)
 *         FORCE  shown whatever the host has: the hypervisor implements
 *                it (the APIC and its timer, the MSRs of msr_state.c,
 *                TSC_ADJUST on the VMCS TSC offset)
 *         HIDE   never shown; the row names the MSR the feature would
 *                bring, which the guest therefore cannot have
 *   msr   an MSR that exists if and only if the feature is shown (SDM
 *         vol. 4, table 2-2, the "If CPUID..." of each address), or 0;
 *         a feature with several MSRs has a row for each
 * An MSR that the MSR_POLICY passes through is let through the bitmap
 * only while a feature naming it is shown, so the CPU answers only for
 * features the guest can see; an emulated MSR's feature is FORCE (the
 * unit tests check both). MSRs no feature names (IA32_MISC_ENABLE, and
 * IA32_FEATURE_CONTROL, which KVM also answers without VMX) always exist.
 * Not shown, and why: MONITOR (exits, #UD), VMX/SMX/SGX, the thermal,
 * power, debug-store, trace and performance-monitoring interfaces, XSAVE
 * and everything on its state (AVX, FMA, F16C, AVX2, AVX-512, MPX, PKU:
 * XSETBV is not emulated), TSX (HLE, RTM), RDT, the speculation-control
 * MSRs, PSN, DCA, xTPR and CNXT-ID (MISC_ENABLE bits kept 0).
 */
#define CPUID_FEATURES(X)						\
	X(1, EDX, CPUID_1_EDX_FPU,		HOST,	0)			\
	X(1, EDX, CPUID_1_EDX_VME,		HOST,	0)			\
	X(1, EDX, CPUID_1_EDX_DE,		HOST,	0)			\
	X(1, EDX, CPUID_1_EDX_PSE,		HOST,	0)			\
	X(1, EDX, CPUID_1_EDX_TSC,		HOST,	MSR_IA32_TSC)		\
	X(1, EDX, CPUID_1_EDX_MSR,		HOST,	0)			\
	X(1, EDX, CPUID_1_EDX_PAE,		HOST,	0)			\
	X(1, EDX, CPUID_1_EDX_MCE,		FORCE,	0)			\
	X(1, EDX, CPUID_1_EDX_CX8,		HOST,	0)			\
	X(1, EDX, CPUID_1_EDX_APIC,		FORCE,	MSR_IA32_APIC_BASE)	\
	X(1, EDX, CPUID_1_EDX_SEP,		HOST,	MSR_IA32_SYSENTER_CS)	\
	X(1, EDX, CPUID_1_EDX_SEP,		HOST,	MSR_IA32_SYSENTER_ESP)	\
	X(1, EDX, CPUID_1_EDX_SEP,		HOST,	MSR_IA32_SYSENTER_EIP)	\
	X(1, EDX, CPUID_1_EDX_MTRR,		FORCE,	MSR_IA32_MTRRCAP)	\
	X(1, EDX, CPUID_1_EDX_MTRR,		FORCE,	MSR_IA32_MTRR_DEF_TYPE)	\
	X(1, EDX, CPUID_1_EDX_PGE,		HOST,	0)			\
	X(1, EDX, CPUID_1_EDX_MCA,		FORCE,	MSR_IA32_MCG_CAP)	\
	X(1, EDX, CPUID_1_EDX_MCA,		FORCE,	MSR_IA32_MCG_STATUS)	\
	X(1, EDX, CPUID_1_EDX_CMOV,		HOST,	0)			\
	X(1, EDX, CPUID_1_EDX_PAT,		FORCE,	MSR_IA32_PAT)		\
	X(1, EDX, CPUID_1_EDX_PSE36,		HOST,	0)			\
	X(1, EDX, CPUID_1_EDX_PSN,		HIDE,	0)			\
	X(1, EDX, CPUID_1_EDX_CLFSH,		HOST,	0)			\
	X(1, EDX, CPUID_1_EDX_DS,		HIDE,	MSR_IA32_DS_AREA)	\
	X(1, EDX, CPUID_1_EDX_ACPI,		HIDE,	MSR_IA32_THERM_CONTROL)	\
	X(1, EDX, CPUID_1_EDX_MMX,		HOST,	0)			\
	X(1, EDX, CPUID_1_EDX_FXSR,		HOST,	0)			\
	X(1, EDX, CPUID_1_EDX_SSE,		HOST,	0)			\
	X(1, EDX, CPUID_1_EDX_SSE2,		HOST,	0)			\
	X(1, EDX, CPUID_1_EDX_SS,		HOST,	0)			\
	X(1, EDX, CPUID_1_EDX_HTT,		HOST,	0)			\
	X(1, EDX, CPUID_1_EDX_TM,		HIDE,	0)			\
	X(1, EDX, CPUID_1_EDX_PBE,		HIDE,	0)			\
	X(1, ECX, CPUID_1_ECX_SSE3,		HOST,	0)			\
	X(1, ECX, CPUID_1_ECX_PCLMULQDQ,	HOST,	0)			\
	X(1, ECX, CPUID_1_ECX_DTES64,		HIDE,	0)			\
	X(1, ECX, CPUID_1_ECX_MONITOR,		HIDE,	MSR_IA32_MONITOR_FILTER_SIZE) \
	X(1, ECX, CPUID_1_ECX_DS_CPL,		HIDE,	0)			\
	X(1, ECX, CPUID_1_ECX_VMX,		HIDE,	MSR_IA32_VMX_BASIC)	\
	X(1, ECX, CPUID_1_ECX_SMX,		HIDE,	0)			\
	X(1, ECX, CPUID_1_ECX_EST,		HIDE,	MSR_IA32_PERF_CTL)	\
	X(1, ECX, CPUID_1_ECX_TM2,		HIDE,	0)			\
	X(1, ECX, CPUID_1_ECX_SSSE3,		HOST,	0)			\
	X(1, ECX, CPUID_1_ECX_CNXT_ID,		HIDE,	0)			\
	X(1, ECX, CPUID_1_ECX_SDBG,		HIDE,	MSR_IA32_DEBUG_INTERFACE) \
	X(1, ECX, CPUID_1_ECX_FMA,		HIDE,	0)			\
	X(1, ECX, CPUID_1_ECX_CX16,		HOST,	0)			\
	X(1, ECX, CPUID_1_ECX_XTPR,		HIDE,	0)			\
	X(1, ECX, CPUID_1_ECX_PDCM,		HIDE,	MSR_IA32_PERF_CAPABILITIES) \
	X(1, ECX, CPUID_1_ECX_PCID,		HOST,	0)			\
	X(1, ECX, CPUID_1_ECX_DCA,		HIDE,	MSR_IA32_PLATFORM_DCA_CAP) \
	X(1, ECX, CPUID_1_ECX_SSE4_1,		HOST,	0)			\
	X(1, ECX, CPUID_1_ECX_SSE4_2,		HOST,	0)			\
	X(1, ECX, CPUID_1_ECX_X2APIC,		FORCE,	MSR_X2APIC_TPR)		\
	X(1, ECX, CPUID_1_ECX_MOVBE,		HOST,	0)			\
	X(1, ECX, CPUID_1_ECX_POPCNT,		HOST,	0)			\
	X(1, ECX, CPUID_1_ECX_TSC_DEADLINE,	FORCE,	MSR_IA32_TSC_DEADLINE)	\
	X(1, ECX, CPUID_1_ECX_AES,		HOST,	0)			\
	X(1, ECX, CPUID_1_ECX_XSAVE,		HIDE,	0)			\
	X(1, ECX, CPUID_1_ECX_OSXSAVE,		HIDE,	0)			\
	X(1, ECX, CPUID_1_ECX_AVX,		HIDE,	0)			\
	X(1, ECX, CPUID_1_ECX_F16C,		HIDE,	0)			\
	X(1, ECX, CPUID_1_ECX_RDRAND,		HOST,	0)			\
	X(1, ECX, CPUID_1_ECX_HYPERVISOR,	FORCE,	MSR_VMM_SCRATCH)	\
	X(7, EBX, CPUID_7_EBX_FSGSBASE,		HOST,	0)			\
	X(7, EBX, CPUID_7_EBX_TSC_ADJUST,	FORCE,	MSR_IA32_TSC_ADJUST)	\
	X(7, EBX, CPUID_7_EBX_SGX,		HIDE,	MSR_IA32_SGXLEPUBKEYHASH0) \
	X(7, EBX, CPUID_7_EBX_BMI1,		HOST,	0)			\
	X(7, EBX, CPUID_7_EBX_HLE,		HIDE,	0)			\
	X(7, EBX, CPUID_7_EBX_AVX2,		HIDE,	0)			\
	X(7, EBX, CPUID_7_EBX_FDP_EXCPTN_ONLY,	HOST,	0)			\
	X(7, EBX, CPUID_7_EBX_SMEP,		HOST,	0)			\
	X(7, EBX, CPUID_7_EBX_BMI2,		HOST,	0)			\
	X(7, EBX, CPUID_7_EBX_ERMS,		HOST,	0)			\
	X(7, EBX, CPUID_7_EBX_INVPCID,		HOST,	0)			\
	X(7, EBX, CPUID_7_EBX_RTM,		HIDE,	0)			\
	X(7, EBX, CPUID_7_EBX_RDT_M,		HIDE,	MSR_IA32_PQR_ASSOC)	\
	X(7, EBX, CPUID_7_EBX_FPU_CSDS,		HOST,	0)			\
	X(7, EBX, CPUID_7_EBX_MPX,		HIDE,	MSR_IA32_BNDCFGS)	\
	X(7, EBX, CPUID_7_EBX_RDT_A,		HIDE,	0)			\
	X(7, EBX, CPUID_7_EBX_AVX512F,		HIDE,	0)			\
	X(7, EBX, CPUID_7_EBX_SMAP,		HOST,	0)			\
	X(7, EBX, CPUID_7_EBX_PT,		HIDE,	MSR_IA32_RTIT_CTL)	\
	X(7, ECX, CPUID_7_ECX_WAITPKG,		HIDE,	MSR_IA32_UMWAIT_CONTROL) \
	X(7, EDX, CPUID_7_EDX_FSRM,		HOST,	0)			\
	X(7, EDX, CPUID_7_EDX_IBRS_IBPB,	HIDE,	MSR_IA32_SPEC_CTRL)	\
	X(7, EDX, CPUID_7_EDX_L1D_FLUSH,	HIDE,	MSR_IA32_FLUSH_CMD)	\
	X(7, EDX, CPUID_7_EDX_ARCH_CAPABILITIES, HIDE,	MSR_IA32_ARCH_CAPABILITIES) \
	X(7, EDX, CPUID_7_EDX_CORE_CAPABILITIES, HIDE,	MSR_IA32_CORE_CAPABILITIES) \
	X(0x80000001, ECX, CPUID_80000001_ECX_LAHF,	HOST,	0)		\
	X(0x80000001, ECX, CPUID_80000001_ECX_LZCNT,	HOST,	0)		\
	X(0x80000001, ECX, CPUID_80000001_ECX_PREFETCHW, HOST,	0)		\
	X(0x80000001, EDX, CPUID_80000001_EDX_SYSCALL,	HOST,	MSR_IA32_STAR)	\
	X(0x80000001, EDX, CPUID_80000001_EDX_SYSCALL,	HOST,	MSR_IA32_LSTAR)	\
	X(0x80000001, EDX, CPUID_80000001_EDX_SYSCALL,	HOST,	MSR_IA32_CSTAR)	\
	X(0x80000001, EDX, CPUID_80000001_EDX_SYSCALL,	HOST,	MSR_IA32_FMASK)	\
	X(0x80000001, EDX, CPUID_80000001_EDX_SYSCALL,	HOST,	MSR_IA32_EFER)	\
	X(0x80000001, EDX, CPUID_80000001_EDX_NX,	HOST,	MSR_IA32_EFER)	\
	X(0x80000001, EDX, CPUID_80000001_EDX_PAGE1GB,	HOST,	0)		\
	X(0x80000001, EDX, CPUID_80000001_EDX_RDTSCP,	HOST,	MSR_IA32_TSC_AUX) \
	X(0x80000001, EDX, CPUID_80000001_EDX_LM,	HOST,	MSR_IA32_EFER)	\
	X(0x80000001, EDX, CPUID_80000001_EDX_LM,	HOST,	MSR_IA32_FS_BASE) \
	X(0x80000001, EDX, CPUID_80000001_EDX_LM,	HOST,	MSR_IA32_GS_BASE) \
	X(0x80000001, EDX, CPUID_80000001_EDX_LM,	HOST,	MSR_IA32_KERNEL_GS_BASE) \
	X(0x80000007, EDX, CPUID_80000007_EDX_INVARIANT_TSC, HOST, 0)

/*
 * Feature pairs: X(leaf, reg, bit, needs_leaf, needs_reg, needs_bit)
 * hides the first feature unless the second is shown, so the guest sees
 * only combinations real CPUs have (and that software assumes: Linux
 * 6.1's memmove takes FSRM to imply ERMS; its cpuid-deps.c lists the
 * SSE chain). A row's prerequisite is settled by the rows above it.
 */
#define CPUID_DEPS(X)							\
	X(1, EDX, CPUID_1_EDX_FXSR,	1, EDX, CPUID_1_EDX_FPU)		\
	X(1, EDX, CPUID_1_EDX_SSE,	1, EDX, CPUID_1_EDX_FXSR)		\
	X(1, EDX, CPUID_1_EDX_SSE2,	1, EDX, CPUID_1_EDX_SSE)		\
	X(1, ECX, CPUID_1_ECX_SSE3,	1, EDX, CPUID_1_EDX_SSE2)		\
	X(1, ECX, CPUID_1_ECX_PCLMULQDQ, 1, EDX, CPUID_1_EDX_SSE2)	\
	X(1, ECX, CPUID_1_ECX_AES,	1, EDX, CPUID_1_EDX_SSE2)		\
	X(1, ECX, CPUID_1_ECX_SSSE3,	1, ECX, CPUID_1_ECX_SSE3)		\
	X(1, ECX, CPUID_1_ECX_SSE4_1,	1, ECX, CPUID_1_ECX_SSSE3)		\
	X(1, ECX, CPUID_1_ECX_SSE4_2,	1, ECX, CPUID_1_ECX_SSE4_1)	\
	X(1, EDX, CPUID_1_EDX_PSE36,	1, EDX, CPUID_1_EDX_PSE)		\
	X(1, EDX, CPUID_1_EDX_SEP,	1, EDX, CPUID_1_EDX_MSR)		\
	X(0x80000001, EDX, CPUID_80000001_EDX_LM, 1, EDX, CPUID_1_EDX_PAE) \
	X(0x80000001, EDX, CPUID_80000001_EDX_NX, 1, EDX, CPUID_1_EDX_PAE) \
	X(0x80000001, EDX, CPUID_80000001_EDX_PAGE1GB,			\
	  0x80000001, EDX, CPUID_80000001_EDX_LM)				\
	X(0x80000001, EDX, CPUID_80000001_EDX_RDTSCP, 1, EDX, CPUID_1_EDX_TSC) \
	X(1, ECX, CPUID_1_ECX_PCID,	0x80000001, EDX, CPUID_80000001_EDX_LM) \
	X(7, EBX, CPUID_7_EBX_INVPCID,	1, ECX, CPUID_1_ECX_PCID)		\
	X(7, EBX, CPUID_7_EBX_FSGSBASE,	0x80000001, EDX, CPUID_80000001_EDX_LM) \
	X(7, EDX, CPUID_7_EDX_FSRM,	7, EBX, CPUID_7_EBX_ERMS)

/*
 * The MSR policy: one row per MSR the guest may touch; every other MSR
 * raises #GP (logged). X(msr, action, fast_read, fast_write):
 *   action      PASS       the bitmap lets reads and writes through (the
 *                          MSR is switched by VMX itself, SDM vol. 3,
 *                          26.3.2.1 and 28.5.1, or matters only to the
 *                          guest's own ring transitions, which the host
 *                          never makes)
 *               READ_ONLY  reads pass through, writes exit to
 *                          msr_emul.c (#GP, but for IA32_TSC, whose write
 *                          moves the guest's TSC offset)
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
	X(MSR_IA32_PAT,			EMULATE,	NONE,	NONE)	\
	X(MSR_IA32_MTRRCAP,		EMULATE,	NONE,	NONE)	\
	X(MSR_IA32_MTRR_DEF_TYPE,	EMULATE,	NONE,	NONE)	\
	X(MSR_IA32_MCG_CAP,		EMULATE,	NONE,	NONE)	\
	X(MSR_IA32_MCG_STATUS,		EMULATE,	NONE,	NONE)	\
	X(MSR_IA32_TSC_ADJUST,		EMULATE,	NONE,	NONE)	\
	X(MSR_IA32_APIC_BASE,		EMULATE,	NONE,	NONE)	\
	X(MSR_VMM_SCRATCH,		EMULATE,	EMUL,	EMUL)	\
	X(MSR_IA32_TSC_DEADLINE,	EMULATE,	EMUL,	TIMER)	\
	X(MSR_X2APIC_EOI,		EMULATE,	NONE,	EMUL_GP)

/*
 * Fill the MSR bitmap (SDM vol. 3, 25.6.9) from the MSR table: a PASS
 * or READ_ONLY MSR is let through only while the CPUID the guest sees
 * under @proc2 (as policy_cpuid) shows a feature that brings it.
 */
void policy_msr_bitmap(uint8_t *bitmap, uint32_t proc2);

/* Whether @msr exists for the guest under @proc2: it has a row in
 * MSR_POLICY (or is an x2APIC register) and, if CPUID_FEATURES names
 * it, one of its features is shown. */
int policy_msr_exists(uint32_t msr, uint32_t proc2);

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
