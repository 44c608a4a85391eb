/*
 * test_checks.c - the software VM-entry checks (src/vmx/checks*.c) on
 * hand-made VMCS images: a map from field encoding to value behind a
 * struct vmcs_view, with a few pages of fake physical memory.
 *
 * The known-good image is the hypervisor's VMCS as vcpu_init and
 * vmcs_setup_guest build it (a real-mode guest under "unrestricted
 * guest", EPT, VPID, TPR shadow). It must pass; every mutation of the
 * self-test's targeted corpus (selftest_vmcs_corpus.c) applied to it must
 * break exactly the rule it names, under the capabilities of Bochs'
 * tigerlake model and of a "rich" CPU that has what Bochs lacks (posted
 * interrupts, SGX, RTM, PKRS, BNDCFGS, no EPT A/D bits, the error-code
 * check of IA32_VMX_BASIC[56] = 0). A 32-bit-host image covers 26.2.4's
 * other half, and a few handwritten tests pin the verdicts, the order of
 * the areas and the messages. Together they must break every rule.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "checks_internal.h"
#include "msr.h"
#include "selftest_vmcs.h"
#include "x86.h"

#define MAX_FIELDS	512
#define PAGE_BASE	0x100000ull	/* fake physical address of page 0 */
#define NO_MEMORY	0x8000000ull	/* reads here fail */
#define PG_SELF		PG_NR		/* the image's own VMCS region */
#define SELF_PA		(PAGE_BASE + 4096ull * PG_SELF)

static uint64_t vals[MAX_FIELDS];
static int launched;
static uint8_t mem[PG_NR + 1][4096];
static struct vmx_caps caps;
static unsigned char hit[RULE_COUNT];

static int field_index(uint32_t field)
{
	unsigned int i;

	for (i = 0; i < vmcs_field_count; i++)
		if (vmcs_field_table[i].encoding == field)
			return (int)i;
	return -1;
}

static uint64_t img_read(void *ctx, uint32_t field, int *ok)
{
	int i = field_index(field);

	(void)ctx;
	*ok = 1;
	if (field == VMCS_VIEW_LAUNCH_STATE)
		return (uint64_t)launched;
	if (field == VMCS_VIEW_VMCS_POINTER)
		return SELF_PA;
	if (i < 0) {
		*ok = 0;
		return 0;
	}
	return vals[i];
}

static int img_read_phys(void *ctx, uint64_t pa, void *buf, unsigned int len)
{
	uint64_t off = pa - PAGE_BASE;

	(void)ctx;
	if (pa < PAGE_BASE || off + len > sizeof(mem))
		return -1;
	memcpy(buf, (uint8_t *)mem + off, len);
	return 0;
}

static const struct vmcs_view img = { img_read, NULL, img_read_phys };
static const struct vmcs_view img_no_memory = { img_read, NULL, NULL };

uint64_t st_read(uint32_t field)
{
	int ok;

	return img_read(NULL, field, &ok);
}

static void set(uint32_t field, uint64_t val)
{
	int i = field_index(field);

	assert_true(i >= 0);
	vals[i] = val;
}

static uint64_t get(uint32_t field)
{
	return st_read(field);
}

static uint64_t page(unsigned int p)
{
	return PAGE_BASE + 4096ull * p;
}

static struct vmx_ctl_caps ctl(uint64_t msr)
{
	return (struct vmx_ctl_caps){ (uint32_t)msr, (uint32_t)(msr >> 32) };
}

/* Bochs 2.7, cpu model tigerlake, as the hypervisor reads it. */
static void bochs_caps(void)
{
	memset(&caps, 0, sizeof(caps));
	caps.basic = 0x1d8100000000004ull;
	caps.misc = 0x600401e0;
	caps.ept_vpid = 0xf0106b34141ull;
	caps.vmfunc = 1;
	caps.cr0_fixed0 = 0x80000021;
	caps.cr0_fixed1 = 0xffffffff;
	caps.cr4_fixed0 = 0x2000;
	caps.cr4_fixed1 = 0xf72fff;
	caps.pin = ctl(0x0000007f00000016ull);
	caps.proc = ctl(0xfff9fffe04006172ull);
	caps.proc2 = ctl(0x02977fff00000000ull);
	caps.exit = ctl(0x107fffff00036dfbull);
	caps.entry = ctl(0x0010ffff000011fbull);
	caps.phys_addr_bits = 40;
	check_features = (struct check_features){
		.linear_bits = 48, .host_lma = 1, .valid = 1,
		.efer_valid = EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE,
	};
}

