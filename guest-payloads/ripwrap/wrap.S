/*
 * wrap.S - ripwrap's two instructions at the end of an address space,
 * each a CPUID (it exits, and the hypervisor moves RIP past it):
 *
 * wrap32 runs a CPUID whose last byte is at 0xffffffff in compatibility
 * mode (a 32-bit code segment in IA-32e mode, base 0): EIP wraps to 0
 * (SDM vol. 1, 3.5), where a far jump takes us back to 64-bit mode.
 * ripwrap.c maps the page at 0xfffff000 and puts the jump at 0.
 *
 * wrap64 calls a CPUID whose last byte is the last canonical one,
 * 0x7fffffffffff: RIP after it is not canonical, and the fetch there
 * takes #GP, whose handler (ripwrap.c) returns from the call.
 */
#include "guest.h"
#include "ripwrap.h"

	.text
	.code64
	.globl wrap32
wrap32:
	pushq %rbx			/* CPUID writes it; callee-saved */
	movq %rsp, wrap32_rsp
	pushq $GUEST_CS32
	movl $WRAP32_CPUID, %eax	/* zero-extended: EIP, not -2 */
	pushq %rax
	lretq				/* to compatibility mode */
	.globl wrap32_back
wrap32_back:
	movw $GUEST_DS, %ax
	movw %ax, %ss
	movq wrap32_rsp, %rsp		/* RSP[63:32] after the mode switch */
	popq %rbx
	ret

	.globl wrap64
wrap64:
	pushq %rbx
	movabsq $WRAP64_CPUID, %rax
	call *%rax			/* #GP: the handler returns to 1: */
1:	popq %rbx
	ret

	.data
wrap32_rsp:
	.quad 0

	.section .note.GNU-stack, "", @progbits
