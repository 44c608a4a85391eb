/*
 * checks_controls.c - SDM vol. 3, 26.2.1: the checks VM entry makes on
 * the VM-execution (26.2.1.1), VM-exit (26.2.1.2) and VM-entry (26.2.1.3)
 * control fields. Any failure here is VMfailValid with VM-instruction
 * error 7, "VM entry with invalid control field(s)".
 *
 * Each check names its rule (checks_rules.h) in its failure; the comment
 * above it quotes the rule's sense. Capability-dependent rules read the
 * capability MSRs through struct vmx_caps; where the SDM leaves the CPU a
 * choice, the comment says which side we take and why.
 */
#include "checks_internal.h"

#include "x86.h"

/* Exceptions that push an error code (SDM vol. 3, 26.2.1.3 and table
 * 6-1): #DF, #TS, #NP, #SS, #GP, #PF, #AC. */
#define EXC_WITH_ERROR_CODE	((1u << 8) | (1u << 10) | (1u << 11) | \
				 (1u << 12) | (1u << 13) | (1u << 14) | \
				 (1u << 17))

/*
 * A physical address a control names: "bits @align_mask must be 0" and
 * "the address must not set any bits beyond the processor's physical-
 * address width" (both 26.2.1.1 wordings).
 */
static int addr_check(struct chk *c, uint32_t field, uint64_t align_mask,
		      enum check_rule r_align, enum check_rule r_width)
{
	uint64_t a = chk_read(c, field);

	if (a & align_mask)
		return check_fail(c, r_align, F(field), NULL);
	if (chk_beyond_width(c, a))
		return check_fail(c, r_width, F(field),
				  "physical-address width %u",
				  c->caps->phys_addr_bits);
	return 0;
}

/*
 * 26.2.1.2 and 26.2.1.3: when an MSR count is not zero, the area's address
 * has bits 3:0 clear and fits the physical-address width, and so does the
 * address of its last byte, address + count * 16 - 1 (computed wider than
 * the width; the count is at most 2^32 - 1, the address < 2^52 once it
 * fits, so 64 bits do not overflow).
 */
static int msr_area_check(struct chk *c, uint32_t count_field,
			  uint32_t addr_field, enum check_rule r_align,
			  enum check_rule r_width, enum check_rule r_last)
{
	uint64_t count = chk_read(c, count_field) & 0xffffffffu;
	uint64_t a;

	if (!count)
		return 0;
	a = chk_read(c, addr_field);
	if (a & 0xf)
		return check_fail(c, r_align, F(addr_field, count_field), NULL);
	if (chk_beyond_width(c, a))
		return check_fail(c, r_width, F(addr_field, count_field),
				  "physical-address width %u",
				  c->caps->phys_addr_bits);
	if (chk_beyond_width(c, a + count * 16 - 1))
		return check_fail(c, r_last, F(addr_field, count_field),
				  "last byte 0x%lx", a + count * 16 - 1);
	return 0;
}

static int ctl_word_check(struct chk *c, uint32_t val, uint32_t field,
			  const struct vmx_ctl_caps *cap, enum check_rule rule)
{
	if (chk_ctl_ok(val, cap))
		return 0;
	return check_fail(c, rule, F(field),
			  "must-be-1 0x%08x, may-be-1 0x%08x", cap->allowed0,
			  cap->allowed1);
}

/*
 * 26.2.1.1, EPTP: memory type UC or WB as IA32_VMX_EPT_VPID_CAP[8]/[14]
 * allow; walk length 4 (bits 5:3 = 3) or 5 as CAP[6]/[7] allow; A/D
 * enable (bit 6) only with CAP[21]; bits 11:7 reserved, except bit 7
 * (supervisor shadow-stack control) on a CPU with CET, which we infer
 * from the 1-setting of the "load CET state" VM-entry control; nothing
 * beyond the physical-address width.
 */
