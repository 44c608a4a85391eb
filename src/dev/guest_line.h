/*
 * guest_line.h - guest output on its way to the host console: the one
 * sanitizer every guest byte passes through (the UART and the write
 * hypercall alike). A line is printed behind "guest: ", so the guest can
 * never begin a line of the hypervisor's own, and every byte that is not
 * printable ASCII is printed as \xNN (a backslash as \\), so no control
 * byte or escape sequence reaches the console: a guest cannot forge a
 * hypervisor line, move the cursor or hide text.
 */
#ifndef DEV_GUEST_LINE_H
#define DEV_GUEST_LINE_H

#include <stddef.h>
#include <stdint.h>

/* A line longer than this is printed in pieces of this many bytes. */
#define GUEST_LINE_MAX	256

struct guest_line {
	char buf[GUEST_LINE_MAX];
	unsigned int len;
	unsigned int shown;	/* bytes of this line already on the console
				 * (guest_line_show), which count towards
				 * GUEST_LINE_MAX */
	unsigned long lines;	/* lines printed */
};

/* End the line: print what is pending, if anything. */
void guest_line_flush(struct guest_line *l);
/* Print what is pending and leave the line open, for a guest that waits
 * with a partial line (a prompt): its next bytes continue that line on
 * the console unless another line came between, and then begin a new
 * one behind the prefix again. */
void guest_line_show(struct guest_line *l);
/* Print an empty line (a '\n' with nothing before it). */
void guest_line_empty(struct guest_line *l);
/* The line holds GUEST_LINE_MAX bytes with what was shown of it: end
 * it, unless another writer has ended the shown part already. */
void guest_line_full(struct guest_line *l);

/* One byte: '\n' ends the line, '\r' is dropped, a full line is printed.
 * Inline: the UART's fast port path stores most bytes here. */
static inline void guest_line_put(struct guest_line *l, uint8_t c)
{
	if (c == '\r')
		return;
	if (c == '\n') {
		if (l->len)
			guest_line_flush(l);
		else
			guest_line_empty(l);
		return;
	}
	if (l->len + l->shown >= GUEST_LINE_MAX)
		guest_line_full(l);
	l->buf[l->len++] = (char)c;
}

#endif
