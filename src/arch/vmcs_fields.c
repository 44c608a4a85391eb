/*
 * vmcs_fields.c - the views of VMCS_FIELDS() that need storage: the table
 * of encodings, names, groups and shadow classes, and the lookup of a field's name by its
 * encoding (for VMCS dumps and error messages).
 *
 * The checks below hold every entry of the list to the encoding rules of
 * SDM vol. 3, 25.11.2 (table 25-21) when this file is compiled, so a
 * mistyped encoding breaks the build instead of a VMREAD.
 */
#include <stddef.h>
#include <stdint.h>

#include "vmcs_fields.h"

/* Only full encodings are listed (access type 0). */
#define X(field, enc, grp, sh)						\
	_Static_assert(!VMCS_FIELD_ACCESS_HIGH(enc),			\
		       #field ": high-access encoding listed");
VMCS_FIELDS(X)
#undef X

/* Bits 12 and 31:15 of an encoding are reserved and 0. */
#define X(field, enc, grp, sh)						\
	_Static_assert(!((enc) & VMCS_FIELD_RESERVED_MASK),		\
		       #field ": reserved bits set in encoding");
VMCS_FIELDS(X)
#undef X

/* The group a field is listed under is the type its encoding carries. */
#define X(field, enc, grp, sh)						\
	_Static_assert(VMCS_FIELD_TYPE(enc) == VMCS_GROUP_##grp,	\
		       #field ": encoding type is not " #grp);
VMCS_FIELDS(X)
#undef X

/* A read-only shadowed field is VM-exit information. */
#define X(field, enc, grp, sh)						\
	_Static_assert(VMCS_SHADOW_##sh != VMCS_SHADOW_RO ||		\
		       VMCS_GROUP_##grp == VMCS_GROUP_EXIT,		\
		       #field ": shadowed read-only but not exit information");
VMCS_FIELDS(X)
#undef X

const struct vmcs_field_desc vmcs_field_table[] = {
#define X(field, enc, grp, sh)						\
	{ .encoding = (enc), .name = #field, .group = VMCS_GROUP_##grp, \
	  .shadow = VMCS_SHADOW_##sh },
	VMCS_FIELDS(X)
#undef X
};

const unsigned int vmcs_field_count =
	sizeof(vmcs_field_table) / sizeof(vmcs_field_table[0]);

const char *vmcs_field_name(uint32_t encoding)
{
	unsigned int i;

	for (i = 0; i < vmcs_field_count; i++)
		if (vmcs_field_table[i].encoding == encoding)
			return vmcs_field_table[i].name;
	return "unknown";
}
