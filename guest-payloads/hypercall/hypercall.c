/*
 * hypercall.c - the write, exit and exit-count hypercalls at their edges,
 * from CPL 0 (real16.S adds one write from real mode). Each case prints
 * one line "hypercall: <case> -> <RAX>"; a write that succeeds prints its
 * own bytes first, as "guest: <bytes>". The test compares every guest
 * line with the list it expects, so a refused write that printed
 * anything, or a write that printed more or fewer bytes than asked, fails
 * it. The last case is the exit hypercall, with HYPERCALL_EXIT_CODE.
 *
 * The payload cannot ask the hypervisor how much RAM it has, and touching
 * memory past it ends the guest, so it assumes GUEST_RAM_SIZE: the test
 * boots it with guest_mem=16M (not the default, so a hypervisor that
 * checked against a fixed 64 MiB would be caught).
 */
#include "guest.h"
#include "arch/apic.h"

#define GUEST_RAM_SIZE		(16ul << 20)	/* the test's guest_mem=16M */

/* The last bytes of the address space: gpa + len wraps past 2^64 to 16. */
#define WRAP_GPA		(~0ul - 15)
#define WRAP_LEN		32

/* A number whose low 32 bits are HC_WRITE: all 64 bits name the call. */
#define HC_WRITE_HIGH_BITS	((1ul << 32) | HC_WRITE)
#define HC_UNKNOWN		4

/* The code the exit hypercall asks for: none of the hypervisor's own. */
#define HYPERCALL_EXIT_CODE	42

/* The full-length buffer repeats this 16-byte pattern. */
#define PATTERN			"0123456789abcdef"
#define PATTERN_LEN		(sizeof(PATTERN) - 1)

/* RAX after real16.S's write, or 1 (no hypercall returns it) if none. */
extern const int32_t rm_write_ret;

static char max_buf[HC_WRITE_MAX + 1];

static void report(const char *what, long ret)
{
	printf("hypercall: %s -> %ld\n", what, ret);
}

#define WRITE_STR(s)	hc_write((s), sizeof(s) - 1)

static void write_lengths(void)
{
	static const char exact[] = "hypercall: exactly these bytes|not these";
	size_t i;

	/* The length, not a NUL, ends what is printed. */
	report("write len 30", hc_write(exact, 30));
	report("write len 0", hc_write(exact, 0));

	for (i = 0; i < sizeof(max_buf); i++)
		max_buf[i] = PATTERN[i % PATTERN_LEN];
	report("write len 4096", hc_write(max_buf, HC_WRITE_MAX));
	report("write len 4097", hc_write(max_buf, HC_WRITE_MAX + 1));
	report("write len 0xffffffffffffffff", hc_write(max_buf, ~0ul));
}

/* Guest-physical = guest-virtual, and the identity map covers all RAM. */
static void write_addresses(void)
{
	static const char at_end[] = "hypercall: ends at the end of RAM";
	const size_t len = sizeof(at_end) - 1;
	char *end = (char *)GUEST_RAM_SIZE;

	memcpy(end - len, at_end, len);
	report("write of the last bytes of RAM",
	       vmcall(HC_WRITE, GUEST_RAM_SIZE - len, len));
	report("write crossing the end of RAM by 1 byte",
	       vmcall(HC_WRITE, GUEST_RAM_SIZE - len + 1, len));
	report("write at the end of RAM", vmcall(HC_WRITE, GUEST_RAM_SIZE, 1));
	report("write wrapping past 2^64",
	       vmcall(HC_WRITE, WRAP_GPA, WRAP_LEN));
	/* Where the guest has no RAM but a device: the local APIC's page. */
	report("write from the LAPIC page",
	       vmcall(HC_WRITE, APIC_BASE_ADDR, PATTERN_LEN));
}

/*
 * The hypervisor prints a write as console lines, each with its "guest: "
 * prefix: a newline in the bytes must not let the guest start a line of
 * the hypervisor's own.
 */
static void write_newlines(void)
{
	report("write with a newline inside",
	       WRITE_STR("hypercall: first line\nvmm: exit 0"));
	report("write ending in a newline",
	       WRITE_STR("hypercall: one line\n"));
}

static void other_calls(void)
{
	static const char truncated[] = "hypercall: number cut to 32 bits";
	long first, second;

	report("hypercall 4", vmcall(HC_UNKNOWN, 0, 0));
	report("hypercall 0x100000001",
	       vmcall(HC_WRITE_HIGH_BITS, (unsigned long)truncated,
		      sizeof(truncated) - 1));
	report("no-op", vmcall(HC_NOP, 0, 0));

	/* Back to back: the second counts only its own exit more. */
	first = vmcall(HC_EXIT_COUNT, 0, 0);
	second = vmcall(HC_EXIT_COUNT, 0, 0);
	report("exit count, second minus first", second - first);
}

void main64(void)
{
	report("write from real mode", rm_write_ret);
	write_lengths();
	write_addresses();
	write_newlines();
	other_calls();
	printf("hypercall: exit %d\n", HYPERCALL_EXIT_CODE);
	hc_exit(HYPERCALL_EXIT_CODE);
}
