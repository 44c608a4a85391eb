/*
 * msrabuse.c - MSR abuse: every kind of MSR the policy has (emulated,
 * read-only, passed through, denied) read and written with values the
 * SDM refuses (reserved bits, non-canonical bases, invalid memory types,
 * a changed IA32_APIC_BASE address, the hidden VMX capability MSRs).
 * Each access prints what the guest got: the value, or #GP. A hostile
 * value must get the CPU's answer, never reach the host. Then the
 * platform MSRs a PC guest reads at boot (MISC_ENABLE, PAT, the MTRR
 * capability and default type, MCG_CAP/MCG_STATUS) with the writes the
 * SDM refuses, and, for each feature that brings an MSR, whether the
 * MSR answers exactly when CPUID shows the feature.
 */
#include "guest.h"

#include "apic.h"

#define NON_CANONICAL		0x8000000000000000ull
#define PAT_ALL_UC		0x0000000000000000ull	/* type 0 in all 8 */
#define PAT_RESERVED_TYPE	0x0000000000000002ull	/* type 2: reserved */
#define EFER_RESERVED_BIT	(1ull << 1)
#define APIC_BASE_RESERVED	(1ull << 63)
/* The TSC check: "near" is well within one check's run, in ticks. */
#define TSC_NEAR		100000000ull
#define DEADLINE_TICKS		200000ull
#define TIMER_VECTOR		0x40
#define SPURIOUS_VECTOR		0xff
#define PAT_MIXED		0x0007010400070106ull	/* valid types */
#define MTRR_WB			6
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

/* RDMSR @msr into @val; 1 if it raised #GP. */
static int try_rdmsr(uint32_t msr, uint64_t *val)
{
	uint32_t lo = 0, hi = 0;

	faulted = 0;
	expected = insn_rdmsr;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr) : "memory");
	expected = 0;
	*val = ((uint64_t)hi << 32) | lo;
	return faulted;
}

