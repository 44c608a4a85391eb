/*
 * exit.c - the slow path: one handler per basic exit reason, in a table
 * (SDM vol. 3, appendix C lists the reasons; chapter 28 says what each
 * exit records). A reason with no handler stops the guest with its name
 * and qualification; it never hangs.
 */
#include "exit.h"

#include <stdio.h>

#include "console.h"
#include "cpu.h"
#include "crash.h"
#include "early_checks.h"
#include "ept.h"
#include "exit_reasons.h"
#include "intr.h"
#include "guest_line.h"
#include "guest_ram.h"
#include "io.h"
#include "log.h"
#include "msr_emul.h"
#include "policy.h"
#include "vmx.h"
#include "vmx_defs.h"
#include "vmx_ops.h"
#include "watchdog.h"
#include "x86.h"

unsigned long exit_counts[EXIT_COUNT_MASK + 1];

_Static_assert(EXIT_REASON_MAX <= EXIT_COUNT_MASK + 1,
	       "exit_counts[] has a row for every exit reason");

static int guest_rip_report(const char *what)
{
	uart_flush();
	printf("vmm: %s at guest RIP 0x%lx (CS 0x%x, CR0 0x%lx)\n", what,
	       vmcs_readl(VMCS_GUEST_RIP), vmcs_read16(VMCS_GUEST_CS_SELECTOR),
	       vmcs_readl(VMCS_CR0_READ_SHADOW));
	return STOP;
}

void emulate_cpuid(struct vcpu *v)
{
	struct cpuid_regs r = policy_cpuid((uint32_t)v->regs.gpr[VCPU_RAX],
					   (uint32_t)v->regs.gpr[VCPU_RCX],
					   v->proc2_ctls);

	v->regs.gpr[VCPU_RAX] = r.eax;
	v->regs.gpr[VCPU_RBX] = r.ebx;
	v->regs.gpr[VCPU_RCX] = r.ecx;
	v->regs.gpr[VCPU_RDX] = r.edx;
	vcpu_skip_instruction(v);
}

static int handle_cpuid(struct vcpu *v)
{
	emulate_cpuid(v);
	return CONTINUE;
}

static int handle_exception_nmi(struct vcpu *v)
{
	uint32_t info = vmcs_read32(VMCS_VM_EXIT_INTR_INFO);

	if (INTR_INFO_TYPE(info) == INTR_TYPE_NMI)
		return CONTINUE;	/* the host's NMI: nothing to do */
	if (INTR_INFO_VECTOR(info) == VEC_DB)
		return handle_debug_exception(v, info);
	if (INTR_INFO_VECTOR(info) == VEC_AC) {
		/* Reflect it: intercepted only so the delivery passes
		 * through a VM exit each time (vmcs_setup.c). */
		vcpu_inject_exception(v, VEC_AC, 1,
				      vmcs_read32(VMCS_VM_EXIT_INTR_ERROR_CODE));
		return CONTINUE;
	}
	printf("vmm: guest exception %s (vector %u), error code 0x%x\n",
	       exception_name(INTR_INFO_VECTOR(info)), INTR_INFO_VECTOR(info),
	       (info & INTR_INFO_DELIVER_CODE) ?
			vmcs_read32(VMCS_VM_EXIT_INTR_ERROR_CODE) : 0);
	/* #MC is intercepted because it is the host's: the hardware
	 * failed, whatever the guest did (SDM vol. 3, 15.10). */
	vcpu_stop(v, INTR_INFO_VECTOR(info) == VEC_MC ?
		     VMM_EXIT_MACHINE_CHECK : VMM_EXIT_GUEST_VIOLATION);
	return guest_rip_report("intercepted exception");
}

/*
 * A hardware task switch (SDM vol. 3, 8.3) always exits in VMX non-root
 * operation (25.4.2), after the CPU's checks of the gate and the TSS
 * descriptor. It is not emulated: no 64-bit guest can make one (IA-32e
 * mode has no task switching, 8.7), a 32-bit kernel uses one only for a
 * double fault, when it is dying already, and emulating it (saving and
 * loading a whole TSS, each segment load with its own faults, CR3 and
 * the PDPTEs, busy bits and the back link) would be the largest piece of
 * the emulator. The guest is ended as the policy's to deny (README.md),
 * with the source and the new TSS.
 */