static int check_eptp(struct chk *c)
{
	uint64_t eptp = chk_read(c, VMCS_EPT_POINTER);
	uint64_t cap = c->caps->ept_vpid, rsvd = 0xf80;
	unsigned int mt = eptp & 7, walk = (eptp >> 3) & 7;

	if (!((mt == 0 && (cap & EPT_CAP_MT_UC)) ||
	      (mt == 6 && (cap & EPT_CAP_MT_WB))))
		return check_fail(c, RULE_CTL_EPTP_MEMTYPE, F(VMCS_EPT_POINTER),
				  "EPT_VPID_CAP 0x%lx", cap);
	if (!((walk == 3 && (cap & EPT_CAP_WALK_4)) ||
	      (walk == 4 && (cap & EPT_CAP_WALK_5))))
		return check_fail(c, RULE_CTL_EPTP_WALK, F(VMCS_EPT_POINTER),
				  "EPT_VPID_CAP 0x%lx", cap);
	if ((eptp & (1u << 6)) && !(cap & EPT_CAP_AD))
		return check_fail(c, RULE_CTL_EPTP_AD, F(VMCS_EPT_POINTER),
				  "EPT_VPID_CAP 0x%lx", cap);
	if (c->caps->entry.allowed1 & VM_ENTRY_LOAD_CET)
		rsvd &= ~0x80ull;
	if (eptp & rsvd)
		return FAIL(CTL_EPTP_RSVD, VMCS_EPT_POINTER);
	if (chk_beyond_width(c, eptp))
		return check_fail(c, RULE_CTL_EPTP_WIDTH, F(VMCS_EPT_POINTER),
				  "physical-address width %u",
				  c->caps->phys_addr_bits);
	return 0;
}

/*
 * 26.2.1.1, "use TPR shadow": the virtual-APIC address is 4 KiB aligned
 * and fits the width; without virtual-interrupt delivery, TPR threshold
 * bits 31:4 are 0, and without "virtualize APIC accesses" too, the
 * threshold does not exceed VTPR[7:4] (byte 80H of that page).
 */
static int check_tpr_shadow(struct chk *c)
{
	uint64_t thr = chk_read(c, VMCS_TPR_THRESHOLD);
	uint64_t vapic = chk_read(c, VMCS_VIRTUAL_APIC_PAGE_ADDR);
	uint32_t vtpr;

	if (addr_check(c, VMCS_VIRTUAL_APIC_PAGE_ADDR, 0xfff,
		       RULE_CTL_VAPIC_ALIGN, RULE_CTL_VAPIC_WIDTH))
		return 1;
	if (c->proc2 & SECONDARY_VIRTUAL_INTR_DELIVERY)
		return 0;
	if (thr & ~0xfull)
		return FAIL(CTL_TPR_THRESHOLD_RSVD, VMCS_TPR_THRESHOLD);
	if (!(c->proc2 & SECONDARY_VIRTUALIZE_APIC_ACCESSES) &&
	    !chk_read_phys(c, vapic + 0x80, &vtpr, 4) &&
	    (thr & 0xf) > ((vtpr >> 4) & 0xf))
		return check_fail(c, RULE_CTL_TPR_THRESHOLD_VTPR,
				  F(VMCS_TPR_THRESHOLD,
				    VMCS_VIRTUAL_APIC_PAGE_ADDR),
				  "VTPR 0x%x", vtpr);
	return 0;
}

