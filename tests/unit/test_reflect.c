/*
 * test_reflect.c - which exits from L2 are L1's (src/nested/reflect.c),
 * by SDM vol. 3, 27.1 and 27.2 and the bitmaps of 25.6: unconditional
 * exits always; conditional ones by L1's controls; exceptions by the
 * bitmap and the #PF filter; CR0/CR4 writes by mask against shadow,
 * CLTS and LMSW by their rules; CR3 loads but for the target values;
 * I/O by bitmap (wrapping past 0xffff exits) or unconditionally; MSRs
 * by bitmap, outside its ranges always; and L0's own exits never.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "controls.h"
#include "exit_reasons.h"
#include "reflect.h"
#include "x86.h"

/* Zeros past the I/O bitmaps' end: a port past 0xffff found clear
 * there must still exit (the wrap rule), not pass by reading on. */
static uint8_t io[8192 + 64], msr[4096];

static struct nested_l1_view view(void)
{
	struct nested_l1_view v;

	memset(&v, 0, sizeof(v));
	v.io_bitmap = io;
	v.msr_bitmap = msr;
	return v;
}

static int wants(const struct nested_l1_view *v, uint32_t reason,
		 uint64_t qual, uint64_t value)
{
	struct nested_exit e = { .reason = reason, .qual = qual,
				 .value = value };

	return nested_l1_wants_exit(v, &e);
}

static int wants_exc(const struct nested_l1_view *v, unsigned int vec,
		     unsigned int type, uint32_t ec)
{
	struct nested_exit e = {
		.reason = EXIT_REASON_EXCEPTION_NMI,
		.intr_info = vec | (type << 8) | (1u << 31), .error_code = ec,
	};

	return nested_l1_wants_exit(v, &e);
}

static void test_unconditional_and_l0s(void **state)
{
	struct nested_l1_view v = view();

	(void)state;
	assert_true(wants(&v, EXIT_REASON_CPUID, 0, 0));
	assert_true(wants(&v, EXIT_REASON_VMON, 0, 0));
	assert_true(wants(&v, EXIT_REASON_VMREAD, 0, 0));
	assert_true(wants(&v, EXIT_REASON_TRIPLE_FAULT, 0, 0));
	assert_true(wants(&v, EXIT_REASON_XSETBV, 0, 0));
	assert_false(wants(&v, EXIT_REASON_EPT_VIOLATION, 0, 0));
	assert_false(wants(&v, EXIT_REASON_EPT_MISCONFIG, 0, 0));
	assert_false(wants(&v, EXIT_REASON_EXTERNAL_INTERRUPT, 0, 0));
	assert_false(wants(&v, EXIT_REASON_PREEMPTION_TIMER, 0, 0));
}

static void test_conditional(void **state)
{
	struct nested_l1_view v = view();

	(void)state;
	assert_false(wants(&v, EXIT_REASON_HLT, 0, 0));
	assert_false(wants(&v, EXIT_REASON_RDTSCP, 0, 0));
	assert_false(wants(&v, EXIT_REASON_MONITOR_TRAP_FLAG, 0, 0));
	v.c.proc = CPU_BASED_HLT_EXITING | CPU_BASED_RDTSC_EXITING |
		   CPU_BASED_MONITOR_TRAP_FLAG | CPU_BASED_INVLPG_EXITING;
	assert_true(wants(&v, EXIT_REASON_HLT, 0, 0));
	assert_true(wants(&v, EXIT_REASON_RDTSC, 0, 0));
	assert_true(wants(&v, EXIT_REASON_RDTSCP, 0, 0));
	assert_true(wants(&v, EXIT_REASON_MONITOR_TRAP_FLAG, 0, 0));
	/* Secondary controls count only when activated; INVPCID needs
	 * both INVLPG exiting and its enable. */
	v.c.proc2 = SECONDARY_WBINVD_EXITING | SECONDARY_ENABLE_INVPCID;
	assert_false(wants(&v, EXIT_REASON_WBINVD, 0, 0));
	assert_false(wants(&v, EXIT_REASON_INVPCID, 0, 0));
	v.c.proc |= CPU_BASED_ACTIVATE_SECONDARY;
	assert_true(wants(&v, EXIT_REASON_WBINVD, 0, 0));
	assert_true(wants(&v, EXIT_REASON_INVPCID, 0, 0));
	assert_false(wants(&v, EXIT_REASON_RDRAND, 0, 0));
	v.c.proc &= ~CPU_BASED_INVLPG_EXITING;
	assert_false(wants(&v, EXIT_REASON_INVPCID, 0, 0));
}

