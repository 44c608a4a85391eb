/*
 * selftest_vmcs.c - the differential self-test of the software VM-entry
 * checks (checks.c): each mutation of a known-good VMCS is judged twice,
 * by vmcs_check() and by a real VMLAUNCH, and the verdicts are compared.
 * Under Bochs, which implements the VM-entry checks itself, this proves
 * the checks against a referee; on hardware, against the CPU.
 *
 * The known-good VMCS is the hypervisor's own (vcpu_init and
 * vmcs_setup_guest), changed so that a guest that does enter leaves at
 * once: the VMX-preemption timer is active with value 0 (SDM vol. 3,
 * 26.7.4: a VM exit before the first guest instruction), and in case a
 * mutation turns the timer off, the guest's first instruction is CPUID
 * (exit reason 10). The MSR-area addresses point at a page of harmless
 * entries (IA32_SYSENTER_CS) with counts 0, so a mutated count loads and
 * stores only those.
 *
 * Every mutation starts from a snapshot of every writable field: VMCLEAR
 * and VMPTRLD (so VMLAUNCH is legal again), rewrite all fields, reset the
 * test pages, apply the mutation's scenario and operations, check in
 * software, then VMLAUNCH. A VM exit loads the host state from the VMCS,
 * so a host-state mutation that passed the checks would wreck the host:
 * random host mutations only flip bits some rule checks (host_flip_mask())
 * and, as a safety net, one the software passes is not entered but
 * reported.
 *
 * Room src/vmx/checks/selftest: the differential test of the checks; it
 * drives src/vmx and src/vmx/checks, and only src/selftest.c calls it.
 */
#include "selftest_vmcs.h"

#include <stdio.h>
#include <string.h>

#include "checks_internal.h"
#include "cpu.h"
#include "ept.h"
#include "exit.h"
#include "exit_reasons.h"
#include "log.h"
#include "machine.h"
#include "mem.h"
#include "msr.h"
#include "vmx.h"
#include "vmx_ops.h"
#include "x86.h"

#define RANDOM_DEFAULT		1000
#define MAX_SNAPSHOT		256
#define SW_PASSES		~0u	/* a software "enters": no exit */
/* cpuid; hlt; jmp $-3 */
#define GUEST_CODE		"\x0f\xa2\xf4\xeb\xfd"

static const char *const area_names[A_NR] = {
	"basic (26.1)", "controls (26.2.1)", "host state (26.2.2-4)",
	"guest state (26.3)", "MSR loading (26.4)",
};

static struct {
	struct vcpu *v;
	const struct vmx_caps *caps;
	uint64_t page[PG_NR];
	struct { uint32_t field; uint64_t val; } snap[MAX_SNAPSHOT];
	unsigned int nsnap;
	int launched;
	uint64_t host_cr0, host_cr4, host_efer, host_pat;
	struct desc_ptr gdtr, idtr;
	/* Entered through asm/vmenter.S, whose exit stub calls
	 * tv.exit_fastpath: ours returns at once to st_enter(). */
	struct vcpu tv;
} st;

struct st_tally st_tally;

const struct vmx_caps *st_caps(void)
{
	return st.caps;
}

uint64_t st_page(unsigned int pg)
{
	return st.page[pg];
}

uint64_t st_vmcs_phys(void)
{
	return st.v->vmcs_phys;
}

uint64_t st_read(uint32_t field)
{
	uint64_t val = 0;

	vmread_checked(field, &val);
	return val;
}


static void init_pages(void)
{
	uint32_t rev = VMX_BASIC_REVISION(st.caps->basic);
	uint64_t *msr = (uint64_t *)st.page[PG_MSR];
	unsigned int i;

	for (i = 0; i < PG_NR; i++)
		memset((void *)st.page[i], 0, PAGE_SIZE);
	*(uint32_t *)(st.page[PG_VAPIC] + 0x80) = 0x20;	/* VTPR */
	*(uint32_t *)st.page[PG_VMCS] = rev;
	*(uint32_t *)st.page[PG_SHADOW] = rev | 0x80000000u;
	for (i = 0; i < PAGE_SIZE / 16; i++) {
		msr[2 * i] = MSR_IA32_SYSENTER_CS;
		msr[2 * i + 1] = 0;
	}
}

