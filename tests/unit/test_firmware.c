/*
 * test_firmware.c - the real-mode firmware (src/dev/firmware.c,
 * asm/firmware16.S), checked by running it: every IVT vector is followed
 * into segment F000 and its stub executed by a small 16-bit interpreter
 * that knows only the instructions a stub may use (anything else fails
 * the test), starting from the frame INT pushes (SDM vol. 3, 20.1.4).
 * So "vector 8 EOIs the master PIC and returns with every register and
 * flag as it was" is what the bytes do, not what a listing says.
 *
 * Also: the BIOS data area, where the firmware writes (and nothing else),
 * what it costs at boot, and that a failed write or a small RAM fails.
 */
#include "fw_harness.h"

#define RM_IF		0x0200u		/* FLAGS.IF */
#define RM_CF		0x0001u		/* FLAGS.CF */
#define STACK_WORDS	16
#define MAX_STEPS	64
#define MAX_OUTS	4

enum rm_end { RM_IRET, RM_HALT, RM_BAD };

struct rm_cpu {
	uint16_t cs, ip, ax, bp, sp, flags;
	uint16_t stack[STACK_WORDS];	/* SS:0 .. SS:2*STACK_WORDS */
	unsigned int nout;
	uint16_t out_port[MAX_OUTS];
	uint8_t out_val[MAX_OUTS];
};

static uint8_t fetch(const struct fw_guest *g, struct rm_cpu *c)
{
	uint64_t a = (uint64_t)c->cs * 16 + c->ip++;

	/* Firmware code runs only from the BIOS area. */
	assert_true(a >= PC_BIOS_BASE && a < PC_HIGH_RAM_BASE);
	return rd8(g, a);
}

static uint16_t *stack_word(struct rm_cpu *c, uint16_t off)
{
	assert_true(off % 2 == 0 && off / 2 < STACK_WORDS);
	return &c->stack[off / 2];
}

static void push(struct rm_cpu *c, uint16_t v)
{
	c->sp -= 2;
	*stack_word(c, c->sp) = v;
}

static uint16_t pop(struct rm_cpu *c)
{
	uint16_t v = *stack_word(c, c->sp);

	c->sp += 2;
	return v;
}

/* Execute from CS:IP until IRET or HLT. */
static enum rm_end rm_run(const struct fw_guest *g, struct rm_cpu *c)
{
	unsigned int step;
	uint8_t op, b, d;
	uint16_t off, seg;

	for (step = 0; step < MAX_STEPS; step++) {
		switch (op = fetch(g, c)) {
		case 0x50: push(c, c->ax); break;		/* push ax */
		case 0x58: c->ax = pop(c); break;		/* pop ax */
		case 0x55: push(c, c->bp); break;		/* push bp */
		case 0x5d: c->bp = pop(c); break;		/* pop bp */
		case 0x89:				/* mov bp, sp */
			if (fetch(g, c) != 0xe5)
				return RM_BAD;
			c->bp = c->sp;
			break;
		case 0x80:			/* or byte [bp+d8], ib */
			if (fetch(g, c) != 0x4e)
				return RM_BAD;
			d = fetch(g, c);
			b = fetch(g, c);
			off = (uint16_t)(c->bp + d);
			*stack_word(c, off & ~1) |=
				(uint16_t)(b << 8 * (off & 1));
			break;
		case 0xb0:				/* mov al, ib */
			c->ax = (c->ax & 0xff00) | fetch(g, c);
			break;
		case 0xe6:				/* out ib, al */
			assert_true(c->nout < MAX_OUTS);
			c->out_port[c->nout] = fetch(g, c);
			c->out_val[c->nout++] = (uint8_t)c->ax;
			break;
		case 0xfa: c->flags &= ~RM_IF; break;		/* cli */
		case 0xf4: return RM_HALT;			/* hlt */
		case 0xeb:					/* jmp rel8 */
			d = fetch(g, c);
			c->ip = (uint16_t)(c->ip + (int8_t)d);
			break;
		case 0xea:				/* jmp ptr16:16 */
			off = fetch(g, c);
			off |= (uint16_t)(fetch(g, c) << 8);
			seg = fetch(g, c);
			seg |= (uint16_t)(fetch(g, c) << 8);
			c->cs = seg;
			c->ip = off;
			break;
		case 0xcf:					/* iret */
			c->ip = pop(c);
			c->cs = pop(c);
			c->flags = pop(c);
			return RM_IRET;
		default:
			print_message("unknown opcode %#x at %04x:%04x\n", op,
				      c->cs, (uint16_t)(c->ip - 1));
			return RM_BAD;
		}
	}
	return RM_BAD;
}

