#!/usr/bin/env bash
# pc_guest_xen: the issue's acceptance with a kernel nobody wrote for us:
# Debian's Xen hypervisor (xen-hypervisor-4.17-amd64, installed by
# scripts/install-deps.sh), a Multiboot ELF32 built to run under
# `qemu -kernel`, unmodified. Given no dom0 it prints its banner and boot
# information on COM1, panics and resets the machine; QEMU with
# -no-reboot ends there with status 0. Under our hypervisor the console
# lines must be the same ("no-real-mode": no BIOS calls; the loader's name,
# "(XEN) Bootloader: ...", is the one line named as differing) and the
# run must end at the same reset: QEMU's status 0 under -no-reboot is
# its reset, ours the reset verdict (exit code 79, README), which names
# the port (Xen resets through the 8042, port 0x64).
. "$(dirname "$0")/lib.sh"

XEN_ARGS="console=com1 com1=115200,8n1 no-real-mode"
gz=$(ls /boot/xen-*-amd64.gz 2>/dev/null | sort -V | tail -n 1)
[ -n "$gz" ] || fail "no /boot/xen-*-amd64.gz (scripts/install-deps.sh installs xen-hypervisor-4.17-amd64)"
mkdir -p "$OUT"
# Multiboot loaders take the ELF, not the gzip Debian ships for GRUB.
zcat "$gz" > "$OUT/xen.elf" || fail "cannot unpack $gz"

LC_ALL=C timeout 60 qemu-system-x86_64 -machine pc -accel tcg -m 128 \
	-kernel "$OUT/xen.elf" -append "$XEN_ARGS" \
	-device isa-debug-exit,iobase=0xf4,iosize=4 -device pc-testdev \
	-serial "file:$OUT/qemu.log" -display none -monitor none -no-reboot \
	</dev/null >/dev/null 2>"$OUT/qemu.log.qemu"
qrc=$?
[ "$qrc" = 0 ] || fail "QEMU ended with status $qrc, not 0 (a reset under -no-reboot)"

build_iso GUEST_IMAGE="$OUT/xen.elf" GUEST_CMDLINE="$XEN_ARGS" \
	CMDLINE="guest_mem=128M"
boot_bochs -t 60

xen_lines() { grep -a '^(XEN) ' | grep -v '^(XEN) Bootloader: '; }
tr -d '\r' < "$OUT/qemu.log" | xen_lines > "$OUT/qemu.lines"
sed -n 's/^guest: //p' "$LOG" | xen_lines > "$OUT/ours.lines"
grep -q '^(XEN) Reboot in five seconds' "$OUT/qemu.lines" ||
	fail "QEMU's run did not reach Xen's reboot (see $OUT/qemu.log)"
diff -u "$OUT/qemu.lines" "$OUT/ours.lines" > "$OUT/diff" ||
	{ cat "$OUT/diff"; fail "Xen's console differs from QEMU's"; }
[ "$CODE" != 124 ] || fail "no end within the time limit after Xen's reboot request (QEMU resets)"
expect_line 'vmm: guest reset the machine \(port 0x64\)'
expect_exit RESET
pass