/* What Bochs lacks: posted interrupts, ENCLS exiting (SGX), MBEC, PKRS
 * and BNDCFGS loading, RTM; and no EPT A/D, no relaxed error codes. */
static void rich_caps(void)
{
	bochs_caps();
	caps.basic &= ~VMX_BASIC_NO_ERRCODE_CHECK;
	caps.ept_vpid &= ~EPT_CAP_AD;
	caps.pin.allowed1 |= PIN_BASED_POSTED_INTR;
	caps.proc2.allowed1 |= SECONDARY_ENCLS_EXITING |
			       SECONDARY_MODE_BASED_EPT_EXEC;
	caps.exit.allowed1 |= VM_EXIT_LOAD_PKRS;
	caps.entry.allowed1 |= VM_ENTRY_LOAD_BNDCFGS | VM_ENTRY_LOAD_PKRS;
	check_features.rtm = 1;
}

static void init_pages(void)
{
	uint64_t *msr = (uint64_t *)mem[PG_MSR];
	unsigned int i;

	memset(mem, 0, sizeof(mem));
	*(uint32_t *)(mem[PG_VAPIC] + 0x80) = 0x20;
	*(uint32_t *)mem[PG_VMCS] = VMX_BASIC_REVISION(caps.basic);
	*(uint32_t *)mem[PG_SHADOW] = VMX_BASIC_REVISION(caps.basic) |
				      0x80000000u;
	*(uint32_t *)mem[PG_SELF] = VMX_BASIC_REVISION(caps.basic);
	for (i = 0; i < 256; i++) {
		msr[2 * i] = MSR_IA32_SYSENTER_CS;
		msr[2 * i + 1] = 0;
	}
}

static void real_mode_seg(uint32_t sel, uint32_t ar_type)
{
	/* selector, limit, AR and base fields keep the SDM's order:
	 * ES CS SS DS FS GS at 2-apart encodings (appendix B). */
	uint32_t i = (sel - VMCS_GUEST_ES_SELECTOR) / 2;

	set(sel, 0);
	set(VMCS_GUEST_ES_BASE + 2 * i, 0);
	set(VMCS_GUEST_ES_LIMIT + 2 * i, 0xffff);
	set(VMCS_GUEST_ES_AR_BYTES + 2 * i, ar_type | AR_S | AR_P);
}

/* The hypervisor's known-good VMCS, with the self-test's additions
 * (preemption timer, MSR areas at PG_MSR). */
