/*
 * console.h - the host console: COM1, a 16550 UART at 115200 8N1.
 * newlib's write() on stdout/stderr lands in console_write().
 */
#ifndef CONSOLE_H
#define CONSOLE_H

#include <stddef.h>

void console_init(void);
void console_write(const char *buf, size_t len);
/* Wait until the UART has sent every byte (before the machine ends). */
void console_flush(void);

#endif
