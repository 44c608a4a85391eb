/*
 * controls.c - control-word names and the fitting of wanted controls to
 * what the CPU allows (see controls.h).
 */
#include "controls.h"

#include <stddef.h>

#define X(name, bit) [bit] = #name,
static const char *const pin_names[32] = { PIN_BASED_CONTROLS(X) };
static const char *const proc_names[32] = { CPU_BASED_CONTROLS(X) };
static const char *const proc2_names[32] = { SECONDARY_CONTROLS(X) };
static const char *const exit_names[32] = { VM_EXIT_CONTROLS_LIST(X) };
static const char *const entry_names[32] = { VM_ENTRY_CONTROLS_LIST(X) };
#undef X

static const struct {
	const char *word;
	const char *const *bits;
} ctl_words[CTL_NR] = {
	[CTL_PIN] = { "pin-based", pin_names },
	[CTL_PROC] = { "primary processor-based", proc_names },
	[CTL_PROC2] = { "secondary processor-based", proc2_names },
	[CTL_EXIT] = { "VM-exit", exit_names },
	[CTL_ENTRY] = { "VM-entry", entry_names },
};

const char *vmx_ctl_word_name(enum vmx_ctl_word w)
{
	return w < CTL_NR ? ctl_words[w].word : "unknown";
}

const char *vmx_ctl_bit_name(enum vmx_ctl_word w, unsigned int bit)
{
	if (w >= CTL_NR || bit >= 32)
		return NULL;
	return ctl_words[w].bits[bit];
}

int vmx_adjust_ctl(const struct vmx_ctl_caps *caps, uint32_t required,
		   uint32_t optional, uint32_t *out, uint32_t *missing,
		   uint32_t *dropped)
{
	*missing = required & ~caps->allowed1;
	*dropped = optional & ~caps->allowed1 & ~required;
	*out = (required | optional | caps->allowed0) & caps->allowed1;
	return *missing ? -1 : 0;
}
