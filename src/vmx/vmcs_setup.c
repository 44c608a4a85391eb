/*
 * vmcs_setup.c - fill the one VMCS: controls fitted to the capability MSRs,
 * host state, and the guest's entry state as the loader asks for it
 * (image.h: 16-bit real mode, with "unrestricted guest"; 32-bit flat
 * protected mode, paging off, as Multiboot enters; or 64-bit mode on the
 * loader's page tables).
 *
 * What is set and why follows SDM vol. 3, chapter 25 ("Organization of VMCS
 * data"); the rules VM entry checks are in 26.2 (controls, host state) and
 * 26.3 (guest state).
 */
#include "vcpu.h"

#include <stdio.h>

#include "controls.h"
#include "cpu.h"
#include "ept.h"
#include "image.h"
#include "mem.h"
#include "msr.h"
#include "policy.h"
#include "vmcs_setup.h"
#include "vmx_defs.h"
#include "vmx_ops.h"
#include "x86.h"

/*
 * Exceptions intercepted (SDM vol. 3, 25.6.3): #MC is the host's; #AC and
 * #DB are intercepted and reflected (exit.c, debug.c) so that a guest
 * cannot make the CPU deliver either to itself forever without a VM
 * exit: #AC whose delivery raises #AC (the "benign exception" loop of
 * CVE-2015-5307), and #DB whose delivery hits a data breakpoint the guest
 * set on its own stack or IDT (CVE-2015-8104), each of which hangs the
 * physical CPU. KVM intercepts #DB for the same reason.
 */
#define EXCEPTION_BITMAP_BITS	((1u << VEC_MC) | (1u << VEC_AC) | \
				 (1u << VEC_DB))

#define GUEST_PAT_RESET		0x0007040600070406ull	/* SDM vol. 3, 13.12.4 */

extern char vmx_vmexit[];

static const char *const ctl_msr_names[CTL_NR] = {
	[CTL_PIN] = "IA32_VMX_(TRUE_)PINBASED_CTLS",
	[CTL_PROC] = "IA32_VMX_(TRUE_)PROCBASED_CTLS",
	[CTL_PROC2] = "IA32_VMX_PROCBASED_CTLS2",
	[CTL_EXIT] = "IA32_VMX_(TRUE_)EXIT_CTLS",
	[CTL_ENTRY] = "IA32_VMX_(TRUE_)ENTRY_CTLS",
};

/* Fit one control word; name every dropped and missing bit. */
static int fit(enum vmx_ctl_word w, const struct vmx_ctl_caps *caps,
	       uint32_t required, uint32_t optional, uint32_t *out)
{
	uint32_t missing, dropped;
	int ret = vmx_adjust_ctl(caps, required, optional, out, &missing,
				 &dropped);
	unsigned int bit;

	for (bit = 0; bit < 32; bit++) {
		const char *name = vmx_ctl_bit_name(w, bit);

		if (dropped & (1u << bit))
			printf("vmx: warning: %s control %s not supported, "
			       "going without it\n", vmx_ctl_word_name(w),
			       name ? name : "?");
		if (missing & (1u << bit))
			printf("vmx: required %s control %s not supported "
			       "(%s allowed-1 = 0x%08x)\n", vmx_ctl_word_name(w),
			       name ? name : "?", ctl_msr_names[w],
			       caps->allowed1);
	}
	return ret;
}

