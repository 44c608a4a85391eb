/*
 * checks_guest.c - SDM vol. 3, 26.3.1: the checks VM entry makes on the
 * guest-state area once controls and host state passed - registers
 * (26.3.1.1), descriptor tables (26.3.1.3), RIP and RFLAGS (26.3.1.4),
 * non-register state (26.3.1.5) and PDPTEs (26.3.1.6); the segment
 * registers (26.3.1.2) are in checks_guest_segments.c - and then the
 * VM-entry MSR-load area (26.4).
 *
 * A failure here is a VM exit with bit 31 of the exit reason set: basic
 * reason 33 with qualification 0, 2 (PDPTEs) or 4 (VMCS link pointer),
 * or reason 34 with the number of the failing MSR entry (SDM vol. 3, 26.8).
 */
#include "checks_internal.h"

#include "apic.h"
#include "msr.h"
#include "x86.h"

#define PENDING_DBG_BS		(1ull << 14)
#define PENDING_DBG_RTM		(1ull << 16)
/* Pending debug exceptions: bits 63:17, 15, 13 and 11:4 reserved. */
#define PENDING_DBG_RSVD	0xfffffffffffeaff0ull
#define BNDCFGS_RSVD		0xffcull		/* 11:2 */

/* MSRs the VM-entry MSR-load area may not name (SDM vol. 3, 26.4). */

/* 26.3.1.1: "load CET state": IA32_S_CET and SSP canonical (63:32 clear
 * unless IA-32e mode), S_CET without reserved bits 9:6 or both SUPPRESS
 * and TRACKER, SSP 4-byte aligned, SSP-table address canonical. */
static int check_guest_cet(struct chk *c)
{
	uint64_t s_cet = chk_read(c, VMCS_GUEST_S_CET);
	uint64_t ssp = chk_read(c, VMCS_GUEST_SSP);

	if (!chk_canonical(c, s_cet) || (!c->ia32e && (s_cet >> 32)))
		return FAIL(GUEST_S_CET_CANON, VMCS_GUEST_S_CET);
	if ((s_cet & S_CET_RSVD) ||
	    (s_cet & (S_CET_SUPPRESS | S_CET_TRACKER)) ==
	    (S_CET_SUPPRESS | S_CET_TRACKER))
		return FAIL(GUEST_S_CET_RSVD, VMCS_GUEST_S_CET);
	if (!chk_canonical(c, ssp) || (!c->ia32e && (ssp >> 32)))
		return FAIL(GUEST_SSP_CANON, VMCS_GUEST_SSP);
	if (ssp & 3)
		return FAIL(GUEST_SSP_ALIGN, VMCS_GUEST_SSP);
	if (!chk_canonical(c, chk_read(c, VMCS_GUEST_INTR_SSP_TABLE)))
		return FAIL(GUEST_SSP_TABLE_CANON, VMCS_GUEST_INTR_SSP_TABLE);
	return 0;
}

/*
 * IA32_DEBUGCTL bits that exist (SDM vol. 4, table 2-2; vol. 3, 17.4.1):
 * 0 LBR, 1 BTF, 2 bus-lock detection (when CPUID says so), 6-14 (TR, BTS,
 * BTINT, BTS_OFF_OS/USR, the three freeze bits, uncore PMI), 15 RTM debug
 * (with RTM). Bits 5:3 and 63:16 are reserved.
 */
static uint64_t debugctl_reserved(const struct chk *c)
{
	uint64_t rsvd = ~0x7fc3ull;

	if (!c->feat->bus_lock_detect)
		rsvd |= DEBUGCTL_BUS_LOCK_DETECT;
	if (!c->feat->rtm)
		rsvd |= DEBUGCTL_RTM_DEBUG;
	return rsvd;
}

