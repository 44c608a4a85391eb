/*
 * test_vmx_insn.c - L1's VMX instructions (src/nested/vmx_insn.c)
 * against the "Operation" sections of SDM vol. 3, chapter 31, on a fake
 * L1 memory of a few pages: the order of #UD, #GP(0), VMfailInvalid and
 * VMfailValid with its error number; VMfail as VMfailInvalid when there
 * is no current VMCS; the current VMCS cached from VMPTRLD and written
 * back by VMCLEAR, VMPTRLD of another and VMXOFF; RFLAGS per outcome;
 * and VMLAUNCH/VMRESUME: the basic checks of 26.1, then the VM-entry
 * rule list on L1's VMCS against the capabilities nested_caps() gives
 * L1 on Bochs' tigerlake, with VMfailValid or a failed-entry exit.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "checks.h"
#include "checks_internal.h"
#include "controls.h"
#include "exit_reasons.h"
#include "msr.h"
#include "nested_caps.h"
#include "vmx_defs.h"
#include "vmx_insn.h"
#include "x86.h"

#define PAGES		4
#define BASE		0x100000ull	/* L1's RAM: [BASE, BASE + 16 KiB) */
#define VMXON_PA	BASE
#define VMCS_A		(BASE + 0x1000)
#define VMCS_B		(BASE + 0x2000)
#define NO_RAM		0x40000000ull

static uint8_t ram[PAGES][4096];
static struct vmx_l1 l1;
static struct vmx_caps caps;
static struct vmx_insn_cpu cpu;

static int ram_read(void *ctx, uint64_t pa, void *buf, unsigned int len)
{
	(void)ctx;
	if (pa < BASE || pa - BASE + len > sizeof(ram))
		return -1;
	memcpy(buf, (uint8_t *)ram + (pa - BASE), len);
	return 0;
}

static int ram_write(void *ctx, uint64_t pa, const void *buf,
		     unsigned int len)
{
	(void)ctx;
	if (pa < BASE || pa - BASE + len > sizeof(ram))
		return -1;
	memcpy((uint8_t *)ram + (pa - BASE), buf, len);
	return 0;
}

static const struct vmx_insn_mem mem = { NULL, ram_read, ram_write };

static void put32(uint64_t pa, uint32_t v)
{
	memcpy((uint8_t *)ram + (pa - BASE), &v, 4);
}

static uint32_t get32(uint64_t pa)
{
	uint32_t v;

	memcpy(&v, (uint8_t *)ram + (pa - BASE), 4);
	return v;
}

#define EXPECT(res, o, e) do {						\
	struct vmx_insn_result r_ = (res);				\
	assert_int_equal(r_.outcome, (o));				\
	assert_int_equal(r_.error, (e));				\
} while (0)

/* 64-bit L1 at CPL 0 with VMXE, FEATURE_CONTROL locked and enabled,
 * the regions holding our revision; VMX off. */
static int setup(void **state)
{
	(void)state;
	memset(ram, 0, sizeof(ram));
	memset(&caps, 0, sizeof(caps));
	caps.basic = VMCS12_REVISION;
	caps.misc = VMX_MISC_VMWRITE_ANY;
	caps.cr0_fixed0 = CR0_PE | CR0_PG | CR0_NE;
	caps.cr0_fixed1 = ~0ull;
	caps.cr4_fixed0 = CR4_VMXE;
	caps.cr4_fixed1 = ~0ull;
	cpu = (struct vmx_insn_cpu){
		.cr0 = CR0_PE | CR0_PG | CR0_NE, .cr4 = CR4_VMXE | CR4_PAE,
		.rflags = RFLAGS_FIXED,
		.feature_control = FEATURE_CONTROL_LOCK |
				   FEATURE_CONTROL_VMXON_OUTSIDE_SMX,
		.long_mode = 1, .cs_l = 1, .cpl = 0, .phys_bits = 39,
	};
	put32(VMXON_PA, VMCS12_REVISION);
	put32(VMCS_A, VMCS12_REVISION);
	put32(VMCS_B, VMCS12_REVISION);
	vmx_l1_reset(&l1);
	return 0;
}

