/*
 * selftest_vmcs.h - the differential self-test of the VM-entry checks
 * (selftest=vmcs-checks[:N]): the harness (selftest_vmcs.c) and its
 * corpus of mutations and known deviations (selftest_vmcs_corpus.c).
 */
#ifndef VMX_SELFTEST_VMCS_H
#define VMX_SELFTEST_VMCS_H

#include <stdint.h>

#include "checks.h"
#include "checks_rules.h"
#include "vcpu.h"

/* Run the self-test on @v's VMCS (built, guest loaded); @arg is what
 * followed "vmcs-checks" on the command line (":N" random mutations).
 * Ends the machine: exit 0 at 100 % agreement, else 1. */
__attribute__((noreturn))
void selftest_vmcs_checks(struct vcpu *v, const char *arg);

/* Test pages the corpus can point fields at (M_PAGE) or write (M_POKE). */
enum test_page {
	PG_ZERO,	/* zeroes: bitmaps, PML, EPTP list, #VE info, SPPTP */
	PG_VAPIC,	/* virtual-APIC page, VTPR (offset 80H) = 20H */
	PG_APIC,	/* APIC-access page */
	PG_VMCS,	/* a VMCS region: revision identifier, bit 31 clear */
	PG_SHADOW,	/* a shadow VMCS: revision identifier | bit 31 */
	PG_PDPT,	/* PAE page-directory-pointer table, no entry present */
	PG_MSR,		/* MSR area: 256 entries {IA32_SYSENTER_CS, 0} */
	PG_NR
};

enum mut_op_kind {
	M_END,
	M_SET,		/* field = val */
	M_OR,		/* field |= val */
	M_CLR,		/* field &= ~val */
	M_XOR,		/* field ^= val */
	M_PAGE,		/* field = page (val & 0xff) + (val >> 8) */
	M_POKE,		/* page field >> 16, offset field & 0xffff = val */
	M_BAD1,		/* set a bit control word val's allowed-1 forbids */
	M_BAD0,		/* clear a bit control word val's allowed-0 forces */
	M_WIDTH,	/* field |= 1 << physical-address width */
	M_NONCANON,	/* field ^= 1 << (linear-address width - 1) */
	M_LWIDTH,	/* field ^= 1 << linear-address width */
	M_SELF,		/* field = this VMCS's physical address */
};

struct mut_op {
	uint32_t field;
	uint8_t op;
	uint64_t val;
} __attribute__((packed));	/* 13 bytes: the corpus is ~1500 of them */

/* What must hold for a targeted mutation to test what it says. */
enum mut_cond {
	C_NONE,
	C_NO_EPT_AD,		/* EPT_VPID_CAP lacks A/D flags */
	C_EPT_AD,
	C_CET,			/* "load CET state" VM-entry control exists */
	C_NOT_ANY_VECTOR,	/* IA32_VMX_BASIC[56] = 0 */
	C_HOST_32BIT,		/* VM entry outside IA-32e mode */
	C_HOST_64BIT,
	C_SGX,			/* the enclave-interruption bit exists */
	C_NO_SGX,
	C_RTM,
};

/* Entry flavour: VMLAUNCH of the cleared VMCS (the default), or the
 * launch-state cases of SDM vol. 3, 26.1. */
enum mut_mode {
	MODE_LAUNCH,
	MODE_RESUME_CLEAR,	/* VMRESUME of a clear VMCS: error 5 */
	MODE_LAUNCH_LAUNCHED,	/* VMLAUNCH after a VMLAUNCH: error 4 */
	MODE_RESUME_LAUNCHED,	/* VMRESUME after a VMLAUNCH: enters */
};

/* Scenarios: a guest state set up before the mutation's own ops. */
enum mut_scenario {
	S_NONE,
	S_PROT,		/* CR0.PE = 1, unrestricted guest */
	S_PROT_NOUG,	/* no unrestricted guest: CR0.PE = PG = 1, paging */
	S_PAE,		/* PAE paging with EPT: PDPTEs from the VMCS */
	S_PAE_NOEPT,	/* PAE paging without EPT: PDPTEs from PG_PDPT */
	S_IA32E,	/* 64-bit: IA-32e, EFER.LMA/LME, PAE, CS.L, TR 11 */
	S_V86,		/* virtual-8086: CR0.PE = 1, RFLAGS.VM, segments 0xf3 */
	S_V86_REAL,	/* virtual-8086 segments, RFLAGS.VM, but PE = 0 */
	S_LDTR,		/* a usable LDTR */
	S_TPR,		/* use TPR shadow with PG_VAPIC */
	S_POSTED,	/* process posted interrupts, all it needs set */
	S_VAA,		/* virtualize APIC accesses with PG_APIC */
	S_PML,		/* enable PML, PML address PG_ZERO */
	S_VMFUNC,	/* VM functions: EPTP switching, list at PG_ZERO */
	S_SHADOW,	/* VMCS shadowing, both bitmaps at PG_ZERO */
	S_IF,		/* RFLAGS.IF = 1 */
	S_STI,		/* RFLAGS.IF = 1, blocking by STI */
	S_NMI,		/* injecting an NMI */
	S_MSR_LOAD2,	/* VM-entry MSR-load count 2 at PG_MSR */
	S_NR
};

#define MUT_OPS		2	/* operations after the scenario's */
#define SCENARIO_OPS	8

