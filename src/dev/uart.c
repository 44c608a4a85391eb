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
 * host console a line at a time, prefixed "guest: ".
 */
#include "io.h"

#include <stdio.h>

#include "console.h"

#define UART_BASE	0x3f8
#define UART_RBR_THR	0
#define UART_IER	1
#define UART_IIR_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_MSR	6
#define UART_SCR	7

#define IER_THRI	0x02
#define IIR_NO_INT	0x01
#define IIR_THRI	0x02
#define IIR_FIFO_ON	0xc0
#define FCR_FIFO_ENABLE	0x01
#define LCR_DLAB	0x80
#define MCR_LOOP	0x10
#define LSR_THRE	0x20
#define LSR_TEMT	0x40
#define MSR_CTS		0x10
#define MSR_DSR		0x20
#define MSR_DCD		0x80

#define LINE_MAX	256

struct uart_stats uart_stats;

static struct {
	uint8_t ier, lcr, mcr, scr, fcr, dll, dlm;
	char line[LINE_MAX];
	unsigned int len;
} uart = { .dll = 1 };

/* A line of the guest's goes out before the guest runs on (console.c). */
static void guest_line(const char *s, unsigned int len)
{
	printf("guest: %.*s\n", (int)len, s);	/* stdout is line-buffered */
	console_drain();
}

void uart_flush(void)
{
	if (!uart.len)
		return;
	guest_line(uart.line, uart.len);
	uart.len = 0;
	uart_stats.lines++;
}

static void uart_tx(uint8_t c)
{
	uart_stats.bytes_out++;
	if (c == '\r')
		return;
	if (c == '\n') {
		if (!uart.len)
			guest_line("", 0);
		else
			uart_flush();
		return;
	}
	if (uart.len == LINE_MAX)
		uart_flush();
	uart.line[uart.len++] = (char)c;
}

static uint32_t uart_in(struct vcpu *v, uint16_t reg, unsigned int size)
{
	(void)v; (void)size;
	switch (reg) {
	case UART_RBR_THR:
		return (uart.lcr & LCR_DLAB) ? uart.dll : 0;
	case UART_IER:
		return (uart.lcr & LCR_DLAB) ? uart.dlm : uart.ier;
	case UART_IIR_FCR:
		return ((uart.ier & IER_THRI) ? IIR_THRI : IIR_NO_INT) |
		       ((uart.fcr & FCR_FIFO_ENABLE) ? IIR_FIFO_ON : 0);
	case UART_LCR:
		return uart.lcr;
	case UART_MCR:
		return uart.mcr;
	case UART_LSR:
		uart_stats.lsr_reads++;
		return LSR_THRE | LSR_TEMT;
	case UART_MSR:
		/* Loopback mode feeds MCR's outputs back (data sheet,
		 * "MCR bit 4"); otherwise a cable that is always ready. */
		if (uart.mcr & MCR_LOOP)
			return ((uart.mcr & 0x0c) << 4) | ((uart.mcr & 0x01) << 5) |
			       ((uart.mcr & 0x02) << 3);
		return MSR_CTS | MSR_DSR | MSR_DCD;
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
	case UART_RBR_THR:
		if (uart.lcr & LCR_DLAB) {
			uart.dll = b;
		} else {
			uart_stats.thr_writes++;
			if (!(uart.mcr & MCR_LOOP))
				uart_tx(b);
		}
		break;
	case UART_IER:
		if (uart.lcr & LCR_DLAB)
			uart.dlm = b;
		else
			uart.ier = b & 0x0f;
		break;
	case UART_IIR_FCR:
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
	.base = UART_BASE,
	.count = 8,
	.in = uart_in,
	.out = uart_out,
	.fast = 1,
};
