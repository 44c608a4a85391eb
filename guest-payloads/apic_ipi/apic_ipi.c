/*
 * apic_ipi.c - interprocessor interrupts in a machine of one processor:
 * every form of the ICR that names this vCPU delivers to it, every other
 * delivers nothing, through the xAPIC page and the x2APIC MSRs (SDM vol.
 * 3, 11.6.1 "Interrupt Command Register", 11.6.2 "Determining IPI
 * Destination", 11.12.9 and 11.12.11 for x2APIC).
 *
 *   shorthands     self and all-including-self deliver, all-excluding-
 *                  self does not;
 *   physical       the vCPU's own APIC ID and the broadcast ID deliver,
 *                  another ID does not;
 *   logical        an MDA that matches the LDR under the DFR's flat or
 *                  cluster model (xAPIC), or the x2APIC cluster and
 *                  member bits, delivers, as does the broadcast MDA;
 *   NMI            an NMI to self reaches vector 2 once; one sent from
 *                  inside the NMI handler waits for its IRET (blocking);
 *   the rest       lowest priority sets ESR "redirectable IPI" and
 *                  delivers nothing (11.5.3), an illegal vector sets
 *                  "send" and "receive illegal vector", INIT, SIPI and SMI
 *                  to self are ignored (README.md) and the guest runs on;
 *   SELF IPI       the x2APIC SELF IPI register delivers its vector.
 *
 * Each case prints one line ending "ok" or "FAIL"; the last line is
 * "apic_ipi: all passed" and the exit code 0.
 *
 * Exit code: 0 passed, 1 a case failed, 2 an exception.
 */
#include "guest.h"
#include "apic.h"
#include "apic_ipi.h"

#define SPURIOUS_VECTOR		0xff
/* Instructions after the ICR write during which the IPI must arrive:
 * a self-IPI is delivered at the first instruction boundary the guest
 * can take it at. */
#define SETTLE_LOOPS		16

#define EXIT_PASS		0
#define EXIT_FAIL		1
#define EXIT_FAULT		2

#define DM(m)			((m) << APIC_ICR_DELIVERY_SHIFT)
#define SH(s)			((s) << APIC_ICR_SHORTHAND_SHIFT)
#define LOGICAL			APIC_ICR_DEST_LOGICAL
#define LEVEL			(APIC_ICR_TRIGGER_LEVEL | APIC_ICR_LEVEL_ASSERT)
#define RAW_VECTOR		(1u << 31)	/* case flag: icr holds it */

volatile uint32_t ipi_count[IPI_VECTORS];
volatile uint8_t ipi_eoi_xapic;

static volatile uint32_t nmi_count;
static volatile int nmi_nested;		/* an NMI came in during one */
static volatile int nmi_in_handler;
static volatile int nmi_resend;		/* send another from the handler */
static volatile uint32_t nmi_seen_inside;

static uint64_t xapic_pd[PT_ENTRIES] __attribute__((aligned(4096)));
static int use_xapic;
static const char *stage = "setup";

struct ipi_case {
	const char *name;
	uint32_t dfr, ldr;	/* xAPIC: written first when ldr != 0 */
	uint32_t icr;		/* ICR low: the case's vector is added */
	uint32_t dest;		/* the destination field */
	uint32_t irqs, nmis;	/* expected on the case's vector, on NMI */
	uint32_t esr;		/* ESR afterwards */
};

#define ESR_ILLEGAL	(APIC_ESR_SEND_ILLEGAL_VECTOR | \
			 APIC_ESR_RECV_ILLEGAL_VECTOR)

/* Both modes. The xAPIC destination is the 8-bit field of ICR2, the
 * x2APIC one the 32-bit ICR[63:32]: the tables say which. */
