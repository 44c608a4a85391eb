/*
 * checks_guest_segments.c - SDM vol. 3, 26.3.1.2: the checks on the guest
 * segment registers CS, SS, DS, ES, FS, GS, TR and LDTR - selectors, base
 * addresses, limits and access rights - in virtual-8086 mode, with and
 * without "unrestricted guest", and for an IA-32e mode guest.
 *
 * Terms as the SDM defines them: the guest "will be virtual-8086" when
 * RFLAGS.VM = 1; "IA-32e mode" when the "IA-32e mode guest" VM-entry
 * control is 1; a register is "usable" when bit 16 of its access rights
 * is 0. A failure is a VM exit with reason 33, qualification 0.
 */
#include "checks_internal.h"

#include "x86.h"

/* A segment register: its fields and the rules that share a shape. */
struct seg {
	uint32_t sel, base, limit, ar;
	unsigned short r_v86_base, r_v86_limit, r_v86_ar;
	unsigned short r_s, r_p, r_rsvd8, r_g, r_rsvd17;
};

#define SEG(S) {							\
	VMCS_GUEST_##S##_SELECTOR, VMCS_GUEST_##S##_BASE,		\
	VMCS_GUEST_##S##_LIMIT, VMCS_GUEST_##S##_AR_BYTES,		\
	RULE_GUEST_##S##_V86_BASE, RULE_GUEST_##S##_V86_LIMIT,		\
	RULE_GUEST_##S##_V86_AR, RULE_GUEST_##S##_AR_S,			\
	RULE_GUEST_##S##_AR_P, RULE_GUEST_##S##_AR_RSVD8,		\
	RULE_GUEST_##S##_AR_G, RULE_GUEST_##S##_AR_RSVD17 }

enum { SEG_CS, SEG_SS, SEG_DS, SEG_ES, SEG_FS, SEG_GS, SEG_NR };

static const struct seg segs[SEG_NR] = {
	[SEG_CS] = SEG(CS), [SEG_SS] = SEG(SS), [SEG_DS] = SEG(DS),
	[SEG_ES] = SEG(ES), [SEG_FS] = SEG(FS), [SEG_GS] = SEG(GS),
};

/* The data segments' own rules, in segs[] order from SEG_DS. */
#define DATA_RULES(S) { RULE_GUEST_##S##_AR_ACCESSED,			\
		        RULE_GUEST_##S##_AR_READABLE, RULE_GUEST_##S##_AR_DPL }
static const unsigned short data_rules[4][3] = {
	DATA_RULES(DS), DATA_RULES(ES), DATA_RULES(FS), DATA_RULES(GS),
};

/* "If any bit in the limit field in the range 11:0 is 0, G must be 0. If
 * any bit in the limit field in the range 31:20 is 1, G must be 1." */
static int g_ok(uint32_t limit, uint32_t ar)
{
	if ((limit & 0xfff) != 0xfff && (ar & AR_G))
		return 0;
	if ((limit & 0xfff00000u) && !(ar & AR_G))
		return 0;
	return 1;
}

/* The access-rights bits every checked segment shares: S (1 for code
 * and data, 0 for TR/LDTR), P = 1, bits 11:8 and 31:17 clear, G matching
 * the limit. */
static int ar_common(struct chk *c, uint32_t ar_field, uint32_t limit_field,
		     int want_s, unsigned int r_s, unsigned int r_p,
		     unsigned int r_rsvd8, unsigned int r_g,
		     unsigned int r_rsvd17)
{
	uint32_t ar = (uint32_t)chk_read(c, ar_field);
	uint32_t limit = (uint32_t)chk_read(c, limit_field);

	if (!!(ar & AR_S) != want_s)
		return check_fail(c, r_s, F(ar_field), NULL);
	if (!(ar & AR_P))
		return check_fail(c, r_p, F(ar_field), NULL);
	if (ar & AR_RSVD_11_8)
		return check_fail(c, r_rsvd8, F(ar_field), NULL);
	if (!g_ok(limit, ar))
		return check_fail(c, r_g, F(ar_field, limit_field), NULL);
	if (ar & AR_RSVD_31_17)
		return check_fail(c, r_rsvd17, F(ar_field), NULL);
	return 0;
}

