#!/usr/bin/env bash
# pc_guest_mb1: pcprobe as a Multiboot v1 ELF32 (linked at 4 MiB) with a
# command line and two modules, booted by `qemu -kernel` (TCG, with
# isa-debug-exit and pc-testdev) and by our hypervisor under Bochs
# (GUEST_IMAGE=): every line but those PCPROBE_DIFFERS names
# (tests/pcprobe.bash) must be the same, and so must the exit code.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pcprobe.bash"

pcprobe_build
pcprobe_qemu_mb1 "$OUT/qemu.log"
pcprobe_ours "$K/pcprobe.elf"
pcprobe_compare "$OUT/qemu.log" "QEMU -kernel"
pass