int vmcs_setup_controls(struct vcpu *v, const struct vmcs_ctl_request *req)
{
	const struct vmx_caps *c = v->caps;
	int err = 0;

	err |= fit(CTL_PIN, &c->pin, req->pin_required, req->pin_optional,
		   &v->pin_ctls);
	err |= fit(CTL_PROC, &c->proc, req->proc_required | CPU_BASED_ACTIVATE_SECONDARY,
		   req->proc_optional, &v->proc_ctls);
	err |= fit(CTL_PROC2, &c->proc2, req->proc2_required,
		   req->proc2_optional, &v->proc2_ctls);
	err |= fit(CTL_EXIT, &c->exit, req->exit_required, req->exit_optional,
		   &v->exit_ctls);
	err |= fit(CTL_ENTRY, &c->entry, req->entry_required,
		   req->entry_optional, &v->entry_ctls);
	if (err)
		return -1;

	vmcs_write32(VMCS_PIN_BASED_VM_EXEC_CONTROL, v->pin_ctls);
	vmcs_write32(VMCS_CPU_BASED_VM_EXEC_CONTROL, v->proc_ctls);
	vmcs_write32(VMCS_SECONDARY_VM_EXEC_CONTROL, v->proc2_ctls);
	vmcs_write32(VMCS_VM_EXIT_CONTROLS, v->exit_ctls);
	vmcs_write32(VMCS_VM_ENTRY_CONTROLS, v->entry_ctls);
	vmcs_write32(VMCS_EXCEPTION_BITMAP, EXCEPTION_BITMAP_BITS);
	vmcs_write32(VMCS_CR3_TARGET_COUNT, 0);
	vmcs_write32(VMCS_VM_EXIT_MSR_STORE_COUNT, 0);
	vmcs_write32(VMCS_VM_EXIT_MSR_LOAD_COUNT, 0);
	vmcs_write32(VMCS_VM_ENTRY_MSR_LOAD_COUNT, 0);
	vmcs_write32(VMCS_VM_ENTRY_INTR_INFO_FIELD, 0);

	vmcs_write64(VMCS_IO_BITMAP_A, (uint64_t)v->io_bitmap);
	vmcs_write64(VMCS_IO_BITMAP_B, (uint64_t)v->io_bitmap + PAGE_SIZE);
	vmcs_write64(VMCS_MSR_BITMAP, (uint64_t)v->msr_bitmap);
	vmcs_write64(VMCS_TSC_OFFSET, 0);	/* the guest's TSC is the host's */
	vmcs_write64(VMCS_EPT_POINTER, v->eptp);
	if (v->proc2_ctls & SECONDARY_ENABLE_VPID)
		vmcs_write16(VMCS_VIRTUAL_PROCESSOR_ID, GUEST_VPID);
	vmcs_write64(VMCS_VMCS_LINK_POINTER, VMCS_LINK_NONE);

	/*
	 * CR0/CR4 bits the host owns (SDM vol. 3, 25.6.6): a guest read sees
	 * the read shadow, a guest write that changes one exits. CR0.PG is
	 * owned so that entering and leaving long mode passes through
	 * cr_access.c, which keeps EFER.LMA and the "IA-32e mode guest"
	 * entry control in step; the fixed bits (NE) because VMX requires
	 * them set while the guest believes otherwise (with "unrestricted
	 * guest", PE and PG are exempt: SDM vol. 3, 26.3.1.1). CR4.VMXE is
	 * owned so VMX stays hidden, and so is every CR4 bit whose feature
	 * the guest's CPUID does not show (policy_cr4_denied): setting one
	 * exits, and cr_access.c answers #GP as a CPU without it would.
	 */
	v->cr0_mask = (c->cr0_fixed0 & ~(CR0_PE | CR0_PG)) | ~c->cr0_fixed1 |
		      CR0_PG;
	v->cr4_mask = c->cr4_fixed0 | ~c->cr4_fixed1 | CR4_VMXE | policy_cr4_denied();
	vmcs_writel(VMCS_CR0_GUEST_HOST_MASK, v->cr0_mask);
	vmcs_writel(VMCS_CR4_GUEST_HOST_MASK, v->cr4_mask);
	return 0;
}

void vmcs_setup_host(struct vcpu *v)
{
	struct desc_ptr gdtr, idtr;

	__asm__ volatile("sgdt %0; sidt %1" : "=m"(gdtr), "=m"(idtr));
	vmcs_writel(VMCS_HOST_CR0, read_cr0());
	vmcs_writel(VMCS_HOST_CR3, read_cr3());
	vmcs_writel(VMCS_HOST_CR4, read_cr4());
	vmcs_write16(VMCS_HOST_CS_SELECTOR, GDT_KERNEL_CS);
	vmcs_write16(VMCS_HOST_SS_SELECTOR, GDT_KERNEL_DS);
	vmcs_write16(VMCS_HOST_DS_SELECTOR, GDT_KERNEL_DS);
	vmcs_write16(VMCS_HOST_ES_SELECTOR, GDT_KERNEL_DS);
	vmcs_write16(VMCS_HOST_FS_SELECTOR, 0);
	vmcs_write16(VMCS_HOST_GS_SELECTOR, 0);
	vmcs_write16(VMCS_HOST_TR_SELECTOR, GDT_TSS);
	vmcs_writel(VMCS_HOST_FS_BASE, 0);
	vmcs_writel(VMCS_HOST_GS_BASE, 0);
	vmcs_writel(VMCS_HOST_TR_BASE, cpu_tss_base());
	vmcs_writel(VMCS_HOST_GDTR_BASE, gdtr.base);
	vmcs_writel(VMCS_HOST_IDTR_BASE, idtr.base);
	vmcs_write32(VMCS_HOST_IA32_SYSENTER_CS, 0);
	vmcs_writel(VMCS_HOST_IA32_SYSENTER_ESP, 0);
	vmcs_writel(VMCS_HOST_IA32_SYSENTER_EIP, 0);
	if (v->exit_ctls & VM_EXIT_LOAD_IA32_EFER)
		vmcs_write64(VMCS_HOST_IA32_EFER, rdmsr(MSR_IA32_EFER));
	if (v->exit_ctls & VM_EXIT_LOAD_IA32_PAT)
		vmcs_write64(VMCS_HOST_IA32_PAT, rdmsr(MSR_IA32_PAT));
	vmcs_writel(VMCS_HOST_RIP, (uint64_t)vmx_vmexit);
	/* HOST_RSP is written by asm/vmenter.S, from the entry frame. */
}