/* 26.2.1.1: the APIC-virtualization controls. */
static int check_apic_controls(struct chk *c)
{
	uint32_t proc2 = c->proc2;

	if ((c->proc & CPU_BASED_TPR_SHADOW) && check_tpr_shadow(c))
		return 1;
	/* "NMI exiting" 0 forces "virtual NMIs" 0; "virtual NMIs" 0 forces
	 * "NMI-window exiting" 0. */
	if (!(c->pin & PIN_BASED_NMI_EXITING) &&
	    (c->pin & PIN_BASED_VIRTUAL_NMIS))
		return FAIL(CTL_VIRTUAL_NMIS, VMCS_PIN_BASED_VM_EXEC_CONTROL);
	if (!(c->pin & PIN_BASED_VIRTUAL_NMIS) &&
	    (c->proc & CPU_BASED_NMI_WINDOW_EXITING))
		return FAIL(CTL_NMI_WINDOW, VMCS_PIN_BASED_VM_EXEC_CONTROL,
			    VMCS_CPU_BASED_VM_EXEC_CONTROL);
	/* "virtualize APIC accesses": the APIC-access address likewise. */
	if ((proc2 & SECONDARY_VIRTUALIZE_APIC_ACCESSES) &&
	    addr_check(c, VMCS_APIC_ACCESS_ADDR, 0xfff,
		       RULE_CTL_APIC_ACCESS_ALIGN, RULE_CTL_APIC_ACCESS_WIDTH))
		return 1;
	/* Without "use TPR shadow": no "virtualize x2APIC mode", no
	 * "APIC-register virtualization", no "virtual-interrupt delivery". */
	if (!(c->proc & CPU_BASED_TPR_SHADOW) &&
	    (proc2 & (SECONDARY_VIRTUALIZE_X2APIC |
		      SECONDARY_APIC_REGISTER_VIRT |
		      SECONDARY_VIRTUAL_INTR_DELIVERY)))
		return FAIL(CTL_APICV_TPR_SHADOW,
			    VMCS_CPU_BASED_VM_EXEC_CONTROL,
			    VMCS_SECONDARY_VM_EXEC_CONTROL);
	/* "virtualize x2APIC mode" excludes "virtualize APIC accesses". */
	if ((proc2 & SECONDARY_VIRTUALIZE_X2APIC) &&
	    (proc2 & SECONDARY_VIRTUALIZE_APIC_ACCESSES))
		return FAIL(CTL_X2APIC_APIC_ACCESS,
			    VMCS_SECONDARY_VM_EXEC_CONTROL);
	/* "virtual-interrupt delivery" needs "external-interrupt exiting". */
	if ((proc2 & SECONDARY_VIRTUAL_INTR_DELIVERY) &&
	    !(c->pin & PIN_BASED_EXT_INTR_EXITING))
		return FAIL(CTL_VID_EXT_INTR, VMCS_PIN_BASED_VM_EXEC_CONTROL,
			    VMCS_SECONDARY_VM_EXEC_CONTROL);
	/* "process posted interrupts": needs virtual-interrupt delivery
	 * and "acknowledge interrupt on exit"; the notification vector has
	 * bits 15:8 clear; the descriptor is 64-byte aligned and fits. */
	if (c->pin & PIN_BASED_POSTED_INTR) {
		if (!(proc2 & SECONDARY_VIRTUAL_INTR_DELIVERY))
			return FAIL(CTL_POSTED_VID,
				    VMCS_PIN_BASED_VM_EXEC_CONTROL,
				    VMCS_SECONDARY_VM_EXEC_CONTROL);
		if (!(c->exit & VM_EXIT_ACK_INTR_ON_EXIT))
			return FAIL(CTL_POSTED_ACK, VMCS_VM_EXIT_CONTROLS);
		if (chk_read(c, VMCS_POSTED_INTR_NV) & 0xff00)
			return FAIL(CTL_POSTED_VECTOR, VMCS_POSTED_INTR_NV);
		if (addr_check(c, VMCS_POSTED_INTR_DESC_ADDR, 0x3f,
			       RULE_CTL_POSTED_DESC_ALIGN,
			       RULE_CTL_POSTED_DESC_WIDTH))
			return 1;
	}
	return 0;
}

