/*
 * test_lapic_ipi.c - the IPIs the virtual local APIC (src/vcpu/lapic.c)
 * sends in a machine of one processor, against the SDM (vol. 3, 11.6.1
 * "Interrupt Command Register", 11.6.2 "Determining IPI Destination",
 * 11.12.9-11.12.11 for x2APIC), and the errors it logs (11.5.3): every
 * form that names this vCPU delivers to it, every other goes nowhere.
 */
#include "lapic_harness.h"

#define VEC		0x55
#define DM(m)		((uint32_t)(m) << APIC_ICR_DELIVERY_SHIFT)
#define SH(s)		((uint32_t)(s) << APIC_ICR_SHORTHAND_SHIFT)
#define XDEST(id)	((uint32_t)(id) << APIC_XAPIC_ID_SHIFT)
#define ESR_ILLEGAL	(APIC_ESR_SEND_ILLEGAL_VECTOR | \
			 APIC_ESR_RECV_ILLEGAL_VECTOR)

/* The ESR as software reads it: write, then read (11.5.3). */
static uint32_t esr(struct lapic *a)
{
	wr(a, APIC_ESR, 0, 0);
	return rd(a, APIC_ESR, 0);
}

/* xAPIC: ICR2 then ICR; returns whether VEC arrived, clearing it. */
static int xapic_ipi(struct lapic *a, uint32_t icr, uint32_t dest)
{
	int got;

	wr(a, APIC_ICR2, dest, 0);
	wr(a, APIC_ICR, icr | VEC, 0);
	got = irr(a, VEC);
	lapic_reset(a);
	wr(a, APIC_SPIV, APIC_SPIV_ENABLE | 0xff, 0);
	return got;
}

static int x2apic_ipi(struct lapic *a, uint32_t icr, uint32_t dest)
{
	int got;

	assert_int_equal(lapic_write_icr64(a, ((uint64_t)dest << 32) |
					   icr | VEC), 0);
	got = irr(a, VEC);
	setup_x2apic(a);
	return got;
}

static void test_shorthands(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	assert_true(xapic_ipi(&a, SH(APIC_ICR_DEST_SELF), 0));
	assert_true(xapic_ipi(&a, SH(APIC_ICR_DEST_ALL), 0));
	assert_false(xapic_ipi(&a, SH(APIC_ICR_DEST_ALL_BUT_SELF), 0));
	/* A shorthand ignores the destination field. */
	assert_true(xapic_ipi(&a, SH(APIC_ICR_DEST_SELF), XDEST(7)));
	assert_false(xapic_ipi(&a, SH(APIC_ICR_DEST_ALL_BUT_SELF), 0xff000000));

	setup_x2apic(&a);
	assert_true(x2apic_ipi(&a, SH(APIC_ICR_DEST_SELF), 5));
	assert_true(x2apic_ipi(&a, SH(APIC_ICR_DEST_ALL), 0));
	assert_false(x2apic_ipi(&a, SH(APIC_ICR_DEST_ALL_BUT_SELF), 0));
}

static void test_physical_destination(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	assert_int_equal(rd(&a, APIC_ID, 0), XDEST(LAPIC_ID));
	assert_true(xapic_ipi(&a, 0, XDEST(LAPIC_ID)));
	assert_true(xapic_ipi(&a, 0, XDEST(APIC_XAPIC_BROADCAST)));
	assert_false(xapic_ipi(&a, 0, XDEST(1)));
	assert_false(xapic_ipi(&a, 0, XDEST(0xfe)));

	setup_x2apic(&a);
	assert_int_equal(rd(&a, APIC_ID, 0), LAPIC_ID);
	assert_true(x2apic_ipi(&a, 0, LAPIC_ID));
	assert_true(x2apic_ipi(&a, 0, APIC_X2APIC_BROADCAST));
	assert_false(x2apic_ipi(&a, 0, 1));
	/* 0xff is an ID like any other in x2APIC mode. */
	assert_false(x2apic_ipi(&a, 0, APIC_XAPIC_BROADCAST));
	assert_false(x2apic_ipi(&a, 0, 0x100));
}

