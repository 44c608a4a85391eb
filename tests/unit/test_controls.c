/*
 * test_controls.c - fitting wanted VMX controls to a CPU's capability MSRs
 * (vmx_adjust_ctl) and the control names, on synthetic words and on the
 * MSR values recorded from Bochs and from real Intel CPUs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "controls.h"

/*
 * SDM vol. 3, A.3: a control capability MSR holds the allowed 0-settings
 * in bits 31:0 (a 1 there means the control must be 1) and the allowed
 * 1-settings in bits 63:32 (a 0 there means the control must be 0). This
 * is vmx_ctl_caps_from_msr() of probe.c, which cannot be linked here.
 */
static struct vmx_ctl_caps ctl_caps_from_msr(uint64_t msr)
{
	return (struct vmx_ctl_caps){
		.allowed0 = (uint32_t)msr,
		.allowed1 = (uint32_t)(msr >> 32),
	};
}

/*
 * One CPU's control capability MSRs, as probe.c reads them: the TRUE_*
 * MSRs for pin, primary, exit and entry when IA32_VMX_BASIC[55] is 1
 * (SDM vol. 3, A.1 and A.2), the plain ones otherwise.
 */
struct cpu_msrs {
	uint64_t basic;
	uint64_t ctl[CTL_NR];
};

/* Bochs 2.7, cpu model=tigerlake, read on this machine (TRUE_* MSRs). */
static const struct cpu_msrs bochs_tigerlake = {
	.basic = 0x1d8100000000004ull,
	.ctl = {
		[CTL_PIN] = 0x0000007f00000016ull,
		[CTL_PROC] = 0xfff9fffe04006172ull,
		[CTL_PROC2] = 0x02977fff00000000ull,
		[CTL_EXIT] = 0x107fffff00036dfbull,
		[CTL_ENTRY] = 0x0010ffff000011fbull,
	},
};

/*
 * Intel Core i7-6700K (Skylake), dumped by VBoxCpuReport into VirtualBox's
 * CPU database:
 * https://github.com/VirtualBox/virtualbox/blob/4908d8d1a85c75c0eefb6a4c5c8a9f07211ad8f1/src/VBox/VMM/VMMR3/cpus/Intel_Core_i7_6700K.h
 * The same TRUE_* values are printed by VirtualBox 6.1 in the host log of
 * https://github.com/myspaghetti/macos-virtualbox/issues/224
 */
static const struct cpu_msrs core_i7_6700k = {
	.basic = 0xda040000000004ull,
	.ctl = {
		[CTL_PIN] = 0x7f00000016ull,		/* TRUE_PINBASED */
		[CTL_PROC] = 0xfff9fffe04006172ull,	/* TRUE_PROCBASED */
		[CTL_PROC2] = 0x1ffcff00000000ull,
		[CTL_EXIT] = 0x1ffffff00036dfbull,	/* TRUE_EXIT */
		[CTL_ENTRY] = 0x3ffff000011fbull,	/* TRUE_ENTRY */
	},
};

/* The i7-6700K's plain IA32_VMX_PROCBASED_CTLS, from the same dump. */
#define CORE_I7_6700K_PROCBASED_CTLS	0xfff9fffe0401e172ull

/*
 * Intel Xeon X5482 (Penryn, family 6 model 23): no EPT, no unrestricted
 * guest, no EFER load/save; IA32_VMX_BASIC[55] = 0, so no TRUE_* MSRs.
 * https://github.com/VirtualBox/virtualbox/blob/4908d8d1a85c75c0eefb6a4c5c8a9f07211ad8f1/src/VBox/VMM/VMMR3/cpus/Intel_Xeon_X5482_3_20GHz.h
 */
static const struct cpu_msrs xeon_x5482 = {
	.basic = 0x5a08000000000dull,
	.ctl = {
		[CTL_PIN] = 0x3f00000016ull,
		[CTL_PROC] = 0xf7f9fffe0401e172ull,
		[CTL_PROC2] = 0x4100000000ull,
		[CTL_EXIT] = 0x3ffff00036dffull,
		[CTL_ENTRY] = 0x3fff000011ffull,
	},
};

