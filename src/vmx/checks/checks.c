/*
 * checks.c - VM-entry consistency checks in software (see checks.h): the
 * order in which VM entry makes them, the helpers every area shares, the
 * rule table, and the view of the current VMCS through VMREAD.
 *
 * The order is that of SDM vol. 3, 26.1-26.4: the basic checks of
 * VMLAUNCH/VMRESUME (VMfailValid 4/5), then the controls (26.2.1,
 * VMfailValid 7) and the host state (26.2.2-26.2.4, VMfailValid 8) - all
 * VMfail checks before any guest-state check - then the guest state
 * (26.3.1, a VM exit with reason 33) and last the VM-entry MSR-load area
 * (26.4, reason 34). The first failure recorded is the one the CPU reports;
 * inside one area the order only decides which rule is named, except for
 * the guest-state qualifications (26.8), which follow the SDM's order.
 *
 * Room src/vmx/checks: the VM-entry checks in software and their rule
 * list. It reads the VMCS through a view (checks.h), so it needs nothing
 * of src/vmx; it may include the rooms up to src/loader.
 */
#include "checks.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "checks_internal.h"
#include "cpuid.h"
#include "mem.h"
#include "msr.h"
#include "msr_state.h"
#include "vmx_ops.h"
#include "x86.h"

