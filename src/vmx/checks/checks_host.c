/*
 * checks_host.c - SDM vol. 3, 26.2.2-26.2.4: the checks VM entry makes on
 * the host-state area - control registers, MSRs and SSP (26.2.2), segment
 * and descriptor-table registers (26.2.3), and the address-space size
 * (26.2.4). Any failure here is VMfailValid with VM-instruction error 8,
 * "VM entry with invalid host-state field(s)".
 */
#include "checks_internal.h"

#include "msr.h"
#include "x86.h"

/* 26.2.2: "If the load CET state VM-exit control is 1": IA32_S_CET and
 * SSP canonical (bits 63:32 clear for a 32-bit host), S_CET without its
 * reserved bits 9:6 and not both SUPPRESS and TRACKER (the values WRMSR
 * refuses), SSP 4-byte aligned, the SSP-table address canonical. */
static int check_host_cet(struct chk *c, int wide)
{
	uint64_t s_cet = chk_read(c, VMCS_HOST_S_CET);
	uint64_t ssp = chk_read(c, VMCS_HOST_SSP);

	if (!chk_canonical(c, s_cet) || (!wide && (s_cet >> 32)))
		return FAIL(HOST_S_CET_CANON, VMCS_HOST_S_CET);
	if ((s_cet & S_CET_RSVD) ||
	    (s_cet & (S_CET_SUPPRESS | S_CET_TRACKER)) ==
	    (S_CET_SUPPRESS | S_CET_TRACKER))
		return FAIL(HOST_S_CET_RSVD, VMCS_HOST_S_CET);
	if (!chk_canonical(c, ssp) || (!wide && (ssp >> 32)))
		return FAIL(HOST_SSP_CANON, VMCS_HOST_SSP);
	if (ssp & 3)
		return FAIL(HOST_SSP_ALIGN, VMCS_HOST_SSP);
	if (!chk_canonical(c, chk_read(c, VMCS_HOST_INTR_SSP_TABLE)))
		return FAIL(HOST_SSP_TABLE_CANON, VMCS_HOST_INTR_SSP_TABLE);
	return 0;
}

/* 26.2.2: host control registers and MSRs. */
static int check_host_regs(struct chk *c, int wide)
{
	const struct vmx_caps *k = c->caps;
	uint64_t cr0 = chk_read(c, VMCS_HOST_CR0);
	uint64_t cr4 = chk_read(c, VMCS_HOST_CR4);
	uint64_t v;

	/* CR0 and CR4 follow the fixed bits of VMX operation (A.7, A.8). */
	if ((cr0 & k->cr0_fixed0) != k->cr0_fixed0 || (cr0 & ~k->cr0_fixed1))
		return check_fail(c, RULE_HOST_CR0_FIXED, F(VMCS_HOST_CR0),
				  "FIXED0 0x%lx, FIXED1 0x%lx", k->cr0_fixed0,
				  k->cr0_fixed1);
	if ((cr4 & k->cr4_fixed0) != k->cr4_fixed0 || (cr4 & ~k->cr4_fixed1))
		return check_fail(c, RULE_HOST_CR4_FIXED, F(VMCS_HOST_CR4),
				  "FIXED0 0x%lx, FIXED1 0x%lx", k->cr4_fixed0,
				  k->cr4_fixed1);
	/* CR3 sets no bit beyond the physical-address width. */
	if (chk_beyond_width(c, chk_read(c, VMCS_HOST_CR3)))
		return check_fail(c, RULE_HOST_CR3_WIDTH, F(VMCS_HOST_CR3),
				  "physical-address width %u",
				  k->phys_addr_bits);
	/* CR4.CET = 1 needs CR0.WP = 1. */
	if ((cr4 & CR4_CET) && !(cr0 & CR0_WP))
		return FAIL(HOST_CR4_CET_WP, VMCS_HOST_CR0, VMCS_HOST_CR4);
	/* The SYSENTER ESP and EIP fields are canonical. */
	if (!chk_canonical(c, chk_read(c, VMCS_HOST_IA32_SYSENTER_ESP)))
		return FAIL(HOST_SYSENTER_ESP, VMCS_HOST_IA32_SYSENTER_ESP);
	if (!chk_canonical(c, chk_read(c, VMCS_HOST_IA32_SYSENTER_EIP)))
		return FAIL(HOST_SYSENTER_EIP, VMCS_HOST_IA32_SYSENTER_EIP);
	/* "load IA32_PERF_GLOBAL_CTRL" is not checked: which of its bits
	 * are reserved depends on CPUID leaf 0AH (counter counts). */
	if ((c->exit & VM_EXIT_LOAD_CET) && check_host_cet(c, wide))
		return 1;
	/* "load IA32_PAT": each entry a valid memory type (13.12.2). */
	if ((c->exit & VM_EXIT_LOAD_IA32_PAT) &&
	    !chk_pat_valid(chk_read(c, VMCS_HOST_IA32_PAT)))
		return FAIL(HOST_PAT, VMCS_HOST_IA32_PAT);
	/* "load IA32_EFER": no reserved bit; LMA and LME both equal the
	 * "host address-space size" control. */
	if (c->exit & VM_EXIT_LOAD_IA32_EFER) {
		v = chk_read(c, VMCS_HOST_IA32_EFER);
		if (v & ~c->feat->efer_valid)
			return check_fail(c, RULE_HOST_EFER_RSVD,
					  F(VMCS_HOST_IA32_EFER),
					  "implemented 0x%lx",
					  c->feat->efer_valid);
		if (!!(v & EFER_LMA) != wide)
			return FAIL(HOST_EFER_LMA, VMCS_HOST_IA32_EFER,
				    VMCS_VM_EXIT_CONTROLS);
		if (!!(v & EFER_LME) != wide)
			return FAIL(HOST_EFER_LME, VMCS_HOST_IA32_EFER,
				    VMCS_VM_EXIT_CONTROLS);
	}
	/* "load PKRS": bits 63:32 of IA32_PKRS are 0. */
	if ((c->exit & VM_EXIT_LOAD_PKRS) &&
	    (chk_read(c, VMCS_HOST_IA32_PKRS) >> 32))
		return FAIL(HOST_PKRS, VMCS_HOST_IA32_PKRS);
	return 0;
}

