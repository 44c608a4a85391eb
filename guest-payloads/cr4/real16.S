/*
 * real16.S - cr4's real-mode hook (entry16.S's contract): try CR4.LA57,
 * which cannot change in IA-32e mode (SDM vol. 2A, MOV CR), here, where
 * it can. A #GP arrives through the real-mode IVT (vector 13 at
 * 0:VEC_GP * 4) without an error code; the handler notes it and returns
 * past the 3-byte MOV to CR4. cr4.c reads the outcome in la57_gp.
 */
#include "guest.h"

#define MOV_TO_CR4_LEN	3		/* 0f 22 e0: mov %eax, %cr4 */

	.section .text16, "ax"
	.code16
	.globl real_mode_main
real_mode_main:
	movw $rm_gp, VEC_GP * 4		/* IVT[13] = 0000:rm_gp */
	movw $0, VEC_GP * 4 + 2
	movl %cr4, %eax
	movl %eax, %ebx
	orl $CR4_LA57, %eax
	movl %eax, %cr4
	movl %ebx, %cr4			/* back, if it took */
	ret

rm_gp:
	pushw %bp
	movw %sp, %bp
	addw $MOV_TO_CR4_LEN, 2(%bp)	/* the saved IP */
	movb $1, la57_gp
	popw %bp
	iret

	.globl la57_gp
la57_gp:
	.byte 0

	.section .note.GNU-stack, "", @progbits