static int handle_task_switch(struct vcpu *v)
{
	static const char *const sources[] = {
		[TASK_SWITCH_CALL] = "CALL",
		[TASK_SWITCH_IRET] = "IRET",
		[TASK_SWITCH_JMP] = "JMP",
		[TASK_SWITCH_GATE] = "a task gate in the IDT",
	};
	struct task_switch_qual q = task_switch_qual_decode(v->exit_qual);
	uint32_t event = vmcs_read32(VMCS_IDT_VECTORING_INFO_FIELD);

	uart_flush();
	printf("vmm: guest task switch by %s to TSS selector 0x%04x",
	       sources[q.source], q.selector);
	if (q.source == TASK_SWITCH_GATE && (event & INTR_INFO_VALID))
		printf(", delivering %s (vector %u)",
		       INTR_INFO_TYPE(event) == INTR_TYPE_EXT_INTR ||
		       INTR_INFO_TYPE(event) == INTR_TYPE_SW_INTR ?
				"an interrupt" :
				exception_name(INTR_INFO_VECTOR(event)),
		       INTR_INFO_VECTOR(event));
	printf(": not emulated\n");
	vcpu_stop(v, VMM_EXIT_GUEST_VIOLATION);
	return guest_rip_report("guest stopped");
}

static int handle_external_interrupt(struct vcpu *v)
{
	(void)v;
	return CONTINUE;
}

static int handle_triple_fault(struct vcpu *v)
{
	vcpu_stop(v, VMM_EXIT_GUEST_TRIPLE_FAULT);
	return guest_rip_report("guest triple fault (shutdown)");
}

/* The slow path's view of a preemption-timer exit (fastpath=off, or
 * an exit the fastpath handed over): the timer may be due. */
static int handle_preemption_timer(struct vcpu *v)
{
	int slow_only = v->exit_fastpath == vmx_exit_count_only;

	/* The fastpath counted this exit, unless every exit is slow. */
	if (watchdog_tripped(v) ||
	    (slow_only && !v->timer_soft_disabled && watchdog_timer_exit(v))) {
		uart_flush();
		printf("vmm: watchdog: %u entries in a row exited before the "
		       "guest's first instruction; the guest makes no "
		       "progress\n", v->zero_entries);
		vcpu_stop(v, VMM_EXIT_NO_PROGRESS);
		return guest_rip_report("guest stopped");
	}
	if (!v->timer_soft_disabled)
		intr_timer_expired(v);
	return intr_check_hlt_wake(v);
}

/*
 * Print the bytes as the UART forwards them, through the same sanitizer
 * (guest_line.c): each newline ends a line, the unterminated last one
 * too; every line starts with "guest: " and control bytes are escaped.
 */
static int hypercall_write(struct vcpu *v, uint64_t gpa, uint64_t len)
{
	struct guest_line line = { .len = 0 };
	const uint8_t *s;
	uint64_t i;

	if (len > HC_WRITE_MAX)
		return HC_EINVAL;
	s = guest_ram(v, gpa, len);
	if (!s)
		return HC_EINVAL;
	uart_flush();
	for (i = 0; i < len; i++)
		guest_line_put(&line, s[i]);
	guest_line_flush(&line);
	return 0;
}

static int handle_vmcall(struct vcpu *v)
{
	uint64_t nr = v->regs.gpr[VCPU_RAX];
	int64_t ret;

	if (!policy_hypercall_any_cpl(nr) && vcpu_cpl() != 0) {
		v->regs.gpr[VCPU_RAX] = (uint64_t)HC_EPERM;
		vcpu_skip_instruction(v);
		return CONTINUE;
	}
	switch (nr) {
	case HC_NOP:
		ret = 0;
		break;
	case HC_WRITE:
		ret = hypercall_write(v, v->regs.gpr[VCPU_RBX],
				      v->regs.gpr[VCPU_RCX]);
		break;
	case HC_EXIT_COUNT:
		ret = 0;
		for (unsigned int i = 0; i <= EXIT_COUNT_MASK; i++)
			ret += (int64_t)exit_counts[i];
		break;
	case HC_EXIT:
		uart_flush();
		printf("vmm: guest hypercall exit %lu\n", v->regs.gpr[VCPU_RBX]);
		vcpu_guest_exit(v, v->regs.gpr[VCPU_RBX]);
		return STOP;
	default:
		ret = HC_ENOSYS;
		break;
	}
	v->regs.gpr[VCPU_RAX] = (uint64_t)ret;
	vcpu_skip_instruction(v);
	return CONTINUE;
}

