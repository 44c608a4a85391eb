/*
 * test_pic.c - the 8259A pair as a pure model (src/dev/pic.c): the
 * ICW1-ICW4 sequence, masks, priority and rotation, EOI, the cascade,
 * edge and level triggering under the ELCR, auto-EOI, poll and the
 * OCW3 IRR/ISR read select.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "pic.h"

/* The sequence Linux and SeaBIOS write: edge, cascade, ICW4 8086 mode. */
static void init_pair(struct pic *p, uint8_t base0, uint8_t base1,
		      uint8_t icw4)
{
	pic_write(p, 0, 0, 0x11);
	pic_write(p, 1, 0, 0x11);
	pic_write(p, 0, 1, base0);
	pic_write(p, 1, 1, base1);
	pic_write(p, 0, 1, 0x04);
	pic_write(p, 1, 1, 0x02);
	pic_write(p, 0, 1, icw4);
	pic_write(p, 1, 1, icw4);
}

static void pulse(struct pic *p, unsigned int irq)
{
	pic_set_irq(p, irq, 1);
	pic_set_irq(p, irq, 0);
}

static void test_reset_is_seabios_state(void **state)
{
	struct pic p;

	(void)state;
	pic_reset(&p);
	assert_int_equal(pic_read(&p, 0, 1), 0xfa);	/* IRQ0, IRQ2 open */
	assert_int_equal(pic_read(&p, 1, 1), 0xff);
	assert_false(pic_intr(&p));
	pulse(&p, 0);
	assert_true(pic_intr(&p));
	assert_int_equal(pic_ack(&p), 0x08);
}

static void test_init_sequence_and_masks(void **state)
{
	struct pic p;

	(void)state;
	pic_reset(&p);
	pic_write(&p, 0, 1, 0x00);
	init_pair(&p, 0x20, 0x28, 0x01);
	/* ICW1 clears IMR; the data port is OCW1 again after ICW4. */
	assert_int_equal(pic_read(&p, 0, 1), 0x00);
	pic_write(&p, 0, 1, 0xfe);
	assert_int_equal(pic_read(&p, 0, 1), 0xfe);
	pulse(&p, 1);			/* masked: latched, no INTR */
	assert_false(pic_intr(&p));
	assert_int_equal(pic_read(&p, 0, 0), 0x02);	/* IRR */
	pic_write(&p, 0, 1, 0xfc);	/* unmask: the latched edge goes */
	assert_true(pic_intr(&p));
	assert_int_equal(pic_ack(&p), 0x21);
	/* Without ICW4 (IC4 = 0) the sequence ends after ICW3. */
	pic_write(&p, 0, 0, 0x10);
	pic_write(&p, 0, 1, 0x40);
	pic_write(&p, 0, 1, 0x04);
	pic_write(&p, 0, 1, 0x5a);
	assert_int_equal(pic_read(&p, 0, 1), 0x5a);
	/* SNGL: no ICW3 either. */
	pic_write(&p, 0, 0, 0x13);
	pic_write(&p, 0, 1, 0x48);
	pic_write(&p, 0, 1, 0x01);	/* ICW4 */
	pic_write(&p, 0, 1, 0x33);	/* OCW1 */
	assert_int_equal(pic_read(&p, 0, 1), 0x33);
}

static void test_priority_and_eoi(void **state)
{
	struct pic p;

	(void)state;
	pic_reset(&p);
	init_pair(&p, 0x20, 0x28, 0x01);
	pulse(&p, 5);
	pulse(&p, 3);
	assert_int_equal(pic_ack(&p), 0x23);	/* lower IR, higher priority */
	/* IR5 waits behind IR3 in service; IR1 preempts it. */
	assert_false(pic_intr(&p));
	pulse(&p, 1);
	assert_int_equal(pic_ack(&p), 0x21);
	pic_write(&p, 0, 0, 0x0b);		/* OCW3: read ISR */
	assert_int_equal(pic_read(&p, 0, 0), 0x0a);
	pic_write(&p, 0, 0, 0x20);		/* non-specific EOI: IR1 */
	assert_int_equal(pic_read(&p, 0, 0), 0x08);
	assert_false(pic_intr(&p));
	pic_write(&p, 0, 0, 0x63);		/* specific EOI of IR3 */
	assert_int_equal(pic_read(&p, 0, 0), 0x00);
	assert_true(pic_intr(&p));
	assert_int_equal(pic_ack(&p), 0x25);
	pic_write(&p, 0, 0, 0x0a);		/* OCW3: read IRR */
	assert_int_equal(pic_read(&p, 0, 0), 0x00);
	/* A spurious acknowledge (no request): IR7's vector, no ISR bit. */
	pic_write(&p, 0, 0, 0x20);
	assert_int_equal(pic_ack(&p), 0x27);
	pic_write(&p, 0, 0, 0x0b);
	assert_int_equal(pic_read(&p, 0, 0), 0x00);
}

