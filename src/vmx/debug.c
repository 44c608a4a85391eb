/*
 * debug.c - the #DB intercept (vmcs_setup.c says why: CVE-2015-8104):
 * every debug exception exits and is reflected into the guest as its
 * delivery would have been, and a guest whose #DB delivery raises #DB
 * again before any instruction, for ever, is ended.
 *
 * A #DB that exits has not touched DR6 or DR7 (SDM vol. 3, 28.1), and
 * injecting it touches neither (26.6.1.2), so the reflection does what
 * the delivery would have: DR6 gets the conditions of the exit
 * qualification (table 28-1; 18.2.3), DR7.GD is cleared (18.2.4). The
 * guest's DR6 is the CPU's (MOV DR does not exit, the host never uses
 * the debug registers); DR7 is the VMCS's (the debug controls are
 * switched, run.c). IA32_DEBUGCTL stays 0 (the MSR policy denies it),
 * so LBR and BTF need nothing. RF needs nothing either: the exit saved
 * the RF the delivery would have pushed (28.3.3), and injection pushes
 * the saved one.
 *
 * The loop: a data breakpoint on the stack slot that #DB's delivery
 * writes (with an IST stack, the same slot each time) raises a #DB trap
 * after each delivery, before the handler's first instruction, and a trap
 * outranks interrupts (6.9): without the intercept the CPU never leaves
 * it. With it, each round is a VM exit, the host in control. When two #DB
 * exits in a row find the guest in the same place, the next reflection is
 * made with a forced immediate exit (a VMX-preemption timer of 0, whose
 * VM exit comes before any instruction but after a debug trap the
 * delivery raises, 26.6.4): if the very next exit is that #DB again, with
 * the guest where it started, the delivery alone brought it back and
 * nothing can ever change. The guest is ended as halted forever. A timer
 * exit instead means the guest was about to run an instruction: the
 * reflection goes on.
 */
#include "exit.h"

#include <stdio.h>

#include "io.h"
#include "vmx_defs.h"
#include "vmx_ops.h"
#include "x86.h"

/* Where the guest was at the last #DB exit, and the count of exits when
 * the reflection from there was made with a forced immediate exit. */
static struct {
	uint64_t rip, rsp, rflags;
	int seen;
	unsigned long probe_exits;
} last_db;

static unsigned long exits_so_far(void)
{
	unsigned long n = 0;
	unsigned int i;

	for (i = 0; i <= EXIT_COUNT_MASK; i++)
		n += exit_counts[i];
	return n;
}

/* DR6 after a delivery of the #DB described by @qual (SDM vol. 3,
 * 18.2.3): B0-B3 are those met, BD and BS are added and never cleared,
 * RTM (active low) is 0 only for a #DB in an RTM region. */
static uint64_t dr6_after(uint64_t dr6, uint64_t qual)
{
	dr6 = (dr6 & ~(uint64_t)DR6_B0_B3) | DR6_FIXED1 | DR6_RTM |
	      (qual & (DB_QUAL_B0_B3 | DB_QUAL_BD | DB_QUAL_BS));
	if (qual & DB_QUAL_RTM)
		dr6 &= ~(uint64_t)DR6_RTM;
	return dr6;
}

int handle_debug_exception(struct vcpu *v, uint32_t info)
{
	uint64_t rip = vmcs_readl(VMCS_GUEST_RIP);
	uint64_t rsp = vmcs_readl(VMCS_GUEST_RSP);
	uint64_t rflags = vmcs_readl(VMCS_GUEST_RFLAGS);
	uint64_t dr7 = vmcs_readl(VMCS_GUEST_DR7);
	uint32_t blocking = vmcs_read32(VMCS_GUEST_INTERRUPTIBILITY_INFO);
	int again = last_db.seen && rip == last_db.rip &&
		    rsp == last_db.rsp && rflags == last_db.rflags;
	unsigned long exits = exits_so_far();
	int probed = last_db.probe_exits && exits == last_db.probe_exits + 1;

	write_dr6(dr6_after(read_dr6(), v->exit_qual));
	if (dr7 & DR7_GD)
		vmcs_writel(VMCS_GUEST_DR7, dr7 & ~(uint64_t)DR7_GD);
	/*
	 * A single-step trap in an STI or MOV-SS shadow: the CPU sets no BS
	 * in the pending debug exceptions for a #DB that exits, but VM entry
	 * requires it with TF = 1 and that blocking (26.3.1.5); the injected
	 * #DB is what is delivered (as KVM does).
	 */
	if ((rflags & RFLAGS_TF) &&
	    (blocking & (INTR_BLOCK_STI | INTR_BLOCK_MOV_SS)))
		vmcs_writel(VMCS_GUEST_PENDING_DBG_EXCEPTIONS,
			    vmcs_readl(VMCS_GUEST_PENDING_DBG_EXCEPTIONS) |
			    DB_QUAL_BS);

	if (again && probed) {
		uart_flush();
		printf("vmm: guest halted forever (#DB loop: delivering #DB at "
		       "guest RIP 0x%lx raises #DB again before any "
		       "instruction, DR6 0x%lx, DR7 0x%lx; CVE-2015-8104)\n",
		       rip, read_dr6(), dr7);
		vcpu_stop(v, VMM_EXIT_GUEST_HALTED);
		return STOP;
	}
	last_db.rip = rip;
	last_db.rsp = rsp;
	last_db.rflags = rflags;
	last_db.seen = 1;
	last_db.probe_exits = again ? exits : 0;

	/* INT1 (ICEBP) is an instruction: inject it as itself, so that its
	 * delivery pushes the RIP after it (26.6.1.2). */
	if (INTR_INFO_TYPE(info) == INTR_TYPE_PRIV_SW_EXC) {
		vmcs_write32(VMCS_VM_ENTRY_INSTRUCTION_LEN,
			     vmcs_read32(VMCS_VM_EXIT_INSTRUCTION_LEN));
		vmcs_write32(VMCS_VM_ENTRY_INTR_INFO_FIELD,
			     INTR_INFO_EVENT(INTR_TYPE_PRIV_SW_EXC, VEC_DB));
	} else {
		vcpu_inject_exception(v, VEC_DB, 0, 0);
	}
	return last_db.probe_exits ? HANDLE_EXIT_FORCE_IMMEDIATE : CONTINUE;
}