static void test_vmxon(void **state)
{
	(void)state;
	/* #UD first: no CR4.VMXE, compatibility mode, virtual-8086. */
	cpu.cr4 &= ~CR4_VMXE;
	cpu.cpl = 3;
	EXPECT(vmx_insn_vmxon(&l1, &cpu, &caps, &mem, VMXON_PA),
	       VMX_RAISE_UD, 0);
	cpu.cr4 |= CR4_VMXE;
	cpu.cs_l = 0;
	EXPECT(vmx_insn_vmxon(&l1, &cpu, &caps, &mem, VMXON_PA),
	       VMX_RAISE_UD, 0);
	cpu.cs_l = 1;
	/* Then #GP(0): CPL, fixed bits, FEATURE_CONTROL. */
	EXPECT(vmx_insn_vmxon(&l1, &cpu, &caps, &mem, VMXON_PA),
	       VMX_RAISE_GP, 0);
	cpu.cpl = 0;
	cpu.cr0 &= ~CR0_NE;
	EXPECT(vmx_insn_vmxon(&l1, &cpu, &caps, &mem, VMXON_PA),
	       VMX_RAISE_GP, 0);
	cpu.cr0 |= CR0_NE;
	caps.cr4_fixed1 = ~(uint64_t)CR4_PAE;
	EXPECT(vmx_insn_vmxon(&l1, &cpu, &caps, &mem, VMXON_PA),
	       VMX_RAISE_GP, 0);
	caps.cr4_fixed1 = ~0ull;
	cpu.feature_control = FEATURE_CONTROL_VMXON_OUTSIDE_SMX;
	EXPECT(vmx_insn_vmxon(&l1, &cpu, &caps, &mem, VMXON_PA),
	       VMX_RAISE_GP, 0);
	cpu.feature_control = FEATURE_CONTROL_LOCK;
	EXPECT(vmx_insn_vmxon(&l1, &cpu, &caps, &mem, VMXON_PA),
	       VMX_RAISE_GP, 0);
	cpu.feature_control |= FEATURE_CONTROL_VMXON_OUTSIDE_SMX;
	/* Then VMfailInvalid: the pointer, the revision (bit 31 too),
	 * an address with no RAM (reads all-ones). */
	EXPECT(vmx_insn_vmxon(&l1, &cpu, &caps, &mem, VMXON_PA + 8),
	       VMX_FAIL_INVALID, 0);
	EXPECT(vmx_insn_vmxon(&l1, &cpu, &caps, &mem, 1ull << 39),
	       VMX_FAIL_INVALID, 0);
	EXPECT(vmx_insn_vmxon(&l1, &cpu, &caps, &mem, NO_RAM),
	       VMX_FAIL_INVALID, 0);
	put32(VMXON_PA, VMCS12_REVISION | 0x80000000u);
	EXPECT(vmx_insn_vmxon(&l1, &cpu, &caps, &mem, VMXON_PA),
	       VMX_FAIL_INVALID, 0);
	put32(VMXON_PA, VMCS12_REVISION);
	assert_false(l1.on);
	EXPECT(vmx_insn_vmxon(&l1, &cpu, &caps, &mem, VMXON_PA),
	       VMX_SUCCEED, 0);
	assert_true(l1.on);
	/* In VMX root operation: #GP at CPL > 0, else VMfail(15), which
	 * with no current VMCS is VMfailInvalid... */
	cpu.cpl = 3;
	EXPECT(vmx_insn_vmxon(&l1, &cpu, &caps, &mem, VMXON_PA),
	       VMX_RAISE_GP, 0);
	cpu.cpl = 0;
	EXPECT(vmx_insn_vmxon(&l1, &cpu, &caps, &mem, VMXON_PA),
	       VMX_FAIL_INVALID, 0);
	/* ...and VMfailValid(15) with one, in its error field. */
	EXPECT(vmx_insn_vmptrld(&l1, &cpu, &mem, VMCS_A), VMX_SUCCEED, 0);
	EXPECT(vmx_insn_vmxon(&l1, &cpu, &caps, &mem, VMXON_PA),
	       VMX_FAIL_VALID, VMXERR_VMXON_IN_VMX_ROOT_OPERATION);
	assert_int_equal(l1.cache.field[VMCS12_IDX_VM_INSTRUCTION_ERROR],
			 VMXERR_VMXON_IN_VMX_ROOT_OPERATION);
}

static void on(void)
{
	EXPECT(vmx_insn_vmxon(&l1, &cpu, &caps, &mem, VMXON_PA),
	       VMX_SUCCEED, 0);
}

