#!/usr/bin/env bash
# The no-progress watchdog, proven on the far-future-deadline bug put back
# in a test build (VMM_TEST_BUG=signed-deadline: a deadline 2^63 or more
# ahead taken for overdue, so every entry is zero-length): the guest never
# runs again, and the watchdog must end the machine with its verdict and
# a crash record instead of hanging. The normal build runs the same guest
# to its end.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=livelock
boot_bochs -t 90
expect_line 'guest: livelock: the guest still runs'
expect_no_line 'vmm: watchdog: .*'
expect_exit 0

OUT="$OUT-bug"
LOG="$OUT/serial.log"
build_iso GUEST=livelock VMM_TEST_BUG=signed-deadline
boot_bochs -t 90
expect_line 'guest: livelock: deadline now \+ 2\^63 \+ 2\^62, LVT masked'
expect_line 'vmm: watchdog: 100001 entries in a row exited before the guest.s first instruction; the guest makes no progress'
expect_line "vmm: crash: verdict $(exit_code NO_PROGRESS), .*"
expect_no_line 'guest: livelock: the guest still runs'
expect_exit NO_PROGRESS
pass
