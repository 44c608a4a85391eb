/*
 * test_pit.c - the 8254 as a pure model (src/dev/pit.c), in PIT clocks:
 * modes 0, 2 and 3 (OUT, the count, the rising edges that are IRQ0),
 * LSB/MSB/word access, the counter latch, the read-back command, and
 * channel 2's gate and OUT through port 0x61.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "pit.h"

#define CTRL		PIT_PORT_CONTROL

/* Control word for channel @c, access @rw, mode @m (binary). */
static uint8_t cw(unsigned int c, unsigned int rw, unsigned int m)
{
	return (uint8_t)(c << 6 | rw << 4 | m << 1);
}

static void load_word(struct pit *p, unsigned int c, unsigned int m,
		      uint16_t n, uint64_t now)
{
	pit_write(p, CTRL, cw(c, 3, m), now);
	pit_write(p, c, (uint8_t)n, now);
	pit_write(p, c, (uint8_t)(n >> 8), now);
}

static uint16_t read_word(struct pit *p, unsigned int c, uint64_t now)
{
	uint16_t lo = pit_read(p, c, now);

	return (uint16_t)(lo | pit_read(p, c, now) << 8);
}

static void test_mode0_one_shot(void **state)
{
	struct pit p;

	(void)state;
	pit_reset(&p);
	pit_write(&p, CTRL, cw(0, 3, 0), 100);
	assert_false(pit_out(&p, 0, 100));	/* low after the control word */
	pit_write(&p, 0, 0x10, 100);
	assert_int_equal(pit_next_edge(&p, 0, 100), 0);	/* half a count */
	pit_write(&p, 0, 0x00, 110);		/* N = 16 from tick 110 */
	assert_int_equal(read_word(&p, 0, 115), 11);
	assert_false(pit_out(&p, 0, 125));
	assert_true(pit_out(&p, 0, 126));
	assert_true(pit_out(&p, 0, 100000));	/* stays high */
	assert_int_equal(pit_next_edge(&p, 0, 110), 126);
	assert_int_equal(pit_next_edge(&p, 0, 126), 0);
	assert_int_equal(pit_edges(&p, 0, 110, 125), 0);
	assert_int_equal(pit_edges(&p, 0, 110, 126), 1);
	assert_int_equal(pit_edges(&p, 0, 126, 1000), 0);
	/* The count wraps past 0 and runs on. */
	assert_int_equal(read_word(&p, 0, 127), 0xffff);
}

static void test_mode2_rate(void **state)
{
	struct pit p;

	(void)state;
	pit_reset(&p);
	load_word(&p, 0, 2, 1000, 0);
	/* OUT is low for the one clock at count 1, each period. */
	assert_true(pit_out(&p, 0, 998));
	assert_false(pit_out(&p, 0, 999));
	assert_true(pit_out(&p, 0, 1000));
	assert_false(pit_out(&p, 0, 1999));
	assert_int_equal(read_word(&p, 0, 1), 999);
	assert_int_equal(read_word(&p, 0, 1000), 1000);	/* reloaded */
	assert_int_equal(pit_edges(&p, 0, 0, 999), 0);
	assert_int_equal(pit_edges(&p, 0, 0, 1000), 1);
	assert_int_equal(pit_edges(&p, 0, 1000, 5500), 4);
	assert_int_equal(pit_next_edge(&p, 0, 0), 1000);
	assert_int_equal(pit_next_edge(&p, 0, 1000), 2000);
	assert_int_equal(pit_next_edge(&p, 0, 1500), 2000);
	/* Mode 6 is mode 2 (x10b). */
	pit_write(&p, CTRL, cw(0, 3, 6), 0);
	pit_write(&p, CTRL, 0xe2, 0);		/* read-back status, ch 0 */
	assert_int_equal(pit_read(&p, 0, 0) & 0x0e, 2 << 1);
}

static void test_mode3_square_wave(void **state)
{
	struct pit p;

	(void)state;
	pit_reset(&p);
	load_word(&p, 0, 3, 5, 10);		/* odd: 3 high, 2 low */
	assert_true(pit_out(&p, 0, 12));
	assert_false(pit_out(&p, 0, 13));
	assert_false(pit_out(&p, 0, 14));
	assert_true(pit_out(&p, 0, 15));
	assert_int_equal(pit_edges(&p, 0, 10, 30), 4);
	assert_int_equal(pit_next_edge(&p, 0, 16), 20);
	/* Count 0 is 0x10000: 18.2 Hz. */
	load_word(&p, 0, 3, 0, 0);
	assert_int_equal(pit_next_edge(&p, 0, 0), 0x10000);
}

