/*
 * isr.S - the host's interrupt and exception entry stubs.
 *
 * The hypervisor runs with interrupts off; these catch its own faults (and
 * a stray NMI). Each of the 256 stubs pushes a dummy error code where the
 * CPU pushes none (SDM vol. 3, 6.13 "Error code": vectors 8, 10-14, 17,
 * 21, 29 and 30 have one), then its vector, and jumps to isr_common, which
 * saves the general registers as a struct trap_frame (cpu.h) and calls
 * trap_handler(frame). The handler reports and ends the machine; it does
 * not return.
 */
#include "boot_defs.h"
#include "x86.h"

	.text
	.balign 16
	.globl isr_stubs
isr_stubs:
	vector = 0
	.rept 256
	.balign ISR_STUB_SIZE
	.if !VEC_HAS_ERROR_CODE(vector)
	pushq $0			/* no CPU error code: keep the frame */
	.endif
	pushq $vector
	jmp isr_common
	vector = vector + 1
	.endr

isr_common:
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, %rdi
	andq $-16, %rsp			/* SysV ABI: 16-byte aligned call */
	call trap_handler
1:	cli
	hlt
	jmp 1b
