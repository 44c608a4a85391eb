/*
 * test_vmcs_fields.c - the VMCS field list, the exit-reason list and the
 * VM-instruction error list against the encoding rules of the SDM and
 * against each other.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vmcs_fields.h"
#include "exit_reasons.h"

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

static void test_no_duplicate_encodings(void **state)
{
	unsigned int i, j;

	(void)state;
	assert_true(vmcs_field_count > 0);
	for (i = 0; i < vmcs_field_count; i++)
		for (j = i + 1; j < vmcs_field_count; j++)
			if (vmcs_field_table[i].encoding ==
			    vmcs_field_table[j].encoding)
				fail_msg("%s and %s share encoding %#x",
					 vmcs_field_table[i].name,
					 vmcs_field_table[j].name,
					 vmcs_field_table[i].encoding);
}

static void test_no_duplicate_names(void **state)
{
	unsigned int i, j;

	(void)state;
	for (i = 0; i < vmcs_field_count; i++)
		for (j = i + 1; j < vmcs_field_count; j++)
			if (!strcmp(vmcs_field_table[i].name,
				    vmcs_field_table[j].name))
				fail_msg("%s listed twice",
					 vmcs_field_table[i].name);
}

/* Only full encodings are listed; the reserved bits are 0 (SDM 25.11.2). */
static void test_full_access_only(void **state)
{
	unsigned int i;

	(void)state;
	for (i = 0; i < vmcs_field_count; i++) {
		const struct vmcs_field_desc *f = &vmcs_field_table[i];

		if (VMCS_FIELD_ACCESS_HIGH(f->encoding))
			fail_msg("%s: access type high", f->name);
		if (f->encoding & VMCS_FIELD_RESERVED_MASK)
			fail_msg("%s: reserved bits in %#x", f->name,
				 f->encoding);
		if (ends_with(f->name, "_HIGH"))
			fail_msg("%s: high half listed", f->name);
	}
}

static void test_type_matches_group(void **state)
{
	static const unsigned int type_of[] = {
		[VMCS_GROUP_CTRL]	= 0,
		[VMCS_GROUP_EXIT]	= 1,
		[VMCS_GROUP_GUEST]	= 2,
		[VMCS_GROUP_HOST]	= 3,
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < vmcs_field_count; i++) {
		const struct vmcs_field_desc *f = &vmcs_field_table[i];

		assert_in_range(f->group, VMCS_GROUP_CTRL, VMCS_GROUP_HOST);
		if (VMCS_FIELD_TYPE(f->encoding) != type_of[f->group])
			fail_msg("%s: type %u in %#x, group %u", f->name,
				 VMCS_FIELD_TYPE(f->encoding), f->encoding,
				 f->group);
	}
}

/* The width a field's name implies, or -1 when the name does not tell. */
static int width_by_name(const char *name)
{
	static const struct {
		const char *name;
		int width;
	} exact[] = {
		{ "VIRTUAL_PROCESSOR_ID",	VMCS_WIDTH_16 },
		{ "VMCS_LINK_POINTER",		VMCS_WIDTH_64 },
		{ "EPT_POINTER",		VMCS_WIDTH_64 },
		{ "GUEST_IA32_EFER",		VMCS_WIDTH_64 },
		{ "HOST_IA32_EFER",		VMCS_WIDTH_64 },
		{ "GUEST_IA32_PAT",		VMCS_WIDTH_64 },
		{ "GUEST_PHYSICAL_ADDRESS",	VMCS_WIDTH_64 },
		{ "IO_BITMAP_A",		VMCS_WIDTH_64 },
		{ "MSR_BITMAP",			VMCS_WIDTH_64 },
		{ "TSC_OFFSET",			VMCS_WIDTH_64 },
		{ "TERTIARY_VM_EXEC_CONTROL",	VMCS_WIDTH_64 },
		{ "PIN_BASED_VM_EXEC_CONTROL",	VMCS_WIDTH_32 },
		{ "CPU_BASED_VM_EXEC_CONTROL",	VMCS_WIDTH_32 },
		{ "SECONDARY_VM_EXEC_CONTROL",	VMCS_WIDTH_32 },
		{ "VM_EXIT_CONTROLS",		VMCS_WIDTH_32 },
		{ "VM_ENTRY_CONTROLS",		VMCS_WIDTH_32 },
		{ "EXCEPTION_BITMAP",		VMCS_WIDTH_32 },
		{ "VM_EXIT_REASON",		VMCS_WIDTH_32 },
		{ "VM_INSTRUCTION_ERROR",	VMCS_WIDTH_32 },
		{ "VMX_PREEMPTION_TIMER_VALUE",	VMCS_WIDTH_32 },
		{ "EXIT_QUALIFICATION",		VMCS_WIDTH_NATURAL },
		{ "GUEST_LINEAR_ADDRESS",	VMCS_WIDTH_NATURAL },
		{ "GUEST_RIP",			VMCS_WIDTH_NATURAL },
		{ "GUEST_RSP",			VMCS_WIDTH_NATURAL },
		{ "GUEST_RFLAGS",		VMCS_WIDTH_NATURAL },
		{ "GUEST_CR0",			VMCS_WIDTH_NATURAL },
		{ "HOST_CR3",			VMCS_WIDTH_NATURAL },
		{ "HOST_RIP",			VMCS_WIDTH_NATURAL },
		{ "HOST_RSP",			VMCS_WIDTH_NATURAL },
	};
	unsigned int i;

	for (i = 0; i < sizeof(exact) / sizeof(exact[0]); i++)
		if (!strcmp(name, exact[i].name))
			return exact[i].width;
	if (ends_with(name, "_SELECTOR"))
		return VMCS_WIDTH_16;
	if (ends_with(name, "_LIMIT") || ends_with(name, "_AR_BYTES") ||
	    ends_with(name, "_COUNT"))
		return VMCS_WIDTH_32;
	/* CRn guest/host masks, read shadows and CR3-target values */
	if (ends_with(name, "_BASE") || !strncmp(name, "CR", 2))
		return VMCS_WIDTH_NATURAL;
	return -1;
}