static void good_image(void)
{
	memset(vals, 0, sizeof(vals));
	launched = 0;
	init_pages();
	set(VMCS_PIN_BASED_VM_EXEC_CONTROL, caps.pin.allowed0 |
	    PIN_BASED_EXT_INTR_EXITING | PIN_BASED_NMI_EXITING |
	    PIN_BASED_PREEMPTION_TIMER);
	set(VMCS_CPU_BASED_VM_EXEC_CONTROL, caps.proc.allowed0 |
	    CPU_BASED_HLT_EXITING | CPU_BASED_USE_IO_BITMAPS |
	    CPU_BASED_USE_MSR_BITMAPS | CPU_BASED_MWAIT_EXITING |
	    CPU_BASED_MONITOR_EXITING | CPU_BASED_RDPMC_EXITING |
	    CPU_BASED_TPR_SHADOW | CPU_BASED_ACTIVATE_SECONDARY);
	set(VMCS_SECONDARY_VM_EXEC_CONTROL, SECONDARY_ENABLE_EPT |
	    SECONDARY_UNRESTRICTED_GUEST | SECONDARY_ENABLE_VPID |
	    SECONDARY_ENABLE_RDTSCP | SECONDARY_ENABLE_INVPCID);
	set(VMCS_VM_EXIT_CONTROLS, caps.exit.allowed0 |
	    VM_EXIT_HOST_ADDR_SPACE_SIZE | VM_EXIT_SAVE_IA32_EFER |
	    VM_EXIT_LOAD_IA32_EFER | VM_EXIT_SAVE_IA32_PAT |
	    VM_EXIT_LOAD_IA32_PAT);
	set(VMCS_VM_ENTRY_CONTROLS, caps.entry.allowed0 |
	    VM_ENTRY_LOAD_IA32_EFER | VM_ENTRY_LOAD_IA32_PAT);
	set(VMCS_EXCEPTION_BITMAP, 1u << 18);
	set(VMCS_IO_BITMAP_A, 0x200000);
	set(VMCS_IO_BITMAP_B, 0x201000);
	set(VMCS_MSR_BITMAP, 0x202000);
	set(VMCS_EPT_POINTER, 0x300000 | 6 | (3 << 3));
	set(VMCS_VIRTUAL_PROCESSOR_ID, 1);
	set(VMCS_VIRTUAL_APIC_PAGE_ADDR, page(PG_VAPIC));
	set(VMCS_VMCS_LINK_POINTER, ~0ull);
	set(VMCS_VM_EXIT_MSR_STORE_ADDR, page(PG_MSR));
	set(VMCS_VM_EXIT_MSR_LOAD_ADDR, page(PG_MSR));
	set(VMCS_VM_ENTRY_MSR_LOAD_ADDR, page(PG_MSR));

	set(VMCS_HOST_CR0, 0x80000031);
	set(VMCS_HOST_CR3, 0x101000);
	set(VMCS_HOST_CR4, CR4_VMXE | CR4_PAE);
	set(VMCS_HOST_CS_SELECTOR, 0x08);
	set(VMCS_HOST_SS_SELECTOR, 0x10);
	set(VMCS_HOST_DS_SELECTOR, 0x10);
	set(VMCS_HOST_ES_SELECTOR, 0x10);
	set(VMCS_HOST_TR_SELECTOR, 0x18);
	set(VMCS_HOST_TR_BASE, 0x104000);
	set(VMCS_HOST_GDTR_BASE, 0x105000);
	set(VMCS_HOST_IDTR_BASE, 0x106000);
	set(VMCS_HOST_IA32_EFER, EFER_LME | EFER_LMA | EFER_NXE);
	set(VMCS_HOST_IA32_PAT, 0x0007040600070406ull);
	set(VMCS_HOST_RIP, 0x10a000);
	set(VMCS_HOST_RSP, 0x180000);

	set(VMCS_GUEST_CR0, CR0_ET | CR0_NE);
	set(VMCS_GUEST_CR4, CR4_VMXE);
	set(VMCS_CR0_READ_SHADOW, CR0_ET);
	set(VMCS_GUEST_DR7, 0x400);
	real_mode_seg(VMCS_GUEST_CS_SELECTOR, 0xb);
	real_mode_seg(VMCS_GUEST_SS_SELECTOR, 0x3);
	real_mode_seg(VMCS_GUEST_DS_SELECTOR, 0x3);
	real_mode_seg(VMCS_GUEST_ES_SELECTOR, 0x3);
	real_mode_seg(VMCS_GUEST_FS_SELECTOR, 0x3);
	real_mode_seg(VMCS_GUEST_GS_SELECTOR, 0x3);
	set(VMCS_GUEST_TR_LIMIT, 0xffff);
	set(VMCS_GUEST_TR_AR_BYTES, 0x3 | AR_P);
	set(VMCS_GUEST_LDTR_LIMIT, 0xffff);
	set(VMCS_GUEST_LDTR_AR_BYTES, AR_UNUSABLE);
	set(VMCS_GUEST_GDTR_LIMIT, 0xffff);
	set(VMCS_GUEST_IDTR_LIMIT, 0xffff);
	set(VMCS_GUEST_RIP, 0x8000);
	set(VMCS_GUEST_RSP, 0x7000);
	set(VMCS_GUEST_RFLAGS, RFLAGS_FIXED);
	set(VMCS_GUEST_IA32_PAT, 0x0007040600070406ull);
}

