#!/usr/bin/env bash
# The full differential run of the software VM-entry checks against Bochs
# (what `make vmcs-checks` runs): every targeted mutation and 1000 seeded
# random ones (VMCS_CHECKS_RANDOM=N for another count). Prints the
# disagreements, the known Bochs deviations and the agreement table; exits
# with the run's status: 0 only at 100 % agreement.
#
#   scripts/vmcs-checks.sh [-v]     -v: every mutation's verdict (loglevel=3)
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
count=${VMCS_CHECKS_RANDOM:-1000}
cmdline="selftest=vmcs-checks:$count"
[ "${1:-}" = "-v" ] && cmdline="$cmdline loglevel=3"
out=build/vmcs-checks
mkdir -p "$out"

make --no-print-directory GUEST=hello O="$out" CMDLINE="$cmdline" \
	"$out/vmm.iso" > "$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
scripts/run-bochs.sh -t 900 "$out/vmm.iso" "$out/serial.log"
rc=$?
grep -a '^vmcs-checks: ' "$out/serial.log"
echo "vmcs-checks: serial log $out/serial.log, Bochs log $out/serial.log.bochs"
exit $rc
