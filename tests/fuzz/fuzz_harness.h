/*
 * fuzz_harness.h - the guest RAM the loader fuzzers load into, and the
 * oracles every run is held to beyond the sanitizers: no write outside
 * RAM or into page 0 or the reserved PC range (the ELF64 boot tables
 * excepted), no write at all when the load is refused, a one-line error,
 * and on success an entry state and a boot information block that parse.
 */
#ifndef FUZZ_HARNESS_H
#define FUZZ_HARNESS_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"
#include "mb2.h"
#include "pc_map.h"

/* RAM the fuzzers keep contents for; larger guests are bounds-checked
 * only. Kept small so that zeroing a whole bss stays cheap. */
#define MODEL_RAM	(17ull << 20)

static uint8_t *model;
static uint64_t fz_ram;
static unsigned int fz_writes;
static int fz_flat;

#define check(c)	do { if (!(c)) __builtin_trap(); } while (0)

static int overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

static int fz_write(void *ctx, uint64_t gpa, const void *src, size_t len)
{
	(void)ctx;
	fz_writes++;
	check(len > 0);
	check(gpa <= fz_ram && len <= fz_ram - gpa);
	if (!fz_flat) {
		check(gpa >= 0x1000);
		/* Only the boot page tables and GDT may go below 1 MiB
		 * above low RAM. */
		if (overlaps(gpa, len, PC_LOW_RAM_END,
			     PC_HIGH_RAM_BASE - PC_LOW_RAM_END))
			check(gpa >= PC_BOOTPT_BASE &&
			      gpa + len <= PC_BOOTPT_BASE + PC_BOOTPT_SIZE);
	}
	if (gpa + len <= MODEL_RAM) {
		memcpy(model + gpa, src, len);
	} else {
		/* Still read every byte, so ASan sees a bad source. */
		static uint8_t scratch[4096];
		const uint8_t *b = src;
		size_t i, c;

		for (i = 0; i < len; i += c) {
			c = len - i < sizeof(scratch) ? len - i : sizeof(scratch);
			memcpy(scratch, b + i, c);
		}
	}
	return 0;
}

static void fz_init(void)
{
	if (!model)
		model = calloc(1, MODEL_RAM);
	check(model);
}

static uint32_t m32(uint64_t gpa)
{
	uint32_t v;

	check(gpa + 4 <= MODEL_RAM);
	memcpy(&v, model + gpa, 4);
	return v;
}

/* A loaded hvt unikernel (src/loader/hvt.c): the tender's entry state, and
 * segment rights that are page ranges in RAM above 1 MiB, ascending and
 * never writable and executable. */
static void fz_judge_hvt(const struct guest_entry *e, uint64_t ram)
{
	uint64_t mem = e->rsp + 8, last = 0x100000;
	unsigned int i;

	check(e->mode == ENTRY_LONG64 && e->cr3 == 0x2000);
	check(e->rdi == 0x10000 && e->hvt.boot_info == 0x10000);
	check(mem % 0x200000 == 0 && mem <= ram && mem <= (1ull << 32));
	check(e->rip >= 0x100000 && e->rip < mem);
	check(e->hvt.nprot >= 1 && e->hvt.nprot <= IMAGE_MAX_PROT);
	for (i = 0; i < e->hvt.nprot; i++) {
		const struct hvt_segment *g = &e->hvt.prot[i];

		check(g->start >= last && g->start < g->end && g->end <= mem);
		check(!((g->start | g->end) & 0xfff));
		check((g->rights & (HVT_PROT_W | HVT_PROT_X)) !=
		      (HVT_PROT_W | HVT_PROT_X));
		last = g->end;
	}
	check(e->hvt.nr_entries >= 1 &&
	      e->hvt.nr_entries <= IMAGE_HVT_MAX_DEVS);
	if (mem <= MODEL_RAM) {
		check(m32(0x10000) == (uint32_t)mem);
		check(m32(0x10028) == 1 && m32(0x1002c) == e->hvt.nr_entries);
	}
}

/* The verdict on one image_load() call. */
static void fz_judge(int rc, const char *err, size_t errlen,
		     const struct guest_entry *e, uint64_t ram)
{
	size_t n = strnlen(err, errlen);

	check(n < errlen);
	check(!memchr(err, '\n', n));
	if (rc) {
		check(rc == -1);
		check(n > 0);
		check(fz_writes == 0);
		check(e->rip == 0 && e->mode == 0);
		return;
	}
	check(fz_writes > 0);
	check(e->lo < e->hi && e->hi <= ram);
	switch (e->format) {
	case IMAGE_FLAT:
		check(e->mode == ENTRY_REAL16);
		return;
	case IMAGE_MULTIBOOT1:
		check(e->mode == ENTRY_PROT32 && e->rax == 0x2BADB002);
		break;
	case IMAGE_MULTIBOOT2:
		check(e->mode == ENTRY_PROT32 && e->rax == 0x36D76289);
		break;
	case IMAGE_ELF64:
		check(e->mode == ENTRY_LONG64 && e->rax == 0x36D76289);
		check(e->cr3 == PC_BOOTPT_BASE);
		break;
	case IMAGE_HVT:
		fz_judge_hvt(e, ram);
		return;
	case IMAGE_BZIMAGE:
		/* The 64-bit entry, 0x200 into the kernel; RSI the zero
		 * page, under the boot tables' GDT's __BOOT_CS. */
		check(e->mode == ENTRY_LONG64 && e->cr3 == PC_BOOTPT_BASE);
		check(e->rsi == 0x7000 && e->cs == 0x10 && e->ds == 0x18);
		check(e->rip == e->lo + 0x200 && e->lo >= 0x100000);
		check(e->lo < e->hi && e->hi <= ram && e->hi <= (1ull << 32));
		return;
	default:
		check(0);
	}
	check(e->rip >= e->lo && e->rip < e->hi && e->rip < (1ull << 32));
	check(e->rbx >= e->lo && e->rbx < e->rsp && e->rsp == e->hi);
	check(e->rsp % 16 == 0);
	if (e->rsp > MODEL_RAM)
		return;
	if (e->format == IMAGE_MULTIBOOT1) {
		check(m32(e->rbx + 4) == PC_LOW_RAM_END >> 10);
		check(m32(e->rbx + 16) > e->rbx && m32(e->rbx + 16) < e->rsp);
	} else {
		static struct mb2_info info;

		check(mb2_parse(model + e->rbx, e->rsp - e->rbx, &info) ==
		      MB2_OK);
		check(mb2_available_bytes(&info) ==
		      ram - (PC_HIGH_RAM_BASE - PC_LOW_RAM_END));
	}
}

#endif