static int usable(struct chk *c, uint32_t ar_field)
{
	return !(chk_read(c, ar_field) & AR_UNUSABLE);
}

/* Selector fields: TR.TI = 0; LDTR.TI = 0 if usable; SS.RPL = CS.RPL
 * unless virtual-8086 or "unrestricted guest". */
static int check_selectors(struct chk *c, int v86)
{
	uint64_t cs = chk_read(c, VMCS_GUEST_CS_SELECTOR);
	uint64_t ss = chk_read(c, VMCS_GUEST_SS_SELECTOR);

	if (chk_read(c, VMCS_GUEST_TR_SELECTOR) & 4)
		return FAIL(GUEST_TR_SEL_TI, VMCS_GUEST_TR_SELECTOR);
	if (usable(c, VMCS_GUEST_LDTR_AR_BYTES) &&
	    (chk_read(c, VMCS_GUEST_LDTR_SELECTOR) & 4))
		return FAIL(GUEST_LDTR_SEL_TI, VMCS_GUEST_LDTR_SELECTOR,
			    VMCS_GUEST_LDTR_AR_BYTES);
	if (!v86 && !c->unrestricted && (ss & 3) != (cs & 3))
		return FAIL(GUEST_SS_SEL_RPL, VMCS_GUEST_SS_SELECTOR,
			    VMCS_GUEST_CS_SELECTOR);
	return 0;
}

/* Base-address fields: in virtual-8086 mode selector << 4; TR, FS, GS
 * (and a usable LDTR) canonical; CS (and a usable SS, DS, ES) with bits
 * 63:32 clear. */
static int check_bases(struct chk *c, int v86)
{
	static const struct {
		uint32_t base, ar;	/* ar 0: checked even if unusable */
		unsigned short rule;
		unsigned char canonical;
	} b[] = {
		{ VMCS_GUEST_TR_BASE, 0, RULE_GUEST_TR_BASE, 1 },
		{ VMCS_GUEST_FS_BASE, 0, RULE_GUEST_FS_BASE, 1 },
		{ VMCS_GUEST_GS_BASE, 0, RULE_GUEST_GS_BASE, 1 },
		{ VMCS_GUEST_LDTR_BASE, VMCS_GUEST_LDTR_AR_BYTES,
		  RULE_GUEST_LDTR_BASE, 1 },
		{ VMCS_GUEST_CS_BASE, 0, RULE_GUEST_CS_BASE, 0 },
		{ VMCS_GUEST_SS_BASE, VMCS_GUEST_SS_AR_BYTES,
		  RULE_GUEST_SS_BASE, 0 },
		{ VMCS_GUEST_DS_BASE, VMCS_GUEST_DS_AR_BYTES,
		  RULE_GUEST_DS_BASE, 0 },
		{ VMCS_GUEST_ES_BASE, VMCS_GUEST_ES_AR_BYTES,
		  RULE_GUEST_ES_BASE, 0 },
	};
	unsigned int i;
	uint64_t base;

	if (v86)
		for (i = 0; i < SEG_NR; i++) {
			const struct seg *s = &segs[i];

			if (chk_read(c, s->base) !=
			    (chk_read(c, s->sel) & 0xffff) << 4)
				return check_fail(c, s->r_v86_base,
						  F(s->base, s->sel), NULL);
		}
	for (i = 0; i < sizeof(b) / sizeof(b[0]); i++) {
		if (b[i].ar && !usable(c, b[i].ar))
			continue;
		base = chk_read(c, b[i].base);
		if (b[i].canonical ? !chk_canonical(c, base) : !!(base >> 32))
			return check_fail(c, b[i].rule, F(b[i].base), NULL);
	}
	return 0;
}

