/*
 * vcpu.h - the one virtual CPU: its general registers (what the VMCS does
 * not hold), its VMCS and EPT, and the state the exit handlers share.
 *
 * Room src/vcpu: the one vCPU and its local APIC, and the verbs every room
 * above may use on it (vcpu_stop, vcpu_inject_exception,
 * vcpu_reg_read/write, vcpu_deny, guest_ram). It may include the rooms
 * below it: include/, src/arch, src/boot, src/lib.
 */
#ifndef VCPU_H
#define VCPU_H

#include <stddef.h>
#include <stdint.h>

#include "caps.h"
#include "cmdline.h"
#include "lapic.h"
#include "vmm_abi.h"
#include "vmx_ops.h"

/*
 * Guest general registers, indexed by the x86 register number (SDM vol. 2,
 * table 2-2: 0 = RAX, 1 = RCX, 2 = RDX, 3 = RBX, 4 = RSP, 5 = RBP, 6 = RSI,
 * 7 = RDI, 8-15 = R8-R15), so exit qualifications that name a register
 * index this array directly. The RSP slot is unused: the guest's RSP lives
 * in the VMCS (GUEST_RSP); use vcpu_reg_read/write for a decoded number.
 * asm/vmenter.S reaches these through asm_offsets.h; struct vcpu_regs is
 * the first member of struct vcpu, so the stub's vcpu pointer is both.
 */
enum vcpu_reg {
	VCPU_RAX, VCPU_RCX, VCPU_RDX, VCPU_RBX, VCPU_RSP, VCPU_RBP, VCPU_RSI,
	VCPU_RDI, VCPU_R8, VCPU_R9, VCPU_R10, VCPU_R11, VCPU_R12, VCPU_R13,
	VCPU_R14, VCPU_R15, VCPU_NR_REGS
};

struct vcpu_regs {
	uint64_t gpr[VCPU_NR_REGS];
	uint64_t host_rsp;	/* the value last written to HOST_RSP */
};

/* The guest's VPID (0 is the host's, SDM vol. 3, 29.1). */
#define GUEST_VPID			1

struct vcpu {
	struct vcpu_regs regs;
	int launched;			/* VMLAUNCH done: VMRESUME from now on */
	uint64_t vmcs_phys;
	void *vmcs;
	uint64_t eptp;
	uint64_t *ept_pml4;
	uint64_t guest_mem_size;
	uint8_t *guest_mem;		/* host address of guest-physical 0 */
	uint8_t *io_bitmap;		/* 2 pages: ports 0-0x7fff, 0x8000-0xffff */
	uint8_t *msr_bitmap;		/* 1 page: read low/high, write low/high */

	/* Control values as written to the VMCS (after adjustment). */
	uint32_t pin_ctls, proc_ctls, proc2_ctls, exit_ctls, entry_ctls;
	uint64_t cr0_mask, cr4_mask;	/* guest/host masks: host-owned bits */

	/* The current exit, read once per exit. */
	uint32_t exit_reason;
	uint64_t exit_qual;

	/* Ending: set by vcpu_stop(), read by the run loop. */
	int stopped;
	int exit_code;
	/* early_checks= (early_checks.c): on, and the count of VMCS
	 * writes the last check saw, and whether that check passed. */
	int early_checks;
	unsigned long checked_writes;
	int checks_passed;

	/* Called by the exit stub on every exit: vmx_exit_fastpath, or
	 * vmx_exit_count_only with fastpath=off. */
	int (*exit_fastpath)(struct vcpu *v, int force_immediate_exit);

	/* Interrupts (intr.c): the virtual local APIC, and what the entry
	 * path must do about it. */
	struct lapic lapic;
	/* With "use TPR shadow" the model's register page is the VMCS's
	 * virtual-APIC page: the guest's CR8 is its TPR (SDM vol. 3,
	 * 30.1.1). With virtual-interrupt delivery too (apicv), the CPU
	 * delivers and retires the model's IRR/ISR bits itself. */
	void *vapic;			/* NULL without a TPR shadow */
	int apicv;			/* virtual-interrupt delivery on */
	int apicv_x2apic;		/* "virtualize x2APIC mode" available */
	uint32_t tpr_threshold;		/* as last written to the VMCS */
	int entry_work;			/* the next entry has work: an
					 * interrupt to look at, a timer
					 * to arm or to park */
	int intr_window_open;		/* interrupt-window exiting is on */
	int halted;			/* entered in the HLT activity state */
	int hlt_stuck;			/* halted, and nothing can wake it */
	int timer_soft_disabled;	/* preemption timer parked at max */
	unsigned int preempt_shift;	/* IA32_VMX_MISC[4:0] */

	const struct vmx_caps *caps;
	const struct vmm_config *config;
};