static void test_width_matches_name(void **state)
{
	unsigned int i, told = 0;

	(void)state;
	for (i = 0; i < vmcs_field_count; i++) {
		const struct vmcs_field_desc *f = &vmcs_field_table[i];
		int want = width_by_name(f->name);

		if (want < 0)
			continue;
		told++;
		if ((int)VMCS_FIELD_WIDTH(f->encoding) != want)
			fail_msg("%s: width %u in %#x, name says %d", f->name,
				 VMCS_FIELD_WIDTH(f->encoding), f->encoding,
				 want);
	}
	/* Every exact name above and the segment fields were found. */
	assert_true(told > 60);
}

/* The enum and the table are views of the same list. */
static void test_enum_matches_table(void **state)
{
	unsigned int i = 0;

	(void)state;
#define X(field, enc, grp, sh)						\
	assert_int_equal(VMCS_##field, vmcs_field_table[i].encoding);	\
	assert_string_equal(#field, vmcs_field_table[i].name);		\
	i++;
	VMCS_FIELDS(X)
#undef X
	assert_int_equal(i, vmcs_field_count);
	assert_int_equal(VMCS_GUEST_RIP, 0x681e);
	assert_int_equal(VMCS_VM_EXIT_REASON, 0x4402);
	assert_int_equal(VMCS_HOST_RIP, 0x6c16);
	assert_int_equal(VMCS_EPT_POINTER, 0x201a);
}

/*
 * The shadow column: the read-only class is exit information (also a
 * compile-time check), no exit-information field is read-write (L1 does
 * not write them but to test its own VMREADs), VM_INSTRUCTION_ERROR is
 * not shadowed (L0 writes it when it emulates a VMfailValid), no field
 * of a feature L1 is never offered (EPT pointer, PML address, the
 * VMREAD/VMWRITE bitmaps themselves, the VMCS link pointer) is, and the
 * fields every nested exit handler reads or writes are.
 */
static void test_shadow_column(void **state)
{
	static const struct { uint32_t enc; enum vmcs_shadow want; } cases[] = {
		{ VMCS_VM_EXIT_REASON, VMCS_SHADOW_RO },
		{ VMCS_EXIT_QUALIFICATION, VMCS_SHADOW_RO },
		{ VMCS_VM_EXIT_INSTRUCTION_LEN, VMCS_SHADOW_RO },
		{ VMCS_GUEST_RIP, VMCS_SHADOW_RW },
		{ VMCS_GUEST_RSP, VMCS_SHADOW_RW },
		{ VMCS_CPU_BASED_VM_EXEC_CONTROL, VMCS_SHADOW_RW },
		{ VMCS_VM_ENTRY_INTR_INFO_FIELD, VMCS_SHADOW_RW },
		{ VMCS_VM_INSTRUCTION_ERROR, VMCS_SHADOW_NO },
		{ VMCS_EPT_POINTER, VMCS_SHADOW_NO },
		{ VMCS_PML_ADDRESS, VMCS_SHADOW_NO },
		{ VMCS_VMREAD_BITMAP, VMCS_SHADOW_NO },
		{ VMCS_VMWRITE_BITMAP, VMCS_SHADOW_NO },
		{ VMCS_VMCS_LINK_POINTER, VMCS_SHADOW_NO },
		{ VMCS_HOST_RIP, VMCS_SHADOW_NO },
	};
	unsigned int i, j, ro = 0, rw = 0;

	(void)state;
	for (i = 0; i < vmcs_field_count; i++) {
		const struct vmcs_field_desc *f = &vmcs_field_table[i];

		if (f->shadow == VMCS_SHADOW_RO) {
			assert_int_equal(f->group, VMCS_GROUP_EXIT);
			ro++;
		}
		if (f->shadow == VMCS_SHADOW_RW) {
			assert_int_not_equal(f->group, VMCS_GROUP_EXIT);
			rw++;
		}
		for (j = 0; j < sizeof(cases) / sizeof(cases[0]); j++)
			if (cases[j].enc == f->encoding)
				assert_int_equal(f->shadow, cases[j].want);
	}
	assert_true(ro > 0 && rw > 0);
}

static void test_field_name(void **state)
{
	unsigned int i;

	(void)state;
	assert_string_equal(vmcs_field_name(0x681e), "GUEST_RIP");
	assert_string_equal(vmcs_field_name(0x4402), "VM_EXIT_REASON");
	assert_string_equal(vmcs_field_name(0x0000), "VIRTUAL_PROCESSOR_ID");
	assert_string_equal(vmcs_field_name(VMCS_HOST_INTR_SSP_TABLE),
			    "HOST_INTR_SSP_TABLE");
	assert_string_equal(vmcs_field_name(0x2001), "unknown");
	assert_string_equal(vmcs_field_name(0x6bfe), "unknown");
	assert_string_equal(vmcs_field_name(0xffffffff), "unknown");
	for (i = 0; i < vmcs_field_count; i++)
		assert_ptr_equal(vmcs_field_name(vmcs_field_table[i].encoding),
				 vmcs_field_table[i].name);
}

static void test_exit_reason_name(void **state)
{
	(void)state;
	assert_string_equal(exit_reason_name(EXIT_REASON_CPUID), "CPUID");
	assert_int_equal(EXIT_REASON_CPUID, 10);
	assert_string_equal(exit_reason_name(2), "Triple fault");
	assert_string_equal(exit_reason_name(EXIT_REASON_EPT_VIOLATION),
			    "EPT violation");
	assert_string_equal(exit_reason_name(35), "unknown");
	assert_string_equal(exit_reason_name(EXIT_REASON_MAX), "unknown");
	assert_string_equal(exit_reason_name(0xffff), "unknown");
	assert_string_equal(exit_reason_name(~0u), "unknown");
	assert_string_not_equal(exit_reason_name(EXIT_REASON_MAX - 1),
				"unknown");
#define X(name, nr, desc)						\
	assert_true((nr) < EXIT_REASON_MAX);				\
	assert_string_equal(exit_reason_name(nr), desc);
	EXIT_REASONS(X)
#undef X
}

static void test_exit_reason_bits(void **state)
{
	uint32_t r = VMX_EXIT_REASON_FAILED_VMENTRY | EXIT_REASON_INVALID_STATE;

	(void)state;
	assert_int_equal(VMX_EXIT_REASON_BASIC(r), 33);
	assert_true(r & VMX_EXIT_REASON_FAILED_VMENTRY);
	assert_int_equal(VMX_EXIT_REASON_FAILED_VMENTRY, 0x80000000u);
}

static void test_vm_instruction_error_name(void **state)
{
	(void)state;
	assert_string_equal(vm_instruction_error_name(7),
			    "VM entry with invalid control field(s)");
	assert_int_equal(VMXERR_ENTRY_INVALID_CONTROL_FIELD, 7);
	assert_string_equal(vm_instruction_error_name(28),
			    "Invalid operand to INVEPT/INVVPID");
	assert_int_equal(VMXERR_MAX, 29);
	assert_string_equal(vm_instruction_error_name(0), "unknown");
	assert_string_equal(vm_instruction_error_name(14), "unknown");
	assert_string_equal(vm_instruction_error_name(VMXERR_MAX), "unknown");
	assert_string_equal(vm_instruction_error_name(~0u), "unknown");
#define X(nr, name, desc)						\
	assert_int_equal(name, nr);					\
	assert_string_equal(vm_instruction_error_name(nr), desc);
	VM_INSTRUCTION_ERRORS(X)
#undef X
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_duplicate_encodings),
		cmocka_unit_test(test_no_duplicate_names),
		cmocka_unit_test(test_full_access_only),
		cmocka_unit_test(test_type_matches_group),
		cmocka_unit_test(test_width_matches_name),
		cmocka_unit_test(test_enum_matches_table),
		cmocka_unit_test(test_field_name),
		cmocka_unit_test(test_shadow_column),
		cmocka_unit_test(test_exit_reason_name),
		cmocka_unit_test(test_exit_reason_bits),
		cmocka_unit_test(test_vm_instruction_error_name),
	};

	return cmocka_run_group_tests_name("vmcs_fields", tests, NULL, NULL);
}
