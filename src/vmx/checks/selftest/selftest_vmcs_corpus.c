/*
 * selftest_vmcs_corpus.c - what selftest=vmcs-checks runs: for every rule
 * of checks_rules.h at least one targeted mutation of the known-good VMCS
 * that breaks exactly that rule (and near misses that break none) - here
 * those of the controls and the host state, the guest's in
 * selftest_vmcs_corpus_guest.c -, the fields the random mutations draw
 * from, and the places where Bochs is known to depart from the SDM.
 *
 * The known-good VMCS is the hypervisor's: a 16-bit real-mode guest with
 * "unrestricted guest", EPT, VPID, I/O and MSR bitmaps, IA32_EFER and
 * IA32_PAT switched on entry and exit, the preemption timer at 0 (see
 * selftest_vmcs.c). A scenario first builds another valid guest state
 * (protected mode, PAE, 64-bit, virtual-8086...), then the ops break it.
 */
#include "selftest_vmcs_corpus.h"

#include <string.h>

#include "exit_reasons.h"
#include "msr.h"
#include "x86.h"

const struct mut_op scenario_ops[S_NR][SCENARIO_OPS] = {
	[S_PROT] = { OR(GUEST_CR0, CR0_PE) },
	[S_PROT_NOUG] = { CLR(PROC2, SECONDARY_UNRESTRICTED_GUEST),
			  OR(GUEST_CR0, CR0_PE | CR0_PG) },
	[S_PAE] = { OR(GUEST_CR0, CR0_PE | CR0_PG), OR(GUEST_CR4, CR4_PAE) },
	[S_PAE_NOEPT] = { CLR(PROC2, SECONDARY_UNRESTRICTED_GUEST |
				     SECONDARY_ENABLE_EPT),
			  OR(GUEST_CR0, CR0_PE | CR0_PG), OR(GUEST_CR4,
							     CR4_PAE),
			  PAGE(GUEST_CR3, PG_PDPT, 0) },
	[S_IA32E] = { OR(ENTRY, VM_ENTRY_IA32E_MODE),
		      SET(GUEST_IA32_EFER, EFER_LONG),
		      OR(GUEST_CR0, CR0_PE | CR0_PG), OR(GUEST_CR4, CR4_PAE),
		      SET(GUEST_TR_AR_BYTES, 0x8b),
		      SET(GUEST_CS_AR_BYTES, 0x209b) },
	[S_V86] = { OR(GUEST_CR0, CR0_PE), OR(GUEST_RFLAGS, RFLAGS_VM),
		    SET(GUEST_CS_AR_BYTES, AR_V86), SET(GUEST_SS_AR_BYTES,
							AR_V86),
		    SET(GUEST_DS_AR_BYTES, AR_V86), SET(GUEST_ES_AR_BYTES,
							AR_V86),
		    SET(GUEST_FS_AR_BYTES, AR_V86), SET(GUEST_GS_AR_BYTES,
							AR_V86) },
	[S_V86_REAL] = { OR(GUEST_RFLAGS, RFLAGS_VM),
			 SET(GUEST_CS_AR_BYTES, AR_V86),
			 SET(GUEST_SS_AR_BYTES, AR_V86),
			 SET(GUEST_DS_AR_BYTES, AR_V86),
			 SET(GUEST_ES_AR_BYTES, AR_V86),
			 SET(GUEST_FS_AR_BYTES, AR_V86),
			 SET(GUEST_GS_AR_BYTES, AR_V86) },
	[S_LDTR] = { SET(GUEST_LDTR_AR_BYTES, 0x82) },
	[S_TPR] = { OR(PROC, CPU_BASED_TPR_SHADOW),
		    PAGE(VIRTUAL_APIC_PAGE_ADDR, PG_VAPIC, 0),
		    CLR(PROC2, SECONDARY_VIRTUAL_INTR_DELIVERY |
			       SECONDARY_VIRTUALIZE_APIC_ACCESSES),
		    CLR(PIN, PIN_BASED_POSTED_INTR) },
	[S_POSTED] = { OR(PROC, CPU_BASED_TPR_SHADOW),
		       PAGE(VIRTUAL_APIC_PAGE_ADDR, PG_VAPIC, 0),
		       OR(PIN,
			  PIN_BASED_POSTED_INTR | PIN_BASED_EXT_INTR_EXITING),
		       OR(PROC2, SECONDARY_VIRTUAL_INTR_DELIVERY),
		       OR(EXIT, VM_EXIT_ACK_INTR_ON_EXIT),
		       SET(POSTED_INTR_NV, 0xf2),
		       PAGE(POSTED_INTR_DESC_ADDR, PG_ZERO, 0x40) },
	[S_VAA] = { OR(PROC2, SECONDARY_VIRTUALIZE_APIC_ACCESSES),
		    PAGE(APIC_ACCESS_ADDR, PG_APIC, 0) },
	[S_PML] = { OR(PROC2, SECONDARY_ENABLE_PML), PAGE(PML_ADDRESS, PG_ZERO,
							  0) },
	[S_VMFUNC] = { OR(PROC2, SECONDARY_ENABLE_VMFUNC),
		       SET(VM_FUNCTION_CONTROL, 1),
		       PAGE(EPTP_LIST_ADDRESS, PG_ZERO, 0) },
	[S_SHADOW] = { OR(PROC2, SECONDARY_VMCS_SHADOWING),
		       PAGE(VMREAD_BITMAP, PG_ZERO, 0),
		       PAGE(VMWRITE_BITMAP, PG_ZERO, 0) },
	[S_IF] = { OR(GUEST_RFLAGS, RFLAGS_IF) },
	[S_STI] = { OR(GUEST_RFLAGS, RFLAGS_IF), SET(INTR, INTR_BLOCK_STI) },
	[S_NMI] = { SET(INFO, EV(2, 2)) },
	[S_MSR_LOAD2] = { SET(VM_ENTRY_MSR_LOAD_COUNT, 2),
			  PAGE(VM_ENTRY_MSR_LOAD_ADDR, PG_MSR, 0) },
};

