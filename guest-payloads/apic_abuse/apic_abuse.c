/*
 * apic_abuse.c - a hostile guest against the local APIC's interfaces:
 * every offset of the xAPIC page at every width and alignment, every
 * x2APIC MSR read and written, reserved bits, every ICR delivery mode
 * and shorthand, and the IA32_APIC_BASE mode switches, legal and not. It
 * asserts the answers the SDM (vol. 3, chapter 11) gives, or README.md
 * where the SDM leaves them to the model, and that the machine ends with
 * the guest's own code:
 *
 *   xapic_regs     an aligned 32-bit read of each offset 0x000-0xff0:
 *                  the registers of table 11-1 read their reset values
 *                  and log no error; every other offset reads 0 and logs
 *                  ESR "illegal register address" (11.5.3), as does a
 *                  write there; writes to read-only registers change
 *                  nothing and log nothing;
 *   xapic_widths   1-, 2- and 8-byte and misaligned accesses, at every
 *                  offset: read 0, written nowhere, no error (11.4.1
 *                  calls them model-specific; README.md's answer);
 *   x2apic_msrs    RDMSR and WRMSR of 0x800-0x8ff: the registers of table
 *                  11-6 answer, the write-only ones do not read, the
 *                  read-only ones do not write, the rest #GP both ways;
 *                  reserved bits and bits 63:32 #GP (11.12.1.2, 11.12.1.3);
 *                  in xAPIC mode the whole range #GPs;
 *   icr_modes      each delivery mode with each shorthand, through both
 *                  interfaces: only fixed and NMI to self arrive;
 *   mode_switches  xAPIC -> x2APIC -> disabled -> xAPIC succeed; x2APIC
 *                  -> xAPIC, disabled -> x2APIC, EXTD without EN and
 *                  reserved bits #GP (11.12.5); a disabled or x2APIC APIC
 *                  leaves the page reading all-ones and its state reset.
 *
 * Exit code: 0 all stages passed, 1 a stage failed, 2 an unexpected
 * exception.
 */
#include "guest.h"
#include "apic.h"

#define TEST_VECTOR		0x40
#define SPURIOUS_VECTOR		0xff
#define SETTLE_LOOPS		16
#define XAPIC_PAGE_SIZE		0x1000
#define RDMSR_WRMSR_LEN		2	/* 0f 32, 0f 30 */

#define EXIT_PASS		0
#define EXIT_FAIL		1
#define EXIT_FAULT		2

volatile uint32_t abuse_irq_count;	/* isr.S */
volatile uint8_t abuse_eoi_xapic;
extern const char abuse_isr[];

static volatile uint32_t nmi_count;
static volatile int expect_gp;
static volatile uint32_t gp_count;
static uint64_t xapic_pd[PT_ENTRIES] __attribute__((aligned(4096)));
static const char *stage = "setup";

/* --- faults ----------------------------------------------------------- */

static int fault(struct guest_frame *f)
{
	printf("apic_abuse: %s faulted (%s at RIP 0x%lx)\n", stage,
	       exception_name((unsigned int)f->vector), f->rip);
	exit_code(EXIT_FAULT);
}

/* A #GP the stage asked for: count it, skip the RDMSR or WRMSR. */
static int gp(struct guest_frame *f)
{
	if (!expect_gp)
		return fault(f);
	gp_count++;
	f->rip += RDMSR_WRMSR_LEN;
	return 1;
}

static int nmi(struct guest_frame *f)
{
	(void)f;
	nmi_count++;
	return 1;
}

/* RDMSR / WRMSR that report #GP as -1 instead of faulting. */
static int rdmsr_gp(uint32_t msr, uint64_t *val)
{
	uint32_t lo = 0, hi = 0, before = gp_count;

	expect_gp = 1;
	__asm__ volatile("rdmsr" : "+a"(lo), "+d"(hi) : "c"(msr) : "memory");
	expect_gp = 0;
	*val = ((uint64_t)hi << 32) | lo;
	return gp_count != before ? -1 : 0;
}

static int wrmsr_gp(uint32_t msr, uint64_t val)
{
	uint32_t before = gp_count;

	expect_gp = 1;
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)val),
			 "d"((uint32_t)(val >> 32)) : "memory");
	expect_gp = 0;
	return gp_count != before ? -1 : 0;
}

/* --- MMIO at any width -------------------------------------------------- */

