/*
 * vcpu.c - the vCPU's verbs that every room may use (vcpu.h): its
 * registers, an exception for the next entry, the end of its life, and
 * the log of what the policy denied it. They touch only the vCPU and its
 * current VMCS, so devices, emulation and exit handlers can all call
 * them without calling each other.
 */
#include "vcpu.h"

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

/*
 * Outside 64-bit mode EIP is 32 bits and wraps to 0 past 0xffffffff (SDM
 * vol. 1, 3.5), and VM entry requires RIP[63:32] = 0 there (vol. 3,
 * 26.3.1.4). In 64-bit mode the sum stands: at most it is the first
 * non-canonical address, 1 << 47 (1 << 56 with CR4.LA57), which VM entry
 * accepts (it checks bits 63:N, N the linear-address width) and from
 * which the CPU's next fetch takes #GP with that RIP, as without us.
 */
void vcpu_set_rip_near_4g(uint64_t rip, unsigned int len)
{
	uint64_t next = rip + len;

	if (!(vmcs_read32(VMCS_VM_ENTRY_CONTROLS) & VM_ENTRY_IA32E_MODE) ||
	    !(vmcs_read32(VMCS_GUEST_CS_AR_BYTES) & AR_L))
		next = (uint32_t)next;
	vmcs_writel(VMCS_GUEST_RIP, next);
}

void vcpu_skip_instruction_near_4g(void)
{
	vcpu_set_rip_near_4g(vmcs_readl(VMCS_GUEST_RIP),
			     vmcs_read32(VMCS_VM_EXIT_INSTRUCTION_LEN));
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

#define DENY_LOG_SLOTS	32

void vcpu_deny(struct vcpu *v, const char *kind, uint64_t what,
	       const char *detail)
{
	static struct { const char *kind; uint64_t what, rip; } seen[DENY_LOG_SLOTS];
	static unsigned int nr_seen;
	uint64_t rip = vmcs_readl(VMCS_GUEST_RIP);
	unsigned int i;

	(void)v;
	for (i = 0; i < nr_seen; i++)
		if (seen[i].kind == kind && seen[i].what == what &&
		    seen[i].rip == rip)
			return;
	if (nr_seen < DENY_LOG_SLOTS)
		seen[nr_seen++] = (typeof(seen[0])){ kind, what, rip };
	pr_warn("vmm: policy: denied %s 0x%lx at guest RIP 0x%lx: %s\n",
		kind, what, rip, detail);
}