const struct mutation targeted_ctl_host[] = {
	/* 26.1 */
	TM(MODE_LAUNCH_LAUNCHED, "basic.vmlaunch.clear", "VMLAUNCH twice"),
	TM(MODE_RESUME_CLEAR, "basic.vmresume.launched", "VMRESUME first"),
	TM(MODE_RESUME_LAUNCHED, "pass", "VMLAUNCH, then VMRESUME"),
	/* 26.2.1.1 */
	T("ctl.pin.reserved", "a must-be-0 bit", BAD1(PIN, CTL_PIN)),
	T("ctl.pin.reserved", "a must-be-1 bit", BAD0(PIN, CTL_PIN)),
	T("ctl.proc.reserved", "a must-be-0 bit", BAD1(PROC, CTL_PROC)),
	T("ctl.proc.reserved", "a must-be-1 bit", BAD0(PROC, CTL_PROC)),
	T("ctl.proc2.reserved", "a must-be-0 bit", BAD1(PROC2, CTL_PROC2)),
	T("ctl.cr3_target_count", "5 targets", SET(CR3_TARGET_COUNT, 5)),
	T("pass", "4 CR3 targets", SET(CR3_TARGET_COUNT, 4)),
	T("ctl.io_bitmap_a.align", "bit 11", OR(IO_BITMAP_A, 0x800)),
	T("ctl.io_bitmap_a.width", "beyond width", WIDTH(IO_BITMAP_A)),
	T("ctl.io_bitmap_b.align", "bit 0", OR(IO_BITMAP_B, 1)),
	T("ctl.io_bitmap_b.width", "beyond width", WIDTH(IO_BITMAP_B)),
	T("pass", "bitmap A unaligned, I/O bitmaps off",
	  CLR(PROC, CPU_BASED_USE_IO_BITMAPS), OR(IO_BITMAP_A, 0x800)),
	T("ctl.msr_bitmap.align", "bit 4", OR(MSR_BITMAP, 0x10)),
	T("ctl.msr_bitmap.width", "beyond width", WIDTH(MSR_BITMAP)),
	T("ctl.virtual_apic.align", "bit 4", OR(PROC, CPU_BASED_TPR_SHADOW),
	  PAGE(VIRTUAL_APIC_PAGE_ADDR, PG_VAPIC, 0x10)),
	TS(S_TPR, "ctl.virtual_apic.width", "beyond width",
	   WIDTH(VIRTUAL_APIC_PAGE_ADDR)),
	TS(S_TPR, "pass", "TPR shadow"),
	TS(S_TPR, "ctl.tpr_threshold.reserved", "threshold 0x10",
	   SET(TPR_THRESHOLD, 0x10)),
	TS(S_TPR, "ctl.tpr_threshold.vtpr", "threshold 3 > VTPR 2",
	   SET(TPR_THRESHOLD, 3)),
	TS(S_TPR, "pass", "threshold 2 = VTPR 2", SET(TPR_THRESHOLD, 2)),
	TS(S_TPR, "pass", "threshold 3 > VTPR, virtualize APIC accesses",
	   SET(TPR_THRESHOLD, 3), OR(PROC2, SECONDARY_VIRTUALIZE_APIC_ACCESSES)),
	T("ctl.virtual_nmis", "virtual NMIs without NMI exiting",
	  CLR(PIN, PIN_BASED_NMI_EXITING), OR(PIN, PIN_BASED_VIRTUAL_NMIS)),
	T("ctl.nmi_window", "NMI-window exiting without virtual NMIs",
	  OR(PROC, CPU_BASED_NMI_WINDOW_EXITING),
	  CLR(PIN, PIN_BASED_VIRTUAL_NMIS)),
	T("pass", "NMI-window exiting with virtual NMIs",
	  OR(PROC, CPU_BASED_NMI_WINDOW_EXITING),
	  OR(PIN, PIN_BASED_VIRTUAL_NMIS)),
	TS(S_VAA, "ctl.apic_access.align", "bit 2",
	   PAGE(APIC_ACCESS_ADDR, PG_APIC, 4)),
	TS(S_VAA, "ctl.apic_access.width", "beyond width",
	   WIDTH(APIC_ACCESS_ADDR)),
	TS(S_VAA, "pass", "virtualize APIC accesses"),
	TS(S_VAA, "ctl.x2apic.apic_accesses", "both",
	   OR(PROC, CPU_BASED_TPR_SHADOW),
	   OR(PROC2, SECONDARY_VIRTUALIZE_X2APIC)),
	TS(S_TPR, "pass", "virtualize x2APIC mode",
	   OR(PROC2, SECONDARY_VIRTUALIZE_X2APIC)),
	T("ctl.apicv.tpr_shadow", "x2APIC mode without TPR shadow",
	  CLR(PROC, CPU_BASED_TPR_SHADOW), OR(PROC2,
					      SECONDARY_VIRTUALIZE_X2APIC)),
	T("ctl.apicv.tpr_shadow", "APIC-register virt. without TPR shadow",
	  CLR(PROC, CPU_BASED_TPR_SHADOW), OR(PROC2,
					      SECONDARY_APIC_REGISTER_VIRT)),
	T("ctl.apicv.tpr_shadow", "VID without TPR shadow",
	  CLR(PROC, CPU_BASED_TPR_SHADOW), OR(PROC2,
					      SECONDARY_VIRTUAL_INTR_DELIVERY)),
	TS(S_TPR, "ctl.vid.ext_intr", "VID without external-interrupt exiting",
	   OR(PROC2, SECONDARY_VIRTUAL_INTR_DELIVERY),
	   CLR(PIN, PIN_BASED_EXT_INTR_EXITING)),
	TS(S_TPR, "pass", "VID, TPR threshold 0xff ignored",
	   OR(PROC2, SECONDARY_VIRTUAL_INTR_DELIVERY),
	   SET(TPR_THRESHOLD, 0xff)),
	TS(S_POSTED, "ctl.posted.vid", "posted interrupts without VID",
	   CLR(PROC2, SECONDARY_VIRTUAL_INTR_DELIVERY)),
	TS(S_POSTED, "ctl.posted.ack", "posted interrupts without ack",
	   CLR(EXIT, VM_EXIT_ACK_INTR_ON_EXIT)),
	TS(S_POSTED, "pass", "posted interrupts"),
	TS(S_POSTED, "ctl.posted.vector", "vector 0x100",
	   SET(POSTED_INTR_NV, 0x100)),
	TS(S_POSTED, "ctl.posted.desc.align", "bit 5",
	   PAGE(POSTED_INTR_DESC_ADDR, PG_ZERO, 0x20)),
	TS(S_POSTED, "ctl.posted.desc.width", "beyond width",
	   WIDTH(POSTED_INTR_DESC_ADDR)),
	T("ctl.vpid.zero", "VPID 0", OR(PROC2, SECONDARY_ENABLE_VPID),
	  SET(VIRTUAL_PROCESSOR_ID, 0)),
	T("pass", "VPID 0, VPID off", SET(VIRTUAL_PROCESSOR_ID, 0),
	  CLR(PROC2, SECONDARY_ENABLE_VPID)),
	T("ctl.eptp.memtype", "memory type 7", OR(EPT_POINTER, 1)),
	T("ctl.eptp.memtype", "memory type 2", XOR(EPT_POINTER, 4)),
	T("pass", "EPT memory type UC", CLR(EPT_POINTER, 7)),
	T("ctl.eptp.walk_length", "5-level walk",
	  XOR(EPT_POINTER, (3 ^ 4) << 3)),
	T("ctl.eptp.walk_length", "2-level walk",
	  XOR(EPT_POINTER, (3 ^ 1) << 3)),
	TC(C_NO_EPT_AD, "ctl.eptp.ad", "A/D flags unsupported",
	   OR(EPT_POINTER, 1 << 6)),
	TC(C_EPT_AD, "pass", "EPT A/D flags", OR(EPT_POINTER, 1 << 6)),
	T("ctl.eptp.reserved", "bit 8", OR(EPT_POINTER, 1 << 8)),
	T("ctl.eptp.reserved", "bit 11", OR(EPT_POINTER, 1 << 11)),
	TC(C_CET, "pass", "EPTP bit 7 (supervisor shadow stacks)",
	   OR(EPT_POINTER, 1 << 7)),
	T("ctl.eptp.width", "beyond width", WIDTH(EPT_POINTER)),
	T("ctl.unrestricted.ept", "no EPT", CLR(PROC2, SECONDARY_ENABLE_EPT)),
	T("ctl.pml.ept", "PML without EPT",
	  CLR(PROC2, SECONDARY_ENABLE_EPT | SECONDARY_UNRESTRICTED_GUEST),
	  OR(PROC2, SECONDARY_ENABLE_PML)),
	TS(S_PML, "ctl.pml.align", "bit 3", PAGE(PML_ADDRESS, PG_ZERO, 8)),
	TS(S_PML, "ctl.pml.width", "beyond width", WIDTH(PML_ADDRESS)),
	TS(S_PML, "pass", "PML"),
	T("ctl.vmfunc.reserved", "VM function 63",
	  OR(PROC2, SECONDARY_ENABLE_VMFUNC),
	  SET(VM_FUNCTION_CONTROL, 1ull << 63)),
	TS(S_VMFUNC, "ctl.vmfunc.eptp_switching.ept", "EPTP switching, no EPT",
	   CLR(PROC2, SECONDARY_ENABLE_EPT | SECONDARY_UNRESTRICTED_GUEST)),
	TS(S_VMFUNC, "ctl.vmfunc.eptp_list.align", "bit 5",
	   PAGE(EPTP_LIST_ADDRESS, PG_ZERO, 0x20)),
	TS(S_VMFUNC, "ctl.vmfunc.eptp_list.width", "beyond width",
	   WIDTH(EPTP_LIST_ADDRESS)),
	TS(S_VMFUNC, "pass", "EPTP switching"),
	TS(S_SHADOW, "ctl.shadowing.vmread_bitmap.align", "bit 1",
	   PAGE(VMREAD_BITMAP, PG_ZERO, 2)),
	TS(S_SHADOW, "ctl.shadowing.vmread_bitmap.width", "beyond width",
	   WIDTH(VMREAD_BITMAP)),
	TS(S_SHADOW, "ctl.shadowing.vmwrite_bitmap.align", "bit 10",
	   PAGE(VMWRITE_BITMAP, PG_ZERO, 0x400)),
	TS(S_SHADOW, "ctl.shadowing.vmwrite_bitmap.width", "beyond width",
	   WIDTH(VMWRITE_BITMAP)),
	TS(S_SHADOW, "pass", "VMCS shadowing"),
	T("ctl.ept_violation_ve.align", "bit 6",
	  OR(PROC2, SECONDARY_EPT_VIOLATION_VE),
	  PAGE(VE_INFORMATION_ADDRESS, PG_ZERO, 0x40)),
	T("ctl.ept_violation_ve.width", "beyond width",
	  OR(PROC2, SECONDARY_EPT_VIOLATION_VE),
	  WIDTH(VE_INFORMATION_ADDRESS)),
	T("pass", "EPT-violation #VE", OR(PROC2, SECONDARY_EPT_VIOLATION_VE),
	  PAGE(VE_INFORMATION_ADDRESS, PG_ZERO, 0)),
	T("ctl.spp.ept", "SPP without EPT",
	  CLR(PROC2, SECONDARY_ENABLE_EPT | SECONDARY_UNRESTRICTED_GUEST),
	  OR(PROC2, SECONDARY_SPP)),
	T("ctl.spp.spptp.align", "bit 7", OR(PROC2, SECONDARY_SPP),
	  PAGE(SPPT_POINTER, PG_ZERO, 0x80)),
	T("ctl.spp.spptp.width", "beyond width", OR(PROC2, SECONDARY_SPP),
	  WIDTH(SPPT_POINTER)),
	T("pass", "sub-page write permissions", OR(PROC2, SECONDARY_SPP),
	  PAGE(SPPT_POINTER, PG_ZERO, 0)),
	T("ctl.mode_based_ept_exec.ept", "MBEC without EPT",
	  CLR(PROC2, SECONDARY_ENABLE_EPT | SECONDARY_UNRESTRICTED_GUEST),
	  OR(PROC2, SECONDARY_MODE_BASED_EPT_EXEC)),
	T("ctl.tsc_multiplier.zero", "multiplier 0",
	  OR(PROC2, SECONDARY_TSC_SCALING), SET(TSC_MULTIPLIER, 0)),
	T("pass", "TSC scaling by 1", OR(PROC2, SECONDARY_TSC_SCALING),
	  SET(TSC_MULTIPLIER, 1ull << 48)),
	/* 26.2.1.2 */
	T("ctl.exit.reserved", "a must-be-0 bit", BAD1(EXIT, CTL_EXIT)),
	T("ctl.exit.reserved", "a must-be-1 bit", BAD0(EXIT, CTL_EXIT)),
	T("ctl.exit.save_preemption_timer", "without the timer",
	  CLR(PIN, PIN_BASED_PREEMPTION_TIMER),
	  OR(EXIT, VM_EXIT_SAVE_PREEMPTION_TIMER)),
	T("pass", "save preemption timer",
	  OR(EXIT, VM_EXIT_SAVE_PREEMPTION_TIMER)),
	T("ctl.exit.msr_store.align", "bit 3", SET(VM_EXIT_MSR_STORE_COUNT, 1),
	  PAGE(VM_EXIT_MSR_STORE_ADDR, PG_MSR, 8)),
	T("ctl.exit.msr_store.width", "beyond width",
	  SET(VM_EXIT_MSR_STORE_COUNT, 1), WIDTH(VM_EXIT_MSR_STORE_ADDR)),
	T("ctl.exit.msr_store.last", "ends beyond width",
	  SET(VM_EXIT_MSR_STORE_COUNT, 0x100000),
	  SET(VM_EXIT_MSR_STORE_ADDR, 0xfffff00000ull)),
	T("pass", "store 2 MSRs on exit", SET(VM_EXIT_MSR_STORE_COUNT, 2)),
	T("ctl.exit.msr_load.align", "bit 2", SET(VM_EXIT_MSR_LOAD_COUNT, 1),
	  PAGE(VM_EXIT_MSR_LOAD_ADDR, PG_MSR, 4)),
	T("ctl.exit.msr_load.width", "beyond width",
	  SET(VM_EXIT_MSR_LOAD_COUNT, 1), WIDTH(VM_EXIT_MSR_LOAD_ADDR)),
	T("ctl.exit.msr_load.last", "ends beyond width",
	  SET(VM_EXIT_MSR_LOAD_COUNT, 0x100000),
	  SET(VM_EXIT_MSR_LOAD_ADDR, 0xfffff00000ull)),
	T("pass", "load 2 MSRs on exit", SET(VM_EXIT_MSR_LOAD_COUNT, 2)),
	T("pass", "MSR-load address unaligned, count 0",
	  OR(VM_EXIT_MSR_LOAD_ADDR, 1)),
	/* 26.2.1.3 */
	T("ctl.entry.reserved", "a must-be-0 bit", BAD1(ENTRY, CTL_ENTRY)),
	T("ctl.entry.reserved", "a must-be-1 bit", BAD0(ENTRY, CTL_ENTRY)),
	T("ctl.entry.smm", "entry to SMM", OR(ENTRY, VM_ENTRY_SMM)),
	T("ctl.entry.smm", "deactivate dual-monitor treatment",
	  OR(ENTRY, VM_ENTRY_DEACT_DUAL_MONITOR)),
	T("ctl.entry.smm_both", "both",
	  OR(ENTRY, VM_ENTRY_SMM | VM_ENTRY_DEACT_DUAL_MONITOR)),
	T("ctl.event.type", "type 1", SET(INFO, EV(1, 0))),
	T("ctl.event.nmi_vector", "NMI vector 3", SET(INFO, EV(2, 3))),
	T("ctl.event.exception_vector", "exception vector 32",
	  SET(INFO, EV(3, 32))),
	T("ctl.event.other_vector", "other event vector 1",
	  SET(INFO, EV(7, 1))),
	TC(C_NOT_ANY_VECTOR, "ctl.event.deliver_error_code.set",
	   "#GP without error code, protected mode", OR(GUEST_CR0, CR0_PE),
	   SET(INFO, EV(3, 13))),
	T("ctl.event.deliver_error_code.clear",
	  "#GP with error code, real mode",
	  SET(INFO, EV(3, 13) | INTR_INFO_DELIVER_CODE)),
	T("ctl.event.deliver_error_code.clear", "NMI with error code",
	  OR(GUEST_CR0, CR0_PE), SET(INFO, EV(2, 2) | INTR_INFO_DELIVER_CODE)),
	TC(C_NOT_ANY_VECTOR, "ctl.event.deliver_error_code.clear",
	   "#UD with error code", OR(GUEST_CR0, CR0_PE),
	   SET(INFO, EV(3, 6) | INTR_INFO_DELIVER_CODE)),
	T("pass", "#UD in real mode", SET(INFO, EV(3, 6))),
	TS(S_PROT, "ctl.event.error_code.reserved", "error code bit 16",
	   SET(INFO, EV(3, 13) | INTR_INFO_DELIVER_CODE), SET(ERRCODE,
							      0x10000)),
	TS(S_PROT, "pass", "#GP(0x10) in protected mode",
	   SET(INFO, EV(3, 13) | INTR_INFO_DELIVER_CODE), SET(ERRCODE, 0x10)),
	T("ctl.event.reserved", "bit 12", SET(INFO, EV(3, 6) | (1u << 12))),
	T("ctl.event.instruction_length", "INT with length 16",
	  SET(INFO, EV(4, 0x21)), SET(INSNLEN, 16)),
	T("pass", "INT 21h, length 2", SET(INFO, EV(4, 0x21)), SET(INSNLEN, 2)),
	T("ctl.entry.msr_load.align", "bit 1", SET(VM_ENTRY_MSR_LOAD_COUNT, 1),
	  PAGE(VM_ENTRY_MSR_LOAD_ADDR, PG_MSR, 2)),
	T("ctl.entry.msr_load.width", "beyond width",
	  SET(VM_ENTRY_MSR_LOAD_COUNT, 1), WIDTH(VM_ENTRY_MSR_LOAD_ADDR)),
	T("ctl.entry.msr_load.last", "ends beyond width",
	  SET(VM_ENTRY_MSR_LOAD_COUNT, 0x100000),
	  SET(VM_ENTRY_MSR_LOAD_ADDR, 0xfffff00000ull)),
	T("pass", "load 1 MSR on entry", SET(VM_ENTRY_MSR_LOAD_COUNT, 1)),
	/* 26.2.2 */
	T("host.cr0.fixed", "NE = 0", CLR(HOST_CR0, CR0_NE)),
	T("host.cr0.fixed", "bit 32", OR(HOST_CR0, 1ull << 32)),
	T("host.cr4.fixed", "VMXE = 0", CLR(HOST_CR4, CR4_VMXE)),
	T("host.cr3.width", "beyond width", WIDTH(HOST_CR3)),
	TC(C_CET, "host.cr4.cet_wp", "CET without WP", OR(HOST_CR4, CR4_CET),
	   CLR(HOST_CR0, CR0_WP)),
	TC(C_CET, "pass", "CET with WP", OR(HOST_CR4, CR4_CET),
	   OR(HOST_CR0, CR0_WP)),
	T("host.sysenter_esp.canonical", "bit 47",
	  NONCANON(HOST_IA32_SYSENTER_ESP)),
	T("host.sysenter_eip.canonical", "bit 47",
	  NONCANON(HOST_IA32_SYSENTER_EIP)),
	TC(C_CET, "host.s_cet.canonical", "bit 47", OR(EXIT, VM_EXIT_LOAD_CET),
	   NONCANON(HOST_S_CET)),
	TC(C_CET, "host.s_cet.reserved", "bit 6", OR(EXIT, VM_EXIT_LOAD_CET),
	   SET(HOST_S_CET, 1 << 6)),
	TC(C_CET, "host.s_cet.reserved", "SUPPRESS and TRACKER",
	   OR(EXIT, VM_EXIT_LOAD_CET), SET(HOST_S_CET, 3 << 10)),
	TC(C_CET, "host.ssp.align", "bit 1", OR(EXIT, VM_EXIT_LOAD_CET),
	   SET(HOST_SSP, 2)),
	TC(C_CET, "host.ssp.canonical", "bit 47", OR(EXIT, VM_EXIT_LOAD_CET),
	   NONCANON(HOST_SSP)),
	TC(C_CET, "host.ssp_table.canonical", "bit 47",
	   OR(EXIT, VM_EXIT_LOAD_CET), NONCANON(HOST_INTR_SSP_TABLE)),
	TC(C_CET, "pass", "load CET state, all 0", OR(EXIT, VM_EXIT_LOAD_CET)),
	T("host.pat", "entry 0 type 2", OR(EXIT, VM_EXIT_LOAD_IA32_PAT),
	  SET(HOST_IA32_PAT, 0x0007040600070402ull)),
	T("host.pat", "entry 7 type 8", OR(EXIT, VM_EXIT_LOAD_IA32_PAT),
	  SET(HOST_IA32_PAT, 0x0807040600070406ull)),
	T("host.efer.reserved", "bit 1", OR(HOST_IA32_EFER, 2)),
	T("host.efer.lma", "LMA = 0", CLR(HOST_IA32_EFER, EFER_LMA)),
	T("host.efer.lme", "LME = 0", CLR(HOST_IA32_EFER, EFER_LME)),
	T("host.pkrs", "bit 32", OR(EXIT, VM_EXIT_LOAD_PKRS),
	  SET(HOST_IA32_PKRS, 1ull << 32)),
	/* 26.2.3 */
	T("host.es.sel.rpl_ti", "RPL 1", OR(HOST_ES_SELECTOR, 1)),
	T("host.cs.sel.rpl_ti", "TI", OR(HOST_CS_SELECTOR, 4)),
	T("host.ss.sel.rpl_ti", "RPL 3", OR(HOST_SS_SELECTOR, 3)),
	T("host.ds.sel.rpl_ti", "RPL 2", OR(HOST_DS_SELECTOR, 2)),
	T("host.fs.sel.rpl_ti", "RPL 1", OR(HOST_FS_SELECTOR, 1)),
	T("host.gs.sel.rpl_ti", "TI", OR(HOST_GS_SELECTOR, 4)),
	T("host.tr.sel.rpl_ti", "RPL 1", OR(HOST_TR_SELECTOR, 1)),
	T("host.cs.sel.null", "CS 0", SET(HOST_CS_SELECTOR, 0)),
	T("host.tr.sel.null", "TR 0", SET(HOST_TR_SELECTOR, 0)),
	T("host.ss.sel.null", "SS 0, 32-bit host",
	  CLR(EXIT, VM_EXIT_HOST_ADDR_SPACE_SIZE | VM_EXIT_LOAD_IA32_EFER),
	  SET(HOST_SS_SELECTOR, 0)),
	TC(C_HOST_64BIT, "pass", "SS 0, 64-bit host", SET(HOST_SS_SELECTOR, 0)),
	T("host.fs.base.canonical", "bit 47", NONCANON(HOST_FS_BASE)),
	T("host.gs.base.canonical", "bit 47", NONCANON(HOST_GS_BASE)),
	T("host.gdtr.base.canonical", "bit 47", NONCANON(HOST_GDTR_BASE)),
	T("host.idtr.base.canonical", "bit 47", NONCANON(HOST_IDTR_BASE)),
	T("host.tr.base.canonical", "bit 47", NONCANON(HOST_TR_BASE)),
	/* 26.2.4 */
	TC(C_HOST_32BIT, "host.ia32e_guest", "32-bit host, 64-bit guest",
	   OR(ENTRY, VM_ENTRY_IA32E_MODE)),
	TC(C_HOST_32BIT, "host.cr4.pcide", "32-bit host with PCIDE",
	   OR(HOST_CR4, CR4_PCIDE)),
	TC(C_HOST_32BIT, "host.rip.high", "32-bit host, RIP bit 32",
	   OR(HOST_RIP, 1ull << 32)),
	TC(C_HOST_64BIT, "host.address_space_size",
	   "32-bit host in IA-32e mode",
	   CLR(EXIT, VM_EXIT_HOST_ADDR_SPACE_SIZE | VM_EXIT_LOAD_IA32_EFER)),
	TC(C_HOST_32BIT, "host.address_space_size",
	   "64-bit host outside IA-32e mode",
	   OR(EXIT, VM_EXIT_HOST_ADDR_SPACE_SIZE)),
	T("host.cr4.pae", "PAE = 0", CLR(HOST_CR4, CR4_PAE)),
	T("host.rip.canonical", "bit 47", NONCANON(HOST_RIP)),
};