/* Back to the known-good VMCS, clear (not launched), test pages fresh. */
void st_restore(void)
{
	unsigned int i;

	if (vmclear(st.v->vmcs_phys) != VMX_OK ||
	    vmptrld(st.v->vmcs_phys) != VMX_OK)
		panic("vmcs-checks: VMCLEAR/VMPTRLD of the VMCS failed");
	for (i = 0; i < st.nsnap; i++)
		if (__vmwrite(st.snap[i].field, st.snap[i].val) != VMX_OK)
			panic("vmcs-checks: restoring %s failed",
			      vmcs_field_name(st.snap[i].field));
	init_pages();
	st.launched = 0;
}

/* What a VM exit may have left the host with, put back. */
static void host_fixup(void)
{
	__asm__ volatile("lgdt %0; lidt %1" : : "m"(st.gdtr), "m"(st.idtr));
	/* CR4 first: CR0.WP cannot be cleared while CR4.CET is set. */
	if (read_cr4() != st.host_cr4)
		write_cr4(st.host_cr4);
	if (read_cr0() != st.host_cr0)
		write_cr0(st.host_cr0);
	wrmsr(MSR_IA32_EFER, st.host_efer);
	wrmsr(MSR_IA32_PAT, st.host_pat);
}

static int exit_to_harness(struct vcpu *v, int force_immediate_exit)
{
	(void)v;
	(void)force_immediate_exit;
	return EXIT_FASTPATH_NONE;
}

void st_enter(int launch, struct hw_verdict *hv)
{
	enum exit_fastpath fp;
	uint32_t reason;

	/* host_rsp 0: __vmx_vcpu_run writes HOST_RSP before every entry. */
	memset(&st.tv.regs, 0, sizeof(st.tv.regs));
	st.tv.exit_fastpath = exit_to_harness;
	fp = __vmx_vcpu_run(&st.tv, !launch, 0);
	hv->qual = 0;
	if (fp == EXIT_FASTPATH_VMFAIL_VALID) {
		hv->kind = HW_VMFAIL_VALID;
		hv->error = vmcs_read32(VMCS_VM_INSTRUCTION_ERROR);
		return;
	}
	if (fp == EXIT_FASTPATH_VMFAIL_INVALID) {
		hv->kind = HW_VMFAIL_INVALID;
		hv->error = 0;
		return;
	}
	host_fixup();
	reason = vmcs_read32(VMCS_VM_EXIT_REASON);
	hv->error = VMX_EXIT_REASON_BASIC(reason);
	if (reason & VMX_EXIT_REASON_FAILED_VMENTRY) {
		hv->kind = HW_ENTRY_FAIL;
		hv->qual = vmcs_readl(VMCS_EXIT_QUALIFICATION);
	} else {
		hv->kind = HW_ENTERED;
		st.launched = 1;
	}
}

static void sw_verdict(const struct check_result *r, struct hw_verdict *out)
{
	out->qual = 0;
	out->error = SW_PASSES;
	out->kind = HW_ENTERED;
	switch (r->verdict) {
	case CHECK_PASS:
		out->kind = HW_ENTERED;
		break;
	case CHECK_VMFAIL:
		out->kind = HW_VMFAIL_VALID;
		out->error = r->vm_insn_error;
		break;
	case CHECK_ENTRY_FAIL:
		out->kind = HW_ENTRY_FAIL;
		out->error = r->exit_reason;
		out->qual = r->exit_qualification;
		break;
	}
}

static int same(const struct hw_verdict *a, const struct hw_verdict *b)
{
	if (a->kind != b->kind)
		return 0;
	if (a->kind == HW_ENTERED || a->kind == HW_VMFAIL_INVALID)
		return 1;
	return a->error == b->error && a->qual == b->qual;
}

