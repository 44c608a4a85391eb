#!/usr/bin/env bash
# Debian's own Linux kernel (linux-image-amd64, a 6.1 bzImage, unmodified)
# with a busybox initramfs boots on the hypervisor under Bochs by the
# 64-bit boot protocol (src/loader/bzimage.c), believes the TSC rate
# CPUID 15H/16H tell it, runs /init (tests/linux/init: uname -r, the
# head of /proc/cpuinfo, shell arithmetic), whose answers reach the
# serial console through the tty on the UART's IRQ 4, and powers off
# through ACPI S5: the run ends with the POWER_OFF verdict. Issue 17 in
# part: `noapic`, since the machine has no IOAPIC yet, and in the
# symmetric I/O mode Linux takes without one the 8259's interrupts stop
# reaching it after boot; no command is typed yet. The packages are
# fetched once per build tree.
. "$(dirname "$0")/lib.sh"

mkdir -p "$OUT"
rel=${OUT#"$TOP"/}/guest
"$TOP/scripts/linux-guest.sh" "$TOP/$rel" "$TOP/tests/linux/init" \
	> "$OUT/guest.log" 2>&1 || { cat "$OUT/guest.log"; fail "no Linux guest"; }
build_iso GUEST_IMAGE="$rel/bzImage" GUEST_MODULES="$rel/initramfs.cpio" \
	GUEST_CMDLINE="console=ttyS0,115200" CMDLINE="guest_mem=256M"
boot_bochs -t 900
ts='guest: \[ *[0-9]+\.[0-9]+\] '
expect_line "${ts}Linux version 6\\.1\\..*"
expect_line "${ts}tsc: Detected 50\\.000 MHz processor"
expect_line "${ts}Run /init as init process"
expect_line "guest: init: uname -r: 6\\.1\\.[0-9]+-[0-9]+-amd64"
expect_line "guest: init: cpuinfo: vendor_id\\\\x09: GenuineIntel"
expect_line "guest: init: ok-42"
expect_line "guest: init: irq: 4: +[1-9][0-9]* +IO-APIC +4-edge +ttyS0"
expect_line "${ts}reboot: Power down"
expect_line 'vmm: guest powered the machine off \(ACPI S5\)'
expect_exit POWER_OFF
pass
