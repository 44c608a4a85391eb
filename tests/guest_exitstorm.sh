#!/usr/bin/env bash
# exitstorm: 10^6 CPUIDs, 10^5 no-op hypercalls and 10^5 test-port reads
# are each answered right and counted exactly, by the guest's own
# exit-count hypercall and by the statistics.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=exitstorm CMDLINE=stats=on
boot_bochs -t 600
expect_line 'guest: exitstorm: 1000000 CPUIDs, 100000 hypercalls, 100000 port reads, 0 wrong answers'
# The three storms, and the second exit-count hypercall itself.
expect_line 'guest: exitstorm: 1200001 exits between the two counts'
cpuid=$(line_value 'vmm:   10   CPUID +([0-9]+)')
vmcall=$(line_value 'vmm:   18   VMCALL +([0-9]+)')
# The payload makes no CPUID but the storm's; the VMCALL row adds its two
# exit-count hypercalls.
[ "$cpuid" = 1000000 ] || fail "CPUID row $cpuid, expected 1000000"
[ "$vmcall" = 100002 ] || fail "VMCALL row $vmcall, expected 100002"
expect_exit 0
pass
