/*
 * test_lapic_irq.c - the virtual local APIC's interrupt bookkeeping
 * (src/vcpu/lapic.c) against the SDM (vol. 3, chapter 11): priorities
 * (11.8.3.1), acceptance and EOI (11.8.5), the software enable, illegal
 * vectors (11.5.3).
 */
#include "lapic_harness.h"

/* --- priorities (11.8.3.1) ------------------------------------------ */

static void test_pending_against_tpr(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	lapic_raise(&a, 0x50);
	assert_int_equal(lapic_pending_vector(&a), 0x50);

	/* Same priority class as the TPR: held. */
	wr(&a, APIC_TASKPRI, 0x50, 0);
	assert_int_equal(lapic_pending_vector(&a), -1);
	wr(&a, APIC_TASKPRI, 0x5f, 0);
	assert_int_equal(lapic_pending_vector(&a), -1);
	wr(&a, APIC_TASKPRI, 0x51, 0);
	assert_int_equal(lapic_pending_vector(&a), -1);
	wr(&a, APIC_TASKPRI, 0x60, 0);
	assert_int_equal(lapic_pending_vector(&a), -1);

	wr(&a, APIC_TASKPRI, 0x40, 0);
	assert_int_equal(lapic_pending_vector(&a), 0x50);
	wr(&a, APIC_TASKPRI, 0x4f, 0);
	assert_int_equal(lapic_pending_vector(&a), 0x50);
	assert_true(irr(&a, 0x50));	/* held or not, IRR keeps it */
}

static void test_pending_against_isr(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	lapic_raise(&a, 0x60);
	lapic_accept(&a, 0x60);
	assert_true(isr(&a, 0x60));

	lapic_raise(&a, 0x55);
	assert_int_equal(lapic_pending_vector(&a), -1);
	lapic_raise(&a, 0x65);	/* same class as the one in service */
	assert_int_equal(lapic_pending_vector(&a), -1);
	lapic_raise(&a, 0x70);
	assert_int_equal(lapic_pending_vector(&a), 0x70);
}

static void test_ppr(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	assert_int_equal(lapic_ppr(&a), 0);
	/* No ISR bit: PPR = TPR. */
	wr(&a, APIC_TASKPRI, 0x45, 0);
	assert_int_equal(lapic_ppr(&a), 0x45);
	assert_int_equal(rd(&a, APIC_PROCPRI, 0), 0x45);

	/* ISRV class above TPR's: PPR[7:4] = ISRV[7:4], PPR[3:0] = 0. */
	lapic_raise(&a, 0x6a);
	lapic_accept(&a, 0x6a);
	assert_int_equal(lapic_ppr(&a), 0x60);
	assert_int_equal(rd(&a, APIC_PROCPRI, 0), 0x60);

	/* TPR[7:4] >= ISRV[7:4]: PPR = TPR, low nibble included. */
	wr(&a, APIC_TASKPRI, 0x63, 0);
	assert_int_equal(lapic_ppr(&a), 0x63);
	wr(&a, APIC_TASKPRI, 0x7c, 0);
	assert_int_equal(lapic_ppr(&a), 0x7c);

	/* ISRV is the highest vector in service. */
	wr(&a, APIC_TASKPRI, 0x10, 0);
	lapic_raise(&a, 0x93);
	lapic_accept(&a, 0x93);
	assert_int_equal(lapic_ppr(&a), 0x90);
}

static void test_accept_and_eoi(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	lapic_raise(&a, 0x50);
	assert_int_equal(lapic_pending_vector(&a), 0x50);
	lapic_accept(&a, 0x50);
	assert_false(irr(&a, 0x50));
	assert_true(isr(&a, 0x50));
	assert_int_equal(lapic_pending_vector(&a), -1);

	/* A higher class nests over it. */
	lapic_raise(&a, 0x70);
	assert_int_equal(lapic_pending_vector(&a), 0x70);
	lapic_accept(&a, 0x70);
	assert_true(isr(&a, 0x70));
	assert_int_equal(lapic_ppr(&a), 0x70);

	/* 11.8.5: EOI retires the highest-priority ISR bit. */
	wr(&a, APIC_EOI, 0, 0);
	assert_false(isr(&a, 0x70));
	assert_true(isr(&a, 0x50));
	assert_int_equal(lapic_ppr(&a), 0x50);
	wr(&a, APIC_EOI, 0, 0);
	assert_false(isr(&a, 0x50));
	assert_int_equal(lapic_ppr(&a), 0);
	/* An EOI with nothing in service changes nothing. */
	wr(&a, APIC_EOI, 0, 0);
	assert_int_equal(lapic_ppr(&a), 0);
}

