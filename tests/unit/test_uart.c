/*
 * test_uart.c - the guest's 16550 (src/dev/uart.c) against the PC16550D
 * data sheet and QEMU's hw/char/serial.c: DLAB selects the divisor latch,
 * whose bytes are stored and never output; LSR shows THRE|TEMT; IER,
 * FCR, MCR and SCR are accepted, SCR and LCR read back; IIR says "none
 * pending" (with the FIFO bits per FCR) unless ETBEI asks for the
 * THR-empty interrupt, which is then pending until IIR reports it once;
 * MSR is a ready cable, or MCR's outputs in loopback; a pending
 * interrupt drives IRQ 4 through MCR.OUT2, with an edge per byte sent.
 * The receiver: the host's bytes enter a FIFO of 16 (1 without FIFOs)
 * at an LSR read that finds it empty or at a due poll, LSR.DR and RBR
 * take them in order, IIR reports received data (at the trigger level)
 * or the character timeout (below it) before THR empty, loopback
 * receives the THR's bytes, a full FIFO sets LSR.OE (without FIFOs the
 * new byte overwrites RBR) and the line-status interrupt, RBR keeps its
 * byte when none came, and the poll is wanted only while ERBFI and OUT2
 * could raise IRQ 4 and there is room.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "guest_line.h"
#include "io.h"
#include "pmtimer.h"
#include "uart16550.h"

static char printed[4096];

void guest_line_flush(struct guest_line *l)
{
	strncat(printed, l->buf, l->len);
	strcat(printed, "|");
	l->len = 0;
	l->lines++;
}

void guest_line_full(struct guest_line *l)
{
	guest_line_flush(l);
}

void guest_line_empty(struct guest_line *l)
{
	strcat(printed, "|");
	l->lines++;
}

/* The host console's input, and the partial lines shown. */
static const char *host_in = "";
static int getc_calls, shown;

int console_getc(void)
{
	getc_calls++;
	return *host_in ? (uint8_t)*host_in++ : -1;
}

void guest_line_show(struct guest_line *l)
{
	shown += l->len != 0;
	guest_line_flush(l);
}

/* The PM timer's clock as the TSC itself, 1 ms = UART_RX_POLL_PM. */
uint64_t pmtimer_ticks(uint64_t tsc)
{
	return tsc;
}

uint64_t pmtimer_tsc_at(uint64_t pm)
{
	return pm;
}

static int used;

void isa_irq_use(struct vcpu *v)
{
	(void)v;
	used = 1;
}

/* IRQ 4 as the UART drives it (isa_irq.c in the hypervisor). */
static int irq4_level, irq4_edges;

void isa_irq_set_line(struct vcpu *v, unsigned int irq, int level)
{
	(void)v;
	assert_int_equal(irq, 4);
	irq4_edges += level && !irq4_level;
	irq4_level = level;
}

static uint32_t in(uint16_t reg)
{
	return uart_device.in(NULL, reg, 1);
}

static void out(uint16_t reg, uint8_t val)
{
	uart_device.out(NULL, reg, 1, val);
}

static void test_divisor_latch(void **state)
{
	unsigned long bytes = uart_stats.bytes_out;

	(void)state;
	out(UART_LCR, UART_LCR_DLAB | UART_LCR_8N1);
	assert_int_equal(in(UART_LCR), UART_LCR_DLAB | UART_LCR_8N1);
	out(UART_DLL, 0x0c);
	out(UART_DLM, 0x01);
	assert_int_equal(in(UART_DLL), 0x0c);
	assert_int_equal(in(UART_DLM), 0x01);
	assert_int_equal(uart_stats.bytes_out, bytes);	/* not output */
	out(UART_LCR, UART_LCR_8N1);
	assert_int_equal(in(UART_IER), 0);	/* IER again, untouched */
	out(UART_THR, 'h');
	out(UART_THR, 'i');
	out(UART_THR, '\n');
	assert_int_equal(uart_stats.bytes_out, bytes + 3);
	assert_string_equal(printed, "hi|");
	out(UART_LCR, UART_LCR_DLAB);
	assert_int_equal(in(UART_DLL), 0x0c);	/* the latch kept them */
	assert_int_equal(in(UART_DLM), 0x01);
	out(UART_LCR, UART_LCR_8N1);
}

