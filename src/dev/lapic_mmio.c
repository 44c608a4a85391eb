/*
 * lapic_mmio.c - the local APIC's xAPIC page at 0xfee00000 as an MMIO
 * device. Registers are 32 bits wide on 16-byte boundaries (SDM vol. 3,
 * 11.4.1: narrower accesses are model-specific, bytes 4-15 of a register
 * undefined); here any other access reads 0 and is dropped, with no APIC
 * error. An aligned access to a reserved offset is an APIC error
 * (lapic.c). With the APIC globally disabled (11.4.3) or in x2APIC mode
 * (11.12.1.2: "the same as a legacy xAPIC in globally disabled state")
 * the page is not decoded: reads all-ones, writes dropped.
 */
#include "mmio.h"

#include "lapic.h"
#include "vcpu.h"
#include "x86.h"

static int decoded(struct vcpu *v)
{
	return (v->lapic.apic_base & APIC_BASE_ENABLE) &&
	       !lapic_x2apic(&v->lapic);
}

static int usable(struct vcpu *v, uint64_t off, unsigned int size)
{
	return decoded(v) && size == 4 && !(off & 0xf);
}

static uint64_t lapic_mmio_read(struct vcpu *v, uint64_t off,
				unsigned int size)
{
	uint32_t val = 0;

	if (!decoded(v))
		return ~0ull;
	if (usable(v, off, size))
		lapic_read(&v->lapic, (uint32_t)off, rdtsc(), &val);
	return val;
}

static void lapic_mmio_write(struct vcpu *v, uint64_t off, unsigned int size,
			     uint64_t val)
{
	uint32_t ignored;

	if (!usable(v, off, size))
		return;
	lapic_write(&v->lapic, (uint32_t)off, (uint32_t)val, rdtsc());
	v->entry_work = 1;
	if (off != APIC_ICR)
		return;
	ignored = lapic_take_ignored_ipi(&v->lapic);
	if (ignored)
		vcpu_deny(v, "IPI to self", ignored,
			  lapic_ignored_ipi_reason(ignored));
}

const struct mmio_device lapic_mmio_device = {
	.name = "lapic",
	.base = APIC_BASE_ADDR,
	.size = 4096,
	.read = lapic_mmio_read,
	.write = lapic_mmio_write,
};
