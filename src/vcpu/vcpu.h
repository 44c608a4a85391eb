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
#include "controls.h"
#include "lapic.h"
#include "mem.h"
#include "msr.h"
#include "msr_state.h"
#include "vmm_abi.h"
#include "vmx_defs.h"
#include "vmx_ops.h"
#include "x86.h"

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

/* A page-aligned range of guest RAM and its EPT rights. */
#define RAM_RANGES_MAX	16
struct ram_range {
	uint64_t start, end;
	uint8_t rights;
};

struct vcpu {
	struct vcpu_regs regs;
	int launched;			/* VMLAUNCH done: VMRESUME from now on */
	uint64_t vmcs_phys;
	void *vmcs;
	uint64_t eptp;
	uint64_t *ept_pml4;
	uint64_t guest_mem_size;
	uint8_t *guest_mem;		/* host address of guest-physical 0 */
	/* A byte per 4 KiB page of RAM, nonzero once it is mapped in EPT,
	 * so zeroed or written (guest_ram.c); valid below ram_mapped_limit,
	 * and every page above it is unmapped. */
	uint8_t *ram_mapped;
	uint64_t ram_mapped_limit;	/* in pages */
	/*
	 * The EPT rights of RAM (EPT_R|W|X, vmx_defs.h): @other everywhere
	 * but in the page-aligned ranges, which get theirs (an hvt image's
	 * segments, guest_ram_set_rights); with @n = 0, all RAM is RWX.
	 */
	struct {
		unsigned int n;
		struct ram_range r[RAM_RANGES_MAX];
		uint8_t other;
	} ram_rights;
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
	struct msr_state msrs;		/* MISC_ENABLE, PAT, MTRR, MCG */
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
	int hvt;			/* a Solo5 hvt guest (src/dev/hvt.c) */
	uint64_t hvt_wake;		/* TSC its poll sleeps until */
	int hlt_stuck;			/* halted, and nothing can wake it */
	int timer_soft_disabled;	/* preemption timer parked at max */
	unsigned int zero_entries;	/* entries in a row armed at 0 and
					 * not forced (watchdog.h) */
	unsigned int preempt_shift;	/* IA32_VMX_MISC[4:0] */
	int isa_vector;			/* the 8259's vector injected last,
					 * -1 for none (intr.c) */

	const struct vmx_caps *caps;
	const struct vmm_config *config;
};

static inline uint64_t vcpu_gpr(const struct vcpu *v, unsigned int n)
{
	return v->regs.gpr[n];
}

uint64_t vcpu_reg_read(struct vcpu *v, unsigned int n);
void vcpu_reg_write(struct vcpu *v, unsigned int n, uint64_t val);

/*
 * The single-step trap of an instruction the hypervisor completed (SDM
 * vol. 3, 18.3.1.4): DR6.BS set and B3-B0 cleared as the CPU's own trap
 * sets them (the guest's DR6 is the live register: VMX neither saves nor
 * loads it, and the host never uses it), then #DB injected, which the
 * entry delivers before any interrupt (intr.c sees the event and waits:
 * a trap on the previous instruction comes first, vol. 3, 6.9). The
 * instruction completed, so the STI or MOV SS shadow it stood in is over.
 * With DEBUGCTL.BTF, TF traps only on branches, and none of the
 * instructions emulated here is one (18.4.3). The VMCS writes are
 * uncounted like the fastpath's: they follow the entry rules by
 * construction (#DB may be injected in any state, 26.3.1.5). Returns 1
 * when the trap was queued.
 *
 * Inline, though rare: the hot exits reach it, and a call there would
 * give each of them a stack frame, on the path that is never taken too.
 */
static inline int vcpu_single_step(void)
{
	uint32_t block;

	if (vmcs_read64(VMCS_GUEST_IA32_DEBUGCTL) & DEBUGCTL_BTF)
		return 0;
	write_dr6((read_dr6() & ~(uint64_t)DR6_B0_B3) | DR6_BS);
	block = vmcs_read32(VMCS_GUEST_INTERRUPTIBILITY_INFO);
	if (block & (INTR_BLOCK_STI | INTR_BLOCK_MOV_SS))
		vmcs_write32_fast(VMCS_GUEST_INTERRUPTIBILITY_INFO,
				  block & ~(INTR_BLOCK_STI | INTR_BLOCK_MOV_SS));
	vmcs_write32_fast(VMCS_VM_ENTRY_INTR_INFO_FIELD,
			  INTR_INFO_EVENT(INTR_TYPE_HW_EXC, VEC_DB));
	return 1;
}

/*
 * Leave guest RIP where the CPU would after the instruction of @len bytes
 * at @rip completed, and raise what completing it raises:
 *  - outside 64-bit mode the instruction pointer is as wide as the code
 *    segment's default size and wraps (SDM vol. 1, 3.5 and 3.6: EIP
 *    past 0xffffffff is 0; IP, in 16-bit code, past 0xffff), and VM
 *    entry refuses RIP[63:32] != 0 there (vol. 3, 26.3.1.4). A wrap needs
 *    a carry out of bit 15 (an instruction is at most 15 bytes, vol. 2A,
 *    2.3.11), which one compare of the low 16 bits finds; only then is
 *    the mode read: 64-bit mode is IA-32e with CS.L; elsewhere CS.D sets
 *    the size, in real and virtual-8086 mode too (VM entry keeps that
 *    CS 16-bit, 26.3.1.2);
 *  - with RFLAGS.TF the single-step trap follows the instruction (vol. 3,
 *    18.3.1.4): the VM exit took the place of its completion, so the
 *    trap is ours to raise, as KVM's kvm_skip_emulated_instruction()
 *    does. TF is one VMREAD away and no exit tells when it changes (POPF,
 *    IRET), so it is read here.
 * Returns 1 when the trap was queued. The STI/MOV-SS blocking the
 * instruction ended is cleared only then: otherwise it would cost every
 * exit, and only HLT needs it (intr.c).
 */