/* 11.6.2.2: flat model, MDA & LDR != 0; cluster model, MDA[7:4] is the
 * cluster, MDA[3:0] & LDR[27:24] != 0; 0xff is every APIC in both. */
static void test_xapic_logical_destination(void **state)
{
	static const struct {
		uint32_t dfr, ldr, mda;
		int hit;
	} t[] = {
		{ 0xffffffffu, 0x01000000, 0x01, 1 },
		{ 0xffffffffu, 0x01000000, 0x03, 1 },
		{ 0xffffffffu, 0x01000000, 0x02, 0 },
		{ 0xffffffffu, 0x80000000, 0x80, 1 },
		{ 0xffffffffu, 0x00000000, 0x01, 0 },	/* no logical ID */
		{ 0xffffffffu, 0x00000000, 0xff, 1 },	/* broadcast */
		{ 0x0fffffffu, 0x21000000, 0x21, 1 },
		{ 0x0fffffffu, 0x21000000, 0x23, 1 },
		{ 0x0fffffffu, 0x21000000, 0x11, 0 },	/* other cluster */
		{ 0x0fffffffu, 0x21000000, 0x22, 0 },	/* other member */
		{ 0x0fffffffu, 0x21000000, 0xff, 1 },
		{ 0x0fffffffu, 0xf1000000, 0xf1, 1 },	/* cluster 15 */
		{ 0x5fffffffu, 0x01000000, 0x01, 0 },	/* reserved model */
	};
	struct lapic a;
	unsigned int i;

	(void)state;
	setup(&a);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		wr(&a, APIC_DFR, t[i].dfr, 0);
		wr(&a, APIC_LDR, t[i].ldr, 0);
		assert_int_equal(xapic_ipi(&a, APIC_ICR_DEST_LOGICAL,
					   XDEST(t[i].mda)), t[i].hit);
	}
}

/* 11.12.10.2: cluster in 31:16, member bits in 15:0; the LDR of ID 0 is
 * cluster 0, bit 0. */
static void test_x2apic_logical_destination(void **state)
{
	struct lapic a;

	(void)state;
	setup_x2apic(&a);
	assert_int_equal(rd(&a, APIC_LDR, 0), APIC_X2APIC_LDR(LAPIC_ID));
	assert_true(x2apic_ipi(&a, APIC_ICR_DEST_LOGICAL, 0x00000001));
	assert_true(x2apic_ipi(&a, APIC_ICR_DEST_LOGICAL, 0x0000ffff));
	assert_false(x2apic_ipi(&a, APIC_ICR_DEST_LOGICAL, 0x00000002));
	assert_false(x2apic_ipi(&a, APIC_ICR_DEST_LOGICAL, 0x00010001));
	assert_true(x2apic_ipi(&a, APIC_ICR_DEST_LOGICAL,
			       APIC_X2APIC_BROADCAST));
}

static void test_nmi_to_self(void **state)
{
	static const uint32_t forms[] = {
		SH(APIC_ICR_DEST_SELF), SH(APIC_ICR_DEST_ALL), 0,
	};
	struct lapic a;
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		setup(&a);
		wr(&a, APIC_ICR, forms[i] | DM(APIC_ICR_DM_NMI), 0);
		assert_int_equal(a.nmi_pending, 1);
		assert_true(irr_empty(&a));	/* the vector is ignored */
	}
	setup(&a);
	wr(&a, APIC_ICR, SH(APIC_ICR_DEST_ALL_BUT_SELF) | DM(APIC_ICR_DM_NMI),
	   0);
	wr(&a, APIC_ICR2, XDEST(3), 0);
	wr(&a, APIC_ICR, DM(APIC_ICR_DM_NMI), 0);
	assert_int_equal(a.nmi_pending, 0);

	/* Software-disabled, the APIC still takes NMIs (11.4.7.2). */
	lapic_reset(&a);
	wr(&a, APIC_ICR, SH(APIC_ICR_DEST_SELF) | DM(APIC_ICR_DM_NMI), 0);
	assert_int_equal(a.nmi_pending, 1);

	setup_x2apic(&a);
	assert_int_equal(lapic_write_icr64(&a, DM(APIC_ICR_DM_NMI)), 0);
	assert_int_equal(a.nmi_pending, 1);
}

