/*
 * intr.c - interrupt delivery to the guest (see intr.h).
 *
 * An external interrupt can be injected when RFLAGS.IF = 1, there is no
 * blocking by STI or MOV SS, and no other event is being injected (SDM
 * vol. 3, 26.3.1.5 and 26.6); otherwise interrupt-window exiting (25.6.2)
 * brings us back when it can. Injection moves the vector from IRR to ISR,
 * as the CPU's acceptance would (SDM vol. 3, 11.8.4), and wakes a vCPU
 * sleeping in the HLT activity state.
 *
 * The VMCS writes here (event injection, the interrupt-window control,
 * activity state, guest interrupt status, TPR threshold) use the uncounted
 * *_fast writes: they follow the entry rules by construction (an external
 * interrupt only with IF = 1 and no blocking, HLT only without STI/MOV-SS
 * blocking, a threshold only under VTPR) and would otherwise make the
 * early checks run again after every timer interrupt.
 */
#include "intr.h"

#include <stdio.h>

#include "controls.h"
#include "exit.h"
#include "policy.h"
#include "io.h"
#include "isa_irq.h"
#include "vmx_defs.h"
#include "x86.h"


void intr_init(struct vcpu *v)
{
	v->preempt_shift = VMX_MISC_PREEMPT_RATE(v->caps->misc);
	v->timer_soft_disabled = 0;
	v->entry_work = 1;	/* park the preemption timer at the first entry */
	v->isa_vector = -1;
}

static int prepare_entry_rare(struct vcpu *v, int force_immediate_exit);

/*
 * The NMI to self and the legacy PIC/PIT share one test here (lapic.h,
 * rare_sources), so that an entry of a guest that uses neither pays
 * what it paid before they existed.
 */
int vmx_prepare_entry_slow(struct vcpu *v, int force_immediate_exit)
{
	if (__builtin_expect(v->lapic.rare_sources, 0))
		return prepare_entry_rare(v, force_immediate_exit);
	force_immediate_exit |= intr_inject_pending(v);
	intr_arm_timer(v, force_immediate_exit);
	return force_immediate_exit;
}

static void set_window(struct vcpu *v, int open)
{
	if (v->intr_window_open == open)
		return;
	v->intr_window_open = open;
	if (open)
		v->proc_ctls |= CPU_BASED_INTR_WINDOW_EXITING;
	else
		v->proc_ctls &= ~CPU_BASED_INTR_WINDOW_EXITING;
	vmcs_write32_fast(VMCS_CPU_BASED_VM_EXEC_CONTROL, v->proc_ctls);
}

enum inject_block { INJECT_OK, INJECT_BLOCKED, INJECT_BUSY };

/* On the entry path of every interrupt: unchecked reads of fields that
 * always exist (vmx_ops.h). */
static enum inject_block can_inject(struct vcpu *v)
{
	if (vmcs_read32_fast(VMCS_VM_ENTRY_INTR_INFO_FIELD) & INTR_INFO_VALID)
		return INJECT_BUSY;
	if (!(vmcs_readl_fast(VMCS_GUEST_RFLAGS) & RFLAGS_IF))
		return INJECT_BLOCKED;
	if (vmcs_read32_fast(VMCS_GUEST_INTERRUPTIBILITY_INFO) &
	    (INTR_BLOCK_STI | INTR_BLOCK_MOV_SS))
		return INJECT_BLOCKED;
	return INJECT_OK;
}

/*
 * With a TPR shadow, a pending vector held back by TPR (not by ISR) sets
 * the TPR threshold to its priority class, so that the guest lowering CR8
 * under it exits and we look again. VM entry requires threshold[3:0] <=
 * VTPR[7:4] (SDM vol. 3, 26.2.1.1), which a vector blocked by TPR keeps.
 */
static void set_tpr_threshold(struct vcpu *v, int irr)
{
	uint32_t threshold = 0;
	int isr;

	if (irr >= 0 && (irr & 0xf0) <= (int)(lapic_tpr(&v->lapic) & 0xf0)) {
		isr = lapic_highest_isr(&v->lapic);
		if (isr < 0 || (irr & 0xf0) > (isr & 0xf0))
			threshold = (uint32_t)irr >> 4;
	}
	if (threshold != v->tpr_threshold) {
		v->tpr_threshold = threshold;
		vmcs_write32_fast(VMCS_TPR_THRESHOLD, threshold);
	}
}

