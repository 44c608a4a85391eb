/*
 * hello.c - hvt_hello: Solo5's test_hello. Prints its greeting and its
 * command line, which must be "Hello_Solo5".
 */
#include "hvt.h"
#include "mft.h"

HVT_MANIFEST(0);

int hvt_main(const char *cmdline)
{
	hvt_printf("Hello, World\n");
	hvt_printf("Command line is: '%s'\n", cmdline);
	if (strcmp(cmdline, "Hello_Solo5")) {
		hvt_printf("FAILURE: command line is not 'Hello_Solo5'\n");
		return HVT_EXIT_FAILURE;
	}
	hvt_printf("SUCCESS\n");
	return HVT_EXIT_SUCCESS;
}
