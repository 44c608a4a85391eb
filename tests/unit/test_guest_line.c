/*
 * test_guest_line.c - the sanitizer of guest output (src/dev/
 * guest_line.c) on a stand-in console that keeps console.c's open-line
 * rule: every line begins "guest: ", bytes that are not printable ASCII
 * come out as \xNN and a backslash as \\, a shown line goes on without
 * a second prefix while it is still the console's open line and with one
 * once another writer came between, and a console line never holds
 * more than GUEST_LINE_MAX of the guest's bytes, shown pieces included.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "console.h"
#include "guest_line.h"

static char out[8192];
static const void *owner;

void console_write_part(const void *who, const char *buf, size_t len,
			int open)
{
	if (owner && owner != who)
		strcat(out, "\n");
	strncat(out, buf, len);
	owner = open ? who : NULL;
}

int console_owns_line(const void *who)
{
	return owner == who;
}

static void put(struct guest_line *l, const char *s)
{
	while (*s)
		guest_line_put(l, (uint8_t)*s++);
}

static void other_writer(void)
{
	console_write_part(NULL, "vmm: x\n", 7, 0);
}

static void test_lines_and_escapes(void **state)
{
	static struct guest_line l;

	(void)state;
	out[0] = 0;
	put(&l, "hi\\\x1b[2J\r\n\n");
	assert_string_equal(out, "guest: hi\\\\\\x1b[2J\nguest: \n");
	assert_int_equal(l.lines, 2);
}

static void test_shown_lines(void **state)
{
	static struct guest_line l;

	(void)state;
	out[0] = 0;
	put(&l, "/ # ");
	guest_line_show(&l);
	guest_line_show(&l);			/* nothing new */
	put(&l, "ls\n");
	assert_string_equal(out, "guest: / # ls\n");
	assert_int_equal(l.lines, 1);
	/* Another line between: the rest begins anew, behind the prefix. */
	out[0] = 0;
	put(&l, "$ ");
	guest_line_show(&l);
	other_writer();
	put(&l, "x\n");
	assert_string_equal(out, "guest: $ \nvmm: x\nguest: x\n");
	/* A shown line that just ends: its newline alone. */
	out[0] = 0;
	put(&l, "ab");
	guest_line_show(&l);
	put(&l, "\n");
	assert_string_equal(out, "guest: ab\n");
}

static void test_shown_pieces_count(void **state)
{
	static struct guest_line l;
	char *nl;
	unsigned int i;

	(void)state;
	out[0] = 0;
	for (i = 0; i < 200; i++)
		guest_line_put(&l, 'a');
	guest_line_show(&l);
	for (i = 0; i < 100; i++)
		guest_line_put(&l, 'b');
	guest_line_flush(&l);
	/* 256 of the guest's bytes, then a new line for the other 44. */
	nl = strchr(out, '\n');
	assert_non_null(nl);
	assert_int_equal(nl - out, strlen("guest: ") + GUEST_LINE_MAX);
	assert_string_equal(nl + 1 + strlen("guest: "),
			    "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n");
	/* A shown piece another writer cut off counts no more: the next
	 * console line holds a whole GUEST_LINE_MAX again. */
	out[0] = 0;
	for (i = 0; i < 200; i++)
		guest_line_put(&l, 'a');
	guest_line_show(&l);
	other_writer();
	for (i = 0; i < 100; i++)
		guest_line_put(&l, 'b');
	guest_line_flush(&l);
	nl = strstr(out, "vmm: x\n");
	assert_non_null(nl);
	assert_int_equal(strlen(nl + 7), strlen("guest: ") + 100 + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines_and_escapes),
		cmocka_unit_test(test_shown_lines),
		cmocka_unit_test(test_shown_pieces_count),
	};

	return cmocka_run_group_tests_name("guest_line", tests, NULL, NULL);
}