static void test_exceptions(void **state)
{
	struct nested_l1_view v = view();

	(void)state;
	v.c.exception_bitmap = 1u << VEC_UD;
	assert_true(wants_exc(&v, VEC_UD, 3, 0));
	assert_false(wants_exc(&v, VEC_GP, 3, 0));
	/* NMIs by NMI exiting, not the bitmap's bit 2. */
	v.c.exception_bitmap |= 1u << 2;
	assert_false(wants_exc(&v, 2, 2, 0));
	v.c.pin = PIN_BASED_NMI_EXITING;
	assert_true(wants_exc(&v, 2, 2, 0));
	/* #PF: bit 14 set, write faults only (mask 2, match 2)... */
	v.c.exception_bitmap = 1u << VEC_PF;
	v.c.pf_ec_mask = 2;
	v.c.pf_ec_match = 2;
	assert_true(wants_exc(&v, VEC_PF, 3, 2 | 4));
	assert_false(wants_exc(&v, VEC_PF, 3, 4));
	/* ...and bit 14 clear inverts it: every fault but writes. */
	v.c.exception_bitmap = 0;
	assert_false(wants_exc(&v, VEC_PF, 3, 2));
	assert_true(wants_exc(&v, VEC_PF, 3, 4));
}

#define CRQ(cr, type, reg)	((uint64_t)(cr) | ((uint64_t)(type) << 4) | \
				 ((uint64_t)(reg) << 8))

static void test_cr(void **state)
{
	struct nested_l1_view v = view();

	(void)state;
	/* MOV to CR0: only an owned bit against the shadow. */
	v.c.cr0_mask = CR0_PG | CR0_TS;
	v.cr0_shadow = CR0_PG;
	assert_false(wants(&v, EXIT_REASON_CR_ACCESS, CRQ(0, 0, 0),
			   CR0_PG | CR0_PE | CR0_MP));
	assert_true(wants(&v, EXIT_REASON_CR_ACCESS, CRQ(0, 0, 0), CR0_PE));
	assert_false(wants(&v, EXIT_REASON_CR_ACCESS, CRQ(0, 1, 0), 0));
	/* CLTS: owned TS set in the shadow. */
	assert_false(wants(&v, EXIT_REASON_CR_ACCESS, CRQ(0, 2, 0), 0));
	v.cr0_shadow |= CR0_TS;
	assert_true(wants(&v, EXIT_REASON_CR_ACCESS, CRQ(0, 2, 0), 0));
	/* LMSW: setting an owned PE the shadow has clear; changing an
	 * owned TS; never clearing PE. */
	v.c.cr0_mask = CR0_PE;
	v.cr0_shadow = 0;
	assert_true(wants(&v, EXIT_REASON_CR_ACCESS,
			  CRQ(0, 3, 0) | ((uint64_t)CR0_PE << 16), 0));
	v.cr0_shadow = CR0_PE;
	assert_false(wants(&v, EXIT_REASON_CR_ACCESS, CRQ(0, 3, 0), 0));
	v.c.cr0_mask = CR0_TS;
	assert_false(wants(&v, EXIT_REASON_CR_ACCESS, CRQ(0, 3, 0), 0));
	assert_true(wants(&v, EXIT_REASON_CR_ACCESS,
			  CRQ(0, 3, 0) | ((uint64_t)CR0_TS << 16), 0));
	/* CR4 likewise. */
	v.c.cr4_mask = CR4_VMXE;
	assert_true(wants(&v, EXIT_REASON_CR_ACCESS, CRQ(4, 0, 0), CR4_VMXE));
	assert_false(wants(&v, EXIT_REASON_CR_ACCESS, CRQ(4, 0, 0), CR4_PAE));
	/* CR3: load exiting but for the targets; store exiting. */
	assert_false(wants(&v, EXIT_REASON_CR_ACCESS, CRQ(3, 0, 0), 0x5000));
	v.c.proc = CPU_BASED_CR3_LOAD_EXITING;
	v.cr3_target_count = 1;
	v.cr3_target[0] = 0x5000;
	assert_false(wants(&v, EXIT_REASON_CR_ACCESS, CRQ(3, 0, 0), 0x5000));
	assert_true(wants(&v, EXIT_REASON_CR_ACCESS, CRQ(3, 0, 0), 0x6000));
	assert_false(wants(&v, EXIT_REASON_CR_ACCESS, CRQ(3, 1, 0), 0));
	v.c.proc = CPU_BASED_CR3_STORE_EXITING | CPU_BASED_CR8_LOAD_EXITING;
	assert_true(wants(&v, EXIT_REASON_CR_ACCESS, CRQ(3, 1, 0), 0));
	assert_true(wants(&v, EXIT_REASON_CR_ACCESS, CRQ(8, 0, 0), 0));
	assert_false(wants(&v, EXIT_REASON_CR_ACCESS, CRQ(8, 1, 0), 0));
}