static const struct cpu_msrs *const all_cpus[] = {
	&bochs_tigerlake, &core_i7_6700k, &xeon_x5482,
};

/*
 * The hypervisor's request: ctl_request in src/vmx/run.c, plus "activate
 * secondary controls", which vmcs_setup_controls() always requires.
 */
static const struct {
	uint32_t required, optional;
} hv_request[CTL_NR] = {
	[CTL_PIN] = {
		.required = PIN_BASED_EXT_INTR_EXITING | PIN_BASED_NMI_EXITING,
	},
	[CTL_PROC] = {
		.required = CPU_BASED_HLT_EXITING | CPU_BASED_USE_IO_BITMAPS |
			    CPU_BASED_USE_MSR_BITMAPS |
			    CPU_BASED_CR8_LOAD_EXITING |
			    CPU_BASED_CR8_STORE_EXITING |
			    CPU_BASED_MWAIT_EXITING |
			    CPU_BASED_MONITOR_EXITING |
			    CPU_BASED_RDPMC_EXITING |
			    CPU_BASED_ACTIVATE_SECONDARY,
	},
	[CTL_PROC2] = {
		.required = SECONDARY_ENABLE_EPT | SECONDARY_UNRESTRICTED_GUEST,
		.optional = SECONDARY_ENABLE_VPID | SECONDARY_ENABLE_RDTSCP |
			    SECONDARY_ENABLE_INVPCID,
	},
	[CTL_EXIT] = {
		.required = VM_EXIT_HOST_ADDR_SPACE_SIZE |
			    VM_EXIT_SAVE_IA32_EFER | VM_EXIT_LOAD_IA32_EFER,
		.optional = VM_EXIT_SAVE_IA32_PAT | VM_EXIT_LOAD_IA32_PAT,
	},
	[CTL_ENTRY] = {
		.required = VM_ENTRY_LOAD_IA32_EFER,
		.optional = VM_ENTRY_LOAD_IA32_PAT,
	},
};

struct fit_result {
	int ret[CTL_NR];
	uint32_t out[CTL_NR], missing[CTL_NR], dropped[CTL_NR];
};

/*
 * Fit the hypervisor's request to @cpu, word by word, and check what
 * holds whatever the outcome: out is allowed, has every allowed-0 bit and
 * every granted request; missing and dropped are exactly what was asked
 * for and not allowed.
 */
static void fit_request(const struct cpu_msrs *cpu, struct fit_result *r)
{
	unsigned int w;

	for (w = 0; w < CTL_NR; w++) {
		struct vmx_ctl_caps caps = ctl_caps_from_msr(cpu->ctl[w]);
		uint32_t req = hv_request[w].required;
		uint32_t opt = hv_request[w].optional;

		r->ret[w] = vmx_adjust_ctl(&caps, req, opt, &r->out[w],
					   &r->missing[w], &r->dropped[w]);
		assert_int_equal(r->out[w] & ~caps.allowed1, 0);
		assert_int_equal(r->out[w] & caps.allowed0, caps.allowed0);
		assert_int_equal(r->out[w] & (req | opt),
				 (req | opt) & caps.allowed1);
		assert_int_equal(r->missing[w], req & ~caps.allowed1);
		assert_int_equal(r->dropped[w], opt & ~req & ~caps.allowed1);
		assert_int_equal(r->ret[w], r->missing[w] ? -1 : 0);
	}
}

/* The request fits: every word succeeds with all required bits set. */
static void assert_request_fits(const struct cpu_msrs *cpu)
{
	struct fit_result r;
	unsigned int w;

	fit_request(cpu, &r);
	for (w = 0; w < CTL_NR; w++) {
		assert_int_equal(r.ret[w], 0);
		assert_int_equal(r.missing[w], 0);
		assert_int_equal(r.out[w] & hv_request[w].required,
				 hv_request[w].required);
	}
}

