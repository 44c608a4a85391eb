#!/usr/bin/env bash
# guest_mem= larger than the machine's free memory is a bad configuration
# (one line naming both sizes), not an internal error.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=hello CMDLINE="guest_mem=1G"
boot_bochs -t 120 -m 256
expect_line 'vmm: guest_mem=1024M is more than the [0-9]+ MiB this machine has free'
expect_no_line 'vmm: panic: .*'
expect_exit BAD_CONFIG
pass
