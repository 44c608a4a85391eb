/*
 * guest.c - the payload runtime: UART console and printf, the exit port,
 * the few string functions the compiler may call, and the IDT with its
 * per-vector C callbacks (the entry stubs are in isr64.S).
 *
 * Everything is polled and single-threaded; interrupts stay off unless a
 * payload points a vector at its own entry with idt_set_gate and enables
 * them.
 */
#include "guest.h"

/* --- string functions (GCC may emit calls to these, even freestanding) -- */

/* rep stos/movs, so the compiler cannot turn the loop back into a call. */
void *memset(void *dst, int c, size_t n)
{
	void *d = dst;

	__asm__ volatile("rep stosb"
			 : "+D"(d), "+c"(n) : "a"(c) : "memory");
	return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	void *d = dst;

	__asm__ volatile("rep movsb"
			 : "+D"(d), "+S"(src), "+c"(n) : : "memory");
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != q[i])
			return p[i] - q[i];
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/* --- console ------------------------------------------------------------ */

void uart_putc(char c)
{
	while (!(inb(VMM_PORT_UART + UART_LSR) & UART_LSR_THRE))
		;
	outb(VMM_PORT_UART + UART_THR, (uint8_t)c);
}

void uart_puts(const char *s)
{
	while (*s)
		uart_putc(*s++);
}

/* --- printf ------------------------------------------------------------- */

struct fmt_spec {
	int width;
	int left;		/* '-': pad on the right */
	char pad;		/* ' ' or '0' */
};

static void put_repeat(char c, int n, int *count)
{
	for (; n > 0; n--, (*count)++)
		uart_putc(c);
}

/* Emit prefix + body in a field of s->width. */
static void put_field(const struct fmt_spec *s, const char *prefix,
		      const char *body, int len, int *count)
{
	int plen = (int)strlen(prefix);
	int fill = s->width - plen - len;

	if (!s->left && s->pad == ' ')
		put_repeat(' ', fill, count);
	for (; *prefix; prefix++, (*count)++)
		uart_putc(*prefix);
	if (!s->left && s->pad == '0')
		put_repeat('0', fill, count);
	for (int i = 0; i < len; i++, (*count)++)
		uart_putc(body[i]);
	if (s->left)
		put_repeat(' ', fill, count);
}

static void put_number(const struct fmt_spec *s, unsigned long long v,
		       unsigned int base, int upper, const char *prefix,
		       int *count)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];
	int i = sizeof(buf);

	do {
		buf[--i] = digits[v % base];
		v /= base;
	} while (v);
	put_field(s, prefix, buf + i, (int)sizeof(buf) - i, count);
}

