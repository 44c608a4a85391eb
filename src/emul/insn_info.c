/*
 * insn_info.c - the memory operand of an instruction-information field
 * (see insn_info.h).
 */
#include "insn_info.h"

#include "exit_qual.h"

uint64_t insn_info_ea(uint32_t info, uint64_t qual, const uint64_t gpr[16])
{
	uint64_t ea = qual;

	if (!(info & INSN_INFO_BASE_INVALID))
		ea += gpr[INSN_INFO_BASE(info)];
	if (!(info & INSN_INFO_INDEX_INVALID))
		ea += gpr[INSN_INFO_INDEX(info)] << INSN_INFO_SCALE(info);
	switch (INSN_INFO_ADDR_SIZE(info)) {
	case 0:
		return ea & 0xffff;
	case 1:
		return ea & 0xffffffff;
	default:
		return ea;
	}
}