static void test_outside_vmx_operation(void **state)
{
	uint64_t v;

	(void)state;
	/* Every instruction but VMXON is #UD outside VMX operation. */
	EXPECT(vmx_insn_vmxoff(&l1, &cpu, &mem), VMX_RAISE_UD, 0);
	EXPECT(vmx_insn_vmptrld(&l1, &cpu, &mem, VMCS_A), VMX_RAISE_UD, 0);
	EXPECT(vmx_insn_vmclear(&l1, &cpu, &mem, VMCS_A), VMX_RAISE_UD, 0);
	EXPECT(vmx_insn_vmptrst(&l1, &cpu, &v), VMX_RAISE_UD, 0);
	EXPECT(vmx_insn_vmread(&l1, &cpu, VMCS_GUEST_RIP, &v),
	       VMX_RAISE_UD, 0);
	EXPECT(vmx_insn_vmwrite(&l1, &cpu, &caps, VMCS_GUEST_RIP, 1),
	       VMX_RAISE_UD, 0);
	/* In it: #UD in real mode before #GP at CPL 3. */
	on();
	cpu.cr0 &= ~CR0_PE;
	cpu.cpl = 3;
	EXPECT(vmx_insn_vmptrld(&l1, &cpu, &mem, VMCS_A), VMX_RAISE_UD, 0);
	cpu.cr0 |= CR0_PE;
	EXPECT(vmx_insn_vmptrld(&l1, &cpu, &mem, VMCS_A), VMX_RAISE_GP, 0);
	EXPECT(vmx_insn_vmxoff(&l1, &cpu, &mem), VMX_RAISE_GP, 0);
	cpu.rflags |= RFLAGS_VM;
	EXPECT(vmx_insn_vmread(&l1, &cpu, VMCS_GUEST_RIP, &v),
	       VMX_RAISE_UD, 0);
}

static void test_vmptrld_vmclear(void **state)
{
	uint64_t v;

	(void)state;
	on();
	/* No current VMCS: VMfail is VMfailInvalid, whatever the error. */
	EXPECT(vmx_insn_vmptrld(&l1, &cpu, &mem, VMCS_A + 4),
	       VMX_FAIL_INVALID, 0);
	EXPECT(vmx_insn_vmptrst(&l1, &cpu, &v), VMX_SUCCEED, 0);
	assert_int_equal(v, VMX_INVALID_PTR);
	EXPECT(vmx_insn_vmread(&l1, &cpu, VMCS_GUEST_RIP, &v),
	       VMX_FAIL_INVALID, 0);
	EXPECT(vmx_insn_vmptrld(&l1, &cpu, &mem, VMCS_A), VMX_SUCCEED, 0);
	EXPECT(vmx_insn_vmptrst(&l1, &cpu, &v), VMX_SUCCEED, 0);
	assert_int_equal(v, VMCS_A);
	/* With one: VMfailValid and the SDM's numbers. */
	EXPECT(vmx_insn_vmptrld(&l1, &cpu, &mem, VMCS_B + 0x10),
	       VMX_FAIL_VALID, VMXERR_VMPTRLD_INVALID_ADDRESS);
	EXPECT(vmx_insn_vmptrld(&l1, &cpu, &mem, 1ull << 40),
	       VMX_FAIL_VALID, VMXERR_VMPTRLD_INVALID_ADDRESS);
	EXPECT(vmx_insn_vmptrld(&l1, &cpu, &mem, VMXON_PA),
	       VMX_FAIL_VALID, VMXERR_VMPTRLD_VMXON_POINTER);
	put32(VMCS_B, VMCS12_REVISION | 0x80000000u);	/* a shadow VMCS */
	EXPECT(vmx_insn_vmptrld(&l1, &cpu, &mem, VMCS_B), VMX_FAIL_VALID,
	       VMXERR_VMPTRLD_INCORRECT_VMCS_REVISION_ID);
	EXPECT(vmx_insn_vmptrld(&l1, &cpu, &mem, NO_RAM), VMX_FAIL_VALID,
	       VMXERR_VMPTRLD_INCORRECT_VMCS_REVISION_ID);
	put32(VMCS_B, VMCS12_REVISION);
	EXPECT(vmx_insn_vmclear(&l1, &cpu, &mem, VMCS_A + 1),
	       VMX_FAIL_VALID, VMXERR_VMCLEAR_INVALID_ADDRESS);
	EXPECT(vmx_insn_vmclear(&l1, &cpu, &mem, VMXON_PA),
	       VMX_FAIL_VALID, VMXERR_VMCLEAR_VMXON_POINTER);
	/* VMWRITE goes to L0's copy; VMPTRLD of another writes it back. */
	EXPECT(vmx_insn_vmwrite(&l1, &cpu, &caps, VMCS_GUEST_RIP, 0x1234),
	       VMX_SUCCEED, 0);
	put32(VMCS_B + offsetof(struct vmcs12, launch_state), VMCS12_LAUNCHED);
	EXPECT(vmx_insn_vmptrld(&l1, &cpu, &mem, VMCS_B), VMX_SUCCEED, 0);
	assert_int_equal(((struct vmcs12 *)ram[1])->field[VMCS12_IDX_GUEST_RIP],
			 0x1234);
	/* VMCLEAR of another VMCS: its launch state, the current one
	 * stays current. */
	put32(VMCS_A + offsetof(struct vmcs12, launch_state), VMCS12_LAUNCHED);
	EXPECT(vmx_insn_vmclear(&l1, &cpu, &mem, VMCS_A), VMX_SUCCEED, 0);
	assert_int_equal(get32(VMCS_A + offsetof(struct vmcs12, launch_state)),
			 VMCS12_CLEAR);
	EXPECT(vmx_insn_vmptrst(&l1, &cpu, &v), VMX_SUCCEED, 0);
	assert_int_equal(v, VMCS_B);
	/* VMCLEAR of the current one: cleared, written back, no current. */
	EXPECT(vmx_insn_vmwrite(&l1, &cpu, &caps, VMCS_GUEST_RSP, 0x8000),
	       VMX_SUCCEED, 0);
	EXPECT(vmx_insn_vmclear(&l1, &cpu, &mem, VMCS_B), VMX_SUCCEED, 0);
	assert_int_equal(((struct vmcs12 *)ram[2])->launch_state,
			 VMCS12_CLEAR);
	assert_int_equal(((struct vmcs12 *)ram[2])->field[VMCS12_IDX_GUEST_RSP],
			 0x8000);
	EXPECT(vmx_insn_vmptrst(&l1, &cpu, &v), VMX_SUCCEED, 0);
	assert_int_equal(v, VMX_INVALID_PTR);
}

