/*
 * offsets.c - the struct offsets and constants asm/vmenter.S needs,
 * generated from the C definitions (never typed by hand). The Makefile
 * compiles this file to assembly and turns each "->NAME value" marker
 * into "#define NAME value" in asm_offsets.h.
 */
#include <stddef.h>

#include "exit.h"
#include "vcpu.h"
#include "vmcs_fields.h"

#define DEFINE(sym, val) \
	__asm__ volatile("\n.ascii \"->" #sym " %c0\"" : : "i"(val))
#define REG(name) \
	DEFINE(VCPU_##name##_OFF, offsetof(struct vcpu, regs.gpr[VCPU_##name]))

void asm_offsets(void);

void asm_offsets(void)
{
	REG(RAX); REG(RCX); REG(RDX); REG(RBX); REG(RBP); REG(RSI); REG(RDI);
	REG(R8); REG(R9); REG(R10); REG(R11); REG(R12); REG(R13); REG(R14);
	REG(R15);
	DEFINE(VCPU_HOST_RSP_OFF, offsetof(struct vcpu, regs.host_rsp));
	DEFINE(VCPU_EXIT_FASTPATH_OFF, offsetof(struct vcpu, exit_fastpath));
	DEFINE(VMCS_FIELD_HOST_RSP, VMCS_HOST_RSP);
	DEFINE(FASTPATH_REENTER, EXIT_FASTPATH_REENTER_GUEST);
	DEFINE(FASTPATH_VMFAIL_VALID, EXIT_FASTPATH_VMFAIL_VALID);
	DEFINE(FASTPATH_VMFAIL_INVALID, EXIT_FASTPATH_VMFAIL_INVALID);
}
