#!/usr/bin/env bash
# The runners size the machine from the ISO's guest_mem= (scripts/
# machine-megs.sh): guest_mem=256M boots under Bochs without -m, where a
# fixed 256 MiB machine left the hypervisor too little ("not enough
# memory").
. "$(dirname "$0")/lib.sh"

build_iso GUEST=hello CMDLINE="guest_mem=256M loglevel=3"
boot_bochs -t 120
expect_no_line 'vmm: guest_mem=.* is more than .*'
expect_line 'vmm: 256 MiB of guest RAM'
expect_line 'guest: bye'
expect_exit 0
pass
