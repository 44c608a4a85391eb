/*
 * test_lapic_regs.c - the virtual local APIC's registers
 * (src/vcpu/lapic.c) against the SDM (vol. 3, chapter 11): IA32_APIC_BASE
 * (11.4.4, 11.12.5) and the x2APIC differences (11.12.1.2, 11.12.9-11.12.11).
 */
#include "lapic_harness.h"

/* --- IA32_APIC_BASE (11.4.4, 11.12.5) -------------------------------- */

static void test_apic_base_x2apic_needs_enable(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	/* EN = 0, EXTD = 1 is the invalid state. */
	assert_int_equal(lapic_write_apic_base(&a, BASE_DISABLED |
					       APIC_BASE_X2APIC), -1);
	assert_int_equal(a.apic_base, BASE_XAPIC);
	/* xAPIC -> x2APIC is the legal way in. */
	assert_int_equal(lapic_write_apic_base(&a, BASE_X2APIC), 0);
	assert_true(lapic_x2apic(&a));
	assert_int_equal(a.apic_base, BASE_X2APIC);
}

static void test_apic_base_x2apic_to_xapic_refused(void **state)
{
	struct lapic a;

	(void)state;
	setup_x2apic(&a);
	assert_int_equal(lapic_write_apic_base(&a, BASE_XAPIC), -1);
	assert_true(lapic_x2apic(&a));
	/* The legal way out: disabled first, then xAPIC. */
	assert_int_equal(lapic_write_apic_base(&a, BASE_DISABLED), 0);
	assert_false(lapic_x2apic(&a));
	assert_int_equal(a.apic_base, BASE_DISABLED);
	assert_int_equal(lapic_write_apic_base(&a, BASE_XAPIC), 0);
	assert_int_equal(a.apic_base, BASE_XAPIC);
}

static void test_apic_base_disable_resets(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	wr(&a, APIC_TASKPRI, 0x30, 0);
	wr(&a, APIC_LDR, 0x01000000, 0);
	lapic_raise(&a, 0x50);
	lapic_raise(&a, 0x60);
	lapic_accept(&a, 0x60);
	start_timer(&a, APIC_LVT_TIMER_PERIODIC, APIC_TDCR_DIV_1, 100, T0);

	assert_int_equal(lapic_write_apic_base(&a, BASE_DISABLED), 0);
	assert_int_equal(a.apic_base, BASE_DISABLED);	/* BSP kept */
	assert_int_equal(lapic_next_event(&a), 0);
	assert_int_equal(lapic_pending_vector(&a), -1);

	assert_int_equal(lapic_write_apic_base(&a, BASE_XAPIC), 0);
	assert_int_equal(rd(&a, APIC_TASKPRI, 0), 0);
	assert_int_equal(rd(&a, APIC_LDR, 0), 0);
	assert_int_equal(rd(&a, APIC_SPIV, 0), 0xff);
	assert_int_equal(rd(&a, APIC_LVTT, 0), APIC_LVT_MASKED);
	assert_int_equal(rd(&a, APIC_TMICT, 0), 0);
	assert_true(irr_empty(&a));
	assert_false(isr(&a, 0x60));
	assert_int_equal(lapic_next_event(&a), 0);
}

static void test_apic_base_other_address_refused(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	assert_int_equal(lapic_write_apic_base(&a, 0xfed00000ull |
					       APIC_BASE_ENABLE |
					       APIC_BASE_BSP), -1);
	assert_int_equal(lapic_write_apic_base(&a, (1ull << 32) |
					       BASE_XAPIC), -1);
	/* Reserved bits 7:0 and 9. */
	assert_int_equal(lapic_write_apic_base(&a, BASE_XAPIC | 1), -1);
	assert_int_equal(lapic_write_apic_base(&a, BASE_XAPIC | (1u << 9)),
			 -1);
	assert_int_equal(a.apic_base, BASE_XAPIC);
	assert_int_equal(lapic_write_apic_base(&a, BASE_XAPIC), 0);
}

