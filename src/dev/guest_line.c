/*
 * guest_line.c - the sanitizer of guest output (see guest_line.h).
 */
#include "guest_line.h"

#include "console.h"

/* Every byte can become four ("\xNN"). */
#define ESCAPED_MAX	(4 * GUEST_LINE_MAX + 1)

static int printable(uint8_t c)
{
	return c >= 0x20 && c < 0x7f && c != '\\';
}

/* The pending bytes, escaped, behind the prefix unless they go on the
 * console's open line, which is still this line's; @end ends the line,
 * else it is left open. */
static void emit(struct guest_line *l, int end)
{
	static const char hex[] = "0123456789abcdef";
	static const char prefix[] = "guest: ";
	char out[sizeof(prefix) + ESCAPED_MAX];
	unsigned int i, n = 0;

	if (!console_owns_line(l)) {
		for (n = 0; prefix[n]; n++)
			out[n] = prefix[n];
		l->shown = 0;	/* a new console line */
	}
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
	if (end)
		out[n++] = '\n';
	/* Sent before the guest runs on (console.c). */
	console_write_part(l, out, n, !end);
	l->shown = end ? 0 : l->shown + l->len;
	l->len = 0;
	l->lines += end;
}

void guest_line_flush(struct guest_line *l)
{
	if (l->len || console_owns_line(l))
		emit(l, 1);
}

void guest_line_show(struct guest_line *l)
{
	if (l->len)
		emit(l, 0);
}

void guest_line_empty(struct guest_line *l)
{
	emit(l, 1);
}

void guest_line_full(struct guest_line *l)
{
	if (!console_owns_line(l))
		l->shown = 0;
	if (l->len + l->shown >= GUEST_LINE_MAX)
		emit(l, 1);
}
