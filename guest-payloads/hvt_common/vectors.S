/*
 * vectors.S - the exception stubs of our hvt tests: each builds a
 * struct hvt_trap_regs {cr2, ec, rip, cs, rflags, rsp, ss} on its IST
 * stack (the CPU pushed ss..rip and, for some vectors, the error code;
 * SDM vol. 3, 6.14.2) and calls hvt_trap(vector, &regs), which reports
 * and halts, as Solo5's cpu_vectors_x86_64.S and cpu_trap_handler do.
 * Every trap is fatal, so no register is saved for a return.
 */
#include "x86.h"

	.text
	.altmacro

/* trap_stub vec: push a zero error code where the CPU pushes none. */
.macro trap_stub vec
	.p2align 4
trap_\vec:
	.if (VEC_HAS_ERROR_CODE(\vec)) == 0
	pushq	$0
	.endif
	movl	$\vec, %edi
	jmp	trap_common
.endm

/* trap_ptr vec: stub vec's address, for the table. */
.macro trap_ptr vec
	.quad	trap_\vec
.endm

trap_common:
	movq	%cr2, %rax
	pushq	%rax
	movq	%rsp, %rsi
	andq	$-16, %rsp
	call	hvt_trap
1:	hlt
	jmp	1b

.set vec, 0
.rept VEC_NR_EXCEPTIONS
	trap_stub %vec
	.set vec, vec + 1
.endr

/* hvt_trap_stubs[v]: the entry point for vector v, for the IDT. */
	.section .rodata
	.p2align 3
	.globl	hvt_trap_stubs
hvt_trap_stubs:
.set vec, 0
.rept VEC_NR_EXCEPTIONS
	trap_ptr %vec
	.set vec, vec + 1
.endr

	.section .note.GNU-stack, "", @progbits