static const char *verdict_str(const struct hw_verdict *h, char *buf,
			       size_t len)
{
	switch (h->kind) {
	case HW_ENTERED:
		if (h->error == SW_PASSES)
			snprintf(buf, len, "passes");
		else
			snprintf(buf, len, "enters (exit %u)", h->error);
		break;
	case HW_VMFAIL_VALID:
		snprintf(buf, len, "VMfailValid %u", h->error);
		break;
	case HW_VMFAIL_INVALID:
		snprintf(buf, len, "VMfailInvalid");
		break;
	case HW_ENTRY_FAIL:
		snprintf(buf, len, "entry failure, reason %u, qual %lu",
			 h->error, h->qual);
		break;
	}
	return buf;
}

/*
 * The documented Bochs deviation this outcome is, or NULL: the software
 * reports the deviation's rule with its SDM verdict, the CPU gives its
 * Bochs verdict, its predicate held on the VMCS as it was before the entry
 * (@applies[i]: an entry that succeeds rewrites the guest state), and a
 * targeted mutation @m is one it names.
 */
static const struct deviation *deviation_for(const struct mutation *m,
					     const struct check_result *r,
					     const struct hw_verdict *sw,
					     const struct hw_verdict *hw,
					     const unsigned char *applies)
{
	unsigned int i;

	for (i = 0; i < bochs_deviation_count; i++) {
		const struct deviation *d = &bochs_deviations[i];

		if (!strcmp(d->rule, r->rule) && same(&d->sdm_verdict, sw) &&
		    same(&d->bochs, hw) && applies[i] &&
		    (!m || deviation_names(d, m)))
			return d;
	}
	return NULL;
}

/*
 * Judge the current (mutated) VMCS both ways; prints every disagreement
 * with the software's rule and values, and every known deviation.
 */
enum st_outcome st_judge(const char *label, const struct mutation *m,
			 int launch, int host_safe, struct check_result *res,
			 const struct deviation **dev)
{
	unsigned char applies[MAX_DEVIATIONS];
	struct hw_verdict sw, hw;
	char a[48], b[48];
	unsigned int i;
	struct vmcs_view view = vmcs_view_current;

	*dev = NULL;
	view.ctx = &st.launched;	/* the launch state only we know */
	vmcs_check(&view, st.caps, launch, res);
	for (i = 0; i < bochs_deviation_count; i++)
		applies[i] = !bochs_deviations[i].applies ||
			     bochs_deviations[i].applies();
	sw_verdict(res, &sw);
	if (!host_safe && res->verdict == CHECK_PASS) {
		printf("vmcs-checks: %s: software passes a host-state "
		       "mutation; not entered (a VM exit would load it)\n",
		       label);
		st_tally.skipped++;
		return ST_NOT_ENTERED;
	}
	st_enter(launch, &hw);
	st_tally.outcome[hw.kind]++;
	pr_verbose("vmcs-checks: %s: software %s (%s), hardware %s\n", label,
		   verdict_str(&sw, a, sizeof(a)), res->rule,
		   verdict_str(&hw, b, sizeof(b)));
	if (same(&sw, &hw))
		return ST_AGREE;
	*dev = deviation_for(m, res, &sw, &hw, applies);
	if (*dev) {
		st_tally.dev_seen[*dev - bochs_deviations]++;
		printf("vmcs-checks: %s: known Bochs deviation %s (rule %s, "
		       "SDM %s): SDM says %s, Bochs %s: %s\n", label,
		       (*dev)->id, (*dev)->rule, (*dev)->sdm,
		       verdict_str(&sw, a, sizeof(a)),
		       verdict_str(&hw, b, sizeof(b)), (*dev)->why);
		return ST_DEVIATION;
	}
	printf("vmcs-checks: DISAGREE %s: software %s, hardware %s; rule %s "
	       "(SDM %s): %s\n", label, verdict_str(&sw, a, sizeof(a)),
	       verdict_str(&hw, b, sizeof(b)), res->rule, res->sdm,
	       res->detail);
	return ST_DISAGREE;
}

