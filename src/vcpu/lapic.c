/*
 * lapic.c - the virtual local APIC (see lapic.h). Register semantics
 * follow the SDM's APIC chapter (vol. 3, 11.4 "Local APIC" onward):
 * reset values in 11.4.7.1, the timer in 11.5.4, errors in 11.5.3,
 * priorities in 11.8.3, EOI in 11.8.5, x2APIC in 11.12. The IPIs it
 * sends are lapic_ipi.c's.
 */
#include "lapic.h"

#include <string.h>

#include "vmm_abi.h"

#define APIC_VERSION		0x14	/* an integrated APIC */
#define APIC_MAX_LVT		6	/* LVT entries - 1: CMCI..error */
#define APIC_LVR_VALUE \
	(APIC_VERSION | (APIC_MAX_LVT << APIC_LVR_MAX_LVT_SHIFT))
/* The LVT entries' writable bits (SDM vol. 3, figure 11-8); delivery
 * status (bit 12) and remote IRR (bit 14) are read-only and read 0. */
#define APIC_LVT_TIMER_MASK	0x000700ffu	/* mode, mask, vector */
#define APIC_LVT_ERROR_MASK	0x000100ffu	/* mask, vector */
#define APIC_LVT_MASK		0x000107ffu	/* mask, delivery, vector */
#define APIC_LVT_LINT_MASK	0x0001a7ffu	/* + trigger, polarity */
#define APIC_LVT_READ_ONLY	0x00005000u	/* remote IRR, status */
#define APIC_SPIV_MASK		0x3ffu	/* vector, enable, focus check */
#define APIC_TDCR_MASK		0xbu

/* A 256-bit register is eight 32-bit words, 16 bytes apart, from @base. */
static volatile uint32_t *reg_word(struct lapic *a, uint32_t base, int v)
{
	return &LAPIC_REG(a, base + 0x10 * (uint32_t)(v >> 5));
}

static void bit_set(struct lapic *a, uint32_t base, int v)
{
	*reg_word(a, base, v) |= 1u << (v & 31);
}

static void bit_clear(struct lapic *a, uint32_t base, int v)
{
	*reg_word(a, base, v) &= ~(1u << (v & 31));
}

/* The highest vector set in the 256-bit register at @base, or -1. */
static int highest(const struct lapic *a, uint32_t base)
{
	int i;

	for (i = 7; i >= 0; i--) {
		uint32_t w = LAPIC_REG(a, base + 0x10 * (uint32_t)i);

		if (w)
			return i * 32 + 31 - __builtin_clz(w);
	}
	return -1;
}

int lapic_highest_irr(const struct lapic *a)
{
	return highest(a, APIC_IRR);
}

int lapic_highest_isr(const struct lapic *a)
{
	return highest(a, APIC_ISR);
}

void lapic_reset(struct lapic *a)
{
	memset((void *)a->page, 0, sizeof(a->page));
	memset((char *)a + sizeof(a->page), 0, sizeof(*a) - sizeof(a->page));
	a->apic_base = APIC_BASE_ADDR | APIC_BASE_ENABLE | APIC_BASE_BSP;
	a->svr = 0xff;
	a->dfr = 0xffffffffu;
	a->lvt_timer = a->lvt_lint1 = a->lvt_error =
		a->lvt_thermal = a->lvt_perf = a->lvt_cmci = APIC_LVT_MASKED;
	/* The SDM's reset masks LINT0 too (11.4.7.1), but firmware puts
	 * the BSP in virtual-wire mode, LINT0 unmasked as ExtINT, and QEMU's
	 * BSP starts so (apic_reset_common()): a guest that never touches
	 * its APIC gets the 8259's interrupts. */
	a->lvt_lint0 = APIC_LVT_DM_EXTINT << 8;
}

unsigned int lapic_timer_divisor(uint32_t tdcr)
{
	/* SDM vol. 3, figure 11-10: bits 3, 1:0; 111b divides by 1. */
	unsigned int v = ((tdcr & 8) >> 1) | (tdcr & 3);

	return v == 7 ? 1 : 2u << v;
}

static unsigned int timer_mode(const struct lapic *a)
{
	return APIC_LVT_TIMER_MODE(a->lvt_timer);
}

