#!/usr/bin/env bash
# pc_guest_elf64: pcprobe as a plain ELF64 (no Multiboot header), which
# only our loader boots (in 64-bit mode, with a Multiboot2 info block).
# No QEMU boots it, so its device lines are compared with those QEMU's
# -kernel run of the Multiboot v1 build prints; the boot-information lines
# ("pcprobe: mb: ...", a v2 block here, v1 there) are left out.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pcprobe.bash"

pcprobe_build
pcprobe_qemu_mb1 "$OUT/qemu.log"
pcprobe_ours "$K/pcprobe64.elf"
expect_line 'guest: pcprobe: mb: cmdline tag present ok'
pcprobe_compare "$OUT/qemu.log" "QEMU -kernel (the v1 build)" \
	'^pcprobe: (mb: |[0-9]+ checks)'
pass