static void test_rotation(void **state)
{
	struct pic p;

	(void)state;
	pic_reset(&p);
	init_pair(&p, 0x20, 0x28, 0x01);
	pic_write(&p, 0, 0, 0xc4);	/* set priority: IR4 lowest */
	pulse(&p, 4);
	pulse(&p, 5);
	assert_int_equal(pic_ack(&p), 0x25);	/* IR5 now highest */
	pic_write(&p, 0, 0, 0xa0);	/* rotate on non-specific EOI */
	assert_int_equal(pic_ack(&p), 0x24);
	pic_write(&p, 0, 0, 0x20);
	/* The rotation made the EOI'd IR5 the lowest: IR6 beats it. */
	pulse(&p, 5);
	pulse(&p, 6);
	assert_int_equal(pic_ack(&p), 0x26);
	pic_write(&p, 0, 0, 0x20);
	assert_int_equal(pic_ack(&p), 0x25);
	pic_write(&p, 0, 0, 0x20);
	/* Rotate on specific EOI (OCW2 111) of IR1: IR1 the lowest. */
	pulse(&p, 1);
	assert_int_equal(pic_ack(&p), 0x21);
	pic_write(&p, 0, 0, 0xe1);
	pulse(&p, 1);
	pulse(&p, 3);
	assert_int_equal(pic_ack(&p), 0x23);
}

/* Special fully nested mode (ICW4 SFNM on the master): a higher slave
 * request passes the master's IR2 in service. */
static void test_special_fully_nested(void **state)
{
	struct pic p;

	(void)state;
	pic_reset(&p);
	init_pair(&p, 0x08, 0x70, 0x11);
	pic_write(&p, 0, 1, 0xfb);
	pic_write(&p, 1, 1, 0x00);
	pulse(&p, 10);
	assert_int_equal(pic_ack(&p), 0x72);
	pulse(&p, 9);
	assert_true(pic_intr(&p));
	assert_true(pic_irq_can_wake(&p, 9));
	assert_int_equal(pic_ack(&p), 0x71);
	/* Without it, IR2 in service holds every slave request. */
	pic_reset(&p);
	init_pair(&p, 0x08, 0x70, 0x01);
	pic_write(&p, 0, 1, 0xfb);
	pic_write(&p, 1, 1, 0x00);
	pulse(&p, 10);
	assert_int_equal(pic_ack(&p), 0x72);
	pulse(&p, 9);
	assert_false(pic_intr(&p));
	assert_false(pic_irq_can_wake(&p, 9));
}

static void test_cascade(void **state)
{
	struct pic p;

	(void)state;
	pic_reset(&p);
	init_pair(&p, 0x08, 0x70, 0x01);
	pic_write(&p, 0, 1, 0xfb);	/* only the cascade */
	pic_write(&p, 1, 1, 0x00);
	pulse(&p, 12);
	pulse(&p, 9);
	assert_true(pic_intr(&p));
	assert_int_equal(pic_ack(&p), 0x71);
	/* IR2 of the master is in service: IRQ12 waits for both EOIs. */
	assert_false(pic_intr(&p));
	pic_write(&p, 1, 0, 0x20);
	assert_false(pic_intr(&p));
	pic_write(&p, 0, 0, 0x20);
	assert_true(pic_intr(&p));
	assert_int_equal(pic_ack(&p), 0x74);
	/* A slave line masked at the slave does not reach the master. */
	pic_write(&p, 1, 0, 0x20);
	pic_write(&p, 0, 0, 0x20);
	pic_write(&p, 1, 1, 0x02);
	pulse(&p, 9);
	assert_false(pic_intr(&p));
}