const unsigned int targeted_ctl_host_count =
	sizeof(targeted_ctl_host) / sizeof(targeted_ctl_host[0]);

const struct mutation *targeted_mutation(unsigned int i)
{
	if (i < targeted_ctl_host_count)
		return &targeted_ctl_host[i];
	i -= targeted_ctl_host_count;
	return i < targeted_guest_count ? &targeted_guest[i] : NULL;
}

unsigned int targeted_total(void)
{
	return targeted_ctl_host_count + targeted_guest_count;
}

/*
 * The random corpus: 1-3 flipped bits (or, one time in four, a random
 * value) within a mask. Host fields' masks are computed at run time
 * (host_flip_mask(): only bits some rule checks). Left out: fields no
 * rule reads and that a VM entry would use before the preemption timer
 * stops the guest, and the timer value itself. MSR counts flip only bits
 * 7:0 so at most 255 entries of PG_MSR are loaded or stored.
 */
#define ALL	(~0ull)
#define RF(f, m)	{ VMCS_##f, (m) }
const struct random_field random_fields[] = {
	RF(PIN, 0xffffffff), RF(PROC, 0xffffffff), RF(PROC2, 0xffffffff),
	RF(EXIT, 0xffffffff), RF(ENTRY, 0xffffffff),
	RF(CR3_TARGET_COUNT, 0x8000000f), RF(IO_BITMAP_A, ALL),
	RF(IO_BITMAP_B, ALL), RF(MSR_BITMAP, ALL), RF(EPT_POINTER, ALL),
	RF(VIRTUAL_PROCESSOR_ID, 0xffff), RF(VMCS_LINK_POINTER, ALL),
	RF(INFO, 0xffffffff), RF(ERRCODE, 0xffffffff), RF(INSNLEN, 0x1f),
	RF(TPR_THRESHOLD, 0xff), RF(TSC_OFFSET, ALL),
	RF(CR0_GUEST_HOST_MASK, ALL), RF(EXCEPTION_BITMAP, 0xffffffff),
	RF(VM_EXIT_MSR_STORE_COUNT, 0xff), RF(VM_EXIT_MSR_LOAD_COUNT, 0xff),
	RF(VM_ENTRY_MSR_LOAD_COUNT, 0xff), RF(VM_EXIT_MSR_STORE_ADDR, ALL),
	RF(VM_EXIT_MSR_LOAD_ADDR, ALL), RF(VM_ENTRY_MSR_LOAD_ADDR, ALL),
	RF(HOST_CR0, 0), RF(HOST_CR3, 0), RF(HOST_CR4, 0),
	RF(HOST_ES_SELECTOR, 0), RF(HOST_CS_SELECTOR, 0),
	RF(HOST_SS_SELECTOR, 0), RF(HOST_DS_SELECTOR, 0),
	RF(HOST_FS_SELECTOR, 0), RF(HOST_GS_SELECTOR, 0),
	RF(HOST_TR_SELECTOR, 0), RF(HOST_FS_BASE, 0), RF(HOST_GS_BASE, 0),
	RF(HOST_TR_BASE, 0), RF(HOST_GDTR_BASE, 0), RF(HOST_IDTR_BASE, 0),
	RF(HOST_IA32_SYSENTER_ESP, 0), RF(HOST_IA32_SYSENTER_EIP, 0),
	RF(HOST_RIP, 0), RF(HOST_IA32_EFER, 0), RF(HOST_IA32_PAT, 0),
	RF(GUEST_CR0, ALL), RF(GUEST_CR3, ALL), RF(GUEST_CR4, ALL),
	RF(GUEST_DR7, ALL), RF(GUEST_RFLAGS, ALL), RF(GUEST_RIP, ALL),
	RF(GUEST_CS_SELECTOR, 0xffff), RF(GUEST_SS_SELECTOR, 0xffff),
	RF(GUEST_DS_SELECTOR, 0xffff), RF(GUEST_TR_SELECTOR, 0xffff),
	RF(GUEST_LDTR_SELECTOR, 0xffff), RF(GUEST_CS_BASE, ALL),
	RF(GUEST_SS_BASE, ALL), RF(GUEST_ES_BASE, ALL), RF(GUEST_FS_BASE, ALL),
	RF(GUEST_TR_BASE, ALL), RF(GUEST_LDTR_BASE, ALL),
	RF(GUEST_CS_LIMIT, 0xffffffff), RF(GUEST_SS_LIMIT, 0xffffffff),
	RF(GUEST_GS_LIMIT, 0xffffffff), RF(GUEST_TR_LIMIT, 0xffffffff),
	RF(GUEST_CS_AR_BYTES, 0xffffffff), RF(GUEST_SS_AR_BYTES, 0xffffffff),
	RF(GUEST_DS_AR_BYTES, 0xffffffff), RF(GUEST_FS_AR_BYTES, 0xffffffff),
	RF(GUEST_TR_AR_BYTES, 0xffffffff), RF(GUEST_LDTR_AR_BYTES, 0xffffffff),
	RF(GUEST_GDTR_BASE, ALL), RF(GUEST_IDTR_BASE, ALL),
	RF(GUEST_GDTR_LIMIT, 0xffffffff), RF(GUEST_IDTR_LIMIT, 0xffffffff),
	RF(GUEST_ACTIVITY_STATE, 0xffffffff), RF(INTR, 0xffffffff),
	RF(PENDING, ALL), RF(GUEST_SYSENTER_ESP, ALL),
	RF(GUEST_SYSENTER_EIP, ALL), RF(GUEST_IA32_PAT, ALL),
	RF(GUEST_IA32_EFER, ALL), RF(GUEST_IA32_DEBUGCTL, ALL),
};