/* The selectors of a 32-bit entry, whose GDT is undefined: any value
 * passes VM entry. */
#define PROT32_CS		0x08
#define PROT32_DS		0x10
/* A TSS with no I/O bitmap: 104 bytes (SDM vol. 3, 8.2.1, 8.7). */
#define TSS_LIMIT		0x67

struct seg_fields {
	uint32_t sel, base, limit, ar;
};

#define SEG(s) { VMCS_GUEST_##s##_SELECTOR, VMCS_GUEST_##s##_BASE, \
		 VMCS_GUEST_##s##_LIMIT, VMCS_GUEST_##s##_AR_BYTES }

static const struct seg_fields seg_cs = SEG(CS);
static const struct seg_fields seg_data[] = {
	SEG(DS), SEG(ES), SEG(FS), SEG(GS), SEG(SS),
};

static void write_segment(const struct seg_fields *f, uint16_t sel,
			  uint64_t base, uint32_t limit, uint32_t ar)
{
	vmcs_write(f->sel, sel);
	vmcs_write(f->base, base);
	vmcs_write(f->limit, limit);
	vmcs_write(f->ar, ar);
}

/*
 * The segment registers and descriptor tables of each entry mode (SDM
 * vol. 3, 26.3.1.2 lists what VM entry checks).
 *  - REAL16: the reset state, selector 0, base 0, limit 64 KiB.
 *  - PROT32: as Multiboot says (1, 3.2 "Machine state"): CS a 32-bit
 *    read/execute segment, the others read/write, all offset 0 and limit
 *    4 GiB; GDTR and IDTR undefined, so base 0 and limit 0.
 *  - LONG64: a 64-bit CS (L = 1, D = 0: 26.3.1.2 forbids both in IA-32e
 *    mode), flat data segments, GDTR the table the loader wrote, whose
 *    descriptors the selectors name (the loader's: boot64.h, or hvt's),
 *    so a kernel that reloads a segment register gets the same segment.
 * TR must be a busy TSS in every mode: a 16-bit one outside IA-32e mode
 * would do for real mode, a 32-bit/64-bit busy TSS (type 11) is required
 * in IA-32e mode and fits protected mode. LDTR is unusable in all.
 */
static void setup_segments(const struct guest_entry *e)
{
	uint32_t code = AR_TYPE_CODE_RX_ACC | AR_S | AR_P;
	uint32_t data = AR_TYPE_DATA_RW_ACC | AR_S | AR_P;
	uint16_t cs = 0, ds = 0;
	uint32_t limit = 0xffff, tr_ar = AR_TYPE_TSS16_BUSY | AR_P;
	uint64_t gdt_base = 0;
	uint32_t gdt_limit = 0xffff, idt_limit = 0xffff;
	unsigned int i;

	if (e->mode == ENTRY_PROT32 || e->mode == ENTRY_LONG64) {
		code |= AR_G | (e->mode == ENTRY_LONG64 ? AR_L : AR_DB);
		data |= AR_G | AR_DB;
		limit = 0xffffffff;
		cs = PROT32_CS;
		ds = PROT32_DS;
		tr_ar = AR_TYPE_TSS64_BUSY | AR_P;
		gdt_limit = 0;
		idt_limit = 0;
	}
	if (e->mode == ENTRY_LONG64) {
		cs = e->cs;
		ds = e->ds;
		gdt_base = e->gdt_base;
		gdt_limit = e->gdt_limit;
	}
	write_segment(&seg_cs, cs, 0, limit, code);
	for (i = 0; i < sizeof(seg_data) / sizeof(seg_data[0]); i++)
		write_segment(&seg_data[i], ds, 0, limit, data);

	vmcs_write16(VMCS_GUEST_TR_SELECTOR, 0);
	vmcs_writel(VMCS_GUEST_TR_BASE, 0);
	vmcs_write32(VMCS_GUEST_TR_LIMIT,
		     e->mode == ENTRY_REAL16 ? 0xffff : TSS_LIMIT);
	vmcs_write32(VMCS_GUEST_TR_AR_BYTES, tr_ar);
	vmcs_write16(VMCS_GUEST_LDTR_SELECTOR, 0);
	vmcs_writel(VMCS_GUEST_LDTR_BASE, 0);
	vmcs_write32(VMCS_GUEST_LDTR_LIMIT, 0xffff);
	vmcs_write32(VMCS_GUEST_LDTR_AR_BYTES, AR_UNUSABLE);
	vmcs_writel(VMCS_GUEST_GDTR_BASE, gdt_base);
	vmcs_write32(VMCS_GUEST_GDTR_LIMIT, gdt_limit);
	vmcs_writel(VMCS_GUEST_IDTR_BASE, 0);
	vmcs_write32(VMCS_GUEST_IDTR_LIMIT, idt_limit);
}

