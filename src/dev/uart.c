/*
 * uart.c - an 8250/16550 UART at 0x3f8 for the guest's console.
 *
 * Registers as the PC16550D data sheet describes them: RBR/THR, IER, IIR
 * (read) / FCR (write), LCR, MCR, LSR, MSR, SCR, and the divisor latch
 * behind LCR.DLAB (the divisor bytes are stored and read back, never
 * output). Transmission is instant: LSR always reports THR and the
 * transmitter empty. IIR answers as QEMU's hw/char/serial.c does: with
 * IER.ETBEI, a THR-empty interrupt is pending from the IER write or the
 * last THR write until IIR reports it once; else IIR reads "none
 * pending" (0x01, 0xc1 with the FIFOs on). A pending interrupt drives
 * ISA IRQ 4 while MCR.OUT2 is set, as a PC wires COM1 (an
 * interrupt-driven driver, Linux's 8250, sends only on it); a THR write
 * drops and raises it again, since the byte is gone at once: an edge per
 * byte for the edge-triggered 8259 and I/O APIC. Output is forwarded to
 * the host console a line at a time through the sanitizer
 * (guest_line.c).
 *
 * Input comes from the host console: its bytes enter a receive FIFO of
 * 16 (1 with the FIFOs off; FCR clears it and sets its trigger level),
 * LSR.DR says it holds one, RBR takes the oldest. The host is asked
 * only when the guest could take a byte: at an LSR read that finds the
 * FIFO empty (a polled guest waits so), and, while IER.ERBFI and OUT2
 * would raise IRQ 4 for it, once per UART_RX_POLL_PM PM-timer ticks
 * from the entry path (isa_irq.c), which also wakes a halted vCPU for it.
 * At 1 ms that is faster than the host's own 16-byte FIFO fills at
 * 115200 baud (1.4 ms), so nothing typed at that rate is lost while the
 * guest reads; each RBR read asks again, so a guest without FIFOs keeps
 * up too. Bytes arrive in batches, at a poll, after any gap between
 * them has passed: so the received-data interrupt (IIR 0x04) is pending
 * while the FIFO holds the trigger level, and below it the character
 * timeout (0x0c) at once, in the 16550's priority order, above THR
 * empty. Each poll also shows the guest's partial line (a prompt) on
 * the console. In loopback the THR's bytes are received instead and the
 * host is not asked; a byte that finds the FIFO full sets LSR.OE, and
 * with IER.ELSI the line-status interrupt (IIR 0x06) until LSR is read.
 */
#include "io.h"

#include <stdio.h>

#include "console.h"
#include "guest_line.h"
#include "isa_irq.h"
#include "pmtimer.h"
#include "uart16550.h"
#include "vmm_abi.h"

struct uart_stats uart_stats;

/*
 * thri_pending is QEMU's thr_ipending as far as the IER write sets it;
 * a THR write sets it too, which is seen as thr_writes moving past
 * thri_acked (the count when IIR last reported it), so the THR write,
 * the exit fastpath's hottest device access, stores nothing more.
 */
#define UART_RX_POLL_PM	(PMTIMER_HZ / 1000)	/* 1 ms */

static struct {
	uint8_t ier, lcr, mcr, scr, fcr, dll, dlm, thri_pending;
	uint8_t irq_level;	/* what IRQ 4 is driven to */
	uint8_t thr_slow;	/* an interrupt enabled, DLAB or loopback
				 * set: a THR write is not the polled
				 * console's */
	uint8_t rx[UART_RX_FIFO_SIZE];
	uint8_t rx_head, rx_count, rx_overrun;
	uint8_t rx_last;	/* RBR's byte, read again when none came */
	uint64_t rx_next;	/* TSC of the next host poll */
	unsigned long thri_acked;
	struct guest_line line;
} uart = { .dll = 1 };

static int uart_thri_due(void)
{
	return (uart.ier & UART_IER_THRI) &&
	       (uart.thri_pending || uart.thri_acked != uart_stats.thr_writes);
}

static unsigned int rx_size(void)
{
	return (uart.fcr & UART_FCR_FIFO_ENABLE) ? UART_RX_FIFO_SIZE : 1;
}

/* The received-data interrupt's level: the trigger FCR chose. */
static unsigned int rx_trigger(void)
{
	static const uint8_t level[4] = { 1, 4, 8, 14 };

	return (uart.fcr & UART_FCR_FIFO_ENABLE) ?
	       level[UART_FCR_TRIGGER(uart.fcr)] : 1;
}

static int uart_rx_due(void)
{
	return (uart.ier & UART_IER_RDI) && uart.rx_count;
}