static void test_eoi_unblocks_pending(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	lapic_raise(&a, 0x60);
	lapic_accept(&a, 0x60);
	lapic_raise(&a, 0x55);
	assert_int_equal(lapic_pending_vector(&a), -1);
	wr(&a, APIC_EOI, 0, 0);
	assert_int_equal(lapic_pending_vector(&a), 0x55);
}

static void test_highest_irr_wins(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	lapic_raise(&a, 0x21);
	lapic_raise(&a, 0xfe);
	lapic_raise(&a, 0x80);
	assert_int_equal(lapic_pending_vector(&a), 0xfe);
	lapic_accept(&a, 0xfe);
	/* 0x80 and 0x21 are below 0xf0's class now. */
	assert_int_equal(lapic_pending_vector(&a), -1);
	wr(&a, APIC_EOI, 0, 0);
	assert_int_equal(lapic_pending_vector(&a), 0x80);
}

static void test_software_disabled_delivers_nothing(void **state)
{
	struct lapic a;

	(void)state;
	lapic_reset(&a);	/* SVR = 0xff: software-disabled */
	lapic_raise(&a, 0x50);
	assert_int_equal(lapic_pending_vector(&a), -1);

	setup(&a);
	wr(&a, APIC_SPIV, 0xff, 0);	/* disable again */
	lapic_raise(&a, 0x80);
	assert_int_equal(lapic_pending_vector(&a), -1);
}

static void test_software_disable_masks_lvts(void **state)
{
	static const uint32_t lvts[] = {
		APIC_LVTCMCI, APIC_LVTT, APIC_LVTTHMR, APIC_LVTPC,
		APIC_LVT0, APIC_LVT1, APIC_LVTERR,
	};
	struct lapic a;
	unsigned int i;

	(void)state;
	setup(&a);
	for (i = 0; i < sizeof(lvts) / sizeof(lvts[0]); i++)
		wr(&a, lvts[i], 0x30 + i, 0);
	wr(&a, APIC_SPIV, 0xff, 0);
	/* 11.4.7.2: software disable sets every LVT mask bit, and the
	 * masks cannot be cleared while it lasts. */
	for (i = 0; i < sizeof(lvts) / sizeof(lvts[0]); i++)
		assert_true(rd(&a, lvts[i], 0) & APIC_LVT_MASKED);
	wr(&a, APIC_LVTT, TIMER_VEC, 0);
	assert_true(rd(&a, APIC_LVTT, 0) & APIC_LVT_MASKED);
}

static void test_illegal_vectors(void **state)
{
	struct lapic a;
	int v;

	(void)state;
	for (v = 0; v < 16; v++) {
		setup(&a);
		lapic_raise(&a, v);
		assert_true(irr_empty(&a));
		assert_int_equal(lapic_pending_vector(&a), -1);
	}
	setup(&a);
	lapic_raise(&a, 16);	/* the first legal one */
	assert_int_equal(lapic_pending_vector(&a), 16);
}

/*
 * SDM rule: 11.5.3 says the ESR is updated by a
 * write: "This write clears any previously logged errors and updates the
 * ESR with any errors detected since the last write to the ESR." So the
 * guest's sequence write-ESR, read-ESR must show "receive illegal
 * vector" (bit 6) for an illegal vector received before the write.
 * lapic.c sets bit 6 straight into the readable ESR and a write zeroes
 * it, losing the error the guest is trying to collect.
 */
static void test_illegal_vector_logged_in_esr(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	lapic_raise(&a, 5);
	assert_true(irr_empty(&a));
	wr(&a, APIC_ESR, 0, 0);
	assert_int_equal(rd(&a, APIC_ESR, 0) & APIC_ESR_RECV_ILLEGAL_VECTOR,
			 APIC_ESR_RECV_ILLEGAL_VECTOR);
	/* The next write, with no new error, clears it. */
	wr(&a, APIC_ESR, 0, 0);
	assert_int_equal(rd(&a, APIC_ESR, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pending_against_tpr),
		cmocka_unit_test(test_pending_against_isr),
		cmocka_unit_test(test_ppr),
		cmocka_unit_test(test_accept_and_eoi),
		cmocka_unit_test(test_eoi_unblocks_pending),
		cmocka_unit_test(test_highest_irr_wins),
		cmocka_unit_test(test_software_disabled_delivers_nothing),
		cmocka_unit_test(test_software_disable_masks_lvts),
		cmocka_unit_test(test_illegal_vectors),
		cmocka_unit_test(test_illegal_vector_logged_in_esr),
	};

	return cmocka_run_group_tests_name("lapic_irq", tests, NULL, NULL);
}
