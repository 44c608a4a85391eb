/*
 * vmx_insn.c - L1's VMX instructions (see vmx_insn.h). Each function
 * follows its instruction's "Operation" in SDM vol. 3, chapter 31, in
 * the SDM's order: the order decides which of several faults L1 sees.
 * "VM exit" outcomes (the instruction in VMX non-root operation) are
 * L2's and handled before these are called.
 */
#include "vmx_insn.h"

#include <stddef.h>
#include <string.h>

#include "checks.h"
#include "exit_reasons.h"
#include "msr.h"
#include "x86.h"

#define PAGE_MASK	0xfffull

static struct vmx_insn_result result(enum vmx_insn_outcome o,
				     unsigned int error)
{
	struct vmx_insn_result r = { o, error };

	return r;
}

static struct vmx_insn_result succeed(void)
{
	return result(VMX_SUCCEED, 0);
}

/*
 * VMfail(n) (31.2): VMfailValid with the error written to the current
 * VMCS when there is one, else VMfailInvalid. Written to L0's cache:
 * VM_INSTRUCTION_ERROR is never shadowed (vmcs_fields.h) for this.
 */
static struct vmx_insn_result fail(struct vmx_l1 *l1, unsigned int error)
{
	if (l1->current == VMX_INVALID_PTR)
		return result(VMX_FAIL_INVALID, 0);
	l1->cache.field[VMCS12_IDX_VM_INSTRUCTION_ERROR] = error;
	return result(VMX_FAIL_VALID, error);
}

/* The #UD every VMX instruction but VMXON checks first: outside VMX
 * operation, in real or virtual-8086 mode, or in compatibility mode. */
static int raises_ud(const struct vmx_l1 *l1, const struct vmx_insn_cpu *c)
{
	return !l1->on || !(c->cr0 & CR0_PE) || (c->rflags & RFLAGS_VM) ||
	       (c->long_mode && !c->cs_l);
}

/* The faults every VMX instruction but VMXON checks first: #UD as
 * above, then #GP(0) at CPL > 0; 1 with @r set when one is raised. */
static int faults(const struct vmx_l1 *l1, const struct vmx_insn_cpu *c,
		  struct vmx_insn_result *r)
{
	if (raises_ud(l1, c))
		*r = result(VMX_RAISE_UD, 0);
	else if (c->cpl)
		*r = result(VMX_RAISE_GP, 0);
	else
		return 0;
	return 1;
}

/* A VMXON or VMCS pointer: 4 KiB aligned, within MAXPHYADDR. */
static int bad_ptr(const struct vmx_insn_cpu *c, uint64_t ptr)
{
	return (ptr & PAGE_MASK) || (c->phys_bits < 64 && ptr >> c->phys_bits);
}

/* The revision identifier at @ptr; memory with no RAM reads all-ones,
 * as an absent device does, which is never a revision of ours. */
static uint32_t revision_at(const struct vmx_insn_mem *m, uint64_t ptr)
{
	uint32_t rev;

	if (m->read(m->ctx, ptr, &rev, sizeof(rev)))
		return 0xffffffffu;
	return rev;
}

/* The current VMCS back to L1's memory (31: "ensure that data for the
 * VMCS is in memory"); no RAM there, nothing kept, as a write to an
 * absent device. */
static void write_back(struct vmx_l1 *l1, const struct vmx_insn_mem *m)
{
	if (l1->current != VMX_INVALID_PTR)
		(void)m->write(m->ctx, l1->current, &l1->cache,
			       sizeof(l1->cache));
}

void vmx_l1_reset(struct vmx_l1 *l1)
{
	memset(l1, 0, sizeof(*l1));
	l1->current = VMX_INVALID_PTR;
}