static uint64_t mmio_read(uint32_t off, unsigned int width)
{
	uint64_t addr = (uint64_t)APIC_BASE_ADDR + off, v = 0;
	uint8_t b;
	uint16_t w;
	uint32_t d;

	switch (width) {
	case 1:
		__asm__ volatile("movb (%1), %0" : "=q"(b) : "r"(addr) : "memory");
		v = b;
		break;
	case 2:
		__asm__ volatile("movw (%1), %0" : "=r"(w) : "r"(addr) : "memory");
		v = w;
		break;
	case 4:
		__asm__ volatile("movl (%1), %0" : "=r"(d) : "r"(addr) : "memory");
		v = d;
		break;
	default:
		__asm__ volatile("movq (%1), %0" : "=r"(v) : "r"(addr) : "memory");
		break;
	}
	return v;
}

static void mmio_write(uint32_t off, unsigned int width, uint64_t v)
{
	uint64_t addr = (uint64_t)APIC_BASE_ADDR + off;

	switch (width) {
	case 1:
		__asm__ volatile("movb %0, (%1)" : : "q"((uint8_t)v), "r"(addr)
				 : "memory");
		break;
	case 2:
		__asm__ volatile("movw %0, (%1)" : : "r"((uint16_t)v), "r"(addr)
				 : "memory");
		break;
	case 4:
		__asm__ volatile("movl %0, (%1)" : : "r"((uint32_t)v), "r"(addr)
				 : "memory");
		break;
	default:
		__asm__ volatile("movq %0, (%1)" : : "r"(v), "r"(addr)
				 : "memory");
		break;
	}
}

/* The xAPIC ESR as software reads it: write, then read (11.5.3). */
static uint32_t xapic_esr(void)
{
	xapic_write(APIC_ESR, 0);
	return xapic_read(APIC_ESR);
}

static uint32_t x2apic_esr(void)
{
	x2apic_write(APIC_ESR, 0);
	return (uint32_t)x2apic_read(APIC_ESR);
}

static void xapic_enable(void)
{
	xapic_write(APIC_SPIV, APIC_SPIV_ENABLE | SPURIOUS_VECTOR);
	abuse_eoi_xapic = 1;
}

/* --- xapic_regs ----------------------------------------------------------- */

/* Table 11-1, with the value each reads after the reset this guest
 * found and an SVR write of enable | 0xff. */
static const struct {
	uint32_t off, val;
	int read_only;
} xapic_table[] = {
	{ APIC_ID, 0, 1 },
	{ APIC_LVR, 0x00060014, 1 },	/* version 0x14, 7 LVT entries */
	{ APIC_TASKPRI, 0, 0 },
	{ APIC_ARBPRI, 0, 1 },
	{ APIC_PROCPRI, 0, 1 },
	{ APIC_EOI, 0, 0 },		/* write-only: reads 0 */
	{ APIC_RRR, 0, 1 },
	{ APIC_LDR, 0, 0 },
	{ APIC_DFR, 0xffffffffu, 0 },
	{ APIC_SPIV, APIC_SPIV_ENABLE | SPURIOUS_VECTOR, 0 },
	{ APIC_ESR, 0, 0 },
	{ APIC_LVTCMCI, APIC_LVT_MASKED, 0 },
	{ APIC_ICR, 0, 0 },
	{ APIC_ICR2, 0, 0 },
	{ APIC_LVTT, APIC_LVT_MASKED, 0 },
	{ APIC_LVTTHMR, APIC_LVT_MASKED, 0 },
	{ APIC_LVTPC, APIC_LVT_MASKED, 0 },
	{ APIC_LVT0, 0x700, 0 },	/* ExtINT, as QEMU's BSP */
	{ APIC_LVT1, APIC_LVT_MASKED, 0 },
	{ APIC_LVTERR, APIC_LVT_MASKED, 0 },
	{ APIC_TMICT, 0, 0 },
	{ APIC_TMCCT, 0, 1 },
	{ APIC_TDCR, 0, 0 },
};

/* 0: reserved; 1: a register (its index + 1 in xapic_table, or 1 for
 * ISR, TMR, IRR, which read 0 here). */
static int xapic_lookup(uint32_t off, uint32_t *val, int *read_only)
{
	unsigned int i;

	for (i = 0; i < sizeof(xapic_table) / sizeof(xapic_table[0]); i++) {
		if (xapic_table[i].off == off) {
			*val = xapic_table[i].val;
			*read_only = xapic_table[i].read_only;
			return 1;
		}
	}
	*val = 0;
	*read_only = 1;
	return off >= APIC_ISR && off < APIC_IRR + 0x80;
}