static void test_status_and_scratch(void **state)
{
	(void)state;
	assert_int_equal(in(UART_LSR), UART_LSR_THRE | UART_LSR_TEMT);
	assert_int_equal(in(UART_MSR),
			 UART_MSR_CTS | UART_MSR_DSR | UART_MSR_DCD);
	out(UART_SCR, 0xa5);
	assert_int_equal(in(UART_SCR), 0xa5);
	out(UART_SCR, 0x5a);
	assert_int_equal(in(UART_SCR), 0x5a);
	out(UART_MCR, 0xff);
	assert_int_equal(in(UART_MCR), 0x1f);
	/* Loopback: DTR -> DSR, RTS -> CTS, OUT1 -> RI, OUT2 -> DCD; the
	 * transmitter's bytes go nowhere. */
	out(UART_MCR, UART_MCR_LOOP | 0x01);
	assert_int_equal(in(UART_MSR), UART_MSR_DSR);
	out(UART_MCR, UART_MCR_LOOP | 0x0e);
	assert_int_equal(in(UART_MSR), 0xd0);
	out(UART_THR, 'x');
	out(UART_MCR, UART_MCR_DTR_RTS_OUT2);
	out(UART_THR, '\n');
	assert_int_equal(strchr(printed, 'x'), NULL);
	/* ... but to the receiver. */
	assert_int_equal(in(UART_LSR), UART_LSR_DR | UART_LSR_THRE |
				       UART_LSR_TEMT);
	assert_int_equal(in(UART_RBR), 'x');
	out(UART_LSR, 0);	/* read-only */
	assert_int_equal(in(UART_LSR), UART_LSR_THRE | UART_LSR_TEMT);
}

static void test_iir(void **state)
{
	(void)state;
	out(UART_IER, 0);
	out(UART_FCR, 0);
	assert_int_equal(in(UART_IIR), UART_IIR_NO_INT);
	out(UART_FCR, UART_FCR_ENABLE_CLEAR);
	assert_int_equal(in(UART_IIR), UART_IIR_NO_INT | UART_IIR_FIFO_ON);
	out(UART_THR, 'a');
	assert_int_equal(in(UART_IIR), UART_IIR_NO_INT | UART_IIR_FIFO_ON);
	/* ETBEI: pending at once, reported once. */
	out(UART_IER, UART_IER_THRI);
	assert_int_equal(in(UART_IER), UART_IER_THRI);
	assert_int_equal(in(UART_IIR), UART_IIR_THRI | UART_IIR_FIFO_ON);
	assert_int_equal(in(UART_IIR), UART_IIR_NO_INT | UART_IIR_FIFO_ON);
	/* Each THR write empties again: pending again. */
	out(UART_THR, 'b');
	assert_int_equal(in(UART_IIR), UART_IIR_THRI | UART_IIR_FIFO_ON);
	assert_int_equal(in(UART_IIR), UART_IIR_NO_INT | UART_IIR_FIFO_ON);
	out(UART_IER, UART_IER_THRI);	/* already on: no new edge */
	assert_int_equal(in(UART_IIR), UART_IIR_NO_INT | UART_IIR_FIFO_ON);
	out(UART_FCR, 0);
	out(UART_THR, 'c');
	assert_int_equal(in(UART_IIR), UART_IIR_THRI);
	out(UART_IER, 0xff);
	assert_int_equal(in(UART_IER), 0x0f);
	out(UART_IER, 0);
	out(UART_THR, '\n');
	assert_int_equal(in(UART_IIR), UART_IIR_NO_INT);
}

static void test_irq4(void **state)
{
	(void)state;
	out(UART_LCR, UART_LCR_8N1);
	out(UART_IER, 0);
	out(UART_MCR, 0);
	in(UART_IIR);
	irq4_edges = 0;
	/* ETBEI without OUT2: pending in IIR, not on the line. */
	out(UART_IER, UART_IER_THRI);
	assert_int_equal(irq4_level, 0);
	out(UART_MCR, UART_MCR_DTR_RTS_OUT2);
	assert_int_equal(irq4_level, 1);
	assert_int_equal(irq4_edges, 1);
	/* IIR reports it: the line drops. */
	assert_int_equal(in(UART_IIR) & 0x0f, UART_IIR_THRI);
	assert_int_equal(irq4_level, 0);
	/* Each byte sent raises it anew: one edge each. */
	out(UART_THR, 'a');
	assert_int_equal(irq4_level, 1);
	out(UART_THR, '\n');
	assert_int_equal(irq4_edges, 3);
	in(UART_IIR);
	assert_int_equal(irq4_level, 0);
	/* OUT2 off gates it; ETBEI off clears it. */
	out(UART_THR, 'b');
	out(UART_MCR, 0);
	assert_int_equal(irq4_level, 0);
	out(UART_MCR, UART_MCR_DTR_RTS_OUT2);
	assert_int_equal(irq4_level, 1);
	out(UART_IER, 0);
	assert_int_equal(irq4_level, 0);
	out(UART_THR, '\n');
	assert_int_equal(irq4_level, 0);
	out(UART_MCR, 0);
}

#define LSR_IDLE	(UART_LSR_THRE | UART_LSR_TEMT)