static void test_elcr_level(void **state)
{
	struct pic p;

	(void)state;
	pic_reset(&p);
	init_pair(&p, 0x20, 0x28, 0x01);
	pic_write(&p, 0, 1, 0x00);
	pic_write(&p, 1, 1, 0x00);
	/* PIIX: IRQ 0, 1, 2, 8 and 13 cannot be level-triggered. */
	pic_elcr_write(&p, 0, 0xff);
	pic_elcr_write(&p, 1, 0xff);
	assert_int_equal(pic_elcr_read(&p, 0), 0xf8);
	assert_int_equal(pic_elcr_read(&p, 1), 0xde);
	/* Level: the request follows the line and survives the ack. */
	pic_set_irq(&p, 5, 1);
	assert_int_equal(pic_ack(&p), 0x25);
	pic_write(&p, 0, 0, 0x20);
	assert_true(pic_intr(&p));
	pic_set_irq(&p, 5, 0);
	assert_false(pic_intr(&p));
	/* Edge: a line held high requests once. */
	pic_elcr_write(&p, 0, 0x00);
	pic_set_irq(&p, 5, 1);
	assert_int_equal(pic_ack(&p), 0x25);
	pic_write(&p, 0, 0, 0x20);
	pic_set_irq(&p, 5, 1);
	assert_false(pic_intr(&p));
}

static void test_auto_eoi_and_poll(void **state)
{
	struct pic p;

	(void)state;
	pic_reset(&p);
	init_pair(&p, 0x20, 0x28, 0x03);	/* ICW4: AEOI */
	pic_write(&p, 0, 1, 0x00);
	pulse(&p, 4);
	assert_int_equal(pic_ack(&p), 0x24);
	pic_write(&p, 0, 0, 0x0b);
	assert_int_equal(pic_read(&p, 0, 0), 0x00);	/* nothing in ISR */
	pulse(&p, 6);
	assert_true(pic_intr(&p));
	/* Poll: the read is the acknowledge. */
	pic_write(&p, 0, 0, 0x0c);
	assert_int_equal(pic_read(&p, 0, 0), 0x86);
	pic_write(&p, 0, 0, 0x0c);
	assert_int_equal(pic_read(&p, 0, 0), 0x00);
	/* A poll lasts one read: the next reads IRR again. */
	pulse(&p, 5);
	pic_write(&p, 0, 0, 0x0a);
	assert_int_equal(pic_read(&p, 0, 0), 0x20);
	assert_int_equal(pic_read(&p, 0, 0), 0x20);
}

static void test_can_wake(void **state)
{
	struct pic p;

	(void)state;
	pic_reset(&p);
	assert_true(pic_irq_can_wake(&p, 0));
	pic_write(&p, 0, 1, 0xff);
	assert_false(pic_irq_can_wake(&p, 0));
	pic_write(&p, 0, 1, 0xfa);
	pulse(&p, 0);
	pic_ack(&p);			/* IR0 in service: no IR0 again */
	assert_false(pic_irq_can_wake(&p, 0));
	pic_write(&p, 0, 0, 0x20);
	assert_true(pic_irq_can_wake(&p, 0));
	assert_false(pic_irq_can_wake(&p, 9));	/* masked at the slave */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reset_is_seabios_state),
		cmocka_unit_test(test_init_sequence_and_masks),
		cmocka_unit_test(test_priority_and_eoi),
		cmocka_unit_test(test_rotation),
		cmocka_unit_test(test_cascade),
		cmocka_unit_test(test_special_fully_nested),
		cmocka_unit_test(test_elcr_level),
		cmocka_unit_test(test_auto_eoi_and_poll),
		cmocka_unit_test(test_can_wake),
	};

	return cmocka_run_group_tests_name("pic", tests, NULL, NULL);
}