static int xapic_regs(void)
{
	unsigned int bad = 0, reserved = 0, ro = 0;
	uint32_t off, want, got, esr;
	int read_only, reg;

	stage = "xapic_regs";
	xapic_esr();
	for (off = 0; off < XAPIC_PAGE_SIZE; off += 0x10) {
		reg = xapic_lookup(off, &want, &read_only);
		got = (uint32_t)mmio_read(off, 4);
		esr = xapic_esr();
		if (got != want || esr != (reg ? 0u : APIC_ESR_ILLEGAL_REGISTER)) {
			printf("apic_abuse: xapic read 0x%03x: 0x%08x ESR 0x%x, "
			       "expected 0x%08x ESR 0x%x\n", off, got, esr, want,
			       reg ? 0 : APIC_ESR_ILLEGAL_REGISTER);
			bad++;
		}
		if (!reg) {
			reserved++;
			mmio_write(off, 4, 0xffffffffu);
			esr = xapic_esr();
			if (esr != APIC_ESR_ILLEGAL_REGISTER) {
				printf("apic_abuse: xapic write 0x%03x: ESR 0x%x\n",
				       off, esr);
				bad++;
			}
		} else if (read_only) {
			ro++;
			mmio_write(off, 4, 0xffffffffu);
			got = (uint32_t)mmio_read(off, 4);
			esr = xapic_esr();
			if (got != want || esr) {
				printf("apic_abuse: xapic write to read-only "
				       "0x%03x: now 0x%08x ESR 0x%x\n", off, got,
				       esr);
				bad++;
			}
		}
	}
	printf("apic_abuse: xapic_regs: %u offsets, %u reserved, %u read-only, "
	       "%u wrong\n", XAPIC_PAGE_SIZE / 0x10, reserved, ro, bad);
	return !bad;
}

/* --- xapic_widths ---------------------------------------------------------- */

static const struct { unsigned int width, at; } odd_accesses[] = {
	{ 1, 0 }, { 1, 1 }, { 1, 3 }, { 1, 7 }, { 2, 0 }, { 2, 2 }, { 2, 9 },
	{ 4, 1 }, { 4, 4 }, { 4, 8 }, { 4, 12 }, { 8, 0 }, { 8, 4 }, { 8, 8 },
};

static int xapic_widths(void)
{
	unsigned int bad = 0, n = 0, i, irqs;
	uint32_t off, esr;
	uint64_t got;

	stage = "xapic_widths";
	xapic_esr();
	for (off = 0; off < XAPIC_PAGE_SIZE; off += 0x10) {
		for (i = 0; i < sizeof(odd_accesses) / sizeof(odd_accesses[0]);
		     i++) {
			got = mmio_read(off + odd_accesses[i].at,
					odd_accesses[i].width);
			n++;
			if (got) {
				printf("apic_abuse: %u-byte read at 0x%03x: "
				       "0x%lx\n", odd_accesses[i].width,
				       off + odd_accesses[i].at, got);
				bad++;
			}
		}
	}
	/* Writes that would matter if they landed: raise TPR, disable the
	 * APIC, send a self-IPI, start the timer. */
	irqs = abuse_irq_count;
	__asm__ volatile("sti" : : : "memory");
	for (i = 0; i < sizeof(odd_accesses) / sizeof(odd_accesses[0]); i++) {
		unsigned int w = odd_accesses[i].width, at = odd_accesses[i].at;

		mmio_write(APIC_TASKPRI + at, w, ~0ull);
		mmio_write(APIC_SPIV + at, w, 0);
		mmio_write(APIC_ICR + at, w, (APIC_ICR_DEST_SELF <<
					     APIC_ICR_SHORTHAND_SHIFT) |
					    TEST_VECTOR);
		mmio_write(APIC_TMICT + at, w, 1);
		n += 4;
	}
	for (volatile int j = 0; j < SETTLE_LOOPS; j++)
		;
	__asm__ volatile("cli" : : : "memory");
	esr = xapic_esr();
	if (xapic_read(APIC_TASKPRI) || xapic_read(APIC_TMICT) ||
	    xapic_read(APIC_SPIV) != (APIC_SPIV_ENABLE | SPURIOUS_VECTOR) ||
	    abuse_irq_count != irqs || esr) {
		printf("apic_abuse: a narrow or misaligned write landed (TPR "
		       "0x%x, TMICT %u, SVR 0x%x, %u interrupts, ESR 0x%x)\n",
		       xapic_read(APIC_TASKPRI), xapic_read(APIC_TMICT),
		       xapic_read(APIC_SPIV), abuse_irq_count - irqs, esr);
		bad++;
	}
	printf("apic_abuse: xapic_widths: %u accesses, %u wrong\n", n, bad);
	return !bad;
}

