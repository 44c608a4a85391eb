/*
 * nested_caps.c - L1's VMX capability MSRs (see nested_caps.h).
 */
#include "nested_caps.h"

#include "controls.h"
#include "msr.h"
#include "vmcs12.h"
#include "vmcs_fields.h"

#define L1_PIN	(PIN_BASED_EXT_INTR_EXITING | PIN_BASED_NMI_EXITING |	\
		 PIN_BASED_VIRTUAL_NMIS | PIN_BASED_PREEMPTION_TIMER)
#define L1_PROC	(CPU_BASED_INTR_WINDOW_EXITING |			\
		 CPU_BASED_USE_TSC_OFFSETTING | CPU_BASED_HLT_EXITING |	\
		 CPU_BASED_INVLPG_EXITING | CPU_BASED_MWAIT_EXITING |	\
		 CPU_BASED_RDPMC_EXITING | CPU_BASED_RDTSC_EXITING |	\
		 CPU_BASED_CR3_LOAD_EXITING | CPU_BASED_CR3_STORE_EXITING | \
		 CPU_BASED_CR8_LOAD_EXITING | CPU_BASED_CR8_STORE_EXITING | \
		 CPU_BASED_TPR_SHADOW | CPU_BASED_NMI_WINDOW_EXITING |	\
		 CPU_BASED_MOV_DR_EXITING | CPU_BASED_UNCOND_IO_EXITING | \
		 CPU_BASED_USE_IO_BITMAPS | CPU_BASED_MONITOR_TRAP_FLAG | \
		 CPU_BASED_USE_MSR_BITMAPS | CPU_BASED_MONITOR_EXITING | \
		 CPU_BASED_PAUSE_EXITING | CPU_BASED_ACTIVATE_SECONDARY)
#define L1_PROC2 (SECONDARY_DESC_TABLE_EXITING | SECONDARY_ENABLE_RDTSCP | \
		  SECONDARY_ENABLE_VPID | SECONDARY_WBINVD_EXITING |	\
		  SECONDARY_RDRAND_EXITING | SECONDARY_RDSEED_EXITING)
#define L1_EXIT	(VM_EXIT_SAVE_DEBUG_CONTROLS | VM_EXIT_HOST_ADDR_SPACE_SIZE | \
		 VM_EXIT_ACK_INTR_ON_EXIT | VM_EXIT_SAVE_IA32_PAT |	\
		 VM_EXIT_LOAD_IA32_PAT | VM_EXIT_SAVE_IA32_EFER |	\
		 VM_EXIT_LOAD_IA32_EFER | VM_EXIT_SAVE_PREEMPTION_TIMER)
#define L1_ENTRY (VM_ENTRY_LOAD_DEBUG_CONTROLS | VM_ENTRY_IA32E_MODE |	\
		  VM_ENTRY_LOAD_IA32_PAT | VM_ENTRY_LOAD_IA32_EFER)

/*
 * The "default1" controls (SDM vol. 3, A.2): reserved bits that the
 * non-TRUE capability MSRs report as fixed to 1. A CPU with
 * IA32_VMX_BASIC[55] may let some be 0, which only the TRUE MSRs say.
 */
#define DEFAULT1_PIN	0x00000016u	/* bits 1, 2, 4 */
#define DEFAULT1_PROC	0x0401e172u	/* 1, 4-6, 8, 13-16, 26 */
#define DEFAULT1_EXIT	0x00036dffu	/* 0-8, 10, 11, 13, 14, 16, 17 */
#define DEFAULT1_ENTRY	0x000011ffu	/* 0-8, 12 */

/* What the CPU requires stays required; what L1 may set, the CPU must
 * allow: the offered controls, and the default1 bits, which the
 * non-TRUE MSR reports as required. */
static struct vmx_ctl_caps offer(struct vmx_ctl_caps host, uint32_t mask,
				 uint32_t default1)
{
	struct vmx_ctl_caps c = {
		.allowed0 = host.allowed0,
		.allowed1 = (host.allowed1 & (mask | default1)) |
			    host.allowed0,
	};

	return c;
}

/* IA32_VMX_VMCS_ENUM bits 9:1 (A.9): the highest field index. */
static uint64_t vmcs_enum(void)
{
	uint32_t top = 0;
	unsigned int i;

	for (i = 0; i < vmcs_field_count; i++)
		if (VMCS_FIELD_INDEX(vmcs_field_table[i].encoding) > top)
			top = VMCS_FIELD_INDEX(vmcs_field_table[i].encoding);
	return (uint64_t)top << 1;
}