/* The receiver line status interrupt: an overrun, until LSR is read. */
static int uart_rls_due(void)
{
	return (uart.ier & UART_IER_RLSI) && uart.rx_overrun;
}

/* A byte received. Full, it is an overrun (LSR.OE): the FIFO keeps
 * what it holds and the new byte is lost; without FIFOs the new byte
 * overwrites the one in RBR (data sheet, "LSR bit 1"). */
static void rx_push(uint8_t b)
{
	if (uart.rx_count == rx_size()) {
		uart.rx_overrun = 1;
		if (!(uart.fcr & UART_FCR_FIFO_ENABLE))
			uart.rx[uart.rx_head] = b;
		return;
	}
	uart.rx[(uart.rx_head + uart.rx_count++) % UART_RX_FIFO_SIZE] = b;
	uart_stats.bytes_in++;
}

/* What the host console holds, while the FIFO has room; none in
 * loopback, where the serial input is cut off. */
static void rx_pull(void)
{
	int c;

	if (uart.mcr & UART_MCR_LOOP)
		return;
	while (uart.rx_count < rx_size() && (c = console_getc()) >= 0)
		rx_push((uint8_t)c);
}

/*
 * IRQ 4 from the interrupt pending, through OUT2; @thr_write: a byte
 * just left, so a pending THR-empty interrupt is a new edge. From the
 * fastpath too (the THR write): isa_irq_set_line() leaves the PIC's
 * request to the entry the fastpath makes next.
 */
static void uart_irq_update(struct vcpu *v, int thr_write)
{
	uint8_t level = (uart.mcr & UART_MCR_OUT2) &&
			(uart_rls_due() || uart_rx_due() || uart_thri_due());

	if (thr_write && level && uart.irq_level)
		isa_irq_set_line(v, UART_COM1_IRQ, 0);
	if (level != uart.irq_level || (thr_write && level))
		isa_irq_set_line(v, UART_COM1_IRQ, level);
	uart.irq_level = level;
}

static uint32_t uart_iir(void)
{
	uint32_t fifo = (uart.fcr & UART_FCR_FIFO_ENABLE) ? UART_IIR_FIFO_ON
							  : 0;

	if (uart_rls_due())
		return UART_IIR_RLSI | fifo;
	if (uart_rx_due())
		return (uart.rx_count >= rx_trigger() ? UART_IIR_RDI
						     : UART_IIR_CTI) | fifo;
	if (uart_thri_due()) {
		uart.thri_pending = 0;
		uart.thri_acked = uart_stats.thr_writes;
		return UART_IIR_THRI | fifo;
	}
	return UART_IIR_NO_INT | fifo;
}

void uart_flush(void)
{
	guest_line_flush(&uart.line);
}

unsigned long uart_lines(void)
{
	return uart.line.lines;
}

/* Inline: the polled console's THR write stores its byte here. */
static inline __attribute__((always_inline)) void uart_tx(uint8_t c)
{
	uart_stats.bytes_out++;
	guest_line_put(&uart.line, c);
}

void uart_guest_write(const uint8_t *s, uint64_t len)
{
	uint64_t i;

	for (i = 0; i < len; i++)
		uart_tx(s[i]);
}

/* RBR: the oldest byte received, or again the last one when none has
 * come since. The host is asked for the next at once: a guest without
 * FIFOs takes one byte a read, faster than the 1 ms poll would give. */
static uint32_t rx_pop(struct vcpu *v)
{
	if (!uart.rx_count)
		return uart.rx_last;
	uart.rx_last = uart.rx[uart.rx_head];
	uart.rx_head = (uart.rx_head + 1) % UART_RX_FIFO_SIZE;
	uart.rx_count--;
	rx_pull();
	if (uart.irq_level || uart.rx_count)
		uart_irq_update(v, 0);
	return uart.rx_last;
}

static uint32_t uart_lsr(struct vcpu *v)
{
	uint32_t lsr = UART_LSR_THRE | UART_LSR_TEMT;

	uart_stats.lsr_reads++;
	if (!uart.rx_count) {
		rx_pull();
		if (uart.rx_count)
			uart_irq_update(v, 0);
	}
	if (uart.rx_count)
		lsr |= UART_LSR_DR;
	if (uart.rx_overrun) {
		lsr |= UART_LSR_OE;	/* cleared by the read */
		uart.rx_overrun = 0;
		if (uart.irq_level)
			uart_irq_update(v, 0);
	}
	return lsr;
}

uint64_t uart_rx_next_poll(void)
{
	if (!(uart.ier & UART_IER_RDI) || !(uart.mcr & UART_MCR_OUT2) ||
	    (uart.mcr & UART_MCR_LOOP) || uart.rx_count == rx_size())
		return 0;
	return uart.rx_next;
}