/* The known-good VMCS: exit at once when entered (see the top). */
static void prepare_base(void)
{
	struct vcpu *v = st.v;
	uint64_t cs_base = vmcs_readl(VMCS_GUEST_CS_BASE);
	uint64_t rip = vmcs_readl(VMCS_GUEST_RIP);
	uint8_t *code = guest_ram(v, cs_base + rip, sizeof(GUEST_CODE) - 1);
	unsigned int i;

	for (i = 0; i < PG_NR; i++) {
		st.page[i] = (uint64_t)page_alloc(PAGE_SIZE, PAGE_SIZE);
		if (!st.page[i])
			panic("vmcs-checks: no memory for the test pages");
	}
	if (!code)
		panic("vmcs-checks: guest entry 0x%lx outside guest RAM",
		      cs_base + rip);
	memcpy(code, GUEST_CODE, sizeof(GUEST_CODE) - 1);
	if (st.caps->pin.allowed1 & PIN_BASED_PREEMPTION_TIMER) {
		vmcs_write32(VMCS_PIN_BASED_VM_EXEC_CONTROL,
			     vmcs_read32(VMCS_PIN_BASED_VM_EXEC_CONTROL) |
			     PIN_BASED_PREEMPTION_TIMER);
		vmcs_write32(VMCS_VMX_PREEMPTION_TIMER_VALUE, 0);
	}
	vmcs_write64(VMCS_VM_EXIT_MSR_STORE_ADDR, st.page[PG_MSR]);
	vmcs_write64(VMCS_VM_EXIT_MSR_LOAD_ADDR, st.page[PG_MSR]);
	vmcs_write64(VMCS_VM_ENTRY_MSR_LOAD_ADDR, st.page[PG_MSR]);
	init_pages();
}

/* Every field the CPU has, but the read-only exit information. */
static void snapshot(void)
{
	unsigned int i;
	uint64_t val;

	for (i = 0; i < vmcs_field_count; i++) {
		const struct vmcs_field_desc *f = &vmcs_field_table[i];

		if (f->group == VMCS_GROUP_EXIT ||
		    vmread_checked(f->encoding, &val) != VMX_OK)
			continue;
		if (st.nsnap == MAX_SNAPSHOT)
			panic("vmcs-checks: more than %u fields", MAX_SNAPSHOT);
		st.snap[st.nsnap].field = f->encoding;
		st.snap[st.nsnap++].val = val;
	}
}

static unsigned int sum(const unsigned int *by_area)
{
	unsigned int a, n = 0;

	for (a = 0; a < A_NR; a++)
		n += by_area[a];
	return n;
}

static void report_table(void)
{
	const struct st_tally *t = &st_tally;
	unsigned int a;

	printf("vmcs-checks: %-22s %8s %4s %6s %5s %4s %7s %5s %4s\n", "area",
	       "targeted", "n/a", "judged", "agree", "dev", "random", "agree",
	       "dev");
	for (a = 0; a < A_NR; a++)
		printf("vmcs-checks: %-22s %8u %4u %6u %5u %4u %7u %5u %4u\n",
		       area_names[a], t->total[ST_TARGETED][a], t->na[a],
		       t->judged[ST_TARGETED][a], t->agreed[ST_TARGETED][a],
		       t->deviated[ST_TARGETED][a], t->judged[ST_RANDOM][a],
		       t->agreed[ST_RANDOM][a], t->deviated[ST_RANDOM][a]);
}

static void report_deviations(void)
{
	unsigned int i;

	printf("vmcs-checks: known deviations matched:");
	for (i = 0; i < bochs_deviation_count; i++)
		printf(" %s %u%s", bochs_deviations[i].id, st_tally.dev_seen[i],
		       i + 1 < bochs_deviation_count ? "," : "");
	printf("\n");
}

/*
 * Per rule, over the targeted corpus: broken here (some mutation broke it
 * and the outcome was accepted), of those confirmed by the CPU (it gave
 * the same verdict, not a known deviation), and the rules none of whose
 * mutations applied on this CPU.
 */