int vprintf(const char *fmt, va_list ap)
{
	int count = 0;

	for (; *fmt; fmt++) {
		struct fmt_spec s = { .width = 0, .left = 0, .pad = ' ' };
		int lmod = 0;		/* 1: l or z (size_t), 2: ll */
		unsigned long long u;
		long long d;
		char c;

		if (*fmt != '%') {
			uart_putc(*fmt);
			count++;
			continue;
		}
		for (fmt++; *fmt == '0' || *fmt == '-'; fmt++) {
			if (*fmt == '-')
				s.left = 1;
			else
				s.pad = '0';
		}
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			s.width = s.width * 10 + (*fmt - '0');
		for (; *fmt == 'l' || *fmt == 'z'; fmt++)
			lmod = *fmt == 'z' ? 1 : lmod + 1;
		if (lmod > 2)
			lmod = 2;

		switch (*fmt) {
		case 'd':
		case 'i':
			if (lmod == 2)
				d = va_arg(ap, long long);
			else if (lmod == 1)
				d = va_arg(ap, long);
			else
				d = va_arg(ap, int);
			u = d < 0 ? -(unsigned long long)d : (unsigned long long)d;
			put_number(&s, u, 10, 0, d < 0 ? "-" : "", &count);
			break;
		case 'u':
		case 'x':
		case 'X':
			if (lmod == 2)
				u = va_arg(ap, unsigned long long);
			else if (lmod == 1)
				u = va_arg(ap, unsigned long);
			else
				u = va_arg(ap, unsigned int);
			put_number(&s, u, *fmt == 'u' ? 10 : 16, *fmt == 'X',
				   "", &count);
			break;
		case 'p':
			u = (unsigned long)va_arg(ap, void *);
			put_number(&s, u, 16, 0, "0x", &count);
			break;
		case 'c':
			c = (char)va_arg(ap, int);
			s.pad = ' ';
			put_field(&s, "", &c, 1, &count);
			break;
		case 's': {
			const char *str = va_arg(ap, const char *);

			if (!str)
				str = "(null)";
			s.pad = ' ';
			put_field(&s, "", str, (int)strlen(str), &count);
			break;
		}
		case '%':
			uart_putc('%');
			count++;
			break;
		case '\0':
			return count;	/* a lone '%' at the end */
		default:		/* unknown: show it as written */
			uart_putc('%');
			uart_putc(*fmt);
			count += 2;
			break;
		}
	}
	return count;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

/* --- ending the run ----------------------------------------------------- */

void exit_code(uint32_t v)
{
	outl(VMM_PORT_DEBUG_EXIT, v);
	halt_forever();
}

void hc_exit(uint32_t code)
{
	vmcall(HC_EXIT, code, 0);
	halt_forever();
}

/* --- IDT and exceptions ------------------------------------------------- */

_Static_assert(sizeof(struct idt_gate64) == 16, "IDT gate is 16 bytes");
/* isr64.S pushes 15 registers, vector and error code over the CPU frame. */
_Static_assert(__builtin_offsetof(struct guest_frame, vector) == 15 * 8,
	       "guest_frame must match the push order in isr64.S");
_Static_assert(__builtin_offsetof(struct guest_frame, rip) == 17 * 8,
	       "guest_frame must match the push order in isr64.S");

extern const char isr_stubs[];

static struct idt_gate64 idt[VEC_NR] __attribute__((aligned(16)));
static exception_fn handlers[VEC_NR_EXCEPTIONS];
static unsigned int idt_limit_gates;	/* gates the loaded limit covers */

static const char *const exception_names[VEC_NR_EXCEPTIONS] = {
	"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM",
	"#DF", "CSO", "#TS", "#NP", "#SS", "#GP", "#PF", "#15",
	"#MF", "#AC", "#MC", "#XM", "#VE", "#CP", "#22", "#23",
	"#24", "#25", "#26", "#27", "#HV", "#VC", "#SX", "#31",
};

const char *exception_name(unsigned int vector)
{
	return vector < VEC_NR_EXCEPTIONS ? exception_names[vector] : "#??";
}

static void idt_fill_gate(unsigned int vector, uint64_t off)
{
	idt[vector] = (struct idt_gate64) {
		.offset_low = off & 0xffff,
		.selector = GUEST_CS64,
		.ist = 0,
		.type_attr = AR_P | AR_TYPE_INTR_GATE64,	/* DPL 0 */
		.offset_mid = (off >> 16) & 0xffff,
		.offset_high = off >> 32,
	};
}

/*
 * A vector beyond the limit raises #GP (SDM vol. 3, 6.10 "Interrupt
 * Descriptor Table (IDT)"), so the limit covers only the gates in use.
 */
static void idt_load(unsigned int gates)
{
	struct desc_ptr ptr;

	ptr.limit = gates * sizeof(struct idt_gate64) - 1;
	ptr.base = (uint64_t)idt;
	__asm__ volatile("lidt %0" : : "m"(ptr));
	idt_limit_gates = gates;
}

void idt_init(void)
{
	unsigned int v;

	if (idt_limit_gates)
		return;
	for (v = 0; v < VEC_NR_EXCEPTIONS; v++)
		idt_fill_gate(v, (uint64_t)(isr_stubs + v * ISR_STUB_SIZE));
	idt_load(VEC_NR_EXCEPTIONS);
}

int idt_set_handler(unsigned int vector, exception_fn fn)
{
	if (vector >= VEC_NR_EXCEPTIONS)
		return -1;
	idt_init();
	handlers[vector] = fn;
	return 0;
}

int idt_set_gate(unsigned int vector, const void *entry)
{
	if (vector < VEC_NR_EXCEPTIONS || vector >= VEC_NR)
		return -1;
	idt_init();
	idt_fill_gate(vector, (uint64_t)entry);
	if (vector >= idt_limit_gates)
		idt_load(vector + 1);
	return 0;
}

void guest_exception(struct guest_frame *f)
{
	exception_fn fn = f->vector < VEC_NR_EXCEPTIONS ? handlers[f->vector]
							 : NULL;

	if (fn && fn(f))
		return;

	printf("exception %s (vector %lu, error 0x%lx) at rip 0x%016lx\n",
	       exception_name(f->vector), f->vector, f->error_code, f->rip);
	printf("rax %016lx rbx %016lx rcx %016lx rdx %016lx\n",
	       f->rax, f->rbx, f->rcx, f->rdx);
	printf("rsi %016lx rdi %016lx rbp %016lx rsp %016lx\n",
	       f->rsi, f->rdi, f->rbp, f->rsp);
	printf("r8  %016lx r9  %016lx r10 %016lx r11 %016lx\n",
	       f->r8, f->r9, f->r10, f->r11);
	printf("r12 %016lx r13 %016lx r14 %016lx r15 %016lx\n",
	       f->r12, f->r13, f->r14, f->r15);
	printf("cs %04lx ss %04lx rflags %08lx\n", f->cs, f->ss, f->rflags);
	exit_code(GUEST_EXIT_EXCEPTION + (uint32_t)f->vector);
}
