/*
 * vmx_ops.h - the VMX instructions as inline functions, and VMCS accessors
 * whose width is checked against the field encoding at compile time (SDM
 * vol. 3, appendix B: encoding bits 14:13 give the width).
 *
 * VMX instructions report failure in RFLAGS (SDM vol. 3, 31.2): CF = 1 is
 * VMfailInvalid (no current VMCS), ZF = 1 is VMfailValid (the reason is
 * in the VM-instruction error field). vmx_insn_check() turns that into
 * VMX_OK / VMX_FAIL_INVALID / VMX_FAIL_VALID.
 */
#ifndef VMX_OPS_H
#define VMX_OPS_H

#include <stdint.h>

#include "vmcs_fields.h"

enum vmx_insn_result {
	VMX_OK = 0,
	VMX_FAIL_VALID = 1,	/* ZF: error number in VM_INSTRUCTION_ERROR */
	VMX_FAIL_INVALID = 2,	/* CF: no valid current VMCS */
};

#define VMX_FLAGS_RESULT(cf, zf) \
	((cf) ? VMX_FAIL_INVALID : (zf) ? VMX_FAIL_VALID : VMX_OK)

static inline enum vmx_insn_result vmxon(uint64_t phys)
{
	uint8_t cf, zf;

	__asm__ volatile("vmxon %2" : "=@ccc"(cf), "=@ccz"(zf)
			 : "m"(phys) : "memory");
	return VMX_FLAGS_RESULT(cf, zf);
}

static inline enum vmx_insn_result vmclear(uint64_t phys)
{
	uint8_t cf, zf;

	__asm__ volatile("vmclear %2" : "=@ccc"(cf), "=@ccz"(zf)
			 : "m"(phys) : "memory");
	return VMX_FLAGS_RESULT(cf, zf);
}

static inline enum vmx_insn_result vmptrld(uint64_t phys)
{
	uint8_t cf, zf;

	__asm__ volatile("vmptrld %2" : "=@ccc"(cf), "=@ccz"(zf)
			 : "m"(phys) : "memory");
	return VMX_FLAGS_RESULT(cf, zf);
}

static inline enum vmx_insn_result __vmwrite(uint32_t field, uint64_t val)
{
	uint8_t cf, zf;

	__asm__ volatile("vmwrite %3, %2" : "=@ccc"(cf), "=@ccz"(zf)
			 : "r"((uint64_t)field), "rm"(val) : "memory");
	return VMX_FLAGS_RESULT(cf, zf);
}

/*
 * VMREAD of a field this CPU does not have fails with VMfailValid, and
 * with no current VMCS with VMfailInvalid (SDM vol. 3, 31.3, VMREAD);
 * either way the destination is left as it was, garbage to the caller.
 * __vmread() does not look: only the hot path uses it (the *_fast
 * accessors below), for fields every VMX CPU has.
 */
static inline uint64_t __vmread(uint32_t field)
{
	uint64_t val;

	__asm__ volatile("vmread %1, %0" : "=rm"(val)
			 : "r"((uint64_t)field) : "cc");
	return val;
}

/*
 * A VMREAD and a later VMWRITE of the same field, its encoding kept in
 * one register for both: a constant encoding is loaded again for the
 * write, one instruction more on every exit that advances RIP.
 * vmcs_field_reg() makes the encoding a value the compiler must keep.
 */
static inline uint64_t vmcs_field_reg(uint64_t field)
{
	__asm__("" : "+r"(field));
	return field;
}

static inline uint64_t __vmread_reg(uint64_t field)
{
	uint64_t val;

	__asm__ volatile("vmread %1, %0" : "=r"(val) : "r"(field) : "cc");
	return val;
}

static inline void __vmwrite_reg(uint64_t field, uint64_t val)
{
	__asm__ volatile("vmwrite %1, %0" : : "r"(field), "rm"(val)
			 : "cc", "memory");
}

static inline enum vmx_insn_result vmread_checked(uint32_t field,
						  uint64_t *val)
{
	uint8_t cf, zf;

	__asm__ volatile("vmread %3, %2" : "=@ccc"(cf), "=@ccz"(zf), "=rm"(*val)
			 : "r"((uint64_t)field));
	return VMX_FLAGS_RESULT(cf, zf);
}

/* Reports the failed VMREAD of @field by name and ends the machine
 * (src/vmx/vmx.c). */
__attribute__((noreturn, cold)) void vmcs_read_failed(uint32_t field);

/* The default VMREAD: one branch on CF or ZF, and a failure never
 * returns a value. */