/*
 * The TSC ticks from a (re)load of the count to its expiry: TMICT times
 * the divisor (timer_update() keeps it in timer_period, so an expiry
 * does not compute it again). A periodic timer's period is never shorter than
 * VMM_LAPIC_MIN_PERIOD_TICKS, the one bound on how often the guest can
 * make the timer fire: a period shorter than a VM exit would have every
 * entry exit for the next expiry before the guest's first instruction,
 * and the guest never run again (KVM bounds it the same way,
 * limit_periodic_timer_frequency()). A one-shot or TSC-deadline timer
 * fires once per guest write, and each write is an exit already.
 */
static uint64_t timer_span(const struct lapic *a)
{
	uint64_t span = (uint64_t)a->timer_icr *
			lapic_timer_divisor(a->timer_dcr);

	if (timer_mode(a) == APIC_TIMER_PERIODIC &&
	    span < VMM_LAPIC_MIN_PERIOD_TICKS)
		return VMM_LAPIC_MIN_PERIOD_TICKS;
	return span;
}

/* A one-shot or periodic count is loaded and has not run out (mode 11b
 * is reserved: no count runs in it). */
static int count_running(const struct lapic *a)
{
	unsigned int mode = timer_mode(a);

	return a->counting && a->timer_icr &&
	       (mode == APIC_TIMER_ONESHOT || mode == APIC_TIMER_PERIODIC);
}

/*
 * Re-derive next_event after any change to the timer's registers. A
 * masked one-shot or periodic count arms nothing: it runs unseen, its
 * current count computed when TMCCT is read (timer_current_count), and
 * timer_catch_up() brings it up to date when it is unmasked. A masked
 * TSC-deadline timer stays armed: its expiry clears IA32_TSC_DEADLINE,
 * which the guest can read, and it fires once per deadline written.
 */
static void timer_update(struct lapic *a)
{
	if (timer_mode(a) == APIC_TIMER_TSC_DEADLINE) {
		a->next_event = a->tsc_deadline;
		return;
	}
	a->timer_period = timer_span(a);
	if (count_running(a) && !(a->lvt_timer & APIC_LVT_MASKED))
		a->next_event = a->timer_start + a->timer_period;
	else
		a->next_event = 0;
}

/*
 * The count ran masked up to @now: a one-shot count that ran out is over
 * (its interrupt was masked), a periodic one has reloaded at every
 * period that passed. Only at unmasking: an unmasked count that is due
 * keeps its expiry for lapic_timer_expire().
 */
static void timer_catch_up(struct lapic *a, uint64_t now)
{
	uint64_t span, elapsed;

	if (!count_running(a) || now <= a->timer_start)
		return;
	span = timer_span(a);	/* the LVT write may change the mode too */
	elapsed = now - a->timer_start;
	if (elapsed < span)
		return;
	if (timer_mode(a) == APIC_TIMER_ONESHOT)
		a->counting = 0;
	else
		a->timer_start += elapsed / span * span;
}

uint32_t lapic_ppr(const struct lapic *a)
{
	int isrv = lapic_highest_isr(a);
	uint32_t isr_class = isrv < 0 ? 0 : (uint32_t)isrv & 0xf0;
	uint32_t tpr = lapic_tpr(a);

	/* SDM vol. 3, 11.8.3.1 */
	if ((tpr & 0xf0) >= isr_class)
		return tpr;
	return isr_class;
}

int lapic_pending_vector(const struct lapic *a)
{
	int v = lapic_highest_irr(a);

	if (v < 0 || !(a->svr & APIC_SPIV_ENABLE) ||
	    !(a->apic_base & APIC_BASE_ENABLE))
		return -1;
	if (((uint32_t)v & 0xf0) <= (lapic_ppr(a) & 0xf0))
		return -1;
	return v;
}

int lapic_timer_can_wake(const struct lapic *a)
{
	uint32_t vector = APIC_LVT_VECTOR(a->lvt_timer);

	if (!a->next_event || (a->lvt_timer & APIC_LVT_MASKED) ||
	    !(a->svr & APIC_SPIV_ENABLE) || !(a->apic_base & APIC_BASE_ENABLE))
		return 0;
	if (vector < APIC_VECTOR_LEGAL_MIN) {
		/* An illegal vector raises the error interrupt instead. */
		if (a->lvt_error & APIC_LVT_MASKED)
			return 0;
		vector = APIC_LVT_VECTOR(a->lvt_error);
		if (vector < APIC_VECTOR_LEGAL_MIN)
			return 0;
	}
	return (vector & 0xf0) > (lapic_ppr(a) & 0xf0);
}

