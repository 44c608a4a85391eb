/*
 * emul.h - executing a decoded instruction (decode.h) whose memory
 * operand is a device's: the register state in, the memory through
 * callbacks, the register state out (emul.c, string.c). Pure C: the
 * hypervisor binds the callbacks to the device, the guest's page walk
 * and the guest's XMM registers (mmio_full.c); the host test binds them
 * to ordinary memory and compares with the host CPU
 * (tests/unit/test_mmio_emul_ref.c).
 */
#ifndef EMUL_EMUL_H
#define EMUL_EMUL_H

#include <stdint.h>

#include "decode.h"
#include "x86.h"

/* Register numbers as encoded (SDM vol. 2A, table 3-1). */
#define EMUL_RAX	0
#define EMUL_RCX	1
#define EMUL_RSI	6
#define EMUL_RDI	7
#define EMUL_NR_GPRS	16

struct emul_regs {
	uint64_t gpr[EMUL_NR_GPRS];	/* RSP too */
	uint64_t rflags;
};

/* What a callback did: the access is done; an exception is queued for
 * the guest; the guest is stopped (a sandbox violation). */
enum emul_status { EMUL_OK, EMUL_FAULT, EMUL_STOP };

/* What emul_exec() did with the instruction. */
enum emul_result {
	EMUL_DONE,	/* completed: RIP goes past it */
	EMUL_AGAIN,	/* a REP string op stopped early: RIP stays on it */
	EMUL_EVENT,	/* a callback faulted or stopped: RIP stays */
	EMUL_GP,	/* #GP(0) for the guest (a misaligned MOVAPS) */
};

/*
 * REP iterations per exit: bounds the host's work on one exit at 256
 * device accesses whatever RCX holds; the CPU's REP is interruptible in
 * the same way, with RCX/RSI/RDI showing the progress and RIP on the
 * instruction (SDM vol. 2B, REP; vol. 1, 7.3.9.2), and re-entry lets a
 * pending interrupt in before the rest.
 */
#define EMUL_REP_MAX	256

struct emul_ops {
	void *ctx;
	/* The memory operand, @delta bytes past where the CPU's access that
	 * exited began (BT with a register offset, emul_op_delta(); the
	 * high quadword of a 16-byte move, delta 8). @size 1, 2, 4 or 8. */
	enum emul_status (*op_read)(void *ctx, int64_t delta,
				    unsigned int size, uint64_t *val);
	enum emul_status (*op_write)(void *ctx, int64_t delta,
				     unsigned int size, uint64_t val);
	/* A string element at @seg:@off (@off already cut to the address
	 * size); @check: translate the ES:@off destination only, before a
	 * MOVS reads its source, so a fault leaves the source device alone. */
	enum emul_status (*str_read)(void *ctx, enum x86_seg seg, uint64_t off,
				     unsigned int size, uint64_t *val);
	enum emul_status (*str_write)(void *ctx, uint64_t off,
				      unsigned int size, uint64_t val,
				      int check);
	/* XMM register @n, low quadword first. */
	void (*xmm_read)(void *ctx, unsigned int n, uint64_t v[2]);
	void (*xmm_write)(void *ctx, unsigned int n, const uint64_t v[2]);
	uint64_t op_gla;	/* the operand's linear address */
};

/*
 * Execute @in on @r. Memory is touched only through @ops, registers only
 * in @r, and only once the memory accesses they depend on succeeded; a
 * string op keeps the registers of the iterations it completed.
 */
enum emul_result emul_exec(const struct x86_insn *in, struct emul_regs *r,
			   const struct emul_ops *ops);

/*
 * Where the memory access of BT/BTS/BTR/BTC with a register bit offset
 * lies from the operand's address: the offset, signed at the operand
 * size, selects the operand-sized word at
 * EA + size * floor(offset / (8 * size)) (SDM vol. 2A, BT: "Effective
 * Address + (4 * (BitOffset DIV 32))"). 0 for every other instruction.
 */
int64_t emul_op_delta(const struct x86_insn *in, const struct emul_regs *r);

/* The string operations (string.c). */
enum emul_result emul_string(const struct x86_insn *in, struct emul_regs *r,
			     const struct emul_ops *ops);

#endif
