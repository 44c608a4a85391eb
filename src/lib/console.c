/*
 * console.c - the host console: COM1, a 16550, polled (the hypervisor
 * never takes interrupts).
 *
 * Register map and bits: the PC16550D data sheet (National Semiconductor),
 * "Register Description". At 115200 baud a character takes 87 us to send;
 * waiting for each would hold up the boot and the guest for every line the
 * hypervisor prints. So output goes into a transmit buffer, and the UART
 * is fed from it whenever it has room: by console_poll() (the run loop
 * calls it on its slow path, not on the fastpath, so the hot exits pay
 * nothing), after each write, and in full by console_flush() before the
 * machine ends. With FIFOs on, THRE means the whole 16-byte transmit FIFO
 * is empty ("LSR bit 5"), so each time up to 16 bytes go at once. Only a
 * full buffer makes a write wait for the UART: nothing is ever dropped.
 *
 * The guest's own lines are the exception: console_drain() sends them,
 * and what was queued before them, before the guest runs again. A guest
 * that prints and then spins without an exit would otherwise never have
 * its last lines shown (the hypervisor gets no chance to feed the UART),
 * and a guest printing faster than the UART must be held back anyway.
 * '\n' is sent as "\r\n" so a serial terminal shows lines.
 *
 * A writer may leave its line open (console_write_part: a guest's shell
 * prompt, which waits for input with no '\n' after it); whatever anyone
 * else writes next starts on a new line first, so an open line is never
 * continued by another writer's text, and its owner learns from
 * console_owns_line() whether it may go on where it left off.
 *
 * Input is polled too: console_getc() takes a byte the UART holds.
 */
#include "console.h"

#include "uart16550.h"
#include "x86.h"

#define BAUD		115200

/* A power of two, so the indices wrap with a mask; they only grow. */
#define TXBUF_SIZE	16384u
#define TXBUF_MASK	(TXBUF_SIZE - 1)

/* Apart from tx: an initialized struct lies whole in .data, and 16 KiB
 * of zeros in the file would count against the size budget. */
static char tx_buf[TXBUF_SIZE];

static struct {
	unsigned int head, tail;	/* write at head, send from tail */
	unsigned int burst;		/* bytes the UART takes per THRE */
	int sync;			/* console_sync(): no buffering */
} tx = { .burst = 1 };

int console_pending;	/* tx.head != tx.tail, for console_poll() */
static const void *line_owner;	/* whose line is open, NULL when none */

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
	/* An 8250 or 16450 has no FIFO and reads 0 in IIR bits 7:6. */
	if ((inb(UART_COM1_BASE + UART_IIR) & UART_IIR_FIFO_ON) == UART_IIR_FIFO_ON)
		tx.burst = UART_TX_FIFO_SIZE;
}

/* Hand the UART what it can take now: nothing unless THRE is set. */
static void tx_push(void)
{
	unsigned int n;

	if (!(inb(UART_COM1_BASE + UART_LSR) & UART_LSR_THRE))
		return;
	for (n = 0; n < tx.burst && tx.tail != tx.head; n++)
		outb(UART_COM1_BASE + UART_THR, (uint8_t)tx_buf[tx.tail++ & TXBUF_MASK]);
	console_pending = tx.tail != tx.head;
}

void console_push(void)
{
	tx_push();
}

void console_drain(void)
{
	while (tx.tail != tx.head)
		tx_push();
}

static void tx_put(char c)
{
	while (tx.head - tx.tail == TXBUF_SIZE)	/* full: wait for room */
		tx_push();
	tx_buf[tx.head++ & TXBUF_MASK] = c;
	console_pending = 1;
}

static void put_text(const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (buf[i] == '\n')
			tx_put('\r');
		tx_put(buf[i]);
	}
}

/* Another writer's text begins: end the open line first. */
static void close_line(const void *writer)
{
	if (line_owner && line_owner != writer)
		put_text("\n", 1);
	line_owner = NULL;
}

void console_write(const char *buf, size_t len)
{
	close_line(NULL);
	put_text(buf, len);
	if (tx.sync)
		console_drain();
	else
		console_poll();
}

void console_write_part(const void *owner, const char *buf, size_t len,
			int open)
{
	close_line(owner);
	put_text(buf, len);
	line_owner = open ? owner : NULL;
	console_drain();
}

int console_owns_line(const void *owner)
{
	return line_owner == owner;
}

int console_getc(void)
{
	if (!(inb(UART_COM1_BASE + UART_LSR) & UART_LSR_DR))
		return -1;
	return inb(UART_COM1_BASE + UART_RBR);
}

void console_flush(void)
{
	console_drain();
	while (!(inb(UART_COM1_BASE + UART_LSR) & UART_LSR_TEMT))
		;
}

void console_sync(void)
{
	tx.sync = 1;
	console_drain();
}