static int msr_access(struct vcpu *v, int write)
{
	uint32_t msr = (uint32_t)v->regs.gpr[VCPU_RCX];
	uint64_t val = (v->regs.gpr[VCPU_RDX] << 32) |
		       (uint32_t)v->regs.gpr[VCPU_RAX];
	int ret = write ? msr_emulate_write(v, msr, val)
			: msr_emulate_read(v, msr, &val);

	if (ret) {
		vcpu_deny(v, write ? "wrmsr" : "rdmsr", msr,
			  "not in the MSR policy; #GP injected");
		vcpu_inject_exception(v, VEC_GP, 1, 0);
		return CONTINUE;
	}
	if (!write) {
		v->regs.gpr[VCPU_RAX] = (uint32_t)val;
		v->regs.gpr[VCPU_RDX] = val >> 32;
	}
	vcpu_skip_instruction(v);
	return CONTINUE;
}

static int handle_rdmsr(struct vcpu *v)
{
	return msr_access(v, 0);
}

static int handle_wrmsr(struct vcpu *v)
{
	return msr_access(v, 1);
}

/* The slow path's EPT violation: guest RAM not mapped yet is zeroed and
 * mapped on demand (guest_ram.c); anything else is a device page or the
 * end of the guest (mmio_emul.c). */
int handle_ept_violation(struct vcpu *v)
{
	uint64_t gpa = vmcs_read64(VMCS_GUEST_PHYSICAL_ADDRESS);

	if (gpa < v->guest_mem_size)
		return guest_ram_ept_violation(v, gpa);
	mmio_emulate(v, gpa, 0);
	return !v->stopped;
}

/* VMX, SMX and monitor instructions: the guest has no such feature. */
static int handle_invalid_opcode(struct vcpu *v)
{
	vcpu_deny(v, "instruction (exit reason)", v->exit_reason,
		  exit_reason_name(v->exit_reason));
	vcpu_inject_exception(v, VEC_UD, 0, 0);
	return CONTINUE;
}

static int handle_gp(struct vcpu *v)
{
	vcpu_deny(v, "instruction (exit reason)", v->exit_reason,
		  exit_reason_name(v->exit_reason));
	vcpu_inject_exception(v, VEC_GP, 1, 0);
	return CONTINUE;
}

static int handle_nop(struct vcpu *v)
{
	vcpu_skip_instruction(v);
	return CONTINUE;
}

static int handle_ept_misconfig(struct vcpu *v)
{
	/* The hypervisor wrote every EPT entry, so a misconfigured one
	 * (SDM vol. 3, 29.3.3.1) is its own bug, never the guest's. */
	printf("vmm: BUG: EPT misconfiguration at guest-physical 0x%lx\n",
	       vmcs_read64(VMCS_GUEST_PHYSICAL_ADDRESS));
	vcpu_stop(v, VMM_EXIT_PANIC);
	return guest_rip_report("guest stopped");
}

typedef int (*exit_handler_t)(struct vcpu *v);

static const exit_handler_t exit_handlers[EXIT_REASON_MAX] = {
	[EXIT_REASON_EXCEPTION_NMI] = handle_exception_nmi,
	[EXIT_REASON_EXTERNAL_INTERRUPT] = handle_external_interrupt,
	[EXIT_REASON_TRIPLE_FAULT] = handle_triple_fault,
	[EXIT_REASON_TASK_SWITCH] = handle_task_switch,
	[EXIT_REASON_CPUID] = handle_cpuid,
	[EXIT_REASON_GETSEC] = handle_invalid_opcode,
	[EXIT_REASON_HLT] = intr_handle_hlt,
	[EXIT_REASON_INTERRUPT_WINDOW] = intr_handle_window,
	[EXIT_REASON_NMI_WINDOW] = intr_handle_nmi_window,
	[EXIT_REASON_TPR_BELOW_THRESHOLD] = intr_handle_tpr_below_threshold,
	[EXIT_REASON_PREEMPTION_TIMER] = handle_preemption_timer,
	[EXIT_REASON_INVD] = handle_nop,
	[EXIT_REASON_RDPMC] = handle_gp,
	[EXIT_REASON_VMCALL] = handle_vmcall,
	[EXIT_REASON_VMCLEAR] = handle_invalid_opcode,
	[EXIT_REASON_VMLAUNCH] = handle_invalid_opcode,
	[EXIT_REASON_VMPTRLD] = handle_invalid_opcode,
	[EXIT_REASON_VMPTRST] = handle_invalid_opcode,
	[EXIT_REASON_VMREAD] = handle_invalid_opcode,
	[EXIT_REASON_VMRESUME] = handle_invalid_opcode,
	[EXIT_REASON_VMWRITE] = handle_invalid_opcode,
	[EXIT_REASON_VMOFF] = handle_invalid_opcode,
	[EXIT_REASON_VMON] = handle_invalid_opcode,
	[EXIT_REASON_CR_ACCESS] = handle_cr_access,
	[EXIT_REASON_IO_INSTRUCTION] = handle_io,
	[EXIT_REASON_MSR_READ] = handle_rdmsr,
	[EXIT_REASON_MSR_WRITE] = handle_wrmsr,
	[EXIT_REASON_MWAIT_INSTRUCTION] = handle_invalid_opcode,
	[EXIT_REASON_MONITOR_INSTRUCTION] = handle_invalid_opcode,
	[EXIT_REASON_EPT_VIOLATION] = handle_ept_violation,
	[EXIT_REASON_EPT_MISCONFIG] = handle_ept_misconfig,
	[EXIT_REASON_INVEPT] = handle_invalid_opcode,
	[EXIT_REASON_INVVPID] = handle_invalid_opcode,
	[EXIT_REASON_XSETBV] = handle_gp,
	[EXIT_REASON_VMFUNC] = handle_invalid_opcode,
};