static inline uint64_t vcpu_gpr(const struct vcpu *v, unsigned int n)
{
	return v->regs.gpr[n];
}

/*
 * A general register after writing @size bytes of @val to it, as the CPU
 * writes results: 8- and 16-bit writes keep the bits above, a 32-bit
 * write zero-extends to 64 bits (SDM vol. 1, 3.4.1.1).
 */
static inline uint64_t gpr_write_sized(uint64_t old, uint64_t val,
				       unsigned int size)
{
	if (size >= 8)
		return val;
	if (size == 4)
		return (uint32_t)val;
	return (old & ~((1ull << (size * 8)) - 1)) |
	       (val & ((1ull << (size * 8)) - 1));
}

uint64_t vcpu_reg_read(struct vcpu *v, unsigned int n);
void vcpu_reg_write(struct vcpu *v, unsigned int n, uint64_t val);

/* An instruction is at most 15 bytes long (SDM vol. 2A, 2.3.11). */
#define INSN_MAX_LEN			15

/*
 * Setting guest RIP past an instruction: the sum of RIP and the length is
 * what the CPU would leave, except where an instruction outside 64-bit
 * mode ends at 0xffffffff: EIP wraps to 0 there, and the sum, left as it
 * is, would fail the VM entry (SDM vol. 3, 26.3.1.4). Only an instruction
 * that starts in the last INSN_MAX_LEN bytes below a 4 GiB line can end
 * on one: one compare of RIP's low half finds it, and the rest is out of
 * line (vcpu.c).
 */
#define RIP_NEAR_4G(rip)	((uint32_t)(rip) > UINT32_MAX - INSN_MAX_LEN)

__attribute__((cold))
void vcpu_set_rip_near_4g(uint64_t rip, unsigned int len);

/*
 * The same for the exiting instruction, called from the asm in
 * vcpu_skip_instruction(): it saves every register it uses and realigns
 * its stack, so that the fastpath pays only the compare, not a frame to
 * keep the vCPU pointer across a C call.
 */
__attribute__((cold, no_caller_saved_registers, force_align_arg_pointer))
void vcpu_skip_instruction_near_4g(void);

/* Set guest RIP past the @len-byte instruction at @rip. */
static inline void vcpu_set_next_rip(struct vcpu *v, uint64_t rip,
				     unsigned int len)
{
	(void)v;
	if (__builtin_expect(RIP_NEAR_4G(rip), 0))
		vcpu_set_rip_near_4g(rip, len);
	else
		vmcs_writel_fast(VMCS_GUEST_RIP, rip + len);
}

/*
 * Advance guest RIP past the exiting instruction (SDM vol. 3, 28.2.5:
 * VM_EXIT_INSTRUCTION_LEN is valid for instruction-caused exits). The
 * STI/MOV-SS blocking an emulated instruction would end is left as it is:
 * only HLT needs it cleared (intr.c), and reading it would cost every exit.
 * The fastpath's: unchecked reads of fields that always exist (vmx_ops.h).
 */
static inline void vcpu_skip_instruction(struct vcpu *v)
{
	uint64_t rip = vmcs_readl_fast(VMCS_GUEST_RIP);

	(void)v;
	if (__builtin_expect(RIP_NEAR_4G(rip), 0))
		__asm__ volatile("call vcpu_skip_instruction_near_4g"
				 : : : "cc", "memory");
	else
		vmcs_writel_fast(VMCS_GUEST_RIP, rip + vmcs_read32_fast(
					 VMCS_VM_EXIT_INSTRUCTION_LEN));
}

/* The guest's CPL: SS.DPL (SDM vol. 3, 25.4.1: the CPU keeps them equal). */
static inline unsigned int vcpu_cpl(void)
{
	return (vmcs_read32(VMCS_GUEST_SS_AR_BYTES) >> 5) & 3;
}

/* Queue an exception for the next VM entry (SDM vol. 3, 26.6.1.1). */
void vcpu_inject_exception(struct vcpu *v, unsigned int vector,
			   int has_error, uint32_t error_code);

/* Stop the guest: the run loop ends and the machine exits with @code. */
void vcpu_stop(struct vcpu *v, int code);

/* Report a denied access once per (kind, what, guest RIP). */
void vcpu_deny(struct vcpu *v, const char *kind, uint64_t what,
	       const char *detail);

/*
 * The host address of guest-physical [@gpa, @gpa + @len), or NULL when
 * any of it lies outside guest RAM. Every host access to guest memory
 * goes through here: it is the one bound on guest-supplied addresses.
 */
static inline void *guest_ram(struct vcpu *v, uint64_t gpa, size_t len)
{
	if (gpa >= v->guest_mem_size || len > v->guest_mem_size - gpa)
		return NULL;
	return v->guest_mem + gpa;
}

#endif
