/*
 * test_vmcs02.c - vmcs02's controls from L1's and L0's (src/nested/
 * vmcs02.c): every intercept of either stays; L0's EPT, VPID, bitmaps
 * and preemption timer are always there, and what it uses for L1 alone
 * (unrestricted guest, APIC virtualization, TPR shadow, virtual NMIs,
 * enables) never reaches L2; the exit controls are L0's but for the guest-state saves,
 * the entry controls L1's with L0's EFER load;
 * one #PF filter serves both or every #PF exits; the I/O and MSR bitmaps
 * are the union, all-ones where L1 exits on every port or MSR.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "controls.h"
#include "vmcs02.h"
#include "x86.h"

static const struct nested_ctls l0 = {
	.pin = PIN_BASED_EXT_INTR_EXITING | PIN_BASED_NMI_EXITING |
	       PIN_BASED_PREEMPTION_TIMER | PIN_BASED_VIRTUAL_NMIS,
	.proc = CPU_BASED_HLT_EXITING | CPU_BASED_USE_IO_BITMAPS |
		CPU_BASED_USE_MSR_BITMAPS | CPU_BASED_ACTIVATE_SECONDARY |
		CPU_BASED_TPR_SHADOW,
	.proc2 = SECONDARY_ENABLE_EPT | SECONDARY_ENABLE_VPID |
		 SECONDARY_UNRESTRICTED_GUEST | SECONDARY_VIRTUALIZE_X2APIC |
		 SECONDARY_APIC_REGISTER_VIRT | SECONDARY_ENABLE_RDTSCP |
		 SECONDARY_WBINVD_EXITING,
	.exit = VM_EXIT_HOST_ADDR_SPACE_SIZE | VM_EXIT_LOAD_IA32_EFER |
		VM_EXIT_SAVE_IA32_EFER | VM_EXIT_SAVE_IA32_PAT,
	.entry = VM_ENTRY_LOAD_IA32_EFER,
	.exception_bitmap = 1u << VEC_MC,
	.cr0_mask = CR0_PG, .cr4_mask = CR4_VMXE,
};

static void test_controls(void **state)
{
	struct nested_ctls l1 = {
		.pin = PIN_BASED_NMI_EXITING,
		.proc = CPU_BASED_RDTSC_EXITING | CPU_BASED_UNCOND_IO_EXITING |
			CPU_BASED_MONITOR_TRAP_FLAG,
		.proc2 = SECONDARY_DESC_TABLE_EXITING,	/* not activated */
		.exit = VM_EXIT_SAVE_DEBUG_CONTROLS | VM_EXIT_ACK_INTR_ON_EXIT,
		.entry = VM_ENTRY_IA32E_MODE,
		.exception_bitmap = 1u << VEC_UD,
		.cr0_mask = CR0_TS, .cr4_mask = CR4_PAE,
	}, out;

	(void)state;
	vmcs02_controls(&l1, &l0, &out);
	/* L0's intercepts; not its virtual NMIs, TPR shadow, APIC
	 * virtualization or RDTSCP enable, which are L1's business. */
	assert_int_equal(out.pin, PIN_BASED_EXT_INTR_EXITING |
			 PIN_BASED_NMI_EXITING | PIN_BASED_PREEMPTION_TIMER);
	assert_int_equal(out.proc, CPU_BASED_RDTSC_EXITING |
			 CPU_BASED_MONITOR_TRAP_FLAG | CPU_BASED_HLT_EXITING |
			 CPU_BASED_USE_IO_BITMAPS | CPU_BASED_USE_MSR_BITMAPS |
			 CPU_BASED_ACTIVATE_SECONDARY);
	/* L1's secondary controls count only when it activates them; L0's
	 * unrestricted guest (for L1's own real mode) stays out. */
	assert_int_equal(out.proc2, SECONDARY_ENABLE_EPT |
			 SECONDARY_ENABLE_VPID | SECONDARY_WBINVD_EXITING);
	l1.proc |= CPU_BASED_ACTIVATE_SECONDARY;
	vmcs02_controls(&l1, &l0, &out);
	assert_int_equal(out.proc2, SECONDARY_ENABLE_EPT |
			 SECONDARY_ENABLE_VPID | SECONDARY_WBINVD_EXITING |
			 SECONDARY_DESC_TABLE_EXITING);
	/* Exits go to L0: its controls, L1's saves of L2's state. */
	assert_int_equal(out.exit, VM_EXIT_HOST_ADDR_SPACE_SIZE |
			 VM_EXIT_LOAD_IA32_EFER | VM_EXIT_SAVE_DEBUG_CONTROLS);
	/* L1's entry controls, with L0's EFER load: else L2 would run
	 * with L0's own EFER. */
	assert_int_equal(out.entry, VM_ENTRY_IA32E_MODE |
			 VM_ENTRY_LOAD_IA32_EFER);
	assert_int_equal(out.exception_bitmap, (1u << VEC_MC) | (1u << VEC_UD));
	assert_int_equal(out.cr0_mask, CR0_PG | CR0_TS);
	assert_int_equal(out.cr4_mask, CR4_VMXE | CR4_PAE);
}

