/*
 * console.c - polled 16550 driver for COM1 (the host console).
 *
 * Register map and bits: the PC16550D data sheet (National Semiconductor),
 * "Register Description". Output only, polled: the hypervisor never takes
 * interrupts. '\n' is sent as "\r\n" so a serial terminal shows lines.
 */
#include "console.h"

#include "uart16550.h"
#include "x86.h"

#define BAUD		115200

void console_init(void)
{
	unsigned int div = UART_CLOCK / BAUD;

	outb(UART_COM1_BASE + UART_IER, 0);
	outb(UART_COM1_BASE + UART_LCR, UART_LCR_DLAB);
	outb(UART_COM1_BASE + UART_DLL, div & 0xff);
	outb(UART_COM1_BASE + UART_DLM, div >> 8);
	outb(UART_COM1_BASE + UART_LCR, UART_LCR_8N1);
	outb(UART_COM1_BASE + UART_FCR, UART_FCR_ENABLE_CLEAR);
	outb(UART_COM1_BASE + UART_MCR, UART_MCR_DTR_RTS_OUT2);
}

static void putc_raw(char c)
{
	while (!(inb(UART_COM1_BASE + UART_LSR) & UART_LSR_THRE))
		;
	outb(UART_COM1_BASE + UART_THR, (uint8_t)c);
}

void console_write(const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (buf[i] == '\n')
			putc_raw('\r');
		putc_raw(buf[i]);
	}
}

void console_flush(void)
{
	while (!(inb(UART_COM1_BASE + UART_LSR) & UART_LSR_TEMT))
		;
}