static void report_rules(void)
{
	const struct st_rule_tally *r = st_tally.rule;
	unsigned int i, mutated = 0, broken = 0, confirmed = 0, na = 0;
	unsigned int unbroken = 0;

	for (i = 0; i < RULE_COUNT; i++) {
		mutated += r[i].mutated;
		na += r[i].mutated && !r[i].applied;
		unbroken += r[i].applied && !r[i].broken;
		broken += r[i].broken;
		confirmed += r[i].confirmed;
	}
	printf("vmcs-checks: rules: %u implemented, %u with targeted "
	       "mutations: %u broken here, %u of them confirmed by the CPU; "
	       "%u not applicable here; %u applied but not broken\n",
	       RULE_COUNT, mutated, broken, confirmed, na, unbroken);
	for (i = 0; i < RULE_COUNT; i++)
		if (r[i].broken && !r[i].confirmed)
			printf("vmcs-checks: not confirmed by the CPU: %s "
			       "(broken only as known deviation %s)\n",
			       check_rules[i].id,
			       r[i].dev ? r[i].dev->id : "?");
	for (i = 0; i < RULE_COUNT; i++) {
		if (!r[i].mutated || r[i].applied)
			continue;
		if (r[i].na_why)
			printf("vmcs-checks: not applicable here: %s (%s)\n",
			       check_rules[i].id, r[i].na_why);
		else
			printf("vmcs-checks: not applicable here: %s (%s "
			       "cannot take it)\n", check_rules[i].id,
			       vmcs_field_name(r[i].na_field));
	}
	for (i = 0; i < RULE_COUNT; i++)
		if (r[i].applied && !r[i].broken)
			printf("vmcs-checks: applied but not broken: %s\n",
			       check_rules[i].id);
	for (i = 0; i < RULE_COUNT; i++)
		if (!r[i].mutated)
			printf("vmcs-checks: no targeted mutation: %s\n",
			       check_rules[i].id);
}

/*
 * The summary; exit 0 only when every targeted mutation that applied and
 * every random one was judged by the CPU and agreed or matched a known
 * deviation.
 */
__attribute__((noreturn)) static void report(void)
{
	const struct st_tally *t = &st_tally;
	unsigned int n = sum(t->total[ST_TARGETED]), na = sum(t->na);
	unsigned int j = sum(t->judged[ST_TARGETED]);
	unsigned int ok = sum(t->agreed[ST_TARGETED]);
	unsigned int dev = sum(t->deviated[ST_TARGETED]);
	unsigned int rn = sum(t->total[ST_RANDOM]);
	unsigned int rj = sum(t->judged[ST_RANDOM]);
	unsigned int rok = sum(t->agreed[ST_RANDOM]);
	unsigned int rdev = sum(t->deviated[ST_RANDOM]);

	report_table();
	printf("vmcs-checks: targeted: %u in the corpus: %u applied, %u not "
	       "applicable here; %u judged by the CPU: %u agree, %u known "
	       "deviations, %u disagree\n", n, n - na, na, j, ok, dev,
	       j - ok - dev);
	printf("vmcs-checks: random: %u drawn, %u judged by the CPU: %u "
	       "agree, %u known deviations, %u disagree; %u host mutations "
	       "not entered\n", rn, rj, rok, rdev, rj - rok - rdev,
	       t->skipped);
	report_deviations();
	printf("vmcs-checks: hardware verdicts: %u entered, %u VMfailValid, "
	       "%u VMfailInvalid, %u entry failures\n", t->outcome[HW_ENTERED],
	       t->outcome[HW_VMFAIL_VALID], t->outcome[HW_VMFAIL_INVALID],
	       t->outcome[HW_ENTRY_FAIL]);
	report_rules();
	printf("vmcs-checks: targeted %u agree + %u known deviations of %u "
	       "judged, %u not applicable; random %u agree + %u known "
	       "deviations of %u judged\n", ok, dev, j, na, rok, rdev, rj);
	machine_exit(j == n - na && ok + dev == j && rj == rn &&
		     rok + rdev == rj && !t->skipped ? 0 : 1);
}

