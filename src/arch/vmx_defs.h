/*
 * vmx_defs.h - the encodings of the VMCS's event and state fields, each
 * defined once, named as the SDM names them: interruption information
 * (VM-entry 25.8.3, VM-exit 25.9.2, IDT-vectoring 25.9.3 share one
 * format), guest interruptibility and activity state (25.4.2), and
 * what VMX adds to segment access rights (25.4.1, table 25-2).
 * Preprocessor definitions only: usable from C and assembly.
 *
 * Room src/arch: VMX's hardware facts, one list each (VMCS fields, exit
 * reasons, exit qualifications, controls, capability MSRs, these
 * encodings) and the VMX instructions (vmx_ops.h). It may include only
 * include/arch.
 */
#ifndef ARCH_VMX_DEFS_H
#define ARCH_VMX_DEFS_H

/* Interruption-information fields (SDM vol. 3, tables 25-17, 25-19). */
#define INTR_INFO_VECTOR(i)		((i) & 0xff)
#define INTR_INFO_TYPE(i)		(((i) >> 8) & 7)
#define INTR_INFO_TYPE_SHIFT		8
#define INTR_INFO_DELIVER_CODE		(1u << 11)
#define INTR_INFO_NMI_UNBLOCKING	(1u << 12)	/* exit info only */
#define INTR_INFO_RSVD			0x7ffff000u	/* entry: 30:12 */
#define INTR_INFO_VALID			(1u << 31)

/* Interruption types (bits 10:8). */
#define INTR_TYPE_EXT_INTR		0
#define INTR_TYPE_RESERVED		1
#define INTR_TYPE_NMI			2
#define INTR_TYPE_HW_EXC		3
#define INTR_TYPE_SW_INTR		4
#define INTR_TYPE_PRIV_SW_EXC		5
#define INTR_TYPE_SW_EXC		6
#define INTR_TYPE_OTHER			7

/* An event as the interruption-information field encodes it. */
#define INTR_INFO_EVENT(type, vector) \
	(INTR_INFO_VALID | ((type) << INTR_INFO_TYPE_SHIFT) | (vector))

/* Guest interruptibility state (SDM vol. 3, table 25-3). */
#define INTR_BLOCK_STI			(1u << 0)
#define INTR_BLOCK_MOV_SS		(1u << 1)
#define INTR_BLOCK_SMI			(1u << 2)
#define INTR_BLOCK_NMI			(1u << 3)
#define INTR_ENCLAVE			(1u << 4)

/* Guest activity state (SDM vol. 3, 25.4.2). */
/* An EPT leaf's access rights (SDM vol. 3, 29.3.2, table 29-6). */
#define EPT_R			(1ull << 0)
#define EPT_W			(1ull << 1)
#define EPT_X			(1ull << 2)
#define EPT_RWX			(EPT_R | EPT_W | EPT_X)

#define ACTIVITY_ACTIVE			0
#define ACTIVITY_HLT			1
#define ACTIVITY_SHUTDOWN		2
#define ACTIVITY_WAIT_SIPI		3

/* The VMCS link pointer when no shadow VMCS is linked (SDM vol. 3,
 * 25.4.2), and bit 31 of a VMCS region's first dword: a shadow VMCS
 * (25.2). */
#define VMCS_LINK_NONE			(~0ull)
#define VMCS_SHADOW_INDICATOR		(1u << 31)

/*
 * Segment access rights in the VMCS (SDM vol. 3, table 25-2): the
 * attribute bits are x86.h's AR_* (the descriptor's); VMX adds these.
 */
#define AR_RSVD_11_8			0xf00u
#define AR_UNUSABLE			(1u << 16)
#define AR_RSVD_31_17			0xfffe0000u

#endif
