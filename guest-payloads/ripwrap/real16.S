/*
 * real16.S - ripwrap's real-mode hook (entry16.S calls it before leaving
 * real mode; see the contract there): an exiting instruction, CPUID,
 * as the last instruction of a segment, in real mode and in 32-bit
 * protected mode, where the instruction pointer must wrap to 0 after
 * it (SDM vol. 1, 3.5 and 3.6: IP and EIP are 16 and 32 bits wide
 * there). Each test plants CPUID at the end and, at offset 0, a far
 * jump back here, so execution goes on only if the pointer wrapped.
 * The hypervisor emulates CPUID and sets the next RIP itself.
 */
#include "ripwrap.h"

/* The far-jump opcode, ptr16:16 in 16-bit code, ptr16:32 in 32-bit
 * code (SDM vol. 2A, JMP: EA cd / EA cp). */
#define OP_JMP_FAR		0xea
#define OP_CPUID		0xa20f	/* 0F A2, a little-endian word */

	.section .text16, "ax"
	.code16
	.globl real_mode_main
real_mode_main:
	/* A real-mode #GP (IP past the limit, where it did not wrap)
	 * goes to rm_gp: IVT vector 13 (SDM vol. 3, 20.1.4). */
	movw $rm_gp, (VEC_GP * 4)
	movw $0, (VEC_GP * 4 + 2)

	movw $RM_SEG, %ax
	movw %ax, %es
	movw $OP_CPUID, %es:RM_IP
	movb $OP_JMP_FAR, %es:0
	movw $rm_back, %es:1
	movw $0, %es:3
	xorw %ax, %ax
	movw %ax, %es
	xorl %eax, %eax
	ljmpw $RM_SEG, $RM_IP
rm_back:
	movw $msg_rm, %si
	call rm_puts

	/*
	 * 32-bit protected mode (SDM vol. 3, 10.9.1), interrupts off, no
	 * IDT: a fault there would be a triple fault, the run's end.
	 */
	lgdtl pm_gdt_ptr
	movl %cr0, %eax
	orl $CR0_PE, %eax
	movl %eax, %cr0
	ljmpl $PM_CS_FLAT, $pm_flat

	.code32
pm_flat:
	movw $PM_DS_FLAT, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movw $OP_CPUID, PM_BASE - 2
	movb $OP_JMP_FAR, PM_BASE
	movl $pm_back, PM_BASE + 1
	movw $PM_CS_FLAT, PM_BASE + 5
	xorl %eax, %eax
	ljmpl $PM_CS_BASED, $PM_EIP
pm_back:
	movl $msg_pm, %esi
	call pm_puts

	/* Back to real mode through a 16-bit segment (SDM vol. 3, 10.9.2),
	 * the contract's segments 0 restored. */
	ljmpl $PM_CS16, $pm16
	.code16
pm16:
	movw $PM_DS16, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movl %cr0, %eax
	andl $~CR0_PE, %eax
	movl %eax, %cr0
	ljmpw $0, $rm_again
rm_again:
	xorw %ax, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	ret

rm_gp:
	movw $msg_rm_gp, %si
	call rm_puts
	movl $RIPWRAP_EXIT_RM_GP, %eax
	outl %eax, $VMM_PORT_DEBUG_EXIT
1:	hlt
	jmp 1b

	/* rm_puts for 32-bit code: the string at DS:ESI. */
	.code32
pm_puts:
	lodsb
	testb %al, %al
	jz 2f
	movb %al, %ah
	movw $(VMM_PORT_UART + UART_LSR), %dx
1:	inb %dx, %al
	testb $UART_LSR_THRE, %al
	jz 1b
	movw $(VMM_PORT_UART + UART_THR), %dx
	movb %ah, %al
	outb %al, %dx
	jmp pm_puts
2:	ret

/* Segments: present, DPL 0, in the access-rights layout of arch/x86.h
 * (SDM vol. 3, 3.4.5); base 23:0 in bits 39:16, 31:24 in 63:56. */
#define SEG(base, ar)	(SEG_DESC_LIMIT_MAX | \
			 (((base) & 0xffffff) << 16) | \
			 (((base) >> 24) << 56) | \
			 (((ar) | AR_S | AR_P) << SEG_DESC_AR_SHIFT))
#define SEG16(ar)	(0xffff | (((ar) | AR_S | AR_P) << SEG_DESC_AR_SHIFT))

	.balign 8
pm_gdt:
	.quad 0
	/* PM_CS_BASED, PM_CS_FLAT, PM_DS_FLAT, PM_CS16, PM_DS16 */
	.quad SEG(PM_BASE, AR_TYPE_CODE_RX | AR_DB | AR_G)
	.quad SEG(0, AR_TYPE_CODE_RX | AR_DB | AR_G)
	.quad SEG(0, AR_TYPE_DATA_RW | AR_DB | AR_G)
	.quad SEG16(AR_TYPE_CODE_RX)
	.quad SEG16(AR_TYPE_DATA_RW)
pm_gdt_end:
pm_gdt_ptr:
	.short pm_gdt_end - pm_gdt - 1
	.long pm_gdt

msg_rm:
	.asciz "ripwrap: real mode: IP wrapped from 0xfffe to 0\n"
msg_pm:
	.asciz "ripwrap: 32-bit: EIP wrapped from 0xfffffffe to 0\n"
msg_rm_gp:
	.asciz "ripwrap: real mode: #GP: IP went past 0xffff\n"

	.section .note.GNU-stack, "", @progbits