/* An I/O exit qualification: size - 1 in bits 2:0, IN, the port. */
static uint64_t ioq(unsigned int port, unsigned int size)
{
	return (uint64_t)(size - 1) | (1u << 3) | ((uint64_t)port << 16);
}

static void test_io_msr(void **state)
{
	struct nested_l1_view v = view();

	(void)state;
	memset(io, 0, sizeof(io));
	memset(msr, 0, sizeof(msr));
	assert_false(wants(&v, EXIT_REASON_IO_INSTRUCTION, ioq(0x3f8, 1), 0));
	v.c.proc = CPU_BASED_UNCOND_IO_EXITING;
	assert_true(wants(&v, EXIT_REASON_IO_INSTRUCTION, ioq(0x3f8, 1), 0));
	/* Bitmaps override unconditional: a dword at 0x3f7 touches 0x3f8. */
	v.c.proc = CPU_BASED_USE_IO_BITMAPS | CPU_BASED_UNCOND_IO_EXITING;
	io[0x3f8 / 8] = 1u << (0x3f8 % 8);
	assert_false(wants(&v, EXIT_REASON_IO_INSTRUCTION, ioq(0x3f0, 4), 0));
	assert_true(wants(&v, EXIT_REASON_IO_INSTRUCTION, ioq(0x3f7, 4), 0));
	assert_true(wants(&v, EXIT_REASON_IO_INSTRUCTION, ioq(0xfffe, 4), 0));
	assert_true(wants(&v, EXIT_REASON_IO_INSTRUCTION, ioq(0xffff, 2), 0));
	assert_false(wants(&v, EXIT_REASON_IO_INSTRUCTION, ioq(0xfffc, 4), 0));
	/* MSRs: no bitmap, every one; with, by read/write, low/high. */
	assert_true(wants(&v, EXIT_REASON_MSR_READ, 0, 0x10));
	v.c.proc = CPU_BASED_USE_MSR_BITMAPS;
	assert_false(wants(&v, EXIT_REASON_MSR_READ, 0, 0x10));
	msr[0x10 / 8] = 1u << (0x10 % 8);		/* read, low */
	msr[3072 + 0x80 / 8] = 1u << (0x80 % 8);	/* write, 0xc0000080 */
	assert_true(wants(&v, EXIT_REASON_MSR_READ, 0, 0x10));
	assert_false(wants(&v, EXIT_REASON_MSR_WRITE, 0, 0x10));
	assert_true(wants(&v, EXIT_REASON_MSR_WRITE, 0, 0xc0000080));
	assert_false(wants(&v, EXIT_REASON_MSR_READ, 0, 0xc0000080));
	assert_true(wants(&v, EXIT_REASON_MSR_READ, 0, 0x40000000));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unconditional_and_l0s),
		cmocka_unit_test(test_conditional),
		cmocka_unit_test(test_exceptions),
		cmocka_unit_test(test_cr),
		cmocka_unit_test(test_io_msr),
	};

	return cmocka_run_group_tests_name("reflect", tests, NULL, NULL);
}