/*
 * Virtual-interrupt delivery (SDM vol. 3, 30.2): the CPU delivers the
 * highest vector of VIRR (the IRR of the virtual-APIC page, which is the
 * model's) whenever RVI beats VPPR and the guest can take it, and EOI
 * virtualization retires it from VISR without an exit. We keep guest
 * interrupt status (RVI, SVI) equal to the highest IRR and ISR bits after
 * the model changed them (a timer expiry, an EOI through the xAPIC page);
 * VM entry then does PPR virtualization and evaluates pending virtual
 * interrupts (26.7.? "Evaluation of pending virtual interrupts", 30.2.1).
 * A vCPU asleep in the HLT activity state is made active when a vector
 * can be delivered, so the entry wakes it into its handler.
 */
/*
 * A halted vCPU: make it active when a vector can be delivered. If none
 * can and no timer is armed, nothing will ever wake it: ask for an
 * immediate exit, whose slow path (intr_check_hlt_wake) ends the guest.
 */
static int wake_or_stuck(struct vcpu *v)
{
	if (lapic_pending_vector(&v->lapic) >= 0) {
		vmcs_write32_fast(VMCS_GUEST_ACTIVITY_STATE, ACTIVITY_ACTIVE);
		v->halted = 0;
		return 0;
	}
	v->hlt_stuck = !lapic_next_event(&v->lapic);
	return v->hlt_stuck;
}

static int apicv_sync(struct vcpu *v)
{
	int irr = lapic_highest_irr(&v->lapic);
	int isr = lapic_highest_isr(&v->lapic);
	uint16_t status = (uint16_t)((irr < 0 ? 0 : irr) |
				     ((isr < 0 ? 0 : isr) << 8));

	vmcs_write16_fast(VMCS_GUEST_INTR_STATUS, status);
	if (v->halted)
		return wake_or_stuck(v);
	return 0;
}

/*
 * An NMI the guest sent itself (lapic.nmi_pending) is injected through
 * the VM-entry interruption field (type NMI, vector 2) at an NMI-window
 * exit (SDM vol. 3, 26.7.6 "NMI-Window Exiting", and "Other Causes of VM
 * Exits"): the CPU exits as soon as the guest can take an NMI, with no
 * virtual-NMI blocking and no blocking by MOV SS, so the entry rules for
 * injecting one (26.3.1.5) hold by construction, and an NMI sent from
 * the guest's own NMI handler waits for its IRET. NMI-window exiting
 * needs "virtual NMIs" (26.2.1.1), switched on at the guest's first NMI:
 * host NMIs exit whatever it says, and no guest NMI was blocked before.
 * A CPU without them could not track the guest's NMI blocking: the NMI
 * is dropped and logged.
 */
static __attribute__((noinline, cold)) void nmi_open_window(struct vcpu *v)
{
	if (v->proc_ctls & CPU_BASED_NMI_WINDOW_EXITING)
		return;
	if (!(v->pin_ctls & PIN_BASED_VIRTUAL_NMIS)) {
		if (!(v->caps->pin.allowed1 & PIN_BASED_VIRTUAL_NMIS) ||
		    !(v->caps->proc.allowed1 & CPU_BASED_NMI_WINDOW_EXITING)) {
			v->lapic.nmi_pending = 0;
			vcpu_deny(v, "NMI to self", VEC_NMI,
				  "no virtual NMIs on this CPU; dropped");
			return;
		}
		v->pin_ctls |= PIN_BASED_VIRTUAL_NMIS;
		vmcs_write32(VMCS_PIN_BASED_VM_EXEC_CONTROL, v->pin_ctls);
	}
	v->proc_ctls |= CPU_BASED_NMI_WINDOW_EXITING;
	vmcs_write32_fast(VMCS_CPU_BASED_VM_EXEC_CONTROL, v->proc_ctls);
}

