/*
 * x86.h - the x86 architecture's register bits, exception vectors, paging
 * and segment formats, each defined once and named as the SDM names them
 * (the section beside each list), and the few privileged instructions the
 * host uses, as inline functions. No FPU/SSE: the host never touches that
 * state. The guest payloads include this file too (it is hardware, not
 * the hypervisor); the definitions before the C part are plain
 * preprocessor constants, so assembly can include it.
 */
#ifndef X86_H
#define X86_H

#include "bits.h"

/* CR0 (SDM vol. 3, 2.5). */
#define CR0_PE		X86_BIT(0)
#define CR0_MP		X86_BIT(1)
#define CR0_EM		X86_BIT(2)
#define CR0_TS		X86_BIT(3)
#define CR0_ET		X86_BIT(4)
#define CR0_NE		X86_BIT(5)
#define CR0_WP		X86_BIT(16)
#define CR0_AM		X86_BIT(18)
#define CR0_NW		X86_BIT(29)
#define CR0_CD		X86_BIT(30)
#define CR0_PG		X86_BIT(31)
#define CR0_RESERVED	0xffffffff1ffaffc0	/* 63:32, 28:19, 17, 15:6 */

/* CR4 (SDM vol. 3, 2.5). */
#define CR4_VME		X86_BIT(0)
#define CR4_PVI		X86_BIT(1)
#define CR4_TSD		X86_BIT(2)
#define CR4_DE		X86_BIT(3)
#define CR4_PSE		X86_BIT(4)
#define CR4_PAE		X86_BIT(5)
#define CR4_MCE		X86_BIT(6)
#define CR4_PGE		X86_BIT(7)
#define CR4_PCE		X86_BIT(8)
#define CR4_OSFXSR	X86_BIT(9)
#define CR4_OSXMMEXCPT	X86_BIT(10)
#define CR4_UMIP	X86_BIT(11)
#define CR4_LA57	X86_BIT(12)
#define CR4_VMXE	X86_BIT(13)
#define CR4_SMXE	X86_BIT(14)
#define CR4_FSGSBASE	X86_BIT(16)
#define CR4_PCIDE	X86_BIT(17)
#define CR4_OSXSAVE	X86_BIT(18)
#define CR4_KL		X86_BIT(19)
#define CR4_SMEP	X86_BIT(20)
#define CR4_SMAP	X86_BIT(21)
#define CR4_PKE		X86_BIT(22)
#define CR4_CET		X86_BIT(23)
#define CR4_PKS		X86_BIT(24)
#define CR4_LASS	X86_BIT(27)	/* linear-address space separation */
#define CR4_LAM_SUP	X86_BIT(28)	/* linear-address masking, CPL<3 */

/* RFLAGS (SDM vol. 1, 3.4.3; vol. 3, 2.3). */
#define RFLAGS_CF	X86_BIT(0)
#define RFLAGS_FIXED	X86_BIT(1)	/* bit 1 always reads 1 */
#define RFLAGS_PF	X86_BIT(2)
#define RFLAGS_AF	X86_BIT(4)
#define RFLAGS_ZF	X86_BIT(6)
#define RFLAGS_SF	X86_BIT(7)
#define RFLAGS_TF	X86_BIT(8)
#define RFLAGS_IF	X86_BIT(9)
#define RFLAGS_DF	X86_BIT(10)
#define RFLAGS_OF	X86_BIT(11)
#define RFLAGS_IOPL_SHIFT 12		/* bits 13:12 */
#define RFLAGS_IOPL	(3 << RFLAGS_IOPL_SHIFT)
#define RFLAGS_NT	X86_BIT(14)
#define RFLAGS_RF	X86_BIT(16)
#define RFLAGS_VM	X86_BIT(17)
#define RFLAGS_AC	X86_BIT(18)
#define RFLAGS_VIF	X86_BIT(19)
#define RFLAGS_VIP	X86_BIT(20)
#define RFLAGS_ID	X86_BIT(21)
#define RFLAGS_RESERVED	0xffffffffffc08028	/* 63:22, 15, 5, 3 */