/*
 * SDM rule: 11.12.5.1, "x2APIC Transitions From
 * Disabled Mode" and figure 11-27: from the disabled state the only valid
 * transition through IA32_APIC_BASE is to xAPIC mode; disabled -> x2APIC
 * (EN=1, EXTD=1 written while EN=0) is an illegal transition (#GP).
 * lapic_write_apic_base() only refuses x2APIC -> xAPIC.
 */
static void test_apic_base_disabled_to_x2apic_refused(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	assert_int_equal(lapic_write_apic_base(&a, BASE_DISABLED), 0);
	assert_int_equal(lapic_write_apic_base(&a, BASE_X2APIC), -1);
	assert_int_equal(a.apic_base, BASE_DISABLED);
}

/* --- x2APIC differences (11.12.1.2, 11.12.9-11.12.11) --------------- */

static void test_x2apic_missing_registers(void **state)
{
	struct lapic a;
	uint32_t v;

	(void)state;
	/* Present in xAPIC mode... */
	setup(&a);
	assert_int_equal(lapic_read(&a, APIC_ARBPRI, 0, &v), 0);
	assert_int_equal(lapic_read(&a, APIC_DFR, 0, &v), 0);
	assert_int_equal(lapic_read(&a, APIC_ICR2, 0, &v), 0);
	/* ...gone in x2APIC mode. */
	setup_x2apic(&a);
	assert_int_equal(lapic_read(&a, APIC_ARBPRI, 0, &v), -1);
	assert_int_equal(lapic_read(&a, APIC_DFR, 0, &v), -1);
	assert_int_equal(lapic_read(&a, APIC_ICR2, 0, &v), -1);
	assert_int_equal(lapic_write(&a, APIC_DFR, 0xffffffffu, 0), -1);
	assert_int_equal(lapic_write(&a, APIC_ICR2, 0, 0), -1);
	/* Write-only registers do not read. */
	assert_int_equal(lapic_read(&a, APIC_EOI, 0, &v), -1);
	assert_int_equal(lapic_read(&a, APIC_SELF_IPI, 0, &v), -1);
}

static void test_x2apic_ldr_read_only(void **state)
{
	struct lapic a;
	uint32_t before;

	(void)state;
	setup(&a);
	wr(&a, APIC_LDR, 0x02000000, 0);	/* writable in xAPIC mode */
	assert_int_equal(rd(&a, APIC_LDR, 0), 0x02000000);

	setup_x2apic(&a);
	before = rd(&a, APIC_LDR, 0);
	assert_int_equal(lapic_write(&a, APIC_LDR, 0x04000000, 0), -1);
	assert_int_equal(rd(&a, APIC_LDR, 0), before);
}

/*
 * SDM rule: 11.12.10.2: in x2APIC mode the LDR holds
 * the logical x2APIC ID that hardware derives from the x2APIC ID on the
 * xAPIC -> x2APIC transition: (ID[19:4] << 16) | (1 << ID[3:0]). For
 * x2APIC ID 0 that is 0x00000001. lapic.c returns whatever the xAPIC LDR
 * held (0 after reset, or the guest's old xAPIC value).
 */
static void test_x2apic_ldr_is_derived_from_id(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	wr(&a, APIC_LDR, 0x80000000, 0);
	assert_int_equal(lapic_write_apic_base(&a, BASE_X2APIC), 0);
	assert_int_equal(rd(&a, APIC_ID, 0), 0);
	assert_int_equal(rd(&a, APIC_LDR, 0), 0x00000001);
}

static void test_self_ipi_register(void **state)
{
	struct lapic a;

	(void)state;
	/* Not there in xAPIC mode. */
	setup(&a);
	assert_int_equal(lapic_write(&a, APIC_SELF_IPI, 0x61, 0), -1);
	assert_true(irr_empty(&a));

	setup_x2apic(&a);
	wr(&a, APIC_SELF_IPI, 0x61, 0);
	assert_true(irr(&a, 0x61));
	assert_int_equal(lapic_pending_vector(&a), 0x61);
}