/* The caller's state when INT @vec (or the IRQ) is taken. */
#define CALLER_CS	0x1234
#define CALLER_IP	0x5678
#define CALLER_AX	0xa5c3
#define CALLER_BP	0x1357
/* IF, the always-1 bit 1, and SF, so a cleared bit would show. */
#define CALLER_FLAGS	(RM_IF | 0x0002u | 0x0080u)

static enum rm_end rm_int(const struct fw_guest *g, unsigned int vec,
			  struct rm_cpu *c)
{
	memset(c, 0, sizeof(*c));
	c->ax = CALLER_AX;
	c->bp = CALLER_BP;
	c->sp = 2 * STACK_WORDS;
	push(c, CALLER_FLAGS);
	push(c, CALLER_CS);
	push(c, CALLER_IP);
	/* INT clears IF and TF before it enters the handler (SDM 20.1.4). */
	c->flags = CALLER_FLAGS & ~RM_IF;
	c->ip = rd16(g, IVT_BASE + 4 * vec);
	c->cs = rd16(g, IVT_BASE + 4 * vec + 2);
	return rm_run(g, c);
}

/* Back to the caller, its registers as they were, FLAGS | @set. */
static void assert_returned(const struct rm_cpu *c, enum rm_end end,
			    uint16_t set)
{
	assert_int_equal(end, RM_IRET);
	assert_int_equal(c->cs, CALLER_CS);
	assert_int_equal(c->ip, CALLER_IP);
	assert_int_equal(c->sp, 2 * STACK_WORDS);
	assert_int_equal(c->ax, CALLER_AX);
	assert_int_equal(c->bp, CALLER_BP);
	assert_int_equal(c->flags, CALLER_FLAGS | set);
}

static int is_irq_master(unsigned int v)
{
	return v >= 0x08 && v <= 0x0f;
}

static int is_irq_slave(unsigned int v)
{
	return v >= 0x70 && v <= 0x77;
}

static int is_fault(unsigned int v)
{
	return v == 0 || (v >= 5 && v <= 7);
}

static void test_ivt_points_at_stubs(void **state)
{
	struct fw_guest *g = fw_guest_installed();
	uint64_t stubs = PC_BIOS_BASE + (uint64_t)(fw16_end - fw16_start);
	unsigned int v;

	(void)state;
	for (v = 0; v < IVT_VECTORS; v++) {
		uint64_t a = (uint64_t)rd16(g, 4 * v + 2) * 16 + rd16(g, 4 * v);

		assert_int_equal(rd16(g, 4 * v + 2), 0xf000);
		assert_true(a >= PC_BIOS_BASE && a < stubs);
	}
}

static void test_irq_stubs_eoi(void **state)
{
	struct fw_guest *g = fw_guest_installed();
	struct rm_cpu c;
	unsigned int v;

	(void)state;
	for (v = 0; v < IVT_VECTORS; v++) {
		if (!is_irq_master(v) && !is_irq_slave(v))
			continue;
		assert_returned(&c, rm_int(g, v, &c), 0);
		/* Non-specific EOI (OCW2 0x20): slave first, then master. */
		if (is_irq_slave(v)) {
			assert_int_equal(c.nout, 2);
			assert_int_equal(c.out_port[0], 0xa0);
			assert_int_equal(c.out_val[0], 0x20);
		} else {
			assert_int_equal(c.nout, 1);
		}
		assert_int_equal(c.out_port[c.nout - 1], 0x20);
		assert_int_equal(c.out_val[c.nout - 1], 0x20);
	}
}

