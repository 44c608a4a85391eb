#!/usr/bin/env bash
# The 32-bit and 64-bit entries pass the software VM-entry checks
# (early_checks=on: a refused VMCS would print "vmm: early checks: ...")
# and the CPU's, and the kernels find the state they were promised: a
# Multiboot v1 kernel in flat 32-bit protected mode with paging off and
# the loader magic in EAX, a plain ELF64 kernel in 64-bit mode on paging.
. "$(dirname "$0")/lib.sh"

mkdir -p "$OUT"
for k in mb1_tiny elf64_tiny; do
	"$TOP/tests/kernels/build.sh" $k "$OUT/$k.elf"
done

build_iso GUEST_IMAGE="$OUT/mb1_tiny.elf" CMDLINE="early_checks=on loglevel=3"
boot_bochs -t 120
expect_line 'vmm: guest image: Multiboot, .* entered in 32-bit protected mode at 0x[0-9a-f]+; .*'
expect_no_line 'vmm: early checks: .*'
expect_line 'guest: mb1_tiny: entry state as Multiboot says'
expect_exit 42

build_iso GUEST_IMAGE="$OUT/elf64_tiny.elf" CMDLINE="early_checks=on loglevel=3"
boot_bochs -t 120
expect_line 'vmm: guest image: ELF64, .* entered in 64-bit mode at 0x[0-9a-f]+; .*'
expect_no_line 'vmm: early checks: .*'
expect_line 'guest: elf64_tiny: running in 64-bit mode'
expect_exit 44
pass
