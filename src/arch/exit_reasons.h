/*
 * exit_reasons.h - the VMX basic exit reasons and the VM-instruction error
 * numbers, each listed once.
 *
 * EXIT_REASONS() is SDM vol. 3, appendix C "VMX basic exit reasons"
 * (table C-1); VM_INSTRUCTION_ERRORS() is SDM vol. 3, 31.4 "VM instruction
 * error numbers" (table 31-1). The enums, the name tables behind
 * exit_reason_name() and vm_instruction_error_name(), and the bounds
 * EXIT_REASON_MAX and VMXERR_MAX are generated from them. Names follow
 * KVM (arch/x86/include/uapi/asm/vmx.h, asm/vmx.h) where KVM has one; the
 * strings are the SDM's descriptions.
 */
#ifndef VMX_EXIT_REASONS_H
#define VMX_EXIT_REASONS_H

/*
 * Exit-reason field (SDM vol. 3, 25.9.1, table 25-18): bits 15:0 hold the
 * basic exit reason, bit 31 is set when VM entry failed (SDM vol. 3,
 * 28.8) and the exit is to the instruction after VMLAUNCH or VMRESUME.
 */
#define VMX_EXIT_REASON_FAILED_VMENTRY	(1u << 31)
#define VMX_EXIT_REASON_BASIC(r)	((r) & 0xffff)

/*
 * X(name, basic exit reason, SDM description). Of the numbers not
 * listed, 35, 38, 42 and 71 are unused in table C-1; 82 and 83 had no
 * assignment that could be checked when this list was written.
 */
#define EXIT_REASONS(X)							\
	X(EXCEPTION_NMI,	0,					\
	  "Exception or non-maskable interrupt (NMI)")			\
	X(EXTERNAL_INTERRUPT,	1,  "External interrupt")		\
	X(TRIPLE_FAULT,		2,  "Triple fault")			\
	X(INIT_SIGNAL,		3,  "INIT signal")			\
	X(SIPI_SIGNAL,		4,  "Start-up IPI (SIPI)")		\
	X(IO_SMI,		5,  "I/O system-management interrupt (SMI)") \
	X(OTHER_SMI,		6,  "Other SMI")			\
	X(INTERRUPT_WINDOW,	7,  "Interrupt window")			\
	X(NMI_WINDOW,		8,  "NMI window")			\
	X(TASK_SWITCH,		9,  "Task switch")			\
	X(CPUID,		10, "CPUID")				\
	X(GETSEC,		11, "GETSEC")				\
	X(HLT,			12, "HLT")				\
	X(INVD,			13, "INVD")				\
	X(INVLPG,		14, "INVLPG")				\
	X(RDPMC,		15, "RDPMC")				\
	X(RDTSC,		16, "RDTSC")				\
	X(RSM,			17, "RSM")				\
	X(VMCALL,		18, "VMCALL")				\
	X(VMCLEAR,		19, "VMCLEAR")				\
	X(VMLAUNCH,		20, "VMLAUNCH")				\
	X(VMPTRLD,		21, "VMPTRLD")				\
	X(VMPTRST,		22, "VMPTRST")				\
	X(VMREAD,		23, "VMREAD")				\
	X(VMRESUME,		24, "VMRESUME")				\
	X(VMWRITE,		25, "VMWRITE")				\
	X(VMOFF,		26, "VMXOFF")				\
	X(VMON,			27, "VMXON")				\
	X(CR_ACCESS,		28, "Control-register accesses")	\
	X(DR_ACCESS,		29, "MOV DR")				\
	X(IO_INSTRUCTION,	30, "I/O instruction")			\
	X(MSR_READ,		31, "RDMSR")				\
	X(MSR_WRITE,		32, "WRMSR")				\
	X(INVALID_STATE,	33,					\
	  "VM-entry failure due to invalid guest state")		\
	X(MSR_LOAD_FAIL,	34, "VM-entry failure due to MSR loading") \
	X(MWAIT_INSTRUCTION,	36, "MWAIT")				\
	X(MONITOR_TRAP_FLAG,	37, "Monitor trap flag")		\
	X(MONITOR_INSTRUCTION,	39, "MONITOR")				\
	X(PAUSE_INSTRUCTION,	40, "PAUSE")				\
	X(MCE_DURING_VMENTRY,	41,					\
	  "VM-entry failure due to machine-check event")		\
	X(TPR_BELOW_THRESHOLD,	43, "TPR below threshold")		\
	X(APIC_ACCESS,		44, "APIC access")			\
	X(EOI_INDUCED,		45, "Virtualized EOI")			\
	X(GDTR_IDTR,		46, "Access to GDTR or IDTR")		\
	X(LDTR_TR,		47, "Access to LDTR or TR")		\
	X(EPT_VIOLATION,	48, "EPT violation")			\
	X(EPT_MISCONFIG,	49, "EPT misconfiguration")		\
	X(INVEPT,		50, "INVEPT")				\
	X(RDTSCP,		51, "RDTSCP")				\
	X(PREEMPTION_TIMER,	52, "VMX-preemption timer expired")	\
	X(INVVPID,		53, "INVVPID")				\
	X(WBINVD,		54, "WBINVD or WBNOINVD")		\
	X(XSETBV,		55, "XSETBV")				\
	X(APIC_WRITE,		56, "APIC write")			\
	X(RDRAND,		57, "RDRAND")				\
	X(INVPCID,		58, "INVPCID")				\
	X(VMFUNC,		59, "VMFUNC")				\
	X(ENCLS,		60, "ENCLS")				\
	X(RDSEED,		61, "RDSEED")				\
	X(PML_FULL,		62, "Page-modification log full")	\
	X(XSAVES,		63, "XSAVES")				\
	X(XRSTORS,		64, "XRSTORS")				\
	X(PCONFIG,		65, "PCONFIG")				\
	X(SPP,			66, "SPP-related event")		\
	X(UMWAIT,		67, "UMWAIT")				\
	X(TPAUSE,		68, "TPAUSE")				\
	X(LOADIWKEY,		69, "LOADIWKEY")			\
	X(ENCLV,		70, "ENCLV")				\
	X(ENQCMD_PASID_FAIL,	72, "ENQCMD PASID translation failure")	\
	X(ENQCMDS_PASID_FAIL,	73, "ENQCMDS PASID translation failure") \
	X(BUS_LOCK,		74, "Bus lock")				\
	X(NOTIFY,		75, "Instruction timeout")		\
	X(SEAMCALL,		76, "SEAMCALL")				\
	X(TDCALL,		77, "TDCALL")				\
	X(RDMSRLIST,		78, "RDMSRLIST")			\
	X(WRMSRLIST,		79, "WRMSRLIST")			\
	X(URDMSR,		80, "URDMSR")				\
	X(UWRMSR,		81, "UWRMSR")				\
	X(MSR_READ_IMM,		84, "RDMSR with immediate operand")	\
	X(MSR_WRITE_IMM,	85, "WRMSRNS with immediate operand")