static const struct {
	uint32_t field;
	unsigned short rule;
} host_selectors[] = {
	{ VMCS_HOST_ES_SELECTOR, RULE_HOST_ES_SEL },
	{ VMCS_HOST_CS_SELECTOR, RULE_HOST_CS_SEL },
	{ VMCS_HOST_SS_SELECTOR, RULE_HOST_SS_SEL },
	{ VMCS_HOST_DS_SELECTOR, RULE_HOST_DS_SEL },
	{ VMCS_HOST_FS_SELECTOR, RULE_HOST_FS_SEL },
	{ VMCS_HOST_GS_SELECTOR, RULE_HOST_GS_SEL },
	{ VMCS_HOST_TR_SELECTOR, RULE_HOST_TR_SEL },
}, host_bases[] = {
	{ VMCS_HOST_FS_BASE, RULE_HOST_FS_BASE },
	{ VMCS_HOST_GS_BASE, RULE_HOST_GS_BASE },
	{ VMCS_HOST_GDTR_BASE, RULE_HOST_GDTR_BASE },
	{ VMCS_HOST_IDTR_BASE, RULE_HOST_IDTR_BASE },
	{ VMCS_HOST_TR_BASE, RULE_HOST_TR_BASE },
};

#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

/* 26.2.3: host segment and descriptor-table registers. */
static int check_host_segments(struct chk *c, int wide)
{
	unsigned int i;

	/* Every selector has RPL = 0 and TI = 0. */
	for (i = 0; i < ARRAY_LEN(host_selectors); i++)
		if (chk_read(c, host_selectors[i].field) & 7)
			return check_fail(c, host_selectors[i].rule,
					  F(host_selectors[i].field), NULL);
	/* CS and TR are not null; SS may be null only for a 64-bit host. */
	if (!(chk_read(c, VMCS_HOST_CS_SELECTOR) & 0xffff))
		return FAIL(HOST_CS_NULL, VMCS_HOST_CS_SELECTOR);
	if (!(chk_read(c, VMCS_HOST_TR_SELECTOR) & 0xffff))
		return FAIL(HOST_TR_NULL, VMCS_HOST_TR_SELECTOR);
	if (!wide && !(chk_read(c, VMCS_HOST_SS_SELECTOR) & 0xffff))
		return FAIL(HOST_SS_NULL, VMCS_HOST_SS_SELECTOR,
			    VMCS_VM_EXIT_CONTROLS);
	/* FS, GS, GDTR, IDTR and TR bases are canonical. */
	for (i = 0; i < ARRAY_LEN(host_bases); i++)
		if (!chk_canonical(c, chk_read(c, host_bases[i].field)))
			return check_fail(c, host_bases[i].rule,
					  F(host_bases[i].field), NULL);
	return 0;
}

/*
 * 26.2.4: "host address-space size" equals IA32_EFER.LMA at VM entry (1
 * for this 64-bit hypervisor); outside IA-32e mode the guest cannot be
 * IA-32e either. A 64-bit host needs CR4.PAE and a canonical RIP; a
 * 32-bit one CR4.PCIDE = 0 and RIP bits 63:32 clear.
 */
static int check_host_addr_space(struct chk *c, int wide)
{
	uint64_t cr4 = chk_read(c, VMCS_HOST_CR4);
	uint64_t rip = chk_read(c, VMCS_HOST_RIP);

	if (wide != c->feat->host_lma)
		return check_fail(c, RULE_HOST_ADDR_SPACE,
				  F(VMCS_VM_EXIT_CONTROLS),
				  "IA32_EFER.LMA %d", c->feat->host_lma);
	if (!wide) {
		if (c->ia32e)
			return FAIL(HOST_IA32E_GUEST, VMCS_VM_EXIT_CONTROLS,
				    VMCS_VM_ENTRY_CONTROLS);
		if (cr4 & CR4_PCIDE)
			return FAIL(HOST_CR4_PCIDE, VMCS_HOST_CR4);
		if (rip >> 32)
			return FAIL(HOST_RIP_HIGH, VMCS_HOST_RIP);
		return 0;
	}
	if (!(cr4 & CR4_PAE))
		return FAIL(HOST_CR4_PAE, VMCS_HOST_CR4);
	if (!chk_canonical(c, rip))
		return FAIL(HOST_RIP_CANON, VMCS_HOST_RIP);
	return 0;
}

int check_host(struct chk *c)
{
	int wide = !!(c->exit & VM_EXIT_HOST_ADDR_SPACE_SIZE);

	return check_host_regs(c, wide) || check_host_segments(c, wide) ||
	       check_host_addr_space(c, wide);
}