static void test_access_modes(void **state)
{
	struct pit p;

	(void)state;
	pit_reset(&p);
	pit_write(&p, CTRL, cw(0, 1, 2), 0);	/* LSB only */
	pit_write(&p, 0, 0x40, 0);
	assert_int_equal(pit_next_edge(&p, 0, 0), 0x40);
	assert_int_equal(pit_read(&p, 0, 0x10), 0x30);
	assert_int_equal(pit_read(&p, 0, 0x10), 0x30);
	pit_write(&p, CTRL, cw(0, 2, 2), 0);	/* MSB only */
	pit_write(&p, 0, 0x02, 0);
	assert_int_equal(pit_next_edge(&p, 0, 0), 0x200);
	assert_int_equal(pit_read(&p, 0, 0x100), 0x01);
}

static void test_latch_and_read_back(void **state)
{
	struct pit p;

	(void)state;
	pit_reset(&p);
	load_word(&p, 0, 2, 0x1234, 0);
	pit_write(&p, CTRL, cw(0, 0, 0), 0x34);	/* counter latch */
	/* The latch holds the count of its time, not of the read's. */
	assert_int_equal(read_word(&p, 0, 0x200), 0x1200);
	assert_int_equal(read_word(&p, 0, 0x234), 0x1000);
	/* A second latch before the first is read is ignored. */
	pit_write(&p, CTRL, cw(0, 0, 0), 0x100);
	pit_write(&p, CTRL, cw(0, 0, 0), 0x200);
	assert_int_equal(read_word(&p, 0, 0x300), 0x1134);
	/* Read-back: status then count of channel 0 (D5 = D4 = 0). */
	pit_write(&p, CTRL, 0xc2, 0x34);
	/* OUT high, count loaded, word access, mode 2, binary. */
	assert_int_equal(pit_read(&p, 0, 0x500), 0x80 | 3 << 4 | 2 << 1);
	assert_int_equal(read_word(&p, 0, 0x500), 0x1200);
	/* Status only, after a control word: null count set, OUT low. */
	pit_write(&p, CTRL, cw(2, 3, 0), 0);
	pit_write(&p, CTRL, 0xe8, 0);
	assert_int_equal(pit_read(&p, 2, 0), 0x40 | 3 << 4);
}

static void test_channel2_gate_port61(void **state)
{
	struct pit p;
	uint64_t t;

	(void)state;
	pit_reset(&p);
	/* The calibration loop: gate high, speaker off, mode 0, poll OUT2. */
	pit_port61_write(&p, PORT61_GATE2, 0);
	load_word(&p, 2, 0, 1000, 50);
	for (t = 50; !(pit_port61_read(&p, t) & PORT61_OUT2); t++)
		assert_true(t < 5000);
	assert_int_equal(t, 1050);
	assert_int_equal(pit_port61_read(&p, t) & PORT61_GATE2, PORT61_GATE2);
	/* Gate low suspends mode 0: OUT2 comes that much later. */
	load_word(&p, 2, 0, 100, 2000);
	pit_port61_write(&p, 0, 2050);
	assert_false(pit_port61_read(&p, 3000) & PORT61_OUT2);
	assert_int_equal(read_word(&p, 2, 3000), 50);
	pit_port61_write(&p, PORT61_GATE2 | PORT61_SPEAKER, 3000);
	assert_false(pit_out(&p, 2, 3049));
	assert_true(pit_out(&p, 2, 3050));
	assert_true(pit_port61_read(&p, 3050) & PORT61_SPEAKER);
	/* The refresh bit toggles every 18 clocks. */
	assert_int_not_equal(pit_port61_read(&p, 18) & PORT61_REFRESH,
			     pit_port61_read(&p, 36) & PORT61_REFRESH);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mode0_one_shot),
		cmocka_unit_test(test_mode2_rate),
		cmocka_unit_test(test_mode3_square_wave),
		cmocka_unit_test(test_access_modes),
		cmocka_unit_test(test_latch_and_read_back),
		cmocka_unit_test(test_channel2_gate_port61),
	};

	return cmocka_run_group_tests_name("pit", tests, NULL, NULL);
}
