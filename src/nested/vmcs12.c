/*
 * vmcs12.c - L1's VMCS as L0 keeps it (see vmcs12.h).
 */
#include "vmcs12.h"

#include "exit_reasons.h"

int vmcs12_index(uint64_t enc)
{
	/* An encoding is 32 bits; a register's bits 63:32 set name no
	 * field, as KVM's get_vmcs12_field_offset() takes it. */
	if (enc >> 32)
		return -1;
	/* The high half exists for 64-bit fields only (25.11.2). */
	if (VMCS_FIELD_ACCESS_HIGH(enc)) {
		if (VMCS_FIELD_WIDTH(enc) != VMCS_WIDTH_64)
			return -1;
		enc &= ~1u;
	}
	switch ((uint32_t)enc) {
#define X(field, e, grp, sh)	case (e): return VMCS12_IDX_##field;
	VMCS_FIELDS(X)
#undef X
	default:
		return -1;
	}
}

/* The bits a field of @enc's width holds; natural width is 64 bits
 * for a processor that supports Intel 64 (25.11.2). */
static uint64_t width_mask(uint64_t enc)
{
	switch (VMCS_FIELD_WIDTH(enc)) {
	case VMCS_WIDTH_16:
		return 0xffffull;
	case VMCS_WIDTH_32:
		return 0xffffffffull;
	default:
		return ~0ull;
	}
}

unsigned int vmcs12_read(const struct vmcs12 *v, uint64_t enc,
			 uint64_t *val)
{
	int i = vmcs12_index(enc);

	if (i < 0)
		return VMXERR_UNSUPPORTED_VMCS_COMPONENT;
	if (VMCS_FIELD_ACCESS_HIGH(enc))
		*val = v->field[i] >> 32;
	else
		*val = v->field[i] & width_mask(enc);
	return 0;
}

unsigned int vmcs12_write(struct vmcs12 *v, uint64_t enc, uint64_t val,
			  int vmwrite_any)
{
	int i = vmcs12_index(enc);

	if (i < 0)
		return VMXERR_UNSUPPORTED_VMCS_COMPONENT;
	if (VMCS_FIELD_TYPE(enc) == VMCS_GROUP_EXIT && !vmwrite_any)
		return VMXERR_VMWRITE_READ_ONLY_VMCS_COMPONENT;
	if (VMCS_FIELD_ACCESS_HIGH(enc))
		v->field[i] = (v->field[i] & 0xffffffffull) | (val << 32);
	else
		v->field[i] = val & width_mask(enc);
	return 0;
}
