/*
 * lib.c - the small C library of our hvt tests: a printf that writes
 * through HVT_HC_PUTS (a line, or a full buffer, per hypercall), the
 * string functions gcc may call, exit and abort with Solo5's messages
 * (bindings/exit.c, abort.c) and the manifest lookup (the bindings read
 * the monitor's copy of the manifest in place, at boot_info.mft).
 */
#include "hvt.h"

#define PRINTF_BUF	256

struct pbuf {
	char b[PRINTF_BUF];
	size_t n;
	int total;
};

static void pflush(struct pbuf *p)
{
	if (p->n)
		hvt_puts(p->b, p->n);
	p->n = 0;
}

static void pchar(struct pbuf *p, char c)
{
	p->b[p->n++] = c;
	p->total++;
	if (c == '\n' || p->n == sizeof(p->b))
		pflush(p);
}

static void pnum(struct pbuf *p, uint64_t v, unsigned int base, int neg,
		 int width)
{
	char d[24];
	int i = 0;

	do {
		d[i++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (i < width && i < (int)sizeof(d))
		d[i++] = '0';
	if (neg)
		pchar(p, '-');
	while (i)
		pchar(p, d[--i]);
}

/* %s %c %d %u %x with a zero-padded width (%02x) and the l and ll
 * modifiers, %p and %%. */
int hvt_vprintf(const char *fmt, va_list ap)
{
	struct pbuf p = { .n = 0, .total = 0 };

	for (; *fmt; fmt++) {
		int lng = 0, width = 0;
		const char *s;
		int64_t sv;

		if (*fmt != '%') {
			pchar(&p, *fmt);
			continue;
		}
		while (*++fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt - '0');
		for (; *fmt == 'l'; fmt++)
			lng = 1;
		switch (*fmt) {
		case 's':
			for (s = va_arg(ap, const char *); *s; s++)
				pchar(&p, *s);
			break;
		case 'c':
			pchar(&p, (char)va_arg(ap, int));
			break;
		case 'd':
			sv = lng ? va_arg(ap, int64_t) : va_arg(ap, int);
			pnum(&p, sv < 0 ? -(uint64_t)sv : (uint64_t)sv, 10,
			     sv < 0, width);
			break;
		case 'u':
			pnum(&p, lng ? va_arg(ap, uint64_t)
				     : va_arg(ap, unsigned int), 10, 0, width);
			break;
		case 'x':
			pnum(&p, lng ? va_arg(ap, uint64_t)
				     : va_arg(ap, unsigned int), 16, 0, width);
			break;
		case 'p':
			pchar(&p, '0');
			pchar(&p, 'x');
			pnum(&p, (uintptr_t)va_arg(ap, void *), 16, 0, 0);
			break;
		case '\0':
			fmt--;
			break;
		default:
			pchar(&p, *fmt);
			break;
		}
	}
	pflush(&p);
	return p.total;
}

int hvt_printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = hvt_vprintf(fmt, ap);
	va_end(ap);
	return n;
}

void hvt_exit(int status)
{
	hvt_printf("Solo5: solo5_exit(%d) called\n", status);
	hvt_halt(status, NULL);
}

void hvt_abort(const char *file, int line, const char *msg, void *cookie)
{
	hvt_printf("Solo5: ABORT: %s:%d: %s\n", file, line, msg);
	hvt_halt(HVT_EXIT_ABORT, cookie);
}

/* The entry named NAME of TYPE; its index is the solo5 handle. */
const struct hvt_mft_entry *hvt_mft_find(const char *name, uint32_t type,
					 uint64_t *handle)
{
	const struct hvt_mft *m = (const void *)(uintptr_t)hvt_bi->mft;
	uint32_t i;

	for (i = 0; i < m->entries && i < HVT_MFT_MAX_ENTRIES; i++) {
		if (m->e[i].type != type || strcmp(m->e[i].name, name))
			continue;
		*handle = i;
		return &m->e[i];
	}
	return NULL;
}

uint64_t hvt_atou(const char *s)
{
	uint64_t v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (uint64_t)(*s++ - '0');
	return v;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++)
		if (*a != *b || !*a)
			return (unsigned char)*a - (unsigned char)*b;
	return 0;
}

void *memcpy(void *d, const void *s, size_t n)
{
	char *dp = d;
	const char *sp = s;

	while (n--)
		*dp++ = *sp++;
	return d;
}

void *memmove(void *d, const void *s, size_t n)
{
	char *dp = d;
	const char *sp = s;

	if (dp <= sp)
		return memcpy(d, s, n);
	while (n--)
		dp[n] = sp[n];
	return d;
}

void *memset(void *d, int c, size_t n)
{
	unsigned char *dp = d;

	while (n--)
		*dp++ = (unsigned char)c;
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *ap = a, *bp = b;

	for (; n; n--, ap++, bp++)
		if (*ap != *bp)
			return *ap - *bp;
	return 0;
}
