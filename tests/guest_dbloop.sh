#!/usr/bin/env bash
# dbloop: the guest builds the #DB loop of CVE-2015-8104 (#DB delivered on
# an IST stack whose SS slot a data breakpoint watches). With #DB
# intercepted each delivery is a VM exit, and once the hypervisor sees the
# delivery bring the guest back to the same state with a #DB pending
# again, before any instruction, it ends the guest as halted forever (9),
# in seconds. Without the intercept the run never ends (the time-out).
. "$(dirname "$0")/lib.sh"

build_iso GUEST=dbloop
boot_bochs -t 120
expect_line 'guest: dbloop: #DB on IST 1, a write breakpoint on its SS slot 0x[0-9a-f]+; INT1'
expect_line 'vmm: guest halted forever \(#DB loop: delivering #DB at guest RIP 0x[0-9a-f]+ raises #DB again before any instruction, DR6 0xffff0ff1, DR7 0x[0-9a-f]+; CVE-2015-8104\)'
expect_no_line 'guest: dbloop: the #DB loop ended by itself'
expect_line 'vmm:   0    Exception or non-maskable interrupt \(NMI\) +4'
expect_line "vmm: exit $(exit_code GUEST_HALTED)"
expect_exit GUEST_HALTED
pass