static void test_vmread_vmwrite_vmxoff(void **state)
{
	uint64_t v = 0;

	(void)state;
	on();
	EXPECT(vmx_insn_vmptrld(&l1, &cpu, &mem, VMCS_A), VMX_SUCCEED, 0);
	EXPECT(vmx_insn_vmread(&l1, &cpu, 0x6bfe, &v), VMX_FAIL_VALID,
	       VMXERR_UNSUPPORTED_VMCS_COMPONENT);
	/* The error is read back from the current VMCS. */
	EXPECT(vmx_insn_vmread(&l1, &cpu, VMCS_VM_INSTRUCTION_ERROR, &v),
	       VMX_SUCCEED, 0);
	assert_int_equal(v, VMXERR_UNSUPPORTED_VMCS_COMPONENT);
	/* Read-only fields take a write only with VMWRITE-any offered;
	 * the written value reads back (issue 16's EXIT_QUALIFICATION
	 * rule, without a shadow VMCS). */
	caps.misc = 0;
	EXPECT(vmx_insn_vmwrite(&l1, &cpu, &caps, VMCS_EXIT_QUALIFICATION, 5),
	       VMX_FAIL_VALID, VMXERR_VMWRITE_READ_ONLY_VMCS_COMPONENT);
	caps.misc = VMX_MISC_VMWRITE_ANY;
	EXPECT(vmx_insn_vmwrite(&l1, &cpu, &caps, VMCS_EXIT_QUALIFICATION, 5),
	       VMX_SUCCEED, 0);
	EXPECT(vmx_insn_vmread(&l1, &cpu, VMCS_EXIT_QUALIFICATION, &v),
	       VMX_SUCCEED, 0);
	assert_int_equal(v, 5);
	/* VMXOFF writes the current VMCS back and leaves VMX operation. */
	EXPECT(vmx_insn_vmxoff(&l1, &cpu, &mem), VMX_SUCCEED, 0);
	assert_int_equal(((struct vmcs12 *)ram[1])->
			 field[VMCS12_IDX_EXIT_QUALIFICATION], 5);
	assert_false(l1.on);
	EXPECT(vmx_insn_vmread(&l1, &cpu, VMCS_GUEST_RIP, &v),
	       VMX_RAISE_UD, 0);
}