static void test_rx_polled(void **state)
{
	(void)state;
	out(UART_IER, 0);
	out(UART_MCR, UART_MCR_DTR_RTS_OUT2);
	out(UART_FCR, UART_FCR_ENABLE_CLEAR);
	host_in = "abc";
	assert_int_equal(in(UART_LSR), UART_LSR_DR | LSR_IDLE);
	assert_string_equal(host_in, "");	/* all three: room for 16 */
	assert_int_equal(in(UART_RBR), 'a');
	getc_calls = 0;
	host_in = "d";
	assert_int_equal(in(UART_LSR), UART_LSR_DR | LSR_IDLE);
	assert_int_equal(getc_calls, 0);	/* not empty: not asked */
	assert_int_equal(in(UART_RBR), 'b');
	assert_int_equal(in(UART_RBR), 'c');
	assert_int_equal(in(UART_LSR), UART_LSR_DR | LSR_IDLE);
	assert_int_equal(in(UART_RBR), 'd');
	assert_int_equal(in(UART_LSR), LSR_IDLE);
	assert_int_equal(in(UART_RBR), 'd');	/* nothing new: RBR kept */
	/* Without FIFOs one byte at a time; each RBR read asks for the
	 * next. */
	out(UART_FCR, 0);
	host_in = "ef";
	assert_int_equal(in(UART_LSR), UART_LSR_DR | LSR_IDLE);
	assert_string_equal(host_in, "f");
	assert_int_equal(in(UART_RBR), 'e');
	assert_string_equal(host_in, "");
	assert_int_equal(in(UART_LSR), UART_LSR_DR | LSR_IDLE);
	assert_int_equal(in(UART_RBR), 'f');
	/* FCR bit 1 clears the receiver. */
	out(UART_FCR, UART_FCR_FIFO_ENABLE);
	host_in = "gh";
	in(UART_LSR);
	out(UART_FCR, UART_FCR_FIFO_ENABLE | UART_FCR_CLEAR_RCVR);
	host_in = "";
	assert_int_equal(in(UART_LSR), LSR_IDLE);
	/* Turning the FIFOs off clears them too. */
	host_in = "ij";
	in(UART_LSR);
	out(UART_FCR, 0);
	host_in = "";
	assert_int_equal(in(UART_LSR), LSR_IDLE);
	out(UART_FCR, UART_FCR_ENABLE_CLEAR);
}

static void test_rx_interrupt(void **state)
{
	(void)state;
	out(UART_IER, 0);
	out(UART_MCR, 0);
	out(UART_FCR, UART_FCR_ENABLE_CLEAR | 0x40);	/* trigger 4 */
	in(UART_IIR);
	irq4_edges = 0;
	used = 0;
	/* No poll wanted until ERBFI and OUT2 could raise IRQ 4. */
	assert_int_equal(uart_rx_next_poll(), 0);
	out(UART_IER, UART_IER_RDI);
	assert_int_equal(used, 1);		/* the entries poll it */
	assert_int_equal(uart_rx_next_poll(), 0);
	out(UART_MCR, UART_MCR_DTR_RTS_OUT2);
	assert_int_equal(uart_rx_next_poll(), 1);	/* due at once */
	host_in = "ab";
	uart_rx_poll(NULL, 1000);
	assert_int_equal(uart_rx_next_poll(), 1000 + PMTIMER_HZ / 1000);
	/* Below the trigger: the character timeout, on the line. */
	assert_int_equal(irq4_level, 1);
	assert_int_equal(irq4_edges, 1);
	assert_int_equal(in(UART_IIR), UART_IIR_CTI | UART_IIR_FIFO_ON);
	/* Not due yet: the host is not asked. */
	host_in = "cd";
	uart_rx_poll(NULL, 1000 + PMTIMER_HZ / 1000 - 1);
	assert_string_equal(host_in, "cd");
	uart_rx_poll(NULL, 1000 + PMTIMER_HZ / 1000);
	/* At the trigger: received data, before THR empty. */
	out(UART_IER, UART_IER_RDI | UART_IER_THRI);
	assert_int_equal(in(UART_IIR), UART_IIR_RDI | UART_IIR_FIFO_ON);
	assert_int_equal(in(UART_IIR), UART_IIR_RDI | UART_IIR_FIFO_ON);
	assert_int_equal(in(UART_RBR), 'a');
	assert_int_equal(in(UART_IIR), UART_IIR_CTI | UART_IIR_FIFO_ON);
	in(UART_RBR);
	in(UART_RBR);
	assert_int_equal(in(UART_RBR), 'd');
	/* Drained: THR empty's turn, then nothing; the line drops. */
	assert_int_equal(in(UART_IIR), UART_IIR_THRI | UART_IIR_FIFO_ON);
	assert_int_equal(in(UART_IIR), UART_IIR_NO_INT | UART_IIR_FIFO_ON);
	assert_int_equal(irq4_level, 0);
	/* A poll shows the guest's partial line. */
	out(UART_THR, '$');
	shown = 0;
	uart_rx_poll(NULL, 1000000);
	assert_int_equal(shown, 1);
	uart_rx_poll(NULL, 2000000);
	assert_int_equal(shown, 1);		/* nothing new to show */
	/* A full FIFO wants no poll; loopback none either. */
	host_in = "0123456789abcdefXY";
	in(UART_LSR);
	assert_int_equal(uart_rx_next_poll(), 0);
	assert_string_equal(host_in, "XY");
	out(UART_FCR, UART_FCR_ENABLE_CLEAR);
	assert_int_not_equal(uart_rx_next_poll(), 0);
	out(UART_MCR, UART_MCR_DTR_RTS_OUT2 | UART_MCR_LOOP);
	assert_int_equal(uart_rx_next_poll(), 0);
	assert_int_equal(in(UART_LSR), LSR_IDLE);	/* host cut off */
	assert_string_equal(host_in, "XY");
	host_in = "";
	out(UART_MCR, 0);
	out(UART_IER, 0);
	in(UART_IIR);
}