int intr_handle_nmi_window(struct vcpu *v)
{
	v->proc_ctls &= ~CPU_BASED_NMI_WINDOW_EXITING;
	vmcs_write32_fast(VMCS_CPU_BASED_VM_EXEC_CONTROL, v->proc_ctls);
	if (v->lapic.nmi_pending) {
		v->lapic.nmi_pending = 0;
		vmcs_write32_fast(VMCS_VM_ENTRY_INTR_INFO_FIELD,
				  INTR_INFO_EVENT(INTR_TYPE_NMI, VEC_NMI));
		/* NMI-window exits wake a vCPU asleep in HLT ("Other
		 * Causes of VM Exits"). */
		if (v->halted) {
			vmcs_write32_fast(VMCS_GUEST_ACTIVITY_STATE,
					  ACTIVITY_ACTIVE);
			v->halted = 0;
		}
	}
	v->entry_work = 1;	/* an interrupt behind it waits its turn */
	return 1;
}

/* A pending NMI can end a sleep in HLT: it is not blocked by an NMI
 * handler that has not returned (virtual-NMI blocking). */
static int nmi_can_wake(const struct vcpu *v, uint32_t blocking)
{
	return v->lapic.nmi_pending && !(blocking & INTR_BLOCK_NMI);
}

int intr_inject_pending(struct vcpu *v)
{
	int vec;

	v->entry_work = 0;
	if (v->apicv)
		return apicv_sync(v);
	if (lapic_highest_irr(&v->lapic) < 0) {	/* the common case */
		if (v->tpr_threshold)
			set_tpr_threshold(v, -1);
		set_window(v, 0);
		v->hlt_stuck = v->halted && !lapic_next_event(&v->lapic);
		return v->hlt_stuck;
	}
	vec = lapic_pending_vector(&v->lapic);
	if (v->vapic)
		set_tpr_threshold(v, lapic_highest_irr(&v->lapic));
	if (vec < 0) {
		set_window(v, 0);
		v->hlt_stuck = v->halted && !lapic_next_event(&v->lapic);
		return v->hlt_stuck;
	}
	switch (can_inject(v)) {
	case INJECT_BLOCKED:
		set_window(v, 1);
		return 0;
	case INJECT_BUSY:
		/* Another event (an exception we queued) goes first; come
		 * back right after its delivery to inject this one. */
		v->entry_work = 1;
		return 1;
	case INJECT_OK:
		break;
	}
	lapic_accept(&v->lapic, vec);
	vmcs_write32_fast(VMCS_VM_ENTRY_INTR_INFO_FIELD,
			  INTR_INFO_EVENT(INTR_TYPE_EXT_INTR, (uint32_t)vec));
	if (v->halted) {
		vmcs_write32_fast(VMCS_GUEST_ACTIVITY_STATE, ACTIVITY_ACTIVE);
		v->halted = 0;
	}
	/* Another vector may be waiting behind this one; it becomes
	 * deliverable at an EOI or a window, which set entry_work again. */
	set_window(v, lapic_pending_vector(&v->lapic) >= 0);
	return 0;
}

/*
 * The 8259's INTR, when the APIC passes it on (lapic_accepts_extint):
 * after the APIC's own vectors, as QEMU's cpu_get_pic_interrupt() asks
 * the APIC first. The acknowledge happens at injection, as the INTA
 * cycles would when the CPU takes the interrupt, and the vector is the
 * PIC's, outside the APIC's IRR, ISR and priority rules. Returns 1 when
 * the entry must exit at once to come back for it.
 */
static int isa_inject(struct vcpu *v)
{
	uint8_t vec;

	if (!isa_irq_intr())
		return 0;
	switch (can_inject(v)) {
	case INJECT_BLOCKED:
		set_window(v, 1);
		return 0;
	case INJECT_BUSY:
		v->entry_work = 1;
		return 1;
	case INJECT_OK:
		break;
	}
	vec = isa_irq_ack();
	v->isa_vector = vec;
	vmcs_write32_fast(VMCS_VM_ENTRY_INTR_INFO_FIELD,
			  INTR_INFO_EVENT(INTR_TYPE_EXT_INTR, vec));
	if (v->halted) {
		vmcs_write32_fast(VMCS_GUEST_ACTIVITY_STATE, ACTIVITY_ACTIVE);
		v->halted = 0;
	}
	v->hlt_stuck = 0;
	if (isa_irq_intr())	/* a higher request may preempt it */
		set_window(v, 1);
	return 0;
}