int lapic_vector_can_wake(const struct lapic *a, int vector)
{
	uint32_t irr;

	if (vector < APIC_VECTOR_LEGAL_MIN || vector > 0xff ||
	    !(a->svr & APIC_SPIV_ENABLE) || !(a->apic_base & APIC_BASE_ENABLE))
		return 0;
	irr = LAPIC_REG(a, APIC_IRR + 0x10 * (uint32_t)(vector >> 5));
	if (irr & (1u << (vector & 31)))
		return 0;	/* pending already: one more adds nothing */
	return (vector & 0xf0) > (lapic_ppr(a) & 0xf0);
}

void lapic_accept(struct lapic *a, int vector)
{
	bit_clear(a, APIC_IRR, vector);
	bit_set(a, APIC_ISR, vector);
}

static void set_irr(struct lapic *a, int vector)
{
	bit_set(a, APIC_IRR, vector);
	bit_clear(a, APIC_TMR, vector);	/* edge-triggered */
}

/*
 * An error the APIC detected (SDM vol. 3, 11.5.3): logged for the next
 * ESR write, and signalled through the LVT error entry unless it is
 * masked. An illegal vector in that entry is logged too, and raises
 * nothing more.
 */
void lapic_error(struct lapic *a, uint32_t bits)
{
	uint32_t vector = APIC_LVT_VECTOR(a->lvt_error);

	a->esr_pending |= bits;
	if (a->lvt_error & APIC_LVT_MASKED)
		return;
	if (vector < APIC_VECTOR_LEGAL_MIN)
		a->esr_pending |= APIC_ESR_RECV_ILLEGAL_VECTOR;
	else
		set_irr(a, (int)vector);
}

void lapic_raise(struct lapic *a, int vector)
{
	/* An illegal vector is dropped, with "receive illegal vector" in
	 * the ESR (SDM vol. 3, 11.5.3). */
	if (vector < APIC_VECTOR_LEGAL_MIN) {
		lapic_error(a, APIC_ESR_RECV_ILLEGAL_VECTOR);
		return;
	}
	set_irr(a, vector);
}


int lapic_timer_expire(struct lapic *a, uint64_t now)
{
	uint64_t next = a->next_event;

	if (!next || now < next)
		return 0;
	a->fired++;
	if (!(a->lvt_timer & APIC_LVT_MASKED))
		lapic_raise(a, (int)APIC_LVT_VECTOR(a->lvt_timer));
	if (timer_mode(a) == APIC_TIMER_PERIODIC) {
		/* Reload from the expiry, not from now: a late handler does
		 * not stretch the period. Periods missed entirely while the
		 * vCPU could not take them coalesce into this one. Armed, so
		 * unmasked: the next expiry is armed too. */
		uint64_t period = a->timer_period;

		a->timer_start = next;
		if (now - next >= period)
			a->timer_start += (now - next) / period * period;
		a->next_event = a->timer_start + period;
		return 1;
	}
	/* One-shot: the current count stays 0. TSC-deadline: the timer
	 * disarms and IA32_TSC_DEADLINE reads 0 (SDM vol. 3, 11.5.4.1).
	 * Each field is already 0 in the other mode. */
	a->counting = 0;
	a->tsc_deadline = 0;
	a->next_event = 0;
	return 1;
}

uint64_t lapic_read_tsc_deadline(const struct lapic *a)
{
	/* Reads 0 outside TSC-deadline mode (SDM vol. 3, 11.5.4.1). */
	return timer_mode(a) == APIC_TIMER_TSC_DEADLINE ? a->tsc_deadline : 0;
}

void lapic_write_tsc_deadline(struct lapic *a, uint64_t val, uint64_t now)
{
	(void)now;
	if (timer_mode(a) != APIC_TIMER_TSC_DEADLINE)
		return;		/* ignored in the other modes */
	a->tsc_deadline = val;
	timer_update(a);
}

