/*
 * controls.h - the VM-execution, VM-exit and VM-entry control bits, spelled
 * as the SDM spells them (vol. 3, 25.6.1, 25.6.2, 25.7.1 and 25.8.1).
 */
#ifndef VMX_CONTROLS_H
#define VMX_CONTROLS_H

/* Pin-based VM-execution controls (SDM vol. 3, table 25-5) */
#define PIN_BASED_EXT_INTR_EXITING		(1u << 0)
#define PIN_BASED_NMI_EXITING			(1u << 3)
#define PIN_BASED_VIRTUAL_NMIS			(1u << 5)
#define PIN_BASED_PREEMPTION_TIMER		(1u << 6)
#define PIN_BASED_POSTED_INTR			(1u << 7)

/* Primary processor-based VM-execution controls (SDM vol. 3, table 25-6) */
#define CPU_BASED_INTR_WINDOW_EXITING		(1u << 2)
#define CPU_BASED_USE_TSC_OFFSETTING		(1u << 3)
#define CPU_BASED_HLT_EXITING			(1u << 7)
#define CPU_BASED_INVLPG_EXITING		(1u << 9)
#define CPU_BASED_MWAIT_EXITING			(1u << 10)
#define CPU_BASED_RDPMC_EXITING			(1u << 11)
#define CPU_BASED_RDTSC_EXITING			(1u << 12)
#define CPU_BASED_CR3_LOAD_EXITING		(1u << 15)
#define CPU_BASED_CR3_STORE_EXITING		(1u << 16)
#define CPU_BASED_ACTIVATE_TERTIARY		(1u << 17)
#define CPU_BASED_CR8_LOAD_EXITING		(1u << 19)
#define CPU_BASED_CR8_STORE_EXITING		(1u << 20)
#define CPU_BASED_TPR_SHADOW			(1u << 21)
#define CPU_BASED_NMI_WINDOW_EXITING		(1u << 22)
#define CPU_BASED_MOV_DR_EXITING		(1u << 23)
#define CPU_BASED_UNCOND_IO_EXITING		(1u << 24)
#define CPU_BASED_USE_IO_BITMAPS		(1u << 25)
#define CPU_BASED_MONITOR_TRAP_FLAG		(1u << 27)
#define CPU_BASED_USE_MSR_BITMAPS		(1u << 28)
#define CPU_BASED_MONITOR_EXITING		(1u << 29)
#define CPU_BASED_PAUSE_EXITING			(1u << 30)
#define CPU_BASED_ACTIVATE_SECONDARY		(1u << 31)

/* Secondary processor-based VM-execution controls (SDM vol. 3, table 25-7) */
#define SECONDARY_VIRTUALIZE_APIC_ACCESSES	(1u << 0)
#define SECONDARY_ENABLE_EPT			(1u << 1)
#define SECONDARY_DESC_TABLE_EXITING		(1u << 2)
#define SECONDARY_ENABLE_RDTSCP			(1u << 3)
#define SECONDARY_VIRTUALIZE_X2APIC		(1u << 4)
#define SECONDARY_ENABLE_VPID			(1u << 5)
#define SECONDARY_WBINVD_EXITING		(1u << 6)
#define SECONDARY_UNRESTRICTED_GUEST		(1u << 7)
#define SECONDARY_APIC_REGISTER_VIRT		(1u << 8)
#define SECONDARY_VIRTUAL_INTR_DELIVERY		(1u << 9)
#define SECONDARY_PAUSE_LOOP_EXITING		(1u << 10)
#define SECONDARY_RDRAND_EXITING		(1u << 11)
#define SECONDARY_ENABLE_INVPCID		(1u << 12)
#define SECONDARY_ENABLE_VMFUNC			(1u << 13)
#define SECONDARY_VMCS_SHADOWING		(1u << 14)
#define SECONDARY_ENCLS_EXITING			(1u << 15)
#define SECONDARY_RDSEED_EXITING		(1u << 16)
#define SECONDARY_ENABLE_PML			(1u << 17)
#define SECONDARY_EPT_VIOLATION_VE		(1u << 18)
#define SECONDARY_CONCEAL_VMX_FROM_PT		(1u << 19)
#define SECONDARY_ENABLE_XSAVES			(1u << 20)
#define SECONDARY_MODE_BASED_EPT_EXEC		(1u << 22)
#define SECONDARY_TSC_SCALING			(1u << 25)
#define SECONDARY_ENABLE_USER_WAIT_PAUSE	(1u << 26)

/* VM-exit controls (SDM vol. 3, table 25-13) */
#define VM_EXIT_SAVE_DEBUG_CONTROLS		(1u << 2)
#define VM_EXIT_HOST_ADDR_SPACE_SIZE		(1u << 9)
#define VM_EXIT_LOAD_PERF_GLOBAL_CTRL		(1u << 12)
#define VM_EXIT_ACK_INTR_ON_EXIT		(1u << 15)
#define VM_EXIT_SAVE_IA32_PAT			(1u << 18)
#define VM_EXIT_LOAD_IA32_PAT			(1u << 19)
#define VM_EXIT_SAVE_IA32_EFER			(1u << 20)
#define VM_EXIT_LOAD_IA32_EFER			(1u << 21)
#define VM_EXIT_SAVE_PREEMPTION_TIMER		(1u << 22)
#define VM_EXIT_CLEAR_BNDCFGS			(1u << 23)

/* VM-entry controls (SDM vol. 3, table 25-15) */
#define VM_ENTRY_LOAD_DEBUG_CONTROLS		(1u << 2)
#define VM_ENTRY_IA32E_MODE			(1u << 9)
#define VM_ENTRY_SMM				(1u << 10)
#define VM_ENTRY_DEACT_DUAL_MONITOR		(1u << 11)
#define VM_ENTRY_LOAD_PERF_GLOBAL_CTRL		(1u << 13)
#define VM_ENTRY_LOAD_IA32_PAT			(1u << 14)
#define VM_ENTRY_LOAD_IA32_EFER			(1u << 15)
#define VM_ENTRY_LOAD_BNDCFGS			(1u << 16)

#endif
