/*
 * controls.h - the VM-execution, VM-exit and VM-entry control bits, spelled
 * as the SDM spells them (vol. 3, 25.6.1, 25.6.2, 25.7.1 and 25.8.1). Each
 * control word is one X-macro list; the bit constants and the names used
 * in messages are both generated from it.
 */
#ifndef VMX_CONTROLS_H
#define VMX_CONTROLS_H

#include <stdint.h>

#include "caps.h"

/* Pin-based VM-execution controls (SDM vol. 3, table 25-5) */
#define PIN_BASED_CONTROLS(X) \
	X(EXT_INTR_EXITING, 0) \
	X(NMI_EXITING, 3) \
	X(VIRTUAL_NMIS, 5) \
	X(PREEMPTION_TIMER, 6) \
	X(POSTED_INTR, 7)

enum {
#define X(name, bit) PIN_BASED_##name = 1u << (bit),
	PIN_BASED_CONTROLS(X)
#undef X
};

/* Primary processor-based VM-execution controls (SDM vol. 3, table 25-6) */
#define CPU_BASED_CONTROLS(X) \
	X(INTR_WINDOW_EXITING, 2) \
	X(USE_TSC_OFFSETTING, 3) \
	X(HLT_EXITING, 7) \
	X(INVLPG_EXITING, 9) \
	X(MWAIT_EXITING, 10) \
	X(RDPMC_EXITING, 11) \
	X(RDTSC_EXITING, 12) \
	X(CR3_LOAD_EXITING, 15) \
	X(CR3_STORE_EXITING, 16) \
	X(ACTIVATE_TERTIARY, 17) \
	X(CR8_LOAD_EXITING, 19) \
	X(CR8_STORE_EXITING, 20) \
	X(TPR_SHADOW, 21) \
	X(NMI_WINDOW_EXITING, 22) \
	X(MOV_DR_EXITING, 23) \
	X(UNCOND_IO_EXITING, 24) \
	X(USE_IO_BITMAPS, 25) \
	X(MONITOR_TRAP_FLAG, 27) \
	X(USE_MSR_BITMAPS, 28) \
	X(MONITOR_EXITING, 29) \
	X(PAUSE_EXITING, 30) \
	X(ACTIVATE_SECONDARY, 31)

enum {
#define X(name, bit) CPU_BASED_##name = 1u << (bit),
	CPU_BASED_CONTROLS(X)
#undef X
};

/* Secondary processor-based VM-execution controls (SDM vol. 3, table 25-7) */
#define SECONDARY_CONTROLS(X) \
	X(VIRTUALIZE_APIC_ACCESSES, 0) \
	X(ENABLE_EPT, 1) \
	X(DESC_TABLE_EXITING, 2) \
	X(ENABLE_RDTSCP, 3) \
	X(VIRTUALIZE_X2APIC, 4) \
	X(ENABLE_VPID, 5) \
	X(WBINVD_EXITING, 6) \
	X(UNRESTRICTED_GUEST, 7) \
	X(APIC_REGISTER_VIRT, 8) \
	X(VIRTUAL_INTR_DELIVERY, 9) \
	X(PAUSE_LOOP_EXITING, 10) \
	X(RDRAND_EXITING, 11) \
	X(ENABLE_INVPCID, 12) \
	X(ENABLE_VMFUNC, 13) \
	X(VMCS_SHADOWING, 14) \
	X(ENCLS_EXITING, 15) \
	X(RDSEED_EXITING, 16) \
	X(ENABLE_PML, 17) \
	X(EPT_VIOLATION_VE, 18) \
	X(CONCEAL_VMX_FROM_PT, 19) \
	X(ENABLE_XSAVES, 20) \
	X(MODE_BASED_EPT_EXEC, 22) \
	X(SPP, 23) \
	X(TSC_SCALING, 25) \
	X(ENABLE_USER_WAIT_PAUSE, 26)

enum {
#define X(name, bit) SECONDARY_##name = 1u << (bit),
	SECONDARY_CONTROLS(X)
#undef X
};

/* VM-exit controls (SDM vol. 3, table 25-13) */
#define VM_EXIT_CONTROLS_LIST(X) \
	X(SAVE_DEBUG_CONTROLS, 2) \
	X(HOST_ADDR_SPACE_SIZE, 9) \
	X(LOAD_PERF_GLOBAL_CTRL, 12) \
	X(ACK_INTR_ON_EXIT, 15) \
	X(SAVE_IA32_PAT, 18) \
	X(LOAD_IA32_PAT, 19) \
	X(SAVE_IA32_EFER, 20) \
	X(LOAD_IA32_EFER, 21) \
	X(SAVE_PREEMPTION_TIMER, 22) \
	X(CLEAR_BNDCFGS, 23) \
	X(LOAD_CET, 28) \
	X(LOAD_PKRS, 29)

enum {
#define X(name, bit) VM_EXIT_##name = 1u << (bit),
	VM_EXIT_CONTROLS_LIST(X)
#undef X
};

/* VM-entry controls (SDM vol. 3, table 25-15) */
#define VM_ENTRY_CONTROLS_LIST(X) \
	X(LOAD_DEBUG_CONTROLS, 2) \
	X(IA32E_MODE, 9) \
	X(SMM, 10) \
	X(DEACT_DUAL_MONITOR, 11) \
	X(LOAD_PERF_GLOBAL_CTRL, 13) \
	X(LOAD_IA32_PAT, 14) \
	X(LOAD_IA32_EFER, 15) \
	X(LOAD_BNDCFGS, 16) \
	X(LOAD_CET, 20) \
	X(LOAD_PKRS, 22)

enum {
#define X(name, bit) VM_ENTRY_##name = 1u << (bit),
	VM_ENTRY_CONTROLS_LIST(X)
#undef X
};

enum vmx_ctl_word { CTL_PIN, CTL_PROC, CTL_PROC2, CTL_EXIT, CTL_ENTRY, CTL_NR };

/* "pin-based", "primary processor-based", ... */
const char *vmx_ctl_word_name(enum vmx_ctl_word w);
/* The SDM name of bit @bit of control word @w, or NULL when unnamed. */
const char *vmx_ctl_bit_name(enum vmx_ctl_word w, unsigned int bit);

/*
 * Fit a control word to its capability MSR (SDM vol. 3, A.3-A.5): the
 * allowed-0 bits are forced on, @optional bits the CPU cannot set are
 * dropped (reported in *@dropped), @required bits it cannot set make the
 * call fail (reported in *@missing). Returns 0 or -1.
 */
int vmx_adjust_ctl(const struct vmx_ctl_caps *caps, uint32_t required,
		   uint32_t optional, uint32_t *out, uint32_t *missing,
		   uint32_t *dropped);

#endif