static void test_self_ipi_through_icr(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	wr(&a, APIC_ICR, ICR_DEST_SELF | 0x62, 0);
	assert_true(irr(&a, 0x62));
	assert_int_equal(lapic_pending_vector(&a), 0x62);

	/* Also in x2APIC mode, where the ICR is one register. */
	setup_x2apic(&a);
	wr(&a, APIC_ICR, ICR_DEST_SELF | 0x63, 0);
	assert_true(irr(&a, 0x63));

	/* "All excluding self" has no destination in a one-CPU machine,
	 * and an NMI to self is no fixed vector in the IRR: it is pending
	 * for the entry path (test_lapic_ipi.c has the other forms). */
	setup(&a);
	wr(&a, APIC_ICR, ICR_DEST_ALL_BUT_SELF | 0x64, 0);
	assert_int_equal(a.nmi_pending, 0);
	wr(&a, APIC_ICR, ICR_DEST_SELF | ICR_DELIVERY_NMI | 0x65, 0);
	assert_true(irr_empty(&a));
	assert_int_equal(a.nmi_pending, 1);
}

/*
 * SDM rule: table 11-6 (x2APIC register address
 * space): for EOI (MSR 0x80b) and ESR (MSR 0x828), "WRMSR of a non-zero
 * value causes #GP(0)". lapic_write() accepts any value (and msr_emul.c's
 * x2apic_write() only rejects bits 63:32, although its comment names the
 * EOI rule), so nothing faults.
 */
static void test_x2apic_nonzero_eoi_esr_fault(void **state)
{
	struct lapic a;

	(void)state;
	setup_x2apic(&a);
	lapic_raise(&a, 0x50);
	lapic_accept(&a, 0x50);
	assert_int_equal(lapic_write(&a, APIC_EOI, 1, 0), -1);
	assert_true(isr(&a, 0x50));	/* a faulting write does nothing */
	assert_int_equal(lapic_write(&a, APIC_ESR, 1, 0), -1);
	wr(&a, APIC_EOI, 0, 0);
	assert_false(isr(&a, 0x50));
}

/*
 * SDM rule: 11.12.1.3: in x2APIC mode, "non-zero
 * writes (by WRMSR instruction) to reserved bits to these registers will
 * raise a general protection fault exception". TPR bits 31:8 are
 * reserved; lapic_write() masks them off and succeeds.
 */
static void test_x2apic_reserved_bits_fault(void **state)
{
	struct lapic a;

	(void)state;
	setup_x2apic(&a);
	assert_int_equal(lapic_write(&a, APIC_TASKPRI, 0x100, 0), -1);
	assert_int_equal(rd(&a, APIC_TASKPRI, 0), 0);
}

/*
 * SDM rule: 11.5.3, ESR bit 7: an access to a reserved offset of the
 * xAPIC page is an "illegal register address" error; reads of it give 0.
 * A read-only register's write or a write-only register's read is no
 * error, and in x2APIC mode nothing is logged (the access is #GP).
 */
static void test_xapic_reserved_offset_logs_error(void **state)
{
	static const uint32_t reserved[] = {
		0x000, 0x010, 0x040, 0x070, 0x290, 0x2e0, 0x3a0, 0x3d0,
		APIC_SELF_IPI, 0x400, 0xff0,
	};
	static const uint32_t read_only[] = {
		APIC_ID, APIC_LVR, APIC_ARBPRI, APIC_PROCPRI, APIC_RRR,
		APIC_ISR, APIC_TMR + 0x70, APIC_IRR + 0x30, APIC_TMCCT,
	};
	struct lapic a;
	unsigned int i;
	uint32_t v;

	(void)state;
	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
		setup(&a);
		v = 0xdeadbeef;
		assert_int_equal(lapic_read(&a, reserved[i], 0, &v), -1);
		assert_int_equal(v, 0);
		wr(&a, APIC_ESR, 0, 0);
		assert_int_equal(rd(&a, APIC_ESR, 0), APIC_ESR_ILLEGAL_REGISTER);
		assert_int_equal(lapic_write(&a, reserved[i], 1, 0), -1);
		wr(&a, APIC_ESR, 0, 0);
		assert_int_equal(rd(&a, APIC_ESR, 0), APIC_ESR_ILLEGAL_REGISTER);
	}
	setup(&a);
	for (i = 0; i < sizeof(read_only) / sizeof(read_only[0]); i++)
		lapic_write(&a, read_only[i], 0xffffffffu, 0);
	lapic_read(&a, APIC_EOI, 0, &v);
	wr(&a, APIC_ESR, 0, 0);
	assert_int_equal(rd(&a, APIC_ESR, 0), 0);
	assert_int_equal(rd(&a, APIC_LVR, 0), 0x00060014);

	setup_x2apic(&a);
	assert_int_equal(lapic_read(&a, 0x040, 0, &v), -1);
	assert_int_equal(lapic_write(&a, 0x040, 0, 0), -1);
	wr(&a, APIC_ESR, 0, 0);
	assert_int_equal(rd(&a, APIC_ESR, 0), 0);
}