/* Without FIFOs an overrun overwrites RBR; with IER.ELSI it is the
 * line-status interrupt, first in IIR, until LSR is read; FCR bits other
 * than 0 are not programmed while bit 0 is written 0. */
static void test_rx_no_fifo_overrun(void **state)
{
	(void)state;
	out(UART_IER, 0);
	out(UART_FCR, 0);
	out(UART_MCR, UART_MCR_DTR_RTS_OUT2 | UART_MCR_LOOP);
	in(UART_LSR);
	irq4_edges = 0;
	out(UART_IER, UART_IER_RDI | UART_IER_RLSI | UART_IER_THRI);
	out(UART_THR, 'p');
	assert_int_equal(in(UART_IIR), UART_IIR_RDI);
	out(UART_THR, 'q');			/* RBR still full */
	assert_int_equal(in(UART_IIR), UART_IIR_RLSI);
	assert_int_equal(irq4_level, 1);
	/* FCR 0x02 with bit 0 clear: not programmed, RBR kept. */
	out(UART_FCR, UART_FCR_CLEAR_RCVR);
	assert_int_equal(in(UART_LSR), UART_LSR_DR | UART_LSR_OE | LSR_IDLE);
	assert_int_equal(in(UART_IIR), UART_IIR_RDI);	/* OE read: gone */
	assert_int_equal(in(UART_RBR), 'q');	/* 'p' was overwritten */
	assert_int_equal(in(UART_IIR), UART_IIR_THRI);
	assert_int_equal(in(UART_IIR), UART_IIR_NO_INT);
	assert_int_equal(irq4_level, 0);
	/* The overrun alone on the line: the LSR read drops it. */
	out(UART_IER, UART_IER_RLSI);
	out(UART_THR, 'r');
	out(UART_THR, 's');
	assert_int_equal(irq4_level, 1);
	in(UART_LSR);
	assert_int_equal(irq4_level, 0);
	out(UART_IER, 0);
	out(UART_MCR, 0);
	out(UART_FCR, UART_FCR_ENABLE_CLEAR);
}

static void test_rx_loopback_overrun(void **state)
{
	unsigned int i;

	(void)state;
	out(UART_IER, 0);
	out(UART_FCR, UART_FCR_ENABLE_CLEAR);
	out(UART_MCR, UART_MCR_LOOP);
	for (i = 0; i < UART_RX_FIFO_SIZE + 1; i++)
		out(UART_THR, (uint8_t)('A' + i));
	/* The 17th is lost: OE, reported once. */
	assert_int_equal(in(UART_LSR), UART_LSR_DR | UART_LSR_OE | LSR_IDLE);
	assert_int_equal(in(UART_LSR), UART_LSR_DR | LSR_IDLE);
	for (i = 0; i < UART_RX_FIFO_SIZE; i++)
		assert_int_equal(in(UART_RBR), 'A' + i);
	assert_int_equal(in(UART_LSR), LSR_IDLE);
	out(UART_MCR, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_divisor_latch),
		cmocka_unit_test(test_status_and_scratch),
		cmocka_unit_test(test_iir),
		cmocka_unit_test(test_irq4),
		cmocka_unit_test(test_rx_polled),
		cmocka_unit_test(test_rx_interrupt),
		cmocka_unit_test(test_rx_no_fifo_overrun),
		cmocka_unit_test(test_rx_loopback_overrun),
	};

	return cmocka_run_group_tests_name("uart", tests, NULL, NULL);
}