static const struct ipi_case xapic_cases[] = {
	{ "self fixed", 0, 0, SH(APIC_ICR_DEST_SELF), 0, 1, 0, 0 },
	{ "self fixed level", 0, 0, SH(APIC_ICR_DEST_SELF) | LEVEL, 0, 1, 0, 0 },
	{ "all-including-self", 0, 0, SH(APIC_ICR_DEST_ALL), 0, 1, 0, 0 },
	{ "all-excluding-self", 0, 0, SH(APIC_ICR_DEST_ALL_BUT_SELF), 0,
	  0, 0, 0 },
	{ "physical own id", 0, 0, 0, 0, 1, 0, 0 },
	{ "physical broadcast", 0, 0, 0, APIC_XAPIC_BROADCAST, 1, 0, 0 },
	{ "physical other id", 0, 0, 0, 1, 0, 0, 0 },
	{ "logical flat match", 0xffffffffu, 0x01000000, LOGICAL, 0x01, 1, 0, 0 },
	{ "logical flat other", 0xffffffffu, 0x01000000, LOGICAL, 0x02, 0, 0, 0 },
	{ "logical flat broadcast", 0xffffffffu, 0x01000000, LOGICAL, 0xff,
	  1, 0, 0 },
	{ "logical cluster match", 0x0fffffffu, 0x21000000, LOGICAL, 0x21,
	  1, 0, 0 },
	{ "logical cluster other cluster", 0x0fffffffu, 0x21000000, LOGICAL,
	  0x11, 0, 0, 0 },
	{ "logical cluster other member", 0x0fffffffu, 0x21000000, LOGICAL,
	  0x22, 0, 0, 0 },
	{ "logical cluster broadcast", 0x0fffffffu, 0x21000000, LOGICAL, 0xff,
	  1, 0, 0 },
	{ "nmi physical own id", 0, 0, DM(APIC_ICR_DM_NMI), 0, 0, 1, 0 },
	{ "nmi self", 0, 0, DM(APIC_ICR_DM_NMI) | SH(APIC_ICR_DEST_SELF), 0,
	  0, 1, 0 },
	{ "nmi all-excluding-self", 0, 0,
	  DM(APIC_ICR_DM_NMI) | SH(APIC_ICR_DEST_ALL_BUT_SELF), 0, 0, 0, 0 },
	{ "lowest priority self", 0, 0,
	  DM(APIC_ICR_DM_LOWEST) | SH(APIC_ICR_DEST_SELF), 0, 0, 0,
	  APIC_ESR_REDIRECTABLE_IPI },
	{ "lowest priority own id", 0, 0, DM(APIC_ICR_DM_LOWEST), 0, 0, 0,
	  APIC_ESR_REDIRECTABLE_IPI },
	{ "illegal vector self", 0, 0, RAW_VECTOR | SH(APIC_ICR_DEST_SELF) | 5,
	  0, 0, 0, ESR_ILLEGAL },
	{ "init self", 0, 0, DM(APIC_ICR_DM_INIT) | SH(APIC_ICR_DEST_SELF), 0,
	  0, 0, 0 },
	{ "init own id", 0, 0, DM(APIC_ICR_DM_INIT) | LEVEL, 0, 0, 0, 0 },
	{ "startup own id", 0, 0, DM(APIC_ICR_DM_STARTUP), 0, 0, 0, 0 },
	{ "smi own id", 0, 0, DM(APIC_ICR_DM_SMI), 0, 0, 0, 0 },
};