/*
 * SDM rule: 11.12.1.3: in x2APIC mode a WRMSR that sets a reserved bit
 * of any register is #GP, and the register keeps its value; xAPIC mode
 * drops such bits instead. Read-only bits (LVT delivery status, remote
 * IRR) are not reserved.
 */
static void test_x2apic_reserved_bits_everywhere(void **state)
{
	static const struct { uint32_t off, val; } bad[] = {
		{ APIC_SPIV, 1u << 12 }, { APIC_SPIV, 1u << 31 },
		{ APIC_LVTT, 1u << 19 }, { APIC_LVTT, 1u << 8 },
		{ APIC_LVTERR, 4u << 8 }, { APIC_LVTPC, 1u << 13 },
		{ APIC_LVT0, 1u << 17 }, { APIC_LVTCMCI, 1u << 31 },
		{ APIC_TDCR, 4 }, { APIC_TDCR, 0x10 },
		{ APIC_SELF_IPI, 0x100 },
	};
	struct lapic a;
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint32_t before;

		setup_x2apic(&a);
		before = bad[i].off == APIC_SELF_IPI ? 0 : rd(&a, bad[i].off, 0);
		assert_int_equal(lapic_write(&a, bad[i].off,
					     bad[i].val | APIC_LVT_MASKED, 0),
				 -1);
		if (bad[i].off != APIC_SELF_IPI)
			assert_int_equal(rd(&a, bad[i].off, 0), before);
		assert_true(irr_empty(&a));
	}
	setup_x2apic(&a);
	wr(&a, APIC_LVTPC, APIC_LVT_MASKED | (1u << 12), 0);	/* read-only */
	assert_int_equal(rd(&a, APIC_LVTPC, 0), APIC_LVT_MASKED);

	/* xAPIC: dropped; the error LVT has no delivery mode. */
	setup(&a);
	wr(&a, APIC_LVTERR, APIC_LVT_MASKED | (4u << 8) | 0x33, 0);
	assert_int_equal(rd(&a, APIC_LVTERR, 0), APIC_LVT_MASKED | 0x33);
	wr(&a, APIC_TDCR, 0xffffffffu, 0);
	assert_int_equal(rd(&a, APIC_TDCR, 0), 0xb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apic_base_x2apic_needs_enable),
		cmocka_unit_test(test_apic_base_x2apic_to_xapic_refused),
		cmocka_unit_test(test_apic_base_disable_resets),
		cmocka_unit_test(test_apic_base_other_address_refused),
		cmocka_unit_test(test_x2apic_missing_registers),
		cmocka_unit_test(test_x2apic_ldr_read_only),
		cmocka_unit_test(test_self_ipi_register),
		cmocka_unit_test(test_self_ipi_through_icr),
		cmocka_unit_test(test_apic_base_disabled_to_x2apic_refused),
		cmocka_unit_test(test_x2apic_ldr_is_derived_from_id),
		cmocka_unit_test(test_x2apic_nonzero_eoi_esr_fault),
		cmocka_unit_test(test_x2apic_reserved_bits_fault),
		cmocka_unit_test(test_xapic_reserved_offset_logs_error),
		cmocka_unit_test(test_x2apic_reserved_bits_everywhere),
	};

	return cmocka_run_group_tests_name("lapic_regs", tests, NULL, NULL);
}
