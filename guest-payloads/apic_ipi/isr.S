/*
 * isr.S - apic_ipi's interrupt handlers: one stub per vector 0x30 .. 0x3f,
 * each padded to IPI_STUB_SIZE, counting its vector in ipi_count[] and
 * EOIing (SDM vol. 3, 11.8.5) through the xAPIC page or the x2APIC MSR.
 * They save what they use; IRETQ restores RFLAGS.IF.
 */
#include "guest.h"
#include "apic.h"
#include "apic_ipi.h"

	.text
	.code64
	.balign IPI_STUB_SIZE
	.globl ipi_stubs
ipi_stubs:
	index = 0
	.rept IPI_VECTORS
	.balign IPI_STUB_SIZE
	pushq %rax
	movl $index, %eax
	jmp ipi_common
	index = index + 1
	.endr

ipi_common:
	pushq %rcx
	pushq %rdx
	leaq ipi_count(%rip), %rcx
	incl (%rcx, %rax, 4)
	xorl %eax, %eax
	xorl %edx, %edx
	cmpb $0, ipi_eoi_xapic(%rip)
	jne 1f
	movl $MSR_X2APIC_EOI, %ecx
	wrmsr
	jmp 2f
	/* 0xfee000b0 does not fit a sign-extended disp32. */
1:	movl $(APIC_BASE_ADDR + APIC_EOI), %ecx
	movl %eax, (%rcx)
2:	popq %rdx
	popq %rcx
	popq %rax
	iretq

	.section .note.GNU-stack, "", @progbits
