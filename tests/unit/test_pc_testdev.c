/*
 * test_pc_testdev.c - QEMU's pc-testdev as src/dev/pc_testdev.c models
 * it (qemu hw/misc/pc-testdev.c): the 32-bit scratch port at 0xe0 and its
 * byte view at 0xe8, one register under both, every width at every
 * offset; the flush-page port taking writes; the 64 KiB MMIO scratch
 * area at 0xff000000 in every width, clipped at its end.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "io.h"
#include "mmio.h"

static const struct port_device *const port = &pc_testdev_device;
static const struct port_device *const byte = &pc_testdev_byte_device;
static const struct mmio_device *const mem = &pc_testdev_mmio_device;

static void test_scratch_port(void **state)
{
	(void)state;
	assert_int_equal(port->base, 0xe0);
	assert_int_equal(byte->base, 0xe8);
	assert_int_equal(pc_testdev_flush_device.base, 0xe4);
	port->out(NULL, 0, 4, 0x11223344);
	assert_int_equal(port->in(NULL, 0, 4), 0x11223344);
	assert_int_equal(port->in(NULL, 0, 2), 0x3344);
	assert_int_equal(port->in(NULL, 2, 2), 0x1122);
	assert_int_equal(port->in(NULL, 1, 1), 0x33);
	assert_int_equal(port->in(NULL, 1, 4), 0x112233);
	port->out(NULL, 1, 1, 0xaa);
	assert_int_equal(port->in(NULL, 0, 4), 0x1122aa44);
	port->out(NULL, 2, 2, 0xbbcc);
	assert_int_equal(port->in(NULL, 0, 4), 0xbbccaa44);
	port->out(NULL, 3, 4, 0xddeeff00);	/* only byte 3 is there */
	assert_int_equal(port->in(NULL, 0, 4), 0x00ccaa44);
	/* The byte-wise view is the same register. */
	assert_int_equal(byte->in(NULL, 0, 4), 0x00ccaa44);
	byte->out(NULL, 0, 4, 0x01020304);
	assert_int_equal(port->in(NULL, 0, 4), 0x01020304);
	byte->out(NULL, 3, 1, 0x7f);
	assert_int_equal(port->in(NULL, 0, 4), 0x7f020304);
	/* The flush port takes its write and changes nothing. */
	pc_testdev_flush_device.out(NULL, 0, 4, 0x1000);
	assert_int_equal(port->in(NULL, 0, 4), 0x7f020304);
}

static void test_mmio_scratch(void **state)
{
	(void)state;
	assert_int_equal(mem->base, 0xff000000ull);
	assert_int_equal(mem->size, 0x10000);
	mem->write(NULL, 0x100, 8, 0x1122334455667788ull);
	assert_int_equal(mem->read(NULL, 0x100, 8), 0x1122334455667788ull);
	assert_int_equal(mem->read(NULL, 0x100, 4), 0x55667788);
	assert_int_equal(mem->read(NULL, 0x104, 2), 0x3344);
	assert_int_equal(mem->read(NULL, 0x107, 1), 0x11);
	mem->write(NULL, 0x102, 1, 0xab);
	assert_int_equal(mem->read(NULL, 0x100, 8), 0x1122334455ab7788ull);
	mem->write(NULL, 0x0, 2, 0xbeef);
	assert_int_equal(mem->read(NULL, 0x0, 4), 0xbeef);
	mem->write(NULL, 0xfffe, 2, 0xcafe);
	assert_int_equal(mem->read(NULL, 0xfffe, 2), 0xcafe);
	/* Past the end: those bytes read 0, their writes go nowhere. */
	mem->write(NULL, 0xfffc, 8, 0x0102030405060708ull);
	assert_int_equal(mem->read(NULL, 0xfffc, 8), 0x05060708ull);
	assert_int_equal(mem->read(NULL, 0x0, 4), 0xbeef);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scratch_port),
		cmocka_unit_test(test_mmio_scratch),
	};

	return cmocka_run_group_tests_name("pc_testdev", tests, NULL, NULL);
}
