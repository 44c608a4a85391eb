/*
 * fastpath.c - the exits handled without the slow dispatcher.
 *
 * asm/vmenter.S calls vmx_exit_fastpath() from its exit stub on every VM
 * exit, with the guest's caller-saved registers and RBX saved in v->regs;
 * RBP and R12-R15 are still live in the CPU, so no handler here touches
 * them. It reads the exit reason (the one VMREAD every exit pays), counts
 * it, and dispatches through a table indexed by it to the hot exits:
 * CPUID, the no-op VMCALL, the preemption timer, TSC-deadline/EOI/scratch
 * MSRs and I/O to fast devices. EXIT_FASTPATH_REENTER_GUEST sends the stub
 * straight back into the guest; anything else returns to the run loop and
 * handle_exit(). Each handler does only what its exit needs: RIP advances
 * by the instruction length (SDM vol. 3, 28.2.5), nothing else is read.
 * The VMREADs are the unchecked *_fast ones (vmx_ops.h): every field read
 * here exists on every VMX CPU.
 */
#include "exit.h"

#include "cpuid.h"
#include "exit_reasons.h"
#include "intr.h"
#include "lapic.h"
#include "io.h"
#include "msr.h"
#include "msr_emul.h"
#include "policy.h"
#include "vmx_ops.h"
#include "watchdog.h"

/*
 * CPUID answers are fixed by the policy at start, except for leaves
 * whose answer depends on ECX (policy_cpuid_indexed()), which go through
 * policy_cpuid() each time.
 */
#define CPUID_BASIC_CACHED	(CPUID_MAX_BASIC + 1)
#define CPUID_EXT_CACHED	(CPUID_MAX_EXT - CPUID_LEAF_EXT_BASE + 1)
#define CPUID_HV_CACHED		2

struct cpuid_entry {
	struct cpuid_regs r;
	uint32_t indexed;		/* depends on ECX: ask the policy */
};

static struct cpuid_cache {
	struct cpuid_entry basic[CPUID_BASIC_CACHED];
	struct cpuid_entry ext[CPUID_EXT_CACHED];
	struct cpuid_entry hv[CPUID_HV_CACHED];
	struct cpuid_entry zero;
} cpuid_cache;

static __attribute__((noinline)) void
cpuid_cache_fill(struct cpuid_entry *e, uint32_t leaf,
			     uint32_t proc2)
{
	e->r = policy_cpuid(leaf, 0, proc2);
	e->indexed = policy_cpuid_indexed(leaf);
}

void fastpath_init(struct vcpu *v)
{
	struct cpuid_cache *c = &cpuid_cache;
	uint32_t i;

	for (i = 0; i < CPUID_BASIC_CACHED; i++)
		cpuid_cache_fill(&c->basic[i], i, v->proc2_ctls);
	for (i = 0; i < CPUID_EXT_CACHED; i++)
		cpuid_cache_fill(&c->ext[i], CPUID_LEAF_EXT_BASE + i,
				 v->proc2_ctls);
	for (i = 0; i < CPUID_HV_CACHED; i++)
		cpuid_cache_fill(&c->hv[i], CPUID_LEAF_HV_BASE + i,
				 v->proc2_ctls);
	/* fastpath=off, and exit_trace=on (which must see every exit),
	 * send every exit to the slow path. */
	v->exit_fastpath = v->config->fastpath == TRI_OFF ||
			   v->config->exit_trace == TRI_ON ?
			   vmx_exit_count_only : vmx_exit_fastpath;
}

/*
 * Every handler has the table's signature (the vCPU, and whether this
 * exit was forced) and is reached by the dispatcher's one indirect jump.
 */

/* Handled: prepare the next entry and tell the stub to resume. */
static inline enum exit_fastpath reenter(struct vcpu *v)
{
	vmx_prepare_entry(v, 0);
	return EXIT_FASTPATH_REENTER_GUEST;
}

static const struct cpuid_entry *cpuid_lookup(uint32_t leaf)
{
	const struct cpuid_cache *c = &cpuid_cache;

	if (leaf < CPUID_BASIC_CACHED)
		return &c->basic[leaf];
	if (leaf - CPUID_LEAF_EXT_BASE < CPUID_EXT_CACHED)
		return &c->ext[leaf - CPUID_LEAF_EXT_BASE];
	if (leaf - CPUID_LEAF_HV_BASE < CPUID_HV_CACHED)
		return &c->hv[leaf - CPUID_LEAF_HV_BASE];
	return &c->zero;	/* outside the policy's leaves: all zero */
}