/* The 32-bit-host variant: VM entry made outside IA-32e mode. */
static void good_image_32bit_host(void)
{
	check_features.host_lma = 0;
	good_image();
	set(VMCS_VM_EXIT_CONTROLS, get(VMCS_VM_EXIT_CONTROLS) &
	    ~(VM_EXIT_HOST_ADDR_SPACE_SIZE | VM_EXIT_LOAD_IA32_EFER));
}

static struct check_result res;

static enum check_verdict check(int launch)
{
	enum check_verdict v = vmcs_check(&img, &caps, launch, &res);
	int r = check_rule_by_id(res.rule);

	if (r >= 0)
		hit[r] = 1;
	return v;
}

static int ctl_word(uint32_t field, const struct vmx_ctl_caps **cap)
{
	static const uint32_t f[CTL_NR] = {
		VMCS_PIN_BASED_VM_EXEC_CONTROL, VMCS_CPU_BASED_VM_EXEC_CONTROL,
		VMCS_SECONDARY_VM_EXEC_CONTROL, VMCS_VM_EXIT_CONTROLS,
		VMCS_VM_ENTRY_CONTROLS,
	};
	const struct vmx_ctl_caps *k[CTL_NR] = {
		&caps.pin, &caps.proc, &caps.proc2, &caps.exit, &caps.entry,
	};
	int w;

	for (w = 0; w < CTL_NR; w++)
		if (f[w] == field) {
			*cap = k[w];
			return w;
		}
	return -1;
}

/* selftest_vmcs.c's apply(), on the image: -1 when not applicable. */
static int apply(const struct mut_op *op, int reserved_rule)
{
	const struct vmx_ctl_caps *cap = NULL, *k;
	uint64_t cur, val;
	int w = ctl_word(op->field, &cap);

	if (op->op == M_POKE) {
		memcpy(mem[op->field >> 16] + (op->field & 0xffff), &op->val,
		       8);
		return 0;
	}
	cur = get(op->field);
	switch (op->op) {
	case M_SET: val = op->val; break;
	case M_OR: val = cur | op->val; break;
	case M_CLR: val = cur & ~op->val; break;
	case M_XOR: val = cur ^ op->val; break;
	case M_PAGE: val = page(op->val & 0xff) + (op->val >> 8); break;
	case M_WIDTH: val = cur | (1ull << caps.phys_addr_bits); break;
	case M_NONCANON:
		val = cur ^ (1ull << (check_features.linear_bits - 1));
		break;
	case M_LWIDTH: val = cur ^ (1ull << check_features.linear_bits); break;
	case M_SELF: val = SELF_PA; break;
	case M_BAD1:
		ctl_word(op->field, &k);
		val = ~(uint64_t)k->allowed1 & 0xffffffffu;
		if (!val)
			return -1;
		val = cur | (val & -val);
		break;
	case M_BAD0:
		ctl_word(op->field, &k);
		val = k->allowed0;
		if (!val)
			return -1;
		val = cur & ~(val & -val);
		break;
	default:
		return -1;
	}
	if (w >= 0 && !reserved_rule && (val & ~cur & ~(uint64_t)cap->allowed1))
		return -1;
	set(op->field, val);
	return 0;
}

static int cond_holds(unsigned int cond)
{
	switch (cond) {
	case C_NO_EPT_AD: return !(caps.ept_vpid & EPT_CAP_AD);
	case C_EPT_AD: return !!(caps.ept_vpid & EPT_CAP_AD);
	case C_CET: return !!(caps.entry.allowed1 & VM_ENTRY_LOAD_CET);
	case C_NOT_ANY_VECTOR:
		return !(caps.basic & VMX_BASIC_NO_ERRCODE_CHECK);
	case C_HOST_32BIT: return !check_features.host_lma;
	case C_HOST_64BIT: return check_features.host_lma;
	case C_SGX: return !!(caps.proc2.allowed1 & SECONDARY_ENCLS_EXITING);
	case C_NO_SGX: return !(caps.proc2.allowed1 & SECONDARY_ENCLS_EXITING);
	case C_RTM: return check_features.rtm;
	default: return 1;
	}
}

/* Mutation @m on @base, as the self-test applies it; checked in software.
 * Returns -1 when it cannot apply, else the verdict. */
