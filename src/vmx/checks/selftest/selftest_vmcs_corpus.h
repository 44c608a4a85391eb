/*
 * selftest_vmcs_corpus.h - the notation the targeted corpus is written in
 * (selftest_vmcs_corpus.c, selftest_vmcs_corpus_guest.c): short field
 * names, one macro per operation and per kind of mutation.
 */
#ifndef VMX_SELFTEST_VMCS_CORPUS_H
#define VMX_SELFTEST_VMCS_CORPUS_H

#include "checks_internal.h"
#include "selftest_vmcs.h"

#define VMCS_PIN	VMCS_PIN_BASED_VM_EXEC_CONTROL
#define VMCS_PROC	VMCS_CPU_BASED_VM_EXEC_CONTROL
#define VMCS_PROC2	VMCS_SECONDARY_VM_EXEC_CONTROL
#define VMCS_EXIT	VMCS_VM_EXIT_CONTROLS
#define VMCS_ENTRY	VMCS_VM_ENTRY_CONTROLS
#define VMCS_INFO	VMCS_VM_ENTRY_INTR_INFO_FIELD
#define VMCS_ERRCODE	VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE
#define VMCS_INSNLEN	VMCS_VM_ENTRY_INSTRUCTION_LEN
#define VMCS_INTR	VMCS_GUEST_INTERRUPTIBILITY_INFO
#define VMCS_ACTIVITY	VMCS_GUEST_ACTIVITY_STATE
#define VMCS_PENDING	VMCS_GUEST_PENDING_DBG_EXCEPTIONS

#define OP(f, o, v)	{ VMCS_##f, (o), (uint64_t)(v) }
#define SET(f, v)	OP(f, M_SET, v)
#define OR(f, v)	OP(f, M_OR, v)
#define CLR(f, v)	OP(f, M_CLR, v)
#define XOR(f, v)	OP(f, M_XOR, v)
#define PAGE(f, p, off)	OP(f, M_PAGE, (p) | ((uint64_t)(off) << 8))
#define POKE(p, off, v)	{ ((uint32_t)(p) << 16) | (off), M_POKE, (uint64_t)(v) }
#define BAD1(f, w)	OP(f, M_BAD1, w)
#define BAD0(f, w)	OP(f, M_BAD0, w)
#define WIDTH(f)	OP(f, M_WIDTH, 0)
#define NONCANON(f)	OP(f, M_NONCANON, 0)
#define LWIDTH(f)	OP(f, M_LWIDTH, 0)
#define SELF(f)		OP(f, M_SELF, 0)

/* A targeted mutation: the rule it breaks (or "pass"), what it does, its
 * operations; TS with a scenario first, TC under a condition. */
#define TSC(s, c, r, w, ...)	{ r, w, s, MODE_LAUNCH, c, { __VA_ARGS__ } }
#define T(r, w, ...)		TSC(S_NONE, C_NONE, r, w, __VA_ARGS__)
#define TS(s, r, w, ...)	TSC(s, C_NONE, r, w, __VA_ARGS__)
#define TC(c, r, w, ...)	TSC(S_NONE, c, r, w, __VA_ARGS__)
#define TM(m, r, w)		{ r, w, S_NONE, m, C_NONE, { { 0 } } }

/* Interruption information: valid, type, vector. */
#define EV(type, vec)	(INTR_INFO_VALID | ((type) << 8) | (vec))
#define EFER_LONG	(EFER_LMA | EFER_LME)
#define AR_V86		0xf3
#define NOT_USABLE	AR_UNUSABLE

#endif
