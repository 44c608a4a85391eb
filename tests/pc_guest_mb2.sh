#!/usr/bin/env bash
# pc_guest_mb2: pcprobe as a Multiboot2 ELF32, booted by GRUB's
# multiboot2/module2 on QEMU (QEMU's -kernel has no Multiboot2) and by our
# hypervisor under Bochs: the same lines (tests/pcprobe.bash) and exit code.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pcprobe.bash"

pcprobe_build
pcprobe_qemu_mb2 "$OUT/qemu.log"
pcprobe_ours "$K/pcprobe2.elf"
pcprobe_compare "$OUT/qemu.log" "GRUB on QEMU"
pass
