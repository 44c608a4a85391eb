/*
 * test_nested_caps.c - the VMX capability MSRs L1 is offered
 * (src/nested/nested_caps.c), from a CPU like Bochs' tigerlake: each
 * control MSR is consistent (SDM vol. 3, A.3-A.5: what must be 1 may be
 * 1; the non-TRUE MSRs require the default1 bits), offers only what the
 * CPU allows and requires what it requires, offers nothing that needs
 * EPT for L1 or a second virtualization by L0, and BASIC, MISC,
 * EPT_VPID_CAP and VMCS_ENUM say what vmcs12.c implements, and CR4_FIXED1
 * keeps from L2 what the guest may not set itself.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "controls.h"
#include "msr.h"
#include "nested_caps.h"
#include "vmcs12.h"

static struct vmx_caps host_caps(void)
{
	struct vmx_caps h = {
		.basic = 0x00da040000000004ull,	/* TRUE, INOUT, WB, 1 KiB */
		.misc = 0x20000000ull | 0x1c0 | 5 | (4u << 16) | VMX_MISC_STORE_LMA,
		.ept_vpid = 0x00000f0106734141ull,
		.vmfunc = 1,
		.cr0_fixed0 = 0x80000021, .cr0_fixed1 = 0xffffffff,
		.cr4_fixed0 = 0x2000, .cr4_fixed1 = 0x003727ff,
		.pin = { 0x16, 0xff },
		/* TRUE: CR3 load/store exiting may be 0. */
		.proc = { 0x04006172, 0xffffffff },
		.proc2 = { 0, 0x0253ffff },
		.exit = { 0x00036dfb, 0x3fffffff },
		.entry = { 0x000011fb, 0x0003ffff },
	};

	return h;
}

static uint64_t msr(const struct vmx_caps *l1, uint32_t nr)
{
	uint64_t v = 0;

	assert_int_equal(nested_caps_msr(l1, nr, &v), 0);
	return v;
}

/* allowed0 (must be 1) within allowed1 (may be 1). */
static void consistent(uint64_t m)
{
	assert_int_equal((uint32_t)m & ~(uint32_t)(m >> 32), 0);
}

static void test_controls(void **state)
{
	struct vmx_caps h = host_caps(), l1;
	const struct vmx_ctl_caps *hc[] = { &h.pin, &h.proc, &h.proc2,
					    &h.exit, &h.entry };
	const struct vmx_ctl_caps *lc[] = { &l1.pin, &l1.proc, &l1.proc2,
					    &l1.exit, &l1.entry };
	static const uint32_t nrs[] = {
		MSR_IA32_VMX_PINBASED_CTLS, MSR_IA32_VMX_PROCBASED_CTLS,
		MSR_IA32_VMX_PROCBASED_CTLS2, MSR_IA32_VMX_EXIT_CTLS,
		MSR_IA32_VMX_ENTRY_CTLS, MSR_IA32_VMX_TRUE_PINBASED_CTLS,
		MSR_IA32_VMX_TRUE_PROCBASED_CTLS, MSR_IA32_VMX_TRUE_EXIT_CTLS,
		MSR_IA32_VMX_TRUE_ENTRY_CTLS,
	};
	unsigned int i;

	(void)state;
	nested_caps(&h, ~0ull, &l1);
	for (i = 0; i < 5; i++) {
		assert_int_equal(lc[i]->allowed1 & ~hc[i]->allowed1, 0);
		assert_int_equal(hc[i]->allowed0 & ~lc[i]->allowed0, 0);
		assert_int_equal(lc[i]->allowed0 & ~lc[i]->allowed1, 0);
	}
	for (i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++)
		consistent(msr(&l1, nrs[i]));
	/* The non-TRUE MSR requires CR3 exiting, the TRUE one does not. */
	assert_true(msr(&l1, MSR_IA32_VMX_PROCBASED_CTLS) &
		    CPU_BASED_CR3_LOAD_EXITING);
	assert_false(msr(&l1, MSR_IA32_VMX_TRUE_PROCBASED_CTLS) &
		     CPU_BASED_CR3_LOAD_EXITING);
	/* Offered where the CPU has them. */
	assert_true(l1.pin.allowed1 & PIN_BASED_PREEMPTION_TIMER);
	assert_true(l1.proc.allowed1 & CPU_BASED_MONITOR_TRAP_FLAG);
	assert_true(l1.proc.allowed1 & CPU_BASED_USE_MSR_BITMAPS);
	assert_true(l1.proc2.allowed1 & SECONDARY_ENABLE_VPID);
	assert_true(l1.entry.allowed1 & VM_ENTRY_IA32E_MODE);
	/* Never: EPT and what needs it, what L0 would virtualize twice,
	 * what the guest's CPUID hides. */
	assert_int_equal(l1.pin.allowed1 & PIN_BASED_POSTED_INTR, 0);
	assert_int_equal(l1.proc.allowed1 & CPU_BASED_ACTIVATE_TERTIARY, 0);
	assert_int_equal(l1.proc2.allowed1 &
			 (SECONDARY_ENABLE_EPT | SECONDARY_UNRESTRICTED_GUEST |
			  SECONDARY_VMCS_SHADOWING | SECONDARY_ENABLE_PML |
			  SECONDARY_VIRTUALIZE_APIC_ACCESSES |
			  SECONDARY_VIRTUAL_INTR_DELIVERY |
			  SECONDARY_ENABLE_VMFUNC | SECONDARY_ENABLE_XSAVES |
			  SECONDARY_TSC_SCALING), 0);
	assert_int_equal(l1.exit.allowed1 & (VM_EXIT_LOAD_PERF_GLOBAL_CTRL |
					     VM_EXIT_LOAD_CET), 0);
	assert_int_equal(l1.entry.allowed1 & (VM_ENTRY_SMM |
					      VM_ENTRY_LOAD_BNDCFGS), 0);
	/* A CPU that required a control L1 is not offered: L1 must set it
	 * too, and may (the MSR stays consistent). */
	h.exit.allowed0 |= VM_EXIT_LOAD_PKRS;
	nested_caps(&h, ~0ull, &l1);
	assert_true(l1.exit.allowed0 & VM_EXIT_LOAD_PKRS);
	consistent(msr(&l1, MSR_IA32_VMX_TRUE_EXIT_CTLS));
	h = host_caps();
	/* What the CPU lacks is not offered. */
	h.pin.allowed1 &= ~PIN_BASED_PREEMPTION_TIMER;
	nested_caps(&h, ~0ull, &l1);
	assert_int_equal(l1.pin.allowed1 & PIN_BASED_PREEMPTION_TIMER, 0);
}