const struct check_rule_info check_rules[RULE_COUNT] = {
#define X(name, class, id, sdm, text)					\
	[RULE_##name] = { id, sdm, text, CLASS_##class },
	CHECK_RULES(X)
#undef X
};

int check_rule_by_id(const char *id)
{
	int i;

	for (i = 0; i < RULE_COUNT; i++)
		if (!strcmp(check_rules[i].id, id))
			return i;
	return -1;
}

struct check_features check_features = {
	.linear_bits = 48,
	.efer_valid = EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE,
	.host_lma = 1,
};

#ifndef UNIT_TEST

/* CPUID once: the linear-address width that decides canonicality and
 * the guest-RIP rule, the EFER bits that exist (SDM vol. 3, 2.2.1), RTM.
 * The hypervisor runs in IA-32e mode, so VM entry is always made from it.
 *
 * The width is CPUID.80000008H:EAX[15:8], where SDM vol. 3, 26.3.1.4
 * (footnote to the RIP check) says to read it; a CPU without the leaf
 * has 48 bits, or 57 with 5-level paging (CPUID.(7,0):ECX.LA57). */
static void check_features_probe(struct check_features *f)
{
	uint32_t max = cpuid(0, 0).eax, xmax = cpuid(0x80000000, 0).eax;
	uint32_t width;
	struct cpuid_regs r;

	f->linear_bits = LINEAR_BITS_4LEVEL;
	f->rtm = 0;
	f->bus_lock_detect = 0;
	if (max >= 7) {
		r = cpuid(7, 0);
		f->rtm = !!(r.ebx & CPUID_7_EBX_RTM);
		f->bus_lock_detect = !!(r.ecx & CPUID_7_ECX_BUS_LOCK_DETECT);
		if (r.ecx & CPUID_7_ECX_LA57)
			f->linear_bits = LINEAR_BITS_5LEVEL;
	}
	if (xmax >= 0x80000008) {
		width = CPUID_80000008_EAX_LINEAR(cpuid(0x80000008, 0).eax);
		if (width >= 32 && width <= 64)
			f->linear_bits = width;
	}
	f->efer_valid = 0;
	if (xmax >= 0x80000001) {
		r = cpuid(0x80000001, 0);
		if (r.edx & CPUID_80000001_EDX_SYSCALL)
			f->efer_valid |= EFER_SCE;
		if (r.edx & CPUID_80000001_EDX_LM)
			f->efer_valid |= EFER_LME | EFER_LMA;
		if (r.edx & CPUID_80000001_EDX_NX)
			f->efer_valid |= EFER_NXE;
	}
	f->host_lma = 1;
}
#endif

const struct check_features *check_features_get(void)
{
#ifndef UNIT_TEST
	if (!check_features.valid) {
		check_features_probe(&check_features);
		check_features.valid = 1;
	}
#endif
	return &check_features;
}

uint64_t chk_read(struct chk *c, uint32_t field)
{
	uint64_t val = 0;

	chk_read_ok(c, field, &val);
	return val;
}

int chk_read_ok(struct chk *c, uint32_t field, uint64_t *val)
{
	int ok = 0;

	*val = c->view->read(c->view->ctx, field, &ok);
	if (!ok)
		*val = 0;
	return ok;
}

int chk_read_phys(struct chk *c, uint64_t pa, void *buf, unsigned int len)
{
	if (!c->view->read_phys)
		return -1;
	return c->view->read_phys(c->view->ctx, pa, buf, len);
}

int chk_canonical(const struct chk *c, uint64_t addr)
{
	unsigned int shift = 64 - c->feat->linear_bits;

	return (uint64_t)((int64_t)(addr << shift) >> shift) == addr;
}

int chk_beyond_width(const struct chk *c, uint64_t pa)
{
	unsigned int bits = c->caps->phys_addr_bits;

	return bits < 64 && (pa >> bits) != 0;
}

int chk_ctl_ok(uint32_t val, const struct vmx_ctl_caps *cap)
{
	return (val & cap->allowed0) == cap->allowed0 &&
	       !(val & ~cap->allowed1);
}

int chk_pat_valid(uint64_t pat)
{
	return msr_pat_valid(pat);	/* the WRMSR rule, in one place */
}

static const char *field_name(uint32_t field)
{
	if (field == VMCS_VIEW_LAUNCH_STATE)
		return "launch state";
	if (field == VMCS_VIEW_VMCS_POINTER)
		return "current-VMCS pointer";
	return vmcs_field_name(field);
}

int check_fail(struct chk *c, enum check_rule rule, const uint32_t *fields,
	       const char *fmt, ...)
{
	const struct check_rule_info *r = &check_rules[rule];
	struct check_result *res = c->res;
	size_t n, len = sizeof(res->detail);
	const char *sep;

	switch (r->class) {
	case CLASS_L4:
	case CLASS_L5:
	case CLASS_CTL:
	case CLASS_HOST:
		res->verdict = CHECK_VMFAIL;
		res->vm_insn_error = r->class == CLASS_L4 ? 4 :
				     r->class == CLASS_L5 ? 5 :
				     r->class == CLASS_CTL ? 7 : 8;
		break;
	default:
		res->verdict = CHECK_ENTRY_FAIL;
		res->exit_reason = r->class == CLASS_MSR ? 34 : 33;
		res->exit_qualification = r->class == CLASS_PDPTE ? 2 :
					  r->class == CLASS_LINK ? 4 : 0;
		break;
	}
	res->rule = r->id;
	res->sdm = r->sdm;

	n = (size_t)snprintf(res->detail, len, "%s", r->text);
	for (sep = ":"; *fields != CHK_FIELD_END && n < len; fields++) {
		n += (size_t)snprintf(res->detail + n, len - n, "%s %s=0x%lx",
				      sep, field_name(*fields),
				      chk_read(c, *fields));
		sep = ",";
	}
	if (fmt && n < len) {
		va_list ap;

		n += (size_t)snprintf(res->detail + n, len - n, " (");
		va_start(ap, fmt);
		if (n < len)
			n += (size_t)vsnprintf(res->detail + n, len - n, fmt,
					       ap);
		va_end(ap);
		if (n < len)
			snprintf(res->detail + n, len - n, ")");
	}
	return 1;
}

/*
 * SDM vol. 3, 26.1: VMLAUNCH needs a clear VMCS (else VMfailValid 4),
 * VMRESUME a launched one (else 5). The launch state is not a VMCS field;
 * only a view that knows it (VMCS_VIEW_LAUNCH_STATE) lets us check. The
 * other basic checks (CPL, mode, no current VMCS, blocking by MOV SS:
 * error 26) concern the CPU executing the instruction, not the VMCS.
 */
static int check_basic(struct chk *c)
{
	uint64_t launched;

	if (!chk_read_ok(c, VMCS_VIEW_LAUNCH_STATE, &launched))
		return 0;
	if (c->launch && launched)
		return check_fail(c, RULE_BASIC_LAUNCH_CLEAR,
				  F(VMCS_VIEW_LAUNCH_STATE), NULL);
	if (!c->launch && !launched)
		return check_fail(c, RULE_BASIC_RESUME_LAUNCHED,
				  F(VMCS_VIEW_LAUNCH_STATE), NULL);
	return 0;
}

enum check_verdict vmcs_check(const struct vmcs_view *view,
			      const struct vmx_caps *caps, int launch,
			      struct check_result *res)
{
	struct chk c = {
		.view = view,
		.caps = caps,
		.feat = check_features_get(),
		.res = res,
		.launch = launch,
	};

	memset(res, 0, sizeof(*res));
	c.pin = (uint32_t)chk_read(&c, VMCS_PIN_BASED_VM_EXEC_CONTROL);
	c.proc = (uint32_t)chk_read(&c, VMCS_CPU_BASED_VM_EXEC_CONTROL);
	if (c.proc & CPU_BASED_ACTIVATE_SECONDARY)
		c.proc2 = (uint32_t)chk_read(&c,
					     VMCS_SECONDARY_VM_EXEC_CONTROL);
	c.exit = (uint32_t)chk_read(&c, VMCS_VM_EXIT_CONTROLS);
	c.entry = (uint32_t)chk_read(&c, VMCS_VM_ENTRY_CONTROLS);
	c.intr_info = (uint32_t)chk_read(&c, VMCS_VM_ENTRY_INTR_INFO_FIELD);
	c.guest_cr0 = chk_read(&c, VMCS_GUEST_CR0);
	c.unrestricted = !!(c.proc2 & SECONDARY_UNRESTRICTED_GUEST);
	c.ia32e = !!(c.entry & VM_ENTRY_IA32E_MODE);

	if (check_basic(&c) || check_controls(&c) || check_host(&c) ||
	    check_guest(&c) || check_msr_load(&c))
		return res->verdict;
	res->verdict = CHECK_PASS;
	res->rule = "pass";
	res->sdm = "26";
	snprintf(res->detail, sizeof(res->detail), "all checks hold");
	return CHECK_PASS;
}

#ifndef UNIT_TEST

static uint64_t current_read(void *ctx, uint32_t field, int *ok)
{
	uint64_t val = 0;

	if (field == VMCS_VIEW_VMCS_POINTER) {
		__asm__ volatile("vmptrst %0" : "=m"(val));
		*ok = val != ~0ull;
		return val;
	}
	if (field == VMCS_VIEW_LAUNCH_STATE) {
		/* Not in the VMCS: the caller's flag, through ctx, if any. */
		*ok = ctx != NULL;
		return ctx ? (uint64_t)*(const int *)ctx : 0;
	}
	*ok = vmread_checked(field, &val) == VMX_OK;
	return val;
}

static int current_read_phys(void *ctx, uint64_t pa, void *buf,
			     unsigned int len)
{
	const volatile uint8_t *src = (const volatile uint8_t *)(uintptr_t)pa;
	uint8_t *dst = buf;
	unsigned int i;

	(void)ctx;
	if (pa >= IDENTITY_MAPPED_END || len > IDENTITY_MAPPED_END - pa)
		return -1;
	for (i = 0; i < len; i++)
		dst[i] = src[i];
	return 0;
}

const struct vmcs_view vmcs_view_current = {
	.read = current_read,
	.read_phys = current_read_phys,
};
#endif