/* 26.3.1.1: guest control registers, debug registers and MSRs. */
static int check_guest_regs(struct chk *c)
{
	const struct vmx_caps *k = c->caps;
	uint64_t cr0 = c->guest_cr0, cr4 = chk_read(c, VMCS_GUEST_CR4);
	uint64_t fixed0 = k->cr0_fixed0, v;
	int load_dbg = !!(c->entry & VM_ENTRY_LOAD_DEBUG_CONTROLS);

	/* CR0 follows FIXED0/FIXED1, except that with "unrestricted guest"
	 * PE and PG may be 0; PG = 1 still needs PE = 1. */
	if (c->unrestricted)
		fixed0 &= ~(uint64_t)(CR0_PE | CR0_PG);
	if ((cr0 & fixed0) != fixed0 || (cr0 & ~k->cr0_fixed1))
		return check_fail(c, RULE_GUEST_CR0_FIXED, F(VMCS_GUEST_CR0),
				  "FIXED0 0x%lx, FIXED1 0x%lx", k->cr0_fixed0,
				  k->cr0_fixed1);
	if ((cr0 & CR0_PG) && !(cr0 & CR0_PE))
		return FAIL(GUEST_CR0_PG_PE, VMCS_GUEST_CR0);
	if ((cr4 & k->cr4_fixed0) != k->cr4_fixed0 || (cr4 & ~k->cr4_fixed1))
		return check_fail(c, RULE_GUEST_CR4_FIXED, F(VMCS_GUEST_CR4),
				  "FIXED0 0x%lx, FIXED1 0x%lx", k->cr4_fixed0,
				  k->cr4_fixed1);
	if ((cr4 & CR4_CET) && !(cr0 & CR0_WP))
		return FAIL(GUEST_CR4_CET_WP, VMCS_GUEST_CR0, VMCS_GUEST_CR4);
	/* "load debug controls": IA32_DEBUGCTL without reserved bits. */
	if (load_dbg &&
	    (chk_read(c, VMCS_GUEST_IA32_DEBUGCTL) & debugctl_reserved(c)))
		return FAIL(GUEST_DEBUGCTL, VMCS_GUEST_IA32_DEBUGCTL);
	/* An IA-32e mode guest pages with PAE; any other has no PCIDE. */
	if (c->ia32e && !(cr0 & CR0_PG))
		return FAIL(GUEST_IA32E_PG, VMCS_GUEST_CR0,
			    VMCS_VM_ENTRY_CONTROLS);
	if (c->ia32e && !(cr4 & CR4_PAE))
		return FAIL(GUEST_IA32E_PAE, VMCS_GUEST_CR4,
			    VMCS_VM_ENTRY_CONTROLS);
	if (!c->ia32e && (cr4 & CR4_PCIDE))
		return FAIL(GUEST_CR4_PCIDE, VMCS_GUEST_CR4,
			    VMCS_VM_ENTRY_CONTROLS);
	if (chk_beyond_width(c, chk_read(c, VMCS_GUEST_CR3)))
		return check_fail(c, RULE_GUEST_CR3_WIDTH, F(VMCS_GUEST_CR3),
				  "physical-address width %u",
				  k->phys_addr_bits);
	if (load_dbg && (chk_read(c, VMCS_GUEST_DR7) >> 32))
		return FAIL(GUEST_DR7_HIGH, VMCS_GUEST_DR7);
	if (!chk_canonical(c, chk_read(c, VMCS_GUEST_SYSENTER_ESP)))
		return FAIL(GUEST_SYSENTER_ESP, VMCS_GUEST_SYSENTER_ESP);
	if (!chk_canonical(c, chk_read(c, VMCS_GUEST_SYSENTER_EIP)))
		return FAIL(GUEST_SYSENTER_EIP, VMCS_GUEST_SYSENTER_EIP);
	/* "load IA32_PERF_GLOBAL_CTRL" and "load IA32_RTIT_CTL" are not
	 * checked: their reserved bits depend on CPUID leaves 0AH and 14H. */
	if ((c->entry & VM_ENTRY_LOAD_IA32_PAT) &&
	    !chk_pat_valid(chk_read(c, VMCS_GUEST_IA32_PAT)))
		return FAIL(GUEST_PAT, VMCS_GUEST_IA32_PAT);
	/* "load IA32_EFER": no reserved bit; LMA = "IA-32e mode guest";
	 * with CR0.PG = 1, LME = LMA. */
	if (c->entry & VM_ENTRY_LOAD_IA32_EFER) {
		v = chk_read(c, VMCS_GUEST_IA32_EFER);
		if (v & ~c->feat->efer_valid)
			return check_fail(c, RULE_GUEST_EFER_RSVD,
					  F(VMCS_GUEST_IA32_EFER),
					  "implemented 0x%lx",
					  c->feat->efer_valid);
		if (!!(v & EFER_LMA) != c->ia32e)
			return FAIL(GUEST_EFER_LMA, VMCS_GUEST_IA32_EFER,
				    VMCS_VM_ENTRY_CONTROLS);
		if ((cr0 & CR0_PG) && !!(v & EFER_LME) != !!(v & EFER_LMA))
			return FAIL(GUEST_EFER_LME, VMCS_GUEST_IA32_EFER,
				    VMCS_GUEST_CR0);
	}
	/* "load IA32_BNDCFGS": bits 11:2 clear, bits 63:12 canonical. */
	if (c->entry & VM_ENTRY_LOAD_BNDCFGS) {
		v = chk_read(c, VMCS_GUEST_BNDCFGS);
		if ((v & BNDCFGS_RSVD) || !chk_canonical(c, v & ~0xfffull))
			return FAIL(GUEST_BNDCFGS, VMCS_GUEST_BNDCFGS);
	}
	if ((c->entry & VM_ENTRY_LOAD_CET) && check_guest_cet(c))
		return 1;
	/* "load PKRS": bits 63:32 of IA32_PKRS are 0. */
	if ((c->entry & VM_ENTRY_LOAD_PKRS) &&
	    (chk_read(c, VMCS_GUEST_IA32_PKRS) >> 32))
		return FAIL(GUEST_PKRS, VMCS_GUEST_IA32_PKRS);
	return 0;
}

