/*
 * crash.c - the crash record and the exit trace (see crash.h).
 *
 * The ring holds the exits that reached the slow path, with the reason,
 * the guest RIP and the qualification. The fastpath's exits (CPUID, the
 * no-op hypercall, the timer, fast ports and MMIO) are counted in the
 * statistics but not traced: tracing them would lengthen every hot exit,
 * and a crash is decided on the slow path, whose exits lead to it. With
 * exit_trace=on every exit takes the slow path (vcpu_init chooses the
 * counting-only fastpath), so every exit is traced.
 */
#include "crash.h"

#include <stdio.h>

#include "exit.h"
#include "exit_reasons.h"
#include "msr.h"
#include "vmx_ops.h"

struct crash_ring crash_ring;
static unsigned long traced;	/* exits printed by exit_trace=on */

void crash_trace_print(struct vcpu *v, uint64_t rip)
{
	if (traced < EXIT_TRACE_MAX)
		printf("vmm: trace: exit %lu: reason %u (%s), qualification "
		       "0x%lx, guest RIP 0x%lx\n", crash_ring.n,
		       v->exit_reason & 0xffff,
		       exit_reason_name(v->exit_reason & 0xffff), v->exit_qual,
		       rip);
	else if (traced == EXIT_TRACE_MAX)
		printf("vmm: exit trace: %d exits printed; the rest are only "
		       "counted\n", EXIT_TRACE_MAX);
	traced++;
}

static void print_ring(void)
{
	unsigned long n = crash_ring.n;
	unsigned long first = n > CRASH_RING ? n - CRASH_RING : 0;
	unsigned long i;

	printf("vmm: crash: the last %lu slow-path exits, oldest first:\n",
	       n - first);
	for (i = first; i < n; i++) {
		unsigned int slot = (unsigned int)(i % CRASH_RING);
		unsigned int r = crash_ring.exit[slot].reason;

		printf("vmm: crash:   #%-8lu %-3u %-28s qual 0x%-12lx "
		       "RIP 0x%lx\n", i + 1, r & 0xffff,
		       exit_reason_name(r & 0xffff), crash_ring.exit[slot].qual,
		       crash_ring.exit[slot].rip);
	}
}

void crash_record_print(struct vcpu *v, int code)
{
	const uint64_t *g = v->regs.gpr;

	printf("vmm: crash: verdict %d, exit reason %u (%s%s), "
	       "qualification 0x%lx\n", code, v->exit_reason & 0xffff,
	       exit_reason_name(v->exit_reason & 0xffff),
	       (v->exit_reason & VMX_EXIT_REASON_FAILED_VMENTRY) ?
			", VM entry failed" : "", v->exit_qual);
	printf("vmm: crash: RIP 0x%016lx RSP 0x%016lx RFLAGS 0x%08lx\n",
	       vmcs_readl(VMCS_GUEST_RIP), vmcs_readl(VMCS_GUEST_RSP),
	       vmcs_readl(VMCS_GUEST_RFLAGS));
	printf("vmm: crash: CR0 0x%08lx CR3 0x%016lx CR4 0x%08lx "
	       "EFER 0x%lx\n", vmcs_readl(VMCS_CR0_READ_SHADOW),
	       vmcs_readl(VMCS_GUEST_CR3), vmcs_readl(VMCS_CR4_READ_SHADOW),
	       vmcs_read64(VMCS_GUEST_IA32_EFER));
	printf("vmm: crash: RAX %016lx RBX %016lx RCX %016lx RDX %016lx\n",
	       g[VCPU_RAX], g[VCPU_RBX], g[VCPU_RCX], g[VCPU_RDX]);
	printf("vmm: crash: RSI %016lx RDI %016lx RBP %016lx R8  %016lx\n",
	       g[VCPU_RSI], g[VCPU_RDI], g[VCPU_RBP], g[VCPU_R8]);
	printf("vmm: crash: R9  %016lx R10 %016lx R11 %016lx R12 %016lx\n",
	       g[VCPU_R9], g[VCPU_R10], g[VCPU_R11], g[VCPU_R12]);
	printf("vmm: crash: R13 %016lx R14 %016lx R15 %016lx\n",
	       g[VCPU_R13], g[VCPU_R14], g[VCPU_R15]);
	print_ring();
}