/* The earlier of two TSC deadlines, 0 meaning none. */
static uint64_t earliest(uint64_t a, uint64_t b)
{
	if (!a)
		return b;
	return b && b < a ? b : a;
}

/*
 * An entry with an NMI to deliver, or of a guest that uses the PIC or
 * PIT: the common entry's work, and then theirs. The PIT's IRQ0 edges
 * are brought into the PIC first; the preemption timer is armed for the
 * earlier of the APIC's next event and the next IRQ0 that could reach
 * the CPU; and a halted vCPU that only the PIC can wake is not stuck.
 */
/*
 * An hvt guest asleep in its poll hypercall (src/dev/hvt.c) in the HLT
 * activity state: it takes no interrupts, so only its deadline wakes
 * it, on the preemption timer; made active once the TSC has reached it,
 * never before.
 */
static int hvt_sleep_entry(struct vcpu *v, int force_immediate_exit)
{
	if (rdtsc() < v->hvt_wake) {
		intr_arm_timer_at(v, force_immediate_exit, v->hvt_wake);
		return force_immediate_exit;
	}
	vmcs_write32_fast(VMCS_GUEST_ACTIVITY_STATE, ACTIVITY_ACTIVE);
	v->lapic.hvt_sleep = 0;
	intr_arm_timer(v, force_immediate_exit);
	return force_immediate_exit;
}

static __attribute__((noinline)) int prepare_entry_rare(struct vcpu *v,
							int force_immediate_exit)
{
	int busy, extint;

	if (v->lapic.hvt_sleep)
		return hvt_sleep_entry(v, force_immediate_exit);

	if (v->lapic.nmi_pending)
		nmi_open_window(v);
	if (!v->lapic.isa_active) {
		force_immediate_exit |= intr_inject_pending(v);
		intr_arm_timer(v, force_immediate_exit);
		return force_immediate_exit;
	}
	isa_irq_sync(v, rdtsc());
	v->hlt_stuck = 0;
	busy = intr_inject_pending(v) && !v->hlt_stuck;
	extint = lapic_accepts_extint(&v->lapic);
	if (extint)
		busy |= isa_inject(v);
	if (v->hlt_stuck && isa_irq_next_event(v))
		v->hlt_stuck = 0;
	force_immediate_exit |= busy | v->hlt_stuck;
	intr_arm_timer_at(v, force_immediate_exit,
			  earliest(lapic_next_event(&v->lapic),
				   isa_irq_next_event(v)));
	return force_immediate_exit;
}

void intr_timer_expired(struct vcpu *v)
{
	if (lapic_timer_expire(&v->lapic, rdtsc()))
		v->entry_work = 1;
}

/*
 * IDT-vectoring information (SDM vol. 3, 25.9.3 and 28.2.4): the event
 * the exit interrupted, in the layout of the VM-entry interruption
 * field (25.8.3) except bits 30:12, which are undefined here and must be
 * 0 there. A software interrupt or exception (types 4 to 6: INT n,
 * INT1, INT3/INTO) is delivered again only with its instruction length
 * (25.8.3). With virtual-interrupt delivery, the vector of an interrupt
 * whose delivery faulted is SVI: delivery sets SVI to it first, and no
 * higher vector can be in service (SDM vol. 3, 30.2.2). Bochs 2.7 records
 * vector 0 in that case, so SVI is the one source used.
 */
#define VECTORING_INFO_BITS	(INTR_INFO_VALID | 0xfffu)
#define VECTORING_VECTOR	0xffu
#define VECTORING_ERROR_VALID	(1u << 11)
#define VECTORING_TYPE(i)	(((i) >> 8) & 7)
#define INTR_TYPE_SOFT_INTR	4
#define INTR_TYPE_SOFT_EXCEPTION 6

