#!/usr/bin/env bash
# Debian's own Linux kernel (linux-image-amd64, a 6.1 bzImage, unmodified)
# with a busybox initramfs boots on the hypervisor under Bochs by the
# 64-bit boot protocol (src/loader/bzimage.c), believes the TSC rate
# CPUID 15H/16H tell it, and starts a shell on the serial console
# (tests/linux/init). The test types at it (tests/linux/shell.script,
# through scripts/serial-peer.py and the UART's receiver): the issue's
# command line, whose answers come back through the tty on IRQ 4 by the
# I/O APIC, then `poweroff -f`, which powers off through ACPI S5: the
# run ends with the POWER_OFF verdict. Issue 17.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/linux.bash"

linux_boot "" -s "$TOP/tests/linux/shell.script"
expect_line "${LINUX_TS}Linux version 6\\.1\\..*"
expect_line "${LINUX_TS}tsc: Detected 50\\.000 MHz processor"
expect_line "${LINUX_TS}Run /init as init process"
expect_line "guest: init: shell on the console"
# The typed line, echoed after the prompt, then its answers.
expect_line "guest: .*# .*uname -r; cat /proc/cpuinfo \\| head -5; echo ok-\\\$\\(\\(6\\*7\\)\\)"
expect_line "guest: 6\\.1\\.[0-9]+-[0-9]+-amd64"
expect_line "guest: vendor_id\\\\x09: GenuineIntel"
expect_line "guest: ok-42"
expect_line "guest: +4: +[1-9][0-9]* +IO-APIC +4-edge +ttyS0"
# Every byte typed reached the guest, once.
typed=$(sed -n 's/^send //p' "$TOP/tests/linux/shell.script" |
	python3 -c 'import sys; print(sum(len(l.rstrip("\n").replace("\\n", "\n")) for l in sys.stdin))')
expect_line "vmm: uart: [0-9]+ lines, [0-9]+ bytes out, [0-9]+ LSR reads, $typed bytes in"
expect_line "${LINUX_TS}reboot: Power down"
expect_line 'vmm: guest powered the machine off \(ACPI S5\)'
expect_exit POWER_OFF
pass
