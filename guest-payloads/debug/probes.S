/*
 * probes.S - the instructions debug.c takes #DB on, each with a label
 * where the guest's #DB handler should find RIP.
 */
#include "guest.h"

	.text
	.code64

/* TF set by POPF: a single-step trap after each instruction that
 * follows (SDM vol. 3, 18.3.1.4), until the POPF that clears it. */
	.globl probe_single_step
probe_single_step:
	pushfq
	orq $RFLAGS_TF, (%rsp)
	popfq
	nop
	nop
	pushfq
	andq $~RFLAGS_TF, (%rsp)
	popfq
	ret

/* The trap after STI comes in STI's shadow, with TF = 1. */
	.globl probe_sti_shadow
probe_sti_shadow:
	pushfq
	orq $RFLAGS_TF, (%rsp)
	popfq
	sti
	nop
	cli
	pushfq
	andq $~RFLAGS_TF, (%rsp)
	popfq
	ret

/* A write to the watched dword (DR0): a trap after the store. */
	.globl probe_data, data_after, watched
probe_data:
	movl $1, watched(%rip)
data_after:
	ret

/* An instruction breakpoint (DR1) here: a fault before it runs. */
	.globl probe_code
probe_code:
	nop
	ret

/* MOV from DR0 with DR7.GD set: a fault before it runs. */
	.globl probe_general_detect, general_detect_insn
probe_general_detect:
general_detect_insn:
	movq %dr0, %rax
	ret

/* INT1: a trap after it. */
	.globl probe_icebp, icebp_after
probe_icebp:
	.byte 0xf1
icebp_after:
	ret

	.data
	.balign 4
watched:
	.long 0

	.section .note.GNU-stack, "", @progbits