void intr_reinject_vectored(struct vcpu *v)
{
	uint32_t info = vmcs_read32(VMCS_IDT_VECTORING_INFO_FIELD);

	if (!(info & INTR_INFO_VALID))
		return;
	/* The 8259's vector, injected by us, is not SVI's. */
	if (v->apicv && VECTORING_TYPE(info) == INTR_TYPE_EXT_INTR >> 8 &&
	    (int)(info & VECTORING_VECTOR) != v->isa_vector)
		info = (info & ~VECTORING_VECTOR) |
		       (vmcs_read16(VMCS_GUEST_INTR_STATUS) >> 8);
	if (info & VECTORING_ERROR_VALID)
		vmcs_write32(VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE,
			     vmcs_read32(VMCS_IDT_VECTORING_ERROR_CODE));
	if (VECTORING_TYPE(info) >= INTR_TYPE_SOFT_INTR &&
	    VECTORING_TYPE(info) <= INTR_TYPE_SOFT_EXCEPTION)
		vmcs_write32(VMCS_VM_ENTRY_INSTRUCTION_LEN,
			     vmcs_read32(VMCS_VM_EXIT_INSTRUCTION_LEN));
	vmcs_write32(VMCS_VM_ENTRY_INTR_INFO_FIELD, info & VECTORING_INFO_BITS);
}

int intr_handle_tpr_below_threshold(struct vcpu *v)
{
	v->entry_work = 1;
	return 1;
}

void intr_x2apic_changed(struct vcpu *v)
{
	int on = lapic_x2apic(&v->lapic);
	uint32_t proc2 = v->proc2_ctls;

	if (!v->apicv_x2apic)
		return;
	/*
	 * "Virtualize x2APIC mode" only while the guest is in x2APIC mode:
	 * in xAPIC mode its x2APIC MSRs must #GP (SDM vol. 3, 11.12.1.2), as
	 * the exits then make them. With it, EOI (0x80b) and TPR (0x808)
	 * writes are virtualized when the MSR bitmap lets them through
	 * (30.5).
	 */
	if (on)
		proc2 |= SECONDARY_VIRTUALIZE_X2APIC;
	else
		proc2 &= ~SECONDARY_VIRTUALIZE_X2APIC;
	if (proc2 != v->proc2_ctls) {
		v->proc2_ctls = proc2;
		vmcs_write32(VMCS_SECONDARY_VM_EXEC_CONTROL, proc2);
	}
	policy_msr_virtualize_x2apic(v->msr_bitmap, on);
}

int intr_handle_window(struct vcpu *v)
{
	set_window(v, 0);
	v->entry_work = 1;
	return 1;
}

int intr_stuck_in_hlt(struct vcpu *v)
{
	return v->halted && !lapic_next_event(&v->lapic) &&
	       lapic_pending_vector(&v->lapic) < 0;
}

/*
 * A HLT that the APIC cannot end: the legacy sources may still, with a
 * request now (the PIC's INTR, or a vector the I/O APIC just raised: the
 * entry injects it) or an IRQ0 to come (sleep; the entry arms the
 * preemption timer for it). Returns 1 when they will. Out of line: only
 * a guest that uses them gets here.
 */
static int isa_request_now(struct vcpu *v)
{
	return (lapic_accepts_extint(&v->lapic) && isa_irq_intr()) ||
	       lapic_pending_vector(&v->lapic) >= 0 || v->lapic.nmi_pending;
}

static __attribute__((noinline, cold)) int isa_wakes_hlt(struct vcpu *v)
{
	uint64_t next;
	int now;

	if (!(vmcs_readl(VMCS_GUEST_RFLAGS) & RFLAGS_IF))
		return 0;
	isa_irq_sync(v, rdtsc());
	now = isa_request_now(v);
	if (!now && !isa_irq_next_event(v))
		return 0;
	v->entry_work = 1;
	if (now)
		return 1;		/* wakes at once */
	if (v->caps->misc & VMX_MISC_ACTIVITY_HLT) {
		vmcs_write32_fast(VMCS_GUEST_ACTIVITY_STATE, ACTIVITY_HLT);
		v->halted = 1;
		return 1;
	}
	while ((next = isa_irq_next_event(v)) && !isa_request_now(v)) {
		while (rdtsc() < next)
			__asm__ volatile("pause");
		isa_irq_sync(v, rdtsc());
	}
	return 1;
}

