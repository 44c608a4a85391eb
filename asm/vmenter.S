/*
 * vmenter.S - the one VM entry and VM exit of the hypervisor.
 *
 * int __vmx_vcpu_run(struct vcpu_regs *regs, int launched)
 *
 * Saves the host's callee-saved registers, loads the guest's general
 * registers from @regs and enters the guest with VMLAUNCH (first entry on
 * this VMCS) or VMRESUME. The CPU loads guest RSP, RIP, RFLAGS, control and
 * segment registers from the VMCS; everything else is ours to switch (SDM
 * vol. 3, 26.3.2 and 28.5). Guest CR2 is not in the VMCS either; the host
 * never takes a page fault, so the guest's CR2 survives in the register.
 *
 * On a VM exit the CPU loads RIP = HOST_RIP = vmx_vmexit and RSP =
 * HOST_RSP, which points at the saved @regs pointer; the guest registers
 * are stored back and 0 is returned. A failed VMLAUNCH/VMRESUME falls
 * through instead and returns VMENTER_FAIL_VALID (ZF, with an error number
 * in the VMCS) or VMENTER_FAIL_INVALID (CF) (SDM vol. 3, 31.2).
 *
 * HOST_RSP is written only when this frame's RSP differs from the value
 * last written (kept in regs->host_rsp): in practice once.
 */
#include "asm_offsets.h"

	.text
	.globl __vmx_vcpu_run
	.type __vmx_vcpu_run, @function
__vmx_vcpu_run:
	pushq %rbp
	pushq %r15
	pushq %r14
	pushq %r13
	pushq %r12
	pushq %rbx
	pushq %rdi			/* @regs: (%rsp) at the VM exit */

	cmpq %rsp, REGS_HOST_RSP(%rdi)
	jne .Lwrite_host_rsp
.Lenter:
	testl %esi, %esi		/* ZF = !launched; MOVs keep flags */
	movq REGS_RAX(%rdi), %rax
	movq REGS_RCX(%rdi), %rcx
	movq REGS_RDX(%rdi), %rdx
	movq REGS_RBX(%rdi), %rbx
	movq REGS_RBP(%rdi), %rbp
	movq REGS_RSI(%rdi), %rsi
	movq REGS_R8(%rdi), %r8
	movq REGS_R9(%rdi), %r9
	movq REGS_R10(%rdi), %r10
	movq REGS_R11(%rdi), %r11
	movq REGS_R12(%rdi), %r12
	movq REGS_R13(%rdi), %r13
	movq REGS_R14(%rdi), %r14
	movq REGS_R15(%rdi), %r15
	movq REGS_RDI(%rdi), %rdi
	jnz .Lresume
	vmlaunch
	jmp .Lfailed
.Lresume:
	vmresume
.Lfailed:
	/* Only reached when the entry failed: RFLAGS holds the verdict. */
	movl $VMENTER_RET_FAIL_INVALID, %eax
	jc 1f
	movl $VMENTER_RET_FAIL_VALID, %eax
1:	popq %rdi
	jmp .Lreturn

	.globl vmx_vmexit
	.type vmx_vmexit, @function
vmx_vmexit:
	pushq %rdi			/* guest RDI */
	movq 8(%rsp), %rdi		/* @regs */
	movq %rax, REGS_RAX(%rdi)
	movq %rcx, REGS_RCX(%rdi)
	movq %rdx, REGS_RDX(%rdi)
	movq %rbx, REGS_RBX(%rdi)
	movq %rbp, REGS_RBP(%rdi)
	movq %rsi, REGS_RSI(%rdi)
	movq %r8, REGS_R8(%rdi)
	movq %r9, REGS_R9(%rdi)
	movq %r10, REGS_R10(%rdi)
	movq %r11, REGS_R11(%rdi)
	movq %r12, REGS_R12(%rdi)
	movq %r13, REGS_R13(%rdi)
	movq %r14, REGS_R14(%rdi)
	movq %r15, REGS_R15(%rdi)
	popq REGS_RDI(%rdi)
	xorl %eax, %eax			/* VMENTER_EXIT */
	popq %rdi
.Lreturn:
	popq %rbx
	popq %r12
	popq %r13
	popq %r14
	popq %r15
	popq %rbp
	ret

.Lwrite_host_rsp:
	movq %rsp, REGS_HOST_RSP(%rdi)
	movl $VMCS_FIELD_HOST_RSP, %eax
	vmwrite %rsp, %rax
	jmp .Lenter
	.size __vmx_vcpu_run, . - __vmx_vcpu_run