/* --- x2apic_msrs ------------------------------------------------------------ */

#define X2APIC_R	1	/* RDMSR answers */
#define X2APIC_W	2	/* WRMSR of 0 is taken */

/* Table 11-6 by xAPIC offset. */
static unsigned int x2apic_access(uint32_t off)
{
	switch (off) {
	case APIC_ID: case APIC_LVR: case APIC_PROCPRI: case APIC_LDR:
	case APIC_TMCCT:
		return X2APIC_R;
	case APIC_EOI: case APIC_SELF_IPI:
		return X2APIC_W;
	case APIC_TASKPRI: case APIC_SPIV: case APIC_ESR: case APIC_LVTCMCI:
	case APIC_ICR: case APIC_LVTT: case APIC_LVTTHMR: case APIC_LVTPC:
	case APIC_LVT0: case APIC_LVT1: case APIC_LVTERR: case APIC_TMICT:
	case APIC_TDCR:
		return X2APIC_R | X2APIC_W;
	default:
		return off >= APIC_ISR && off < APIC_IRR + 0x80 ? X2APIC_R : 0;
	}
}

/* Writes with a reserved bit set, each a #GP (11.12.1.3, table 11-6). */
static const struct { uint32_t off; uint64_t val; } x2apic_reserved[] = {
	{ APIC_TASKPRI, 0x100 }, { APIC_TASKPRI, 1ull << 32 },
	{ APIC_EOI, 1 }, { APIC_ESR, 1 },
	{ APIC_SPIV, 1u << 12 }, { APIC_SPIV, 1u << 31 },
	{ APIC_LVTT, 1u << 19 }, { APIC_LVTT, APIC_LVT_MASKED | (1u << 8) },
	{ APIC_LVTERR, APIC_LVT_MASKED | (4u << 8) },
	{ APIC_LVT0, APIC_LVT_MASKED | (1u << 17) },
	{ APIC_LVTPC, APIC_LVT_MASKED | (1u << 20) },
	{ APIC_TDCR, 4 }, { APIC_TDCR, 0x10 },
	{ APIC_SELF_IPI, 0x100 | TEST_VECTOR },
	{ APIC_ICR, (1u << 13) | TEST_VECTOR },
	{ APIC_ICR, (1u << 16) | TEST_VECTOR },
	{ APIC_ICR, (1u << 20) | TEST_VECTOR },
	{ APIC_TMICT, 1ull << 32 },
};

static void x2apic_restore(void)
{
	x2apic_write(APIC_SPIV, APIC_SPIV_ENABLE | SPURIOUS_VECTOR);
	x2apic_write(APIC_LVTT, APIC_LVT_MASKED);
	x2apic_write(APIC_LVTERR, APIC_LVT_MASKED);
	x2apic_write(APIC_LVT0, APIC_LVT_MASKED);
	x2apic_write(APIC_LVT1, APIC_LVT_MASKED);
	x2apic_write(APIC_LVTPC, APIC_LVT_MASKED);
	x2apic_write(APIC_LVTTHMR, APIC_LVT_MASKED);
	x2apic_write(APIC_LVTCMCI, APIC_LVT_MASKED);
	x2apic_esr();
}

