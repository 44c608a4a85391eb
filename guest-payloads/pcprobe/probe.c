/*
 * probe.c - pcprobe's output (a 16550 at 0x3f8 polled, as a kernel built
 * for `qemu -kernel -serial` does), its verdict count and the order of
 * the checks.
 */
#include "probe.h"

#define COM1		0x3f8
#define COM1_LSR	(COM1 + 5)
#define LSR_THRE	0x20
#define LINE_MAX	200

static unsigned int checks, failed;

void *memcpy(void *d, const void *s, size_t n)
{
	uint8_t *dp = d;
	const uint8_t *sp = s;

	while (n--)
		*dp++ = *sp++;
	return d;
}

void *memset(void *d, int c, size_t n)
{
	uint8_t *dp = d;

	while (n--)
		*dp++ = (uint8_t)c;
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/* u / base, u % base by shift and subtract: no libgcc in an ELF32. */
static unsigned int divmod(unsigned long long *u, unsigned int base)
{
	unsigned long long q = 0, r = 0;
	int bit;

	for (bit = 63; bit >= 0; bit--) {
		r = r << 1 | ((*u >> bit) & 1);
		if (r >= base) {
			r -= base;
			q |= 1ull << bit;
		}
	}
	*u = q;
	return (unsigned int)r;
}

static void putc_serial(char c)
{
	unsigned int spin = 100000;

	while (!(inb(COM1_LSR) & LSR_THRE) && --spin)
		;
	outb(COM1, (uint8_t)c);
}

/* %s %c %d %u %x with an optional 0 flag, width and l/ll size. */
int vsnprint(char *buf, size_t len, const char *fmt, va_list ap)
{
	size_t n = 0;

#define EMIT(ch) do { if (n + 1 < len) buf[n] = (ch); n++; } while (0)
	for (; *fmt; fmt++) {
		char tmp[24];
		unsigned long long u;
		unsigned int width = 0, longs = 0, base = 10, i = 0;
		int zero = 0, neg = 0;
		const char *s;

		if (*fmt != '%') {
			EMIT(*fmt);
			continue;
		}
		fmt++;
		if (*fmt == '0')
			zero = 1, fmt++;
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (unsigned int)(*fmt++ - '0');
		while (*fmt == 'l')
			longs++, fmt++;
		switch (*fmt) {
		case 's':
			for (s = va_arg(ap, const char *); *s; s++)
				EMIT(*s);
			continue;
		case 'c':
			EMIT((char)va_arg(ap, int));
			continue;
		case 'd': {
			long long v = longs > 1 ? va_arg(ap, long long) :
				      longs ? va_arg(ap, long) : va_arg(ap, int);
			neg = v < 0;
			u = neg ? -(unsigned long long)v : (unsigned long long)v;
			break;
		}
		case 'x':
			base = 16;
			/* fall through */
		case 'u':
			u = longs > 1 ? va_arg(ap, unsigned long long) :
			    longs ? va_arg(ap, unsigned long) :
			    va_arg(ap, unsigned int);
			break;
		default:
			EMIT('%');
			EMIT(*fmt);
			continue;
		}
		do {
			tmp[i++] = "0123456789abcdef"[divmod(&u, base)];
		} while (u);
		if (neg)
			EMIT('-');
		while (width > i + (unsigned int)neg) {
			EMIT(zero ? '0' : ' ');
			width--;
		}
		while (i)
			EMIT(tmp[--i]);
	}
#undef EMIT
	if (len)
		buf[n < len ? n : len - 1] = '\0';
	return (int)n;
}

static void emit_line(const char *prefix, const char *area, const char *msg,
		      const char *suffix)
{
	const char *parts[] = { "pcprobe: ", prefix, area, ": ", msg, suffix };
	unsigned int i;
	const char *s;

	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		for (s = parts[i]; *s; s++)
			putc_serial(*s);
	putc_serial('\n');
}

void print(const char *fmt, ...)
{
	char line[LINE_MAX];
	va_list ap;
	const char *s;

	va_start(ap, fmt);
	vsnprint(line, sizeof(line), fmt, ap);
	va_end(ap);
	for (s = line; *s; s++)
		putc_serial(*s);
}

/*
 * One verdict line. The count on the last line is of the untagged checks
 * only: a tagged check is one the other machine may not make at all (the
 * XSDT, which QEMU's revision 0 RSDP has none of), so counting it would
 * make the totals differ; a tagged failure still counts as failed and
 * sets the exit code.
 */
static void verdict(const char *tag, int ok, const char *area,
		    const char *fmt, va_list ap)
{
	char msg[LINE_MAX];

	vsnprint(msg, sizeof(msg), fmt, ap);
	if (!*tag)
		checks++;
	if (!ok)
		failed++;
	emit_line(tag, area, msg, ok ? " ok" : " FAIL");
}

void check(int ok, const char *area, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verdict("", ok, area, fmt, ap);
	va_end(ap);
}

void check_tagged(int ok, const char *area, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verdict("[differs] ", ok, area, fmt, ap);
	va_end(ap);
}

void differs(const char *area, const char *fmt, ...)
{
	char msg[LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprint(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	emit_line("[differs] ", area, msg, "");
}

/*
 * QEMU's isa-debug-exit ends QEMU with status (v << 1) | 1; our
 * hypervisor takes v as the guest's exit code (0..63 are the guest's).
 */
void probe_exit(uint32_t code)
{
	outl(PORT_DEBUG_EXIT, code);
	for (;;)
		__asm__ volatile("cli; hlt");
}

void probe_main(uint32_t magic, uintptr_t info);
void probe_main(uint32_t magic, uintptr_t info)
{
	print("pcprobe: start\n");
	trap_init();
	probe_bootinfo(magic, info);
	probe_cpu();
	probe_uart();
	probe_cmos();
	probe_fwcfg();
	probe_acpi();
	probe_pci();
	probe_mmio();
	/* Last, the checks that wait for an interrupt: a machine that never
	 * delivers one has printed every other line by then. */
	probe_pic();
	probe_pit();
	probe_lapic();
	probe_testdev();
	print("pcprobe: %u checks, %u failed\n", checks, failed);
	probe_exit(failed > 61 ? 61 : failed);
}