/* DR6 and DR7 (SDM vol. 3, 18.2.3, 18.2.4). */
#define DR6_B0_B3	0xf		/* breakpoint conditions met */
#define DR6_BD		X86_BIT(13)	/* debug-register access detected */
#define DR6_BS		X86_BIT(14)	/* single step */
#define DR6_RTM		X86_BIT(16)	/* 0: #DB in an RTM region */
#define DR6_FIXED1	0xfffe0ff0	/* reserved, read as 1: 31:17, 11:4 */
#define DR7_L0		X86_BIT(0)	/* local enable of breakpoint 0 */
#define DR7_GD		X86_BIT(13)	/* general detect */
#define DR7_RW_SHIFT(n)	(16 + 4 * (n))	/* R/W of breakpoint n: 2 bits */
#define DR7_LEN_SHIFT(n) (18 + 4 * (n))	/* LEN of breakpoint n: 2 bits */
#define DR7_RW_EXEC	0		/* instruction fetch */
#define DR7_RW_WRITE	1		/* data writes */
#define DR7_LEN_1	0
#define DR7_LEN_8	2
#define DR7_LEN_4	3
#define DR7_RESET	0x400		/* bit 10 reads 1 */

/* Exception vectors (SDM vol. 3, table 6-1). */
#define VEC_DE		0
#define VEC_DB		1
#define VEC_NMI		2
#define VEC_BP		3
#define VEC_OF		4
#define VEC_BR		5
#define VEC_UD		6
#define VEC_NM		7
#define VEC_DF		8
#define VEC_TS		10
#define VEC_NP		11
#define VEC_SS		12
#define VEC_GP		13
#define VEC_PF		14
#define VEC_MF		16
#define VEC_AC		17
#define VEC_MC		18
#define VEC_XM		19
#define VEC_VE		20
#define VEC_CP		21
#define VEC_HV		28	/* hypervisor injection exception */
#define VEC_VC		29	/* VMM communication exception */
#define VEC_SX		30	/* security exception */
#define VEC_NR_EXCEPTIONS 32		/* vectors 0-31 are the CPU's */
#define VEC_NR		256		/* vectors 0-255, the IDT's gates */
/* The exceptions that push an error code (table 6-1); usable in C and
 * in an assembler .if. */
#define VEC_HAS_ERROR_CODE(v)						\
	((v) == VEC_DF || ((v) >= VEC_TS && (v) <= VEC_PF) ||		\
	 (v) == VEC_AC || (v) == VEC_CP || (v) == VEC_VC || (v) == VEC_SX)

/* DR6's first breakpoint condition, and its reset value (the bits that
 * read as 1, and RTM, SDM vol. 3, 18.2.3); the other bits are above. */
#define DR6_B0		X86_BIT(0)
#define DR6_FIXED	(DR6_FIXED1 | DR6_RTM)

/* An instruction is at most 15 bytes (SDM vol. 2A, 2.3.11; longer: #GP,
 * vol. 3, 6.15). */
#define INSN_MAX_LEN	15

/* #PF error code (SDM vol. 3, 4.7). */
#define PF_ERR_P	X86_BIT(0)	/* a protection violation, not a
					 * non-present entry */
#define PF_ERR_W	X86_BIT(1)
#define PF_ERR_U	X86_BIT(2)
#define PF_ERR_RSVD	X86_BIT(3)
#define PF_ERR_I	X86_BIT(4)	/* an instruction fetch */
#define PF_ERR_PK	X86_BIT(5)

/* Paging-structure entries (SDM vol. 3, 4.5, tables 4-14 to 4-20). */
#define PTE_P		X86_BIT(0)
#define PTE_W		X86_BIT(1)	/* R/W */
#define PTE_U		X86_BIT(2)	/* U/S */
#define PTE_PWT		X86_BIT(3)
#define PTE_PCD		X86_BIT(4)
#define PTE_A		X86_BIT(5)
#define PTE_D		X86_BIT(6)
#define PTE_PS		X86_BIT(7)	/* PDE/PDPTE: maps a large page */
#define PTE_G		X86_BIT(8)
#define PTE_NX		X86_BIT(63)	/* XD, with IA32_EFER.NXE */
#define PTE_ADDR	0x000ffffffffff000	/* bits 51:12 */
#define PT_ENTRIES	512		/* entries in a paging structure */
#define PT_INDEX_BITS	9		/* log2(PT_ENTRIES) */
#define PT_SHIFT_PML4	39		/* 4-level: the linear-address bit */
#define PT_SHIFT_PT	12		/* where each level's index starts */
/* The linear-address width: 4-level paging, 5-level (SDM vol. 3, 4.1). */
#define LINEAR_BITS_4LEVEL	48
#define LINEAR_BITS_5LEVEL	57
#define PDPT_INDEX(va)	(((va) >> 30) & 511)	/* 4-level: bits 38:30 */
#define PD_INDEX(va)	(((va) >> 21) & 511)	/* bits 29:21 */
/* PAE paging's PDPTEs (SDM vol. 3, 4.4.1, table 4-8): present, and the
 * reserved bits below the address (bits MAXPHYADDR-1:12 hold it). */
