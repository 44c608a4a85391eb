/*
 * selftest_vmcs_corpus_guest.c - the targeted mutations of the guest-state
 * area (SDM vol. 3, 26.3) and of the VM-entry MSR-load area (26.4), in the
 * notation of selftest_vmcs_corpus.h; see selftest_vmcs_corpus.c.
 */
#include "selftest_vmcs_corpus.h"

#include "msr.h"
#include "x86.h"

/* One segment register's shared access-rights rules, broken one by one. */
#define SEG_AR_MUTATIONS(S, s)						\
	T("guest." s ".ar.s", "S = 0", CLR(GUEST_##S##_AR_BYTES, AR_S)), \
	T("guest." s ".ar.p", "not present", CLR(GUEST_##S##_AR_BYTES, AR_P)), \
	T("guest." s ".ar.rsvd_11_8", "bit 8",				\
	  OR(GUEST_##S##_AR_BYTES, 0x100)),				\
	T("guest." s ".ar.g", "limit 0x1fffff, G = 0",			\
	  SET(GUEST_##S##_LIMIT, 0x1fffff)),				\
	T("pass", s " G = 1 with limit 0xffff",				\
	  OR(GUEST_##S##_AR_BYTES, AR_G)),				\
	T("guest." s ".ar.rsvd_31_17", "bit 17",			\
	  OR(GUEST_##S##_AR_BYTES, 1u << 17)),				\
	TS(S_V86, "guest." s ".v86.base", "base not selector << 4",	\
	   SET(GUEST_##S##_BASE, 0x10)),				\
	TS(S_V86, "guest." s ".v86.limit", "limit 0xfffe",		\
	   SET(GUEST_##S##_LIMIT, 0xfffe)),				\
	TS(S_V86, "guest." s ".v86.ar", "access rights 0xf2",		\
	   SET(GUEST_##S##_AR_BYTES, 0xf2))

#define DATA_SEG_MUTATIONS(S, s)					\
	T("guest." s ".ar.type.accessed", "type 2",			\
	  SET(GUEST_##S##_AR_BYTES, 0x92)),				\
	T("guest." s ".ar.type.readable", "execute-only code",		\
	  SET(GUEST_##S##_AR_BYTES, 0x99)),				\
	T("pass", s " readable code", SET(GUEST_##S##_AR_BYTES, 0x9b)),	\
	TS(S_PROT_NOUG, "guest." s ".ar.dpl", "RPL 3 > DPL 0",		\
	   SET(GUEST_##S##_SELECTOR, 3)),				\
	TS(S_PROT, "pass", s " RPL 3 > DPL 0, unrestricted guest",	\
	   SET(GUEST_##S##_SELECTOR, 3)),				\
	T("pass", s " unusable with a bad type",			\
	  SET(GUEST_##S##_AR_BYTES, NOT_USABLE | 0x90))

#define SYS_SEG_MUTATIONS(sc, S, s)					\
	TS(sc, "guest." s ".ar.s", "S = 1", OR(GUEST_##S##_AR_BYTES, AR_S)), \
	TS(sc, "guest." s ".ar.p", "not present",			\
	   CLR(GUEST_##S##_AR_BYTES, AR_P)),				\
	TS(sc, "guest." s ".ar.rsvd_11_8", "bit 9",			\
	   OR(GUEST_##S##_AR_BYTES, 0x200)),				\
	TS(sc, "guest." s ".ar.g", "G = 1, limit 0xfffe",		\
	   OR(GUEST_##S##_AR_BYTES, AR_G), SET(GUEST_##S##_LIMIT, 0xfffe)), \
	TS(sc, "guest." s ".ar.rsvd_31_17", "bit 20",			\
	   OR(GUEST_##S##_AR_BYTES, 1u << 20))

const struct mutation targeted_guest[] = {
	/* 26.3.1.1 */
	T("guest.cr0.fixed", "NE = 0", CLR(GUEST_CR0, CR0_NE)),
	T("guest.cr0.fixed", "bit 32", OR(GUEST_CR0, 1ull << 32)),
	T("guest.cr0.fixed", "PE = 0 without unrestricted guest",
	  CLR(PROC2, SECONDARY_UNRESTRICTED_GUEST)),
	T("guest.cr0.pg_pe", "PG without PE", OR(GUEST_CR0, CR0_PG)),
	T("guest.cr4.fixed", "VMXE = 0", CLR(GUEST_CR4, CR4_VMXE)),
	T("guest.cr4.fixed", "bit 24", OR(GUEST_CR4, 1u << 24)),
	TC(C_CET, "guest.cr4.cet_wp", "CET without WP", OR(GUEST_CR4, CR4_CET)),
	TC(C_CET, "pass", "CET with WP", OR(GUEST_CR4, CR4_CET),
	   OR(GUEST_CR0, CR0_WP)),
	T("guest.debugctl.reserved", "bit 3",
	  OR(ENTRY, VM_ENTRY_LOAD_DEBUG_CONTROLS),
	  SET(GUEST_IA32_DEBUGCTL, 1 << 3)),
	T("guest.debugctl.reserved", "bit 16",
	  OR(ENTRY, VM_ENTRY_LOAD_DEBUG_CONTROLS),
	  SET(GUEST_IA32_DEBUGCTL, 1 << 16)),
	T("pass", "DEBUGCTL.BTF loaded", OR(ENTRY,
					    VM_ENTRY_LOAD_DEBUG_CONTROLS),
	  SET(GUEST_IA32_DEBUGCTL, DEBUGCTL_BTF)),
	TS(S_IA32E, "guest.ia32e.pg", "64-bit guest without paging",
	   CLR(GUEST_CR0, CR0_PG)),
	TS(S_IA32E, "guest.ia32e.pae", "64-bit guest without PAE",
	   CLR(GUEST_CR4, CR4_PAE)),
	TS(S_IA32E, "pass", "64-bit guest"),
	T("guest.cr4.pcide", "PCIDE outside IA-32e mode",
	  OR(GUEST_CR4, CR4_PCIDE)),
	T("guest.cr3.width", "beyond width", WIDTH(GUEST_CR3)),
	T("guest.dr7.high", "DR7 bit 32", OR(ENTRY,
					     VM_ENTRY_LOAD_DEBUG_CONTROLS),
	  OR(GUEST_DR7, 1ull << 32)),
	T("pass", "DR7 bit 32, debug controls not loaded",
	  CLR(ENTRY, VM_ENTRY_LOAD_DEBUG_CONTROLS),
	  OR(GUEST_DR7, 1ull << 32)),
	T("guest.sysenter_esp.canonical", "bit 47",
	  NONCANON(GUEST_SYSENTER_ESP)),
	T("guest.sysenter_eip.canonical", "bit 47",
	  NONCANON(GUEST_SYSENTER_EIP)),
	T("guest.pat", "entry 1 type 3", OR(ENTRY, VM_ENTRY_LOAD_IA32_PAT),
	  SET(GUEST_IA32_PAT, 0x0007040600070306ull)),
	T("pass", "PAT all UC", OR(ENTRY, VM_ENTRY_LOAD_IA32_PAT),
	  SET(GUEST_IA32_PAT, 0)),
	T("guest.efer.reserved", "bit 1", OR(GUEST_IA32_EFER, 2)),
	T("guest.efer.lma", "LMA outside IA-32e mode",
	  OR(GUEST_IA32_EFER, EFER_LMA)),
	TS(S_PROT, "guest.efer.lme", "LME with paging, no LMA",
	   OR(GUEST_CR0, CR0_PG), OR(GUEST_IA32_EFER, EFER_LME)),
	T("pass", "LME without paging", OR(GUEST_IA32_EFER, EFER_LME)),
	T("pass", "EFER.SCE, NXE", OR(GUEST_IA32_EFER, EFER_SCE | EFER_NXE)),
	T("guest.bndcfgs", "bit 2", OR(ENTRY, VM_ENTRY_LOAD_BNDCFGS),
	  SET(GUEST_BNDCFGS, 4)),
	TC(C_CET, "guest.s_cet.canonical", "bit 32 outside IA-32e mode",
	   OR(ENTRY, VM_ENTRY_LOAD_CET), SET(GUEST_S_CET, 1ull << 32)),
	TC(C_CET, "guest.s_cet.reserved", "bit 9", OR(ENTRY, VM_ENTRY_LOAD_CET),
	   SET(GUEST_S_CET, 1 << 9)),
	TC(C_CET, "guest.ssp.align", "bit 0", OR(ENTRY, VM_ENTRY_LOAD_CET),
	   SET(GUEST_SSP, 1)),
	TC(C_CET, "guest.ssp.canonical", "bit 32 outside IA-32e mode",
	   OR(ENTRY, VM_ENTRY_LOAD_CET), SET(GUEST_SSP, 1ull << 32)),
	TC(C_CET, "guest.ssp_table.canonical", "bit 47",
	   OR(ENTRY, VM_ENTRY_LOAD_CET), NONCANON(GUEST_INTR_SSP_TABLE)),
	TC(C_CET, "pass", "load CET state", OR(ENTRY, VM_ENTRY_LOAD_CET),
	   SET(GUEST_SSP, 0x7000)),
	T("guest.pkrs", "bit 32", OR(ENTRY, VM_ENTRY_LOAD_PKRS),
	  SET(GUEST_IA32_PKRS, 1ull << 32)),
	/* 26.3.1.2 */
	T("guest.tr.sel.ti", "TI", OR(GUEST_TR_SELECTOR, 4)),
	TS(S_LDTR, "guest.ldtr.sel.ti", "TI", OR(GUEST_LDTR_SELECTOR, 4)),
	T("pass", "unusable LDTR, TI", OR(GUEST_LDTR_SELECTOR, 4)),
	TS(S_LDTR, "pass", "usable LDTR"),
	TS(S_PROT_NOUG, "guest.ss.sel.rpl", "SS.RPL 1, CS.RPL 0",
	   SET(GUEST_SS_SELECTOR, 1)),
	TS(S_PROT_NOUG, "pass", "protected mode without unrestricted guest"),
	T("guest.tr.base.canonical", "bit 47", NONCANON(GUEST_TR_BASE)),
	T("guest.fs.base.canonical", "bit 47", NONCANON(GUEST_FS_BASE)),
	T("guest.gs.base.canonical", "bit 47", NONCANON(GUEST_GS_BASE)),
	TS(S_LDTR, "guest.ldtr.base.canonical", "bit 47",
	   NONCANON(GUEST_LDTR_BASE)),
	T("guest.cs.base.high", "bit 32", OR(GUEST_CS_BASE, 1ull << 32)),
	T("guest.ss.base.high", "bit 32", OR(GUEST_SS_BASE, 1ull << 32)),
	T("guest.ds.base.high", "bit 33", OR(GUEST_DS_BASE, 1ull << 33)),
	T("guest.es.base.high", "bit 63", OR(GUEST_ES_BASE, 1ull << 63)),
	T("pass", "unusable DS, base bit 32", OR(GUEST_DS_AR_BYTES, NOT_USABLE),
	  OR(GUEST_DS_BASE, 1ull << 32)),
	SEG_AR_MUTATIONS(CS, "cs"),
	SEG_AR_MUTATIONS(SS, "ss"),
	SEG_AR_MUTATIONS(DS, "ds"),
	SEG_AR_MUTATIONS(ES, "es"),
	SEG_AR_MUTATIONS(FS, "fs"),
	SEG_AR_MUTATIONS(GS, "gs"),
	TS(S_V86, "pass", "virtual-8086 mode"),
	TS(S_V86, "pass", "virtual-8086, DS selector 0x10, base 0x100",
	   SET(GUEST_DS_SELECTOR, 0x10), SET(GUEST_DS_BASE, 0x100)),
	T("guest.cs.ar.type", "type 1", SET(GUEST_CS_AR_BYTES, 0x91)),
	T("pass", "CS type 3, unrestricted guest", SET(GUEST_CS_AR_BYTES,
						       0x93)),
	TS(S_PROT_NOUG, "guest.cs.ar.type", "type 3 without unrestricted guest",
	   SET(GUEST_CS_AR_BYTES, 0x93)),
	T("guest.ss.ar.type", "code", SET(GUEST_SS_AR_BYTES, 0x9b)),
	T("pass", "SS expand-down", SET(GUEST_SS_AR_BYTES, 0x97)),
	T("pass", "SS unusable", OR(GUEST_SS_AR_BYTES, NOT_USABLE)),
	DATA_SEG_MUTATIONS(DS, "ds"),
	DATA_SEG_MUTATIONS(ES, "es"),
	DATA_SEG_MUTATIONS(FS, "fs"),
	DATA_SEG_MUTATIONS(GS, "gs"),
	T("guest.cs.ar.dpl.type3", "type 3, DPL 1", SET(GUEST_CS_AR_BYTES,
							0xb3)),
	T("guest.cs.ar.dpl.nonconforming", "DPL 1, RPL 0",
	  SET(GUEST_CS_AR_BYTES, 0xbb)),
	T("guest.cs.ar.dpl.conforming", "DPL 1 > RPL 0",
	  SET(GUEST_CS_AR_BYTES, 0xbf)),
	T("pass", "conforming CS, DPL 0", SET(GUEST_CS_AR_BYTES, 0x9f)),
	TS(S_PROT_NOUG, "guest.ss.ar.dpl.rpl", "DPL 1, RPL 0",
	   SET(GUEST_SS_AR_BYTES, 0xb3)),
	T("guest.ss.ar.dpl.zero", "DPL 1 with CR0.PE = 0",
	  SET(GUEST_SS_AR_BYTES, 0xb3)),
	TS(S_PROT, "pass", "SS DPL 1, protected, unrestricted guest",
	   SET(GUEST_SS_AR_BYTES, 0xb3)),
	TS(S_IA32E, "guest.cs.ar.db_l", "L and D/B", OR(GUEST_CS_AR_BYTES,
							AR_DB)),
	TS(S_IA32E, "pass", "64-bit guest, CS.L = 0 (compatibility mode)",
	   CLR(GUEST_CS_AR_BYTES, AR_L)),
	T("guest.tr.ar.type", "available TSS", SET(GUEST_TR_AR_BYTES, 0x89)),
	TS(S_IA32E, "guest.tr.ar.type", "16-bit TSS in IA-32e mode",
	   SET(GUEST_TR_AR_BYTES, 0x83)),
	T("pass", "TR 32-bit busy TSS", SET(GUEST_TR_AR_BYTES, 0x8b)),
	T("guest.tr.ar.unusable", "unusable", OR(GUEST_TR_AR_BYTES,
						 NOT_USABLE)),
	SYS_SEG_MUTATIONS(S_NONE, TR, "tr"),
	TS(S_LDTR, "guest.ldtr.ar.type", "type 3", SET(GUEST_LDTR_AR_BYTES,
						       0x83)),
	SYS_SEG_MUTATIONS(S_LDTR, LDTR, "ldtr"),
	/* 26.3.1.3 */
	T("guest.gdtr.base.canonical", "bit 47", NONCANON(GUEST_GDTR_BASE)),
	T("guest.idtr.base.canonical", "bit 47", NONCANON(GUEST_IDTR_BASE)),
	T("guest.gdtr.limit", "bit 16", OR(GUEST_GDTR_LIMIT, 1 << 16)),
	T("guest.idtr.limit", "bit 31", OR(GUEST_IDTR_LIMIT, 1u << 31)),
	/* 26.3.1.4 */
	T("guest.rip.high", "bit 32", OR(GUEST_RIP, 1ull << 32)),
	TS(S_IA32E, "pass", "64-bit guest, RIP bit 32", OR(GUEST_RIP,
							   1ull << 32)),
	TS(S_IA32E, "guest.rip.canonical", "bit 48", LWIDTH(GUEST_RIP)),
	TS(S_IA32E, "pass", "64-bit guest, RIP bit 47 (63:48 identical)",
	   NONCANON(GUEST_RIP)),
	T("guest.rflags.reserved", "bit 3", OR(GUEST_RFLAGS, 1 << 3)),
	T("guest.rflags.reserved", "bit 22", OR(GUEST_RFLAGS, 1 << 22)),
	T("guest.rflags.bit1", "bit 1 = 0", CLR(GUEST_RFLAGS, RFLAGS_FIXED)),
	TS(S_V86_REAL, "guest.rflags.vm", "virtual-8086 with CR0.PE = 0"),
	T("guest.rflags.if", "external interrupt, IF = 0",
	  SET(INFO, EV(0, 0x20))),
	T("pass", "external interrupt, IF = 1", SET(INFO, EV(0, 0x20)),
	  OR(GUEST_RFLAGS, RFLAGS_IF)),
	/* 26.3.1.5 */
	T("guest.activity.supported", "state 4", SET(ACTIVITY, 4)),
	TS(S_PROT, "guest.activity.hlt_dpl", "HLT with SS.DPL 3",
	   SET(ACTIVITY, ACTIVITY_HLT), SET(GUEST_SS_AR_BYTES, 0xf3)),
	T("guest.activity.blocking", "HLT with MOV-SS blocking",
	  SET(ACTIVITY, ACTIVITY_HLT), SET(INTR, INTR_BLOCK_MOV_SS)),
	T("guest.activity.event", "HLT, injecting #UD",
	  SET(ACTIVITY, ACTIVITY_HLT), SET(INFO, EV(3, 6))),
	TS(S_IF, "guest.activity.event",
	   "shutdown, injecting an ext. interrupt",
	   SET(ACTIVITY, ACTIVITY_SHUTDOWN), SET(INFO, EV(0, 0x20))),
	TS(S_NMI, "guest.activity.event", "wait-for-SIPI, injecting an NMI",
	   SET(ACTIVITY, ACTIVITY_WAIT_SIPI)),
	TS(S_NMI, "pass", "HLT, injecting an NMI", SET(ACTIVITY, ACTIVITY_HLT)),
	T("guest.interruptibility.reserved", "bit 5", SET(INTR, 1 << 5)),
	TC(C_NO_SGX, "guest.interruptibility.reserved", "bit 4 without SGX",
	   SET(INTR, INTR_ENCLAVE)),
	TS(S_IF, "guest.interruptibility.sti_movss", "both",
	   SET(INTR, INTR_BLOCK_STI | INTR_BLOCK_MOV_SS)),
	T("guest.interruptibility.sti_if", "STI blocking, IF = 0",
	  SET(INTR, INTR_BLOCK_STI)),
	T("pass", "MOV-SS blocking", SET(INTR, INTR_BLOCK_MOV_SS)),
	T("pass", "NMI blocking", SET(INTR, INTR_BLOCK_NMI)),
	TS(S_IF, "guest.interruptibility.ext_intr", "MOV-SS blocking",
	   SET(INFO, EV(0, 0x20)), SET(INTR, INTR_BLOCK_MOV_SS)),
	TS(S_NMI, "guest.interruptibility.nmi_movss", "MOV-SS blocking",
	   SET(INTR, INTR_BLOCK_MOV_SS)),
	TS(S_STI, "pass", "NMI with STI blocking", SET(INFO, EV(2, 2))),
	T("guest.interruptibility.smi", "SMI blocking", SET(INTR,
							    INTR_BLOCK_SMI)),
	TS(S_NMI, "guest.interruptibility.virtual_nmi", "NMI blocking",
	   OR(PIN, PIN_BASED_VIRTUAL_NMIS), SET(INTR, INTR_BLOCK_NMI)),
	TS(S_NMI, "pass", "NMI with NMI blocking, no virtual NMIs",
	   SET(INTR, INTR_BLOCK_NMI)),
	TC(C_SGX, "guest.interruptibility.enclave", "with MOV-SS blocking",
	   SET(INTR, INTR_ENCLAVE | INTR_BLOCK_MOV_SS)),
	T("guest.pending_dbg.reserved", "bit 4", SET(PENDING, 1 << 4)),
	T("guest.pending_dbg.reserved", "bit 13", SET(PENDING, 1 << 13)),
	T("pass", "B0 pending", SET(PENDING, 1)),
	TS(S_STI, "guest.pending_dbg.bs", "STI blocking, TF, no BS",
	   OR(GUEST_RFLAGS, RFLAGS_TF)),
	T("guest.pending_dbg.bs", "HLT, BS without TF",
	  SET(ACTIVITY, ACTIVITY_HLT), SET(PENDING, 1 << 14)),
	TS(S_STI, "pass", "STI blocking, TF and BS",
	   OR(GUEST_RFLAGS, RFLAGS_TF), SET(PENDING, 1 << 14)),
	TC(C_RTM, "guest.pending_dbg.rtm", "RTM with B0",
	   SET(PENDING, (1 << 16) | 1)),
	T("guest.link.align", "bit 3", PAGE(VMCS_LINK_POINTER, PG_VMCS, 8)),
	T("guest.link.width", "beyond width", SET(VMCS_LINK_POINTER, 0),
	  WIDTH(VMCS_LINK_POINTER)),
	T("guest.link.revision", "revision 0", PAGE(VMCS_LINK_POINTER, PG_ZERO,
						    0)),
	T("pass", "link to a VMCS", PAGE(VMCS_LINK_POINTER, PG_VMCS, 0)),
	T("guest.link.revision", "shadow VMCS without VMCS shadowing",
	  PAGE(VMCS_LINK_POINTER, PG_SHADOW, 0)),
	TS(S_SHADOW, "guest.link.revision", "ordinary VMCS with VMCS shadowing",
	   PAGE(VMCS_LINK_POINTER, PG_VMCS, 0)),
	TS(S_SHADOW, "pass", "shadow VMCS with VMCS shadowing",
	   PAGE(VMCS_LINK_POINTER, PG_SHADOW, 0)),
	T("guest.link.current", "the current VMCS", SELF(VMCS_LINK_POINTER)),
	/* 26.3.1.6 */
	TS(S_PAE, "pass", "PAE paging, no PDPTE present"),
	TS(S_PAE, "guest.pdpte.reserved", "PDPTE0 bit 1",
	   SET(GUEST_PDPTR0, 3)),
	TS(S_PAE, "guest.pdpte.reserved", "PDPTE3 beyond width",
	   SET(GUEST_PDPTR3, 1), WIDTH(GUEST_PDPTR3)),
	TS(S_PAE, "pass", "PDPTE2 present, valid",
	   PAGE(GUEST_PDPTR2, PG_ZERO, 1)),
	TS(S_PAE, "pass", "PDPTE1 not present, reserved bits",
	   SET(GUEST_PDPTR1, 0x1e6)),
	TS(S_PAE_NOEPT, "pass", "PAE paging without EPT"),
	TS(S_PAE_NOEPT, "guest.pdpte.reserved", "PDPTE1 bit 5 in memory",
	   POKE(PG_PDPT, 8, 0x21)),
	TS(S_PAE_NOEPT, "pass", "PDPTE1 present in memory",
	   POKE(PG_PDPT, 8, 0x1001)),
	TS(S_PAE, "pass", "PDPTEs in memory ignored with EPT",
	   PAGE(GUEST_CR3, PG_PDPT, 0), POKE(PG_PDPT, 0, 3)),
	/* 26.4 */
	T("msr_load.fs_gs_base", "IA32_FS_BASE", SET(VM_ENTRY_MSR_LOAD_COUNT,
						     1),
	  POKE(PG_MSR, 0, MSR_IA32_FS_BASE)),
	TS(S_MSR_LOAD2, "msr_load.fs_gs_base", "entry 2: IA32_GS_BASE",
	   POKE(PG_MSR, 16, MSR_IA32_GS_BASE)),
	TS(S_MSR_LOAD2, "msr_load.x2apic", "entry 2: x2APIC TPR",
	   POKE(PG_MSR, 16, 0x808)),
	T("msr_load.reserved", "bit 32", SET(VM_ENTRY_MSR_LOAD_COUNT, 1),
	  POKE(PG_MSR, 0, (1ull << 32) | MSR_IA32_SYSENTER_CS)),
	T("msr_load.smm_only", "IA32_SMM_MONITOR_CTL",
	  SET(VM_ENTRY_MSR_LOAD_COUNT, 1), POKE(PG_MSR, 0, 0x9b)),
	T("msr_load.smbase", "IA32_SMBASE", SET(VM_ENTRY_MSR_LOAD_COUNT, 1),
	  POKE(PG_MSR, 0, 0x9e)),
	TS(S_MSR_LOAD2, "pass", "load 2 MSRs"),
};

const unsigned int targeted_guest_count =
	sizeof(targeted_guest) / sizeof(targeted_guest[0]);