int lapic_write_apic_base(struct lapic *a, uint64_t val)
{
	uint64_t allowed = APIC_BASE_ADDR | APIC_BASE_BSP | APIC_BASE_X2APIC |
			   APIC_BASE_ENABLE;

	/* The base stays at 0xfee00000; x2APIC needs the APIC enabled
	 * (SDM vol. 3, 11.12.5, figure 11-27: "invalid" state). */
	if ((val & ~allowed) || (val & ~0xfffull) != APIC_BASE_ADDR)
		return -1;
	if ((val & APIC_BASE_X2APIC) && !(val & APIC_BASE_ENABLE))
		return -1;
	/* Disabled goes to xAPIC first (SDM vol. 3, 11.12.5.1). */
	if (!(a->apic_base & APIC_BASE_ENABLE) && (val & APIC_BASE_X2APIC))
		return -1;
	/* Leaving x2APIC mode goes through "disabled" first. */
	if (lapic_x2apic(a) && (val & APIC_BASE_ENABLE) &&
	    !(val & APIC_BASE_X2APIC))
		return -1;
	if (!(val & APIC_BASE_ENABLE)) {
		uint64_t keep = a->apic_base & ~(APIC_BASE_ENABLE |
						 APIC_BASE_X2APIC);

		lapic_reset(a);
		a->apic_base = keep;
		return 0;
	}
	a->apic_base = val;
	return 0;
}

/*
 * TMCCT, from the time the count was loaded: masked or not, the count runs
 * down at the TSC rate / divisor. A one-shot count stays at 0 once it ran
 * out; a periodic one reloads at every period, whether or not the expiry
 * has been handled yet. A period stretched to VMM_LAPIC_MIN_PERIOD_TICKS
 * reads as a count that waits at TMICT before it runs down: never above
 * the initial count.
 */
static uint32_t timer_current_count(const struct lapic *a, uint64_t now)
{
	uint64_t span, elapsed, count;

	if (!count_running(a))
		return 0;
	span = a->timer_period;
	elapsed = now > a->timer_start ? now - a->timer_start : 0;
	if (elapsed >= span) {
		if (timer_mode(a) == APIC_TIMER_ONESHOT)
			return 0;
		elapsed %= span;
	}
	count = (span - elapsed) / lapic_timer_divisor(a->timer_dcr);
	return count > a->timer_icr ? a->timer_icr : (uint32_t)count;
}

static void eoi(struct lapic *a)
{
	int v = lapic_highest_isr(a);

	if (v >= 0)
		bit_clear(a, APIC_ISR, v);
}

/*
 * Whether @off is a register of the xAPIC page (SDM vol. 3, table 11-1):
 * an access to any other offset is an "illegal register address" error
 * (11.5.3), an access to a read-only register's write, or a write-only
 * one's read, is none.
 */
static int xapic_register(uint32_t off)
{
	switch (off) {
	case APIC_ID: case APIC_LVR: case APIC_TASKPRI: case APIC_ARBPRI:
	case APIC_PROCPRI: case APIC_EOI: case APIC_RRR: case APIC_LDR:
	case APIC_DFR: case APIC_SPIV: case APIC_ESR: case APIC_LVTCMCI:
	case APIC_ICR: case APIC_ICR2: case APIC_LVTT: case APIC_LVTTHMR:
	case APIC_LVTPC: case APIC_LVT0: case APIC_LVT1: case APIC_LVTERR:
	case APIC_TMICT: case APIC_TMCCT: case APIC_TDCR:
		return 1;
	default:
		return off >= APIC_ISR && off < APIC_IRR + 0x80;
	}
}

/* No such register: in xAPIC mode an APIC error, in x2APIC mode the
 * caller's #GP (11.12.1.2; no ESR bit then, 11.12.1.3). */
static int no_register(struct lapic *a, uint32_t off)
{
	if (!lapic_x2apic(a) && !xapic_register(off))
		lapic_error(a, APIC_ESR_ILLEGAL_REGISTER);
	return -1;
}