static const struct ipi_case x2apic_cases[] = {
	{ "self fixed", 0, 0, SH(APIC_ICR_DEST_SELF), 0, 1, 0, 0 },
	{ "all-including-self", 0, 0, SH(APIC_ICR_DEST_ALL), 0, 1, 0, 0 },
	{ "all-excluding-self", 0, 0, SH(APIC_ICR_DEST_ALL_BUT_SELF), 0,
	  0, 0, 0 },
	{ "physical own id", 0, 0, 0, 0, 1, 0, 0 },
	{ "physical broadcast", 0, 0, 0, APIC_X2APIC_BROADCAST, 1, 0, 0 },
	{ "physical other id", 0, 0, 0, 1, 0, 0, 0 },
	{ "physical xapic broadcast id", 0, 0, 0, APIC_XAPIC_BROADCAST,
	  0, 0, 0 },
	/* ID 0: cluster 0, member bit 0 (SDM vol. 3, 11.12.10.2). */
	{ "logical match", 0, 0, LOGICAL, 0x00000001, 1, 0, 0 },
	{ "logical other cluster", 0, 0, LOGICAL, 0x00010001, 0, 0, 0 },
	{ "logical other member", 0, 0, LOGICAL, 0x00000002, 0, 0, 0 },
	{ "logical broadcast", 0, 0, LOGICAL, APIC_X2APIC_BROADCAST, 1, 0, 0 },
	{ "nmi physical own id", 0, 0, DM(APIC_ICR_DM_NMI), 0, 0, 1, 0 },
	{ "nmi logical", 0, 0, DM(APIC_ICR_DM_NMI) | LOGICAL, 1, 0, 1, 0 },
	{ "lowest priority own id", 0, 0, DM(APIC_ICR_DM_LOWEST), 0, 0, 0,
	  APIC_ESR_REDIRECTABLE_IPI },
	{ "illegal vector own id", 0, 0, RAW_VECTOR | 15, 0, 0, 0,
	  ESR_ILLEGAL },
	{ "init own id", 0, 0, DM(APIC_ICR_DM_INIT) | LEVEL, 0, 0, 0, 0 },
	{ "startup own id", 0, 0, DM(APIC_ICR_DM_STARTUP) | 0x10, 0, 0, 0, 0 },
	{ "smi own id", 0, 0, DM(APIC_ICR_DM_SMI), 0, 0, 0, 0 },
};

static int fault(struct guest_frame *f)
{
	printf("apic_ipi: %s faulted (%s at RIP 0x%lx)\n", stage,
	       exception_name((unsigned int)f->vector), f->rip);
	exit_code(EXIT_FAULT);
}

static void apic_write(uint32_t off, uint32_t v)
{
	if (use_xapic)
		xapic_write(off, v);
	else
		x2apic_write(off, v);
}

static uint32_t apic_read(uint32_t off)
{
	return use_xapic ? xapic_read(off) : (uint32_t)x2apic_read(off);
}

static void send_ipi(uint32_t icr, uint32_t dest)
{
	if (use_xapic) {
		xapic_write(APIC_ICR2, dest << APIC_XAPIC_ID_SHIFT);
		xapic_write(APIC_ICR, icr);
	} else {
		wrmsr(MSR_X2APIC_ICR, ((uint64_t)dest << 32) | icr);
	}
}

/* The ESR as software reads it: a write latches the errors since the
 * last write (SDM vol. 3, 11.5.3). */
static uint32_t esr_read(void)
{
	apic_write(APIC_ESR, 0);
	return apic_read(APIC_ESR);
}

static int nmi_handler(struct guest_frame *f)
{
	(void)f;
	if (nmi_in_handler)
		nmi_nested = 1;
	nmi_in_handler = 1;
	nmi_count++;
	if (nmi_resend) {
		nmi_resend = 0;
		send_ipi(DM(APIC_ICR_DM_NMI) | SH(APIC_ICR_DEST_SELF), 0);
		for (volatile int i = 0; i < SETTLE_LOOPS; i++)
			;
		nmi_seen_inside = nmi_count;
	}
	nmi_in_handler = 0;
	return 1;	/* IRETQ: ends NMI blocking (SDM vol. 3, 6.7.1) */
}

static int run_case(const char *mode, const struct ipi_case *c,
		    unsigned int index)
{
	unsigned int vi = index % IPI_VECTORS;
	uint32_t icr = c->icr & RAW_VECTOR ? c->icr & ~RAW_VECTOR
					    : c->icr | (IPI_VECTOR_BASE + vi);
	uint32_t irqs, nmis, esr;
	int ok;

	stage = c->name;
	if (use_xapic && c->ldr) {
		xapic_write(APIC_DFR, c->dfr);
		xapic_write(APIC_LDR, c->ldr);
	}
	esr_read();
	irqs = ipi_count[vi];
	nmis = nmi_count;
	__asm__ volatile("sti" : : : "memory");
	send_ipi(icr, c->dest);
	for (volatile int i = 0; i < SETTLE_LOOPS; i++)
		;
	__asm__ volatile("cli" : : : "memory");
	irqs = ipi_count[vi] - irqs;
	nmis = nmi_count - nmis;
	esr = esr_read();
	if (c->icr & RAW_VECTOR)
		irqs = 0;	/* an illegal vector has no stub to count it */
	ok = irqs == c->irqs && nmis == c->nmis && esr == c->esr &&
	     !nmi_nested;
	printf("apic_ipi: %s %s: %u interrupts, %u NMIs, ESR 0x%x %s\n", mode,
	       c->name, irqs, nmis, esr, ok ? "ok" : "FAIL");
	return ok;
}

