/*
 * vmenter.S - the one VM entry and VM exit of the hypervisor.
 *
 * enum exit_fastpath __vmx_vcpu_run(struct vcpu *v, int launched,
 *                                   int force_immediate_exit)
 *
 * Saves the host's callee-saved registers, loads the guest's general
 * registers from v->regs and enters the guest with VMLAUNCH (first entry
 * on this VMCS) or VMRESUME. The CPU loads guest RSP, RIP, RFLAGS, control
 * and segment registers from the VMCS; the general registers are ours to
 * switch (SDM vol. 3, 26.3.2 and 28.5). Guest CR2 is not in the VMCS
 * either; the host never takes a page fault, so it survives in CR2.
 *
 * On a VM exit the CPU loads RIP = HOST_RIP = vmx_vmexit and RSP =
 * HOST_RSP, which points at this frame. The stub stores the guest's
 * registers and calls v->exit_fastpath(v, force_immediate_exit)
 * (vmx_exit_fastpath, or with fastpath=off a stub that only counts the
 * exit). When that handled the exit (EXIT_FASTPATH_REENTER_GUEST) the stub
 * reloads the guest registers and resumes at once: the hot exits never
 * unwind this frame. Any other verdict is returned to the run loop. A failed
 * VMLAUNCH/VMRESUME falls through and returns EXIT_FASTPATH_VMFAIL_VALID
 * (ZF: an error number is in the VMCS) or _VMFAIL_INVALID (CF) (SDM vol.
 * 3, 31.2). force_immediate_exit lives in this frame and is cleared after
 * the first re-entry: it applies to the entry the loop asked for.
 *
 * HOST_RSP is written only when this frame's RSP differs from the value
 * last written (v->regs.host_rsp): in practice once.
 */
#include "asm_offsets.h"

/* The frame below the six callee-saved registers; 16-byte aligned at the
 * call to vmx_exit_fastpath. */
#define FRAME_VCPU	0
#define FRAME_FORCE	8
#define FRAME_SIZE	24		/* + 8 of padding */

/*
 * The guest registers a C call may clobber, plus RBX: stored at every
 * exit, loaded at every entry. RDI, the vCPU pointer, goes last.
 */
.macro LOAD_GUEST_SCRATCH
	movq VCPU_RAX_OFF(%rdi), %rax
	movq VCPU_RCX_OFF(%rdi), %rcx
	movq VCPU_RDX_OFF(%rdi), %rdx
	movq VCPU_RBX_OFF(%rdi), %rbx
	movq VCPU_RSI_OFF(%rdi), %rsi
	movq VCPU_R8_OFF(%rdi), %r8
	movq VCPU_R9_OFF(%rdi), %r9
	movq VCPU_R10_OFF(%rdi), %r10
	movq VCPU_R11_OFF(%rdi), %r11
	movq VCPU_RDI_OFF(%rdi), %rdi
.endm

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
	subq $FRAME_SIZE, %rsp
	movq %rdi, FRAME_VCPU(%rsp)
	movl %edx, FRAME_FORCE(%rsp)

	cmpq %rsp, VCPU_HOST_RSP_OFF(%rdi)
	jne .Lwrite_host_rsp
.Lenter:
	movq VCPU_RBP_OFF(%rdi), %rbp
	movq VCPU_R12_OFF(%rdi), %r12
	movq VCPU_R13_OFF(%rdi), %r13
	movq VCPU_R14_OFF(%rdi), %r14
	movq VCPU_R15_OFF(%rdi), %r15
	testl %esi, %esi		/* ZF = !launched; MOVs keep flags */
	LOAD_GUEST_SCRATCH
	jnz .Lresume
	vmlaunch
	jmp .Lfailed
.Lresume:
	vmresume
.Lfailed:
	/* Only reached when the entry failed: RFLAGS holds the verdict. */
	movl $FASTPATH_VMFAIL_INVALID, %eax
	jc .Lreturn
	movl $FASTPATH_VMFAIL_VALID, %eax
	jmp .Lreturn

	.globl vmx_vmexit
	.type vmx_vmexit, @function
vmx_vmexit:
	/*
	 * Store what the C calling convention lets vmx_exit_fastpath()
	 * clobber, and RBX (CPUID's output). RBP and R12-R15 are callee-saved:
	 * they still hold the guest's values when the fastpath returns, so
	 * they are stored only on the way back to the run loop, and a
	 * fastpath handler neither reads nor writes them in v->regs.
	 */
	pushq %rdi			/* guest RDI; the frame is 8 bytes lower */
	movq FRAME_VCPU+8(%rsp), %rdi
	movq %rax, VCPU_RAX_OFF(%rdi)
	movq %rcx, VCPU_RCX_OFF(%rdi)
	movq %rdx, VCPU_RDX_OFF(%rdi)
	movq %rbx, VCPU_RBX_OFF(%rdi)
	movq %rsi, VCPU_RSI_OFF(%rdi)
	movq %r8, VCPU_R8_OFF(%rdi)
	movq %r9, VCPU_R9_OFF(%rdi)
	movq %r10, VCPU_R10_OFF(%rdi)
	movq %r11, VCPU_R11_OFF(%rdi)
	popq VCPU_RDI_OFF(%rdi)

	movl FRAME_FORCE(%rsp), %esi
	call *VCPU_EXIT_FASTPATH_OFF(%rdi)
	movq FRAME_VCPU(%rsp), %rdi
	cmpl $FASTPATH_REENTER, %eax
	jne .Lto_loop
	/* Handled: back into the guest (launched), no longer forced. */
	movl $0, FRAME_FORCE(%rsp)
	LOAD_GUEST_SCRATCH
	jmp .Lresume

.Lto_loop:
	movq %rbp, VCPU_RBP_OFF(%rdi)
	movq %r12, VCPU_R12_OFF(%rdi)
	movq %r13, VCPU_R13_OFF(%rdi)
	movq %r14, VCPU_R14_OFF(%rdi)
	movq %r15, VCPU_R15_OFF(%rdi)
.Lreturn:
	addq $FRAME_SIZE, %rsp
	popq %rbx
	popq %r12
	popq %r13
	popq %r14
	popq %r15
	popq %rbp
	ret

.Lwrite_host_rsp:
	movq %rsp, VCPU_HOST_RSP_OFF(%rdi)
	movl $VMCS_FIELD_HOST_RSP, %eax
	vmwrite %rsp, %rax
	jmp .Lenter
	.size __vmx_vcpu_run, . - __vmx_vcpu_run
