/*
 * vcpu.c - the vCPU's verbs that every room may use (vcpu.h): its
 * registers, an exception for the next entry, the end of its life, and
 * the log of what the policy denied it. They touch only the vCPU and its
 * current VMCS, so devices, emulation and exit handlers can all call
 * them without calling each other.
 */
#include "vcpu.h"

#include <stdio.h>

#include "controls.h"
#include "log.h"
#include "vmx_defs.h"
#include "x86.h"

uint64_t vcpu_reg_read(struct vcpu *v, unsigned int n)
{
	return n == VCPU_RSP ? vmcs_readl(VMCS_GUEST_RSP) : v->regs.gpr[n];
}

void vcpu_reg_write(struct vcpu *v, unsigned int n, uint64_t val)
{
	if (n == VCPU_RSP)
		vmcs_writel(VMCS_GUEST_RSP, val);
	else
		v->regs.gpr[n] = val;
}

void vcpu_inject_exception(struct vcpu *v, unsigned int vector,
			   int has_error, uint32_t error_code)
{
	uint32_t info = INTR_INFO_EVENT(INTR_TYPE_HW_EXC, vector);

	(void)v;
	/* SDM vol. 3, 26.2.1.3: no error code is delivered to a guest in
	 * real mode (CR0.PE = 0). */
	if (has_error && (vmcs_readl(VMCS_GUEST_CR0) & CR0_PE)) {
		info |= INTR_INFO_DELIVER_CODE;
		vmcs_write32(VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE, error_code);
	}
	vmcs_write32(VMCS_VM_ENTRY_INTR_INFO_FIELD, info);
}

void vcpu_stop(struct vcpu *v, int code)
{
	v->stopped = 1;
	v->exit_code = code;
}

void vcpu_guest_exit(struct vcpu *v, uint64_t code)
{
	if (code > VMM_EXIT_GUEST_MAX) {
		printf("vmm: guest exit code %lu is outside 0..%d\n", code,
		       VMM_EXIT_GUEST_MAX);
		vcpu_stop(v, VMM_EXIT_GUEST_CODE_RANGE);
		return;
	}
	vcpu_stop(v, (int)code);
}

/*
 * The denial log, bounded twice: one line per (kind, what, guest RIP)
 * among the first DENY_LOG_SLOTS sites, and at most DENY_LOG_BURST lines
 * in any DENY_LOG_WINDOW ticks whatever the sites. A guest that denies
 * itself in a loop costs a slot scan per access, never a console line
 * (~4,300 ticks a character under Bochs, a millisecond a line at 115200
 * baud): what is not printed is counted, and the count is printed when
 * the log opens again and with the exit statistics.
 */
#define DENY_LOG_SLOTS		32
#define DENY_LOG_BURST		20
#define DENY_LOG_WINDOW		(1ull << 32)	/* ticks: ~2 s at 2 GHz */

static struct {
	struct { const char *kind; uint64_t what, rip; } seen[DENY_LOG_SLOTS];
	unsigned int nr_seen;
	uint64_t window_start;
	unsigned int window_lines;
	unsigned long total, logged, dropped, dropped_unreported;
} deny_log;

static int deny_seen(const char *kind, uint64_t what, uint64_t rip)
{
	unsigned int i;

	for (i = 0; i < deny_log.nr_seen; i++)
		if (deny_log.seen[i].kind == kind &&
		    deny_log.seen[i].what == what &&
		    deny_log.seen[i].rip == rip)
			return 1;
	if (deny_log.nr_seen < DENY_LOG_SLOTS)
		deny_log.seen[deny_log.nr_seen++] =
			(typeof(deny_log.seen[0])){ kind, what, rip };
	return 0;
}

void vcpu_deny(struct vcpu *v, const char *kind, uint64_t what,
	       const char *detail)
{
	uint64_t rip = vmcs_readl(VMCS_GUEST_RIP);
	uint64_t now = rdtsc();

	(void)v;
	deny_log.total++;
	if (deny_seen(kind, what, rip))
		return;
	if (now - deny_log.window_start >= DENY_LOG_WINDOW) {
		deny_log.window_start = now;
		deny_log.window_lines = 0;
	}
	if (deny_log.window_lines >= DENY_LOG_BURST) {
		deny_log.dropped++;
		deny_log.dropped_unreported++;
		return;
	}
	deny_log.window_lines++;
	deny_log.logged++;
	if (deny_log.dropped_unreported) {
		pr_warn("vmm: policy: %lu denials not logged (rate limit)\n",
			deny_log.dropped_unreported);
		deny_log.dropped_unreported = 0;
	}
	pr_warn("vmm: policy: denied %s 0x%lx at guest RIP 0x%lx: %s\n",
		kind, what, rip, detail);
}

void vcpu_deny_stats_print(void)
{
	if (!deny_log.total)
		return;
	printf("vmm: policy: %lu denials, %lu logged, %lu not logged "
	       "(rate limit), the rest repeats of a logged site\n",
	       deny_log.total, deny_log.logged, deny_log.dropped);
}