/* INIT, SIPI and SMI to self are ignored and reported to the caller;
 * the reserved modes 3 and 7 do nothing at all. */
static void test_init_sipi_smi_ignored(void **state)
{
	static const uint32_t modes[] = {
		APIC_ICR_DM_INIT, APIC_ICR_DM_STARTUP, APIC_ICR_DM_SMI,
	};
	struct lapic a;
	unsigned int i;
	uint32_t icr;

	(void)state;
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		setup(&a);
		icr = SH(APIC_ICR_DEST_SELF) | DM(modes[i]) | 0x12;
		wr(&a, APIC_ICR, icr, 0);
		assert_true(irr_empty(&a));
		assert_int_equal(a.nmi_pending, 0);
		assert_int_equal(esr(&a), 0);
		assert_int_equal(lapic_take_ignored_ipi(&a), icr);
		assert_int_equal(lapic_take_ignored_ipi(&a), 0);
		assert_non_null(lapic_ignored_ipi_reason(icr));
		/* To another processor: nothing to report. */
		wr(&a, APIC_ICR, SH(APIC_ICR_DEST_ALL_BUT_SELF) | DM(modes[i]),
		   0);
		assert_int_equal(lapic_take_ignored_ipi(&a), 0);
	}
	setup(&a);
	wr(&a, APIC_ICR, SH(APIC_ICR_DEST_SELF) | DM(3) | VEC, 0);
	wr(&a, APIC_ICR, SH(APIC_ICR_DEST_SELF) | DM(7) | VEC, 0);
	assert_true(irr_empty(&a));
	assert_int_equal(a.nmi_pending, 0);
	assert_int_equal(lapic_take_ignored_ipi(&a), 0);
	assert_int_equal(esr(&a), 0);
}

/* 11.5.3 bit 4: lowest priority is not sent, whatever the destination,
 * and an illegal vector with it sets only that bit. */
static void test_lowest_priority_not_sent(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	assert_false(xapic_ipi(&a, DM(APIC_ICR_DM_LOWEST), XDEST(LAPIC_ID)));
	wr(&a, APIC_ICR, SH(APIC_ICR_DEST_SELF) | DM(APIC_ICR_DM_LOWEST) | VEC,
	   0);
	assert_false(irr(&a, VEC));
	assert_int_equal(esr(&a), APIC_ESR_REDIRECTABLE_IPI);
	wr(&a, APIC_ICR, DM(APIC_ICR_DM_LOWEST) | 3, 0);
	assert_int_equal(esr(&a), APIC_ESR_REDIRECTABLE_IPI);

	setup_x2apic(&a);
	assert_int_equal(lapic_write_icr64(&a, DM(APIC_ICR_DM_LOWEST) | VEC), 0);
	assert_false(irr(&a, VEC));
	assert_int_equal(esr(&a), APIC_ESR_REDIRECTABLE_IPI);
}

/* 11.5.3 bits 5 and 6: an illegal vector sent sets "send"; received, as
 * a self-IPI, "receive" too; the IRR never gets it. */
