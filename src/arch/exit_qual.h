/*
 * exit_qual.h - decoding the exit qualifications the handlers use, in one
 * place: debug exceptions (SDM vol. 3, table 28-1), task switches (table
 * 28-2), I/O instructions (table 28-5), control-register accesses (table
 * 28-3) and EPT violations (table 28-7). Pure functions of the 64-bit
 * value, so host unit tests check them against the tables.
 */
#ifndef EXIT_QUAL_H
#define EXIT_QUAL_H

#include <stdint.h>

/*
 * Debug exception (table 28-1): what DR6 would have said, had the #DB
 * been delivered instead of exiting (the CPU leaves DR6 alone, SDM vol.
 * 3, 28.1). Same layout as the pending-debug-exceptions field, where
 * DR6's active-low bits (RTM) are active high.
 */
#define DB_QUAL_B0_B3		0xfull		/* breakpoint conditions met */
#define DB_QUAL_BD		(1ull << 13)	/* debug-register access */
#define DB_QUAL_BS		(1ull << 14)	/* single step */
#define DB_QUAL_RTM		(1ull << 16)	/* in an RTM region */

/* Task switch (table 28-2) */
enum task_switch_source {
	TASK_SWITCH_CALL = 0,
	TASK_SWITCH_IRET = 1,
	TASK_SWITCH_JMP = 2,
	TASK_SWITCH_GATE = 3,		/* a task gate in the IDT */
};

struct task_switch_qual {
	uint16_t selector;			/* bits 15:0: the new TSS */
	enum task_switch_source source;		/* bits 31:30 */
};

static inline struct task_switch_qual task_switch_qual_decode(uint64_t q)
{
	return (struct task_switch_qual){
		.selector = (uint16_t)q,
		.source = (enum task_switch_source)((q >> 30) & 3),
	};
}

/* I/O instruction (table 28-5) */
#define IO_QUAL_IN		(1ull << 3)	/* 1 = IN, 0 = OUT */
#define IO_QUAL_STRING		(1ull << 4)
#define IO_QUAL_REP		(1ull << 5)
#define IO_QUAL_IMM		(1ull << 6)	/* port in the instruction */

struct io_qual {
	unsigned int size;	/* 1, 2 or 4 bytes */
	int in, string, rep, imm;
	uint16_t port;
};

static inline struct io_qual io_qual_decode(uint64_t q)
{
	return (struct io_qual){
		.size = (unsigned int)(q & 7) + 1,	/* bits 2:0 = size - 1 */
		.in = !!(q & IO_QUAL_IN),
		.string = !!(q & IO_QUAL_STRING),
		.rep = !!(q & IO_QUAL_REP),
		.imm = !!(q & IO_QUAL_IMM),
		.port = (uint16_t)(q >> 16),		/* bits 31:16 */
	};
}

/*
 * VM-exit instruction information for INS and OUTS (SDM vol. 3, 28.2.5,
 * table 28-8), saved only where IA32_VMX_BASIC[54] says so: the address
 * size (0: 16, 1: 32, 2: 64 bits) and, for OUTS, the segment register
 * (x86_seg numbering: 0 ES .. 5 GS; INS always writes through ES).
 */
#define INSN_INFO_ADDR_SIZE(i)	(((i) >> 7) & 7)
#define INSN_INFO_SEG(i)	(((i) >> 15) & 7)

/*
 * The same field for the instructions with a memory operand the exit
 * describes: VMCLEAR, VMPTRLD, VMPTRST, VMXON (table 28-13), INVEPT,
 * INVVPID, INVPCID (28-12), VMREAD and VMWRITE (28-14), and the
 * descriptor-table instructions: the operand is segment:[base + index *
 * scale + displacement], the displacement in the exit qualification
 * (28.2.1). VMREAD and VMWRITE may name a register instead (bit 10,
 * Reg1 in bits 6:3); Reg2 (bits 31:28) is their other operand, and the
 * INVEPT/INVVPID/INVPCID type register.
 */
#define INSN_INFO_SCALE(i)		((i) & 3)	/* x1, x2, x4, x8 */
#define INSN_INFO_REG1(i)		(((i) >> 3) & 0xf)
#define INSN_INFO_IS_REG		(1u << 10)
#define INSN_INFO_INDEX(i)		(((i) >> 18) & 0xf)
#define INSN_INFO_INDEX_INVALID		(1u << 22)
#define INSN_INFO_BASE(i)		(((i) >> 23) & 0xf)
#define INSN_INFO_BASE_INVALID		(1u << 27)
#define INSN_INFO_REG2(i)		(((i) >> 28) & 0xf)

/* Control-register access (table 28-3) */
enum cr_access_type {
	CR_ACCESS_MOV_TO = 0,
	CR_ACCESS_MOV_FROM = 1,
	CR_ACCESS_CLTS = 2,
	CR_ACCESS_LMSW = 3,
};

struct cr_qual {
	unsigned int cr;		/* bits 3:0 */
	enum cr_access_type type;	/* bits 5:4 */
	int lmsw_memory;		/* bit 6: LMSW operand in memory */
	unsigned int reg;		/* bits 11:8, x86 register number */
	uint16_t lmsw_data;		/* bits 31:16 */
};

static inline struct cr_qual cr_qual_decode(uint64_t q)
{
	return (struct cr_qual){
		.cr = (unsigned int)(q & 0xf),
		.type = (enum cr_access_type)((q >> 4) & 3),
		.lmsw_memory = !!(q & (1ull << 6)),
		.reg = (unsigned int)((q >> 8) & 0xf),
		.lmsw_data = (uint16_t)(q >> 16),
	};
}

/* EPT violation (table 28-7) */
#define EPT_VIOL_READ		(1ull << 0)
#define EPT_VIOL_WRITE		(1ull << 1)
#define EPT_VIOL_FETCH		(1ull << 2)
#define EPT_VIOL_READABLE	(1ull << 3)	/* what the entry allowed */
#define EPT_VIOL_WRITABLE	(1ull << 4)
#define EPT_VIOL_EXECUTABLE	(1ull << 5)
#define EPT_VIOL_GLA_VALID	(1ull << 7)
#define EPT_VIOL_GLA_FINAL	(1ull << 8)	/* the access, not a table walk */

/* "read", "write" or "fetch": the access that caused the violation. A
 * write that is also a read (a read-modify-write) reports as a write. */
static inline const char *ept_access_name(uint64_t q)
{
	if (q & EPT_VIOL_WRITE)
		return "write";
	if (q & EPT_VIOL_FETCH)
		return "fetch";
	return "read";
}

#endif