/*
 * The control registers and EFER of each mode. The CPU runs the guest
 * with the fixed bits set; the guest reads its own values from the
 * shadows (REAL16: the reset values, ET alone; PROT32: PE|ET; LONG64:
 * the loader's CR0 and CR4, at least PE|PG and PAE, EFER.LME|LMA). CR0.PG is host-owned and its shadow is
 * what the guest sees of it; a 64-bit entry also sets the "IA-32e mode
 * guest" entry control, which must equal EFER.LMA (26.3.1.1), the pair
 * cr_access.c keeps in step afterwards. EFER itself is loaded from the
 * VMCS on entry ("load IA32_EFER" is a required control, run.c).
 */
static void setup_control_regs(struct vcpu *v, const struct guest_entry *e)
{
	const struct vmx_caps *c = v->caps;
	uint64_t cr0 = CR0_ET, cr3 = 0, cr4 = 0, efer = 0;

	if (e->mode == ENTRY_PROT32)
		cr0 |= CR0_PE;
	if (e->mode == ENTRY_LONG64) {
		cr0 = e->cr0 | CR0_PE | CR0_PG;
		cr3 = e->cr3;
		cr4 = e->cr4 | CR4_PAE;
		efer |= EFER_LME | EFER_LMA;
		v->entry_ctls |= VM_ENTRY_IA32E_MODE;
	} else {
		v->entry_ctls &= ~VM_ENTRY_IA32E_MODE;
	}
	vmcs_write32(VMCS_VM_ENTRY_CONTROLS, v->entry_ctls);

	vmcs_writel(VMCS_GUEST_CR0, (cr0 | (c->cr0_fixed0 & ~(CR0_PE | CR0_PG))) &
		    c->cr0_fixed1);
	vmcs_writel(VMCS_CR0_READ_SHADOW, cr0);
	vmcs_writel(VMCS_GUEST_CR3, cr3);
	vmcs_writel(VMCS_GUEST_CR4, (cr4 | c->cr4_fixed0) & c->cr4_fixed1);
	vmcs_writel(VMCS_CR4_READ_SHADOW, cr4);
	if (v->entry_ctls & VM_ENTRY_LOAD_IA32_EFER)
		vmcs_write64(VMCS_GUEST_IA32_EFER, efer);
}

void vmcs_setup_guest(struct vcpu *v, const struct guest_entry *e)
{
	setup_control_regs(v, e);
	vmcs_writel(VMCS_GUEST_DR7, DR7_RESET);
	setup_segments(e);

	v->regs.gpr[VCPU_RAX] = e->rax;
	v->regs.gpr[VCPU_RBX] = e->rbx;
	v->regs.gpr[VCPU_RSI] = e->rsi;
	v->regs.gpr[VCPU_RDI] = e->rdi;
	vmcs_writel(VMCS_GUEST_RIP, e->rip);
	vmcs_writel(VMCS_GUEST_RSP, e->rsp);
	/* Interrupts off in every mode (Multiboot: IF clear). */
	vmcs_writel(VMCS_GUEST_RFLAGS, RFLAGS_FIXED);
	vmcs_write32(VMCS_GUEST_ACTIVITY_STATE, 0);
	vmcs_write32(VMCS_GUEST_INTERRUPTIBILITY_INFO, 0);
	vmcs_writel(VMCS_GUEST_PENDING_DBG_EXCEPTIONS, 0);
	vmcs_write64(VMCS_GUEST_IA32_DEBUGCTL, 0);
	vmcs_write32(VMCS_GUEST_SYSENTER_CS, 0);
	vmcs_writel(VMCS_GUEST_SYSENTER_ESP, 0);
	vmcs_writel(VMCS_GUEST_SYSENTER_EIP, 0);
	if (v->entry_ctls & VM_ENTRY_LOAD_IA32_PAT)
		vmcs_write64(VMCS_GUEST_IA32_PAT, GUEST_PAT_RESET);
}
