/*
 * lapic_ipi.c - the IPIs the virtual local APIC sends (see lapic.h): the
 * ICR (SDM vol. 3, 11.6.1), the destinations it names (11.6.2) and what
 * each delivery mode does in a machine whose one processor is every
 * IPI's only possible destination; x2APIC's 64-bit ICR (11.12.9).
 */
#include "lapic.h"

/*
 * Whether a destination names this vCPU (SDM vol. 3, 11.6.2): in
 * physical mode its APIC ID or the broadcast ID; in logical mode the
 * broadcast MDA or one that matches the LDR, under the DFR's flat or
 * cluster model (11.6.2.2) in xAPIC mode, as x2APIC cluster and member
 * bits (11.12.10.2). @dest is the destination field: ICR2[31:24] in
 * xAPIC mode, ICR[63:32] in x2APIC. An IPI's shorthands (self, all
 * including self, all but self) come first (ipi_names_self).
 */
static int dest_names_self(const struct lapic *a, int logical, uint32_t dest)
{
	uint32_t ldr;

	if (lapic_x2apic(a)) {
		ldr = APIC_X2APIC_LDR(LAPIC_ID);
		if (dest == APIC_X2APIC_BROADCAST)
			return 1;
		if (!logical)
			return dest == LAPIC_ID;
		return APIC_X2APIC_CLUSTER(dest) == APIC_X2APIC_CLUSTER(ldr) &&
		       (APIC_X2APIC_MEMBERS(dest) & APIC_X2APIC_MEMBERS(ldr));
	}
	dest = (dest >> APIC_XAPIC_ID_SHIFT) & 0xff;
	if (dest == APIC_XAPIC_BROADCAST)
		return 1;
	if (!logical)
		return dest == LAPIC_ID;
	ldr = a->ldr >> APIC_XAPIC_ID_SHIFT;
	switch (APIC_DFR_MODEL(a->dfr)) {
	case APIC_DFR_FLAT:
		return !!(dest & ldr);
	case APIC_DFR_CLUSTER:
		return (dest >> 4) == (ldr >> 4) && (dest & ldr & 0xf);
	default:
		return 0;	/* a reserved model matches nothing */
	}
}

static int ipi_names_self(const struct lapic *a, uint32_t icr, uint32_t dest)
{
	switch (APIC_ICR_SHORTHAND(icr)) {
	case APIC_ICR_DEST_SELF:
	case APIC_ICR_DEST_ALL:
		return 1;
	case APIC_ICR_DEST_ALL_BUT_SELF:
		return 0;
	default:
		return dest_names_self(a, !!(icr & APIC_ICR_DEST_LOGICAL), dest);
	}
}

/*
 * An I/O APIC's message carries an 8-bit destination: in xAPIC mode it
 * is the ICR2 field's; in x2APIC mode (no interrupt remapping here) it
 * is matched as an x2APIC destination, 0xff as the broadcast, as KVM
 * treats it.
 */
int lapic_io_message_names_self(const struct lapic *a, int logical,
				uint8_t dest)
{
	uint32_t d = (uint32_t)dest << APIC_XAPIC_ID_SHIFT;

	if (lapic_x2apic(a))
		d = dest == APIC_XAPIC_BROADCAST ? APIC_X2APIC_BROADCAST : dest;
	return dest_names_self(a, logical, d);
}

/*
 * Send the IPI in ICR low @icr to destination @dest. This vCPU is the
 * only processor: an IPI that does not name it goes nowhere. Every
 * delivery mode is treated as edge-triggered (SDM vol. 3, table 11-3,
 * note 2), and the modes the table calls invalid with a shorthand are
 * delivered as its no-shorthand form is (as KVM does):
 *
 *   fixed            its vector into IRR; vectors 0-15 set "send" and,
 *                    when it names this vCPU, "receive illegal vector";
 *   lowest priority  not sent: ESR "redirectable IPI" (11.5.3 bit 4, as
 *                    the x2APIC-era processors this vCPU models do);
 *   NMI              pending for the entry path (intr.c) to inject;
 *   INIT, SIPI, SMI  ignored, and left for the caller to log: INIT would
 *                    reset the vCPU to its reset vector, where this
 *                    machine has no firmware; a SIPI is discarded outside
 *                    the wait-for-SIPI state (SDM vol. 3, "Other Causes of
 *                    VM Exits"), which the one vCPU never enters; there is
 *                    no SMM;
 *   reserved (3, 7)  nothing.
 */
void lapic_send_ipi(struct lapic *a, uint32_t icr, uint32_t dest)
{
	unsigned int mode = APIC_ICR_DELIVERY(icr);
	int self;

	if (mode == APIC_ICR_DM_LOWEST) {
		lapic_error(a, APIC_ESR_REDIRECTABLE_IPI);
		return;
	}
	self = ipi_names_self(a, icr, dest);
	switch (mode) {
	case APIC_ICR_DM_FIXED:
		if (APIC_ICR_VECTOR(icr) < APIC_VECTOR_LEGAL_MIN)
			lapic_error(a, APIC_ESR_SEND_ILLEGAL_VECTOR);
		if (self)
			lapic_raise(a, (int)APIC_ICR_VECTOR(icr));
		break;
	case APIC_ICR_DM_NMI:
		if (self)
			a->nmi_pending = 1;
		break;
	case APIC_ICR_DM_INIT:
	case APIC_ICR_DM_STARTUP:
	case APIC_ICR_DM_SMI:
		if (self)
			a->ignored_ipi = icr;
		break;
	default:
		break;
	}
}

const char *lapic_ignored_ipi_reason(uint32_t icr)
{
	switch (APIC_ICR_DELIVERY(icr)) {
	case APIC_ICR_DM_INIT:
		return "INIT ignored (no firmware at the reset vector)";
	case APIC_ICR_DM_STARTUP:
		return "STARTUP ignored (never in wait-for-SIPI)";
	default:
		return "SMI ignored (no SMM)";
	}
}

int lapic_write_icr64(struct lapic *a, uint64_t val)
{
	uint32_t low = (uint32_t)val;

	if (!lapic_x2apic(a) || (low & APIC_X2APIC_ICR_RESERVED))
		return -1;
	a->icr_high = (uint32_t)(val >> 32);
	a->icr_low = low & APIC_ICR_LOW_BITS;	/* delivery status: idle */
	lapic_send_ipi(a, low, a->icr_high);
	return 0;
}
