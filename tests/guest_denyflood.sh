#!/usr/bin/env bash
# denyflood: 1100 denied port reads from a guest (100 sites, then 1000
# reads of one) print a bounded burst of policy lines, count the rest
# exactly, and stay cheap: no denied access waits on the console.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=denyflood CMDLINE=stats=on
boot_bochs -t 300
expect_line 'guest: denyflood: 0 reads not all-ones'
lines=$(grep -a -c '^vmm: policy: denied port read ' "$LOG")
[ "$lines" = 20 ] || fail "$lines denial lines, expected the burst of 20"
expect_line 'vmm: policy: 1100 denials, 20 logged, 1080 not logged \(rate limit\), the rest repeats of a logged site'
# A console line costs ~250,000 ticks under Bochs; a counted denial is an
# exit and a scan of the log's slots.
per=$(line_value 'guest: denyflood: ([0-9]+) ticks per denied read')
[ -n "$per" ] && [ "$per" -lt 5000 ] ||
	fail "a denied read costs ${per:-?} ticks: the log is not bounded"
expect_exit 0
pass