static void rd(const char *what, uint32_t msr)
{
	uint64_t val;

	if (try_rdmsr(msr, &val))
		printf("msrabuse: rdmsr %s: #GP\n", what);
	else
		printf("msrabuse: rdmsr %s: 0x%lx\n", what, val);
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

volatile uint32_t msrabuse_irqs;
volatile uint64_t msrabuse_irq_tsc;
void msrabuse_isr(void);

/*
 * The TSC MSRs (SDM vol. 3, 17.17): a write of IA32_TSC sets the TSC the
 * guest reads and moves IA32_TSC_ADJUST by the same amount; a TSC
 * deadline is in the TSC as the guest now reads it, so one armed just
 * after the TSC went back to 0 must not fire at once; writing
 * TSC_ADJUST 0 takes the TSC back to where it ran before.
 */
static void tsc_msrs(void)
{
	uint64_t before, after, deadline, readback, base, host;

	/* The TSC minus TSC_ADJUST: the TSC as it would read unmoved. */
	before = rdtsc() - rdmsr(MSR_IA32_TSC_ADJUST);
	wr("TSC 0", MSR_IA32_TSC, 0);
	after = rdtsc();
	host = after - rdmsr(MSR_IA32_TSC_ADJUST);
	printf("msrabuse: rdtsc after TSC 0: %s\n",
	       after < TSC_NEAR ? "near 0" : "not near 0 (WRONG)");
	printf("msrabuse: TSC_ADJUST moved with it: %s\n",
	       host >= before && host - before < TSC_NEAR ? "ok" : "no (WRONG)");

	base = rdmsr(MSR_IA32_APIC_BASE);
	idt_set_gate(TIMER_VECTOR, msrabuse_isr);
	wrmsr(MSR_IA32_APIC_BASE, base | APIC_BASE_ENABLE);
	wrmsr(MSR_IA32_APIC_BASE, base | APIC_BASE_ENABLE | APIC_BASE_X2APIC);
	x2apic_write(APIC_SPIV, APIC_SPIV_ENABLE | SPURIOUS_VECTOR);
	x2apic_write(APIC_LVTT, APIC_LVT_TIMER_TSC_DEADLINE | TIMER_VECTOR);
	/* Interrupts on before the deadline is armed: one due at once
	 * (a deadline taken in the wrong TSC) arrives early. */
	__asm__ volatile("sti");
	deadline = rdtsc() + DEADLINE_TICKS;
	wrmsr(MSR_IA32_TSC_DEADLINE, deadline);
	readback = rdmsr(MSR_IA32_TSC_DEADLINE);
	while (!msrabuse_irqs && rdtsc() < deadline + TSC_NEAR)
		;
	__asm__ volatile("cli");
	printf("msrabuse: TSC_DEADLINE reads back: %s\n",
	       readback == deadline || (msrabuse_irqs && !readback) ? "ok"
								  : "no (WRONG)");
	if (!msrabuse_irqs)
		printf("msrabuse: TSC deadline after TSC 0: lost (WRONG)\n");
	else
		printf("msrabuse: TSC deadline after TSC 0: %s\n",
		       msrabuse_irq_tsc >= deadline ? "fired, not early"
						     : "early (WRONG)");

	wr("TSC_ADJUST 0", MSR_IA32_TSC_ADJUST, 0);
	after = rdtsc();
	printf("msrabuse: rdtsc after TSC_ADJUST 0: %s\n",
	       after >= host && after - host < TSC_NEAR ? "the host's again"
							 : "elsewhere (WRONG)");
}

/* Features and an MSR each brings (SDM vol. 4, table 2-2): the MSR
 * answers if and only if CPUID shows the feature. */
#define REG_EBX	1
#define REG_ECX	2
#define REG_EDX	3
static const struct feature_msr {
	const char *name;
	uint32_t leaf, reg, bit, msr;
} feature_msrs[] = {
	{ "TSC", 1, REG_EDX, CPUID_1_EDX_TSC, MSR_IA32_TSC },
	{ "SEP", 1, REG_EDX, CPUID_1_EDX_SEP, MSR_IA32_SYSENTER_CS },
	{ "MTRR", 1, REG_EDX, CPUID_1_EDX_MTRR, MSR_IA32_MTRRCAP },
	{ "MCA", 1, REG_EDX, CPUID_1_EDX_MCA, MSR_IA32_MCG_CAP },
	{ "PAT", 1, REG_EDX, CPUID_1_EDX_PAT, MSR_IA32_PAT },
	{ "DS", 1, REG_EDX, CPUID_1_EDX_DS, MSR_IA32_DS_AREA },
	{ "VMX", 1, REG_ECX, CPUID_1_ECX_VMX, MSR_IA32_VMX_BASIC },
	{ "PDCM", 1, REG_ECX, CPUID_1_ECX_PDCM, MSR_IA32_PERF_CAPABILITIES },
	{ "TSC_DEADLINE", 1, REG_ECX, CPUID_1_ECX_TSC_DEADLINE,
	  MSR_IA32_TSC_DEADLINE },
	{ "TSC_ADJUST", 7, REG_EBX, CPUID_7_EBX_TSC_ADJUST, MSR_IA32_TSC_ADJUST },
	{ "MPX", 7, REG_EBX, CPUID_7_EBX_MPX, MSR_IA32_BNDCFGS },
	{ "IBRS", 7, REG_EDX, CPUID_7_EDX_IBRS_IBPB, MSR_IA32_SPEC_CTRL },
	{ "ARCH_CAPABILITIES", 7, REG_EDX, CPUID_7_EDX_ARCH_CAPABILITIES,
	  MSR_IA32_ARCH_CAPABILITIES },
	{ "RDTSCP", 0x80000001, REG_EDX, CPUID_80000001_EDX_RDTSCP,
	  MSR_IA32_TSC_AUX },
};

static int shown(const struct feature_msr *f)
{
	struct cpuid_regs r = cpuid(f->leaf, 0);
	uint32_t v = f->reg == REG_EBX ? r.ebx : f->reg == REG_ECX ? r.ecx
								 : r.edx;

	return !!(v & f->bit);
}

/* Returns the number of features whose MSR disagrees with CPUID. */
static int features_agree(void)
{
	unsigned int i;
	int wrong = 0;

	for (i = 0; i < sizeof(feature_msrs) / sizeof(feature_msrs[0]); i++) {
		const struct feature_msr *f = &feature_msrs[i];
		uint64_t val;
		int on = shown(f), gp = try_rdmsr(f->msr, &val);

		printf("msrabuse: %s: CPUID %s, rdmsr 0x%x %s%s\n", f->name,
		       on ? "shows" : "hides", f->msr, gp ? "#GP" : "answered",
		       on == !gp ? "" : " (WRONG)");
		wrong += on != !gp;
	}
	return wrong;
}

/* The platform MSRs a PC guest reads at boot, and the writes the SDM
 * refuses (msr_state.c cites each rule). */
static void platform_msrs(void)
{
	uint64_t misc = rdmsr(MSR_IA32_MISC_ENABLE);

	wr("MISC_ENABLE same", MSR_IA32_MISC_ENABLE, misc);
	wr("MISC_ENABLE no fast strings", MSR_IA32_MISC_ENABLE,
	   misc & ~(uint64_t)MISC_ENABLE_FAST_STRING);
	rd("PAT", MSR_IA32_PAT);
	wr("PAT type 3 in entry 7", MSR_IA32_PAT, PAT_ALL_UC | (3ull << 56));
	wr("PAT type 8 in entry 4", MSR_IA32_PAT, PAT_ALL_UC | (8ull << 32));
	wr("PAT WC/WT/UC-", MSR_IA32_PAT, PAT_MIXED);
	rd("PAT", MSR_IA32_PAT);
	rd("MTRRCAP", MSR_IA32_MTRRCAP);
	wr("MTRRCAP", MSR_IA32_MTRRCAP, 0);
	rd("MTRR_DEF_TYPE", MSR_IA32_MTRR_DEF_TYPE);
	wr("MTRR_DEF_TYPE off, UC", MSR_IA32_MTRR_DEF_TYPE, 0);
	wr("MTRR_DEF_TYPE FE without fixed ranges", MSR_IA32_MTRR_DEF_TYPE,
	   MTRR_DEF_TYPE_E | MTRR_DEF_TYPE_FE | MTRR_WB);
	wr("MTRR_DEF_TYPE type 2", MSR_IA32_MTRR_DEF_TYPE, MTRR_DEF_TYPE_E | 2);
	wr("MTRR_DEF_TYPE WC without MTRRCAP.WC", MSR_IA32_MTRR_DEF_TYPE,
	   MTRR_DEF_TYPE_E | 1);
	wr("MTRR_DEF_TYPE reserved bit 12", MSR_IA32_MTRR_DEF_TYPE,
	   MTRR_DEF_TYPE_E | (1ull << 12) | MTRR_WB);
	wr("MTRR_DEF_TYPE on, WB", MSR_IA32_MTRR_DEF_TYPE,
	   MTRR_DEF_TYPE_E | MTRR_WB);
	rd("MTRR_DEF_TYPE", MSR_IA32_MTRR_DEF_TYPE);
	rd("MCG_CAP", MSR_IA32_MCG_CAP);
	wr("MCG_CAP", MSR_IA32_MCG_CAP, 0);
	rd("MCG_STATUS", MSR_IA32_MCG_STATUS);
	wr("MCG_STATUS 0", MSR_IA32_MCG_STATUS, 0);
	wr("MCG_STATUS LMCE_S", MSR_IA32_MCG_STATUS, 1ull << 3);
	rd("MCG_CTL", MSR_IA32_MCG_CTL);
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
	rd("PAT", MSR_IA32_PAT);
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
	platform_msrs();
	tsc_msrs();
	printf("msrabuse: %d features disagree\n", features_agree());
	printf("msrabuse: done\n");
	exit_code(0);
}
