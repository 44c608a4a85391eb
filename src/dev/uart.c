/*
 * uart.c - an 8250/16550 UART at 0x3f8 for the guest's console.
 *
 * Registers as the PC16550D data sheet describes them: RBR/THR, IER, IIR
 * (read) / FCR (write), LCR, MCR, LSR, MSR, SCR, and the divisor latch
 * behind LCR.DLAB (the divisor bytes are stored and read back, never
 * output). Transmission is instant: LSR always reports THR and the
 * transmitter empty. There is no input: LSR.DR stays 0, RBR reads 0. IIR
 * answers as QEMU's hw/char/serial.c does: with IER.ETBEI, a THR-empty
 * interrupt is pending from the IER write or the last THR write until
 * IIR reports it once; else IIR reads "none pending" (0x01, 0xc1 with
 * the FIFOs on). A pending interrupt drives ISA IRQ 4 while MCR.OUT2 is
 * set, as a PC wires COM1 (an interrupt-driven driver, Linux's 8250,
 * sends only on it); a THR write drops and raises it again, since the
 * byte is gone at once: an edge per byte for the edge-triggered 8259.
 * Output is forwarded to the host console a line at a time through the
 * sanitizer (guest_line.c).
 */
#include "io.h"

#include <stdio.h>

#include "guest_line.h"
#include "isa_irq.h"
#include "uart16550.h"
#include "vmm_abi.h"

struct uart_stats uart_stats;

/*
 * thri_pending is QEMU's thr_ipending as far as the IER write sets it;
 * a THR write sets it too, which is seen as thr_writes moving past
 * thri_acked (the count when IIR last reported it), so the THR write,
 * the exit fastpath's hottest device access, stores nothing more.
 */
#define UART_IRQ	4	/* COM1's ISA line */

static struct {
	uint8_t ier, lcr, mcr, scr, fcr, dll, dlm, thri_pending;
	uint8_t irq_level;	/* what IRQ 4 is driven to */
	uint8_t thr_slow;	/* an interrupt enabled or DLAB set: a THR
				 * write is not the polled console's */
	unsigned long thri_acked;
	struct guest_line line;
} uart = { .dll = 1 };

static int uart_thri_due(void)
{
	return (uart.ier & UART_IER_THRI) &&
	       (uart.thri_pending || uart.thri_acked != uart_stats.thr_writes);
}

/*
 * IRQ 4 from the interrupt pending, through OUT2; @thr_write: a byte
 * just left, so a pending THR-empty interrupt is a new edge. From the
 * fastpath too (the THR write): isa_irq_set_line() leaves the PIC's
 * request to the entry the fastpath makes next.
 */
static void uart_irq_update(struct vcpu *v, int thr_write)
{
	uint8_t level = (uart.mcr & UART_MCR_OUT2) && uart_thri_due();

	if (thr_write && level && uart.irq_level)
		isa_irq_set_line(v, UART_IRQ, 0);
	if (level != uart.irq_level || (thr_write && level))
		isa_irq_set_line(v, UART_IRQ, level);
	uart.irq_level = level;
}

static uint32_t uart_iir(void)
{
	uint32_t fifo = (uart.fcr & UART_FCR_FIFO_ENABLE) ? UART_IIR_FIFO_ON
							  : 0;

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

static void uart_tx(uint8_t c)
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

static uint32_t uart_in(struct vcpu *v, uint16_t reg, unsigned int size)
{
	(void)v; (void)size;
	switch (reg) {
	case UART_THR:
		return (uart.lcr & UART_LCR_DLAB) ? uart.dll : 0;
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
		uart_stats.lsr_reads++;
		return UART_LSR_THRE | UART_LSR_TEMT;
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

/* A THR write: the byte leaves at once, unless in loopback. */
static inline void uart_send(uint8_t b)
{
	uart_stats.thr_writes++;
	if (!(uart.mcr & UART_MCR_LOOP))
		uart_tx(b);
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
		uart_send(b);
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
			uart.ier = b & 0x0f;
		}
		break;
	case UART_IIR:
		uart.fcr = b;
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
	uart.thr_slow = uart.ier || (uart.lcr & UART_LCR_DLAB);
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
		uart_send((uint8_t)val);
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