enum exit_reason {
#define X(name, nr, desc)	EXIT_REASON_##name = (nr),
	EXIT_REASONS(X)
#undef X
};

/*
 * One past the largest basic exit reason: the size of a union of arrays
 * of nr + 1 bytes each is the largest nr + 1.
 */
union exit_reason_span {
#define X(name, nr, desc)	char r_##name[(nr) + 1];
	EXIT_REASONS(X)
#undef X
};
#define EXIT_REASON_MAX		((unsigned int)sizeof(union exit_reason_span))

/* The SDM's description of a basic exit reason, or "unknown". */
const char *exit_reason_name(unsigned int basic);

/*
 * X(number, name, SDM description): the VM-instruction error field
 * (VMCS_VM_INSTRUCTION_ERROR) after VMfailValid. Numbers 14, 21 and 27
 * are unused in table 31-1.
 */
#define VM_INSTRUCTION_ERRORS(X)					\
	X(1,  VMXERR_VMCALL_IN_VMX_ROOT_OPERATION,			\
	   "VMCALL executed in VMX root operation")			\
	X(2,  VMXERR_VMCLEAR_INVALID_ADDRESS,				\
	   "VMCLEAR with invalid physical address")			\
	X(3,  VMXERR_VMCLEAR_VMXON_POINTER,				\
	   "VMCLEAR with VMXON pointer")				\
	X(4,  VMXERR_VMLAUNCH_NONCLEAR_VMCS,				\
	   "VMLAUNCH with non-clear VMCS")				\
	X(5,  VMXERR_VMRESUME_NONLAUNCHED_VMCS,				\
	   "VMRESUME with non-launched VMCS")				\
	X(6,  VMXERR_VMRESUME_AFTER_VMXOFF,				\
	   "VMRESUME after VMXOFF (VMXOFF and VMXON between VMLAUNCH "	\
	   "and VMRESUME)")						\
	X(7,  VMXERR_ENTRY_INVALID_CONTROL_FIELD,			\
	   "VM entry with invalid control field(s)")			\
	X(8,  VMXERR_ENTRY_INVALID_HOST_STATE_FIELD,			\
	   "VM entry with invalid host-state field(s)")			\
	X(9,  VMXERR_VMPTRLD_INVALID_ADDRESS,				\
	   "VMPTRLD with invalid physical address")			\
	X(10, VMXERR_VMPTRLD_VMXON_POINTER,				\
	   "VMPTRLD with VMXON pointer")				\
	X(11, VMXERR_VMPTRLD_INCORRECT_VMCS_REVISION_ID,		\
	   "VMPTRLD with incorrect VMCS revision identifier")		\
	X(12, VMXERR_UNSUPPORTED_VMCS_COMPONENT,			\
	   "VMREAD/VMWRITE from/to unsupported VMCS component")		\
	X(13, VMXERR_VMWRITE_READ_ONLY_VMCS_COMPONENT,			\
	   "VMWRITE to read-only VMCS component")			\
	X(15, VMXERR_VMXON_IN_VMX_ROOT_OPERATION,			\
	   "VMXON executed in VMX root operation")			\
	X(16, VMXERR_ENTRY_INVALID_EXECUTIVE_VMCS_POINTER,		\
	   "VM entry with invalid executive-VMCS pointer")		\
	X(17, VMXERR_ENTRY_NONLAUNCHED_EXECUTIVE_VMCS,			\
	   "VM entry with non-launched executive VMCS")			\
	X(18, VMXERR_ENTRY_EXECUTIVE_VMCS_POINTER_NOT_VMXON_POINTER,	\
	   "VM entry with executive-VMCS pointer not VMXON pointer "	\
	   "(when attempting to deactivate the dual-monitor treatment "	\
	   "of SMIs and SMM)")						\
	X(19, VMXERR_VMCALL_NONCLEAR_VMCS,				\
	   "VMCALL with non-clear VMCS (when attempting to activate "	\
	   "the dual-monitor treatment of SMIs and SMM)")		\
	X(20, VMXERR_VMCALL_INVALID_VM_EXIT_CONTROL_FIELDS,		\
	   "VMCALL with invalid VM-exit control fields")		\
	X(22, VMXERR_VMCALL_INCORRECT_MSEG_REVISION_ID,			\
	   "VMCALL with incorrect MSEG revision identifier (when "	\
	   "attempting to activate the dual-monitor treatment of SMIs "	\
	   "and SMM)")							\
	X(23, VMXERR_VMXOFF_UNDER_DUAL_MONITOR_TREATMENT_OF_SMIS_AND_SMM, \
	   "VMXOFF under dual-monitor treatment of SMIs and SMM")	\
	X(24, VMXERR_VMCALL_INVALID_SMM_MONITOR_FEATURES,		\
	   "VMCALL with invalid SMM-monitor features (when attempting "	\
	   "to activate the dual-monitor treatment of SMIs and SMM)")	\
	X(25, VMXERR_ENTRY_INVALID_VM_EXECUTION_CONTROL_FIELDS_IN_EXECUTIVE_VMCS, \
	   "VM entry with invalid VM-execution control fields in "	\
	   "executive VMCS (when attempting to return from SMM)")	\
	X(26, VMXERR_ENTRY_EVENTS_BLOCKED_BY_MOV_SS,			\
	   "VM entry with events blocked by MOV SS")			\
	X(28, VMXERR_INVALID_OPERAND_TO_INVEPT_INVVPID,			\
	   "Invalid operand to INVEPT/INVVPID")

enum vm_instruction_error {
#define X(nr, name, desc)	name = (nr),
	VM_INSTRUCTION_ERRORS(X)
#undef X
};

/* One past the largest VM-instruction error number, as above. */
union vm_instruction_error_span {
#define X(nr, name, desc)	char e_##name[(nr) + 1];
	VM_INSTRUCTION_ERRORS(X)
#undef X
};
#define VMXERR_MAX	((unsigned int)sizeof(union vm_instruction_error_span))

/* The SDM's description of a VM-instruction error number, or "unknown". */
const char *vm_instruction_error_name(unsigned int n);

#endif /* VMX_EXIT_REASONS_H */