static int entry_failed(struct vcpu *v, unsigned int basic)
{
	char verdict[64];

	uart_flush();
	snprintf(verdict, sizeof(verdict), "VM-entry failure, exit reason %u",
		 basic);
	early_checks_disagree(v, verdict);
	printf("vmm: VM entry failed: exit reason %u (%s), qualification "
	       "0x%lx\n", basic, exit_reason_name(basic), v->exit_qual);
	vmcs_dump();
	vcpu_stop(v, VMM_EXIT_VMENTRY_FAILED);
	return STOP;
}

static int vmfail(struct vcpu *v, enum exit_fastpath fp)
{
	uart_flush();
	early_checks_disagree(v, fp == EXIT_FASTPATH_VMFAIL_INVALID ?
			      "VMfailInvalid" : "VMfailValid");
	vmx_report_failure(v->launched ? "VMRESUME" : "VMLAUNCH",
			   fp == EXIT_FASTPATH_VMFAIL_INVALID ?
				VMX_FAIL_INVALID : VMX_FAIL_VALID);
	if (fp != EXIT_FASTPATH_VMFAIL_INVALID)
		vmcs_dump();
	vcpu_stop(v, VMM_EXIT_VMENTRY_FAILED);
	return STOP;
}

int handle_exit(struct vcpu *v, enum exit_fastpath fp)
{
	unsigned int basic = v->exit_reason & 0xffff;
	exit_handler_t h;
	int ret;

	if (fp == EXIT_FASTPATH_VMFAIL_VALID ||
	    fp == EXIT_FASTPATH_VMFAIL_INVALID)
		return vmfail(v, fp);
	if (fp == EXIT_FASTPATH_EXIT_HANDLED)
		return v->stopped || !intr_check_hlt_wake(v) ? STOP : CONTINUE;
	v->exit_qual = vmcs_readl(VMCS_EXIT_QUALIFICATION);
	crash_trace_exit(v);
	if (v->exit_reason & VMX_EXIT_REASON_FAILED_VMENTRY)
		return entry_failed(v, basic);
	h = basic < EXIT_REASON_MAX ? exit_handlers[basic] : NULL;
	if (!h) {
		uart_flush();
		printf("vmm: unhandled VM exit %u (%s), qualification 0x%lx\n",
		       basic, exit_reason_name(basic), v->exit_qual);
		vcpu_stop(v, VMM_EXIT_UNHANDLED_EXIT);
		return guest_rip_report("guest stopped");
	}
	ret = h(v);
	if (ret == STOP || v->stopped)
		return STOP;
	return ret;
}

void exit_stats_print(void)
{
	unsigned long total = 0;
	unsigned int i;

	printf("vmm: exit statistics\n");
	printf("vmm:   %-4s %-28s %12s\n", "nr", "reason", "count");
	for (i = 0; i <= EXIT_COUNT_MASK; i++) {
		if (!exit_counts[i])
			continue;
		total += exit_counts[i];
		printf("vmm:   %-4u %-28s %12lu\n", i, exit_reason_name(i),
		       exit_counts[i]);
	}
	printf("vmm:   %-4s %-28s %12lu\n", "", "total", total);
	printf("vmm: uart: %lu lines, %lu bytes out, %lu LSR reads, "
	       "%lu bytes in\n", uart_lines(), uart_stats.bytes_out,
	       uart_stats.lsr_reads, uart_stats.bytes_in);
	guest_ram_stats_print();
	vcpu_deny_stats_print();
	io_unclaimed_stats_print();
}