/* Bochs 2.7's tigerlake, as test_checks.c has it. */
static void bochs_caps(struct vmx_caps *h)
{
	memset(h, 0, sizeof(*h));
	h->basic = 0x1d8100000000004ull;
	h->misc = 0x600401e0;
	h->ept_vpid = 0xf0106b34141ull;
	h->cr0_fixed0 = 0x80000021;
	h->cr0_fixed1 = 0xffffffff;
	h->cr4_fixed0 = 0x2000;
	h->cr4_fixed1 = 0xf72fff;
	h->pin = (struct vmx_ctl_caps){ 0x16, 0x7f };
	h->proc = (struct vmx_ctl_caps){ 0x04006172, 0xfff9fffe };
	h->proc2 = (struct vmx_ctl_caps){ 0, 0x02977fff };
	h->exit = (struct vmx_ctl_caps){ 0x00036dfb, 0x107fffff };
	h->entry = (struct vmx_ctl_caps){ 0x000011fb, 0x0010ffff };
	h->phys_addr_bits = 40;
	check_features = (struct check_features){
		.linear_bits = 48, .host_lma = 1, .valid = 1,
		.efer_valid = EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE,
	};
}

static void w(uint32_t enc, uint64_t val)
{
	EXPECT(vmx_insn_vmwrite(&l1, &cpu, &caps, enc, val), VMX_SUCCEED, 0);
}

/* A 64-bit L2 under a 64-bit L1, on L1's page tables (L1 has no EPT:
 * paging on), written with VMWRITE as L1 would. */
static void good_vmcs12(void)
{
	static const uint32_t data_segs[] = {
		VMCS_GUEST_ES_SELECTOR, VMCS_GUEST_SS_SELECTOR,
		VMCS_GUEST_DS_SELECTOR, VMCS_GUEST_FS_SELECTOR,
		VMCS_GUEST_GS_SELECTOR,
	};
	unsigned int i;

	w(VMCS_PIN_BASED_VM_EXEC_CONTROL, caps.pin.allowed0 |
	  PIN_BASED_EXT_INTR_EXITING);
	w(VMCS_CPU_BASED_VM_EXEC_CONTROL, caps.proc.allowed0 |
	  CPU_BASED_HLT_EXITING);
	w(VMCS_VM_EXIT_CONTROLS, caps.exit.allowed0 |
	  VM_EXIT_HOST_ADDR_SPACE_SIZE);
	w(VMCS_VM_ENTRY_CONTROLS, caps.entry.allowed0 | VM_ENTRY_IA32E_MODE);
	w(VMCS_VMCS_LINK_POINTER, ~0ull);
	w(VMCS_HOST_CR0, CR0_PE | CR0_NE | CR0_PG | CR0_ET);
	w(VMCS_HOST_CR3, 0x101000);
	w(VMCS_HOST_CR4, CR4_VMXE | CR4_PAE);
	w(VMCS_HOST_CS_SELECTOR, 0x08);
	w(VMCS_HOST_SS_SELECTOR, 0x10);
	w(VMCS_HOST_TR_SELECTOR, 0x18);
	w(VMCS_HOST_RIP, 0x10a000);
	w(VMCS_HOST_RSP, 0x180000);
	w(VMCS_GUEST_CR0, CR0_PE | CR0_NE | CR0_PG | CR0_ET);
	w(VMCS_GUEST_CR3, 0x102000);
	w(VMCS_GUEST_CR4, CR4_VMXE | CR4_PAE);
	w(VMCS_GUEST_DR7, 0x400);
	w(VMCS_GUEST_CS_SELECTOR, 0x08);
	w(VMCS_GUEST_CS_LIMIT, 0xffffffff);
	w(VMCS_GUEST_CS_AR_BYTES, 0xa09b);	/* code, L, G, DPL 0 */
	for (i = 0; i < 5; i++) {
		w(data_segs[i], 0x10);
		w(data_segs[i] + (VMCS_GUEST_ES_LIMIT - VMCS_GUEST_ES_SELECTOR),
		  0xffffffff);
		w(data_segs[i] + (VMCS_GUEST_ES_AR_BYTES -
				  VMCS_GUEST_ES_SELECTOR), 0xc093);
	}
	w(VMCS_GUEST_TR_SELECTOR, 0x18);
	w(VMCS_GUEST_TR_LIMIT, 0x67);
	w(VMCS_GUEST_TR_AR_BYTES, 0x8b);	/* busy 64-bit TSS */
	w(VMCS_GUEST_LDTR_AR_BYTES, AR_UNUSABLE);
	w(VMCS_GUEST_GDTR_LIMIT, 0xffff);
	w(VMCS_GUEST_IDTR_LIMIT, 0xffff);
	w(VMCS_GUEST_RIP, 0x400000);
	w(VMCS_GUEST_RSP, 0x7000);
	w(VMCS_GUEST_RFLAGS, RFLAGS_FIXED);
}