static void test_msr_split(void **state)
{
	struct vmx_ctl_caps pin = ctl_caps_from_msr(bochs_tigerlake.ctl[CTL_PIN]);

	(void)state;
	assert_int_equal(pin.allowed0, 0x16);
	assert_int_equal(pin.allowed1, 0x7f);
	/* Bits 1, 2 and 4 are reserved default-1 (SDM vol. 3, A.3.1). */
	assert_int_equal(pin.allowed0, (1u << 1) | (1u << 2) | (1u << 4));
	/* "activate VMX-preemption timer" may be 1, "process posted
	 * interrupts" may not. */
	assert_true(pin.allowed1 & PIN_BASED_PREEMPTION_TIMER);
	assert_false(pin.allowed1 & PIN_BASED_POSTED_INTR);
}

static void test_allowed0_forced_on(void **state)
{
	struct vmx_ctl_caps caps = { .allowed0 = 0x16, .allowed1 = 0x7f };
	uint32_t out, missing, dropped;

	(void)state;
	assert_int_equal(vmx_adjust_ctl(&caps, 0, 0, &out, &missing,
					&dropped), 0);
	assert_int_equal(out, 0x16);
	assert_int_equal(missing, 0);
	assert_int_equal(dropped, 0);

	assert_int_equal(vmx_adjust_ctl(&caps, PIN_BASED_NMI_EXITING, 0, &out,
					&missing, &dropped), 0);
	assert_int_equal(out, 0x16 | PIN_BASED_NMI_EXITING);
}

/*
 * SDM vol. 3, A.2: the plain IA32_VMX_PROCBASED_CTLS reports CR3-load and
 * CR3-store exiting as default-1; IA32_VMX_TRUE_PROCBASED_CTLS lets them
 * be 0. Neither is in the request, so only the plain MSR forces them.
 */
static void test_true_ctls_clear_default1(void **state)
{
	struct vmx_ctl_caps plain = ctl_caps_from_msr(CORE_I7_6700K_PROCBASED_CTLS);
	struct vmx_ctl_caps tru = ctl_caps_from_msr(core_i7_6700k.ctl[CTL_PROC]);
	const uint32_t cr3 = CPU_BASED_CR3_LOAD_EXITING |
			     CPU_BASED_CR3_STORE_EXITING;
	uint32_t req = hv_request[CTL_PROC].required;
	uint32_t out, missing, dropped;

	(void)state;
	assert_false(req & cr3);
	assert_int_equal(vmx_adjust_ctl(&plain, req, 0, &out, &missing,
					&dropped), 0);
	assert_int_equal(out & cr3, cr3);
	assert_int_equal(vmx_adjust_ctl(&tru, req, 0, &out, &missing,
					&dropped), 0);
	assert_int_equal(out & cr3, 0);
}

static void test_required_not_allowed(void **state)
{
	/* Bochs' secondary word without "unrestricted guest". */
	struct vmx_ctl_caps caps = {
		.allowed0 = 0,
		.allowed1 = 0x02977fff & ~SECONDARY_UNRESTRICTED_GUEST,
	};
	uint32_t out, missing, dropped;

	(void)state;
	assert_int_equal(vmx_adjust_ctl(&caps, SECONDARY_ENABLE_EPT |
					SECONDARY_UNRESTRICTED_GUEST,
					SECONDARY_ENABLE_VPID, &out, &missing,
					&dropped), -1);
	assert_int_equal(missing, SECONDARY_UNRESTRICTED_GUEST);
	assert_int_equal(dropped, 0);
	assert_int_equal(out, SECONDARY_ENABLE_EPT | SECONDARY_ENABLE_VPID);
}