/* 26.3.1.3: GDTR and IDTR bases canonical, limits 16 bits. */
static int check_guest_dtr(struct chk *c)
{
	if (!chk_canonical(c, chk_read(c, VMCS_GUEST_GDTR_BASE)))
		return FAIL(GUEST_GDTR_BASE, VMCS_GUEST_GDTR_BASE);
	if (!chk_canonical(c, chk_read(c, VMCS_GUEST_IDTR_BASE)))
		return FAIL(GUEST_IDTR_BASE, VMCS_GUEST_IDTR_BASE);
	if (chk_read(c, VMCS_GUEST_GDTR_LIMIT) & 0xffff0000u)
		return FAIL(GUEST_GDTR_LIMIT, VMCS_GUEST_GDTR_LIMIT);
	if (chk_read(c, VMCS_GUEST_IDTR_LIMIT) & 0xffff0000u)
		return FAIL(GUEST_IDTR_LIMIT, VMCS_GUEST_IDTR_LIMIT);
	return 0;
}

/* 26.3.1.4: bits 63:N of @rip all 0 or all 1. */
static int rip_bits_identical(const struct chk *c, uint64_t rip)
{
	unsigned int n = c->feat->linear_bits;
	int64_t high;

	if (n >= 64)
		return 1;
	high = (int64_t)rip >> n;
	return high == 0 || high == -1;
}

