/*
 * escape.c - a guest that tries to leave its sandbox, one attempt at a
 * time. Each attempt prints a line before it runs and one saying what the
 * guest saw. A good hypervisor lets the first four happen harmlessly
 * (own RAM, an all-ones port, #GP for a denied MSR, #UD for VMXON) and
 * ends the guest at the last, a write beyond guest RAM; the final
 * "not stopped" line and exit code 60 mean the sandbox failed.
 */
#include "guest.h"

#define HV_PHYS_ADDR		0x100000UL	/* where the vmm sits on the host */
#define DENIED_PORT		0x60		/* i8042 data port */
#define DENIED_MSR		0xc0010000u	/* AMD PERF_CTL0 */
#define BEYOND_RAM_ADDR		0x8000000UL	/* 128 MiB; RAM is 64 MiB */
#define EXIT_NOT_STOPPED	60

/*
 * The instruction a probe expects to fault, byte for byte. The handler
 * skips it only if RIP points at exactly these bytes; any other fault is
 * a real bug and goes to the default handler.
 */
struct probe {
	const uint8_t *insn;
	unsigned int len;
	volatile int vector;	/* -1 until an exception is taken */
};

/* Set only around the faulting instruction; the asm has a memory clobber. */
static struct probe *volatile probe;

static const uint8_t insn_rdmsr[] = { 0x0f, 0x32 };
static const uint8_t insn_vmxon_rax[] = { 0xf3, 0x0f, 0xc7, 0x30 };

static int skip_probe(struct guest_frame *f)
{
	if (!probe || memcmp((const void *)f->rip, probe->insn, probe->len))
		return 0;
	probe->vector = (int)f->vector;
	f->rip += probe->len;
	return 1;
}

static void own_ram(void)
{
	volatile uint64_t *p = (volatile uint64_t *)HV_PHYS_ADDR;
	const uint64_t pattern = 0x5a5aa5a5c3c33c3cULL;
	uint64_t old, seen;

	printf("escape: write to hypervisor physical 0x%lx\n", HV_PHYS_ADDR);
	old = *p;
	*p = pattern;
	seen = *p;
	*p = old;
	if (seen == pattern)
		printf("escape: wrote and read back own RAM at 0x%lx\n",
		       HV_PHYS_ADDR);
	else
		printf("escape: read back 0x%016lx at 0x%lx, wrote 0x%016lx\n",
		       seen, HV_PHYS_ADDR, pattern);
}

static void denied_port(void)
{
	printf("escape: read denied port 0x%x\n", DENIED_PORT);
	printf("escape: port 0x%x read 0x%02x\n", DENIED_PORT,
	       inb(DENIED_PORT));
}

/* A write to a device that only reads (the ACPI PM timer): the write must
 * be dropped and logged, like any port the policy does not allow. */
#define READ_ONLY_PORT	VMM_PORT_PM_TIMER

static void read_only_port(void)
{
	printf("escape: write to read-only port 0x%x\n", READ_ONLY_PORT);
	outb(READ_ONLY_PORT, 0x5a);
	printf("escape: port 0x%x write returned\n", READ_ONLY_PORT);
}

static void denied_msr(void)
{
	struct probe p = { insn_rdmsr, sizeof(insn_rdmsr), -1 };
	uint32_t lo = 0, hi = 0;

	printf("escape: read denied MSR 0x%x\n", DENIED_MSR);
	probe = &p;
	__asm__ volatile("rdmsr"
			 : "+a"(lo), "+d"(hi) : "c"(DENIED_MSR) : "memory");
	probe = NULL;
	if (p.vector >= 0)
		printf("escape: rdmsr 0x%x raised %s\n", DENIED_MSR,
		       exception_name(p.vector));
	else
		printf("escape: rdmsr 0x%x returned 0x%lx\n", DENIED_MSR,
		       ((uint64_t)hi << 32) | lo);
}

static void try_vmxon(void)
{
	/*
	 * VMXON in VMX non-root operation always exits (SDM vol. 3, 26.1.2
	 * "Instructions That Cause VM Exits Unconditionally"); a guest that
	 * sees CR4.VMXE = 0 expects #UD (SDM vol. 2, VMXON, "Protected Mode
	 * Exceptions"). The operand holds the VMXON region's address.
	 */
	static uint8_t region[4096] __attribute__((aligned(4096)));
	static uint64_t region_pa;
	struct probe p = { insn_vmxon_rax, sizeof(insn_vmxon_rax), -1 };

	region_pa = (uint64_t)region;
	printf("escape: VMXON\n");
	probe = &p;
	/* vmxon (%rax) is F3 0F C7 30: /6 with ModRM 00 110 000. */
	__asm__ volatile("vmxon (%0)" : : "a"(&region_pa) : "cc", "memory");
	probe = NULL;
	if (p.vector >= 0)
		printf("escape: vmxon raised %s\n", exception_name(p.vector));
	else
		printf("escape: vmxon did not fault\n");
}

static void beyond_ram(void)
{
	volatile uint64_t *p = (volatile uint64_t *)BEYOND_RAM_ADDR;

	printf("escape: write beyond guest RAM at 0x%lx\n", BEYOND_RAM_ADDR);
	*p = 0xdeadbeefcafef00dULL;
	printf("escape: write beyond RAM was not stopped\n");
	exit_code(EXIT_NOT_STOPPED);
}

void main64(void)
{
	idt_set_handler(VEC_GP, skip_probe);
	idt_set_handler(VEC_UD, skip_probe);

	own_ram();
	denied_port();
	read_only_port();
	denied_msr();
	try_vmxon();
	beyond_ram();
}
