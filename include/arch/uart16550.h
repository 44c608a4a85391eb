/*
 * uart16550.h - the 16550 UART's registers and bits (PC16550D data sheet,
 * National Semiconductor, "Register Description"), one list for the host
 * console driver, the guest's emulated UART and the payloads' driver.
 * Offsets are from the base port; DLL/DLM replace THR/IER when LCR.DLAB
 * is set.
 */
#ifndef UART16550_H
#define UART16550_H

#define UART_RBR		0	/* receive buffer (read, DLAB = 0) */
#define UART_THR		0	/* transmit holding (write, DLAB = 0) */
#define UART_DLL		0	/* divisor latch low (DLAB = 1) */
#define UART_IER		1	/* interrupt enable (DLAB = 0) */
#define UART_DLM		1	/* divisor latch high (DLAB = 1) */
#define UART_IIR		2	/* interrupt identification (read) */
#define UART_FCR		2	/* FIFO control (write) */
#define UART_LCR		3	/* line control */
#define UART_MCR		4	/* modem control */
#define UART_LSR		5	/* line status */
#define UART_MSR		6	/* modem status */
#define UART_SCR		7	/* scratch */
#define UART_NR_REGS		8

#define UART_COM1_BASE		0x3f8	/* the PC's first serial port */
#define UART_COM2_BASE		0x2f8
#define UART_COM1_IRQ		4	/* COM1's ISA line on a PC */

#define UART_IER_RDI		0x01	/* received data available interrupt */
#define UART_IER_THRI		0x02	/* THR empty interrupt */
#define UART_IER_RLSI		0x04	/* receiver line status interrupt */
#define UART_IIR_NO_INT		0x01
#define UART_IIR_THRI		0x02
#define UART_IIR_RLSI		0x06	/* receiver line status (overrun) */
#define UART_IIR_RDI		0x04	/* received data at the trigger level */
#define UART_IIR_CTI		0x0c	/* character timeout (FIFO mode) */
#define UART_IIR_FIFO_ON	0xc0	/* bits 7:6: the FIFOs are enabled */
#define UART_FCR_FIFO_ENABLE	0x01
#define UART_FCR_CLEAR_RCVR	0x02	/* clear the receive FIFO */
#define UART_FCR_TRIGGER(f)	(((f) >> 6) & 3)	/* 1, 4, 8, 14 bytes */
#define UART_FCR_ENABLE_CLEAR	0x07	/* enable FIFOs, clear RX and TX */
#define UART_LCR_8N1		0x03
#define UART_LCR_DLAB		0x80
#define UART_MCR_OUT2		0x08	/* on a PC: gates INTRPT to the IRQ */
#define UART_MCR_DTR_RTS_OUT2	0x0b
#define UART_MCR_LOOP		0x10
#define UART_LSR_DR		0x01	/* data ready: RBR holds a byte */
#define UART_LSR_OE		0x02	/* overrun: a byte was lost */
#define UART_LSR_THRE		0x20	/* THR empty: may write a byte */
#define UART_LSR_TEMT		0x40	/* transmitter empty: last bit out */
#define UART_MSR_CTS		0x10
#define UART_MSR_DSR		0x20
#define UART_MSR_DCD		0x80
#define UART_CLOCK		115200	/* 1.8432 MHz / 16 */
#define UART_TX_FIFO_SIZE	16	/* a 16550's transmit FIFO */
#define UART_RX_FIFO_SIZE	16	/* and its receive FIFO */

#endif
