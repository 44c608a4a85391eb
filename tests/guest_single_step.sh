#!/usr/bin/env bash
# single_step: with RFLAGS.TF set, every instruction the hypervisor
# emulates (CPUID, IN/OUT, RDMSR/WRMSR, VMCALL, MMIO, MOV to CR0, string
# I/O) is followed by one single-step #DB with DR6.BS set and B3-B0
# cleared, RIP at the next instruction; REP string I/O traps after each
# of its three iterations, RIP on the instruction until the last. The
# guest shows the CPU's own NOP and REP MOVSB first: the emulated rows
# must look the same. Unfixed, REP INSB and REP OUTSB trap once. (The
# other rows pass unfixed under Bochs only: its VM exits save a pending
# BS for the trapping instruction, where the SDM and KVM's
# kvm_skip_emulated_instruction() leave the trap to the hypervisor.)
. "$(dirname "$0")/lib.sh"

build_iso GUEST=sstep
boot_bochs -t 300

step='next/0xffff4ff0'
rep="insn/0xffff4ff0 insn/0xffff4ff0 $step"
for row in "nop" "cpuid" "in \(fast port\)" "out \(fast port\)" "wrmsr" \
	   "rdmsr" "vmcall \(no-op\)" "mmio read" "mmio write" \
	   "cpuid \(leaf 7\)" "in \(denied port\)" "vmcall \(exit count\)" \
	   "mov to cr0" "insb"; do
	expect_line "guest: sstep: $row +1 #DB: $step"
done
for row in "rep movsb" "rep insb" "rep outsb"; do
	expect_line "guest: sstep: $row +3 #DB: $rep"
done
expect_no_line 'guest: sstep: .*other.*'
expect_line 'vmm: exit 45'
expect_exit 45
pass
