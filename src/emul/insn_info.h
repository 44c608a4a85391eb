/*
 * insn_info.h - the memory operand a VM exit's instruction-information
 * field describes (exit_qual.h, INSN_INFO_*): its segment and effective
 * address, for the exit handlers of instructions that exit with their
 * operand decoded by the CPU (the VMX instructions a nested hypervisor
 * runs, issue 16; INVPCID and the descriptor-table instructions).
 */
#ifndef EMUL_INSN_INFO_H
#define EMUL_INSN_INFO_H

#include <stdint.h>

/*
 * base + index * scale + displacement (@qual, which the CPU saved
 * sign-extended, SDM vol. 3, 28.2.1), from the general registers @gpr
 * (RAX..R15), wrapped to the address size the field gives (16, 32 or 64
 * bits; 16-bit and 32-bit addressing wrap, as the instruction would).
 * Pure. The segment is INSN_INFO_SEG(); its base, limit and rights are
 * the caller's to apply.
 */
uint64_t insn_info_ea(uint32_t info, uint64_t qual, const uint64_t gpr[16]);

#endif