/* Nothing the APIC holds can end this HLT: end the guest, unless the
 * PIC can. */
static int halted_forever(struct vcpu *v, const char *why)
{
	if (__builtin_expect(v->lapic.isa_active, 0) && isa_wakes_hlt(v))
		return 1;
	uart_flush();
	printf("vmm: guest halted forever (%s) at guest RIP 0x%lx\n", why,
	       vmcs_readl(VMCS_GUEST_RIP));
	vcpu_stop(v, VMM_EXIT_GUEST_HALTED);
	return 0;
}

/*
 * A HLT with no interrupt to take at once: sleep until the timer's next
 * event, or end the guest when nothing can wake it. Out of line, so that
 * the HLT exits that wake at once keep a short path. Asleep, the vCPU
 * changes neither TPR nor ISR: a timer whose vector they block could
 * fire for ever (a periodic one does) and never wake it.
 */
static __attribute__((noinline)) int hlt_sleep(struct vcpu *v,
					       uint32_t blocking)
{
	uint64_t deadline = lapic_next_event(&v->lapic);

	if (nmi_can_wake(v, blocking)) {
		v->entry_work = 1;	/* the NMI window: at once */
		return 1;
	}
	if (!deadline || (v->lapic.lvt_timer & APIC_LVT_MASKED))
		return halted_forever(v, "HLT, no interrupt source armed");
	if (rdtsc() >= deadline) {
		intr_timer_expired(v);	/* due already: no sleep at all */
		return 1;
	}
	if (!lapic_timer_can_wake(&v->lapic))
		return halted_forever(v, "HLT, the timer's vector is blocked "
				      "by TPR or ISR");
	if (v->caps->misc & VMX_MISC_ACTIVITY_HLT) {
		/* Sleep in hardware; the preemption timer, armed for the
		 * deadline, ends it (intr_arm_timer before the entry). */
		vmcs_write32_fast(VMCS_GUEST_ACTIVITY_STATE, ACTIVITY_HLT);
		v->halted = 1;
		return 1;
	}
	while (rdtsc() < deadline)
		__asm__ volatile("pause");
	intr_timer_expired(v);
	if (lapic_pending_vector(&v->lapic) < 0 && !lapic_next_event(&v->lapic))
		return halted_forever(v, "HLT, the timer's vector is blocked");
	return 1;
}

int intr_handle_hlt(struct vcpu *v)
{
	uint32_t blocking = vmcs_read32(VMCS_GUEST_INTERRUPTIBILITY_INFO);

	if (!(vmcs_readl(VMCS_GUEST_RFLAGS) & RFLAGS_IF) &&
	    !nmi_can_wake(v, blocking))
		return halted_forever(v, "HLT with interrupts off");

	/* HLT ends an STI shadow; VM entry refuses the HLT activity state
	 * with blocking by STI or MOV SS (SDM vol. 3, 26.3.1.5). A
	 * single-step trap after HLT is delivered at once and the guest
	 * goes on past it instead of sleeping, as under KVM. */
	if (vcpu_skip_instruction(v))
		return 1;
	if (blocking & (INTR_BLOCK_STI | INTR_BLOCK_MOV_SS))
		vmcs_write32_fast(VMCS_GUEST_INTERRUPTIBILITY_INFO,
				  blocking & ~(INTR_BLOCK_STI | INTR_BLOCK_MOV_SS));

	if (lapic_pending_vector(&v->lapic) >= 0) {
		v->entry_work = 1;		/* wakes at once */
		return 1;
	}
	return hlt_sleep(v, blocking);
}

int intr_check_hlt_wake(struct vcpu *v)
{
	if (!intr_stuck_in_hlt(v))
		return 1;
	return halted_forever(v, "HLT, the timer's vector is blocked by "
			      "TPR or ISR and nothing else is armed");
}
