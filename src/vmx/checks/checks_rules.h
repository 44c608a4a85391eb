/*
 * checks_rules.h - every VM-entry check rule, listed once.
 *
 * CHECK_RULES() is the one list of the rules of SDM vol. 3, 26.1 (basic
 * VMLAUNCH/VMRESUME checks), 26.2 (controls and host state), 26.3 (guest
 * state) and 26.4 (the VM-entry MSR-load area) that checks_*.c enforce.
 * The enum of rule numbers, the table behind check_rule_info() and the
 * verdict a broken rule gives are views of it; the self-test's targeted
 * corpus and the coverage table (docs/vmcs-checks.md) name rules by the
 * short id in the second column.
 *
 * X(NAME, class, id, SDM section, text). The class says what VM entry
 * does when the rule is broken (SDM vol. 3, 26.1, 26.2, 26.7, 26.8):
 *   L4/L5  VMfailValid, VM-instruction error 4 / 5 (launch state)
 *   CTL    VMfailValid, error 7 (invalid control field)
 *   HOST   VMfailValid, error 8 (invalid host-state field)
 *   GUEST  VM exit, reason 33, qualification 0 (invalid guest state)
 *   PDPTE  VM exit, reason 33, qualification 2 (PDPTE loading)
 *   LINK   VM exit, reason 33, qualification 4 (VMCS link pointer)
 *   MSR    VM exit, reason 34, qualification = the failing entry (1-based)
 */
#ifndef VMX_CHECKS_RULES_H
#define VMX_CHECKS_RULES_H

/* One segment register's rules in 26.3.1.2 that have the same shape for
 * CS, SS, DS, ES, FS and GS (the access-rights bits S, P, reserved, G and
 * the virtual-8086 values). */
#define CHECK_SEG_RULES(X, S, s)					\
	X(GUEST_##S##_V86_BASE, GUEST, "guest." s ".v86.base", "26.3.1.2", \
	  "virtual-8086: base must be selector << 4")			\
	X(GUEST_##S##_V86_LIMIT, GUEST, "guest." s ".v86.limit", "26.3.1.2", \
	  "virtual-8086: limit must be 0xffff")				\
	X(GUEST_##S##_V86_AR, GUEST, "guest." s ".v86.ar", "26.3.1.2",	\
	  "virtual-8086: access rights must be 0xf3")			\
	X(GUEST_##S##_AR_S, GUEST, "guest." s ".ar.s", "26.3.1.2",	\
	  "CS or usable segment: S must be 1")				\
	X(GUEST_##S##_AR_P, GUEST, "guest." s ".ar.p", "26.3.1.2",	\
	  "CS or usable segment: P must be 1")				\
	X(GUEST_##S##_AR_RSVD8, GUEST, "guest." s ".ar.rsvd_11_8", "26.3.1.2", \
	  "CS or usable segment: access rights 11:8 must be 0")		\
	X(GUEST_##S##_AR_G, GUEST, "guest." s ".ar.g", "26.3.1.2",	\
	  "CS or usable segment: G must match the limit")		\
	X(GUEST_##S##_AR_RSVD17, GUEST, "guest." s ".ar.rsvd_31_17",	\
	  "26.3.1.2", "CS or usable segment: access rights 31:17 must be 0")

/* Rules of a data segment register (DS, ES, FS, GS) beyond the common ones. */
#define CHECK_DATA_SEG_RULES(X, S, s)					\
	X(GUEST_##S##_AR_ACCESSED, GUEST, "guest." s ".ar.type.accessed", \
	  "26.3.1.2", "usable data segment register: type must be accessed") \
	X(GUEST_##S##_AR_READABLE, GUEST, "guest." s ".ar.type.readable", \
	  "26.3.1.2", "usable, code segment: must be readable")		\
	X(GUEST_##S##_AR_DPL, GUEST, "guest." s ".ar.dpl", "26.3.1.2",	\
	  "usable, type 0-11, no unrestricted guest: DPL >= RPL")

/* The system segment registers' access-rights rules (TR, LDTR). */
#define CHECK_SYS_SEG_RULES(X, S, s, type)				\
	X(GUEST_##S##_AR_TYPE, GUEST, "guest." s ".ar.type", "26.3.1.2", \
	  type)								\
	X(GUEST_##S##_AR_S, GUEST, "guest." s ".ar.s", "26.3.1.2",	\
	  "TR, usable LDTR: S must be 0")				\
	X(GUEST_##S##_AR_P, GUEST, "guest." s ".ar.p", "26.3.1.2",	\
	  "TR, usable LDTR: P must be 1")				\
	X(GUEST_##S##_AR_RSVD8, GUEST, "guest." s ".ar.rsvd_11_8", "26.3.1.2", \
	  "TR, usable LDTR: access rights 11:8 must be 0")		\
	X(GUEST_##S##_AR_G, GUEST, "guest." s ".ar.g", "26.3.1.2",	\
	  "TR, usable LDTR: G must match the limit")			\
	X(GUEST_##S##_AR_RSVD17, GUEST, "guest." s ".ar.rsvd_31_17",	\
	  "26.3.1.2", "TR, usable LDTR: access rights 31:17 must be 0")