void uart_rx_poll(struct vcpu *v, uint64_t now)
{
	uint64_t next = uart_rx_next_poll();

	if (!next || now < next)
		return;
	uart.rx_next = pmtimer_tsc_at(pmtimer_ticks(now) + UART_RX_POLL_PM);
	guest_line_show(&uart.line);
	rx_pull();
	uart_irq_update(v, 0);
}

static uint32_t uart_in(struct vcpu *v, uint16_t reg, unsigned int size)
{
	(void)size;
	switch (reg) {
	case UART_RBR:
		return (uart.lcr & UART_LCR_DLAB) ? uart.dll : rx_pop(v);
	case UART_IER:
		return (uart.lcr & UART_LCR_DLAB) ? uart.dlm : uart.ier;
	case UART_IIR: {
		uint32_t iir = uart_iir();

		if (uart.irq_level)
			uart_irq_update(v, 0);
		return iir;
	}
	case UART_LCR:
		return uart.lcr;
	case UART_MCR:
		return uart.mcr;
	case UART_LSR:
		return uart_lsr(v);
	case UART_MSR:
		/* Loopback mode feeds MCR's outputs back (data sheet,
		 * "MCR bit 4"); otherwise a cable that is always ready. */
		if (uart.mcr & UART_MCR_LOOP)
			return ((uart.mcr & 0x0c) << 4) | ((uart.mcr & 0x01) << 5) |
			       ((uart.mcr & 0x02) << 3);
		return UART_MSR_CTS | UART_MSR_DSR | UART_MSR_DCD;
	default:
		return uart.scr;
	}
}

/* A THR write: the byte leaves at once, or in loopback (never on the
 * polled console's path) is received. */
static inline void uart_send(uint8_t b, int loop)
{
	uart_stats.thr_writes++;
	if (!loop)
		uart_tx(b);
	else
		rx_push(b);
}

/* Every register write but the polled console's THR write. */
static __attribute__((noinline)) void uart_out_reg(struct vcpu *v,
						    uint16_t reg, uint8_t b)
{
	switch (reg) {
	case UART_THR:
		if (uart.lcr & UART_LCR_DLAB) {
			uart.dll = b;
			return;
		}
		uart_send(b, uart.mcr & UART_MCR_LOOP);
		uart_irq_update(v, 1);	/* an interrupt is enabled */
		return;
	case UART_IER:
		if (uart.lcr & UART_LCR_DLAB)
			uart.dlm = b;
		else {
			/* Enabling ETBEI with THR empty (it always is)
			 * raises the interrupt, as serial.c does. */
			if ((b & ~uart.ier) & UART_IER_THRI)
				uart.thri_pending = 1;
			/* The receiver's poll starts at the next entry. */
			if ((b & ~uart.ier) & UART_IER_RDI) {
				uart.rx_next = 1;
				isa_irq_use(v);
			}
			uart.ier = b & 0x0f;
		}
		break;
	case UART_IIR:
		/* Turning the FIFOs on or off clears them, and the other
		 * bits are programmed only with bit 0 set (data sheet,
		 * "FCR bit 0"); bit 1 clears the receiver's. */
		if (((b ^ uart.fcr) & UART_FCR_FIFO_ENABLE) ||
		    ((b & UART_FCR_FIFO_ENABLE) && (b & UART_FCR_CLEAR_RCVR)))
			uart.rx_count = 0;
		uart.fcr = (b & UART_FCR_FIFO_ENABLE) ? b : 0;
		break;
	case UART_LCR:
		uart.lcr = b;
		break;
	case UART_MCR:
		uart.mcr = b & 0x1f;
		break;
	case UART_SCR:
		uart.scr = b;
		return;
	default:
		return;	/* LSR and MSR are read-only */
	}
	uart.thr_slow = uart.ier || (uart.lcr & UART_LCR_DLAB) ||
			(uart.mcr & UART_MCR_LOOP);
	uart_irq_update(v, 0);	/* IER, FCR, LCR, MCR */
}

/*
 * The THR write of a polled console (no interrupt enabled, DLAB clear)
 * is the exit fastpath's hottest device access: it alone is handled
 * here, in a few instructions.
 */
static void uart_out(struct vcpu *v, uint16_t reg, unsigned int size,
		     uint32_t val)
{
	(void)size;
	if (reg == UART_THR && !uart.thr_slow) {
		uart_send((uint8_t)val, 0);
		return;
	}
	uart_out_reg(v, reg, (uint8_t)val);
}

const struct port_device uart_device = {
	.name = "uart",
	.base = VMM_PORT_UART,
	.count = UART_NR_REGS,
	.in = uart_in,
	.out = uart_out,
	.fast = 1,
};