/* 26.2.1.1: EPT, VPID and the controls that build on EPT. */
static int check_ept_controls(struct chk *c)
{
	uint32_t proc2 = c->proc2;
	int ept = !!(proc2 & SECONDARY_ENABLE_EPT);
	uint64_t vmfunc;

	/* "enable VPID": the VPID is not 0000H (the host's). */
	if ((proc2 & SECONDARY_ENABLE_VPID) &&
	    !(chk_read(c, VMCS_VIRTUAL_PROCESSOR_ID) & 0xffff))
		return FAIL(CTL_VPID_ZERO, VMCS_VIRTUAL_PROCESSOR_ID);
	if (ept && check_eptp(c))
		return 1;
	/* "sub-page write permissions for EPT": needs EPT; SPPTP aligned. */
	if (proc2 & SECONDARY_SPP) {
		if (!ept)
			return FAIL(CTL_SPP_EPT,
				    VMCS_SECONDARY_VM_EXEC_CONTROL);
		if (addr_check(c, VMCS_SPPT_POINTER, 0xfff,
			       RULE_CTL_SPPTP_ALIGN, RULE_CTL_SPPTP_WIDTH))
			return 1;
	}
	/* "unrestricted guest" and "mode-based execute control for EPT"
	 * each need "enable EPT". */
	if ((proc2 & SECONDARY_UNRESTRICTED_GUEST) && !ept)
		return FAIL(CTL_UNRESTRICTED_EPT,
			    VMCS_SECONDARY_VM_EXEC_CONTROL);
	if ((proc2 & SECONDARY_MODE_BASED_EPT_EXEC) && !ept)
		return FAIL(CTL_MBEC_EPT, VMCS_SECONDARY_VM_EXEC_CONTROL);
	/* "enable PML": needs EPT; the PML address is 4 KiB aligned. */
	if (proc2 & SECONDARY_ENABLE_PML) {
		if (!ept)
			return FAIL(CTL_PML_EPT,
				    VMCS_SECONDARY_VM_EXEC_CONTROL);
		if (addr_check(c, VMCS_PML_ADDRESS, 0xfff, RULE_CTL_PML_ALIGN,
			       RULE_CTL_PML_WIDTH))
			return 1;
	}
	/* "enable VM functions": the VM-function controls are a subset of
	 * IA32_VMX_VMFUNC; EPTP switching (bit 0) needs EPT and an aligned
	 * EPTP list. */
	if (proc2 & SECONDARY_ENABLE_VMFUNC) {
		vmfunc = chk_read(c, VMCS_VM_FUNCTION_CONTROL);
		if (vmfunc & ~c->caps->vmfunc)
			return check_fail(c, RULE_CTL_VMFUNC_RSVD,
					  F(VMCS_VM_FUNCTION_CONTROL),
					  "IA32_VMX_VMFUNC 0x%lx",
					  c->caps->vmfunc);
		if (vmfunc & 1) {
			if (!ept)
				return FAIL(CTL_EPTP_SWITCH_EPT,
					    VMCS_SECONDARY_VM_EXEC_CONTROL,
					    VMCS_VM_FUNCTION_CONTROL);
			if (addr_check(c, VMCS_EPTP_LIST_ADDRESS, 0xfff,
				       RULE_CTL_EPTP_LIST_ALIGN,
				       RULE_CTL_EPTP_LIST_WIDTH))
				return 1;
		}
	}
	return 0;
}

/* 26.2.1.1: the VM-execution control fields. */
static int check_exec(struct chk *c)
{
	const struct vmx_caps *k = c->caps;
	uint64_t v;

	/* Reserved bits of each control word as the capability MSRs say
	 * (A.3); the secondary word only when it is active: with "activate
	 * secondary controls" 0 the CPU acts as if it were 0. */
	if (ctl_word_check(c, c->pin, VMCS_PIN_BASED_VM_EXEC_CONTROL, &k->pin,
			   RULE_CTL_PIN_RSVD) ||
	    ctl_word_check(c, c->proc, VMCS_CPU_BASED_VM_EXEC_CONTROL,
			   &k->proc, RULE_CTL_PROC_RSVD))
		return 1;
	if ((c->proc & CPU_BASED_ACTIVATE_SECONDARY) &&
	    ctl_word_check(c, c->proc2, VMCS_SECONDARY_VM_EXEC_CONTROL,
			   &k->proc2, RULE_CTL_PROC2_RSVD))
		return 1;
	/* The CR3-target count is at most IA32_VMX_MISC[24:16] (4 today). */
	v = chk_read(c, VMCS_CR3_TARGET_COUNT);
	if (v > VMX_MISC_CR3_TARGETS(k->misc))
		return check_fail(c, RULE_CTL_CR3_TARGETS,
				  F(VMCS_CR3_TARGET_COUNT),
				  "IA32_VMX_MISC 0x%lx", k->misc);
	/* "use I/O bitmaps", "use MSR bitmaps": 4 KiB aligned, in width. */
	if (c->proc & CPU_BASED_USE_IO_BITMAPS) {
		if (addr_check(c, VMCS_IO_BITMAP_A, 0xfff, RULE_CTL_IO_A_ALIGN,
			       RULE_CTL_IO_A_WIDTH) ||
		    addr_check(c, VMCS_IO_BITMAP_B, 0xfff, RULE_CTL_IO_B_ALIGN,
			       RULE_CTL_IO_B_WIDTH))
			return 1;
	}
	if ((c->proc & CPU_BASED_USE_MSR_BITMAPS) &&
	    addr_check(c, VMCS_MSR_BITMAP, 0xfff, RULE_CTL_MSR_BITMAP_ALIGN,
		       RULE_CTL_MSR_BITMAP_WIDTH))
		return 1;
	if (check_apic_controls(c) || check_ept_controls(c))
		return 1;
	/* "VMCS shadowing": the VMREAD and VMWRITE bitmaps are aligned. */
	if ((c->proc2 & SECONDARY_VMCS_SHADOWING) &&
	    (addr_check(c, VMCS_VMREAD_BITMAP, 0xfff,
			RULE_CTL_VMREAD_BITMAP_ALIGN,
			RULE_CTL_VMREAD_BITMAP_WIDTH) ||
	     addr_check(c, VMCS_VMWRITE_BITMAP, 0xfff,
			RULE_CTL_VMWRITE_BITMAP_ALIGN,
			RULE_CTL_VMWRITE_BITMAP_WIDTH)))
		return 1;
	/* "EPT-violation #VE": the #VE information address is aligned. */
	if ((c->proc2 & SECONDARY_EPT_VIOLATION_VE) &&
	    addr_check(c, VMCS_VE_INFORMATION_ADDRESS, 0xfff,
		       RULE_CTL_VE_INFO_ALIGN, RULE_CTL_VE_INFO_WIDTH))
		return 1;
	/* "use TSC scaling": the TSC multiplier is not zero. */
	if ((c->proc2 & SECONDARY_TSC_SCALING) &&
	    !chk_read(c, VMCS_TSC_MULTIPLIER))
		return FAIL(CTL_TSC_MULTIPLIER, VMCS_TSC_MULTIPLIER);
	return 0;
}