static int run_cases(const char *mode, const struct ipi_case *cases,
		     unsigned int n)
{
	unsigned int i;
	int ok = 1;

	for (i = 0; i < n; i++)
		ok &= run_case(mode, &cases[i], i);
	return ok;
}

/* An NMI sent from the NMI handler is held until its IRET, then taken. */
static int nmi_blocking(const char *mode)
{
	uint32_t before = nmi_count, got;
	int ok;

	stage = "nmi blocking";
	nmi_resend = 1;
	send_ipi(DM(APIC_ICR_DM_NMI) | SH(APIC_ICR_DEST_SELF), 0);
	for (volatile int i = 0; i < SETTLE_LOOPS; i++)
		;
	got = nmi_count - before;
	ok = got == 2 && nmi_seen_inside - before == 1 && !nmi_nested;
	printf("apic_ipi: %s nmi from its handler: %u NMIs, %u inside the "
	       "first, %s %s\n", mode, got, nmi_seen_inside - before,
	       nmi_nested ? "nested" : "not nested", ok ? "ok" : "FAIL");
	return ok;
}

/* The x2APIC SELF IPI register (SDM vol. 3, 11.12.11). */
static int self_ipi_register(void)
{
	unsigned int vi = 7;
	uint32_t irqs = ipi_count[vi], esr;
	int ok;

	stage = "SELF IPI";
	__asm__ volatile("sti" : : : "memory");
	x2apic_write(APIC_SELF_IPI, IPI_VECTOR_BASE + vi);
	for (volatile int i = 0; i < SETTLE_LOOPS; i++)
		;
	__asm__ volatile("cli" : : : "memory");
	irqs = ipi_count[vi] - irqs;
	esr = esr_read();
	ok = irqs == 1 && esr == 0;
	x2apic_write(APIC_SELF_IPI, 3);		/* illegal */
	esr = esr_read();
	ok &= esr == ESR_ILLEGAL;
	printf("apic_ipi: x2apic SELF IPI register: %u interrupts, illegal "
	       "vector ESR 0x%x %s\n", irqs, esr, ok ? "ok" : "FAIL");
	return ok;
}

void main64(void)
{
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE);
	unsigned int v;
	int ok = 1;

	idt_set_handler(VEC_UD, fault);
	idt_set_handler(VEC_GP, fault);
	idt_set_handler(VEC_PF, fault);
	idt_set_handler(VEC_NMI, nmi_handler);
	for (v = 0; v < IPI_VECTORS; v++)
		idt_set_gate(IPI_VECTOR_BASE + v,
			     ipi_stubs + v * IPI_STUB_SIZE);

	if (xapic_map(xapic_pd)) {
		printf("apic_ipi: cannot map the xAPIC page\n");
		exit_code(EXIT_FAIL);
	}
	use_xapic = 1;
	ipi_eoi_xapic = 1;
	apic_write(APIC_SPIV, APIC_SPIV_ENABLE | SPURIOUS_VECTOR);
	ok &= run_cases("xapic", xapic_cases,
			sizeof(xapic_cases) / sizeof(xapic_cases[0]));
	ok &= nmi_blocking("xapic");

	stage = "x2apic_setup";
	wrmsr(MSR_IA32_APIC_BASE, base | APIC_BASE_X2APIC);
	use_xapic = 0;
	ipi_eoi_xapic = 0;
	apic_write(APIC_SPIV, APIC_SPIV_ENABLE | SPURIOUS_VECTOR);
	ok &= run_cases("x2apic", x2apic_cases,
			sizeof(x2apic_cases) / sizeof(x2apic_cases[0]));
	ok &= nmi_blocking("x2apic");
	ok &= self_ipi_register();

	if (!ok) {
		printf("apic_ipi: FAILED\n");
		exit_code(EXIT_FAIL);
	}
	printf("apic_ipi: all passed\n");
	exit_code(EXIT_PASS);
}