const unsigned int random_field_count =
	sizeof(random_fields) / sizeof(random_fields[0]);

/* Deviation predicates: read the mutated VMCS. */
static int not_ia32e(void)
{
	return !(st_read(VMCS_ENTRY) & VM_ENTRY_IA32E_MODE);
}

static int in_hlt(void)
{
	return st_read(VMCS_ACTIVITY) == ACTIVITY_HLT;
}

static int nmi_with_sti_blocking(void)
{
	uint64_t info = st_read(VMCS_INFO);

	return (info & INTR_INFO_VALID) &&
	       INTR_INFO_TYPE(info) == INTR_TYPE_NMI &&
	       (st_read(VMCS_INTR) & INTR_BLOCK_STI);
}

static int pending_dbg_high_only(void)
{
	return !(st_read(VMCS_PENDING) & 0xfffeaff0ull);
}

/* Verdicts as the deviations state them (SDM vol. 3, 26.2, 26.8). */
#define ENTERS		{ HW_ENTERED, 0, 0 }
#define VMFAIL(e)	{ HW_VMFAIL_VALID, (e), 0 }
#define VMFAIL_CTL	VMFAIL(VMXERR_ENTRY_INVALID_CONTROL_FIELD)
#define VMFAIL_HOST	VMFAIL(VMXERR_ENTRY_INVALID_HOST_STATE_FIELD)
#define GUEST_STATE	{ HW_ENTRY_FAIL, EXIT_REASON_INVALID_STATE, 0 }
/* Qualification: the failing entry, 1 for the first. */
#define MSR_ENTRY(n)	{ HW_ENTRY_FAIL, EXIT_REASON_MSR_LOAD_FAIL, (n) }

