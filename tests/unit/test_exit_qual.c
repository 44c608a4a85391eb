/*
 * test_exit_qual.c - the exit-qualification decoders against the SDM's
 * tables (vol. 3, 28-3 control-register accesses, 28-5 I/O instructions,
 * 28-7 EPT violations), with values a CPU reports for known instructions.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "exit_qual.h"

static void test_task_switch(void **state)
{
	/* ljmp $0x20, $0 to a TSS: source 2 (JMP), selector 0x20. */
	struct task_switch_qual q = task_switch_qual_decode(0x80000020ull);

	(void)state;
	assert_int_equal(q.selector, 0x20);
	assert_int_equal(q.source, TASK_SWITCH_JMP);
	q = task_switch_qual_decode(0xc0000028ull);	/* a task gate */
	assert_int_equal(q.selector, 0x28);
	assert_int_equal(q.source, TASK_SWITCH_GATE);
	assert_int_equal(task_switch_qual_decode(0x40000018ull).source,
			 TASK_SWITCH_IRET);
	assert_int_equal(task_switch_qual_decode(0x18ull).source,
			 TASK_SWITCH_CALL);
}

static void test_io_out_dx_byte(void **state)
{
	/* outb %al, (%dx) with DX = 0x3f8: size 0, OUT, DX operand. */
	struct io_qual q = io_qual_decode(0x03f80000ull);

	(void)state;
	assert_int_equal(q.size, 1);
	assert_false(q.in);
	assert_false(q.string);
	assert_false(q.rep);
	assert_false(q.imm);
	assert_int_equal(q.port, 0x3f8);
}

static void test_io_in_imm_dword(void **state)
{
	/* inl $0xf4, %eax: size 3 (4 bytes), IN, immediate operand. */
	struct io_qual q = io_qual_decode(0x00f40000ull | 3 | (1 << 3) | (1 << 6));

	(void)state;
	assert_int_equal(q.size, 4);
	assert_true(q.in);
	assert_true(q.imm);
	assert_int_equal(q.port, 0xf4);
}

static void test_io_rep_outsw(void **state)
{
	/* rep outsw to port 0xffff: size 1 (2 bytes), string, REP. */
	struct io_qual q = io_qual_decode(0xffff0000ull | 1 | (1 << 4) | (1 << 5));

	(void)state;
	assert_int_equal(q.size, 2);
	assert_false(q.in);
	assert_true(q.string);
	assert_true(q.rep);
	assert_int_equal(q.port, 0xffff);
}

static void test_io_ignores_high_bits(void **state)
{
	/* Bits 63:32 are not part of the port (table 28-5: reserved). */
	struct io_qual q = io_qual_decode(0xdeadbeef00600000ull);

	(void)state;
	assert_int_equal(q.port, 0x60);
	assert_int_equal(q.size, 1);
}

static void test_cr_mov_to_cr0_from_rax(void **state)
{
	struct cr_qual q = cr_qual_decode(0x0);

	(void)state;
	assert_int_equal(q.cr, 0);
	assert_int_equal(q.type, CR_ACCESS_MOV_TO);
	assert_int_equal(q.reg, 0);
}

static void test_cr_mov_from_cr8_to_r12(void **state)
{
	/* mov %cr8, %r12: CR 8, type 1 (from), register 12. */
	struct cr_qual q = cr_qual_decode(8 | (1 << 4) | (12 << 8));

	(void)state;
	assert_int_equal(q.cr, 8);
	assert_int_equal(q.type, CR_ACCESS_MOV_FROM);
	assert_int_equal(q.reg, 12);
}

static void test_cr_clts_and_lmsw(void **state)
{
	struct cr_qual clts = cr_qual_decode(2 << 4);
	/* lmsw with a memory operand, source data 0x000f. */
	struct cr_qual lmsw = cr_qual_decode((3 << 4) | (1 << 6) |
					     (0x000full << 16));

	(void)state;
	assert_int_equal(clts.type, CR_ACCESS_CLTS);
	assert_int_equal(clts.cr, 0);
	assert_int_equal(lmsw.type, CR_ACCESS_LMSW);
	assert_true(lmsw.lmsw_memory);
	assert_int_equal(lmsw.lmsw_data, 0xf);
}

static void test_ept_access_names(void **state)
{
	(void)state;
	assert_string_equal(ept_access_name(EPT_VIOL_READ), "read");
	assert_string_equal(ept_access_name(EPT_VIOL_WRITE), "write");
	/* A read-modify-write reports both bits: it is the write that hurt. */
	assert_string_equal(ept_access_name(EPT_VIOL_READ | EPT_VIOL_WRITE),
			    "write");
	assert_string_equal(ept_access_name(EPT_VIOL_FETCH | EPT_VIOL_GLA_VALID),
			    "fetch");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_task_switch),
		cmocka_unit_test(test_io_out_dx_byte),
		cmocka_unit_test(test_io_in_imm_dword),
		cmocka_unit_test(test_io_rep_outsw),
		cmocka_unit_test(test_io_ignores_high_bits),
		cmocka_unit_test(test_cr_mov_to_cr0_from_rax),
		cmocka_unit_test(test_cr_mov_from_cr8_to_r12),
		cmocka_unit_test(test_cr_clts_and_lmsw),
		cmocka_unit_test(test_ept_access_names),
	};

	return cmocka_run_group_tests_name("exit_qual", tests, NULL, NULL);
}