struct vmx_insn_result vmx_insn_vmxon(struct vmx_l1 *l1,
				      const struct vmx_insn_cpu *c,
				      const struct vmx_caps *caps,
				      const struct vmx_insn_mem *mem,
				      uint64_t ptr)
{
	const uint64_t fc = FEATURE_CONTROL_LOCK |
			    FEATURE_CONTROL_VMXON_OUTSIDE_SMX;
	uint32_t rev;

	if (!(c->cr0 & CR0_PE) || !(c->cr4 & CR4_VMXE) ||
	    (c->rflags & RFLAGS_VM) || (c->long_mode && !c->cs_l))
		return result(VMX_RAISE_UD, 0);
	if (l1->on) {
		if (c->cpl)
			return result(VMX_RAISE_GP, 0);
		return fail(l1, VMXERR_VMXON_IN_VMX_ROOT_OPERATION);
	}
	/* Not in VMX operation: CPL, CR0 and CR4 against the fixed bits
	 * (A.7, A.8), FEATURE_CONTROL locked with VMX outside SMX. */
	if (c->cpl ||
	    (c->cr0 & caps->cr0_fixed0) != caps->cr0_fixed0 ||
	    (c->cr0 & ~caps->cr0_fixed1) ||
	    (c->cr4 & caps->cr4_fixed0) != caps->cr4_fixed0 ||
	    (c->cr4 & ~caps->cr4_fixed1) ||
	    (c->feature_control & fc) != fc)
		return result(VMX_RAISE_GP, 0);
	if (bad_ptr(c, ptr))
		return result(VMX_FAIL_INVALID, 0);
	rev = revision_at(mem, ptr);
	if (rev != VMX_BASIC_REVISION(caps->basic))
		return result(VMX_FAIL_INVALID, 0);	/* bit 31 set too */
	l1->on = 1;
	l1->vmxon_ptr = ptr;
	l1->current = VMX_INVALID_PTR;
	return succeed();
}

struct vmx_insn_result vmx_insn_vmxoff(struct vmx_l1 *l1,
				       const struct vmx_insn_cpu *c,
				       const struct vmx_insn_mem *mem)
{
	struct vmx_insn_result r;

	if (faults(l1, c, &r))
		return r;
	/* No dual-monitor treatment of SMIs here: no VMfail(23). */
	write_back(l1, mem);
	vmx_l1_reset(l1);
	return succeed();
}

/* VMREAD's, VMWRITE's, VMLAUNCH's and VMRESUME's first outcomes: the
 * faults, then VMfailInvalid without a current VMCS. */
static int current_faults(const struct vmx_l1 *l1,
			  const struct vmx_insn_cpu *c,
			  struct vmx_insn_result *r)
{
	if (faults(l1, c, r))
		return 1;
	if (l1->current != VMX_INVALID_PTR)
		return 0;
	*r = result(VMX_FAIL_INVALID, 0);
	return 1;
}

/* VMPTRLD's and VMCLEAR's first outcomes: the faults, then VMfail
 * @bad_addr for a pointer not aligned or past MAXPHYADDR, @vmxon for
 * the VMXON pointer; 1 with @r set when one is. */
static int vmcs_ptr_faults(struct vmx_l1 *l1, const struct vmx_insn_cpu *c,
			   uint64_t ptr, unsigned int bad_addr,
			   unsigned int vmxon, struct vmx_insn_result *r)
{
	if (faults(l1, c, r))
		return 1;
	if (bad_ptr(c, ptr))
		*r = fail(l1, bad_addr);
	else if (ptr == l1->vmxon_ptr)
		*r = fail(l1, vmxon);
	else
		return 0;
	return 1;
}

struct vmx_insn_result vmx_insn_vmptrld(struct vmx_l1 *l1,
					const struct vmx_insn_cpu *c,
					const struct vmx_insn_mem *mem,
					uint64_t ptr)
{
	struct vmcs12 next;
	struct vmx_insn_result r;

	if (vmcs_ptr_faults(l1, c, ptr, VMXERR_VMPTRLD_INVALID_ADDRESS,
			    VMXERR_VMPTRLD_VMXON_POINTER, &r))
		return r;
	/* Bit 31 (a shadow VMCS) is refused too: L1 is not offered VMCS
	 * shadowing (nested_caps.c). */
	if (revision_at(mem, ptr) != VMCS12_REVISION)
		return fail(l1, VMXERR_VMPTRLD_INCORRECT_VMCS_REVISION_ID);
	if (ptr == l1->current)
		return succeed();
	if (mem->read(mem->ctx, ptr, &next, sizeof(next)))
		return fail(l1, VMXERR_VMPTRLD_INCORRECT_VMCS_REVISION_ID);
	write_back(l1, mem);
	l1->cache = next;
	l1->current = ptr;
	return succeed();
}

struct vmx_insn_result vmx_insn_vmclear(struct vmx_l1 *l1,
					const struct vmx_insn_cpu *c,
					const struct vmx_insn_mem *mem,
					uint64_t ptr)
{
	uint32_t clear = VMCS12_CLEAR;
	struct vmx_insn_result r;

	if (vmcs_ptr_faults(l1, c, ptr, VMXERR_VMCLEAR_INVALID_ADDRESS,
			    VMXERR_VMCLEAR_VMXON_POINTER, &r))
		return r;
	if (ptr == l1->current) {
		l1->cache.launch_state = VMCS12_CLEAR;
		write_back(l1, mem);
		l1->current = VMX_INVALID_PTR;
		return succeed();
	}
	/* Another VMCS: its launch state in its region, whatever else it
	 * holds (the SDM does not check its revision here). */
	(void)mem->write(mem->ctx, ptr + offsetof(struct vmcs12, launch_state),
			 &clear, sizeof(clear));
	return succeed();
}

