/*
 * test_ioapic.c - the I/O APIC as a pure model (src/dev/ioapic.c): the
 * indirect registers, the writable bits of a redirection entry, which
 * line changes fire an entry (edges, polarity, masks, a level entry
 * opened on an asserted input) and the PC's ISA pin wiring.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "ioapic.h"

static uint32_t rd(struct ioapic *io, uint32_t reg)
{
	io->regsel = reg;
	return ioapic_read(io);
}

static uint64_t wr(struct ioapic *io, uint32_t reg, uint32_t val)
{
	io->regsel = reg;
	return ioapic_write(io, val);
}

#define RTE_LO(pin)	(IOAPIC_REG_REDIR + 2 * (pin))
#define RTE_HI(pin)	(IOAPIC_REG_REDIR + 2 * (pin) + 1)
#define NONE		IOAPIC_RTE_MASKED

static void test_reset_and_ids(void **state)
{
	struct ioapic io;
	unsigned int pin;

	(void)state;
	ioapic_reset(&io);
	assert_int_equal(rd(&io, IOAPIC_REG_ID), 1u << 24);
	assert_int_equal(rd(&io, IOAPIC_REG_VER), 0x00170011u);
	assert_int_equal(rd(&io, IOAPIC_REG_ARB), 1u << 24);
	for (pin = 0; pin < IOAPIC_PINS; pin++) {
		assert_int_equal(rd(&io, RTE_LO(pin)), 0x10000u);
		assert_int_equal(rd(&io, RTE_HI(pin)), 0);
	}
	/* ID bits 27:24 only; VER and ARB read-only; no register past
	 * the last entry. */
	assert_int_equal(wr(&io, IOAPIC_REG_ID, 0xffffffffu), NONE);
	assert_int_equal(rd(&io, IOAPIC_REG_ID), 0x0f000000u);
	wr(&io, IOAPIC_REG_VER, 0);
	assert_int_equal(rd(&io, IOAPIC_REG_VER), 0x00170011u);
	assert_int_equal(rd(&io, RTE_HI(IOAPIC_PINS - 1) + 1), 0);
	wr(&io, RTE_HI(IOAPIC_PINS - 1) + 1, 0xffffffffu);
	assert_int_equal(rd(&io, 0x03), 0);
}

/* Delivery status and Remote IRR are read-only, reserved bits read 0. */
static void test_writable_bits(void **state)
{
	struct ioapic io;

	(void)state;
	ioapic_reset(&io);
	wr(&io, RTE_LO(5), 0xffffffffu);
	wr(&io, RTE_HI(5), 0xffffffffu);
	assert_int_equal(rd(&io, RTE_LO(5)), 0x0001afffu);
	assert_int_equal(rd(&io, RTE_HI(5)), 0xff000000u);
}

static void test_edges_fire_when_unmasked(void **state)
{
	struct ioapic io;
	uint64_t e;

	(void)state;
	ioapic_reset(&io);
	assert_int_equal(ioapic_set_line(&io, 4, 1), NONE);	/* masked */
	assert_int_equal(ioapic_set_line(&io, 4, 0), NONE);
	assert_int_equal(wr(&io, RTE_HI(4), 0x03000000u), NONE);
	assert_int_equal(wr(&io, RTE_LO(4), 0x31), NONE);
	e = ioapic_set_line(&io, 4, 1);
	assert_int_equal(IOAPIC_RTE_VECTOR(e), 0x31);
	assert_int_equal(IOAPIC_RTE_DEST(e), 3);
	assert_int_equal(ioapic_set_line(&io, 4, 1), NONE);	/* no edge */
	assert_int_equal(ioapic_set_line(&io, 4, 0), NONE);
	assert_int_equal(ioapic_set_line(&io, 4, 1), e);
	/* An edge-triggered entry unmasked on a high line waits for the
	 * next edge: one that came while masked is lost. */
	ioapic_set_line(&io, 4, 0);
	wr(&io, RTE_LO(4), 0x10031);
	assert_int_equal(ioapic_set_line(&io, 4, 1), NONE);
	assert_int_equal(wr(&io, RTE_LO(4), 0x31), NONE);
	assert_int_equal(ioapic_armed(&io, 4), e);
	assert_int_equal(ioapic_armed(&io, 5), NONE);
	assert_int_equal(ioapic_armed(&io, IOAPIC_PINS), NONE);
	assert_int_equal(ioapic_set_line(&io, IOAPIC_PINS, 1), NONE);
	assert_int_equal(ioapic_set_line(&io, 1000, 1), NONE);
}

static void test_polarity_and_level(void **state)
{
	struct ioapic io;

	(void)state;
	ioapic_reset(&io);
	/* Active low: a falling line is the assertion. */
	wr(&io, RTE_LO(9), IOAPIC_RTE_ACTIVE_LOW | 0x40);
	assert_int_equal(ioapic_set_line(&io, 9, 1), NONE);
	assert_int_equal(IOAPIC_RTE_VECTOR(ioapic_set_line(&io, 9, 0)), 0x40);
	/* A level entry opened on an asserted input fires. */
	ioapic_reset(&io);
	ioapic_set_line(&io, 10, 1);
	assert_int_equal(IOAPIC_RTE_VECTOR(wr(&io, RTE_LO(10),
					      IOAPIC_RTE_LEVEL | 0x41)),
			 0x41);
	/* ... and not again while it stays open and asserted. */
	assert_int_equal(wr(&io, RTE_LO(10), IOAPIC_RTE_LEVEL | 0x42), NONE);
	assert_int_equal(ioapic_set_line(&io, 10, 1), NONE);
}

static void test_isa_wiring(void **state)
{
	(void)state;
	assert_int_equal(ioapic_isa_pin(0), 2);
	assert_int_equal(ioapic_isa_pin(1), 1);
	assert_int_equal(ioapic_isa_pin(4), 4);
	assert_int_equal(ioapic_isa_pin(15), 15);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reset_and_ids),
		cmocka_unit_test(test_writable_bits),
		cmocka_unit_test(test_edges_fire_when_unmasked),
		cmocka_unit_test(test_polarity_and_level),
		cmocka_unit_test(test_isa_wiring),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
