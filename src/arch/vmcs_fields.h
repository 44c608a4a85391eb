/*
 * vmcs_fields.h - every VMCS field of the SDM, listed once.
 *
 * VMCS_FIELDS() is the one list of VMCS fields (SDM vol. 3, appendix B
 * "Field encoding in VMCS"); the encodings enum, the name table behind
 * vmcs_field_name() and the compile-time checks in vmcs_fields.c are views
 * of it. A field is named as KVM's enum vmcs_field names it (the enum here
 * adds a VMCS_ prefix); fields KVM does not name are named after the SDM's
 * description.
 *
 * 64-bit fields are listed by their full encoding only: in 64-bit mode a
 * VMREAD or VMWRITE of the full encoding moves all 64 bits, so the "high"
 * encodings (access type 1) are never used here.
 *
 * The group column says which part of the VMCS holds the field and is the
 * same as the type in bits 11:10 of the encoding (SDM vol. 3, 25.11.2,
 * table 25-21): CTRL for the VM-execution, VM-exit and VM-entry control
 * fields, EXIT for the read-only VM-exit information fields, GUEST and
 * HOST for the guest- and host-state areas.
 */
#ifndef VMX_VMCS_FIELDS_H
#define VMX_VMCS_FIELDS_H

#include <stdint.h>

/*
 * Field encoding (SDM vol. 3, 25.11.2, table 25-21):
 *   bit 0       access type: 0 = full, 1 = high 32 bits of a 64-bit field
 *   bits 9:1    index
 *   bits 11:10  type: 0 control, 1 VM-exit information, 2 guest, 3 host
 *   bit 12      reserved, 0
 *   bits 14:13  width: 0 16-bit, 1 64-bit, 2 32-bit, 3 natural width
 *   bits 31:15  reserved, 0
 */
#define VMCS_FIELD_ACCESS_HIGH(enc)	((enc) & 1)
#define VMCS_FIELD_INDEX(enc)		(((enc) >> 1) & 0x1ff)
#define VMCS_FIELD_TYPE(enc)		(((enc) >> 10) & 3)
#define VMCS_FIELD_WIDTH(enc)		(((enc) >> 13) & 3)
#define VMCS_FIELD_RESERVED_MASK	0xffff9000u

#define VMCS_WIDTH_16			0
#define VMCS_WIDTH_64			1
#define VMCS_WIDTH_32			2
#define VMCS_WIDTH_NATURAL		3

/* The group of a field; each value is the field's type bits 11:10. */
enum vmcs_group {
	VMCS_GROUP_CTRL		= 0,
	VMCS_GROUP_EXIT		= 1,
	VMCS_GROUP_GUEST	= 2,
	VMCS_GROUP_HOST		= 3,
};

/*
 * How a field is kept in the shadow VMCS a nested guest hypervisor (L1)
 * would VMREAD and VMWRITE without exits (SDM vol. 3, 25.10 "VMCS types:
 * ordinary and shadow", and the VMREAD and VMWRITE bitmaps, 25.6.15;
 * issue 16 builds on this column):
 *   NO  not shadowed: every VMREAD and VMWRITE of it exits. So are the
 *       fields L0 itself writes while it emulates a VMX instruction
 *       (VM_INSTRUCTION_ERROR, set by an emulated VMfailValid), which a
 *       shadow copy would show stale.
 *   RW  read and written without exits; copied from the shadow VMCS into
 *       L1's VMCS at each nested VM entry.
 *   RO  the VM-exit information fields L1 reads after every nested VM
 *       exit: read without exits, and (with asymmetric bitmaps) written
 *       with one, so a nested VM entry need not copy them back.
 * The set is KVM's (arch/x86/kvm/vmx/vmcs_shadow_fields.h) but for
 * CS and SS access rights, which are RW here: they are guest state L1
 * may write, and RO is kept to the exit information. A field is only
 * ever shadowed when the capabilities L1 is given include it.
 */