static void test_basic_misc_enum(void **state)
{
	struct vmx_caps h = host_caps(), l1;
	uint64_t v, top;
	unsigned int i;

	(void)state;
	nested_caps(&h, ~0ull, &l1);
	v = msr(&l1, MSR_IA32_VMX_BASIC);
	assert_int_equal(VMX_BASIC_REVISION(v), VMCS12_REVISION);
	assert_int_equal(VMX_BASIC_REGION_SIZE(v), VMCS12_REGION_SIZE);
	assert_int_equal(VMX_BASIC_MEMTYPE(v), 6);
	assert_true(v & VMX_BASIC_TRUE_CTLS);
	assert_true(v & VMX_BASIC_INOUT_INFO);
	assert_false(v & VMX_BASIC_32BIT_PHYS);
	v = msr(&l1, MSR_IA32_VMX_MISC);
	assert_int_equal(VMX_MISC_PREEMPT_RATE(v), 5);
	assert_int_equal(VMX_MISC_CR3_TARGETS(v), 0);
	assert_true(v & VMX_MISC_VMWRITE_ANY);
	assert_true(v & VMX_MISC_ACTIVITY_HLT);
	assert_false(v & (VMX_MISC_ACTIVITY_SHUTDOWN |
			  VMX_MISC_ACTIVITY_WAIT_SIPI));
	v = msr(&l1, MSR_IA32_VMX_EPT_VPID_CAP);
	assert_int_equal(v & 0xffffffffull, 0);		/* no EPT */
	assert_true(v & VPID_CAP_INVVPID);
	assert_int_equal(msr(&l1, MSR_IA32_VMX_VMFUNC), 0);
	assert_int_equal(msr(&l1, MSR_IA32_VMX_CR0_FIXED0), h.cr0_fixed0);
	assert_int_equal(msr(&l1, MSR_IA32_VMX_CR4_FIXED1), h.cr4_fixed1);
	/* A CR4 bit the guest may not set (OSXSAVE, bit 18, with XSAVE
	 * hidden) is fixed to 0 for L2. */
	nested_caps(&h, ~(1ull << 18), &l1);
	assert_int_equal(msr(&l1, MSR_IA32_VMX_CR4_FIXED1),
			 h.cr4_fixed1 & ~(1ull << 18));
	/* VMCS_ENUM bits 9:1: the highest index of any field listed. */
	top = msr(&l1, MSR_IA32_VMX_VMCS_ENUM) >> 1;
	for (v = 0, i = 0; i < vmcs_field_count; i++) {
		uint32_t idx = VMCS_FIELD_INDEX(vmcs_field_table[i].encoding);

		assert_true(idx <= top);
		v |= idx == top;
	}
	assert_true(v);
	/* Not a VMX capability MSR. */
	assert_int_equal(nested_caps_msr(&l1, MSR_IA32_VMX_BASIC - 1, &v), -1);
	assert_int_equal(nested_caps_msr(&l1, MSR_IA32_VMX_VMFUNC + 1, &v), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_basic_misc_enum),
	};

	return cmocka_run_group_tests_name("nested_caps", tests, NULL, NULL);
}
