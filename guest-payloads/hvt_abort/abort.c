/*
 * abort.c - hvt_abort: the ways a Solo5 guest ends, by command line:
 *   pf       a write to 0x8 (solo5-hvt maps the first 64 KiB not
 *            present): #PF, the trap report, ABORT, status 255
 *   ud       a ud2: #UD, a vector without an error code, the same way
 *   ssp      a smashed stack: "Stack corruption detected", status 255
 *   exit7    solo5_exit(7)
 *   exit200  a bare HALT with status 200, nothing printed
 */
#include "hvt.h"
#include "mft.h"

HVT_MANIFEST(0);

#define ZERO_PAGE_ADDR	0x8
#define SMASH_BUF	16
#define SMASH_LEN	64
#define EXIT_SEVEN	7
#define EXIT_TWO_HUNDRED 200

/* Writes past buf through a volatile length, so gcc cannot prove it. */
static void __attribute__((noinline)) smash(void)
{
	volatile size_t len = SMASH_LEN;
	char buf[SMASH_BUF];
	size_t i;

	for (i = 0; i < len; i++)
		((volatile char *)buf)[i] = 'A';
}

int hvt_main(const char *cmdline)
{
	/* Through a volatile, so gcc does not see a constant address. */
	volatile uintptr_t zero_page = ZERO_PAGE_ADDR;

	if (!strcmp(cmdline, "pf")) {
		*(volatile uint64_t *)zero_page = 1;
	} else if (!strcmp(cmdline, "ud")) {
		__asm__ __volatile__("ud2");
	} else if (!strcmp(cmdline, "ssp")) {
		smash();
	} else if (!strcmp(cmdline, "exit7")) {
		hvt_exit(EXIT_SEVEN);
	} else if (!strcmp(cmdline, "exit200")) {
		hvt_halt(EXIT_TWO_HUNDRED, NULL);
	} else {
		hvt_printf("FAILURE: unknown case '%s'\n", cmdline);
		return HVT_EXIT_FAILURE;
	}
	hvt_printf("FAILURE: case '%s' returned\n", cmdline);
	return HVT_EXIT_NOT_STOPPED;
}