int lapic_read(struct lapic *a, uint32_t off, uint64_t now, uint32_t *val)
{
	switch (off) {
	case APIC_ID:
		/* xAPIC: the ID in bits 31:24; x2APIC: the 32-bit ID. */
		*val = lapic_x2apic(a) ? LAPIC_ID
				       : LAPIC_ID << APIC_XAPIC_ID_SHIFT;
		return 0;
	case APIC_LVR: *val = APIC_LVR_VALUE; return 0;
	case APIC_TASKPRI: *val = lapic_tpr(a); return 0;
	case APIC_ARBPRI: *val = 0; return lapic_x2apic(a) ? -1 : 0;
	case APIC_PROCPRI: *val = lapic_ppr(a); return 0;
	case APIC_LDR:
		*val = lapic_x2apic(a) ? APIC_X2APIC_LDR(LAPIC_ID) : a->ldr;
		return 0;
	case APIC_DFR: *val = a->dfr; return lapic_x2apic(a) ? -1 : 0;
	case APIC_SPIV: *val = a->svr; return 0;
	case APIC_ESR: *val = a->esr; return 0;
	case APIC_LVTCMCI: *val = a->lvt_cmci; return 0;
	case APIC_ICR: *val = a->icr_low; return 0;
	case APIC_ICR2: *val = a->icr_high; return lapic_x2apic(a) ? -1 : 0;
	case APIC_LVTT: *val = a->lvt_timer; return 0;
	case APIC_LVTTHMR: *val = a->lvt_thermal; return 0;
	case APIC_LVTPC: *val = a->lvt_perf; return 0;
	case APIC_LVT0: *val = a->lvt_lint0; return 0;
	case APIC_LVT1: *val = a->lvt_lint1; return 0;
	case APIC_LVTERR: *val = a->lvt_error; return 0;
	case APIC_TMICT: *val = a->timer_icr; return 0;
	case APIC_TMCCT: *val = timer_current_count(a, now); return 0;
	case APIC_TDCR: *val = a->timer_dcr; return 0;
	default:
		break;
	}
	if (off >= APIC_ISR && off < APIC_IRR + 0x80) {	/* ISR, TMR, IRR */
		*val = LAPIC_REG(a, off);
		return 0;
	}
	*val = 0;	/* and the remote read register, in xAPIC mode */
	return no_register(a, off);
}

/*
 * x2APIC mode: the bits a WRMSR may set in each register; a write with
 * any other set is #GP (SDM vol. 3, 11.12.1.3, "reserved bit checking";
 * table 11-6: EOI and ESR take only 0). Read-only bits may be written:
 * they are not reserved. Registers not listed take any value or none.
 */
static uint32_t x2apic_writable(uint32_t off)
{
	switch (off) {
	case APIC_TASKPRI: return 0xff;
	case APIC_EOI: return 0;
	case APIC_ESR: return 0;
	case APIC_SPIV: return APIC_SPIV_MASK;
	case APIC_LVTT: return APIC_LVT_TIMER_MASK | APIC_LVT_READ_ONLY;
	case APIC_LVTTHMR:
	case APIC_LVTPC:
	case APIC_LVTCMCI: return APIC_LVT_MASK | APIC_LVT_READ_ONLY;
	case APIC_LVT0:
	case APIC_LVT1: return APIC_LVT_LINT_MASK | APIC_LVT_READ_ONLY;
	case APIC_LVTERR: return APIC_LVT_ERROR_MASK | APIC_LVT_READ_ONLY;
	case APIC_TDCR: return APIC_TDCR_MASK;
	case APIC_SELF_IPI: return 0xff;
	default: return ~0u;
	}
}

static void write_lvt_timer(struct lapic *a, uint32_t val, uint64_t now)
{
	uint32_t old_mode = timer_mode(a);
	uint32_t was_masked = a->lvt_timer & APIC_LVT_MASKED;

	if (!(a->svr & APIC_SPIV_ENABLE))
		val |= APIC_LVT_MASKED;	/* SDM vol. 3, 11.4.7.2 */
	a->lvt_timer = val & APIC_LVT_TIMER_MASK;
	/* SDM vol. 3, 11.5.4.1: a change into or out of TSC-deadline mode
	 * disarms the timer. Otherwise the count runs on: writing the LVT
	 * entry does not start it (a one-shot/periodic switch keeps it). */
	if ((timer_mode(a) == APIC_TIMER_TSC_DEADLINE) !=
	    (old_mode == APIC_TIMER_TSC_DEADLINE)) {
		a->timer_icr = 0;
		a->counting = 0;
		a->tsc_deadline = 0;
		a->timer_start = now;
	} else if (was_masked && !(a->lvt_timer & APIC_LVT_MASKED)) {
		timer_catch_up(a, now);
	}
	timer_update(a);
}

