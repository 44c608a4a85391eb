/*
 * exitstorm.c - an exit storm: a million CPUIDs, then a hundred thousand
 * no-op hypercalls and as many reads of the test port, back to back. Every
 * one is an exit the fastpath answers; the hypervisor must count each
 * exactly (its own exit-count hypercall agrees before and after) and
 * answer each correctly.
 */
#include "guest.h"

#define STORM			1000000u	/* CPUIDs */
#define STORM_OTHERS		100000u		/* hypercalls, port reads */

void main64(void)
{
	unsigned long before, after, bad = 0;
	unsigned int i;

	before = (unsigned long)vmcall(HC_EXIT_COUNT, 0, 0);
	for (i = 0; i < STORM; i++)
		bad += cpuid(CPUID_LEAF_HV_BASE, 0).eax != CPUID_LEAF_HV_FEATURES;
	for (i = 0; i < STORM_OTHERS; i++)
		bad += vmcall(HC_NOP, 0, 0) != 0;
	for (i = 0; i < STORM_OTHERS; i++)
		bad += inl(VMM_PORT_TESTDEV) != VMM_TESTDEV_MAGIC;
	after = (unsigned long)vmcall(HC_EXIT_COUNT, 0, 0);
	printf("exitstorm: %u CPUIDs, %u hypercalls, %u port reads, "
	       "%lu wrong answers\n", STORM, STORM_OTHERS, STORM_OTHERS, bad);
	printf("exitstorm: %lu exits between the two counts\n",
	       after - before);
	exit_code(0);
}
