/*
 * vmx_insn.h - what L1's VMX instructions do to L1's VMX state, as the
 * SDM's instruction reference gives their "Operation" (vol. 3, chapter
 * 31: VMXON, VMXOFF, VMPTRLD, VMPTRST, VMCLEAR, VMREAD, VMWRITE), for the
 * exit handlers issue 16 adds (no guest reaches this yet). Pure: the
 * caller decodes the operand (insn_info.h), translates and checks its
 * address, and applies the result (an exception, or RFLAGS through
 * vmx_insn_rflags()); L1's memory is reached through two callbacks.
 *
 * L0 keeps L1's current VMCS cached from VMPTRLD until VMCLEAR of it, a
 * VMPTRLD of another or VMXOFF, when it is written back: VMREAD and
 * VMWRITE work on the cache, as a CPU may keep a VMCS in its own storage
 * (25.11.1); L1 may not touch the region meanwhile, as on hardware.
 */
#ifndef NESTED_VMX_INSN_H
#define NESTED_VMX_INSN_H

#include <stdint.h>

#include "caps.h"
#include "vmcs12.h"

#define VMX_INVALID_PTR		(~0ull)	/* no current VMCS (31.2) */

/* L1's memory: 0 when @len bytes at guest-physical @pa moved, -1 when
 * no RAM is there. */
struct vmx_insn_mem {
	void *ctx;
	int (*read)(void *ctx, uint64_t pa, void *buf, unsigned int len);
	int (*write)(void *ctx, uint64_t pa, const void *buf,
		     unsigned int len);
};

/* L1's VMX state as L0 keeps it. */
struct vmx_l1 {
	int on;				/* in VMX operation (root, for L1) */
	uint64_t vmxon_ptr;
	uint64_t current;		/* VMX_INVALID_PTR or a VMCS address */
	struct vmcs12 cache;		/* the current VMCS, while there is one */
};

/* What the checks read of L1's state at the instruction. */
struct vmx_insn_cpu {
	uint64_t cr0, cr4, rflags;
	uint64_t feature_control;	/* IA32_FEATURE_CONTROL as L1 sees it */
	int long_mode;			/* IA32_EFER.LMA */
	int cs_l;			/* CS.L: 64-bit code */
	unsigned int cpl;
	unsigned int phys_bits;		/* L1's MAXPHYADDR */
};

enum vmx_insn_outcome {
	VMX_SUCCEED,
	VMX_FAIL_INVALID,		/* CF = 1 */
	VMX_FAIL_VALID,			/* ZF = 1, error in the current VMCS */
	VMX_RAISE_UD,
	VMX_RAISE_GP,			/* #GP(0) */
	VMX_ENTRY_FAILED,		/* VMLAUNCH/VMRESUME: a failed-entry VM
					 * exit to L1 (26.8), its reason and
					 * qualification in the current VMCS */
};

struct vmx_insn_result {
	enum vmx_insn_outcome outcome;
	unsigned int error;		/* VMX_FAIL_VALID's VMXERR_* */
};

void vmx_l1_reset(struct vmx_l1 *l1);

struct vmx_insn_result vmx_insn_vmxon(struct vmx_l1 *l1,
				      const struct vmx_insn_cpu *cpu,
				      const struct vmx_caps *caps,
				      const struct vmx_insn_mem *mem,
				      uint64_t ptr);
struct vmx_insn_result vmx_insn_vmxoff(struct vmx_l1 *l1,
				       const struct vmx_insn_cpu *cpu,
				       const struct vmx_insn_mem *mem);
struct vmx_insn_result vmx_insn_vmptrld(struct vmx_l1 *l1,
					const struct vmx_insn_cpu *cpu,
					const struct vmx_insn_mem *mem,
					uint64_t ptr);
struct vmx_insn_result vmx_insn_vmclear(struct vmx_l1 *l1,
					const struct vmx_insn_cpu *cpu,
					const struct vmx_insn_mem *mem,
					uint64_t ptr);
/* VMPTRST: *@ptr is what the instruction stores, on VMX_SUCCEED. */
struct vmx_insn_result vmx_insn_vmptrst(struct vmx_l1 *l1,
					const struct vmx_insn_cpu *cpu,
					uint64_t *ptr);
struct vmx_insn_result vmx_insn_vmread(struct vmx_l1 *l1,
				       const struct vmx_insn_cpu *cpu,
				       uint64_t enc, uint64_t *val);
struct vmx_insn_result vmx_insn_vmwrite(struct vmx_l1 *l1,
					const struct vmx_insn_cpu *cpu,
					const struct vmx_caps *caps,
					uint64_t enc, uint64_t val);

struct check_result;

/*
 * VMLAUNCH (@launch) or VMRESUME: the basic checks of SDM vol. 3, 26.1
 * (no current VMCS: VMfailInvalid; events blocked by MOV SS, @mov_ss:
 * VMfail 26; the launch state: VMfail 4 or 5), then the checks of 26.2
 * to 26.4 on the current VMCS by the same rule list L0's own entries
 * use (vmx/checks), against the capabilities L1 was given (@caps),
 * with @res naming the broken rule. VMX_SUCCEED: the entry into L2 may
 * be made. VMX_ENTRY_FAILED: the reason (bit 31 set) and qualification
 * are in the current VMCS, whose launch state is unchanged.
 */
struct vmx_insn_result vmx_insn_vmentry(struct vmx_l1 *l1,
					const struct vmx_insn_cpu *cpu,
					const struct vmx_caps *caps,
					const struct vmx_insn_mem *mem,
					int launch, int mov_ss,
					struct check_result *res);

/* RFLAGS after a result that did not raise (31.2: VMsucceed clears CF,
 * PF, AF, ZF, SF and OF; VMfailInvalid sets CF; VMfailValid sets ZF). */
uint64_t vmx_insn_rflags(uint64_t rflags, struct vmx_insn_result r);

#endif