/*
 * The corpus names only rules that exist, and each mutation a deviation
 * names is in it exactly once, under the deviation's rule: a misspelt
 * name would make the deviation match nothing, a shared one more than
 * was seen.
 */
static void check_corpus(void)
{
	unsigned int i, j, k, n;

	for (i = 0; i < targeted_total(); i++) {
		const struct mutation *m = targeted_mutation(i);
		int r = check_rule_by_id(m->rule);

		if (r >= 0)
			st_tally.rule[r].mutated = 1;
		else if (strcmp(m->rule, "pass"))
			panic("vmcs-checks: corpus names unknown rule %s",
			      m->rule);
	}
	if (bochs_deviation_count > MAX_DEVIATIONS)
		panic("vmcs-checks: more than %u deviations", MAX_DEVIATIONS);
	for (i = 0; i < bochs_deviation_count; i++) {
		const struct deviation *d = &bochs_deviations[i];

		if (strcmp(d->rule, "pass") && check_rule_by_id(d->rule) < 0)
			panic("vmcs-checks: deviation %s names unknown rule "
			      "%s", d->id, d->rule);
		for (j = 0; j < DEV_MUTATIONS && d->mutations[j]; j++) {
			for (k = 0, n = 0; k < targeted_total(); k++) {
				const struct mutation *m = targeted_mutation(k);

				n += !strcmp(m->rule, d->rule) &&
				     !strcmp(m->what, d->mutations[j]);
			}
			if (n != 1)
				panic("vmcs-checks: deviation %s names %s (%s) "
				      "%u times in the corpus", d->id, d->rule,
				      d->mutations[j], n);
		}
	}
}

static unsigned int parse_count(const char *arg)
{
	unsigned int n = 0;

	if (*arg != ':')
		return RANDOM_DEFAULT;
	for (arg++; *arg >= '0' && *arg <= '9'; arg++)
		n = n * 10 + (unsigned int)(*arg - '0');
	return n;
}

void selftest_vmcs_checks(struct vcpu *v, const char *arg)
{
	unsigned int nrandom = parse_count(arg), i;
	struct check_result res;
	struct hw_verdict hw;
	uint64_t t0, t1;

	st.v = v;
	st.caps = v->caps;
	st.host_cr0 = read_cr0();
	st.host_cr4 = read_cr4();
	st.host_efer = rdmsr(MSR_IA32_EFER);
	st.host_pat = rdmsr(MSR_IA32_PAT);
	__asm__ volatile("sgdt %0; sidt %1" : "=m"(st.gdtr), "=m"(st.idtr));
	check_corpus();

	prepare_base();
	snapshot();
	st_restore();
	t0 = rdtsc();
	vmcs_check(&vmcs_view_current, st.caps, 1, &res);
	t1 = rdtsc();
	printf("vmcs-checks: one full check costs %lu ticks\n", t1 - t0);
	if (res.verdict != CHECK_PASS)
		printf("vmcs-checks: the known-good VMCS fails rule %s: %s\n",
		       res.rule, res.detail);
	st_enter(1, &hw);
	printf("vmcs-checks: known-good VMCS (%u fields): software %s, "
	       "hardware %s (exit reason %u)\n", st.nsnap,
	       res.verdict == CHECK_PASS ? "passes" : "fails",
	       hw.kind == HW_ENTERED ? "enters" : "fails", hw.error);
	if (res.verdict != CHECK_PASS || hw.kind != HW_ENTERED)
		machine_exit(1);

	printf("vmcs-checks: %u targeted mutations, %u random (seed 0x%lx); "
	       "linear-address width %u, physical %u\n", targeted_total(),
	       nrandom, (unsigned long)ST_RNG_SEED,
	       check_features_get()->linear_bits, st.caps->phys_addr_bits);
	for (i = 0; i < targeted_total(); i++)
		st_run_targeted(targeted_mutation(i), i);
	for (i = 0; i < nrandom; i++)
		st_run_random(i);
	report();
}
