/*
 * guest_line.c - the sanitizer of guest output (see guest_line.h).
 */
#include "guest_line.h"

#include <stdio.h>

#include "console.h"

/* Every byte can become four ("\xNN"). */
#define ESCAPED_MAX	(4 * GUEST_LINE_MAX + 1)

static int printable(uint8_t c)
{
	return c >= 0x20 && c < 0x7f && c != '\\';
}

void guest_line_flush(struct guest_line *l)
{
	static const char hex[] = "0123456789abcdef";
	char out[ESCAPED_MAX];
	unsigned int i, n = 0;

	if (!l->len)
		return;
	for (i = 0; i < l->len; i++) {
		uint8_t c = (uint8_t)l->buf[i];

		if (printable(c)) {
			out[n++] = (char)c;
		} else if (c == '\\') {
			out[n++] = '\\';
			out[n++] = '\\';
		} else {
			out[n++] = '\\';
			out[n++] = 'x';
			out[n++] = hex[c >> 4];
			out[n++] = hex[c & 0xf];
		}
	}
	out[n] = '\0';
	printf("guest: %s\n", out);	/* stdout is line-buffered */
	console_drain();	/* the guest's line goes out before it runs on */
	l->len = 0;
	l->lines++;
}

void guest_line_empty(struct guest_line *l)
{
	printf("guest: \n");
	console_drain();
	l->lines++;
}
