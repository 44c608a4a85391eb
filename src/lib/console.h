/*
 * console.h - the host console: COM1, a 16550 UART at 115200 8N1, behind
 * a transmit buffer, and its input, polled. newlib's write() on stdout/stderr lands in
 * console_write().
 */
#ifndef CONSOLE_H
#define CONSOLE_H

#include <stddef.h>

void console_init(void);
/* Queue @len bytes; waits for the UART only while the buffer is full. */
void console_write(const char *buf, size_t len);
/* Feed the UART what it can take now, without waiting; on the run loop's
 * slow path, so an empty buffer costs one test. */
extern int console_pending;
void console_push(void);
static inline void console_poll(void)
{
	if (console_pending)
		console_push();
}
/* Send everything queued, as fast as the UART takes it: after a line of
 * the guest's, which must be out before the guest runs again. */
void console_drain(void);
/* Wait until the UART has sent every byte (before the machine ends). */
void console_flush(void);
/* Write @len bytes for @owner and send them at once; with @open the
 * line stays open for @owner to continue, until anyone else writes. */
void console_write_part(const void *owner, const char *buf, size_t len,
			int open);
/* Whether the console's open line is @owner's (console_write_part). */
int console_owns_line(const void *owner);
/* A byte received on the console, or -1 when none has come. */
int console_getc(void);
/* Send what is queued and write through from now on: a host exception
 * or a panic must be seen even if the machine never gets further. */
void console_sync(void);

#endif
