/*
 * test_vmcs12.c - L1's VMCS as L0 keeps it (src/nested/vmcs12.c): every
 * field of VMCS_FIELDS() has its own slot, the high half of a 64-bit
 * field is that field's slot and no other width has one, and VMREAD and
 * VMWRITE follow the SDM's instruction reference (vol. 3, chapter 31):
 * VMfailValid 12 for an encoding of no field, 13 for a write to VM-exit
 * information unless VMWRITE to any field is offered, reads zero-extended
 * from the field's width, writes kept to it, high halves as bits 63:32.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "exit_reasons.h"
#include "vmcs12.h"

static void test_index(void **state)
{
	unsigned int i;

	(void)state;
	for (i = 0; i < vmcs_field_count; i++) {
		uint32_t enc = vmcs_field_table[i].encoding;

		assert_int_equal(vmcs12_index(enc), i);
		if (VMCS_FIELD_WIDTH(enc) == VMCS_WIDTH_64)
			assert_int_equal(vmcs12_index(enc | 1), i);
		else
			assert_int_equal(vmcs12_index(enc | 1), -1);
		assert_int_equal(vmcs12_index(enc | (1ull << 32)), -1);
	}
	assert_int_equal(i, VMCS12_NR_FIELDS);
	assert_int_equal(vmcs12_index(0x2001 + 0x1000), -1);	/* reserved bit 12 */
	assert_int_equal(vmcs12_index(0x8000), -1);		/* bit 15 */
	assert_int_equal(vmcs12_index(0x6bfe), -1);
	assert_int_equal(VMCS12_REVISION >> 31, 0);
}

static void test_widths(void **state)
{
	static struct vmcs12 v;
	uint64_t val;

	(void)state;
	/* 16-bit: the source's low 16 bits; read back zero-extended. */
	assert_int_equal(vmcs12_write(&v, VMCS_GUEST_CS_SELECTOR,
				      0x123456789abcdef0ull, 0), 0);
	assert_int_equal(vmcs12_read(&v, VMCS_GUEST_CS_SELECTOR, &val), 0);
	assert_int_equal(val, 0xdef0);
	/* 32-bit. */
	assert_int_equal(vmcs12_write(&v, VMCS_EXCEPTION_BITMAP,
				      0xffffffff00040000ull, 0), 0);
	assert_int_equal(vmcs12_read(&v, VMCS_EXCEPTION_BITMAP, &val), 0);
	assert_int_equal(val, 0x00040000);
	/* Natural width: all 64 bits. */
	assert_int_equal(vmcs12_write(&v, VMCS_GUEST_RIP,
				      0xffffffff80001234ull, 0), 0);
	assert_int_equal(vmcs12_read(&v, VMCS_GUEST_RIP, &val), 0);
	assert_int_equal(val, 0xffffffff80001234ull);
	/* 64-bit, and its high half alone. */
	assert_int_equal(vmcs12_write(&v, VMCS_TSC_OFFSET,
				      0x1111222233334444ull, 0), 0);
	assert_int_equal(vmcs12_read(&v, VMCS_TSC_OFFSET | 1, &val), 0);
	assert_int_equal(val, 0x11112222);
	assert_int_equal(vmcs12_write(&v, VMCS_TSC_OFFSET | 1,
				      0xaaaabbbbccccddddull, 0), 0);
	assert_int_equal(vmcs12_read(&v, VMCS_TSC_OFFSET, &val), 0);
	assert_int_equal(val, 0xccccdddd33334444ull);
	/* Fields do not overlap: the neighbours kept theirs. */
	assert_int_equal(vmcs12_read(&v, VMCS_EXCEPTION_BITMAP, &val), 0);
	assert_int_equal(val, 0x00040000);
}

static void test_failures(void **state)
{
	static struct vmcs12 v;
	uint64_t val = 0x5a5a;

	(void)state;
	assert_int_equal(vmcs12_read(&v, 0x6bfe, &val),
			 VMXERR_UNSUPPORTED_VMCS_COMPONENT);
	assert_int_equal(val, 0x5a5a);		/* the operand is untouched */
	assert_int_equal(vmcs12_write(&v, 0x6bfe, 1, 1),
			 VMXERR_UNSUPPORTED_VMCS_COMPONENT);
	assert_int_equal(vmcs12_read(&v, VMCS_GUEST_RIP | 1, &val),
			 VMXERR_UNSUPPORTED_VMCS_COMPONENT);
	/* Exit information is read-only unless VMWRITE-any is offered;
	 * with it, the write takes and is read back. */
	assert_int_equal(vmcs12_write(&v, VMCS_EXIT_QUALIFICATION, 7, 0),
			 VMXERR_VMWRITE_READ_ONLY_VMCS_COMPONENT);
	assert_int_equal(vmcs12_read(&v, VMCS_EXIT_QUALIFICATION, &val), 0);
	assert_int_equal(val, 0);
	assert_int_equal(vmcs12_write(&v, VMCS_EXIT_QUALIFICATION, 7, 1), 0);
	assert_int_equal(vmcs12_read(&v, VMCS_EXIT_QUALIFICATION, &val), 0);
	assert_int_equal(val, 7);
	assert_int_equal(vmcs12_write(&v, VMCS_GUEST_PHYSICAL_ADDRESS | 1, 1,
				      0),
			 VMXERR_VMWRITE_READ_ONLY_VMCS_COMPONENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_widths),
		cmocka_unit_test(test_failures),
	};

	return cmocka_run_group_tests_name("vmcs12", tests, NULL, NULL);
}
