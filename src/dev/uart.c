/*
 * uart.c - an 8250/16550 UART at 0x3f8 for the guest's console.
 *
 * Registers as the PC16550D data sheet describes them: RBR/THR, IER, IIR
 * (read) / FCR (write), LCR, MCR, LSR, MSR, SCR, and the divisor latch
 * behind LCR.DLAB (the divisor bytes are stored and read back, never
 * output). Transmission is instant: LSR always reports THR and the
 * transmitter empty. There is no input: LSR.DR stays 0, RBR reads 0. No
 * interrupt is raised, but IIR answers as QEMU's hw/char/serial.c does:
 * with IER.ETBEI, a THR-empty interrupt is pending from the IER write or
 * the last THR write until IIR reports it once; else IIR reads "none
 * pending" (0x01, 0xc1 with the FIFOs on). Output is forwarded to the
 * host console a line at a time through the sanitizer (guest_line.c).
 */
#include "io.h"

#include <stdio.h>

#include "guest_line.h"
#include "uart16550.h"
#include "vmm_abi.h"

struct uart_stats uart_stats;

/*
 * thri_pending is QEMU's thr_ipending as far as the IER write sets it;
 * a THR write sets it too, which is seen as thr_writes moving past
 * thri_acked (the count when IIR last reported it), so the THR write,
 * the exit fastpath's hottest device access, stores nothing more.
 */
static struct {
	uint8_t ier, lcr, mcr, scr, fcr, dll, dlm, thri_pending;
	unsigned long thri_acked;
	struct guest_line line;
} uart = { .dll = 1 };

static uint32_t uart_iir(void)
{
	uint32_t fifo = (uart.fcr & UART_FCR_FIFO_ENABLE) ? UART_IIR_FIFO_ON
							  : 0;

	if ((uart.ier & UART_IER_THRI) &&
	    (uart.thri_pending || uart.thri_acked != uart_stats.thr_writes)) {
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
	case UART_IIR:
		return uart_iir();
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

static void uart_out(struct vcpu *v, uint16_t reg, unsigned int size,
		     uint32_t val)
{
	uint8_t b = (uint8_t)val;

	(void)v; (void)size;
	switch (reg) {
	case UART_THR:
		if (uart.lcr & UART_LCR_DLAB) {
			uart.dll = b;
		} else {
			uart_stats.thr_writes++;
			if (!(uart.mcr & UART_MCR_LOOP))
				uart_tx(b);
		}
		break;
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
		break;
	default:
		break;	/* LSR and MSR are read-only */
	}
}

const struct port_device uart_device = {
	.name = "uart",
	.base = VMM_PORT_UART,
	.count = UART_NR_REGS,
	.in = uart_in,
	.out = uart_out,
	.fast = 1,
};
