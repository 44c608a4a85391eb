/*
 * cr4.c - a guest that turns on CR4 features, one bit at a time. A CPU
 * without a feature raises #GP for its CR4 bit, a reserved bit there
 * (SDM vol. 2A, MOV CR; vol. 3, 2.5); a hypervisor that hides a feature
 * in CPUID must do the same, and let the features it shows through. Each
 * bit is tried in 64-bit mode with a MOV to CR4 (and put back if it
 * took), except LA57, which cannot change in IA-32e mode and is tried in
 * real mode (real16.S). Exit code: the number of bits that did not do
 * what the guest's CPUID says (0: all did).
 */
#include "guest.h"

struct cr4_bit {
	const char *name;
	uint64_t bit;
	uint32_t leaf;
	struct cpuid_regs feature;	/* any of these bits shows it */
};

/* The CR4 bits and the CPUID features that enumerate them (SDM vol. 3,
 * 2.5). Bits already on (PAE, OSFXSR, ...) are not tried. */
static const struct cr4_bit bits[] = {
	{ "VME", CR4_VME, 1, { 0, 0, 0, CPUID_1_EDX_VME } },
	{ "PVI", CR4_PVI, 1, { 0, 0, 0, CPUID_1_EDX_VME } },
	{ "TSD", CR4_TSD, 1, { 0, 0, 0, CPUID_1_EDX_TSC } },
	{ "DE", CR4_DE, 1, { 0, 0, 0, CPUID_1_EDX_DE } },
	{ "MCE", CR4_MCE, 1, { 0, 0, 0, CPUID_1_EDX_MCE } },
	{ "PGE", CR4_PGE, 1, { 0, 0, 0, CPUID_1_EDX_PGE } },
	{ "VMXE", CR4_VMXE, 1, { 0, 0, CPUID_1_ECX_VMX, 0 } },
	{ "SMXE", CR4_SMXE, 1, { 0, 0, CPUID_1_ECX_SMX, 0 } },
	{ "PCIDE", CR4_PCIDE, 1, { 0, 0, CPUID_1_ECX_PCID, 0 } },
	{ "OSXSAVE", CR4_OSXSAVE, 1, { 0, 0, CPUID_1_ECX_XSAVE, 0 } },
	{ "FSGSBASE", CR4_FSGSBASE, 7, { 0, CPUID_7_EBX_FSGSBASE, 0, 0 } },
	{ "SMEP", CR4_SMEP, 7, { 0, CPUID_7_EBX_SMEP, 0, 0 } },
	{ "SMAP", CR4_SMAP, 7, { 0, CPUID_7_EBX_SMAP, 0, 0 } },
	{ "UMIP", CR4_UMIP, 7, { 0, 0, CPUID_7_ECX_UMIP, 0 } },
	{ "PKE", CR4_PKE, 7, { 0, 0, CPUID_7_ECX_PKU, 0 } },
	{ "KL", CR4_KL, 7, { 0, 0, CPUID_7_ECX_KL, 0 } },
	{ "PKS", CR4_PKS, 7, { 0, 0, CPUID_7_ECX_PKS, 0 } },
	{ "bit 15", X86_BIT(15), 0, { 0, 0, 0, 0 } },	/* reserved */
	{ "bit 31", X86_BIT(31), 0, { 0, 0, 0, 0 } },	/* reserved */
};

extern volatile uint8_t la57_gp;	/* real16.S */

static const uint8_t insn_mov_to_cr4[] = { 0x0f, 0x22, 0xe0 };
static volatile int gp_taken;

static int skip_mov_to_cr4(struct guest_frame *f)
{
	if (memcmp((const void *)f->rip, insn_mov_to_cr4,
		   sizeof(insn_mov_to_cr4)))
		return 0;
	gp_taken = 1;
	f->rip += sizeof(insn_mov_to_cr4);
	return 1;
}

/* Set @bit in CR4 with the MOV above; 1 if it raised #GP. */
static int try_cr4(uint64_t bit)
{
	uint64_t old = read_cr4();

	gp_taken = 0;
	__asm__ volatile("mov %0, %%cr4" : : "a"(old | bit) : "memory");
	if (!gp_taken)
		write_cr4(old);
	return gp_taken;
}

static int shown(const struct cr4_bit *b)
{
	struct cpuid_regs r;

	if (!b->leaf)
		return 0;
	r = cpuid(b->leaf, 0);
	return !!((r.eax & b->feature.eax) | (r.ebx & b->feature.ebx) |
		  (r.ecx & b->feature.ecx) | (r.edx & b->feature.edx));
}

static int report(const char *name, int has, int gp)
{
	int bad = has == gp;	/* shown and #GP, or hidden and taken */

	printf("cr4: %s: CPUID %s, MOV to CR4 %s%s\n", name,
	       has ? "shows it" : "hides it", gp ? "raised #GP" : "took",
	       bad ? " (WRONG)" : "");
	return bad;
}

void main64(void)
{
	struct cpuid_regs r7 = cpuid(7, 0);
	uint32_t wrong = 0;
	unsigned int i;

	idt_set_handler(VEC_GP, skip_mov_to_cr4);
	for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		if (read_cr4() & bits[i].bit)
			continue;
		wrong += report(bits[i].name, shown(&bits[i]),
				try_cr4(bits[i].bit));
	}
	wrong += report("LA57 (real mode)", !!(r7.ecx & CPUID_7_ECX_LA57),
			la57_gp);
	printf("cr4: %u bits wrong\n", wrong);
	exit_code(wrong);
}