static void test_vmentry(void **state)
{
	struct vmx_caps host;
	struct check_result res;
	uint64_t v;

	(void)state;
	bochs_caps(&host);
	nested_caps(&host, ~0ull, &caps);
	on();
	/* No current VMCS: VMfailInvalid, before anything else. */
	EXPECT(vmx_insn_vmentry(&l1, &cpu, &caps, &mem, 1, 0, &res),
	       VMX_FAIL_INVALID, 0);
	EXPECT(vmx_insn_vmptrld(&l1, &cpu, &mem, VMCS_A), VMX_SUCCEED, 0);
	good_vmcs12();
	EXPECT(vmx_insn_vmentry(&l1, &cpu, &caps, &mem, 1, 0, &res),
	       VMX_SUCCEED, 0);
	/* CPL 3: #GP; blocking by MOV SS: VMfail 26; VMRESUME of a clear
	 * VMCS: VMfail 5. */
	cpu.cpl = 3;
	EXPECT(vmx_insn_vmentry(&l1, &cpu, &caps, &mem, 1, 0, &res),
	       VMX_RAISE_GP, 0);
	cpu.cpl = 0;
	EXPECT(vmx_insn_vmentry(&l1, &cpu, &caps, &mem, 1, 1, &res),
	       VMX_FAIL_VALID, VMXERR_ENTRY_EVENTS_BLOCKED_BY_MOV_SS);
	EXPECT(vmx_insn_vmentry(&l1, &cpu, &caps, &mem, 0, 0, &res),
	       VMX_FAIL_VALID, VMXERR_VMRESUME_NONLAUNCHED_VMCS);
	/* Launched (the caller's, once the entry into L2 is made):
	 * VMLAUNCH fails with 4, VMRESUME goes. */
	l1.cache.launch_state = VMCS12_LAUNCHED;
	EXPECT(vmx_insn_vmentry(&l1, &cpu, &caps, &mem, 1, 0, &res),
	       VMX_FAIL_VALID, VMXERR_VMLAUNCH_NONCLEAR_VMCS);
	EXPECT(vmx_insn_vmentry(&l1, &cpu, &caps, &mem, 0, 0, &res),
	       VMX_SUCCEED, 0);
	l1.cache.launch_state = VMCS12_CLEAR;
	/* A control L1 was not offered (EPT, which the CPU has): VMfail 7,
	 * read back from the VMCS. */
	w(VMCS_CPU_BASED_VM_EXEC_CONTROL, caps.proc.allowed0 |
	  CPU_BASED_ACTIVATE_SECONDARY);
	w(VMCS_SECONDARY_VM_EXEC_CONTROL, SECONDARY_ENABLE_EPT);
	EXPECT(vmx_insn_vmentry(&l1, &cpu, &caps, &mem, 1, 0, &res),
	       VMX_FAIL_VALID, VMXERR_ENTRY_INVALID_CONTROL_FIELD);
	assert_string_equal(res.rule, "ctl.proc2.reserved");
	EXPECT(vmx_insn_vmread(&l1, &cpu, VMCS_VM_INSTRUCTION_ERROR, &v),
	       VMX_SUCCEED, 0);
	assert_int_equal(v, VMXERR_ENTRY_INVALID_CONTROL_FIELD);
	w(VMCS_SECONDARY_VM_EXEC_CONTROL, 0);
	/* Bad host state: VMfail 8. */
	w(VMCS_HOST_CR4, CR4_PAE);
	EXPECT(vmx_insn_vmentry(&l1, &cpu, &caps, &mem, 1, 0, &res),
	       VMX_FAIL_VALID, VMXERR_ENTRY_INVALID_HOST_STATE_FIELD);
	assert_string_equal(res.rule, "host.cr4.fixed");
	w(VMCS_HOST_CR4, CR4_VMXE | CR4_PAE);
	/* Bad guest state (paging off, which only unrestricted guest would
	 * allow, and L1 has none): a failed-entry exit, reason 33 with bit
	 * 31, qualification 0, launch state unchanged. */
	w(VMCS_GUEST_CR0, CR0_PE | CR0_NE | CR0_ET);
	w(VMCS_VM_ENTRY_CONTROLS, caps.entry.allowed0);
	EXPECT(vmx_insn_vmentry(&l1, &cpu, &caps, &mem, 1, 0, &res),
	       VMX_ENTRY_FAILED, 0);
	assert_string_equal(res.rule, "guest.cr0.fixed");
	EXPECT(vmx_insn_vmread(&l1, &cpu, VMCS_VM_EXIT_REASON, &v),
	       VMX_SUCCEED, 0);
	assert_int_equal(v, VMX_EXIT_REASON_FAILED_VMENTRY | 33);
	EXPECT(vmx_insn_vmread(&l1, &cpu, VMCS_EXIT_QUALIFICATION, &v),
	       VMX_SUCCEED, 0);
	assert_int_equal(v, 0);
	assert_int_equal(l1.cache.launch_state, VMCS12_CLEAR);
	/* The checks read L1's memory: a link pointer to a region without
	 * our revision fails the entry with qualification 4 (26.8). */
	w(VMCS_GUEST_CR0, CR0_PE | CR0_NE | CR0_PG | CR0_ET);
	w(VMCS_VM_ENTRY_CONTROLS, caps.entry.allowed0 | VM_ENTRY_IA32E_MODE);
	EXPECT(vmx_insn_vmentry(&l1, &cpu, &caps, &mem, 1, 0, &res),
	       VMX_SUCCEED, 0);
	w(VMCS_VMCS_LINK_POINTER, VMCS_B);
	EXPECT(vmx_insn_vmentry(&l1, &cpu, &caps, &mem, 1, 0, &res),
	       VMX_SUCCEED, 0);
	put32(VMCS_B, 0x12345678);
	EXPECT(vmx_insn_vmentry(&l1, &cpu, &caps, &mem, 1, 0, &res),
	       VMX_ENTRY_FAILED, 0);
	EXPECT(vmx_insn_vmread(&l1, &cpu, VMCS_EXIT_QUALIFICATION, &v),
	       VMX_SUCCEED, 0);
	assert_int_equal(v, 4);
}