#define CHECK_RULES(X)							\
	/* 26.1: basic checks of VMLAUNCH and VMRESUME */		\
	X(BASIC_LAUNCH_CLEAR, L4, "basic.vmlaunch.clear", "26.1",	\
	  "VMLAUNCH needs a VMCS whose launch state is clear")		\
	X(BASIC_RESUME_LAUNCHED, L5, "basic.vmresume.launched", "26.1",	\
	  "VMRESUME needs a VMCS whose launch state is launched")	\
	/* 26.2.1.1: VM-execution control fields */			\
	X(CTL_PIN_RSVD, CTL, "ctl.pin.reserved", "26.2.1.1",		\
	  "pin-based controls outside the capability MSR")		\
	X(CTL_PROC_RSVD, CTL, "ctl.proc.reserved", "26.2.1.1",		\
	  "primary processor-based controls outside the capability MSR") \
	X(CTL_PROC2_RSVD, CTL, "ctl.proc2.reserved", "26.2.1.1",	\
	  "secondary controls outside IA32_VMX_PROCBASED_CTLS2")	\
	X(CTL_CR3_TARGETS, CTL, "ctl.cr3_target_count", "26.2.1.1",	\
	  "CR3-target count above IA32_VMX_MISC[24:16]")		\
	X(CTL_IO_A_ALIGN, CTL, "ctl.io_bitmap_a.align", "26.2.1.1",	\
	  "use I/O bitmaps: bitmap A address bits 11:0 must be 0")	\
	X(CTL_IO_A_WIDTH, CTL, "ctl.io_bitmap_a.width", "26.2.1.1",	\
	  "use I/O bitmaps: bitmap A beyond the physical-address width") \
	X(CTL_IO_B_ALIGN, CTL, "ctl.io_bitmap_b.align", "26.2.1.1",	\
	  "use I/O bitmaps: bitmap B address bits 11:0 must be 0")	\
	X(CTL_IO_B_WIDTH, CTL, "ctl.io_bitmap_b.width", "26.2.1.1",	\
	  "use I/O bitmaps: bitmap B beyond the physical-address width") \
	X(CTL_MSR_BITMAP_ALIGN, CTL, "ctl.msr_bitmap.align", "26.2.1.1", \
	  "use MSR bitmaps: address bits 11:0 must be 0")		\
	X(CTL_MSR_BITMAP_WIDTH, CTL, "ctl.msr_bitmap.width", "26.2.1.1", \
	  "use MSR bitmaps: address beyond the physical-address width")	\
	X(CTL_VAPIC_ALIGN, CTL, "ctl.virtual_apic.align", "26.2.1.1",	\
	  "use TPR shadow: virtual-APIC address bits 11:0 must be 0")	\
	X(CTL_VAPIC_WIDTH, CTL, "ctl.virtual_apic.width", "26.2.1.1",	\
	  "use TPR shadow: virtual-APIC address beyond the width")	\
	X(CTL_TPR_THRESHOLD_RSVD, CTL, "ctl.tpr_threshold.reserved",	\
	  "26.2.1.1", "TPR shadow, no virtual-interrupt delivery: "	\
	  "TPR threshold bits 31:4 must be 0")				\
	X(CTL_TPR_THRESHOLD_VTPR, CTL, "ctl.tpr_threshold.vtpr", "26.2.1.1", \
	  "TPR shadow only: TPR threshold[3:0] must not exceed VTPR[7:4]") \
	X(CTL_VIRTUAL_NMIS, CTL, "ctl.virtual_nmis", "26.2.1.1",	\
	  "virtual NMIs needs NMI exiting")				\
	X(CTL_NMI_WINDOW, CTL, "ctl.nmi_window", "26.2.1.1",		\
	  "NMI-window exiting needs virtual NMIs")			\
	X(CTL_APIC_ACCESS_ALIGN, CTL, "ctl.apic_access.align", "26.2.1.1", \
	  "virtualize APIC accesses: APIC-access address bits 11:0 must be 0") \
	X(CTL_APIC_ACCESS_WIDTH, CTL, "ctl.apic_access.width", "26.2.1.1", \
	  "virtualize APIC accesses: address beyond the width")		\
	X(CTL_X2APIC_APIC_ACCESS, CTL, "ctl.x2apic.apic_accesses", "26.2.1.1", \
	  "virtualize x2APIC mode excludes virtualize APIC accesses")	\
	X(CTL_APICV_TPR_SHADOW, CTL, "ctl.apicv.tpr_shadow", "26.2.1.1", \
	  "x2APIC mode, APIC-register virt. and VID need use TPR shadow") \
	X(CTL_VID_EXT_INTR, CTL, "ctl.vid.ext_intr", "26.2.1.1",	\
	  "virtual-interrupt delivery needs external-interrupt exiting") \
	X(CTL_POSTED_VID, CTL, "ctl.posted.vid", "26.2.1.1",		\
	  "process posted interrupts needs virtual-interrupt delivery")	\
	X(CTL_POSTED_ACK, CTL, "ctl.posted.ack", "26.2.1.1",		\
	  "process posted interrupts needs acknowledge interrupt on exit") \
	X(CTL_POSTED_VECTOR, CTL, "ctl.posted.vector", "26.2.1.1",	\
	  "posted-interrupt notification vector bits 15:8 must be 0")	\
	X(CTL_POSTED_DESC_ALIGN, CTL, "ctl.posted.desc.align", "26.2.1.1", \
	  "posted-interrupt descriptor address bits 5:0 must be 0")	\
	X(CTL_POSTED_DESC_WIDTH, CTL, "ctl.posted.desc.width", "26.2.1.1", \
	  "posted-interrupt descriptor beyond the physical-address width") \
	X(CTL_VPID_ZERO, CTL, "ctl.vpid.zero", "26.2.1.1",		\
	  "enable VPID: VPID must not be 0")				\
	X(CTL_EPTP_MEMTYPE, CTL, "ctl.eptp.memtype", "26.2.1.1",	\
	  "EPTP memory type not supported by IA32_VMX_EPT_VPID_CAP")	\
	X(CTL_EPTP_WALK, CTL, "ctl.eptp.walk_length", "26.2.1.1",	\
	  "EPTP page-walk length not supported")			\
	X(CTL_EPTP_AD, CTL, "ctl.eptp.ad", "26.2.1.1",			\
	  "EPTP A/D enable without A/D support in EPT_VPID_CAP[21]")	\
	X(CTL_EPTP_RSVD, CTL, "ctl.eptp.reserved", "26.2.1.1",		\
	  "EPTP reserved bits 11:7 must be 0 (bit 7 allowed with CET)")	\
	X(CTL_EPTP_WIDTH, CTL, "ctl.eptp.width", "26.2.1.1",		\
	  "EPTP beyond the physical-address width")			\
	X(CTL_UNRESTRICTED_EPT, CTL, "ctl.unrestricted.ept", "26.2.1.1", \
	  "unrestricted guest needs enable EPT")			\
	X(CTL_PML_EPT, CTL, "ctl.pml.ept", "26.2.1.1",			\
	  "enable PML needs enable EPT")				\
	X(CTL_PML_ALIGN, CTL, "ctl.pml.align", "26.2.1.1",		\
	  "enable PML: PML address bits 11:0 must be 0")		\
	X(CTL_PML_WIDTH, CTL, "ctl.pml.width", "26.2.1.1",		\
	  "enable PML: PML address beyond the physical-address width")	\
	X(CTL_VMFUNC_RSVD, CTL, "ctl.vmfunc.reserved", "26.2.1.1",	\
	  "VM-function controls outside IA32_VMX_VMFUNC")		\
	X(CTL_EPTP_SWITCH_EPT, CTL, "ctl.vmfunc.eptp_switching.ept",	\
	  "26.2.1.1", "EPTP switching needs enable EPT")		\
	X(CTL_EPTP_LIST_ALIGN, CTL, "ctl.vmfunc.eptp_list.align", "26.2.1.1", \
	  "EPTP switching: EPTP-list address bits 11:0 must be 0")	\
	X(CTL_EPTP_LIST_WIDTH, CTL, "ctl.vmfunc.eptp_list.width", "26.2.1.1", \
	  "EPTP switching: EPTP-list address beyond the width")		\
	X(CTL_VMREAD_BITMAP_ALIGN, CTL, "ctl.shadowing.vmread_bitmap.align", \
	  "26.2.1.1", "VMCS shadowing: VMREAD-bitmap bits 11:0 must be 0") \
	X(CTL_VMREAD_BITMAP_WIDTH, CTL, "ctl.shadowing.vmread_bitmap.width", \
	  "26.2.1.1", "VMCS shadowing: VMREAD bitmap beyond the width")	\
	X(CTL_VMWRITE_BITMAP_ALIGN, CTL, "ctl.shadowing.vmwrite_bitmap.align", \
	  "26.2.1.1", "VMCS shadowing: VMWRITE-bitmap bits 11:0 must be 0") \
	X(CTL_VMWRITE_BITMAP_WIDTH, CTL, "ctl.shadowing.vmwrite_bitmap.width", \
	  "26.2.1.1", "VMCS shadowing: VMWRITE bitmap beyond the width") \
	X(CTL_VE_INFO_ALIGN, CTL, "ctl.ept_violation_ve.align", "26.2.1.1", \
	  "EPT-violation #VE: #VE information bits 11:0 must be 0")	\
	X(CTL_VE_INFO_WIDTH, CTL, "ctl.ept_violation_ve.width", "26.2.1.1", \
	  "EPT-violation #VE: #VE information beyond the width")	\
	X(CTL_SPP_EPT, CTL, "ctl.spp.ept", "26.2.1.1",			\
	  "sub-page write permissions needs enable EPT")		\
	X(CTL_SPPTP_ALIGN, CTL, "ctl.spp.spptp.align", "26.2.1.1",	\
	  "sub-page write permissions: SPPTP bits 11:0 must be 0")	\
	X(CTL_SPPTP_WIDTH, CTL, "ctl.spp.spptp.width", "26.2.1.1",	\
	  "sub-page write permissions: SPPTP beyond the width")		\
	X(CTL_MBEC_EPT, CTL, "ctl.mode_based_ept_exec.ept", "26.2.1.1",	\
	  "mode-based execute control for EPT needs enable EPT")	\
	X(CTL_TSC_MULTIPLIER, CTL, "ctl.tsc_multiplier.zero", "26.2.1.1", \
	  "use TSC scaling: TSC multiplier must not be 0")		\
	/* 26.2.1.2: VM-exit control fields */				\
	X(CTL_EXIT_RSVD, CTL, "ctl.exit.reserved", "26.2.1.2",		\
	  "VM-exit controls outside the capability MSR")		\
	X(CTL_EXIT_SAVE_TIMER, CTL, "ctl.exit.save_preemption_timer",	\
	  "26.2.1.2", "save preemption timer needs activate preemption timer") \
	X(CTL_EXIT_MSR_STORE_ALIGN, CTL, "ctl.exit.msr_store.align",	\
	  "26.2.1.2", "VM-exit MSR-store address bits 3:0 must be 0")	\
	X(CTL_EXIT_MSR_STORE_WIDTH, CTL, "ctl.exit.msr_store.width",	\
	  "26.2.1.2", "VM-exit MSR-store address beyond the width")	\
	X(CTL_EXIT_MSR_STORE_LAST, CTL, "ctl.exit.msr_store.last",	\
	  "26.2.1.2", "VM-exit MSR-store area ends beyond the width")	\
	X(CTL_EXIT_MSR_LOAD_ALIGN, CTL, "ctl.exit.msr_load.align",	\
	  "26.2.1.2", "VM-exit MSR-load address bits 3:0 must be 0")	\
	X(CTL_EXIT_MSR_LOAD_WIDTH, CTL, "ctl.exit.msr_load.width",	\
	  "26.2.1.2", "VM-exit MSR-load address beyond the width")	\
	X(CTL_EXIT_MSR_LOAD_LAST, CTL, "ctl.exit.msr_load.last",	\
	  "26.2.1.2", "VM-exit MSR-load area ends beyond the width")	\
	/* 26.2.1.3: VM-entry control fields */				\
	X(CTL_ENTRY_RSVD, CTL, "ctl.entry.reserved", "26.2.1.3",	\
	  "VM-entry controls outside the capability MSR")		\
	X(CTL_EVENT_TYPE, CTL, "ctl.event.type", "26.2.1.3",		\
	  "injected event type reserved (1, or 7 without MTF)")		\
	X(CTL_EVENT_NMI_VECTOR, CTL, "ctl.event.nmi_vector", "26.2.1.3", \
	  "injected NMI must have vector 2")				\
	X(CTL_EVENT_EXC_VECTOR, CTL, "ctl.event.exception_vector",	\
	  "26.2.1.3", "injected hardware exception vector must be <= 31") \
	X(CTL_EVENT_OTHER_VECTOR, CTL, "ctl.event.other_vector", "26.2.1.3", \
	  "injected other event (MTF) must have vector 0")		\
	X(CTL_EVENT_ERRCODE_NEEDED, CTL, "ctl.event.deliver_error_code.set", \
	  "26.2.1.3", "this protected-mode exception must have an error code") \
	X(CTL_EVENT_ERRCODE_FORBIDDEN, CTL,				\
	  "ctl.event.deliver_error_code.clear", "26.2.1.3",		\
	  "no error code for this type, vector or real-mode guest")	\
	X(CTL_EVENT_ERRCODE_RSVD, CTL, "ctl.event.error_code.reserved",	\
	  "26.2.1.3", "delivered error code bits 31:16 must be 0")	\
	X(CTL_EVENT_RSVD, CTL, "ctl.event.reserved", "26.2.1.3",	\
	  "interruption-information bits 30:12 must be 0")		\
	X(CTL_EVENT_INSN_LEN, CTL, "ctl.event.instruction_length",	\
	  "26.2.1.3", "software event: instruction length must be 1..15") \
	X(CTL_ENTRY_MSR_LOAD_ALIGN, CTL, "ctl.entry.msr_load.align",	\
	  "26.2.1.3", "VM-entry MSR-load address bits 3:0 must be 0")	\
	X(CTL_ENTRY_MSR_LOAD_WIDTH, CTL, "ctl.entry.msr_load.width",	\
	  "26.2.1.3", "VM-entry MSR-load address beyond the width")	\
	X(CTL_ENTRY_MSR_LOAD_LAST, CTL, "ctl.entry.msr_load.last",	\
	  "26.2.1.3", "VM-entry MSR-load area ends beyond the width")	\
	X(CTL_ENTRY_SMM, CTL, "ctl.entry.smm", "26.2.1.3",		\
	  "outside SMM: entry to SMM and deactivate dual-monitor must be 0") \
	X(CTL_ENTRY_SMM_BOTH, CTL, "ctl.entry.smm_both", "26.2.1.3",	\
	  "entry to SMM and deactivate dual-monitor cannot both be 1")	\
	/* 26.2.2: host control registers, MSRs and SSP */		\
	X(HOST_CR0_FIXED, HOST, "host.cr0.fixed", "26.2.2",		\
	  "host CR0 against IA32_VMX_CR0_FIXED0/FIXED1")		\
	X(HOST_CR4_FIXED, HOST, "host.cr4.fixed", "26.2.2",		\
	  "host CR4 against IA32_VMX_CR4_FIXED0/FIXED1")		\
	X(HOST_CR3_WIDTH, HOST, "host.cr3.width", "26.2.2",		\
	  "host CR3 beyond the physical-address width")			\
	X(HOST_CR4_CET_WP, HOST, "host.cr4.cet_wp", "26.2.2",		\
	  "host CR4.CET = 1 needs CR0.WP = 1")				\
	X(HOST_SYSENTER_ESP, HOST, "host.sysenter_esp.canonical", "26.2.2", \
	  "host IA32_SYSENTER_ESP must be canonical")			\
	X(HOST_SYSENTER_EIP, HOST, "host.sysenter_eip.canonical", "26.2.2", \
	  "host IA32_SYSENTER_EIP must be canonical")			\
	X(HOST_S_CET_CANON, HOST, "host.s_cet.canonical", "26.2.2",	\
	  "load CET state: host IA32_S_CET must be canonical")		\
	X(HOST_S_CET_RSVD, HOST, "host.s_cet.reserved", "26.2.2",	\
	  "load CET state: host IA32_S_CET bits 9:6 set or 10+11")	\
	X(HOST_SSP_ALIGN, HOST, "host.ssp.align", "26.2.2",		\
	  "load CET state: host SSP bits 1:0 must be 0")		\
	X(HOST_SSP_CANON, HOST, "host.ssp.canonical", "26.2.2",		\
	  "load CET state: host SSP must be canonical")			\
	X(HOST_SSP_TABLE_CANON, HOST, "host.ssp_table.canonical", "26.2.2", \
	  "load CET state: host SSP-table address must be canonical")	\
	X(HOST_PAT, HOST, "host.pat", "26.2.2",				\
	  "load IA32_PAT: every host PAT entry must be 0,1,4,5,6 or 7")	\
	X(HOST_EFER_RSVD, HOST, "host.efer.reserved", "26.2.2",		\
	  "load IA32_EFER: host EFER reserved bits must be 0")		\
	X(HOST_EFER_LMA, HOST, "host.efer.lma", "26.2.2",		\
	  "load IA32_EFER: host EFER.LMA must equal host address-space size") \
	X(HOST_EFER_LME, HOST, "host.efer.lme", "26.2.2",		\
	  "load IA32_EFER: host EFER.LME must equal host address-space size") \
	X(HOST_PKRS, HOST, "host.pkrs", "26.2.2",			\
	  "load PKRS: host IA32_PKRS bits 63:32 must be 0")		\
	/* 26.2.3: host segment and descriptor-table registers */	\
	X(HOST_ES_SEL, HOST, "host.es.sel.rpl_ti", "26.2.3",		\
	  "host ES selector RPL and TI must be 0")			\
	X(HOST_CS_SEL, HOST, "host.cs.sel.rpl_ti", "26.2.3",		\
	  "host CS selector RPL and TI must be 0")			\
	X(HOST_SS_SEL, HOST, "host.ss.sel.rpl_ti", "26.2.3",		\
	  "host SS selector RPL and TI must be 0")			\
	X(HOST_DS_SEL, HOST, "host.ds.sel.rpl_ti", "26.2.3",		\
	  "host DS selector RPL and TI must be 0")			\
	X(HOST_FS_SEL, HOST, "host.fs.sel.rpl_ti", "26.2.3",		\
	  "host FS selector RPL and TI must be 0")			\
	X(HOST_GS_SEL, HOST, "host.gs.sel.rpl_ti", "26.2.3",		\
	  "host GS selector RPL and TI must be 0")			\
	X(HOST_TR_SEL, HOST, "host.tr.sel.rpl_ti", "26.2.3",		\
	  "host TR selector RPL and TI must be 0")			\
	X(HOST_CS_NULL, HOST, "host.cs.sel.null", "26.2.3",		\
	  "host CS selector must not be 0")				\
	X(HOST_TR_NULL, HOST, "host.tr.sel.null", "26.2.3",		\
	  "host TR selector must not be 0")				\
	X(HOST_SS_NULL, HOST, "host.ss.sel.null", "26.2.3",		\
	  "host SS selector 0 needs host address-space size 1")		\
	X(HOST_FS_BASE, HOST, "host.fs.base.canonical", "26.2.3",	\
	  "host FS base must be canonical")				\
	X(HOST_GS_BASE, HOST, "host.gs.base.canonical", "26.2.3",	\
	  "host GS base must be canonical")				\
	X(HOST_GDTR_BASE, HOST, "host.gdtr.base.canonical", "26.2.3",	\
	  "host GDTR base must be canonical")				\
	X(HOST_IDTR_BASE, HOST, "host.idtr.base.canonical", "26.2.3",	\
	  "host IDTR base must be canonical")				\
	X(HOST_TR_BASE, HOST, "host.tr.base.canonical", "26.2.3",	\
	  "host TR base must be canonical")				\
	/* 26.2.4: address-space size */				\
	X(HOST_ADDR_SPACE, HOST, "host.address_space_size", "26.2.4",	\
	  "host address-space size must equal IA32_EFER.LMA at VM entry") \
	X(HOST_IA32E_GUEST, HOST, "host.ia32e_guest", "26.2.4",		\
	  "outside IA-32e mode the guest cannot be IA-32e")		\
	X(HOST_CR4_PAE, HOST, "host.cr4.pae", "26.2.4",			\
	  "64-bit host: host CR4.PAE must be 1")			\
	X(HOST_RIP_CANON, HOST, "host.rip.canonical", "26.2.4",		\
	  "64-bit host: host RIP must be canonical")			\
	X(HOST_CR4_PCIDE, HOST, "host.cr4.pcide", "26.2.4",		\
	  "32-bit host: host CR4.PCIDE must be 0")			\
	X(HOST_RIP_HIGH, HOST, "host.rip.high", "26.2.4",		\
	  "32-bit host: host RIP bits 63:32 must be 0")			\
	/* 26.3.1.1: guest control registers, debug registers, MSRs */	\
	X(GUEST_CR0_FIXED, GUEST, "guest.cr0.fixed", "26.3.1.1",	\
	  "guest CR0 against FIXED0/FIXED1 (PE, PG free if unrestricted)") \
	X(GUEST_CR0_PG_PE, GUEST, "guest.cr0.pg_pe", "26.3.1.1",	\
	  "guest CR0.PG = 1 needs CR0.PE = 1")				\
	X(GUEST_CR4_FIXED, GUEST, "guest.cr4.fixed", "26.3.1.1",	\
	  "guest CR4 against IA32_VMX_CR4_FIXED0/FIXED1")		\
	X(GUEST_CR4_CET_WP, GUEST, "guest.cr4.cet_wp", "26.3.1.1",	\
	  "guest CR4.CET = 1 needs CR0.WP = 1")				\
	X(GUEST_DEBUGCTL, GUEST, "guest.debugctl.reserved", "26.3.1.1",	\
	  "load debug controls: IA32_DEBUGCTL reserved bits must be 0")	\
	X(GUEST_IA32E_PG, GUEST, "guest.ia32e.pg", "26.3.1.1",		\
	  "IA-32e mode guest needs CR0.PG = 1")				\
	X(GUEST_IA32E_PAE, GUEST, "guest.ia32e.pae", "26.3.1.1",	\
	  "IA-32e mode guest needs CR4.PAE = 1")			\
	X(GUEST_CR4_PCIDE, GUEST, "guest.cr4.pcide", "26.3.1.1",	\
	  "guest not IA-32e: CR4.PCIDE must be 0")			\
	X(GUEST_CR3_WIDTH, GUEST, "guest.cr3.width", "26.3.1.1",	\
	  "guest CR3 beyond the physical-address width")		\
	X(GUEST_DR7_HIGH, GUEST, "guest.dr7.high", "26.3.1.1",		\
	  "load debug controls: DR7 bits 63:32 must be 0")		\
	X(GUEST_SYSENTER_ESP, GUEST, "guest.sysenter_esp.canonical",	\
	  "26.3.1.1", "guest IA32_SYSENTER_ESP must be canonical")	\
	X(GUEST_SYSENTER_EIP, GUEST, "guest.sysenter_eip.canonical",	\
	  "26.3.1.1", "guest IA32_SYSENTER_EIP must be canonical")	\
	X(GUEST_PAT, GUEST, "guest.pat", "26.3.1.1",			\
	  "load IA32_PAT: every guest PAT entry must be 0,1,4,5,6 or 7") \
	X(GUEST_EFER_RSVD, GUEST, "guest.efer.reserved", "26.3.1.1",	\
	  "load IA32_EFER: guest EFER reserved bits must be 0")		\
	X(GUEST_EFER_LMA, GUEST, "guest.efer.lma", "26.3.1.1",		\
	  "load IA32_EFER: EFER.LMA must equal IA-32e mode guest")	\
	X(GUEST_EFER_LME, GUEST, "guest.efer.lme", "26.3.1.1",		\
	  "load IA32_EFER with CR0.PG = 1: EFER.LME must equal EFER.LMA") \
	X(GUEST_BNDCFGS, GUEST, "guest.bndcfgs", "26.3.1.1",		\
	  "load BNDCFGS: bits 11:2 must be 0, bits 63:12 canonical")	\
	X(GUEST_S_CET_CANON, GUEST, "guest.s_cet.canonical", "26.3.1.1", \
	  "load CET state: guest IA32_S_CET must be canonical")		\
	X(GUEST_S_CET_RSVD, GUEST, "guest.s_cet.reserved", "26.3.1.1",	\
	  "load CET state: guest IA32_S_CET bits 9:6 set or 10+11")	\
	X(GUEST_SSP_ALIGN, GUEST, "guest.ssp.align", "26.3.1.1",	\
	  "load CET state: guest SSP bits 1:0 must be 0")		\
	X(GUEST_SSP_CANON, GUEST, "guest.ssp.canonical", "26.3.1.1",	\
	  "load CET state: guest SSP canonical (63:32 = 0 if not IA-32e)") \
	X(GUEST_SSP_TABLE_CANON, GUEST, "guest.ssp_table.canonical",	\
	  "26.3.1.1", "load CET state: guest SSP-table address canonical") \
	X(GUEST_PKRS, GUEST, "guest.pkrs", "26.3.1.1",			\
	  "load PKRS: guest IA32_PKRS bits 63:32 must be 0")		\
	/* 26.3.1.2: guest segment registers */				\
	X(GUEST_TR_SEL_TI, GUEST, "guest.tr.sel.ti", "26.3.1.2",	\
	  "TR selector TI must be 0")					\
	X(GUEST_LDTR_SEL_TI, GUEST, "guest.ldtr.sel.ti", "26.3.1.2",	\
	  "usable LDTR: selector TI must be 0")				\
	X(GUEST_SS_SEL_RPL, GUEST, "guest.ss.sel.rpl", "26.3.1.2",	\
	  "not virtual-8086, no unrestricted guest: SS.RPL must equal CS.RPL") \
	X(GUEST_TR_BASE, GUEST, "guest.tr.base.canonical", "26.3.1.2",	\
	  "TR base must be canonical")					\
	X(GUEST_FS_BASE, GUEST, "guest.fs.base.canonical", "26.3.1.2",	\
	  "FS base must be canonical")					\
	X(GUEST_GS_BASE, GUEST, "guest.gs.base.canonical", "26.3.1.2",	\
	  "GS base must be canonical")					\
	X(GUEST_LDTR_BASE, GUEST, "guest.ldtr.base.canonical", "26.3.1.2", \
	  "usable LDTR: base must be canonical")			\
	X(GUEST_CS_BASE, GUEST, "guest.cs.base.high", "26.3.1.2",	\
	  "CS base bits 63:32 must be 0")				\
	X(GUEST_SS_BASE, GUEST, "guest.ss.base.high", "26.3.1.2",	\
	  "usable SS: base bits 63:32 must be 0")			\
	X(GUEST_DS_BASE, GUEST, "guest.ds.base.high", "26.3.1.2",	\
	  "usable DS: base bits 63:32 must be 0")			\
	X(GUEST_ES_BASE, GUEST, "guest.es.base.high", "26.3.1.2",	\
	  "usable ES: base bits 63:32 must be 0")			\
	CHECK_SEG_RULES(X, CS, "cs")					\
	CHECK_SEG_RULES(X, SS, "ss")					\
	CHECK_SEG_RULES(X, DS, "ds")					\
	CHECK_SEG_RULES(X, ES, "es")					\
	CHECK_SEG_RULES(X, FS, "fs")					\
	CHECK_SEG_RULES(X, GS, "gs")					\
	X(GUEST_CS_AR_TYPE, GUEST, "guest.cs.ar.type", "26.3.1.2",	\
	  "CS type must be 9, 11, 13, 15 (or 3 with unrestricted guest)") \
	X(GUEST_SS_AR_TYPE, GUEST, "guest.ss.ar.type", "26.3.1.2",	\
	  "usable SS: type must be 3 or 7")				\
	CHECK_DATA_SEG_RULES(X, DS, "ds")				\
	CHECK_DATA_SEG_RULES(X, ES, "es")				\
	CHECK_DATA_SEG_RULES(X, FS, "fs")				\
	CHECK_DATA_SEG_RULES(X, GS, "gs")				\
	X(GUEST_CS_DPL_DATA, GUEST, "guest.cs.ar.dpl.type3", "26.3.1.2", \
	  "CS type 3 (unrestricted guest): DPL must be 0")		\
	X(GUEST_CS_DPL_NONCONF, GUEST, "guest.cs.ar.dpl.nonconforming",	\
	  "26.3.1.2", "non-conforming CS: DPL must equal CS.RPL")	\
	X(GUEST_CS_DPL_CONF, GUEST, "guest.cs.ar.dpl.conforming",	\
	  "26.3.1.2", "conforming CS: DPL must not exceed CS.RPL")	\
	X(GUEST_SS_DPL_RPL, GUEST, "guest.ss.ar.dpl.rpl", "26.3.1.2",	\
	  "no unrestricted guest: SS.DPL must equal SS.RPL")		\
	X(GUEST_SS_DPL_ZERO, GUEST, "guest.ss.ar.dpl.zero", "26.3.1.2",	\
	  "CS type 3 or CR0.PE = 0: SS.DPL must be 0")			\
	X(GUEST_CS_DB_L, GUEST, "guest.cs.ar.db_l", "26.3.1.2",		\
	  "IA-32e mode guest with CS.L = 1: CS.D/B must be 0")		\
	CHECK_SYS_SEG_RULES(X, TR, "tr",				\
	  "TR type must be 11, or 3 outside IA-32e mode")		\
	X(GUEST_TR_AR_UNUSABLE, GUEST, "guest.tr.ar.unusable", "26.3.1.2", \
	  "TR must be usable")						\
	CHECK_SYS_SEG_RULES(X, LDTR, "ldtr",				\
	  "usable LDTR: type must be 2 (LDT)")				\
	/* 26.3.1.3: GDTR and IDTR */					\
	X(GUEST_GDTR_BASE, GUEST, "guest.gdtr.base.canonical", "26.3.1.3", \
	  "GDTR base must be canonical")				\
	X(GUEST_IDTR_BASE, GUEST, "guest.idtr.base.canonical", "26.3.1.3", \
	  "IDTR base must be canonical")				\
	X(GUEST_GDTR_LIMIT, GUEST, "guest.gdtr.limit", "26.3.1.3",	\
	  "GDTR limit bits 31:16 must be 0")				\
	X(GUEST_IDTR_LIMIT, GUEST, "guest.idtr.limit", "26.3.1.3",	\
	  "IDTR limit bits 31:16 must be 0")				\
	/* 26.3.1.4: RIP and RFLAGS */					\
	X(GUEST_RIP_HIGH, GUEST, "guest.rip.high", "26.3.1.4",		\
	  "not 64-bit code: RIP bits 63:32 must be 0")			\
	X(GUEST_RIP_CANON, GUEST, "guest.rip.canonical", "26.3.1.4",	\
	  "64-bit code (IA-32e guest, CS.L = 1): RIP bits 63:N identical, " \
	  "N the linear-address width")					\
	X(GUEST_RFLAGS_RSVD, GUEST, "guest.rflags.reserved", "26.3.1.4", \
	  "RFLAGS bits 63:22, 15, 5 and 3 must be 0")			\
	X(GUEST_RFLAGS_BIT1, GUEST, "guest.rflags.bit1", "26.3.1.4",	\
	  "RFLAGS bit 1 must be 1")					\
	X(GUEST_RFLAGS_VM, GUEST, "guest.rflags.vm", "26.3.1.4",	\
	  "RFLAGS.VM must be 0 for an IA-32e guest or with CR0.PE = 0")	\
	X(GUEST_RFLAGS_IF, GUEST, "guest.rflags.if", "26.3.1.4",	\
	  "injecting an external interrupt needs RFLAGS.IF = 1")	\
	/* 26.3.1.5: non-register state */				\
	X(GUEST_ACTIVITY, GUEST, "guest.activity.supported", "26.3.1.5", \
	  "activity state not supported by IA32_VMX_MISC[8:6]")		\
	X(GUEST_ACTIVITY_HLT_DPL, GUEST, "guest.activity.hlt_dpl",	\
	  "26.3.1.5", "HLT activity state needs SS.DPL = 0")		\
	X(GUEST_ACTIVITY_BLOCKING, GUEST, "guest.activity.blocking",	\
	  "26.3.1.5", "blocking by STI or MOV SS needs the active state") \
	X(GUEST_ACTIVITY_EVENT, GUEST, "guest.activity.event", "26.3.1.5", \
	  "injected event not allowed in this activity state")		\
	X(GUEST_INTR_RSVD, GUEST, "guest.interruptibility.reserved",	\
	  "26.3.1.5", "interruptibility bits 31:5 (4 without SGX) must be 0") \
	X(GUEST_INTR_STI_MOVSS, GUEST, "guest.interruptibility.sti_movss", \
	  "26.3.1.5", "blocking by STI and by MOV SS cannot both be 1")	\
	X(GUEST_INTR_STI_IF, GUEST, "guest.interruptibility.sti_if",	\
	  "26.3.1.5", "blocking by STI needs RFLAGS.IF = 1")		\
	X(GUEST_INTR_EXT_INT, GUEST, "guest.interruptibility.ext_intr",	\
	  "26.3.1.5",							\
	  "injecting an external interrupt: no STI or MOV-SS blocking")	\
	X(GUEST_INTR_NMI_MOVSS, GUEST, "guest.interruptibility.nmi_movss", \
	  "26.3.1.5", "injecting an NMI: no blocking by MOV SS")	\
	X(GUEST_INTR_SMI, GUEST, "guest.interruptibility.smi", "26.3.1.5", \
	  "blocking by SMI must be 0 outside SMM")			\
	X(GUEST_INTR_VNMI, GUEST, "guest.interruptibility.virtual_nmi",	\
	  "26.3.1.5", "virtual NMIs, injecting an NMI: no blocking by NMI") \
	X(GUEST_INTR_ENCLAVE, GUEST, "guest.interruptibility.enclave",	\
	  "26.3.1.5", "enclave interruption: no MOV SS blocking")	\
	X(GUEST_PENDING_DBG_RSVD, GUEST, "guest.pending_dbg.reserved",	\
	  "26.3.1.5",							\
	  "pending debug: bits 11:4, 13, 15, 63:17 (16 w/o RTM) set")	\
	X(GUEST_PENDING_DBG_BS, GUEST, "guest.pending_dbg.bs", "26.3.1.5", \
	  "STI/MOV SS blocking or HLT: BS must be RFLAGS.TF & !DEBUGCTL.BTF") \
	X(GUEST_PENDING_DBG_RTM, GUEST, "guest.pending_dbg.rtm", "26.3.1.5", \
	  "RTM pending: bits 11:0 and 14 must be 0, no MOV SS blocking") \
	X(GUEST_LINK_ALIGN, LINK, "guest.link.align", "26.3.1.5",	\
	  "VMCS link pointer bits 11:0 must be 0")			\
	X(GUEST_LINK_WIDTH, LINK, "guest.link.width", "26.3.1.5",	\
	  "VMCS link pointer beyond the physical-address width")	\
	X(GUEST_LINK_REVISION, LINK, "guest.link.revision", "26.3.1.5",	\
	  "linked VMCS: revision ID, bit 31 = VMCS shadowing")		\
	X(GUEST_LINK_CURRENT, LINK, "guest.link.current", "26.3.1.5",	\
	  "VMCS link pointer must not be the current-VMCS pointer")	\
	/* 26.3.1.6: PDPTEs (PAE paging outside IA-32e mode) */		\
	X(GUEST_PDPTE, PDPTE, "guest.pdpte.reserved", "26.3.1.6",	\
	  "PAE paging: a present PDPTE has reserved bits set")		\
	/* 26.4: the VM-entry MSR-load area */				\
	X(MSR_LOAD_RSVD, MSR, "msr_load.reserved", "26.4",		\
	  "MSR-load entry bits 63:32 must be 0")			\
	X(MSR_LOAD_FS_GS, MSR, "msr_load.fs_gs_base", "26.4",		\
	  "MSR-load entry may not name IA32_FS_BASE or IA32_GS_BASE")	\
	X(MSR_LOAD_X2APIC, MSR, "msr_load.x2apic", "26.4",		\
	  "MSR-load entry may not name an x2APIC MSR (800H-8FFH)")	\
	X(MSR_LOAD_SMM, MSR, "msr_load.smm_only", "26.4",		\
	  "MSR-load entry may not name IA32_SMM_MONITOR_CTL outside SMM") \
	X(MSR_LOAD_SMBASE, MSR, "msr_load.smbase", "26.4",		\
	  "MSR-load entry may not name IA32_SMBASE")

enum check_rule {
#define X(name, class, id, sdm, text) RULE_##name,
	CHECK_RULES(X)
#undef X
	RULE_COUNT
};

/* What breaking a rule makes VM entry do (the class column). */
enum check_class {
	CLASS_L4, CLASS_L5, CLASS_CTL, CLASS_HOST, CLASS_GUEST, CLASS_PDPTE,
	CLASS_LINK, CLASS_MSR,
};

struct check_rule_info {
	const char *id;
	const char *sdm;
	const char *text;
	unsigned char class;
};

extern const struct check_rule_info check_rules[RULE_COUNT];

/* The rule whose id is @id, or -1. */
int check_rule_by_id(const char *id);

#endif
