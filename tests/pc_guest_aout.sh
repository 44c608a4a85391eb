#!/usr/bin/env bash
# pc_guest_aout: pcprobe as a flat file with a Multiboot v1 header that
# sets flag 16 (the a.out kludge): no ELF header, so `qemu -kernel` and
# our loader both place it by the header's load/bss/entry addresses. The
# same lines (tests/pcprobe.bash) and exit code as under QEMU.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pcprobe.bash"

pcprobe_build
pcprobe_qemu_mb1 "$OUT/qemu.log" "$K/pcprobe-aout.bin"
pcprobe_ours "$K/pcprobe-aout.bin"
pcprobe_compare "$OUT/qemu.log" "QEMU -kernel"
pass