/* 26.3.1.4: RIP and RFLAGS. */
static int check_guest_rip_rflags(struct chk *c)
{
	uint64_t rip = chk_read(c, VMCS_GUEST_RIP);
	uint64_t rfl = chk_read(c, VMCS_GUEST_RFLAGS);
	int code64 = c->ia32e && (chk_read(c, VMCS_GUEST_CS_AR_BYTES) & AR_L);

	/* Outside 64-bit code, RIP bits 63:32 are 0. In it, bits 63:N are
	 * identical, N the linear-address width (none when N = 64): not
	 * "canonical", which takes in bit N-1 too, so with 48 bits RIP bit
	 * 47 is free. */
	if (!code64 && (rip >> 32))
		return FAIL(GUEST_RIP_HIGH, VMCS_GUEST_RIP,
			    VMCS_GUEST_CS_AR_BYTES);
	if (code64 && !rip_bits_identical(c, rip))
		return FAIL(GUEST_RIP_CANON, VMCS_GUEST_RIP);
	if (rfl & RFLAGS_RESERVED)
		return FAIL(GUEST_RFLAGS_RSVD, VMCS_GUEST_RFLAGS);
	if (!(rfl & RFLAGS_FIXED))
		return FAIL(GUEST_RFLAGS_BIT1, VMCS_GUEST_RFLAGS);
	/* No virtual-8086 mode in IA-32e mode or without CR0.PE. */
	if ((rfl & RFLAGS_VM) && (c->ia32e || !(c->guest_cr0 & CR0_PE)))
		return FAIL(GUEST_RFLAGS_VM, VMCS_GUEST_RFLAGS, VMCS_GUEST_CR0);
	/* An injected external interrupt needs RFLAGS.IF = 1. */
	if ((c->intr_info & INTR_INFO_VALID) &&
	    INTR_INFO_TYPE(c->intr_info) == INTR_TYPE_EXT_INTR &&
	    !(rfl & RFLAGS_IF))
		return FAIL(GUEST_RFLAGS_IF, VMCS_GUEST_RFLAGS,
			    VMCS_VM_ENTRY_INTR_INFO_FIELD);
	return 0;
}

/* 26.3.1.5: which injected events each activity state lets in. HLT:
 * external interrupts, NMIs, #DB and #MC, pending MTF (other event 0);
 * shutdown: NMIs and #MC; wait-for-SIPI: none. */
static int event_allowed(uint64_t act, uint32_t info)
{
	uint32_t type = INTR_INFO_TYPE(info), vec = INTR_INFO_VECTOR(info);

	switch (act) {
	case ACTIVITY_ACTIVE:
		return 1;
	case ACTIVITY_HLT:
		return type == INTR_TYPE_EXT_INTR || type == INTR_TYPE_NMI ||
		       (type == INTR_TYPE_HW_EXC && (vec == 1 || vec == 18)) ||
		       (type == INTR_TYPE_OTHER && vec == 0);
	case ACTIVITY_SHUTDOWN:
		return type == INTR_TYPE_NMI ||
		       (type == INTR_TYPE_HW_EXC && vec == 18);
	default:
		return 0;
	}
}

