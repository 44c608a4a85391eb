/*
 * checks.h - VM-entry consistency checks done in software, before the
 * entry: every check of SDM vol. 3, 26.2 ("Checks on VMX controls and
 * host-state area") and 26.3 ("Checks on the guest state area"), in the
 * order the CPU makes them, each failure naming its rule.
 *
 * The checks read the VMCS through a struct vmcs_view, so the same code
 * checks the current VMCS (through VMREAD) and, in host unit tests, a
 * hand-made image.
 */
#ifndef VMX_CHECKS_H
#define VMX_CHECKS_H

#include <stdint.h>

#include "caps.h"

struct vmcs_view {
	/* The value of @field; *ok = 0 when the field does not exist. */
	uint64_t (*read)(void *ctx, uint32_t field, int *ok);
	void *ctx;
	/*
	 * Optional (NULL: the checks that need memory are skipped): copy
	 * @len bytes of physical memory at @pa into @buf; returns 0, or -1
	 * when the view cannot read there. Used for the VTPR (26.2.1.1),
	 * the VMCS the link pointer names (26.3.1.5), PDPTEs without EPT
	 * (26.3.1.6) and the VM-entry MSR-load area (26.4).
	 */
	int (*read_phys)(void *ctx, uint64_t pa, void *buf, unsigned int len);
};

/*
 * Pseudo-fields a view may answer through read() (*ok = 0 when it cannot):
 * state VM entry consults that is not a VMCS field. The encodings have
 * reserved bits set, so no real field has them (SDM vol. 3, 25.11.2).
 */
#define VMCS_VIEW_LAUNCH_STATE	0x80000001u	/* 1 = launched, 0 = clear */
#define VMCS_VIEW_VMCS_POINTER	0x80000002u	/* this VMCS's address */

/* What VM entry would do with this VMCS (SDM vol. 3, 26.1). */
enum check_verdict {
	CHECK_PASS = 0,
	CHECK_VMFAIL,		/* VMfailValid, error number in vm_insn_error */
	CHECK_ENTRY_FAIL,	/* VM exit with bit 31 set, basic reason in
				 * exit_reason (33 guest state, 34 MSR load) */
};

struct check_result {
	enum check_verdict verdict;
	unsigned int vm_insn_error;	/* CHECK_VMFAIL: 7, 8, 26, ... */
	unsigned int exit_reason;	/* CHECK_ENTRY_FAIL */
	uint64_t exit_qualification;	/* CHECK_ENTRY_FAIL (26.8: 0, 2, 3, 4) */
	const char *rule;	/* short rule id, e.g. "guest.cr0.pg_pe" */
	const char *sdm;	/* e.g. "26.3.1.1" */
	char detail[192];	/* the rule's text and the offending values */
};

/* Check the VMCS seen through @view for a VMLAUNCH (@launch = 1) or a
 * VMRESUME. Returns the verdict, with @res filled. */
enum check_verdict vmcs_check(const struct vmcs_view *view,
			      const struct vmx_caps *caps, int launch,
			      struct check_result *res);

/* The current VMCS, through VMREAD (its address through VMPTRST). Copy it
 * and set ctx to an int that is 1 once the VMCS is launched to have the
 * launch state answered too. */
extern const struct vmcs_view vmcs_view_current;

#endif