struct mutation {
	const char *rule;	/* the rule it breaks, or "pass" */
	const char *what;
	uint8_t scenario, mode, cond;
	struct mut_op ops[MUT_OPS];
};

extern const struct mutation targeted_ctl_host[], targeted_guest[];
extern const unsigned int targeted_ctl_host_count, targeted_guest_count;
/* The whole targeted corpus, in order: mutation @i < targeted_total(). */
const struct mutation *targeted_mutation(unsigned int i);
unsigned int targeted_total(void);
extern const struct mut_op scenario_ops[S_NR][SCENARIO_OPS];

/* A hardware (or expected) VM-entry verdict. */
enum hw_kind { HW_ENTERED, HW_VMFAIL_VALID, HW_VMFAIL_INVALID, HW_ENTRY_FAIL };

struct hw_verdict {
	enum hw_kind kind;
	unsigned int error;	/* VM-instruction error, or exit reason */
	uint64_t qual;		/* entry failure: exit qualification */
};

/*
 * A place where Bochs does not do what the SDM says. @rule is what the
 * software check reports for it (a rule id, or "pass" when the SDM accepts
 * the VMCS and Bochs does not); @sdm the SDM section Bochs departs from;
 * @sdm_verdict what the SDM - and so the software - says; @bochs what
 * Bochs does instead. An outcome is this deviation only when the software
 * reports @rule with @sdm_verdict, the CPU gives @bochs and @applies (when
 * set) holds on the mutated VMCS; a targeted mutation must, besides, be
 * one @mutations names (by its what-string; its rule is @rule), so a
 * deviation cannot hide a software verdict on some other mutation of the
 * rule. A random mutation needs only the four.
 */
#define DEV_MUTATIONS	3

struct deviation {
	const char *id;			/* D1, D2, ...: docs/vmcs-checks.md */
	const char *rule;
	const char *sdm;
	struct hw_verdict sdm_verdict, bochs;
	const char *mutations[DEV_MUTATIONS];	/* NULL after the last */
	int (*applies)(void);
	const char *why;
};

extern const struct deviation bochs_deviations[];
extern const unsigned int bochs_deviation_count;
/* 1 when deviation @d names targeted mutation @m. */
int deviation_names(const struct deviation *d, const struct mutation *m);

/* Random-corpus fields: flip bits within @mask (a host field's mask is
 * computed at run time from the capabilities: see host_flip_mask()). */
struct random_field {
	uint32_t field;
	uint64_t mask;
};

extern const struct random_field random_fields[];
extern const unsigned int random_field_count;

/* For the deviation predicates: read the current VMCS. */
uint64_t st_read(uint32_t field);

/*
 * Between the two halves of the harness: selftest_vmcs.c owns the VMCS,
 * the entries and the verdicts; selftest_vmcs_mutate.c applies the corpus
 * and tallies.
 */
#define ST_RNG_SEED	0x9e3779b97f4a7c15ull

enum area { A_BASIC, A_CTL, A_HOST, A_GUEST, A_MSR, A_NR };

enum st_corpus { ST_TARGETED, ST_RANDOM, ST_NR };

/* What st_judge() made of one mutation. */
enum st_outcome {
	ST_NOT_ENTERED,		/* a host mutation the software passes */
	ST_AGREE,		/* the CPU gives the software's verdict */
	ST_DEVIATION,		/* a known Bochs deviation (@dev) */
	ST_DISAGREE,
};

#define MAX_DEVIATIONS	32

/* Per rule of checks_rules.h, over the targeted corpus. */
struct st_rule_tally {
	unsigned char mutated;		/* some targeted mutation names it */
	unsigned char applied;		/* one of them applied here */
	unsigned char broken;		/* one broke it, the outcome accepted */
	unsigned char confirmed;	/* ... the CPU giving the same verdict */
	/* Why the last one did not apply: a condition, or (NULL) a field
	 * that could not take its operation. */
	const char *na_why;
	uint32_t na_field;
	const struct deviation *dev;	/* a deviation it was broken as */
};

struct st_tally {
	/* By corpus and area: in the corpus (targeted) or drawn (random);
	 * judged by the CPU (entered with VMLAUNCH/VMRESUME); agreed;
	 * matched a known deviation. Targeted only: not applicable. */
	unsigned int total[ST_NR][A_NR], judged[ST_NR][A_NR];
	unsigned int agreed[ST_NR][A_NR], deviated[ST_NR][A_NR];
	unsigned int na[A_NR];
	unsigned int skipped;		/* host mutations not entered */
	unsigned int outcome[4];	/* hardware verdicts, by enum hw_kind */
	unsigned int dev_seen[MAX_DEVIATIONS];
	struct st_rule_tally rule[RULE_COUNT];
};
extern struct st_tally st_tally;

const struct vmx_caps *st_caps(void);
uint64_t st_page(unsigned int pg);
uint64_t st_vmcs_phys(void);
/* Back to the known-good VMCS: clear, every field rewritten, pages reset. */
void st_restore(void);
void st_enter(int launch, struct hw_verdict *hv);
/* Check in software, enter (unless @host_safe is 0 and the software
 * passes), compare. @m: the targeted mutation, NULL for a random one;
 * *@dev: the deviation matched. */
enum st_outcome st_judge(const char *label, const struct mutation *m,
			 int launch, int host_safe, struct check_result *res,
			 const struct deviation **dev);
void st_run_targeted(const struct mutation *m, unsigned int idx);
void st_run_random(unsigned int idx);

#endif
