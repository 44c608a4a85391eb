/*
 * early_checks.c - the software VM-entry checks (checks.c) in the run
 * loop: with early_checks=on, or =auto on bare metal (CPUID's hypervisor
 * bit clear: nested, the host hypervisor decides what entry does), the
 * VMCS is checked before an entry whenever the slow path changed a field
 * since the last check. The fastpath's writes (guest RIP, the preemption
 * timer value) never make a VMCS invalid and are not counted, so the
 * checks stay off the hot path.
 */
#include "early_checks.h"

#include <stdio.h>

#include "checks.h"
#include "exit.h"
#include "io.h"
#include "vmx.h"

int early_checks_wanted(const struct vmm_config *config,
			const struct vmx_caps *caps)
{
	if (config->early_checks == TRI_AUTO)
		return !caps->nested;
	return config->early_checks == TRI_ON;
}

int early_check(struct vcpu *v)
{
	struct vmcs_view view = vmcs_view_current;
	struct check_result res;

	view.ctx = &v->launched;	/* the launch state only we know */
	v->checked_writes = vmcs_write_count;
	if (vmcs_check(&view, v->caps, !v->launched, &res) == CHECK_PASS) {
		v->checks_passed = 1;
		return 0;
	}
	uart_flush();
	if (res.verdict == CHECK_VMFAIL)
		printf("vmm: early checks: %s would fail with VMfailValid, "
		       "error %u\n", v->launched ? "VMRESUME" : "VMLAUNCH",
		       res.vm_insn_error);
	else
		printf("vmm: early checks: VM entry would fail, exit reason %u, "
		       "qualification %lu\n", res.exit_reason,
		       res.exit_qualification);
	printf("vmm: early checks: rule %s (SDM vol. 3, %s): %s\n", res.rule,
	       res.sdm, res.detail);
	vmcs_dump();
	vcpu_stop(v, VMM_EXIT_VMENTRY_FAILED);
	return -1;
}

void early_checks_disagree(struct vcpu *v, const char *cpu_verdict)
{
	if (!v->early_checks || !v->checks_passed ||
	    v->checked_writes != vmcs_write_count)
		return;
	printf("vmm: BUG in the early checks: they passed this VMCS, but the "
	       "CPU says %s\n", cpu_verdict);
}