/* 26.3.1.5: activity and interruptibility state. */
static int check_guest_activity(struct chk *c)
{
	uint64_t act = chk_read(c, VMCS_GUEST_ACTIVITY_STATE);
	uint64_t intr = chk_read(c, VMCS_GUEST_INTERRUPTIBILITY_INFO);
	uint64_t rfl = chk_read(c, VMCS_GUEST_RFLAGS), rsvd = ~0x1full;
	uint32_t info = c->intr_info, type = INTR_INFO_TYPE(info);
	int inject = !!(info & INTR_INFO_VALID);

	/* The activity state is one IA32_VMX_MISC[8:6] supports. */
	if (act > ACTIVITY_WAIT_SIPI ||
	    (act && !(c->caps->misc & (VMX_MISC_ACTIVITY_HLT << (act - 1)))))
		return check_fail(c, RULE_GUEST_ACTIVITY,
				  F(VMCS_GUEST_ACTIVITY_STATE),
				  "IA32_VMX_MISC 0x%lx", c->caps->misc);
	if (act == ACTIVITY_HLT &&
	    AR_DPL(chk_read(c, VMCS_GUEST_SS_AR_BYTES)) != 0)
		return FAIL(GUEST_ACTIVITY_HLT_DPL, VMCS_GUEST_ACTIVITY_STATE,
			    VMCS_GUEST_SS_AR_BYTES);
	if (act != ACTIVITY_ACTIVE &&
	    (intr & (INTR_BLOCK_STI | INTR_BLOCK_MOV_SS)))
		return FAIL(GUEST_ACTIVITY_BLOCKING, VMCS_GUEST_ACTIVITY_STATE,
			    VMCS_GUEST_INTERRUPTIBILITY_INFO);
	if (inject && !event_allowed(act, info))
		return FAIL(GUEST_ACTIVITY_EVENT, VMCS_GUEST_ACTIVITY_STATE,
			    VMCS_VM_ENTRY_INTR_INFO_FIELD);

	/* Interruptibility: bits 31:5 reserved, bit 4 (enclave
	 * interruption) too without SGX - which we read from the 1-setting
	 * of "enable ENCLS exiting", that only SGX CPUs have. */
	if (!(c->caps->proc2.allowed1 & SECONDARY_ENCLS_EXITING))
		rsvd |= INTR_ENCLAVE;
	if (intr & rsvd)
		return FAIL(GUEST_INTR_RSVD, VMCS_GUEST_INTERRUPTIBILITY_INFO);
	if ((intr & INTR_BLOCK_STI) && (intr & INTR_BLOCK_MOV_SS))
		return FAIL(GUEST_INTR_STI_MOVSS,
			    VMCS_GUEST_INTERRUPTIBILITY_INFO);
	if ((intr & INTR_BLOCK_STI) && !(rfl & RFLAGS_IF))
		return FAIL(GUEST_INTR_STI_IF, VMCS_GUEST_INTERRUPTIBILITY_INFO,
			    VMCS_GUEST_RFLAGS);
	if (inject && type == INTR_TYPE_EXT_INTR &&
	    (intr & (INTR_BLOCK_STI | INTR_BLOCK_MOV_SS)))
		return FAIL(GUEST_INTR_EXT_INT,
			    VMCS_GUEST_INTERRUPTIBILITY_INFO,
			    VMCS_VM_ENTRY_INTR_INFO_FIELD);
	/* The SDM lets a CPU also refuse blocking by STI here ("may"); it
	 * requires only that MOV SS blocking be 0. */
	if (inject && type == INTR_TYPE_NMI && (intr & INTR_BLOCK_MOV_SS))
		return FAIL(GUEST_INTR_NMI_MOVSS,
			    VMCS_GUEST_INTERRUPTIBILITY_INFO,
			    VMCS_VM_ENTRY_INTR_INFO_FIELD);
	/* Blocking by SMI only in SMM. The checks model VM entry from
	 * outside SMM (the hypervisor never runs in SMM), where "entry to
	 * SMM" is refused with the controls already, so the rules for VM
	 * entries from SMM (26.3.1.5: no wait-for-SIPI, SMI blocking set)
	 * cannot apply. */
	if (intr & INTR_BLOCK_SMI)
		return FAIL(GUEST_INTR_SMI, VMCS_GUEST_INTERRUPTIBILITY_INFO);
	if ((c->pin & PIN_BASED_VIRTUAL_NMIS) && inject &&
	    type == INTR_TYPE_NMI && (intr & INTR_BLOCK_NMI))
		return FAIL(GUEST_INTR_VNMI, VMCS_GUEST_INTERRUPTIBILITY_INFO,
			    VMCS_VM_ENTRY_INTR_INFO_FIELD);
	if ((intr & INTR_ENCLAVE) && (intr & INTR_BLOCK_MOV_SS))
		return FAIL(GUEST_INTR_ENCLAVE,
			    VMCS_GUEST_INTERRUPTIBILITY_INFO);
	return 0;
}

