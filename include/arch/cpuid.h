/*
 * cpuid.h - CPUID leaves and feature bits by their SDM names (SDM vol.
 * 2A, CPUID, tables 3-8 to 3-11 and the leaf descriptions), one list for
 * the policy, the VMX probe, the VM-entry checks and the payloads.
 * Preprocessor constants only.
 */
#ifndef ARCH_CPUID_H
#define ARCH_CPUID_H

#include "bits.h"

/* The TSC's rate: leaf 0x15, TSC = crystal (ECX, in Hz) * EBX / EAX;
 * leaf 0x16, EAX[15:0] = the base frequency in MHz. */
#define CPUID_LEAF_TSC			0x15
#define CPUID_LEAF_FREQ			0x16
#define CPUID_16_EAX_MHZ(eax)		((eax) & 0xffff)

#define CPUID_LEAF_EXT_BASE		0x80000000
#define CPUID_LEAF_EXT_FEATURES		0x80000001
#define CPUID_LEAF_EXT_ADDR		0x80000008	/* address widths */

/* CPUID.1:ECX (table 3-10). */
#define CPUID_1_ECX_MONITOR		X86_BIT32(3)
#define CPUID_1_ECX_DS_CPL		X86_BIT32(4)
#define CPUID_1_ECX_VMX			X86_BIT32(5)
#define CPUID_1_ECX_SMX			X86_BIT32(6)
#define CPUID_1_ECX_EST			X86_BIT32(7)
#define CPUID_1_ECX_TM2			X86_BIT32(8)
#define CPUID_1_ECX_SDBG		X86_BIT32(11)
#define CPUID_1_ECX_PDCM		X86_BIT32(15)
#define CPUID_1_ECX_X2APIC		X86_BIT32(21)
#define CPUID_1_ECX_TSC_DEADLINE	X86_BIT32(24)
#define CPUID_1_ECX_XSAVE		X86_BIT32(26)
#define CPUID_1_ECX_OSXSAVE		X86_BIT32(27)
#define CPUID_1_ECX_AVX			X86_BIT32(28)
#define CPUID_1_ECX_HYPERVISOR		X86_BIT32(31)

/* CPUID.1:EDX (table 3-11). */
#define CPUID_1_EDX_MCE			X86_BIT32(7)
#define CPUID_1_EDX_MTRR		X86_BIT32(12)
#define CPUID_1_EDX_MCA			X86_BIT32(14)
#define CPUID_1_EDX_DS			X86_BIT32(21)
#define CPUID_1_EDX_ACPI		X86_BIT32(22)
#define CPUID_1_EDX_TM			X86_BIT32(29)
#define CPUID_1_EDX_PBE			X86_BIT32(31)
/* CPUID.1:EBX[23:16]: logical processors; [31:24]: initial APIC ID. */
#define CPUID_1_EBX_LOGICAL_SHIFT	16

/* CPUID.4:EAX[31:14]: cores and threads sharing the cache. */
#define CPUID_4_EAX_SHARING		0xfffffc00

/* CPUID.(7,0):EBX, ECX. */
#define CPUID_7_EBX_AVX2		X86_BIT32(5)
#define CPUID_7_EBX_INVPCID		X86_BIT32(10)
#define CPUID_7_EBX_RTM			X86_BIT32(11)
#define CPUID_7_EBX_MPX			X86_BIT32(14)
#define CPUID_7_EBX_AVX512F		X86_BIT32(16)
#define CPUID_7_EBX_PT			X86_BIT32(25)
#define CPUID_7_EBX_AVX512_MORE		0xfffe0000	/* 31:17 */
#define CPUID_7_ECX_LA57		X86_BIT32(16)
#define CPUID_7_ECX_BUS_LOCK_DETECT	X86_BIT32(24)

/*
 * The features that enumerate CR4 bits (SDM vol. 3, 2.5; vol. 2A, CPUID):
 * src/policy/policy.c allows a CR4 bit only where the guest's CPUID shows
 * its feature.
 */
#define CPUID_1_EDX_VME			X86_BIT32(1)
#define CPUID_1_EDX_DE			X86_BIT32(2)
#define CPUID_1_EDX_PSE			X86_BIT32(3)
#define CPUID_1_EDX_TSC			X86_BIT32(4)
#define CPUID_1_EDX_PAE			X86_BIT32(6)
#define CPUID_1_EDX_PGE			X86_BIT32(13)
#define CPUID_1_EDX_FXSR		X86_BIT32(24)
#define CPUID_1_EDX_SSE			X86_BIT32(25)
#define CPUID_1_ECX_PCID		X86_BIT32(17)
#define CPUID_7_EBX_FSGSBASE		X86_BIT32(0)
#define CPUID_7_EBX_SMEP		X86_BIT32(7)
#define CPUID_7_EBX_SMAP		X86_BIT32(20)
#define CPUID_7_ECX_UMIP		X86_BIT32(2)
#define CPUID_7_ECX_PKU			X86_BIT32(3)
#define CPUID_7_ECX_CET_SS		X86_BIT32(7)
#define CPUID_7_ECX_KL			X86_BIT32(23)
#define CPUID_7_ECX_PKS			X86_BIT32(31)
#define CPUID_7_EDX_CET_IBT		X86_BIT32(20)

/* CPUID.80000001H:EDX. */
#define CPUID_80000001_EDX_SYSCALL	X86_BIT32(11)
#define CPUID_80000001_EDX_NX		X86_BIT32(20)
#define CPUID_80000001_EDX_PAGE1GB	X86_BIT32(26)
#define CPUID_80000001_EDX_RDTSCP	X86_BIT32(27)
#define CPUID_80000001_EDX_LM		X86_BIT32(29)

/* CPUID.80000008H:EAX: physical (7:0) and linear (15:8) address width. */
#define CPUID_80000008_EAX_PHYS(eax)	((eax) & 0xff)
#define CPUID_80000008_EAX_LINEAR(eax)	(((eax) >> 8) & 0xff)

#endif
