/*
 * real16.S - hello's real-mode hook: entry16.S calls it before leaving
 * real mode (see the contract there). The string lives in .text16 so a
 * 16-bit offset from segment 0 reaches it.
 */
	.section .text16, "ax"
	.code16
	.globl real_mode_main
real_mode_main:
	movw $msg_real_mode, %si
	call rm_puts
	ret

msg_real_mode:
	.asciz "hello from real mode\n"

	.section .note.GNU-stack, "", @progbits