/* 26.3.1.5: pending debug exceptions. */
static int check_guest_pending_dbg(struct chk *c)
{
	uint64_t pend = chk_read(c, VMCS_GUEST_PENDING_DBG_EXCEPTIONS);
	uint64_t intr = chk_read(c, VMCS_GUEST_INTERRUPTIBILITY_INFO);
	uint64_t act = chk_read(c, VMCS_GUEST_ACTIVITY_STATE);
	uint64_t rsvd = PENDING_DBG_RSVD;
	int tf, btf;

	if (!c->feat->rtm)
		rsvd |= PENDING_DBG_RTM;
	if (pend & rsvd)
		return FAIL(GUEST_PENDING_DBG_RSVD,
			    VMCS_GUEST_PENDING_DBG_EXCEPTIONS);
	/* With STI or MOV SS blocking or in HLT, BS is set exactly when a
	 * single step is pending: RFLAGS.TF = 1 and DEBUGCTL.BTF = 0. */
	if ((intr & (INTR_BLOCK_STI | INTR_BLOCK_MOV_SS)) ||
	    act == ACTIVITY_HLT) {
		tf = !!(chk_read(c, VMCS_GUEST_RFLAGS) & RFLAGS_TF);
		btf = !!(chk_read(c, VMCS_GUEST_IA32_DEBUGCTL) & DEBUGCTL_BTF);
		if (!!(pend & PENDING_DBG_BS) != (tf && !btf))
			return FAIL(GUEST_PENDING_DBG_BS,
				    VMCS_GUEST_PENDING_DBG_EXCEPTIONS,
				    VMCS_GUEST_RFLAGS,
				    VMCS_GUEST_IA32_DEBUGCTL);
	}
	/* A pending RTM debug exception excludes B3:0, BS and MOV SS. */
	if ((pend & PENDING_DBG_RTM) &&
	    ((pend & (0xfffull | PENDING_DBG_BS)) ||
	     (intr & INTR_BLOCK_MOV_SS)))
		return FAIL(GUEST_PENDING_DBG_RTM,
			    VMCS_GUEST_PENDING_DBG_EXCEPTIONS,
			    VMCS_GUEST_INTERRUPTIBILITY_INFO);
	return 0;
}

/*
 * 26.3.1.5: a VMCS link pointer other than ~0 is 4 KiB aligned and in the
 * physical-address width; the 4 bytes it points at hold the VMCS revision
 * identifier in bits 30:0 and, in bit 31, the "VMCS shadowing" control;
 * outside SMM it is not the current-VMCS pointer. Memory the view cannot
 * read counts as all ones, which is what reading nothing gives.
 */
static int check_guest_link(struct chk *c)
{
	uint64_t link = chk_read(c, VMCS_VMCS_LINK_POINTER), cur;
	uint32_t rev = ~0u, want = VMX_BASIC_REVISION(c->caps->basic);

	if (link == VMCS_LINK_NONE)
		return 0;
	if (link & 0xfff)
		return FAIL(GUEST_LINK_ALIGN, VMCS_VMCS_LINK_POINTER);
	if (chk_beyond_width(c, link))
		return check_fail(c, RULE_GUEST_LINK_WIDTH,
				  F(VMCS_VMCS_LINK_POINTER),
				  "physical-address width %u",
				  c->caps->phys_addr_bits);
	if (c->view->read_phys) {
		if (chk_read_phys(c, link, &rev, 4))
			rev = ~0u;
		if (c->proc2 & SECONDARY_VMCS_SHADOWING)
			want |= VMCS_SHADOW_INDICATOR;
		if (rev != want)
			return check_fail(c, RULE_GUEST_LINK_REVISION,
					  F(VMCS_VMCS_LINK_POINTER),
					  "revision word 0x%x, want 0x%x", rev,
					  want);
	}
	if (chk_read_ok(c, VMCS_VIEW_VMCS_POINTER, &cur) && cur == link)
		return FAIL(GUEST_LINK_CURRENT, VMCS_VMCS_LINK_POINTER,
			    VMCS_VIEW_VMCS_POINTER);
	return 0;
}

/*
 * 26.3.1.6: with CR0.PG = 1, CR4.PAE = 1 and no IA-32e mode, the four
 * PDPTEs - from the VMCS with EPT, else from the 32 bytes CR3[31:5] points
 * at - have, when present, no reserved bit set (8:5, 2:1 and any beyond
 * the physical-address width).
 */