/* Leaves indexed by ECX: the policy computes them each time. */
static __attribute__((noinline)) enum exit_fastpath
fastpath_cpuid_indexed(struct vcpu *v)
{
	emulate_cpuid(v);
	return reenter(v);
}

static enum exit_fastpath fastpath_cpuid(struct vcpu *v, int force)
{
	const struct cpuid_entry *e = cpuid_lookup((uint32_t)v->regs.gpr[VCPU_RAX]);

	(void)force;
	if (e->indexed)
		return fastpath_cpuid_indexed(v);
	v->regs.gpr[VCPU_RAX] = e->r.eax;
	v->regs.gpr[VCPU_RBX] = e->r.ebx;
	v->regs.gpr[VCPU_RCX] = e->r.ecx;
	v->regs.gpr[VCPU_RDX] = e->r.edx;
	vcpu_skip_instruction(v);
	return reenter(v);
}

/*
 * The preemption timer expired (SDM vol. 3, 27.5.1). Soft-disabled: a
 * spurious expiry of the parked timer, nothing to do. Forced: the loop
 * asked for this exit and handles it. Otherwise a guest timer is due:
 * raise it; the entry that follows injects it (or opens a window).
 */
static enum exit_fastpath fastpath_preemption_timer(struct vcpu *v,
						    int force_immediate_exit)
{
	if (v->timer_soft_disabled)
		return reenter(v);
	/* Forced by the loop, or by an entry that found the halted vCPU
	 * unwakeable: the slow path's turn. */
	if (force_immediate_exit || v->hlt_stuck)
		return EXIT_FASTPATH_EXIT_HANDLED;
	if (watchdog_timer_exit(v))
		return EXIT_FASTPATH_NONE;	/* the slow path ends it */
	intr_timer_expired(v);
	return reenter(v);
}

/*
 * RDMSR and WRMSR of the MSRs whose policy row names a fast answer
 * (MSR_POLICY in policy.h): the switches' cases are generated from those
 * rows, so the fast sets are the table's. Every other MSR goes to the
 * slow path.
 */
#define FAST_READ_NONE(msr)
#define FAST_READ_EMUL(msr)		|| msr_nr == (msr)
#define FAST_READ_TEST(msr, action, fast_read, fast_write) \
	FAST_READ_##fast_read(msr)

#define FAST_WRITE_NONE(msr)
/* Timer work for the entry only if it was or is now armed. */
#define FAST_WRITE_TIMER(msr)						\
	case msr:							\
		armed = lapic_next_event(&v->lapic);			\
		lapic_write_tsc_deadline(&v->lapic,			\
					 msr_deadline_to_host(v, val), 0); \
		v->entry_work |= (armed | lapic_next_event(&v->lapic)) != 0; \
		break;
#define FAST_WRITE_EMUL(msr)						\
	case msr:							\
		msr_emulate_write(v, msr, val);				\
		break;
/* A #GP is the slow path's to deliver; a write that takes sets
 * entry_work itself (an EOI lowers PPR). */
#define FAST_WRITE_EMUL_GP(msr)						\
	case msr:							\
		if (msr_emulate_write(v, msr, val))			\
			return EXIT_FASTPATH_NONE;			\
		break;
#define FAST_WRITE_CASE(msr, action, fast_read, fast_write) \
	FAST_WRITE_##fast_write(msr)

static enum exit_fastpath fastpath_wrmsr(struct vcpu *v, int force)
{
	uint32_t msr = (uint32_t)v->regs.gpr[VCPU_RCX];
	uint64_t val = (v->regs.gpr[VCPU_RDX] << 32) |
		       (uint32_t)v->regs.gpr[VCPU_RAX];
	uint64_t armed;

	(void)force;
	switch (msr) {
	MSR_POLICY(FAST_WRITE_CASE)
	default:
		return EXIT_FASTPATH_NONE;
	}
	vcpu_skip_instruction(v);
	return reenter(v);
}

static enum exit_fastpath fastpath_rdmsr(struct vcpu *v, int force)
{
	uint32_t msr_nr = (uint32_t)v->regs.gpr[VCPU_RCX];
	uint64_t val;

	(void)force;
	if (!(0 MSR_POLICY(FAST_READ_TEST)))
		return EXIT_FASTPATH_NONE;
	msr_emulate_read(v, msr_nr, &val);
	v->regs.gpr[VCPU_RAX] = (uint32_t)val;
	v->regs.gpr[VCPU_RDX] = val >> 32;
	vcpu_skip_instruction(v);
	return reenter(v);
}