static int check_mutation(const struct mutation *m, void (*base)(void))
{
	const struct mut_op *sc = scenario_ops[m->scenario];
	int reserved = !!strstr(m->rule, ".reserved"), ok = 1;
	unsigned int j;

	base();
	for (j = 0; j < SCENARIO_OPS && sc[j].op; j++)
		ok &= !apply(&sc[j], reserved);
	for (j = 0; j < MUT_OPS && m->ops[j].op; j++)
		ok &= !apply(&m->ops[j], reserved);
	if (!ok)
		return -1;
	launched = m->mode == MODE_LAUNCH_LAUNCHED ||
		   m->mode == MODE_RESUME_LAUNCHED;
	return (int)check(m->mode == MODE_LAUNCH ||
			  m->mode == MODE_LAUNCH_LAUNCHED);
}

/* Every applicable corpus mutation (with condition @only, if not C_NONE)
 * breaks exactly its rule. Returns how many applied. */
static unsigned int run_corpus(void (*base)(void), unsigned int only)
{
	unsigned int i, applied = 0;

	for (i = 0; i < targeted_total(); i++) {
		const struct mutation *m = targeted_mutation(i);

		if (!cond_holds(m->cond) || (only != C_NONE && m->cond != only))
			continue;
		if (check_mutation(m, base) < 0)
			continue;
		if (strcmp(res.rule, m->rule))
			fail_msg("corpus #%u (%s, %s): got %s: %s", i, m->rule,
				 m->what, res.rule, res.detail);
		applied++;
	}
	return applied;
}

static void test_good_image_passes(void **state)
{
	(void)state;
	bochs_caps();
	good_image();
	assert_int_equal(check(1), CHECK_PASS);
	assert_string_equal(res.rule, "pass");
	rich_caps();
	good_image();
	assert_int_equal(check(1), CHECK_PASS);
	good_image_32bit_host();
	assert_int_equal(check(1), CHECK_PASS);
}

static void test_corpus_bochs(void **state)
{
	(void)state;
	bochs_caps();
	assert_true(run_corpus(good_image, C_NONE) > 300);
}

static void test_corpus_rich_cpu(void **state)
{
	(void)state;
	rich_caps();
	assert_true(run_corpus(good_image, C_NONE) > 300);
}

static void test_corpus_32bit_host(void **state)
{
	(void)state;
	bochs_caps();
	check_features.host_lma = 0;
	assert_int_equal(run_corpus(good_image_32bit_host, C_HOST_32BIT), 4);
	check_features.host_lma = 1;
}

/* Each class of rule gives the verdict of SDM vol. 3, 26.1, 26.2, 26.8. */
static void test_verdicts(void **state)
{
	(void)state;
	bochs_caps();
	good_image();
	launched = 1;
	assert_int_equal(check(1), CHECK_VMFAIL);
	assert_int_equal(res.vm_insn_error, 4);
	launched = 0;
	assert_int_equal(check(0), CHECK_VMFAIL);
	assert_int_equal(res.vm_insn_error, 5);

	set(VMCS_CR3_TARGET_COUNT, 9);
	assert_int_equal(check(1), CHECK_VMFAIL);
	assert_int_equal(res.vm_insn_error, 7);
	assert_string_equal(res.sdm, "26.2.1.1");

	good_image();
	set(VMCS_HOST_TR_SELECTOR, 0);
	assert_int_equal(check(1), CHECK_VMFAIL);
	assert_int_equal(res.vm_insn_error, 8);

	good_image();
	set(VMCS_GUEST_RFLAGS, 0);
	assert_int_equal(check(1), CHECK_ENTRY_FAIL);
	assert_int_equal(res.exit_reason, 33);
	assert_int_equal(res.exit_qualification, 0);

	good_image();
	set(VMCS_VMCS_LINK_POINTER, page(PG_ZERO));
	assert_int_equal(check(1), CHECK_ENTRY_FAIL);
	assert_int_equal(res.exit_reason, 33);
	assert_int_equal(res.exit_qualification, 4);

	good_image();
	set(VMCS_GUEST_CR0, get(VMCS_GUEST_CR0) | CR0_PE | CR0_PG);
	set(VMCS_GUEST_CR4, get(VMCS_GUEST_CR4) | CR4_PAE);
	set(VMCS_GUEST_PDPTR1, 0x81);	/* P and reserved bit 7 */
	assert_int_equal(check(1), CHECK_ENTRY_FAIL);
	assert_int_equal(res.exit_qualification, 2);
}

