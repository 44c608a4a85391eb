/*
 * test_insn_info.c - the memory operand of a VM exit's instruction-
 * information field (src/emul/insn_info.c), built as SDM vol. 3, 28.2.5
 * tables 28-12 to 28-14 lay the field out: base, index scaled by 1-8,
 * the displacement from the exit qualification (sign-extended there by
 * the CPU), each part optional, wrapped to a 16-, 32- or 64-bit address.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "exit_qual.h"
#include "insn_info.h"

enum { RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13,
       R14, R15 };

/* The field for [base + index * (1 << scale)] at address size @asz;
 * -1 for an absent base or index. DS as the segment. */
static uint32_t info(int base, int index, unsigned int scale,
		     unsigned int asz)
{
	uint32_t i = scale | (asz << 7) | (3u << 15);

	i |= base < 0 ? INSN_INFO_BASE_INVALID : (uint32_t)base << 23;
	i |= index < 0 ? INSN_INFO_INDEX_INVALID : (uint32_t)index << 18;
	return i;
}

static void test_ea(void **state)
{
	uint64_t gpr[16] = { 0 };

	(void)state;
	gpr[RAX] = 0x12345000;
	gpr[RBX] = 0x7000;
	gpr[RCX] = 3;
	gpr[R13] = 0xffff800000001000ull;
	gpr[R8] = 0x10;
	/* VMPTRLD [rax] */
	assert_int_equal(insn_info_ea(info(RAX, -1, 0, 2), 0, gpr),
			 0x12345000);
	/* [rbx + rcx * 8 + 0x10] */
	assert_int_equal(insn_info_ea(info(RBX, RCX, 3, 2), 0x10, gpr),
			 0x7000 + 24 + 0x10);
	/* [r13 - 8], r13 a base of its own (not "no base"), and scale
	 * without an index means nothing. */
	assert_int_equal(insn_info_ea(info(R13, -1, 2, 2), (uint64_t)-8, gpr),
			 0xffff800000000ff8ull);
	/* [r8 * 2 + disp32], no base. */
	assert_int_equal(insn_info_ea(info(-1, R8, 1, 2), 0x100, gpr), 0x120);
	/* [disp32] alone. */
	assert_int_equal(insn_info_ea(info(-1, -1, 0, 2), 0x8000, gpr),
			 0x8000);
	assert_int_equal(INSN_INFO_SEG(info(RAX, -1, 0, 2)), 3);
}

static void test_wrap(void **state)
{
	uint64_t gpr[16] = { 0 };

	(void)state;
	/* 32-bit addressing: the registers' bits 63:32 and the carry out
	 * of bit 31 are dropped. */
	gpr[RBX] = 0xdeadbeeffffffff0ull;
	assert_int_equal(insn_info_ea(info(RBX, -1, 0, 1), 0x20, gpr), 0x10);
	/* 16-bit: [bx + si + disp] wraps at 64 KiB. */
	gpr[RBX] = 0xfff0;
	gpr[RSI] = 0x20;
	assert_int_equal(insn_info_ea(info(RBX, RSI, 0, 0), 4, gpr), 0x14);
	/* A negative displacement below 0 wraps too. */
	gpr[RBX] = 4;
	assert_int_equal(insn_info_ea(info(RBX, -1, 0, 1), (uint64_t)-8, gpr),
			 0xfffffffc);
}

static void test_register_operand(void **state)
{
	/* VMREAD rdx, r9 (encoding in r9 as Reg2, destination rdx as
	 * Reg1 with bit 10 set). */
	uint32_t i = INSN_INFO_IS_REG | (RDX << 3) | (2u << 7) |
		     ((uint32_t)R9 << 28);

	(void)state;
	assert_int_equal(INSN_INFO_REG1(i), RDX);
	assert_int_equal(INSN_INFO_REG2(i), R9);
	assert_true(i & INSN_INFO_IS_REG);
	assert_int_equal(INSN_INFO_ADDR_SIZE(i), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ea),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_register_operand),
	};

	return cmocka_run_group_tests_name("insn_info", tests, NULL, NULL);
}