/* Virtual-8086 mode: limit 0xffff and access rights 0xf3 (expand-up
 * read/write accessed data, S = 1, DPL 3, P = 1, everything else 0). */
static int check_v86(struct chk *c)
{
	unsigned int i;

	for (i = 0; i < SEG_NR; i++)
		if (chk_read(c, segs[i].limit) != 0xffff)
			return check_fail(c, segs[i].r_v86_limit,
					  F(segs[i].limit), NULL);
	for (i = 0; i < SEG_NR; i++)
		if (chk_read(c, segs[i].ar) != 0xf3)
			return check_fail(c, segs[i].r_v86_ar, F(segs[i].ar),
					  NULL);
	return 0;
}

/*
 * CS outside virtual-8086 mode: type 9, 11, 13 or 15 (accessed code), or
 * 3 (accessed read/write data) with "unrestricted guest"; S, P, reserved
 * bits and G as for every segment; DPL 0 for type 3, = RPL for a
 * non-conforming and <= RPL for a conforming code segment; an IA-32e
 * guest with CS.L = 1 has CS.D/B = 0.
 */
static int check_cs(struct chk *c)
{
	const struct seg *s = &segs[SEG_CS];
	uint32_t ar = (uint32_t)chk_read(c, s->ar), type = AR_TYPE(ar);
	uint32_t rpl = chk_read(c, s->sel) & 3;

	if (!(type == 9 || type == 11 || type == 13 || type == 15 ||
	      (type == 3 && c->unrestricted)))
		return FAIL(GUEST_CS_AR_TYPE, s->ar);
	if (ar_common(c, s->ar, s->limit, 1, s->r_s, s->r_p, s->r_rsvd8,
		      s->r_g, s->r_rsvd17))
		return 1;
	if (type == 3 && AR_DPL(ar) != 0)
		return FAIL(GUEST_CS_DPL_DATA, s->ar);
	if ((type == 9 || type == 11) && AR_DPL(ar) != rpl)
		return FAIL(GUEST_CS_DPL_NONCONF, s->ar, s->sel);
	if ((type == 13 || type == 15) && AR_DPL(ar) > rpl)
		return FAIL(GUEST_CS_DPL_CONF, s->ar, s->sel);
	if (c->ia32e && (ar & AR_L) && (ar & AR_DB))
		return FAIL(GUEST_CS_DB_L, s->ar, VMCS_VM_ENTRY_CONTROLS);
	return 0;
}

/*
 * SS outside virtual-8086 mode: if usable, type 3 or 7 with the common
 * bits; whether usable or not, DPL = RPL without "unrestricted guest", and
 * DPL 0 when CS has type 3 or CR0.PE = 0.
 */
static int check_ss(struct chk *c)
{
	const struct seg *s = &segs[SEG_SS];
	uint32_t ar = (uint32_t)chk_read(c, s->ar);
	uint32_t cs_type = AR_TYPE(chk_read(c, VMCS_GUEST_CS_AR_BYTES));

	if (!(ar & AR_UNUSABLE)) {
		if (AR_TYPE(ar) != 3 && AR_TYPE(ar) != 7)
			return FAIL(GUEST_SS_AR_TYPE, s->ar);
		if (ar_common(c, s->ar, s->limit, 1, s->r_s, s->r_p,
			      s->r_rsvd8, s->r_g, s->r_rsvd17))
			return 1;
	}
	if (!c->unrestricted && AR_DPL(ar) != (chk_read(c, s->sel) & 3))
		return FAIL(GUEST_SS_DPL_RPL, s->ar, s->sel);
	if ((cs_type == 3 || !(c->guest_cr0 & CR0_PE)) && AR_DPL(ar) != 0)
		return FAIL(GUEST_SS_DPL_ZERO, s->ar, VMCS_GUEST_CS_AR_BYTES,
			    VMCS_GUEST_CR0);
	return 0;
}