static void test_rflags(void **state)
{
	const uint64_t arith = RFLAGS_CF | RFLAGS_PF | RFLAGS_AF | RFLAGS_ZF |
			       RFLAGS_SF | RFLAGS_OF;
	uint64_t in = RFLAGS_FIXED | RFLAGS_IF | arith;
	struct vmx_insn_result ok = { VMX_SUCCEED, 0 };
	struct vmx_insn_result inv = { VMX_FAIL_INVALID, 0 };
	struct vmx_insn_result val = { VMX_FAIL_VALID, 12 };

	(void)state;
	assert_int_equal(vmx_insn_rflags(in, ok), RFLAGS_FIXED | RFLAGS_IF);
	assert_int_equal(vmx_insn_rflags(in, inv),
			 RFLAGS_FIXED | RFLAGS_IF | RFLAGS_CF);
	assert_int_equal(vmx_insn_rflags(in, val),
			 RFLAGS_FIXED | RFLAGS_IF | RFLAGS_ZF);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_vmxon, setup),
		cmocka_unit_test_setup(test_outside_vmx_operation, setup),
		cmocka_unit_test_setup(test_vmptrld_vmclear, setup),
		cmocka_unit_test_setup(test_vmread_vmwrite_vmxoff, setup),
		cmocka_unit_test_setup(test_vmentry, setup),
		cmocka_unit_test_setup(test_rflags, setup),
	};

	return cmocka_run_group_tests_name("vmx_insn", tests, NULL, NULL);
}