static int x2apic_msrs(void)
{
	unsigned int bad = 0, readable = 0, writable = 0, i;
	uint32_t msr, irqs = abuse_irq_count;
	uint64_t v;

	stage = "x2apic_msrs";
	for (msr = X2APIC_MSR_BASE; msr <= X2APIC_MSR_LAST; msr++) {
		unsigned int acc = x2apic_access(X2APIC_OFFSET(msr));
		int r = rdmsr_gp(msr, &v) == 0;
		int w = wrmsr_gp(msr, 0) == 0;

		readable += r;
		writable += w;
		if (r != !!(acc & X2APIC_R) || w != !!(acc & X2APIC_W)) {
			printf("apic_abuse: MSR 0x%x: read %s, write %s\n", msr,
			       r ? "ok" : "#GP", w ? "ok" : "#GP");
			bad++;
		}
	}
	x2apic_restore();	/* the zeros unmasked the LVT entries */
	for (i = 0; i < sizeof(x2apic_reserved) / sizeof(x2apic_reserved[0]);
	     i++) {
		if (!wrmsr_gp(X2APIC_MSR(x2apic_reserved[i].off),
			      x2apic_reserved[i].val)) {
			printf("apic_abuse: WRMSR 0x%x <- 0x%lx: no #GP\n",
			       X2APIC_MSR(x2apic_reserved[i].off),
			       x2apic_reserved[i].val);
			bad++;
		}
	}
	if (x2apic_read(APIC_TASKPRI) || x2apic_read(APIC_TDCR) ||
	    x2apic_read(APIC_SPIV) != (APIC_SPIV_ENABLE | SPURIOUS_VECTOR) ||
	    abuse_irq_count != irqs) {
		printf("apic_abuse: a faulting WRMSR changed something\n");
		bad++;
	}
	/* No ESR "illegal register" in x2APIC mode (11.12.1.3); the ICR
	 * write of 0 above sent vector 0: "send illegal vector" only
	 * reaches ESR if it named this vCPU, which ID 0 does. */
	x2apic_esr();
	if (x2apic_esr()) {
		printf("apic_abuse: x2APIC ESR not clear\n");
		bad++;
	}
	printf("apic_abuse: x2apic_msrs: %u readable, %u writable, %u "
	       "reserved writes, %u wrong\n", readable, writable,
	       (unsigned int)(sizeof(x2apic_reserved) /
			      sizeof(x2apic_reserved[0])), bad);
	return !bad;
}

/* In xAPIC mode every x2APIC MSR is #GP (11.12.1.2). */
static int x2apic_msrs_in_xapic_mode(void)
{
	unsigned int bad = 0;
	uint32_t msr;
	uint64_t v;

	stage = "x2apic_msrs_xapic";
	for (msr = X2APIC_MSR_BASE; msr <= X2APIC_MSR_LAST; msr++)
		if (!rdmsr_gp(msr, &v) || !wrmsr_gp(msr, 0))
			bad++;
	printf("apic_abuse: x2apic_msrs in xAPIC mode: %u without #GP\n", bad);
	return !bad;
}

/* --- icr_modes ------------------------------------------------------------- */

static void send_icr(int x2apic, uint32_t icr)
{
	if (x2apic)
		wrmsr(MSR_X2APIC_ICR, icr);
	else
		xapic_write(APIC_ICR, icr);	/* ICR2 = 0: ID 0 */
}

static int icr_modes(int x2apic)
{
	uint32_t irqs = abuse_irq_count, nmis = nmi_count, mode, sh;

	stage = "icr_modes";
	__asm__ volatile("sti" : : : "memory");
	for (mode = 0; mode < 8; mode++)
		for (sh = 0; sh < 4; sh++) {
			send_icr(x2apic, (mode << APIC_ICR_DELIVERY_SHIFT) |
				 (sh << APIC_ICR_SHORTHAND_SHIFT) | TEST_VECTOR);
			for (volatile int j = 0; j < SETTLE_LOOPS; j++)
				;
		}
	__asm__ volatile("cli" : : : "memory");
	irqs = abuse_irq_count - irqs;
	nmis = nmi_count - nmis;
	/* Fixed and NMI arrive with no shorthand (ID 0), self and all. */
	printf("apic_abuse: icr_modes %s: 32 IPIs, %u interrupts, %u NMIs\n",
	       x2apic ? "x2apic" : "xapic", irqs, nmis);
	return irqs == 3 && nmis == 3;
}

/* --- mode_switches ------------------------------------------------------------ */

