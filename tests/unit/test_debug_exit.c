/*
 * test_debug_exit.c - the debug-exit port (src/dev/debug_exit.c), as
 * QEMU's isa-debug-exit: writes of 1, 2 and 4 bytes each end the guest
 * with the value written, and a narrow OUT's value is AL or AX only,
 * whatever the rest of EAX holds. The bound on the code is
 * vcpu_guest_exit()'s, which gets the value as written.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "io.h"
#include "vmm_abi.h"

static uint64_t exit_code;
static int exits;

void uart_flush(void)
{
}

void vcpu_guest_exit(struct vcpu *v, uint64_t code);
void vcpu_guest_exit(struct vcpu *v, uint64_t code)
{
	(void)v;
	exit_code = code;
	exits++;
}

static void test_widths(void **state)
{
	(void)state;
	assert_int_equal(debug_exit_device.base, VMM_PORT_DEBUG_EXIT);
	assert_null(debug_exit_device.in);	/* write-only: no device */
	debug_exit_device.out(NULL, 0, 1, 0x12345603);
	assert_int_equal(exits, 1);
	assert_int_equal(exit_code, 3);
	debug_exit_device.out(NULL, 0, 2, 0xabcd0005);
	assert_int_equal(exits, 2);
	assert_int_equal(exit_code, 5);
	debug_exit_device.out(NULL, 0, 2, 0x00000140);
	assert_int_equal(exit_code, 0x140);
	debug_exit_device.out(NULL, 0, 4, 0x00000021);
	assert_int_equal(exits, 4);
	assert_int_equal(exit_code, 0x21);
	debug_exit_device.out(NULL, 0, 4, 0x80000001);
	assert_int_equal(exit_code, 0x80000001);
	debug_exit_device.out(NULL, 1, 1, 0xff07);
	assert_int_equal(exit_code, 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_widths),
	};

	return cmocka_run_group_tests_name("debug_exit", tests, NULL, NULL);
}