static void test_services_return_cf(void **state)
{
	struct fw_guest *g = fw_guest_installed();
	struct rm_cpu c;
	unsigned int v;

	(void)state;
	for (v = 0; v < IVT_VECTORS; v++) {
		if (v < 8 || is_irq_master(v) || is_irq_slave(v))
			continue;
		assert_returned(&c, rm_int(g, v, &c), RM_CF);
		assert_int_equal(c.nout, 0);
	}
}

static void test_exceptions(void **state)
{
	struct fw_guest *g = fw_guest_installed();
	struct rm_cpu c;
	unsigned int v;

	(void)state;
	for (v = 0; v < 8; v++) {
		enum rm_end end = rm_int(g, v, &c);

		assert_int_equal(c.nout, 0);
		if (!is_fault(v)) {
			assert_returned(&c, end, 0);
			continue;
		}
		/* Halted with IF = 0, and halted again if an NMI wakes it. */
		assert_int_equal(end, RM_HALT);
		assert_false(c.flags & RM_IF);
		assert_int_equal(rm_run(g, &c), RM_HALT);
		assert_false(c.flags & RM_IF);
	}
}

static void test_reset_vector_halts(void **state)
{
	struct fw_guest *g = fw_guest_installed();
	struct rm_cpu c;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.cs = 0xf000;
	c.ip = 0xfff0;
	c.flags = RM_IF;
	c.sp = 2 * STACK_WORDS;
	assert_int_equal(rm_run(g, &c), RM_HALT);
	assert_false(c.flags & RM_IF);
}

static void test_bda(void **state)
{
	struct fw_guest *g = fw_guest_installed();
	uint64_t a;

	(void)state;
	assert_int_equal(rd16(g, 0x413), 639);
	assert_int_equal(rd16(g, 0x400), 0x3f8);
	for (a = 0x402; a < 0x500; a++)
		if (a != 0x413 && a != 0x414)
			assert_int_equal(rd8(g, a), 0);
}

/*
 * Only the IVT/BDA page, the ACPI tables' page and the BIOS area's first
 * and last pages are written: each page written is one the guest pays a
 * demand-zero fault for at boot (guest_ram.h).
 */
static void test_writes_only_firmware_pages(void **state)
{
	struct fw_guest *g = fw_guest_installed();
	unsigned int p, pages = 0;

	(void)state;
	for (p = 0; p < FW_PAGES; p++) {
		if (!g->touched[p])
			continue;
		pages++;
		assert_true(p == 0 || p == PC_ACPI_BASE / FW_PAGE ||
			    p == PC_BIOS_BASE / FW_PAGE ||
			    p == FW_RESET_VECTOR / FW_PAGE);
	}
	print_message("firmware install: %zu bytes in %u writes, %u pages\n",
		      g->bytes, g->writes, pages);
	assert_true(g->bytes <= 2 * FW_PAGE);
}

static void test_failures(void **state)
{
	static struct fw_guest g;
	unsigned int k, n;

	(void)state;
	memset(&g, 0, sizeof(g));
	assert_int_equal(pc_firmware_install(PC_HIGH_RAM_BASE - 1, fw_write,
					     &g, g.rsdp, &g.rsdp_len), -1);
	assert_int_equal(g.writes, 0);
	n = fw_guest_installed()->writes;
	for (k = 1; k <= n; k++) {
		memset(&g, 0, sizeof(g));
		g.fail_at = k;
		assert_int_equal(pc_firmware_install(PC_HIGH_RAM_BASE, fw_write,
						     &g, g.rsdp, &g.rsdp_len),
				 -1);
		assert_int_equal(g.writes, k);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ivt_points_at_stubs),
		cmocka_unit_test(test_irq_stubs_eoi),
		cmocka_unit_test(test_services_return_cf),
		cmocka_unit_test(test_exceptions),
		cmocka_unit_test(test_reset_vector_halts),
		cmocka_unit_test(test_bda),
		cmocka_unit_test(test_writes_only_firmware_pages),
		cmocka_unit_test(test_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
