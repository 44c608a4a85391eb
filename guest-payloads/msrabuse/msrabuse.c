/*
 * msrabuse.c - MSR abuse: every kind of MSR the policy has (emulated,
 * read-only, passed through, denied) read and written with values the
 * SDM refuses (reserved bits, non-canonical bases, invalid memory types,
 * a changed IA32_APIC_BASE address, the hidden VMX capability MSRs).
 * Each access prints what the guest got: the value, or #GP. A hostile
 * value must get the CPU's answer, never reach the host.
 */
#include "guest.h"

#include "apic.h"

#define NON_CANONICAL		0x8000000000000000ull
#define PAT_ALL_UC		0x0000000000000000ull	/* type 0 in all 8 */
#define PAT_RESERVED_TYPE	0x0000000000000002ull	/* type 2: reserved */
#define EFER_RESERVED_BIT	(1ull << 1)
#define APIC_BASE_RESERVED	(1ull << 63)
#define MSR_NONE		0xffffffffu
#define SCRATCH_VALUE		0x0123456789abcdefull

/* The faulting instruction is skipped only if it is the one we expect. */
static const uint8_t insn_rdmsr[] = { 0x0f, 0x32 };
static const uint8_t insn_wrmsr[] = { 0x0f, 0x30 };
static const uint8_t *volatile expected;
static volatile int faulted;

static int skip_msr_fault(struct guest_frame *f)
{
	if (!expected || memcmp((const void *)f->rip, expected, 2))
		return 0;
	faulted = 1;
	f->rip += 2;
	return 1;
}

static void rd(const char *what, uint32_t msr)
{
	uint32_t lo = 0, hi = 0;

	faulted = 0;
	expected = insn_rdmsr;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr) : "memory");
	expected = 0;
	if (faulted)
		printf("msrabuse: rdmsr %s: #GP\n", what);
	else
		printf("msrabuse: rdmsr %s: 0x%lx\n", what,
		       ((uint64_t)hi << 32) | lo);
}

static void wr(const char *what, uint32_t msr, uint64_t val)
{
	faulted = 0;
	expected = insn_wrmsr;
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)val),
			 "d"((uint32_t)(val >> 32)) : "memory");
	expected = 0;
	printf("msrabuse: wrmsr %s: %s\n", what, faulted ? "#GP" : "ok");
}

void main64(void)
{
	idt_set_handler(VEC_GP, skip_msr_fault);

	rd("FEATURE_CONTROL", MSR_IA32_FEATURE_CONTROL);
	wr("FEATURE_CONTROL same", MSR_IA32_FEATURE_CONTROL,
	   FEATURE_CONTROL_LOCK);
	wr("FEATURE_CONTROL VMX on", MSR_IA32_FEATURE_CONTROL,
	   FEATURE_CONTROL_LOCK | FEATURE_CONTROL_VMXON_OUTSIDE_SMX);
	rd("MISC_ENABLE", MSR_IA32_MISC_ENABLE);
	wr("MISC_ENABLE 0", MSR_IA32_MISC_ENABLE, 0);
	wr("TSC", MSR_IA32_TSC, 0);
	wr("PAT all UC", MSR_IA32_PAT, PAT_ALL_UC);
	wr("PAT reserved type", MSR_IA32_PAT, PAT_RESERVED_TYPE);
	wr("EFER reserved bit", MSR_IA32_EFER,
	   rdmsr(MSR_IA32_EFER) | EFER_RESERVED_BIT);
	wr("FS_BASE non-canonical", MSR_IA32_FS_BASE, NON_CANONICAL);
	wr("KERNEL_GS_BASE non-canonical", MSR_IA32_KERNEL_GS_BASE,
	   NON_CANONICAL);
	wr("LSTAR non-canonical", MSR_IA32_LSTAR, NON_CANONICAL);
	wr("APIC_BASE reserved bit", MSR_IA32_APIC_BASE,
	   rdmsr(MSR_IA32_APIC_BASE) | APIC_BASE_RESERVED);
	wr("APIC_BASE moved", MSR_IA32_APIC_BASE,
	   (rdmsr(MSR_IA32_APIC_BASE) & ~(uint64_t)APIC_BASE_ADDR_MASK) |
	   0xfec00000);
	rd("DEBUGCTL", MSR_IA32_DEBUGCTL);
	rd("VMX_BASIC", MSR_IA32_VMX_BASIC);
	rd("0xffffffff", MSR_NONE);
	wr("scratch", MSR_VMM_SCRATCH, SCRATCH_VALUE);
	rd("scratch", MSR_VMM_SCRATCH);
	printf("msrabuse: done\n");
	exit_code(0);
}