static int check_guest_pdptes(struct chk *c)
{
	static const uint32_t fields[4] = {
		VMCS_GUEST_PDPTR0, VMCS_GUEST_PDPTR1, VMCS_GUEST_PDPTR2,
		VMCS_GUEST_PDPTR3,
	};
	uint64_t cr4 = chk_read(c, VMCS_GUEST_CR4), pdpte[4];
	uint64_t rsvd = PDPTE_RSVD;
	int ept = !!(c->proc2 & SECONDARY_ENABLE_EPT), i;

	if (!(c->guest_cr0 & CR0_PG) || !(cr4 & CR4_PAE) || c->ia32e)
		return 0;
	if (c->caps->phys_addr_bits < 64)
		rsvd |= ~0ull << c->caps->phys_addr_bits;
	if (ept) {
		for (i = 0; i < 4; i++)
			pdpte[i] = chk_read(c, fields[i]);
	} else {
		if (!c->view->read_phys)
			return 0;
		if (chk_read_phys(c, chk_read(c, VMCS_GUEST_CR3) & 0xffffffe0u,
				  pdpte, sizeof(pdpte)))
			for (i = 0; i < 4; i++)
				pdpte[i] = ~0ull;
	}
	for (i = 0; i < 4; i++) {
		if (!(pdpte[i] & PDPTE_P) || !(pdpte[i] & rsvd))
			continue;
		return check_fail(c, RULE_GUEST_PDPTE,
				  F(ept ? fields[i] : VMCS_GUEST_CR3),
				  "PDPTE%d 0x%lx", i, pdpte[i]);
	}
	return 0;
}

int check_guest(struct chk *c)
{
	return check_guest_regs(c) || check_guest_segments(c) ||
	       check_guest_dtr(c) || check_guest_rip_rflags(c) ||
	       check_guest_activity(c) || check_guest_pending_dbg(c) ||
	       check_guest_link(c) || check_guest_pdptes(c);
}

/*
 * 26.4: loading the VM-entry MSR-load area, entry by entry, fails on an
 * entry whose bits 63:32 are set or that names IA32_FS_BASE/GS_BASE, an
 * x2APIC MSR, IA32_SMM_MONITOR_CTL (writable only in SMM) or IA32_SMBASE
 * (not loadable, SDM vol. 4). Whether WRMSR would take the value is
 * model-specific and not checked. Entries past the recommended maximum
 * (IA32_VMX_MISC[27:25]) are not looked at: beyond it the SDM promises
 * nothing.
 */
int check_msr_load(struct chk *c)
{
	uint64_t count = chk_read(c, VMCS_VM_ENTRY_MSR_LOAD_COUNT);
	uint64_t area = chk_read(c, VMCS_VM_ENTRY_MSR_LOAD_ADDR), e[2], i;
	uint32_t idx;
	int rule;

	if (!c->view->read_phys)
		return 0;
	if (count > VMX_MISC_MSR_LIST_MAX(c->caps->misc))
		count = VMX_MISC_MSR_LIST_MAX(c->caps->misc);
	for (i = 0; i < count; i++) {
		if (chk_read_phys(c, area + 16 * i, e, sizeof(e)))
			return 0;
		idx = (uint32_t)e[0];
		rule = -1;
		if (e[0] >> 32)
			rule = RULE_MSR_LOAD_RSVD;
		else if (idx == MSR_IA32_FS_BASE || idx == MSR_IA32_GS_BASE)
			rule = RULE_MSR_LOAD_FS_GS;
		else if (idx >= X2APIC_MSR_BASE && idx <= X2APIC_MSR_LAST)
			rule = RULE_MSR_LOAD_X2APIC;
		else if (idx == MSR_IA32_SMM_MONITOR_CTL)
			rule = RULE_MSR_LOAD_SMM;
		else if (idx == MSR_IA32_SMBASE)
			rule = RULE_MSR_LOAD_SMBASE;
		if (rule >= 0) {
			check_fail(c, rule, F(VMCS_VM_ENTRY_MSR_LOAD_ADDR,
					      VMCS_VM_ENTRY_MSR_LOAD_COUNT),
				   "entry %lu: 0x%lx 0x%lx", i + 1, e[0], e[1]);
			c->res->exit_qualification = i + 1;
			return 1;
		}
	}
	return 0;
}