#define PDPTE_P		X86_BIT(0)
#define PDPTE_RSVD	0x1e6		/* 8:5, 2:1 */
#define PAE_CR3_PDPT	0xffffffe0	/* PAE CR3[31:5]: the PDPT, 32-byte
					 * aligned (table 4-7) */
/* Without CPUID.80000008H, MAXPHYADDR is 36 (SDM vol. 3, 4.1.4). */
#define MAXPHYADDR_DEFAULT	36
#define PAGE_SIZE_4K	0x1000
#define PAGE_OFFSET_4K	0xfff		/* bits 11:0 */
#define PAGE_SIZE_2M	0x200000
#define PAGE_SIZE_1G	0x40000000
/* Reserved bits of a present entry (#PF with PF_ERR_RSVD, SDM vol. 3,
 * 4.3-4.5): a 2 MiB or 4 MiB PDE's bits 20:13 (tables 4-9, 4-17; the
 * 4 MiB page of 32-bit paging uses them for address bits 39:32, table
 * 4-4, and reserves bit 21), a 1 GiB PDPTE's bits 29:13 (table 4-16),
 * PAE paging's bits 62:52 (tables 4-9 to 4-11), where 4-level paging
 * ignores them. Bit 12 of a large-page entry is its PAT bit. */
#define PDE_2M_RSVD	0x1fe000	/* 20:13 */
#define PDPTE_1G_RSVD	0x3fffe000	/* 29:13 */
#define PTE_PAE_RSVD	0x7ff0000000000000	/* 62:52 */
/* 32-bit paging (SDM vol. 3, 4.3, tables 4-4 to 4-6): 4-byte entries,
 * 10 index bits a level, addresses in bits 31:12 (31:22 for a 4 MiB
 * page, with PSE-36's bits 39:32 in 20:13). */
#define PTE32_ADDR	0xfffff000
#define PDE32_4M_ADDR	0xffc00000
#define PDE32_4M_HIGH	0x1fe000	/* 20:13: address bits 39:32 */
#define PDE32_4M_HIGH_SHIFT 19
#define PDE32_4M_RSVD	X86_BIT(21)
#define PT32_ENTRIES	1024
/* The linear address bits each level translates (SDM vol. 3, 4.3-4.5). */
#define PT_SHIFT_4K	12
#define PT_SHIFT_2M	21
#define PT_SHIFT_1G	30
#define PT_SHIFT_PML5	48
#define PT_SHIFT_PDE32	22		/* 32-bit paging's directory */
/* PAE paging's four PDPTEs, by linear bits 31:30 (SDM vol. 3, 4.4.1). */
#define PAE_PDPTES	4

/*
 * Segment attributes in the layout VMX uses for access rights (SDM vol.
 * 3, table 25-2), which is the segment descriptor's bits 55:40 with the
 * limit's 51:48 left out (vol. 3, 3.4.5): a descriptor's attributes are
 * (AR & 0xf0ff) << SEG_DESC_AR_SHIFT. Type values: vol. 3, 3.4.5.1, 3.5.
 */
#define SEG_DESC_AR_SHIFT	40
#define AR_TYPE(ar)		((ar) & 0xf)
#define AR_TYPE_MASK		0xfu
#define AR_TYPE_ACCESSED	0x1u	/* code/data: accessed */
#define AR_TYPE_DATA_RW		0x2u	/* data, read/write */
#define AR_TYPE_DATA_RW_ACC	0x3u	/* data, read/write, accessed */
#define AR_TYPE_CODE		0x8u	/* code, not data */
#define AR_TYPE_CODE_RX		0xau	/* code, execute/read */
#define AR_TYPE_CODE_RX_ACC	0xbu	/* code, execute/read, accessed */
#define AR_TYPE_LDT		0x2u	/* system */
#define AR_TYPE_TSS16_BUSY	0x3u	/* system */
#define AR_TYPE_TSS64_AVAIL	0x9u	/* system (also 32-bit available) */
#define AR_TYPE_TSS64_BUSY	0xbu	/* system (also 32-bit busy) */
#define AR_TYPE_INTR_GATE64	0xeu	/* system: 64-bit interrupt gate */
#define AR_S			X86_BIT(4)	/* code/data, not system */
#define AR_DPL(ar)		(((ar) >> AR_DPL_SHIFT) & 3)
#define AR_DPL_SHIFT		5
#define AR_P			X86_BIT(7)
#define AR_AVL			X86_BIT(12)
#define AR_L			X86_BIT(13)	/* CS: 64-bit code */
#define AR_DB			X86_BIT(14)	/* default size 32 */
#define AR_G			X86_BIT(15)	/* limit in 4 KiB units */
/* A data segment's type bits (SDM vol. 3, 3.4.5.1, table 3-1): writable
 * and expand-down; a code segment's: readable. */
