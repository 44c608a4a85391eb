/*
 * uart.c - an 8250/16550 UART at 0x3f8 for the guest's console.
 *
 * Registers as the PC16550D data sheet describes them: RBR/THR, IER, IIR
 * (read) / FCR (write), LCR, MCR, LSR, MSR, SCR, and the divisor latch
 * behind LCR.DLAB. Transmission is instant: LSR always reports THR and the
 * transmitter empty. There is no input: LSR.DR stays 0, RBR reads 0. No
 * interrupt is raised (the guest has no interrupt controller yet), but IIR
 * reports a THR-empty interrupt as pending when IER asks for one, so a
 * driver's probe sees the register it expects. Output is forwarded to the
 * host console a line at a time through the sanitizer (guest_line.c).
 */
#include "io.h"

#include <stdio.h>

#include "guest_line.h"
#include "uart16550.h"
#include "vmm_abi.h"

struct uart_stats uart_stats;

static struct {
	uint8_t ier, lcr, mcr, scr, fcr, dll, dlm;
	struct guest_line line;
} uart = { .dll = 1 };

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

static uint32_t uart_in(struct vcpu *v, uint16_t reg, unsigned int size)
{
	(void)v; (void)size;
	switch (reg) {
	case UART_THR:
		return (uart.lcr & UART_LCR_DLAB) ? uart.dll : 0;
	case UART_IER:
		return (uart.lcr & UART_LCR_DLAB) ? uart.dlm : uart.ier;
	case UART_IIR:
		return ((uart.ier & UART_IER_THRI) ? UART_IIR_THRI : UART_IIR_NO_INT) |
		       ((uart.fcr & UART_FCR_FIFO_ENABLE) ? UART_IIR_FIFO_ON : 0);
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
		else
			uart.ier = b & 0x0f;
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