/* VMfail checks on controls, then host state, then the guest (26.2). */
static void test_area_order(void **state)
{
	(void)state;
	bochs_caps();
	good_image();
	set(VMCS_GUEST_RFLAGS, 0);			/* guest */
	set(VMCS_HOST_CS_SELECTOR, 0);			/* host */
	set(VMCS_CR3_TARGET_COUNT, 5);			/* controls */
	check(1);
	assert_string_equal(res.rule, "ctl.cr3_target_count");
	set(VMCS_CR3_TARGET_COUNT, 0);
	check(1);
	assert_string_equal(res.rule, "host.cs.sel.null");
	set(VMCS_HOST_CS_SELECTOR, 8);
	check(1);
	assert_string_equal(res.rule, "guest.rflags.bit1");
}

/* The message names the rule and the offending fields with values. */
static void test_detail(void **state)
{
	(void)state;
	bochs_caps();
	good_image();
	set(VMCS_GUEST_CR0, get(VMCS_GUEST_CR0) | CR0_PG);
	check(1);
	assert_string_equal(res.rule, "guest.cr0.pg_pe");
	assert_non_null(strstr(res.detail, "GUEST_CR0=0x80000030"));
	assert_non_null(strstr(res.detail, "CR0.PE"));
}

/* The MSR-load failure names the entry (26.8: qualification = index). */
static void test_msr_load_index(void **state)
{
	uint64_t e = MSR_IA32_GS_BASE;

	(void)state;
	bochs_caps();
	good_image();
	set(VMCS_VM_ENTRY_MSR_LOAD_COUNT, 5);
	memcpy(mem[PG_MSR] + 3 * 16, &e, 8);
	assert_int_equal(check(1), CHECK_ENTRY_FAIL);
	assert_int_equal(res.exit_reason, 34);
	assert_int_equal(res.exit_qualification, 4);
}

/* A view without memory skips what needs it; unreadable memory reads as
 * all ones (no VMCS revision there). */
static void test_memory_checks(void **state)
{
	(void)state;
	bochs_caps();
	good_image();
	set(VMCS_TPR_THRESHOLD, 7);		/* VTPR[7:4] is 2 */
	assert_int_equal(vmcs_check(&img_no_memory, &caps, 1, &res),
			 CHECK_PASS);
	assert_int_equal(check(1), CHECK_VMFAIL);
	assert_string_equal(res.rule, "ctl.tpr_threshold.vtpr");
	good_image();
	set(VMCS_VMCS_LINK_POINTER, NO_MEMORY);
	check(1);
	assert_string_equal(res.rule, "guest.link.revision");
}

/*
 * SDM vol. 3, 26.3.1.4: in 64-bit code RIP bits 63:N must be identical, N
 * the linear-address width; bit N-1 is free (the rule is not "canonical",
 * which takes in bit N-1: the rule before this test refused bit 47).
 */
