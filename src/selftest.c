/*
 * selftest.c - self-tests run just before the first VM entry.
 */
#include "selftest.h"

#include <stdio.h>
#include <string.h>

#include "guest_ram.h"
#include "selftest_vmcs.h"
#include "vmx_ops.h"
#include "x86.h"

/*
 * A guest CR0 with PG set and PE clear: SDM vol. 3, 26.3.1.1 forbids it
 * even with "unrestricted guest", so VMLAUNCH must fail with "invalid
 * guest state" and the failure must be reported with the VMCS dump.
 */
static void bad_guest_cr0(struct vcpu *v, const char *arg)
{
	(void)v;
	(void)arg;
	vmcs_writel(VMCS_GUEST_CR0,
		    (vmcs_readl(VMCS_GUEST_CR0) | CR0_PG) & ~CR0_PE);
}

/* A host fault: the IDT handler must print the vector, error code, RIP,
 * CR2 and registers, and end the machine with the host-fault code. */
static void host_ud(struct vcpu *v, const char *arg)
{
	(void)v;
	(void)arg;
	__asm__ volatile("ud2");
}

/*
 * Guest RAM the guest has not touched is stale host memory until its first
 * use zeroes it (guest_ram.c); under an emulator it is often zero already,
 * which would hide a page handed over unzeroed. Fill it with a pattern
 * first, so a guest (or a hypercall) reading one sees "DIRTYRAM".
 */
static void dirty_ram(struct vcpu *v, const char *arg)
{
	(void)arg;
	guest_ram_poison(v);
}

/*
 * A VMREAD of a field no CPU has (a 32-bit guest-state encoding with
 * index 0x1ff, SDM vol. 3, appendix B): VMfailValid, which the checked
 * accessor must report by name and turn into an end of the machine,
 * never a value.
 */
#define VMCS_FIELD_NONE		0x4bfe

static void vmread_bad_field(struct vcpu *v, const char *arg)
{
	(void)v;
	(void)arg;
	printf("vmm: self-test read 0x%x\n", vmcs_read32(VMCS_FIELD_NONE));
}

/*
 * A host stack overflow: recurse on the boot stack until it runs into
 * its guard page (src/lib/cpu.c). The report must name the guard page
 * and the machine end with the host-fault code; nothing below the stack
 * may be overwritten on the way.
 */
static volatile unsigned long overflow_depth_max = ~0ul;

static __attribute__((noinline)) unsigned long overflow(unsigned long depth)
{
	volatile uint8_t frame[256];

	frame[0] = (uint8_t)depth;
	if (depth == overflow_depth_max)
		return 0;
	return overflow(depth + 1) + frame[0];
}

static void host_stack_overflow(struct vcpu *v, const char *arg)
{
	(void)v;
	(void)arg;
	printf("vmm: self-test recursed %lu times\n", overflow(0));
}

/*
 * The differential test of the software VM-entry checks against the CPU
 * (selftest_vmcs.c); "vmcs-checks:N" runs N random mutations. It takes
 * the run over and ends the machine.
 */
static void vmcs_checks(struct vcpu *v, const char *arg)
{
	selftest_vmcs_checks(v, arg);
}

/* A test named NAME runs for selftest=NAME and selftest=NAME:ARG; @run
 * gets the ":ARG" part ("" when absent). */
static const struct {
	const char *name;
	void (*run)(struct vcpu *v, const char *arg);
} selftests[] = {
	{ "bad-guest-cr0", bad_guest_cr0 },
	{ "dirty-ram", dirty_ram },
	{ "host-ud", host_ud },
	{ "host-stack-overflow", host_stack_overflow },
	{ "vmread-bad-field", vmread_bad_field },
	{ "vmcs-checks", vmcs_checks },
};

int selftest_before_entry(struct vcpu *v, const char *name)
{
	unsigned int i;

	if (!*name)
		return 0;
	for (i = 0; i < sizeof(selftests) / sizeof(selftests[0]); i++) {
		size_t n = strlen(selftests[i].name);

		if (!strncmp(selftests[i].name, name, n) &&
		    (name[n] == '\0' || name[n] == ':')) {
			printf("vmm: self-test %s\n", name);
			selftests[i].run(v, name + n);
			return 0;
		}
	}
	printf("vmm: unknown self-test '%s'\n", name);
	return -1;
}