#define AR_TYPE_DATA_W		0x2u
#define AR_TYPE_DATA_E		0x4u
#define AR_TYPE_CODE_R		0x2u
/* A descriptor's largest limit, 0xfffff: bits 15:0 and 51:48. */
#define SEG_DESC_LIMIT_MAX	(0xffffull | (0xfull << 48))
/* Flat 4 GiB descriptors (base 0, limit 0xfffff with G, present, DPL 0),
 * for the host's GDT and the one a 64-bit guest is entered on. */
#define DESC_CODE64		0x00af9a000000ffffull	/* L: 64-bit, exec/read */
#define DESC_CODE32		0x00cf9a000000ffffull	/* D/B: 32-bit, exec/read */
#define DESC_DATA		0x00cf92000000ffffull	/* read/write */

#ifndef __ASSEMBLY__

#include <stdint.h>

/*
 * The segment registers, numbered as instruction encodings (SDM vol. 2A,
 * 3.1.1.3, Sreg) and the VM-exit instruction information (vol. 3, table
 * 28-8) number them.
 */
enum x86_seg {
	X86_SEG_ES, X86_SEG_CS, X86_SEG_SS, X86_SEG_DS, X86_SEG_FS, X86_SEG_GS
};

/* The operand of LGDT, LIDT, SGDT and SIDT in 64-bit mode (SDM vol. 3,
 * 3.5.1, figure 3-11): a pseudo-descriptor, limit then base. */
struct desc_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

/* The 64-bit TSS (SDM vol. 3, 8.7, figure 8-11). */
struct tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));
_Static_assert(sizeof(struct tss64) == 104, "64-bit TSS is 104 bytes");

/* A 64-bit IDT gate (SDM vol. 3, 6.14.1, figure 6-8). */
struct idt_gate64 {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
} __attribute__((packed));
_Static_assert(sizeof(struct idt_gate64) == 16, "64-bit gate is 16 bytes");

/* The mnemonic of exception @vector (SDM vol. 3, table 6-1). */
static inline const char *x86_exception_name(unsigned int vector)
{
	static const char *const names[VEC_NR_EXCEPTIONS] = {
		"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM",
		"#DF", "CSO", "#TS", "#NP", "#SS", "#GP", "#PF", "#15",
		"#MF", "#AC", "#MC", "#XM", "#VE", "#CP", "#22", "#23",
		"#24", "#25", "#26", "#27", "#HV", "#VC", "#SX", "#31",
	};

	return vector < VEC_NR_EXCEPTIONS ? names[vector] : "interrupt";
}

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

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

static inline struct cpuid_regs cpuid(uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs r;

	__asm__ volatile("cpuid"
			 : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
			 : "a"(leaf), "c"(subleaf));
	return r;
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t val)
{
	__asm__ volatile("wrmsr"
			 : : "c"(msr), "a"((uint32_t)val),
			   "d"((uint32_t)(val >> 32)) : "memory");
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint16_t inw(uint16_t port)
{
	uint16_t v;

	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

#define DEFINE_READ_CR(n)						\
static inline uint64_t read_cr##n(void)					\
{									\
	uint64_t v;							\
	__asm__ volatile("mov %%cr" #n ", %0" : "=r"(v));		\
	return v;							\
}									\
static inline void write_cr##n(uint64_t v)				\
{									\
	__asm__ volatile("mov %0, %%cr" #n : : "r"(v) : "memory");	\
}
DEFINE_READ_CR(0)
DEFINE_READ_CR(2)
DEFINE_READ_CR(3)
DEFINE_READ_CR(4)
#undef DEFINE_READ_CR

static inline void invlpg(const void *va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

/* The debug registers (SDM vol. 3, 18.2): DR0-DR3, DR6, DR7. */
#define DEFINE_READ_DR(n)						\
static inline uint64_t read_dr##n(void)					\
{									\
	uint64_t v;							\
	__asm__ volatile("mov %%dr" #n ", %0" : "=r"(v));		\
	return v;							\
}									\
static inline void write_dr##n(uint64_t v)				\
{									\
	__asm__ volatile("mov %0, %%dr" #n : : "r"(v) : "memory");	\
}
DEFINE_READ_DR(0)
DEFINE_READ_DR(1)
DEFINE_READ_DR(6)
DEFINE_READ_DR(7)
#undef DEFINE_READ_DR

static inline uint64_t read_rflags(void)
{
	uint64_t v;

	__asm__ volatile("pushfq; popq %0" : "=r"(v));
	return v;
}

__attribute__((noreturn)) static inline void halt_forever(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

#endif /* __ASSEMBLY__ */

#endif