static void test_optional_not_allowed_dropped(void **state)
{
	struct vmx_ctl_caps caps = {
		.allowed0 = 0,
		.allowed1 = 0x02977fff & ~SECONDARY_ENABLE_INVPCID,
	};
	uint32_t out, missing, dropped;

	(void)state;
	assert_int_equal(vmx_adjust_ctl(&caps, SECONDARY_ENABLE_EPT,
					SECONDARY_ENABLE_VPID |
					SECONDARY_ENABLE_INVPCID, &out,
					&missing, &dropped), 0);
	assert_int_equal(dropped, SECONDARY_ENABLE_INVPCID);
	assert_int_equal(missing, 0);
	assert_int_equal(out, SECONDARY_ENABLE_EPT | SECONDARY_ENABLE_VPID);
}

/* A bit both required and optional that the CPU lacks is missing only. */
static void test_required_and_optional_not_allowed(void **state)
{
	struct vmx_ctl_caps caps = { .allowed0 = 0, .allowed1 = 0x0f };
	uint32_t out, missing, dropped;

	(void)state;
	assert_int_equal(vmx_adjust_ctl(&caps, 1u << 4, 1u << 4, &out,
					&missing, &dropped), -1);
	assert_int_equal(missing, 1u << 4);
	assert_int_equal(dropped, 0);
	assert_int_equal(out, 0);
}

/* Whatever is asked for, out stays within allowed1 (SDM vol. 3, A.3-A.5). */
static void test_out_within_allowed1(void **state)
{
	static const uint32_t asks[] = { 0, 0x55555555, 0xaaaaaaaa, ~0u };
	const unsigned int n = sizeof(asks) / sizeof(asks[0]);
	unsigned int c, w, i, j;

	(void)state;
	for (c = 0; c < sizeof(all_cpus) / sizeof(all_cpus[0]); c++) {
		for (w = 0; w < CTL_NR; w++) {
			struct vmx_ctl_caps caps =
				ctl_caps_from_msr(all_cpus[c]->ctl[w]);

			for (i = 0; i < n; i++) {
				for (j = 0; j < n; j++) {
					uint32_t out, missing, dropped;

					vmx_adjust_ctl(&caps, asks[i], asks[j],
						       &out, &missing,
						       &dropped);
					assert_int_equal(out & ~caps.allowed1,
							 0);
				}
			}
		}
	}

	/* Everything optional: out is exactly what the CPU allows. */
	for (w = 0; w < CTL_NR; w++) {
		struct vmx_ctl_caps caps =
			ctl_caps_from_msr(core_i7_6700k.ctl[w]);
		uint32_t out, missing, dropped;

		assert_int_equal(vmx_adjust_ctl(&caps, 0, ~0u, &out, &missing,
						&dropped), 0);
		assert_int_equal(out, caps.allowed1);
		assert_int_equal(dropped, ~caps.allowed1);
	}
}

static void test_request_fits_bochs(void **state)
{
	struct fit_result r;
	unsigned int w;

	(void)state;
	assert_true(bochs_tigerlake.basic & VMX_BASIC_TRUE_CTLS);
	assert_request_fits(&bochs_tigerlake);
	/* Every optional control is there too. */
	fit_request(&bochs_tigerlake, &r);
	for (w = 0; w < CTL_NR; w++)
		assert_int_equal(r.dropped[w], 0);
}

static void test_request_fits_core_i7_6700k(void **state)
{
	struct fit_result r;
	unsigned int w;

	(void)state;
	assert_true(core_i7_6700k.basic & VMX_BASIC_TRUE_CTLS);
	assert_request_fits(&core_i7_6700k);
	fit_request(&core_i7_6700k, &r);
	for (w = 0; w < CTL_NR; w++)
		assert_int_equal(r.dropped[w], 0);
}

/*
 * Penryn predates EPT and unrestricted guest (secondary allowed-1 = 0x41:
 * APIC-access virtualization and WBINVD exiting only) and the EFER
 * load/save controls (exit allowed-1 = 0x3ffff, entry = 0x3fff).
 */