static inline int vcpu_advance_rip_field(struct vcpu *v, uint64_t field,
					 uint64_t rip, uint64_t len)
{
	uint64_t next = rip + len;

	if (__builtin_expect((uint16_t)next < (uint16_t)len, 0)) {
		uint32_t ar = vmcs_read32(VMCS_GUEST_CS_AR_BYTES);

		if (!((v->entry_ctls & VM_ENTRY_IA32E_MODE) && (ar & AR_L)))
			next &= (ar & AR_DB) ? 0xffffffffull : 0xffffull;
	}
	__vmwrite_reg(field, next);
	if (__builtin_expect(vmcs_readl(VMCS_GUEST_RFLAGS) & RFLAGS_TF, 0))
		return vcpu_single_step();
	return 0;
}

static inline int vcpu_advance_rip(struct vcpu *v, uint64_t rip, uint64_t len)
{
	return vcpu_advance_rip_field(v, VMCS_GUEST_RIP, rip, len);
}

/*
 * Advance guest RIP past the exiting instruction (SDM vol. 3, 28.2.5:
 * VM_EXIT_INSTRUCTION_LEN is valid for instruction-caused exits). The
 * length is read with the raw VMREAD: a 32-bit field read into a 64-bit
 * register is zero-extended (SDM vol. 3, VMREAD), so no cast is needed.
 */
static inline int vcpu_skip_instruction(struct vcpu *v)
{
	uint64_t field = vmcs_field_reg(VMCS_GUEST_RIP);
	uint64_t rip = __vmread_reg(field);

	return vcpu_advance_rip_field(v, field, rip,
				      __vmread(VMCS_VM_EXIT_INSTRUCTION_LEN));
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

/* Stop the guest with the exit code it chose (HC_EXIT, the debug-exit
 * port): the one bound on guest codes, 0..VMM_EXIT_GUEST_MAX; a larger
 * one ends the machine with VMM_EXIT_GUEST_CODE_RANGE, so a guest can
 * never pose as one of the hypervisor's verdicts. */
void vcpu_guest_exit(struct vcpu *v, uint64_t code);

/* Report a denied access: once per (kind, what, guest RIP), and at most
 * a burst of lines per time window (vcpu.c); the rest is counted. */
void vcpu_deny(struct vcpu *v, const char *kind, uint64_t what,
	       const char *detail);
/* The denial counts, for the exit statistics. */
void vcpu_deny_stats_print(void);

/*
 * Guest memory, as the rooms above this one reach it: every host access
 * to guest RAM goes through guest_ram(), the one bound on guest-supplied
 * addresses. RAM is zeroed and mapped on demand (src/vmx/guest_ram.c
 * implements the slow part), so guest_ram() faults the range in first.
 */
/*
 * The page map is zeroed as far as RAM has been used, not at boot (for a
 * 3 GiB guest it is 768 KiB), so one compare with its limit covers both
 * "inside RAM" and "entry valid". A byte, not a bit, per page: the test
 * on the hot paths (each level of a guest page walk) is one load.
 */
static inline int guest_ram_mapped(const struct vcpu *v, uint64_t pfn)
{
	return pfn < v->ram_mapped_limit && v->ram_mapped[pfn];
}

void *guest_ram_fault_in(struct vcpu *v, uint64_t gpa, size_t len);

/*
 * Give the page-aligned ranges @r[0..n) their EPT rights (EPT_R|W|X,
 * vmx_defs.h) and all other RAM @other: the pages the loader has mapped
 * are given theirs at once, every page mapped later at its fault. Call it
 * before the guest's first entry. At most RAM_RANGES_MAX ranges.
 */
void guest_ram_set_rights(struct vcpu *v, const struct ram_range *r,
			  unsigned int n, uint8_t other);

/*
 * Host pointer for [gpa, gpa + len) of guest RAM, every page of it mapped
 * (and so zeroed or written) first; NULL if any byte of it is outside
 * guest RAM. The inline part is the common case: one page, mapped; its
 * pointer is never NULL (guest RAM lies above the hypervisor's image), and
 * saying so spares the callers' NULL test on the hot paths.
 */
static inline void *guest_ram(struct vcpu *v, uint64_t gpa, size_t len)
{
	if (__builtin_expect(len <= PAGE_SIZE &&
			     (gpa & (PAGE_SIZE - 1)) + len <= PAGE_SIZE &&
			     guest_ram_mapped(v, gpa >> PAGE_SHIFT), 1)) {
		uint8_t *p = v->guest_mem + gpa;

		if (!p)
			__builtin_unreachable();
		return p;
	}
	return guest_ram_fault_in(v, gpa, len);
}

/*
 * The loader's write of an image or boot block: @len bytes from @src to
 * guest-physical @gpa, mapping each page as 4 KiB and zeroing only what
 * the write leaves of it. Returns 0, or -1 if the range is not all RAM.
 */
int guest_ram_write(struct vcpu *v, uint64_t gpa, const void *src,
		    size_t len);

#endif