/* IN/OUT (not the string forms) to a device marked fast. */
static enum exit_fastpath fastpath_io(struct vcpu *v, int force)
{
	struct io_qual io =
		io_qual_decode(vmcs_readl_fast(VMCS_EXIT_QUALIFICATION));
	const struct port_device *d;
	unsigned int size = io.size;
	uint16_t port = io.port;

	(void)force;
	if (io.string)
		return EXIT_FASTPATH_NONE;
	d = io_find_fast(port);
	if (!d)
		return EXIT_FASTPATH_NONE;
	if (io.in) {
		uint64_t *rax = &v->regs.gpr[VCPU_RAX];

		*rax = gpr_write_sized(*rax, d->in(v, (uint16_t)(port - d->base),
						  size), size);
	} else {
		d->out(v, (uint16_t)(port - d->base), size,
		       (uint32_t)v->regs.gpr[VCPU_RAX]);
	}
	vcpu_skip_instruction(v);
	return reenter(v);
}

/* The hypercalls the policy marks FAST (HYPERCALLS in policy.h): today
 * the no-op, a round trip and nothing else. */
static enum exit_fastpath fastpath_vmcall(struct vcpu *v, int force)
{
	(void)force;
	switch (v->regs.gpr[VCPU_RAX]) {
	HYPERCALLS(HC_CASE_FAST)
		break;
	default:
		return EXIT_FASTPATH_NONE;
	}
	vcpu_skip_instruction(v);
	return reenter(v);
}

/* An EPT violation on an emulated device's page (mmio_emul.c). */
static __attribute__((noinline)) enum exit_fastpath
fastpath_ept_violation(struct vcpu *v, int force)
{
	(void)force;
	v->exit_qual = vmcs_readl_fast(VMCS_EXIT_QUALIFICATION);
	if (mmio_emulate(v, vmcs_read64_fast(VMCS_GUEST_PHYSICAL_ADDRESS), 1) !=
	    MMIO_DONE)
		return EXIT_FASTPATH_NONE;
	return reenter(v);
}

static enum exit_fastpath fastpath_none(struct vcpu *v, int force)
{
	(void)v; (void)force;
	return EXIT_FASTPATH_NONE;
}

typedef enum exit_fastpath (*fastpath_fn)(struct vcpu *v, int force);

/*
 * Indexed by the exit reason masked to 7 bits (EXIT_COUNT_MASK). An
 * entry failure sets bit 31 over basic reason 33, 34 or 41, whose rows
 * are fastpath_none, so a failure always reaches the slow path. Every row
 * is filled first, then the hot ones overridden (as Linux's syscall
 * tables do), so the dispatch is one indirect jump with no NULL test.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
static const fastpath_fn fastpath_table[EXIT_COUNT_MASK + 1] = {
	[0 ... EXIT_COUNT_MASK] = fastpath_none,
	[EXIT_REASON_CPUID] = fastpath_cpuid,
	[EXIT_REASON_VMCALL] = fastpath_vmcall,
	[EXIT_REASON_PREEMPTION_TIMER] = fastpath_preemption_timer,
	[EXIT_REASON_MSR_WRITE] = fastpath_wrmsr,
	[EXIT_REASON_MSR_READ] = fastpath_rdmsr,
	[EXIT_REASON_IO_INSTRUCTION] = fastpath_io,
	[EXIT_REASON_EPT_VIOLATION] = fastpath_ept_violation,
};
#pragma GCC diagnostic pop

int vmx_exit_fastpath(struct vcpu *v, int force_immediate_exit)
{
	uint32_t reason = vmcs_read32_fast(VMCS_VM_EXIT_REASON);

	v->exit_reason = reason;
	exit_counts[reason & EXIT_COUNT_MASK]++;
	return fastpath_table[reason & EXIT_COUNT_MASK](v, force_immediate_exit);
}

/* fastpath=off: every exit goes to the slow path, counted all the same. */
int vmx_exit_count_only(struct vcpu *v, int force_immediate_exit)
{
	uint32_t reason = vmcs_read32_fast(VMCS_VM_EXIT_REASON);

	(void)force_immediate_exit;
	v->exit_reason = reason;
	exit_counts[reason & EXIT_COUNT_MASK]++;
	return EXIT_FASTPATH_NONE;
}