static void test_guest_rip_width(void **state)
{
	static const struct {
		unsigned int width;
		uint64_t rip;
		int passes;
	} t[] = {
		{ 48, 0x0000800000008000ull, 1 },	/* bit 47 alone */
		{ 48, 0xffff000000008000ull, 1 },	/* 63:48 set, not 47 */
		{ 48, 0xffff800000008000ull, 1 },	/* canonical */
		{ 48, 0x0001000000008000ull, 0 },	/* bit 48 */
		{ 48, 0x8000000000008000ull, 0 },	/* bit 63 */
		{ 57, 0x0100000000008000ull, 1 },	/* bit 56 alone */
		{ 57, 0x0200000000008000ull, 0 },	/* bit 57 */
		{ 64, 0x0123456789abcdefull, 1 },	/* no check */
	};
	const struct mut_op *sc = scenario_ops[S_IA32E];
	unsigned int i, j;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		bochs_caps();
		check_features.linear_bits = t[i].width;
		good_image();
		for (j = 0; j < SCENARIO_OPS && sc[j].op != M_END; j++)
			assert_int_equal(apply(&sc[j], 0), 0);
		assert_int_equal(check(1), CHECK_PASS);
		set(VMCS_GUEST_RIP, t[i].rip);
		if (t[i].passes) {
			assert_int_equal(check(1), CHECK_PASS);
			continue;
		}
		assert_int_equal(check(1), CHECK_ENTRY_FAIL);
		assert_string_equal(res.rule, "guest.rip.canonical");
	}
	/* Compatibility mode (CS.L = 0): bits 63:32 must be 0. */
	bochs_caps();
	good_image();
	for (j = 0; j < SCENARIO_OPS && sc[j].op != M_END; j++)
		assert_int_equal(apply(&sc[j], 0), 0);
	set(VMCS_GUEST_CS_AR_BYTES, get(VMCS_GUEST_CS_AR_BYTES) & ~AR_L);
	set(VMCS_GUEST_RIP, 0x0000800000008000ull);
	check(1);
	assert_string_equal(res.rule, "guest.rip.high");
}

/* The software's verdict as a struct hw_verdict (exit reason, error). */
static int verdict_is(enum check_verdict v, const struct hw_verdict *want)
{
	switch (want->kind) {
	case HW_ENTERED:
		return v == CHECK_PASS;
	case HW_VMFAIL_VALID:
		return v == CHECK_VMFAIL && res.vm_insn_error == want->error;
	case HW_ENTRY_FAIL:
		return v == CHECK_ENTRY_FAIL &&
		       res.exit_reason == want->error &&
		       res.exit_qualification == want->qual;
	default:
		return 0;
	}
}

/*
 * Each known Bochs deviation (selftest_vmcs_corpus.c) states the SDM
 * verdict it departs from; for every targeted mutation it names, the
 * software gives exactly that verdict and rule under Bochs' capabilities,
 * with the deviation's predicate holding: a deviation cannot state one
 * verdict and cover another.
 */
static void test_deviations_state_the_software_verdict(void **state)
{
	unsigned int i, j, k, found;

	(void)state;
	for (i = 0; i < bochs_deviation_count; i++) {
		const struct deviation *d = &bochs_deviations[i];

		for (j = 0; j < DEV_MUTATIONS && d->mutations[j]; j++) {
			for (k = 0, found = 0; k < targeted_total(); k++) {
				const struct mutation *m = targeted_mutation(k);
				int v;

				if (strcmp(m->what, d->mutations[j]) ||
				    !deviation_names(d, m))
					continue;
				found++;
				bochs_caps();
				v = check_mutation(m, good_image);
				assert_true(v >= 0);
				if (strcmp(res.rule, d->rule) ||
				    !verdict_is((enum check_verdict)v,
						&d->sdm_verdict))
					fail_msg("deviation %s, %s: software "
						 "gives %s (verdict %d)", d->id,
						 m->what, res.rule, v);
				assert_true(!d->applies || d->applies());
			}
			assert_int_equal(found, 1);
		}
	}
}

/* Every rule of checks_rules.h is broken by some test above. */
static void test_every_rule_broken(void **state)
{
	unsigned int i, missing = 0;

	(void)state;
	for (i = 0; i < RULE_COUNT; i++)
		if (!hit[i]) {
			print_message("rule %s never broken\n",
				      check_rules[i].id);
			missing++;
		}
	assert_int_equal(missing, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_image_passes),
		cmocka_unit_test(test_corpus_bochs),
		cmocka_unit_test(test_corpus_rich_cpu),
		cmocka_unit_test(test_corpus_32bit_host),
		cmocka_unit_test(test_verdicts),
		cmocka_unit_test(test_area_order),
		cmocka_unit_test(test_detail),
		cmocka_unit_test(test_msr_load_index),
		cmocka_unit_test(test_memory_checks),
		cmocka_unit_test(test_guest_rip_width),
		cmocka_unit_test(test_deviations_state_the_software_verdict),
		cmocka_unit_test(test_every_rule_broken),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
