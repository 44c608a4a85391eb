#!/usr/bin/env bash
# A known option with a bad value is a one-line error and a defined end
# (the bad-configuration code), before any VMX work.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=hello CMDLINE="guest_mem=12Q"
boot_qemu -t 120
expect_line "vmm: command line: bad value '12Q' for option guest_mem"
expect_line "vmm: exit $(exit_code BAD_CONFIG)"
expect_exit BAD_CONFIG
pass
