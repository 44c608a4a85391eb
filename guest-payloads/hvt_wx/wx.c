/*
 * wx.c - hvt_wx: W^X as the monitor enforces it through the second-level
 * page tables (the guest's own page tables allow everything: solo5-hvt
 * sets no NX and no read-only bit above 1 MiB). One case per command
 * line word; each of the five must be killed by the monitor ("host/guest
 * translation fault", exit 1), so if it returns we print FAILURE and
 * end with HVT_EXIT_NOT_STOPPED:
 *   write-text    a store into a function (Solo5's test_xnow)
 *   exec-data     a call into .data (Solo5's test_wnox)
 *   exec-rodata   a call into .rodata
 *   write-rodata  a store into .rodata
 *   exec-heap     a call into RAM above _end (heap and stack)
 * and one that reads:
 *   read-text     a load from a function: SUCCESS while text is R|X (our
 *                 hvt.lds gives it PF_R|PF_X). On a CPU with EPT
 *                 execute-only pages the monitor may map text execute-
 *                 only, and then this case is killed: the test script
 *                 decides which outcome it expects.
 */
#include "hvt.h"
#include "mft.h"

HVT_MANIFEST(0);

#define X86_OP_RET	0xc3
#define PAGE_SIZE	4096

typedef void (*fn_t)(void);

static uint8_t data_ret[] = { X86_OP_RET };
static const uint8_t rodata_ret[] = { X86_OP_RET };

static void __attribute__((noinline)) target(void)
{
	__asm__ __volatile__("");
}

/* Calls and stores go through volatile pointers so gcc keeps them. */
static void call_at(uintptr_t addr)
{
	fn_t volatile f = (fn_t)addr;

	f();
}

static void store_at(uintptr_t addr)
{
	volatile uint8_t *volatile p = (volatile uint8_t *)addr;

	*p = X86_OP_RET;
}

int hvt_main(const char *cmdline)
{
	uintptr_t heap = ((uintptr_t)_end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	uint64_t word;

	hvt_printf("wx case '%s'\n", cmdline);
	if (!strcmp(cmdline, "write-text")) {
		store_at((uintptr_t)target);
	} else if (!strcmp(cmdline, "exec-data")) {
		call_at((uintptr_t)data_ret);
	} else if (!strcmp(cmdline, "exec-rodata")) {
		call_at((uintptr_t)rodata_ret);
	} else if (!strcmp(cmdline, "write-rodata")) {
		store_at((uintptr_t)rodata_ret);
	} else if (!strcmp(cmdline, "exec-heap")) {
		store_at(heap);
		call_at(heap);
	} else if (!strcmp(cmdline, "read-text")) {
		word = *(const volatile uint64_t *)(uintptr_t)target;
		hvt_printf("text reads 0x%lx\n", word);
		hvt_printf("SUCCESS\n");
		return HVT_EXIT_SUCCESS;
	} else {
		hvt_printf("FAILURE: unknown case '%s'\n", cmdline);
		return HVT_EXIT_FAILURE;
	}
	hvt_printf("FAILURE: case '%s' was not stopped\n", cmdline);
	return HVT_EXIT_NOT_STOPPED;
}
