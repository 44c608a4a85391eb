/*
 * offsets.c - the struct offsets and constants asm/vmenter.S needs,
 * generated from the C definitions (never typed by hand). The Makefile
 * compiles this file to assembly and turns each "->NAME value" marker
 * into "#define NAME value" in asm_offsets.h.
 */
#include <stddef.h>

#include "vcpu.h"
#include "vmcs_fields.h"

#define DEFINE(sym, val) \
	__asm__ volatile("\n.ascii \"->" #sym " %c0\"" : : "i"(val))
#define REG(name) DEFINE(REGS_##name, offsetof(struct vcpu_regs, gpr[VCPU_##name]))

void asm_offsets(void);

void asm_offsets(void)
{
	REG(RAX); REG(RCX); REG(RDX); REG(RBX); REG(RBP); REG(RSI); REG(RDI);
	REG(R8); REG(R9); REG(R10); REG(R11); REG(R12); REG(R13); REG(R14);
	REG(R15);
	DEFINE(REGS_HOST_RSP, offsetof(struct vcpu_regs, host_rsp));
	DEFINE(VMCS_FIELD_HOST_RSP, VMCS_HOST_RSP);
	DEFINE(VMENTER_RET_FAIL_VALID, VMENTER_FAIL_VALID);
	DEFINE(VMENTER_RET_FAIL_INVALID, VMENTER_FAIL_INVALID);
}