void nested_caps(const struct vmx_caps *host, uint64_t cr4_allowed,
		 struct vmx_caps *l1)
{
	*l1 = *host;
	/* A.1: our revision and region, write-back, the TRUE MSRs; the
	 * INS/OUTS information and free error codes as the CPU has them. */
	l1->basic = VMCS12_REVISION | ((uint64_t)VMCS12_REGION_SIZE << 32) |
		    (6ull << 50) | VMX_BASIC_TRUE_CTLS |
		    (host->basic & (VMX_BASIC_INOUT_INFO |
				    VMX_BASIC_NO_ERRCODE_CHECK));
	/* A.6: the CPU's timer rate and LMA store, HLT, its MSR-list
	 * size, no CR3 targets, VMWRITE to any field. */
	l1->misc = (host->misc & (0x1full | VMX_MISC_STORE_LMA |
				  VMX_MISC_ACTIVITY_HLT | (7ull << 25) |
				  VMX_MISC_ZERO_LEN_INJECT)) |
		   VMX_MISC_VMWRITE_ANY;
	/* A.10: INVVPID as the CPU has it; no EPT. */
	l1->ept_vpid = host->ept_vpid & (VPID_CAP_INVVPID |
					 VPID_CAP_INVVPID_ADDR |
					 VPID_CAP_INVVPID_SINGLE |
					 VPID_CAP_INVVPID_ALL);
	l1->vmfunc = 0;
	l1->pin = offer(host->pin, L1_PIN, DEFAULT1_PIN);
	l1->proc = offer(host->proc, L1_PROC, DEFAULT1_PROC);
	l1->proc2 = offer(host->proc2, L1_PROC2, 0);
	l1->exit = offer(host->exit, L1_EXIT, DEFAULT1_EXIT);
	l1->entry = offer(host->entry, L1_ENTRY, DEFAULT1_ENTRY);
	/* A.7, A.8: CR0 as the CPU fixes it; CR4 too, but a bit L1 may not
	 * set, L2 may not either (a feature L1's CPUID hides stays hidden
	 * one level down). */
	l1->cr4_fixed1 = host->cr4_fixed1 & cr4_allowed;
}

static uint64_t ctl_msr(struct vmx_ctl_caps c, uint32_t default1)
{
	return (c.allowed0 | default1) | ((uint64_t)c.allowed1 << 32);
}

int nested_caps_msr(const struct vmx_caps *l1, uint32_t msr, uint64_t *val)
{
	switch (msr) {
	case MSR_IA32_VMX_BASIC:		*val = l1->basic; break;
	case MSR_IA32_VMX_PINBASED_CTLS:
		*val = ctl_msr(l1->pin, DEFAULT1_PIN); break;
	case MSR_IA32_VMX_PROCBASED_CTLS:
		*val = ctl_msr(l1->proc, DEFAULT1_PROC); break;
	case MSR_IA32_VMX_EXIT_CTLS:
		*val = ctl_msr(l1->exit, DEFAULT1_EXIT); break;
	case MSR_IA32_VMX_ENTRY_CTLS:
		*val = ctl_msr(l1->entry, DEFAULT1_ENTRY); break;
	case MSR_IA32_VMX_MISC:			*val = l1->misc; break;
	case MSR_IA32_VMX_CR0_FIXED0:		*val = l1->cr0_fixed0; break;
	case MSR_IA32_VMX_CR0_FIXED1:		*val = l1->cr0_fixed1; break;
	case MSR_IA32_VMX_CR4_FIXED0:		*val = l1->cr4_fixed0; break;
	case MSR_IA32_VMX_CR4_FIXED1:		*val = l1->cr4_fixed1; break;
	case MSR_IA32_VMX_VMCS_ENUM:		*val = vmcs_enum(); break;
	case MSR_IA32_VMX_PROCBASED_CTLS2:	*val = ctl_msr(l1->proc2, 0); break;
	case MSR_IA32_VMX_EPT_VPID_CAP:		*val = l1->ept_vpid; break;
	case MSR_IA32_VMX_TRUE_PINBASED_CTLS:	*val = ctl_msr(l1->pin, 0); break;
	case MSR_IA32_VMX_TRUE_PROCBASED_CTLS:	*val = ctl_msr(l1->proc, 0); break;
	case MSR_IA32_VMX_TRUE_EXIT_CTLS:	*val = ctl_msr(l1->exit, 0); break;
	case MSR_IA32_VMX_TRUE_ENTRY_CTLS:	*val = ctl_msr(l1->entry, 0); break;
	case MSR_IA32_VMX_VMFUNC:		*val = l1->vmfunc; break;
	default:
		return -1;
	}
	return 0;
}