static inline uint64_t vmcs_read(uint32_t field)
{
	uint64_t val;
	uint8_t failed;

	__asm__ volatile("vmread %2, %1" : "=@ccbe"(failed), "=rm"(val)
			 : "r"((uint64_t)field));
	if (__builtin_expect(failed, 0))
		vmcs_read_failed(field);
	return val;
}

struct invept_desc {
	uint64_t eptp;
	uint64_t reserved;
};

/* INVEPT type 1 = single context, 2 = all contexts (SDM vol. 3, 30.3). */
static inline enum vmx_insn_result invept(uint64_t type, uint64_t eptp)
{
	struct invept_desc d = { eptp, 0 };
	uint8_t cf, zf;

	__asm__ volatile("invept %2, %3" : "=@ccc"(cf), "=@ccz"(zf)
			 : "m"(d), "r"(type) : "memory");
	return VMX_FLAGS_RESULT(cf, zf);
}

struct invvpid_desc {
	uint64_t vpid;
	uint64_t linear;
};

/* INVVPID type 1 = single context, 2 = all contexts (SDM vol. 3, 30.3). */
static inline enum vmx_insn_result invvpid(uint64_t type, uint16_t vpid)
{
	struct invvpid_desc d = { vpid, 0 };
	uint8_t cf, zf;

	__asm__ volatile("invvpid %2, %3" : "=@ccc"(cf), "=@ccz"(zf)
			 : "m"(d), "r"(type) : "memory");
	return VMX_FLAGS_RESULT(cf, zf);
}

#define VMCS_CHECK_WIDTH(field, width)					\
	_Static_assert(VMCS_FIELD_WIDTH(field) == (width),		\
		       "VMCS field accessed with the wrong width")

#define vmcs_read16(f) ({ VMCS_CHECK_WIDTH(f, VMCS_WIDTH_16); (uint16_t)vmcs_read(f); })
#define vmcs_read32(f) ({ VMCS_CHECK_WIDTH(f, VMCS_WIDTH_32); (uint32_t)vmcs_read(f); })
#define vmcs_read64(f) ({ VMCS_CHECK_WIDTH(f, VMCS_WIDTH_64); vmcs_read(f); })
#define vmcs_readl(f)  ({ VMCS_CHECK_WIDTH(f, VMCS_WIDTH_NATURAL); vmcs_read(f); })

/*
 * Hot-path reads, unchecked: the fastpath, the entry preparation and the
 * emulation they call read only fields that every VMX CPU has (exit
 * information, guest registers and state, the entry's event field; SDM
 * vol. 3, appendix B), or that the controls run.c requires bring (guest
 * IA32_EFER), from the one VMCS that is always current, so they do not
 * test the flags.
 */
#define vmcs_read32_fast(f) ({ VMCS_CHECK_WIDTH(f, VMCS_WIDTH_32); (uint32_t)__vmread(f); })
#define vmcs_read64_fast(f) ({ VMCS_CHECK_WIDTH(f, VMCS_WIDTH_64); __vmread(f); })
#define vmcs_readl_fast(f)  ({ VMCS_CHECK_WIDTH(f, VMCS_WIDTH_NATURAL); __vmread(f); })

/* Writes go through vmcs_write(), which reports a failure by field name
 * and counts the write (the early checks run again after a change). */
void vmcs_write(uint32_t field, uint64_t val);
extern unsigned long vmcs_write_count;
#define vmcs_write16(f, v) do { VMCS_CHECK_WIDTH(f, VMCS_WIDTH_16); vmcs_write(f, (uint16_t)(v)); } while (0)
#define vmcs_write32(f, v) do { VMCS_CHECK_WIDTH(f, VMCS_WIDTH_32); vmcs_write(f, (uint32_t)(v)); } while (0)
#define vmcs_write64(f, v) do { VMCS_CHECK_WIDTH(f, VMCS_WIDTH_64); vmcs_write(f, (uint64_t)(v)); } while (0)
#define vmcs_writel(f, v)  do { VMCS_CHECK_WIDTH(f, VMCS_WIDTH_NATURAL); vmcs_write(f, (uint64_t)(v)); } while (0)

/* Hot-path writes of fields known to exist: no check, no call. */
#define vmcs_writel_fast(f, v) do { VMCS_CHECK_WIDTH(f, VMCS_WIDTH_NATURAL); (void)__vmwrite(f, v); } while (0)
#define vmcs_write32_fast(f, v) do { VMCS_CHECK_WIDTH(f, VMCS_WIDTH_32); (void)__vmwrite(f, (uint32_t)(v)); } while (0)
#define vmcs_write16_fast(f, v) do { VMCS_CHECK_WIDTH(f, VMCS_WIDTH_16); (void)__vmwrite(f, (uint16_t)(v)); } while (0)

#endif
