#!/usr/bin/env bash
# Each command-line error is one line, fully rendered (no format newlib
# cannot print), and a defined end (the bad-configuration code), before
# any VMX work.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=hello CMDLINE="guest_mem=12Q"
boot_qemu -t 120
expect_line "vmm: command line: bad value '12Q' for option guest_mem"
expect_line "vmm: exit $(exit_code BAD_CONFIG)"
expect_exit BAD_CONFIG

long=$(printf 'x%.0s' $(seq 70))
build_iso GUEST=hello "CMDLINE=loglevel=2 $long"
boot_qemu -t 120
expect_line 'vmm: command line: command-line word too long \(70 characters, at most 63\)'
expect_exit BAD_CONFIG
pass
