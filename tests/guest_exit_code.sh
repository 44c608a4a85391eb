#!/usr/bin/env bash
# The guest chooses exit codes 0-63 (debug-exit port or exit hypercall)
# and the machine ends with exactly that code; a larger code ends it with
# the "guest code out of range" verdict, never as a hypervisor verdict or,
# truncated to 32 bits, as success.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=exitcode EXITCODE_VALUE=63
boot_bochs -t 120
expect_line 'guest: exitcode: ending with 63 through the debug-exit port'
expect_line 'vmm: guest wrote 63 to the debug-exit port'
expect_exit 63

build_iso GUEST=exitcode EXITCODE_VALUE=$(exit_code PANIC)
boot_bochs -t 120
expect_line "vmm: guest exit code $(exit_code PANIC) is outside 0\\.\\.63"
expect_no_line 'guest: exitcode: still running'
expect_exit GUEST_CODE_RANGE

build_iso GUEST=exitcode EXITCODE_VALUE=4294967296 EXITCODE_HYPERCALL=1
boot_bochs -t 120
expect_line 'guest: exitcode: ending with 4294967296 through the exit hypercall'
expect_line 'vmm: guest exit code 4294967296 is outside 0\.\.63'
expect_exit GUEST_CODE_RANGE
pass
