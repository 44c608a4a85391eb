/*
 * checks_internal.h - what the VM-entry check files (checks*.c) share: the
 * state of one run of vmcs_check(), the failure reporter, and the CPU
 * facts the checks need beyond struct vmx_caps.
 */
#ifndef VMX_CHECKS_INTERNAL_H
#define VMX_CHECKS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "caps.h"
#include "checks.h"
#include "checks_rules.h"
#include "controls.h"
#include "msr.h"
#include "vmcs_fields.h"
#include "vmx_defs.h"
#include "x86.h"

/*
 * What the checks need to know about the CPU that struct vmx_caps does
 * not hold; outside the unit tests, check_features_get() reads it from
 * CPUID once. The unit tests set check_features directly.
 */
struct check_features {
	unsigned int linear_bits;	/* CPUID.80000008H:EAX[15:8]: 48, 57 */
	uint64_t efer_valid;		/* IA32_EFER bits the CPU implements */
	int rtm;			/* CPUID.(7,0):EBX.RTM[11] */
	int bus_lock_detect;		/* CPUID.(7,0):ECX[24] */
	int host_lma;			/* VM entry runs in IA-32e mode */
	int valid;
};

extern struct check_features check_features;
const struct check_features *check_features_get(void);

/* One run of vmcs_check(). */
struct chk {
	const struct vmcs_view *view;
	const struct vmx_caps *caps;
	const struct check_features *feat;
	struct check_result *res;
	int launch;
	/* Read once, used by every area. proc2 is 0 when "activate
	 * secondary controls" is 0 (SDM vol. 3, 26.2.1.1). */
	uint32_t pin, proc, proc2, exit, entry, intr_info;
	uint64_t guest_cr0;
	int unrestricted;	/* "unrestricted guest" in effect */
	int ia32e;		/* "IA-32e mode guest" */
};

#define CHK_FIELD_END	0xffffffffu
/* A field list for check_fail(): F(VMCS_GUEST_CR0, VMCS_GUEST_CR4). */
#define F(...)		((const uint32_t[]){ __VA_ARGS__, CHK_FIELD_END })

/* The usual failure: rule RULE_@r is broken, the named fields show why.
 * Uses the struct chk *c in scope, as KVM's CC() uses its vcpu. */
#define FAIL(r, ...)	check_fail(c, RULE_##r, F(__VA_ARGS__), NULL)

/* The value of @field, 0 when the view does not have it. */
uint64_t chk_read(struct chk *c, uint32_t field);
/* Like chk_read; returns 0 when the field does not exist. */
int chk_read_ok(struct chk *c, uint32_t field, uint64_t *val);
/* 4 or 8 bytes of physical memory; 0, or -1 when the view cannot. */
int chk_read_phys(struct chk *c, uint64_t pa, void *buf, unsigned int len);

/*
 * Record that @rule is broken: the verdict its class gives, the rule's id,
 * section and text, and the named fields' values (and @fmt, if not NULL).
 * Returns 1, so a check can end with `return check_fail(...)`.
 */
__attribute__((format(printf, 4, 5)))
int check_fail(struct chk *c, enum check_rule rule, const uint32_t *fields,
	       const char *fmt, ...);

/* Address helpers. */
int chk_canonical(const struct chk *c, uint64_t addr);
/* Bits set at or above the physical-address width. (IA32_VMX_BASIC[48],
 * the 4 GiB limit for VMX structures, is always 0 on Intel 64 CPUs: A.1.) */
int chk_beyond_width(const struct chk *c, uint64_t pa);
/* A control word against its allowed-0/allowed-1 settings. */
int chk_ctl_ok(uint32_t val, const struct vmx_ctl_caps *cap);
/* IA32_PAT: every byte a valid memory type (SDM vol. 3, 13.12.2). */
int chk_pat_valid(uint64_t pat);

/* The areas, in the order VM entry checks them. Each returns 1 when it
 * recorded a failure, 0 when everything in it holds. */
int check_controls(struct chk *c);
int check_host(struct chk *c);
int check_guest(struct chk *c);
int check_guest_segments(struct chk *c);
int check_msr_load(struct chk *c);

#endif