/* 26.2.1.2: the VM-exit control fields. */
static int check_exit(struct chk *c)
{
	if (ctl_word_check(c, c->exit, VMCS_VM_EXIT_CONTROLS, &c->caps->exit,
			   RULE_CTL_EXIT_RSVD))
		return 1;
	/* "save VMX-preemption timer value" needs the timer active. */
	if (!(c->pin & PIN_BASED_PREEMPTION_TIMER) &&
	    (c->exit & VM_EXIT_SAVE_PREEMPTION_TIMER))
		return FAIL(CTL_EXIT_SAVE_TIMER, VMCS_PIN_BASED_VM_EXEC_CONTROL,
			    VMCS_VM_EXIT_CONTROLS);
	return msr_area_check(c, VMCS_VM_EXIT_MSR_STORE_COUNT,
			      VMCS_VM_EXIT_MSR_STORE_ADDR,
			      RULE_CTL_EXIT_MSR_STORE_ALIGN,
			      RULE_CTL_EXIT_MSR_STORE_WIDTH,
			      RULE_CTL_EXIT_MSR_STORE_LAST) ||
	       msr_area_check(c, VMCS_VM_EXIT_MSR_LOAD_COUNT,
			      VMCS_VM_EXIT_MSR_LOAD_ADDR,
			      RULE_CTL_EXIT_MSR_LOAD_ALIGN,
			      RULE_CTL_EXIT_MSR_LOAD_WIDTH,
			      RULE_CTL_EXIT_MSR_LOAD_LAST);
}

/*
 * 26.2.1.3: the event-injection fields, when the interruption-information
 * field is valid: a defined type (7, "other event", only with monitor-trap-
 * flag support); vector 2 for an NMI, <= 31 for a hardware exception, 0 for
 * other events; "deliver error code" exactly when a protected-mode guest
 * (CR0.PE = 1, or no "unrestricted guest") gets a hardware exception that
 * pushes one - with IA32_VMX_BASIC[56] = 1 the vector no longer decides,
 * but the type and CR0.PE still do; error code bits 31:16 clear; bits 30:12
 * of the field clear; software interrupts and exceptions with an
 * instruction length of 1-15 (0 too when IA32_VMX_MISC[30] says so).
 */
