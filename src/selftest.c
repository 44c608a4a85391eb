/*
 * selftest.c - self-tests run just before the first VM entry.
 */
#include "selftest.h"

#include <stdio.h>
#include <string.h>

#include "vmx_ops.h"
#include "x86.h"

/*
 * A guest CR0 with PG set and PE clear: SDM vol. 3, 26.3.1.1 forbids it
 * even with "unrestricted guest", so VMLAUNCH must fail with "invalid
 * guest state" and the failure must be reported with the VMCS dump.
 */
static void bad_guest_cr0(struct vcpu *v)
{
	(void)v;
	vmcs_writel(VMCS_GUEST_CR0,
		    (vmcs_readl(VMCS_GUEST_CR0) | CR0_PG) & ~CR0_PE);
}

static const struct {
	const char *name;
	void (*run)(struct vcpu *v);
} selftests[] = {
	{ "bad-guest-cr0", bad_guest_cr0 },
};

int selftest_before_entry(struct vcpu *v, const char *name)
{
	unsigned int i;

	if (!*name)
		return 0;
	for (i = 0; i < sizeof(selftests) / sizeof(selftests[0]); i++) {
		if (!strcmp(selftests[i].name, name)) {
			printf("vmm: self-test %s\n", name);
			selftests[i].run(v);
			return 0;
		}
	}
	printf("vmm: unknown self-test '%s'\n", name);
	return -1;
}