static void test_illegal_vector_ipi(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	wr(&a, APIC_ICR, SH(APIC_ICR_DEST_SELF) | 7, 0);
	assert_true(irr_empty(&a));
	assert_int_equal(esr(&a), ESR_ILLEGAL);
	wr(&a, APIC_ICR, SH(APIC_ICR_DEST_ALL_BUT_SELF) | 7, 0);
	assert_int_equal(esr(&a), APIC_ESR_SEND_ILLEGAL_VECTOR);
	/* Vector 16 is the first legal one. */
	wr(&a, APIC_ICR, SH(APIC_ICR_DEST_SELF) | APIC_VECTOR_LEGAL_MIN, 0);
	assert_true(irr(&a, APIC_VECTOR_LEGAL_MIN));
	assert_int_equal(esr(&a), 0);

	setup_x2apic(&a);
	wr(&a, APIC_SELF_IPI, 15, 0);
	assert_true(irr_empty(&a));
	assert_int_equal(esr(&a), ESR_ILLEGAL);
}

/* x2APIC: the ICR's reserved bits (31:20, 17:16, 13) and SELF IPI's
 * (31:8) make the write #GP, with no effect (11.12.1.3). The delivery
 * status bit is ignored: it reads 0 (idle) in both modes. */
static void test_x2apic_icr_reserved_bits(void **state)
{
	static const uint32_t bad[] = { 1u << 13, 1u << 16, 1u << 17,
					1u << 20, 1u << 31 };
	struct lapic a;
	unsigned int i;

	(void)state;
	setup_x2apic(&a);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(lapic_write_icr64(&a, ((uint64_t)7 << 32) |
						   bad[i] | VEC), -1);
		assert_false(irr(&a, VEC));
		assert_int_equal(a.icr_high, 0);
	}
	assert_int_equal(lapic_write(&a, APIC_SELF_IPI, 0x100 | VEC, 0), -1);
	assert_false(irr(&a, VEC));
	assert_int_equal(lapic_write_icr64(&a, APIC_ICR_DELIVERY_STATUS | VEC),
			 0);
	assert_true(irr(&a, VEC));
	assert_int_equal(rd(&a, APIC_ICR, 0), VEC);

	setup(&a);
	wr(&a, APIC_ICR, APIC_ICR_DELIVERY_STATUS | SH(APIC_ICR_DEST_ALL_BUT_SELF)
	   | 0xfff02000u | VEC, 0);
	assert_int_equal(rd(&a, APIC_ICR, 0),
			 SH(APIC_ICR_DEST_ALL_BUT_SELF) | VEC);
	/* Not there outside x2APIC mode. */
	assert_int_equal(lapic_write_icr64(&a, VEC), -1);
}

/* 11.5.3: an error is signalled through the LVT error entry unless it
 * is masked; an illegal vector there is logged and raises nothing. */
static void test_error_interrupt(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	wr(&a, APIC_LVTERR, 0xe0, 0);
	lapic_raise(&a, 3);
	assert_true(irr(&a, 0xe0));
	assert_int_equal(esr(&a), APIC_ESR_RECV_ILLEGAL_VECTOR);

	setup(&a);	/* masked at reset */
	lapic_raise(&a, 3);
	assert_true(irr_empty(&a));
	assert_int_equal(esr(&a), APIC_ESR_RECV_ILLEGAL_VECTOR);

	setup(&a);
	wr(&a, APIC_LVTERR, 0x02, 0);
	wr(&a, APIC_ICR, DM(APIC_ICR_DM_LOWEST), 0);
	assert_true(irr_empty(&a));
	assert_int_equal(esr(&a), APIC_ESR_REDIRECTABLE_IPI |
			 APIC_ESR_RECV_ILLEGAL_VECTOR);
}

/*
 * Issue 14: what a kernel's SMP bring-up and IPI tests send to the
 * processors this machine lacks (physical IDs other than its own, a
 * logical destination it is not in, x2APIC IDs above 0) is accepted
 * and goes nowhere: INIT (assert and the level de-assert), STARTUP and
 * fixed IPIs raise nothing, log no error, leave nothing to report, and
 * the delivery-status bit reads 0 (idle) at once (11.6.1). A fixed
 * IPI and an NMI to this vCPU through the ICR are delivered.
 */
