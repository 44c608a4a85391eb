/*
 * caps.h - what this CPU's VMX can do, read once from CPUID and the VMX
 * capability MSRs (SDM vol. 3, appendix A "VMX capability reporting
 * facility"), and the bits of those MSRs by their SDM names.
 */
#ifndef VMX_CAPS_H
#define VMX_CAPS_H

#include <stdint.h>

#include "cpuid.h"

/* IA32_VMX_BASIC (SDM vol. 3, A.1) */
#define VMX_BASIC_REVISION(v)		((uint32_t)(v) & 0x7fffffff)
#define VMX_BASIC_REGION_SIZE(v)	((uint32_t)((v) >> 32) & 0x1fff)
#define VMX_BASIC_32BIT_PHYS		(1ull << 48)
#define VMX_BASIC_MEMTYPE(v)		((uint32_t)((v) >> 50) & 0xf)
#define VMX_BASIC_INOUT_INFO		(1ull << 54)
#define VMX_BASIC_TRUE_CTLS		(1ull << 55)
/* Hardware exceptions may be injected with or without an error code,
 * whatever the vector. */
#define VMX_BASIC_NO_ERRCODE_CHECK	(1ull << 56)

/* IA32_VMX_MISC (SDM vol. 3, A.6) */
#define VMX_MISC_PREEMPT_RATE(v)	((uint32_t)(v) & 0x1f)
#define VMX_MISC_STORE_LMA		(1ull << 5)
#define VMX_MISC_ACTIVITY_HLT		(1ull << 6)
#define VMX_MISC_ACTIVITY_SHUTDOWN	(1ull << 7)
#define VMX_MISC_ACTIVITY_WAIT_SIPI	(1ull << 8)
#define VMX_MISC_CR3_TARGETS(v)		((uint32_t)((v) >> 16) & 0x1ff)
/* Bits 27:25: the recommended maximum MSR-list length is 512 * (N + 1). */
#define VMX_MISC_MSR_LIST_MAX(v)	(512u * ((((v) >> 25) & 7) + 1))
#define VMX_MISC_VMWRITE_ANY		(1ull << 29)
#define VMX_MISC_ZERO_LEN_INJECT	(1ull << 30)

/* IA32_VMX_EPT_VPID_CAP (SDM vol. 3, A.10) */
#define EPT_CAP_EXEC_ONLY		(1ull << 0)
#define EPT_CAP_WALK_4			(1ull << 6)
#define EPT_CAP_WALK_5			(1ull << 7)
#define EPT_CAP_MT_UC			(1ull << 8)
#define EPT_CAP_MT_WB			(1ull << 14)
#define EPT_CAP_2M_PAGE			(1ull << 16)
#define EPT_CAP_1G_PAGE			(1ull << 17)
#define EPT_CAP_INVEPT			(1ull << 20)
#define EPT_CAP_AD			(1ull << 21)
#define EPT_CAP_INVEPT_SINGLE		(1ull << 25)
#define EPT_CAP_INVEPT_ALL		(1ull << 26)
#define VPID_CAP_INVVPID		(1ull << 32)
#define VPID_CAP_INVVPID_ADDR		(1ull << 40)
#define VPID_CAP_INVVPID_SINGLE		(1ull << 41)
#define VPID_CAP_INVVPID_ALL		(1ull << 42)

/* A control MSR's allowed settings (SDM vol. 3, A.3-A.5): bit X may be 0
 * when bit X of allowed0 is 0, may be 1 when bit X of allowed1 is 1. */
struct vmx_ctl_caps {
	uint32_t allowed0;	/* bits that must be 1 */
	uint32_t allowed1;	/* bits that may be 1 */
};

struct vmx_caps {
	uint64_t basic;
	uint64_t misc;
	uint64_t ept_vpid;
	uint64_t vmfunc;
	uint64_t feature_control;
	uint64_t cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
	struct vmx_ctl_caps pin, proc, proc2, exit, entry;
	unsigned int phys_addr_bits;	/* CPUID.80000008H:EAX[7:0] */
	uint64_t phys_addr_rsvd;	/* a paging entry's address bits
					 * 51:phys_addr_bits (reserved) */
	int page_1g;			/* CPUID.80000001H:EDX.Page1GB */
	int nested;			/* CPUID.1:ECX.hypervisor */
};

enum vmx_probe_result {
	VMX_PROBE_OK = 0,
	VMX_PROBE_NO_VMX,	/* CPUID.1:ECX.VMX = 0 */
	VMX_PROBE_LOCKED_OFF,	/* IA32_FEATURE_CONTROL locked, VMX off */
};

/* Fill @caps (read-only: no VMXON); say why VMX cannot be used. */
enum vmx_probe_result vmx_probe(struct vmx_caps *caps);

/* Print the capability report, one line per concern. */
void vmx_report(const struct vmx_caps *caps);

/* Split a control capability MSR's value into its allowed settings. */
struct vmx_ctl_caps vmx_ctl_caps_from_msr(uint64_t msr);

#endif
