#!/usr/bin/env bash
# exit_trace=on prints every exit as it happens, numbered, with reason,
# qualification and guest RIP: as many lines as the statistics count.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=hello CMDLINE="exit_trace=on stats=on"
boot_bochs -t 300
expect_line 'vmm: trace: exit 1: reason [0-9]+ \([^)]+\), qualification 0x[0-9a-f]+, guest RIP 0x[0-9a-f]+'
expect_line 'vmm: trace: exit [0-9]+: reason 10 \(CPUID\), qualification 0x0, guest RIP 0x[0-9a-f]+'
traced=$(grep -a -c -E '^vmm: trace: exit [0-9]+: reason ' "$LOG")
total=$(line_value 'vmm: +total +([0-9]+)')
[ "$traced" = "$total" ] || fail "$traced exits traced, the statistics count $total"
expect_line 'guest: bye'
expect_exit 0
pass