static void test_ipis_to_absent_cpus(void **state)
{
	static const uint32_t forms[] = {
		DM(APIC_ICR_DM_INIT) | APIC_ICR_LEVEL_ASSERT,
		DM(APIC_ICR_DM_INIT) | APIC_ICR_TRIGGER_LEVEL,
		DM(APIC_ICR_DM_STARTUP) | 0x9a,
		DM(APIC_ICR_DM_FIXED) | VEC,
	};
	static const uint32_t dests[] = { 1, 2, 0x0f, 0xfe };
	struct lapic a;
	unsigned int i, j;

	(void)state;
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		for (j = 0; j < sizeof(dests) / sizeof(dests[0]); j++) {
			setup(&a);
			wr(&a, APIC_ICR2, XDEST(dests[j]), 0);
			wr(&a, APIC_ICR, forms[i], 0);
			assert_true(irr_empty(&a));
			assert_int_equal(a.nmi_pending, 0);
			assert_int_equal(lapic_take_ignored_ipi(&a), 0);
			assert_int_equal(esr(&a), 0);
			assert_int_equal(rd(&a, APIC_ICR, 0) &
					 APIC_ICR_DELIVERY_STATUS, 0);
			assert_int_equal(rd(&a, APIC_ICR, 0), forms[i]);
		}
		/* Logical: flat model, LDR bit 0; MDA bit 1 is another. */
		setup(&a);
		wr(&a, APIC_DFR, 0xffffffffu, 0);
		wr(&a, APIC_LDR, 0x01000000, 0);
		wr(&a, APIC_ICR2, XDEST(0x02), 0);
		wr(&a, APIC_ICR, forms[i] | APIC_ICR_DEST_LOGICAL, 0);
		assert_true(irr_empty(&a));
		assert_int_equal(lapic_take_ignored_ipi(&a), 0);
		/* x2APIC: IDs 1 and 0x100 are no one. */
		setup_x2apic(&a);
		assert_int_equal(lapic_write_icr64(&a, (1ull << 32) | forms[i]),
				 0);
		assert_int_equal(lapic_write_icr64(&a, (0x100ull << 32) |
						   forms[i]), 0);
		assert_true(irr_empty(&a));
		assert_int_equal(lapic_take_ignored_ipi(&a), 0);
		assert_int_equal(esr(&a), 0);
		assert_int_equal(rd(&a, APIC_ICR, 0) & APIC_ICR_DELIVERY_STATUS,
				 0);
	}
	/* To this vCPU: a fixed self-IPI and an NMI by its own ID. */
	setup(&a);
	wr(&a, APIC_ICR, SH(APIC_ICR_DEST_SELF) | VEC, 0);
	assert_true(irr(&a, VEC));
	assert_int_equal(rd(&a, APIC_ICR, 0) & APIC_ICR_DELIVERY_STATUS, 0);
	wr(&a, APIC_ICR2, XDEST(LAPIC_ID), 0);
	wr(&a, APIC_ICR, DM(APIC_ICR_DM_NMI), 0);
	assert_int_equal(a.nmi_pending, 1);
	assert_int_equal(rd(&a, APIC_ICR, 0) & APIC_ICR_DELIVERY_STATUS, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shorthands),
		cmocka_unit_test(test_physical_destination),
		cmocka_unit_test(test_xapic_logical_destination),
		cmocka_unit_test(test_x2apic_logical_destination),
		cmocka_unit_test(test_nmi_to_self),
		cmocka_unit_test(test_init_sipi_smi_ignored),
		cmocka_unit_test(test_lowest_priority_not_sent),
		cmocka_unit_test(test_illegal_vector_ipi),
		cmocka_unit_test(test_x2apic_icr_reserved_bits),
		cmocka_unit_test(test_error_interrupt),
		cmocka_unit_test(test_ipis_to_absent_cpus),
	};

	return cmocka_run_group_tests_name("lapic_ipi", tests, NULL, NULL);
}
