#!/usr/bin/env bash
# A fatal end prints the crash record: the verdict with the exit that
# decided it, the guest's registers, the last slow-path exits (the one
# that ended the guest last) and the statistics. A clean end prints none.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=fault
boot_bochs -t 300
v=$(exit_code GUEST_TRIPLE_FAULT)
expect_line "vmm: crash: verdict $v, exit reason 2 \\(Triple fault\\), qualification 0x0"
expect_line 'vmm: crash: RIP 0x[0-9a-f]{16} RSP 0x[0-9a-f]{16} RFLAGS 0x[0-9a-f]{8}'
expect_line 'vmm: crash: CR0 0x[0-9a-f]{8} CR3 0x[0-9a-f]{16} CR4 0x[0-9a-f]{8} EFER 0x[0-9a-f]+'
expect_line 'vmm: crash: RAX [0-9a-f]{16} RBX [0-9a-f]{16} RCX [0-9a-f]{16} RDX [0-9a-f]{16}'
expect_line 'vmm: crash: the last [0-9]+ slow-path exits, oldest first:'
last=$(grep -a '^vmm: crash:   #' "$LOG" | tail -n1)
[[ $last =~ ' 2   Triple fault ' ]] || fail "the last traced exit is not the triple fault: $last"
expect_line 'vmm: exit statistics'
expect_exit GUEST_TRIPLE_FAULT

build_iso GUEST=hello
boot_bochs -t 300
expect_no_line 'vmm: crash: .*'
expect_exit 0
pass