enum vmcs_shadow {
	VMCS_SHADOW_NO,
	VMCS_SHADOW_RW,
	VMCS_SHADOW_RO,
};

/*
 * X(name, encoding, group, shadow), in the order of appendix B: by width,
 * then by type, then by encoding. The encodings were cross-checked
 * against KVM's enum vmcs_field and Bochs' cpu/vmx.h; the FRED fields
 * (*_IA32_FRED_*, INJECTED_EVENT_DATA, ORIGINAL_EVENT_DATA) follow the
 * FRED specification as Intel's KVM patches encode it.
 */
#define VMCS_FIELDS(X)						\
	/* B.1.1 16-bit control fields */			\
	X(VIRTUAL_PROCESSOR_ID,			0x0000, CTRL, NO)	\
	X(POSTED_INTR_NV,			0x0002, CTRL, NO)	\
	X(EPTP_INDEX,				0x0004, CTRL, NO)	\
	X(HLAT_PREFIX_SIZE,			0x0006, CTRL, NO)	\
	X(LAST_PID_POINTER_INDEX,		0x0008, CTRL, NO)	\
	/* B.1.2 16-bit guest-state fields */			\
	X(GUEST_ES_SELECTOR,			0x0800, GUEST, NO)	\
	X(GUEST_CS_SELECTOR,			0x0802, GUEST, NO)	\
	X(GUEST_SS_SELECTOR,			0x0804, GUEST, NO)	\
	X(GUEST_DS_SELECTOR,			0x0806, GUEST, NO)	\
	X(GUEST_FS_SELECTOR,			0x0808, GUEST, NO)	\
	X(GUEST_GS_SELECTOR,			0x080a, GUEST, NO)	\
	X(GUEST_LDTR_SELECTOR,			0x080c, GUEST, NO)	\
	X(GUEST_TR_SELECTOR,			0x080e, GUEST, NO)	\
	X(GUEST_INTR_STATUS,			0x0810, GUEST, RW)	\
	X(GUEST_PML_INDEX,			0x0812, GUEST, RW)	\
	X(GUEST_UINV,				0x0814, GUEST, NO)	\
	/* B.1.3 16-bit host-state fields */			\
	X(HOST_ES_SELECTOR,			0x0c00, HOST, NO)	\
	X(HOST_CS_SELECTOR,			0x0c02, HOST, NO)	\
	X(HOST_SS_SELECTOR,			0x0c04, HOST, NO)	\
	X(HOST_DS_SELECTOR,			0x0c06, HOST, NO)	\
	X(HOST_FS_SELECTOR,			0x0c08, HOST, RW)	\
	X(HOST_GS_SELECTOR,			0x0c0a, HOST, RW)	\
	X(HOST_TR_SELECTOR,			0x0c0c, HOST, NO)	\
	/* B.2.1 64-bit control fields */			\
	X(IO_BITMAP_A,				0x2000, CTRL, NO)	\
	X(IO_BITMAP_B,				0x2002, CTRL, NO)	\
	X(MSR_BITMAP,				0x2004, CTRL, NO)	\
	X(VM_EXIT_MSR_STORE_ADDR,		0x2006, CTRL, NO)	\
	X(VM_EXIT_MSR_LOAD_ADDR,		0x2008, CTRL, NO)	\
	X(VM_ENTRY_MSR_LOAD_ADDR,		0x200a, CTRL, NO)	\
	X(EXECUTIVE_VMCS_POINTER,		0x200c, CTRL, NO)	\
	X(PML_ADDRESS,				0x200e, CTRL, NO)	\
	X(TSC_OFFSET,				0x2010, CTRL, NO)	\
	X(VIRTUAL_APIC_PAGE_ADDR,		0x2012, CTRL, NO)	\
	X(APIC_ACCESS_ADDR,			0x2014, CTRL, NO)	\
	X(POSTED_INTR_DESC_ADDR,		0x2016, CTRL, NO)	\
	X(VM_FUNCTION_CONTROL,			0x2018, CTRL, NO)	\
	X(EPT_POINTER,				0x201a, CTRL, NO)	\
	X(EOI_EXIT_BITMAP0,			0x201c, CTRL, NO)	\
	X(EOI_EXIT_BITMAP1,			0x201e, CTRL, NO)	\
	X(EOI_EXIT_BITMAP2,			0x2020, CTRL, NO)	\
	X(EOI_EXIT_BITMAP3,			0x2022, CTRL, NO)	\
	X(EPTP_LIST_ADDRESS,			0x2024, CTRL, NO)	\
	X(VMREAD_BITMAP,			0x2026, CTRL, NO)	\
	X(VMWRITE_BITMAP,			0x2028, CTRL, NO)	\
	X(VE_INFORMATION_ADDRESS,		0x202a, CTRL, NO)	\
	X(XSS_EXIT_BITMAP,			0x202c, CTRL, NO)	\
	X(ENCLS_EXITING_BITMAP,			0x202e, CTRL, NO)	\
	X(SPPT_POINTER,				0x2030, CTRL, NO)	\
	X(TSC_MULTIPLIER,			0x2032, CTRL, NO)	\
	X(TERTIARY_VM_EXEC_CONTROL,		0x2034, CTRL, NO)	\
	X(ENCLV_EXITING_BITMAP,			0x2036, CTRL, NO)	\
	X(LOW_PASID_DIRECTORY_ADDR,		0x2038, CTRL, NO)	\
	X(HIGH_PASID_DIRECTORY_ADDR,		0x203a, CTRL, NO)	\
	X(SHARED_EPT_POINTER,			0x203c, CTRL, NO)	\
	X(PCONFIG_EXITING_BITMAP,		0x203e, CTRL, NO)	\
	X(HLATP,				0x2040, CTRL, NO)	\
	X(PID_POINTER_TABLE,			0x2042, CTRL, NO)	\
	X(SECONDARY_VM_EXIT_CONTROLS,		0x2044, CTRL, NO)	\
	X(IA32_SPEC_CTRL_MASK,			0x204a, CTRL, NO)	\
	X(IA32_SPEC_CTRL_SHADOW,		0x204c, CTRL, NO)	\
	X(INJECTED_EVENT_DATA,			0x2052, CTRL, NO)	\
	/* B.2.2 64-bit read-only data fields */		\
	X(GUEST_PHYSICAL_ADDRESS,		0x2400, EXIT, RO)	\
	X(ORIGINAL_EVENT_DATA,			0x2404, EXIT, NO)	\
	/* B.2.3 64-bit guest-state fields */			\
	X(VMCS_LINK_POINTER,			0x2800, GUEST, NO)	\
	X(GUEST_IA32_DEBUGCTL,			0x2802, GUEST, NO)	\
	X(GUEST_IA32_PAT,			0x2804, GUEST, NO)	\
	X(GUEST_IA32_EFER,			0x2806, GUEST, NO)	\
	X(GUEST_IA32_PERF_GLOBAL_CTRL,		0x2808, GUEST, NO)	\
	X(GUEST_PDPTR0,				0x280a, GUEST, NO)	\
	X(GUEST_PDPTR1,				0x280c, GUEST, NO)	\
	X(GUEST_PDPTR2,				0x280e, GUEST, NO)	\
	X(GUEST_PDPTR3,				0x2810, GUEST, NO)	\
	X(GUEST_BNDCFGS,			0x2812, GUEST, NO)	\
	X(GUEST_IA32_RTIT_CTL,			0x2814, GUEST, NO)	\
	X(GUEST_IA32_LBR_CTL,			0x2816, GUEST, NO)	\
	X(GUEST_IA32_PKRS,			0x2818, GUEST, NO)	\
	X(GUEST_IA32_FRED_CONFIG,		0x281a, GUEST, NO)	\
	X(GUEST_IA32_FRED_RSP1,			0x281c, GUEST, NO)	\
	X(GUEST_IA32_FRED_RSP2,			0x281e, GUEST, NO)	\
	X(GUEST_IA32_FRED_RSP3,			0x2820, GUEST, NO)	\
	X(GUEST_IA32_FRED_STKLVLS,		0x2822, GUEST, NO)	\
	X(GUEST_IA32_FRED_SSP1,			0x2824, GUEST, NO)	\
	X(GUEST_IA32_FRED_SSP2,			0x2826, GUEST, NO)	\
	X(GUEST_IA32_FRED_SSP3,			0x2828, GUEST, NO)	\
	/* B.2.4 64-bit host-state fields */			\
	X(HOST_IA32_PAT,			0x2c00, HOST, NO)	\
	X(HOST_IA32_EFER,			0x2c02, HOST, NO)	\
	X(HOST_IA32_PERF_GLOBAL_CTRL,		0x2c04, HOST, NO)	\
	X(HOST_IA32_PKRS,			0x2c06, HOST, NO)	\
	X(HOST_IA32_FRED_CONFIG,		0x2c08, HOST, NO)	\
	X(HOST_IA32_FRED_RSP1,			0x2c0a, HOST, NO)	\
	X(HOST_IA32_FRED_RSP2,			0x2c0c, HOST, NO)	\
	X(HOST_IA32_FRED_RSP3,			0x2c0e, HOST, NO)	\
	X(HOST_IA32_FRED_STKLVLS,		0x2c10, HOST, NO)	\
	X(HOST_IA32_FRED_SSP1,			0x2c12, HOST, NO)	\
	X(HOST_IA32_FRED_SSP2,			0x2c14, HOST, NO)	\
	X(HOST_IA32_FRED_SSP3,			0x2c16, HOST, NO)	\
	/* B.3.1 32-bit control fields */			\
	X(PIN_BASED_VM_EXEC_CONTROL,		0x4000, CTRL, NO)	\
	X(CPU_BASED_VM_EXEC_CONTROL,		0x4002, CTRL, RW)	\
	X(EXCEPTION_BITMAP,			0x4004, CTRL, RW)	\
	X(PAGE_FAULT_ERROR_CODE_MASK,		0x4006, CTRL, NO)	\
	X(PAGE_FAULT_ERROR_CODE_MATCH,		0x4008, CTRL, NO)	\
	X(CR3_TARGET_COUNT,			0x400a, CTRL, NO)	\
	X(VM_EXIT_CONTROLS,			0x400c, CTRL, NO)	\
	X(VM_EXIT_MSR_STORE_COUNT,		0x400e, CTRL, NO)	\
	X(VM_EXIT_MSR_LOAD_COUNT,		0x4010, CTRL, NO)	\
	X(VM_ENTRY_CONTROLS,			0x4012, CTRL, NO)	\
	X(VM_ENTRY_MSR_LOAD_COUNT,		0x4014, CTRL, NO)	\
	X(VM_ENTRY_INTR_INFO_FIELD,		0x4016, CTRL, RW)	\
	X(VM_ENTRY_EXCEPTION_ERROR_CODE,	0x4018, CTRL, RW)	\
	X(VM_ENTRY_INSTRUCTION_LEN,		0x401a, CTRL, RW)	\
	X(TPR_THRESHOLD,			0x401c, CTRL, RW)	\
	X(SECONDARY_VM_EXEC_CONTROL,		0x401e, CTRL, NO)	\
	X(PLE_GAP,				0x4020, CTRL, NO)	\
	X(PLE_WINDOW,				0x4022, CTRL, NO)	\
	X(NOTIFY_WINDOW,			0x4024, CTRL, NO)	\
	/* B.3.2 32-bit read-only data fields */		\
	X(VM_INSTRUCTION_ERROR,			0x4400, EXIT, NO)	\
	X(VM_EXIT_REASON,			0x4402, EXIT, RO)	\
	X(VM_EXIT_INTR_INFO,			0x4404, EXIT, RO)	\
	X(VM_EXIT_INTR_ERROR_CODE,		0x4406, EXIT, RO)	\
	X(IDT_VECTORING_INFO_FIELD,		0x4408, EXIT, RO)	\
	X(IDT_VECTORING_ERROR_CODE,		0x440a, EXIT, RO)	\
	X(VM_EXIT_INSTRUCTION_LEN,		0x440c, EXIT, RO)	\
	X(VMX_INSTRUCTION_INFO,			0x440e, EXIT, NO)	\
	/* B.3.3 32-bit guest-state fields */			\
	X(GUEST_ES_LIMIT,			0x4800, GUEST, NO)	\
	X(GUEST_CS_LIMIT,			0x4802, GUEST, NO)	\
	X(GUEST_SS_LIMIT,			0x4804, GUEST, NO)	\
	X(GUEST_DS_LIMIT,			0x4806, GUEST, NO)	\
	X(GUEST_FS_LIMIT,			0x4808, GUEST, NO)	\
	X(GUEST_GS_LIMIT,			0x480a, GUEST, NO)	\
	X(GUEST_LDTR_LIMIT,			0x480c, GUEST, NO)	\
	X(GUEST_TR_LIMIT,			0x480e, GUEST, NO)	\
	X(GUEST_GDTR_LIMIT,			0x4810, GUEST, NO)	\
	X(GUEST_IDTR_LIMIT,			0x4812, GUEST, NO)	\
	X(GUEST_ES_AR_BYTES,			0x4814, GUEST, NO)	\
	X(GUEST_CS_AR_BYTES,			0x4816, GUEST, RW)	\
	X(GUEST_SS_AR_BYTES,			0x4818, GUEST, RW)	\
	X(GUEST_DS_AR_BYTES,			0x481a, GUEST, NO)	\
	X(GUEST_FS_AR_BYTES,			0x481c, GUEST, NO)	\
	X(GUEST_GS_AR_BYTES,			0x481e, GUEST, NO)	\
	X(GUEST_LDTR_AR_BYTES,			0x4820, GUEST, NO)	\
	X(GUEST_TR_AR_BYTES,			0x4822, GUEST, NO)	\
	X(GUEST_INTERRUPTIBILITY_INFO,		0x4824, GUEST, RW)	\
	X(GUEST_ACTIVITY_STATE,			0x4826, GUEST, NO)	\
	X(GUEST_SMBASE,				0x4828, GUEST, NO)	\
	X(GUEST_SYSENTER_CS,			0x482a, GUEST, NO)	\
	X(VMX_PREEMPTION_TIMER_VALUE,		0x482e, GUEST, RW)	\
	/* B.3.4 32-bit host-state field */			\
	X(HOST_IA32_SYSENTER_CS,		0x4c00, HOST, NO)	\
	/* B.4.1 natural-width control fields */		\
	X(CR0_GUEST_HOST_MASK,			0x6000, CTRL, RW)	\
	X(CR4_GUEST_HOST_MASK,			0x6002, CTRL, NO)	\
	X(CR0_READ_SHADOW,			0x6004, CTRL, RW)	\
	X(CR4_READ_SHADOW,			0x6006, CTRL, RW)	\
	X(CR3_TARGET_VALUE0,			0x6008, CTRL, NO)	\
	X(CR3_TARGET_VALUE1,			0x600a, CTRL, NO)	\
	X(CR3_TARGET_VALUE2,			0x600c, CTRL, NO)	\
	X(CR3_TARGET_VALUE3,			0x600e, CTRL, NO)	\
	/* B.4.2 natural-width read-only data fields */		\
	X(EXIT_QUALIFICATION,			0x6400, EXIT, RO)	\
	X(IO_RCX,				0x6402, EXIT, NO)	\
	X(IO_RSI,				0x6404, EXIT, NO)	\
	X(IO_RDI,				0x6406, EXIT, NO)	\
	X(IO_RIP,				0x6408, EXIT, NO)	\
	X(GUEST_LINEAR_ADDRESS,			0x640a, EXIT, RO)	\
	/* B.4.3 natural-width guest-state fields */		\
	X(GUEST_CR0,				0x6800, GUEST, RW)	\
	X(GUEST_CR3,				0x6802, GUEST, RW)	\
	X(GUEST_CR4,				0x6804, GUEST, RW)	\
	X(GUEST_ES_BASE,			0x6806, GUEST, NO)	\
	X(GUEST_CS_BASE,			0x6808, GUEST, NO)	\
	X(GUEST_SS_BASE,			0x680a, GUEST, NO)	\
	X(GUEST_DS_BASE,			0x680c, GUEST, NO)	\
	X(GUEST_FS_BASE,			0x680e, GUEST, NO)	\
	X(GUEST_GS_BASE,			0x6810, GUEST, NO)	\
	X(GUEST_LDTR_BASE,			0x6812, GUEST, NO)	\
	X(GUEST_TR_BASE,			0x6814, GUEST, NO)	\
	X(GUEST_GDTR_BASE,			0x6816, GUEST, NO)	\
	X(GUEST_IDTR_BASE,			0x6818, GUEST, NO)	\
	X(GUEST_DR7,				0x681a, GUEST, NO)	\
	X(GUEST_RSP,				0x681c, GUEST, RW)	\
	X(GUEST_RIP,				0x681e, GUEST, RW)	\
	X(GUEST_RFLAGS,				0x6820, GUEST, RW)	\
	X(GUEST_PENDING_DBG_EXCEPTIONS,		0x6822, GUEST, NO)	\
	X(GUEST_SYSENTER_ESP,			0x6824, GUEST, NO)	\
	X(GUEST_SYSENTER_EIP,			0x6826, GUEST, NO)	\
	X(GUEST_S_CET,				0x6828, GUEST, NO)	\
	X(GUEST_SSP,				0x682a, GUEST, NO)	\
	X(GUEST_INTR_SSP_TABLE,			0x682c, GUEST, NO)	\
	/* B.4.4 natural-width host-state fields */		\
	X(HOST_CR0,				0x6c00, HOST, NO)	\
	X(HOST_CR3,				0x6c02, HOST, NO)	\
	X(HOST_CR4,				0x6c04, HOST, NO)	\
	X(HOST_FS_BASE,				0x6c06, HOST, RW)	\
	X(HOST_GS_BASE,				0x6c08, HOST, RW)	\
	X(HOST_TR_BASE,				0x6c0a, HOST, NO)	\
	X(HOST_GDTR_BASE,			0x6c0c, HOST, NO)	\
	X(HOST_IDTR_BASE,			0x6c0e, HOST, NO)	\
	X(HOST_IA32_SYSENTER_ESP,		0x6c10, HOST, NO)	\
	X(HOST_IA32_SYSENTER_EIP,		0x6c12, HOST, NO)	\
	X(HOST_RSP,				0x6c14, HOST, NO)	\
	X(HOST_RIP,				0x6c16, HOST, NO)	\
	X(HOST_S_CET,				0x6c18, HOST, NO)	\
	X(HOST_SSP,				0x6c1a, HOST, NO)	\
	X(HOST_INTR_SSP_TABLE,			0x6c1c, HOST, NO)

enum vmcs_field {
#define X(field, enc, grp, sh)	VMCS_##field = (enc),
	VMCS_FIELDS(X)
#undef X
};

struct vmcs_field_desc {
	uint32_t encoding;
	const char *name;
	enum vmcs_group group;
	enum vmcs_shadow shadow;
};

/* vmcs_field_table[] holds VMCS_FIELDS() in list order. */
extern const struct vmcs_field_desc vmcs_field_table[];
extern const unsigned int vmcs_field_count;

/* The name of the field with this encoding, or "unknown". */
const char *vmcs_field_name(uint32_t encoding);

#endif /* VMX_VMCS_FIELDS_H */
