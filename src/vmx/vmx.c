/*
 * vmx.c - VMX operation: on, VMCS regions, and failures explained by name.
 */
#include "vmx.h"

#include <stdio.h>

#include "exit_reasons.h"
#include "log.h"
#include "machine.h"
#include "mem.h"
#include "msr.h"
#include "x86.h"

void vmx_report_failure(const char *what, enum vmx_insn_result r)
{
	uint64_t err = 0;

	if (r == VMX_FAIL_INVALID) {
		printf("vmx: %s: VMfailInvalid (no current VMCS)\n", what);
		return;
	}
	vmread_checked(VMCS_VM_INSTRUCTION_ERROR, &err);
	printf("vmx: %s: VMfailValid, VM-instruction error %lu: %s\n", what,
	       err, vm_instruction_error_name((unsigned int)err));
}

void vmcs_read_failed(uint32_t field)
{
	uint64_t val;
	char what[64];

	snprintf(what, sizeof(what), "VMREAD %s (0x%04x)",
		 vmcs_field_name(field), field);
	vmx_report_failure(what, vmread_checked(field, &val));
	panic("VMREAD failed");
}

unsigned long vmcs_write_count;

void vmcs_write(uint32_t field, uint64_t val)
{
	enum vmx_insn_result r = __vmwrite(field, val);
	char what[96];

	vmcs_write_count++;
	if (r == VMX_OK)
		return;
	snprintf(what, sizeof(what), "VMWRITE %s (0x%04x) = 0x%lx",
		 vmcs_field_name(field), field, val);
	vmx_report_failure(what, r);
	panic("VMWRITE failed");
}

int vmx_enable(const struct vmx_caps *caps)
{
	uint64_t fc = rdmsr(MSR_IA32_FEATURE_CONTROL);
	uint64_t cr0, cr4, phys;
	uint32_t *region;
	enum vmx_insn_result r;

	/* SDM vol. 3, 24.7: VMXON needs the lock bit and "enable VMX
	 * outside SMX"; firmware that left it unlocked lets us set both. */
	if (!(fc & FEATURE_CONTROL_LOCK))
		wrmsr(MSR_IA32_FEATURE_CONTROL, fc | FEATURE_CONTROL_LOCK |
			FEATURE_CONTROL_VMXON_OUTSIDE_SMX);

	/* SDM vol. 3, 24.8: in VMX operation CR0 and CR4 bits must follow
	 * IA32_VMX_CR{0,4}_FIXED{0,1} (a 1 in FIXED0 is forced on, a 0 in
	 * FIXED1 forced off); CR4.VMXE must be 1 before VMXON. */
	cr0 = (read_cr0() | caps->cr0_fixed0) & caps->cr0_fixed1;
	write_cr0(cr0);
	cr4 = (read_cr4() | caps->cr4_fixed0 | CR4_VMXE) & caps->cr4_fixed1;
	write_cr4(cr4);

	/* SDM vol. 3, 25.11.5: the VMXON region is 4 KiB aligned and starts
	 * with the VMCS revision identifier (bit 31 clear). */
	region = page_alloc(VMX_BASIC_REGION_SIZE(caps->basic), 4096);
	if (!region) {
		printf("vmx: no memory for the VMXON region\n");
		return -1;
	}
	region[0] = VMX_BASIC_REVISION(caps->basic);
	phys = (uint64_t)region;
	r = vmxon(phys);
	if (r != VMX_OK) {
		vmx_report_failure("VMXON", r);
		return -1;
	}
	pr_verbose("vmx: VMXON done (region 0x%lx, CR0 0x%lx, CR4 0x%lx)\n",
		   phys, cr0, cr4);
	return 0;
}

uint64_t vmcs_alloc_load(const struct vmx_caps *caps, void **virt)
{
	uint32_t *vmcs = page_alloc(VMX_BASIC_REGION_SIZE(caps->basic), 4096);
	uint64_t phys = (uint64_t)vmcs;
	enum vmx_insn_result r;

	if (!vmcs) {
		printf("vmx: no memory for the VMCS\n");
		return 0;
	}
	vmcs[0] = VMX_BASIC_REVISION(caps->basic);	/* SDM vol. 3, 25.2 */
	r = vmclear(phys);
	if (r != VMX_OK) {
		vmx_report_failure("VMCLEAR", r);
		return 0;
	}
	r = vmptrld(phys);
	if (r != VMX_OK) {
		vmx_report_failure("VMPTRLD", r);
		return 0;
	}
	*virt = vmcs;
	return phys;
}

void vmcs_dump(void)
{
	static const char *const group_names[] = {
		[VMCS_GROUP_CTRL] = "controls",
		[VMCS_GROUP_EXIT] = "exit information",
		[VMCS_GROUP_GUEST] = "guest state",
		[VMCS_GROUP_HOST] = "host state",
	};
	unsigned int g, i, col;

	for (g = 0; g < sizeof(group_names) / sizeof(group_names[0]); g++) {
		printf("vmcs: -- %s\n", group_names[g]);
		col = 0;
		for (i = 0; i < vmcs_field_count; i++) {
			const struct vmcs_field_desc *f = &vmcs_field_table[i];
			uint64_t val;

			if ((unsigned int)f->group != g ||
			    vmread_checked(f->encoding, &val) != VMX_OK)
				continue;	/* not supported by this CPU */
			printf("%s%-28s %016lx", col ? "  " : "vmcs: ",
			       f->name, val);
			if (++col == 2) {
				printf("\n");
				col = 0;
			}
		}
		if (col)
			printf("\n");
	}
}