static void test_request_fails_xeon_x5482(void **state)
{
	struct fit_result r;

	(void)state;
	assert_false(xeon_x5482.basic & VMX_BASIC_TRUE_CTLS);
	fit_request(&xeon_x5482, &r);

	assert_int_equal(r.ret[CTL_PIN], 0);
	assert_int_equal(r.missing[CTL_PIN], 0);
	assert_int_equal(r.ret[CTL_PROC], 0);
	assert_int_equal(r.missing[CTL_PROC], 0);

	assert_int_equal(r.ret[CTL_PROC2], -1);
	assert_int_equal(r.missing[CTL_PROC2],
			 SECONDARY_ENABLE_EPT | SECONDARY_UNRESTRICTED_GUEST);
	assert_int_equal(r.dropped[CTL_PROC2], SECONDARY_ENABLE_VPID |
			 SECONDARY_ENABLE_RDTSCP | SECONDARY_ENABLE_INVPCID);

	assert_int_equal(r.ret[CTL_EXIT], -1);
	assert_int_equal(r.missing[CTL_EXIT],
			 VM_EXIT_SAVE_IA32_EFER | VM_EXIT_LOAD_IA32_EFER);
	assert_int_equal(r.dropped[CTL_EXIT],
			 VM_EXIT_SAVE_IA32_PAT | VM_EXIT_LOAD_IA32_PAT);

	assert_int_equal(r.ret[CTL_ENTRY], -1);
	assert_int_equal(r.missing[CTL_ENTRY], VM_ENTRY_LOAD_IA32_EFER);
	assert_int_equal(r.dropped[CTL_ENTRY], VM_ENTRY_LOAD_IA32_PAT);
}

static void test_bit_names(void **state)
{
	(void)state;
	assert_string_equal(vmx_ctl_bit_name(CTL_PROC2, 1), "ENABLE_EPT");
	assert_string_equal(vmx_ctl_bit_name(CTL_PIN, 6), "PREEMPTION_TIMER");
	assert_string_equal(vmx_ctl_bit_name(CTL_PROC, 31),
			    "ACTIVATE_SECONDARY");
	assert_string_equal(vmx_ctl_bit_name(CTL_EXIT, 21), "LOAD_IA32_EFER");
	assert_string_equal(vmx_ctl_bit_name(CTL_ENTRY, 15), "LOAD_IA32_EFER");
	/* Reserved bits: pin-based 1 and primary 26 are default-1. */
	assert_null(vmx_ctl_bit_name(CTL_PIN, 1));
	assert_null(vmx_ctl_bit_name(CTL_PROC, 26));
	assert_null(vmx_ctl_bit_name(CTL_PIN, 32));
	assert_null(vmx_ctl_bit_name(CTL_NR, 0));
}

static void test_word_names(void **state)
{
	(void)state;
	assert_string_equal(vmx_ctl_word_name(CTL_EXIT), "VM-exit");
	assert_string_equal(vmx_ctl_word_name(CTL_ENTRY), "VM-entry");
	assert_string_equal(vmx_ctl_word_name(CTL_PIN), "pin-based");
	assert_string_equal(vmx_ctl_word_name(CTL_NR), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_msr_split),
		cmocka_unit_test(test_allowed0_forced_on),
		cmocka_unit_test(test_true_ctls_clear_default1),
		cmocka_unit_test(test_required_not_allowed),
		cmocka_unit_test(test_optional_not_allowed_dropped),
		cmocka_unit_test(test_required_and_optional_not_allowed),
		cmocka_unit_test(test_out_within_allowed1),
		cmocka_unit_test(test_request_fits_bochs),
		cmocka_unit_test(test_request_fits_core_i7_6700k),
		cmocka_unit_test(test_request_fails_xeon_x5482),
		cmocka_unit_test(test_bit_names),
		cmocka_unit_test(test_word_names),
	};

	return cmocka_run_group_tests_name("controls", tests, NULL, NULL);
}