static void test_page_fault_filter(void **state)
{
	struct nested_ctls l1 = { 0 }, a = l0, out;

	(void)state;
	/* L0 takes no #PF: L1's filter (write faults only). */
	l1.exception_bitmap = 1u << VEC_PF;
	l1.pf_ec_mask = 2;
	l1.pf_ec_match = 2;
	vmcs02_controls(&l1, &a, &out);
	assert_true(out.exception_bitmap & (1u << VEC_PF));
	assert_int_equal(out.pf_ec_mask, 2);
	assert_int_equal(out.pf_ec_match, 2);
	/* L1 takes none: L0's (bit 14 clear, mask 4, match 0: exit when
	 * (ec & 4) != 0, user-mode faults). */
	a.exception_bitmap = 0;
	a.pf_ec_mask = 4;
	a.pf_ec_match = 0;		/* exit when U/S is set */
	l1 = (struct nested_ctls){ 0 };
	vmcs02_controls(&l1, &a, &out);
	assert_false(out.exception_bitmap & (1u << VEC_PF));
	assert_int_equal(out.pf_ec_mask, 4);
	/* Both take some: every #PF exits. */
	l1.exception_bitmap = 1u << VEC_PF;
	l1.pf_ec_mask = 2;
	l1.pf_ec_match = 2;
	vmcs02_controls(&l1, &a, &out);
	assert_true(out.exception_bitmap & (1u << VEC_PF));
	assert_int_equal(out.pf_ec_mask, 0);
	assert_int_equal(out.pf_ec_match, 0);
	/* A bit-14 filter that can never match is no #PF at all. */
	l1.pf_ec_mask = 1;
	l1.pf_ec_match = 2;
	vmcs02_controls(&l1, &a, &out);
	assert_int_equal(out.pf_ec_mask, 4);
	assert_false(out.exception_bitmap & (1u << VEC_PF));
}

static void test_bitmaps(void **state)
{
	static uint8_t l1[VMCS02_IO_BITMAP_SIZE], l0b[VMCS02_IO_BITMAP_SIZE],
		       out[VMCS02_IO_BITMAP_SIZE];
	unsigned int i;

	(void)state;
	memset(l1, 0, sizeof(l1));
	memset(l0b, 0, sizeof(l0b));
	l1[0x3f8 / 8] = 1u << (0x3f8 % 8);	/* L1 takes COM1 */
	l0b[0x80 / 8] = 1u << (0x80 % 8);	/* L0 takes port 0x80 */
	vmcs02_io_bitmap(CPU_BASED_USE_IO_BITMAPS, l1, l0b, out);
	assert_int_equal(out[0x3f8 / 8], l1[0x3f8 / 8]);
	assert_int_equal(out[0x80 / 8], l0b[0x80 / 8]);
	assert_int_equal(out[0x1000], 0);
	/* Unconditional: every port; neither: L0's alone. */
	vmcs02_io_bitmap(CPU_BASED_UNCOND_IO_EXITING, l1, l0b, out);
	for (i = 0; i < VMCS02_IO_BITMAP_SIZE; i++)
		assert_int_equal(out[i], 0xff);
	vmcs02_io_bitmap(0, l1, l0b, out);
	assert_int_equal(memcmp(out, l0b, VMCS02_IO_BITMAP_SIZE), 0);
	/* Bitmaps win over unconditional (25.6.2). */
	vmcs02_io_bitmap(CPU_BASED_UNCOND_IO_EXITING | CPU_BASED_USE_IO_BITMAPS,
			 l1, l0b, out);
	assert_int_equal(out[0x1000], 0);
	/* MSRs: the union, or all of them without an L1 bitmap. */
	vmcs02_msr_bitmap(CPU_BASED_USE_MSR_BITMAPS, l1, l0b, out);
	assert_int_equal(out[0x3f8 / 8], l1[0x3f8 / 8]);
	assert_int_equal(out[0x80 / 8], l0b[0x80 / 8]);
	vmcs02_msr_bitmap(0, l1, l0b, out);
	for (i = 0; i < VMCS02_MSR_BITMAP_SIZE; i++)
		assert_int_equal(out[i], 0xff);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_page_fault_filter),
		cmocka_unit_test(test_bitmaps),
	};

	return cmocka_run_group_tests_name("vmcs02", tests, NULL, NULL);
}
