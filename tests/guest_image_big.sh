#!/usr/bin/env bash
# An embedded image far over the hypervisor's 256 KiB budget builds and
# boots: the budget measures the hypervisor's own sections
# (scripts/size-budget.sh), and the image lies after them (src/linker.ld).
# The Multiboot kernel is padded to 16 MiB (a Linux kernel with its
# initramfs is tens of MB); its command line is its file name and
# GUEST_CMDLINE, as QEMU's -kernel/-append gives it, word for word ('$'
# and '#' included: make expands nothing in it), and its modules arrive
# in order, each named by its path.
. "$(dirname "$0")/lib.sh"

mkdir -p "$OUT"
"$TOP/tests/kernels/build.sh" mb1_tiny "$OUT/big.elf" $((16 << 20))
echo module > "$OUT/mod.txt"
size=$(stat -c %s "$OUT/big.elf")
[ "$size" -gt $((16 << 20)) ] || fail "the padded kernel is only $size bytes"
build_iso GUEST_IMAGE="$OUT/big.elf" GUEST_CMDLINE='one $two #3' \
	GUEST_MODULES="$OUT/mod.txt $OUT/big.elf" CMDLINE="loglevel=3"
elf=$(stat -c %s "$OUT/vmm.elf")
[ "$elf" -gt "$size" ] || fail "vmm.elf ($elf bytes) does not hold the image"
boot_bochs -t 120
expect_line "vmm: guest image: Multiboot, $size bytes and 2 modules from vmm.elf, .*"
expect_line 'guest: mb1_tiny: entry state as Multiboot says'
expect_line "guest: mb1_tiny: command line '$OUT/big.elf one \\\$two #3'"
expect_line "guest: mb1_tiny: module '$OUT/mod.txt'"
expect_line "guest: mb1_tiny: module '$OUT/big.elf'"
expect_exit 42
pass