int lapic_write(struct lapic *a, uint32_t off, uint32_t val, uint64_t now)
{
	if (lapic_x2apic(a) && (val & ~x2apic_writable(off)))
		return -1;
	switch (off) {
	case APIC_TASKPRI:
		LAPIC_REG(a, APIC_TASKPRI) = val & 0xff;
		return 0;
	case APIC_EOI:
		eoi(a);
		return 0;
	case APIC_LDR:
		if (lapic_x2apic(a))
			return -1;	/* read-only in x2APIC mode */
		a->ldr = val & 0xff000000u;
		return 0;
	case APIC_DFR:
		if (lapic_x2apic(a))
			return -1;
		a->dfr = val | 0x0fffffffu;
		return 0;
	case APIC_SPIV:
		a->svr = val & APIC_SPIV_MASK;
		if (!(val & APIC_SPIV_ENABLE)) {
			/* Software disable masks every LVT (11.4.7.2). */
			a->lvt_timer |= APIC_LVT_MASKED;
			a->lvt_lint0 |= APIC_LVT_MASKED;
			a->lvt_lint1 |= APIC_LVT_MASKED;
			a->lvt_error |= APIC_LVT_MASKED;
			a->lvt_thermal |= APIC_LVT_MASKED;
			a->lvt_perf |= APIC_LVT_MASKED;
			a->lvt_cmci |= APIC_LVT_MASKED;
			timer_update(a);
		}
		return 0;
	case APIC_ESR:
		a->esr = a->esr_pending;
		a->esr_pending = 0;
		return 0;
	case APIC_ICR:
		if (lapic_x2apic(a))
			return lapic_write_icr64(a, ((uint64_t)a->icr_high << 32) |
						 val);
		/* Writing the low dword sends (SDM vol. 3, 11.6.1); the
		 * delivery status reads idle at once. */
		a->icr_low = val & APIC_ICR_LOW_BITS;
		lapic_send_ipi(a, val, a->icr_high);
		return 0;
	case APIC_ICR2:
		if (lapic_x2apic(a))
			return -1;
		a->icr_high = val & 0xff000000u;
		return 0;
	case APIC_LVTT:
		write_lvt_timer(a, val, now);
		return 0;
	case APIC_LVTTHMR: a->lvt_thermal = val & APIC_LVT_MASK; return 0;
	case APIC_LVTPC: a->lvt_perf = val & APIC_LVT_MASK; return 0;
	case APIC_LVTCMCI: a->lvt_cmci = val & APIC_LVT_MASK; return 0;
	case APIC_LVT0: a->lvt_lint0 = val & APIC_LVT_LINT_MASK; return 0;
	case APIC_LVT1: a->lvt_lint1 = val & APIC_LVT_LINT_MASK; return 0;
	case APIC_LVTERR: a->lvt_error = val & APIC_LVT_ERROR_MASK; return 0;
	case APIC_TMICT:
		if (timer_mode(a) == APIC_TIMER_TSC_DEADLINE)
			return 0;	/* ignored in TSC-deadline mode */
		a->timer_icr = val;
		a->counting = val != 0;
		a->timer_start = now;
		timer_update(a);
		return 0;
	case APIC_TDCR:
		a->timer_dcr = val & APIC_TDCR_MASK;
		timer_update(a);
		return 0;
	case APIC_SELF_IPI:
		/* x2APIC only (11.12.11): a fixed IPI to self. */
		if (!lapic_x2apic(a))
			return no_register(a, off);
		lapic_send_ipi(a, (APIC_ICR_DEST_SELF << APIC_ICR_SHORTHAND_SHIFT) |
			 val, 0);
		return 0;
	case APIC_ID:
	case APIC_LVR:
	case APIC_PROCPRI:
	case APIC_TMCCT:
		return lapic_x2apic(a) ? -1 : 0;	/* read-only */
	default:
		/* Read-only (ARBPRI, RRR, ISR/TMR/IRR) or no register. */
		return no_register(a, off);
	}
}