struct vmx_insn_result vmx_insn_vmptrst(struct vmx_l1 *l1,
					const struct vmx_insn_cpu *c,
					uint64_t *ptr)
{
	struct vmx_insn_result r;

	if (faults(l1, c, &r))
		return r;
	*ptr = l1->current;
	return succeed();
}

struct vmx_insn_result vmx_insn_vmread(struct vmx_l1 *l1,
				       const struct vmx_insn_cpu *c,
				       uint64_t enc, uint64_t *val)
{
	unsigned int err;
	struct vmx_insn_result r;

	if (current_faults(l1, c, &r))
		return r;
	err = vmcs12_read(&l1->cache, enc, val);
	return err ? fail(l1, err) : succeed();
}

struct vmx_insn_result vmx_insn_vmwrite(struct vmx_l1 *l1,
					const struct vmx_insn_cpu *c,
					const struct vmx_caps *caps,
					uint64_t enc, uint64_t val)
{
	unsigned int err;
	struct vmx_insn_result r;

	if (current_faults(l1, c, &r))
		return r;
	err = vmcs12_write(&l1->cache, enc, val,
			   !!(caps->misc & VMX_MISC_VMWRITE_ANY));
	return err ? fail(l1, err) : succeed();
}

/* The current VMCS as the VM-entry checks see it (vmx/checks). */
struct view_ctx {
	const struct vmx_l1 *l1;
	const struct vmx_insn_mem *mem;
};

static uint64_t view_read(void *ctx, uint32_t field, int *ok)
{
	const struct view_ctx *c = ctx;
	uint64_t val = 0;

	*ok = 1;
	if (field == VMCS_VIEW_LAUNCH_STATE)
		return c->l1->cache.launch_state == VMCS12_LAUNCHED;
	if (field == VMCS_VIEW_VMCS_POINTER)
		return c->l1->current;
	*ok = !vmcs12_read(&c->l1->cache, field, &val);
	return val;
}

/* L1's memory as the checks read it: the virtual-APIC page, the link
 * pointer's VMCS, the MSR-load area. */
static int view_read_phys(void *ctx, uint64_t pa, void *buf, unsigned int len)
{
	const struct view_ctx *c = ctx;

	return c->mem->read(c->mem->ctx, pa, buf, len);
}

struct vmx_insn_result vmx_insn_vmentry(struct vmx_l1 *l1,
					const struct vmx_insn_cpu *cpu,
					const struct vmx_caps *caps,
					const struct vmx_insn_mem *mem,
					int launch, int mov_ss,
					struct check_result *res)
{
	struct view_ctx ctx = { l1, mem };
	const struct vmcs_view view = { view_read, &ctx, view_read_phys };
	uint64_t *f = l1->cache.field;
	struct vmx_insn_result r;

	if (current_faults(l1, cpu, &r))
		return r;
	if (mov_ss)
		return fail(l1, VMXERR_ENTRY_EVENTS_BLOCKED_BY_MOV_SS);
	switch (vmcs_check(&view, caps, launch, res)) {
	case CHECK_PASS:
		return succeed();
	case CHECK_VMFAIL:
		return fail(l1, res->vm_insn_error);
	default:
		/* 26.8: the basic reason with bit 31, and the qualification;
		 * nothing else of the exit information, and the launch state
		 * stays. */
		f[VMCS12_IDX_VM_EXIT_REASON] =
			res->exit_reason | VMX_EXIT_REASON_FAILED_VMENTRY;
		f[VMCS12_IDX_EXIT_QUALIFICATION] = res->exit_qualification;
		return result(VMX_ENTRY_FAILED, 0);
	}
}

uint64_t vmx_insn_rflags(uint64_t rflags, struct vmx_insn_result r)
{
	rflags &= ~(uint64_t)(RFLAGS_CF | RFLAGS_PF | RFLAGS_AF |
			      RFLAGS_ZF | RFLAGS_SF | RFLAGS_OF);
	if (r.outcome == VMX_FAIL_INVALID)
		rflags |= RFLAGS_CF;
	else if (r.outcome == VMX_FAIL_VALID)
		rflags |= RFLAGS_ZF;
	return rflags;
}