/*
 * Where Bochs 2.7 (cpu/vmx.cc, VMenterLoadCheck*) departs from the SDM.
 * The software checks follow the SDM; the harness reports an outcome as
 * "known Bochs deviation Dn" only when the software gives the SDM verdict
 * listed, Bochs does exactly what is listed and, for a targeted mutation,
 * the mutation is one listed (by what-string). Each was seen in the
 * differential run and matches the Bochs source.
 */
const struct deviation bochs_deviations[] = {
	{ "D1", "ctl.entry.smm", "26.2.1.3", VMFAIL_CTL, GUEST_STATE,
	  { "entry to SMM" }, NULL,
	  "Bochs does not check \"entry to SMM\" with the controls; the "
	  "guest-state check of SMI blocking fails it instead" },
	{ "D2", "ctl.event.deliver_error_code.clear", "26.2.1.3", VMFAIL_CTL,
	  ENTERS, { "#GP with error code, real mode", "NMI with error code" },
	  NULL, "with CET (IA32_VMX_BASIC[56] = 1) Bochs skips the deliver-"
	  "error-code check, but the SDM still forbids an error code for "
	  "other types and with CR0.PE = 0" },
	{ "D3", "host.cr4.cet_wp", "26.2.2", VMFAIL_HOST, ENTERS,
	  { "CET without WP" }, NULL,
	  "Bochs checks host CR4.CET against CR0.WP only with \"load CET "
	  "state\"" },
	{ "D4", "guest.debugctl.reserved", "26.3.1.1", GUEST_STATE, ENTERS,
	  { "bit 3", "bit 16" }, NULL, "Bochs does not check IA32_DEBUGCTL" },
	{ "D5", "guest.ia32e.pg", "26.3.1.1", GUEST_STATE, ENTERS,
	  { "64-bit guest without paging" }, NULL,
	  "Bochs checks CR4.PAE but not CR0.PG for an IA-32e guest" },
	{ "D6", "guest.rip.canonical", "26.3.1.4", GUEST_STATE, ENTERS,
	  { "bit 48" }, NULL,
	  "Bochs checks RIP bits 63:32 outside 64-bit code, and in it "
	  "nothing: not bits 63:N" },
	{ "D7", "guest.rflags.vm", "26.3.1.4", GUEST_STATE, ENTERS,
	  { "virtual-8086 with CR0.PE = 0" }, not_ia32e,
	  "Bochs refuses RFLAGS.VM only for an IA-32e guest, not with "
	  "CR0.PE = 0" },
	{ "D8", "guest.activity.event", "26.3.1.5", GUEST_STATE, ENTERS,
	  { "HLT, injecting #UD" }, in_hlt,
	  "Bochs restricts injection into shutdown and wait-for-SIPI, not "
	  "HLT" },
	{ "D9", "pass", "26.3.1.5 (STI blocking with an NMI: \"a processor "
	  "may require\")", ENTERS, GUEST_STATE, { "NMI with STI blocking" },
	  nmi_with_sti_blocking,
	  "Bochs takes the SDM's option to refuse STI blocking when injecting "
	  "an NMI; the checks accept it, as the SDM requires of all CPUs" },
	{ "D10", "guest.interruptibility.virtual_nmi", "26.3.1.5", GUEST_STATE,
	  ENTERS, { "NMI blocking" }, NULL,
	  "the check is commented out in Bochs" },
	{ "D11", "guest.pending_dbg.bs", "26.3.1.5", GUEST_STATE, ENTERS,
	  { "STI blocking, TF, no BS", "HLT, BS without TF" }, NULL,
	  "Bochs does not check the BS bit" },
	{ "D12", "guest.pending_dbg.reserved", "26.3.1.5", GUEST_STATE, ENTERS,
	  { NULL }, pending_dbg_high_only,
	  "Bochs reads pending debug exceptions as 32 bits, so bits 63:32 "
	  "are never checked (random mutations only: the targeted ones set "
	  "bits Bochs checks)" },
	{ "D13", "msr_load.smm_only", "26.4", MSR_ENTRY(1), ENTERS,
	  { "IA32_SMM_MONITOR_CTL" }, NULL,
	  "Bochs loads IA32_SMM_MONITOR_CTL outside SMM" },
	{ "D14", "msr_load.smbase", "26.4", MSR_ENTRY(1), ENTERS,
	  { "IA32_SMBASE" }, NULL, "Bochs loads the read-only IA32_SMBASE" },
};

const unsigned int bochs_deviation_count =
	sizeof(bochs_deviations) / sizeof(bochs_deviations[0]);

int deviation_names(const struct deviation *d, const struct mutation *m)
{
	unsigned int i;

	if (strcmp(d->rule, m->rule))
		return 0;
	for (i = 0; i < DEV_MUTATIONS && d->mutations[i]; i++)
		if (!strcmp(d->mutations[i], m->what))
			return 1;
	return 0;
}