static int mode_switches(void)
{
	const uint64_t keep = APIC_BASE_ADDR | APIC_BASE_BSP;
	const uint64_t xapic = keep | APIC_BASE_ENABLE;
	const uint64_t x2apic = xapic | APIC_BASE_X2APIC;
	const uint64_t disabled = keep;
	unsigned int bad = 0;
	uint64_t v;

#define STEP(val, ok, what)						\
	do {								\
		if ((wrmsr_gp(MSR_IA32_APIC_BASE, (val)) == 0) != (ok)) { \
			printf("apic_abuse: %s: %s\n", (what),		\
			       (ok) ? "#GP" : "no #GP");		\
			bad++;						\
		}							\
	} while (0)

	stage = "mode_switches";
	STEP(keep | APIC_BASE_X2APIC, 0, "xAPIC -> EXTD without EN");
	STEP(xapic | 1, 0, "reserved bit 0");
	STEP(xapic | (1u << 9), 0, "reserved bit 9");
	STEP(x2apic, 1, "xAPIC -> x2APIC");
	if ((uint32_t)mmio_read(APIC_LVR, 4) != 0xffffffffu)
		bad++, printf("apic_abuse: x2APIC: the page still decodes\n");
	if (rdmsr_gp(X2APIC_MSR(APIC_LVR), &v))
		bad++, printf("apic_abuse: x2APIC: LVR MSR #GP\n");
	STEP(xapic, 0, "x2APIC -> xAPIC");
	STEP(keep | APIC_BASE_X2APIC, 0, "x2APIC -> EXTD without EN");
	STEP(disabled, 1, "x2APIC -> disabled");
	if (!rdmsr_gp(X2APIC_MSR(APIC_LVR), &v))
		bad++, printf("apic_abuse: disabled: LVR MSR answers\n");
	if ((uint32_t)mmio_read(APIC_LVR, 4) != 0xffffffffu)
		bad++, printf("apic_abuse: disabled: the page still decodes\n");
	mmio_write(APIC_SPIV, 4, APIC_SPIV_ENABLE | SPURIOUS_VECTOR);
	STEP(x2apic, 0, "disabled -> x2APIC");
	STEP(xapic, 1, "disabled -> xAPIC");
	/* A disable resets the APIC (11.4.3): SVR 0xff, LVT masked, and
	 * the write while disabled went nowhere. */
	if (xapic_read(APIC_SPIV) != 0xff ||
	    xapic_read(APIC_LVTT) != APIC_LVT_MASKED ||
	    xapic_read(APIC_LVR) != 0x00060014)
		bad++, printf("apic_abuse: re-enabled APIC not at reset "
			      "(SVR 0x%x)\n", xapic_read(APIC_SPIV));
	rdmsr_gp(MSR_IA32_APIC_BASE, &v);
	if (v != xapic)
		bad++, printf("apic_abuse: IA32_APIC_BASE 0x%lx\n", v);
	STEP(x2apic, 1, "xAPIC -> x2APIC again");
	STEP(disabled, 1, "x2APIC -> disabled again");
	STEP(xapic, 1, "disabled -> xAPIC again");
#undef STEP
	printf("apic_abuse: mode_switches: %u wrong\n", bad);
	return !bad;
}

void main64(void)
{
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE);
	int ok = 1;

	idt_set_handler(VEC_UD, fault);
	idt_set_handler(VEC_GP, gp);
	idt_set_handler(VEC_PF, fault);
	idt_set_handler(VEC_NMI, nmi);
	idt_set_gate(TEST_VECTOR, abuse_isr);
	if (xapic_map(xapic_pd) || !(base & APIC_BASE_ENABLE) ||
	    (base & APIC_BASE_X2APIC)) {
		printf("apic_abuse: not in xAPIC mode at 0x%x (0x%lx)\n",
		       APIC_BASE_ADDR, base);
		exit_code(EXIT_FAIL);
	}
	xapic_enable();
	ok &= xapic_regs();
	ok &= xapic_widths();
	ok &= x2apic_msrs_in_xapic_mode();
	ok &= icr_modes(0);

	stage = "x2apic_setup";
	wrmsr(MSR_IA32_APIC_BASE, base | APIC_BASE_X2APIC);
	abuse_eoi_xapic = 0;
	x2apic_write(APIC_SPIV, APIC_SPIV_ENABLE | SPURIOUS_VECTOR);
	ok &= x2apic_msrs();
	ok &= icr_modes(1);

	wrmsr(MSR_IA32_APIC_BASE, base & ~(uint64_t)(APIC_BASE_X2APIC |
						      APIC_BASE_ENABLE));
	wrmsr(MSR_IA32_APIC_BASE, base);
	ok &= mode_switches();

	if (!ok) {
		printf("apic_abuse: FAILED\n");
		exit_code(EXIT_FAIL);
	}
	printf("apic_abuse: all passed\n");
	exit_code(EXIT_PASS);
}