/*
 * DS, ES, FS, GS outside virtual-8086 mode, if usable: type accessed; a
 * code segment readable; without "unrestricted guest", DPL >= RPL for a
 * data or non-conforming code segment (types 0-11); the common bits.
 */
static int check_data_seg(struct chk *c, unsigned int i)
{
	const struct seg *s = &segs[i];
	const unsigned short *r = data_rules[i - SEG_DS];
	uint32_t ar = (uint32_t)chk_read(c, s->ar), type = AR_TYPE(ar);

	if (ar & AR_UNUSABLE)
		return 0;
	if (!(type & 1))
		return check_fail(c, r[0], F(s->ar), NULL);
	if ((type & 8) && !(type & 2))
		return check_fail(c, r[1], F(s->ar), NULL);
	if (ar_common(c, s->ar, s->limit, 1, s->r_s, s->r_p, s->r_rsvd8,
		      s->r_g, s->r_rsvd17))
		return 1;
	if (!c->unrestricted && type <= 11 &&
	    AR_DPL(ar) < (chk_read(c, s->sel) & 3))
		return check_fail(c, r[2], F(s->ar, s->sel), NULL);
	return 0;
}

/* TR: type 11 (busy 32/64-bit TSS), or 3 (busy 16-bit TSS) outside
 * IA-32e mode; S = 0, P = 1, usable, reserved bits clear, G matching. */
static int check_tr(struct chk *c)
{
	uint32_t ar = (uint32_t)chk_read(c, VMCS_GUEST_TR_AR_BYTES);
	uint32_t type = AR_TYPE(ar);

	if (!(type == 11 || (type == 3 && !c->ia32e)))
		return FAIL(GUEST_TR_AR_TYPE, VMCS_GUEST_TR_AR_BYTES,
			    VMCS_VM_ENTRY_CONTROLS);
	if (ar & AR_UNUSABLE)
		return FAIL(GUEST_TR_AR_UNUSABLE, VMCS_GUEST_TR_AR_BYTES);
	return ar_common(c, VMCS_GUEST_TR_AR_BYTES, VMCS_GUEST_TR_LIMIT, 0,
			 RULE_GUEST_TR_AR_S, RULE_GUEST_TR_AR_P,
			 RULE_GUEST_TR_AR_RSVD8, RULE_GUEST_TR_AR_G,
			 RULE_GUEST_TR_AR_RSVD17);
}

/* LDTR, if usable: type 2 (LDT), S = 0, P = 1, reserved clear, G. */
static int check_ldtr(struct chk *c)
{
	uint32_t ar = (uint32_t)chk_read(c, VMCS_GUEST_LDTR_AR_BYTES);

	if (ar & AR_UNUSABLE)
		return 0;
	if (AR_TYPE(ar) != 2)
		return FAIL(GUEST_LDTR_AR_TYPE, VMCS_GUEST_LDTR_AR_BYTES);
	return ar_common(c, VMCS_GUEST_LDTR_AR_BYTES, VMCS_GUEST_LDTR_LIMIT, 0,
			 RULE_GUEST_LDTR_AR_S, RULE_GUEST_LDTR_AR_P,
			 RULE_GUEST_LDTR_AR_RSVD8, RULE_GUEST_LDTR_AR_G,
			 RULE_GUEST_LDTR_AR_RSVD17);
}

int check_guest_segments(struct chk *c)
{
	int v86 = !!(chk_read(c, VMCS_GUEST_RFLAGS) & RFLAGS_VM);
	unsigned int i;

	if (check_selectors(c, v86) || check_bases(c, v86))
		return 1;
	if (v86) {
		if (check_v86(c))
			return 1;
	} else {
		if (check_cs(c) || check_ss(c))
			return 1;
		for (i = SEG_DS; i < SEG_NR; i++)
			if (check_data_seg(c, i))
				return 1;
	}
	return check_tr(c) || check_ldtr(c);
}
