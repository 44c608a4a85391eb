/*
 * hello.c - the smallest guest that proves the path: real mode printed
 * (real16.S), long mode reached, the hypervisor's CPUID vendor leaf read,
 * and a clean exit with code 0 through port 0xf4.
 */
#include "guest.h"

void main64(void)
{
	struct cpuid_regs r;
	char vendor[13];
	int i;

	printf("hello from long mode\n");

	/* The signature is EBX, ECX, EDX as 12 ASCII bytes, like "KVMKVMKVM". */
	r = cpuid(CPUID_HV_VENDOR, 0);
	memcpy(vendor, &r.ebx, 4);
	memcpy(vendor + 4, &r.ecx, 4);
	memcpy(vendor + 8, &r.edx, 4);
	for (i = 0; i < 12; i++)
		if (vendor[i] < 0x20 || vendor[i] > 0x7e)
			vendor[i] = '.';	/* keep the console line clean */
	vendor[12] = '\0';
	printf("hypervisor vendor: %s\n", vendor);

	printf("bye\n");
	exit_code(0);
}