static int check_event(struct chk *c)
{
	uint32_t info = c->intr_info, type, vec;
	int pe, any_vec, want, deliver;
	uint64_t len;

	if (!(info & INTR_INFO_VALID))
		return 0;
	type = INTR_INFO_TYPE(info);
	vec = INTR_INFO_VECTOR(info);
	if (type == INTR_TYPE_RESERVED ||
	    (type == INTR_TYPE_OTHER &&
	     !(c->caps->proc.allowed1 & CPU_BASED_MONITOR_TRAP_FLAG)))
		return FAIL(CTL_EVENT_TYPE, VMCS_VM_ENTRY_INTR_INFO_FIELD);
	if (type == INTR_TYPE_NMI && vec != 2)
		return FAIL(CTL_EVENT_NMI_VECTOR,
			    VMCS_VM_ENTRY_INTR_INFO_FIELD);
	if (type == INTR_TYPE_HW_EXC && vec > 31)
		return FAIL(CTL_EVENT_EXC_VECTOR,
			    VMCS_VM_ENTRY_INTR_INFO_FIELD);
	if (type == INTR_TYPE_OTHER && vec != 0)
		return FAIL(CTL_EVENT_OTHER_VECTOR,
			    VMCS_VM_ENTRY_INTR_INFO_FIELD);

	pe = !c->unrestricted || (c->guest_cr0 & CR0_PE);
	any_vec = !!(c->caps->basic & VMX_BASIC_NO_ERRCODE_CHECK);
	deliver = !!(info & INTR_INFO_DELIVER_CODE);
	want = type == INTR_TYPE_HW_EXC && pe &&
	       ((EXC_WITH_ERROR_CODE >> vec) & 1);
	if (!any_vec && want && !deliver)
		return FAIL(CTL_EVENT_ERRCODE_NEEDED,
			    VMCS_VM_ENTRY_INTR_INFO_FIELD, VMCS_GUEST_CR0);
	if (deliver && (type != INTR_TYPE_HW_EXC || !pe || (!any_vec && !want)))
		return FAIL(CTL_EVENT_ERRCODE_FORBIDDEN,
			    VMCS_VM_ENTRY_INTR_INFO_FIELD, VMCS_GUEST_CR0);
	if (deliver &&
	    (chk_read(c, VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE) & 0xffff0000u))
		return FAIL(CTL_EVENT_ERRCODE_RSVD,
			    VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE);
	if (info & INTR_INFO_RSVD)
		return FAIL(CTL_EVENT_RSVD, VMCS_VM_ENTRY_INTR_INFO_FIELD);
	if (type == INTR_TYPE_SW_INTR || type == INTR_TYPE_PRIV_SW_EXC ||
	    type == INTR_TYPE_SW_EXC) {
		len = chk_read(c, VMCS_VM_ENTRY_INSTRUCTION_LEN);
		if (len > 15 ||
		    (len == 0 && !(c->caps->misc & VMX_MISC_ZERO_LEN_INJECT)))
			return FAIL(CTL_EVENT_INSN_LEN,
				    VMCS_VM_ENTRY_INSTRUCTION_LEN,
				    VMCS_VM_ENTRY_INTR_INFO_FIELD);
	}
	return 0;
}

/* 26.2.1.3: the VM-entry control fields. */
static int check_entry(struct chk *c)
{
	if (ctl_word_check(c, c->entry, VMCS_VM_ENTRY_CONTROLS,
			   &c->caps->entry, RULE_CTL_ENTRY_RSVD))
		return 1;
	/* "entry to SMM" and "deactivate dual-monitor treatment" are never
	 * both 1, and are both 0 outside SMM - which is where we always are. */
	if ((c->entry & VM_ENTRY_SMM) &&
	    (c->entry & VM_ENTRY_DEACT_DUAL_MONITOR))
		return FAIL(CTL_ENTRY_SMM_BOTH, VMCS_VM_ENTRY_CONTROLS);
	if (c->entry & (VM_ENTRY_SMM | VM_ENTRY_DEACT_DUAL_MONITOR))
		return FAIL(CTL_ENTRY_SMM, VMCS_VM_ENTRY_CONTROLS);
	if (check_event(c))
		return 1;
	return msr_area_check(c, VMCS_VM_ENTRY_MSR_LOAD_COUNT,
			      VMCS_VM_ENTRY_MSR_LOAD_ADDR,
			      RULE_CTL_ENTRY_MSR_LOAD_ALIGN,
			      RULE_CTL_ENTRY_MSR_LOAD_WIDTH,
			      RULE_CTL_ENTRY_MSR_LOAD_LAST);
}

int check_controls(struct chk *c)
{
	return check_exec(c) || check_exit(c) || check_entry(c);
}
