#!/usr/bin/env bash
# make bench: the benchmarks under Bochs, printed as tables.
#
#   vmexit   exit round-trip path lengths (guest-payloads/vmexit), tigerlake,
#            written to build/bench/vmexit.json for scripts/bench-compare.py
#   timer    timer-interrupt exits and lateness (guest-payloads/timer),
#            with the fastpath on and off
#   checks   the cost of one run of the software VM-entry checks
#   boot     kmain to the guest's first instruction and the guest's last to
#            the end, per RAM size and log level (scripts/bench-boot.sh),
#            written to build/bench/boot.json
#
# Under Bochs with clock: sync=none the TSC counts emulated instructions, so
# every figure is a path length and the same binary gives the same numbers.
# BENCH=vmexit (or timer) runs one; BENCH_CPU=haswell cross-checks the model.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=build/bench
mkdir -p "$out"
which=${BENCH:-vmexit timer checks boot}
cpu=${BENCH_CPU:-tigerlake}
status=0

build_and_boot() {	# name guest cmdline
	local name=$1 guest=$2 cmdline=$3
	${MAKE_CMD:-make} --no-print-directory O="$out/$name" GUEST="$guest" CMDLINE="$cmdline" \
		"$out/$name/vmm.iso" > "$out/$name.build.log" 2>&1 ||
		{ cat "$out/$name.build.log"; return 1; }
	scripts/run-bochs.sh -t 900 -c "$cpu" "$out/$name/vmm.iso" "$out/$name.log"
}

for b in $which; do
	case $b in
	vmexit)
		build_and_boot vmexit vmexit "" || status=1
		python3 scripts/bench-table.py vmexit "$out/vmexit.log" \
			"$out/vmexit.json" "$cpu" || status=1
		;;
	timer)
		build_and_boot timer-fast timer "fastpath=on" || status=1
		build_and_boot timer-slow timer "fastpath=off" || status=1
		python3 scripts/bench-table.py timer "$out/timer-fast.log" \
			"$out/timer-slow.log" "$out/timer.json" || status=1
		;;
	checks)
		build_and_boot checks hello "selftest=vmcs-checks:0" || status=1
		echo "software VM-entry checks (src/vmx/checks*.c) on Bochs $cpu"
		grep -a '^vmcs-checks: one full check' "$out/checks.log" ||
			status=1
		;;
	boot)
		MAKE_CMD=${MAKE_CMD:-make} scripts/bench-boot.sh "$cpu" || status=1
		;;
	*)
		echo "bench: unknown benchmark '$b'" >&2; status=1 ;;
	esac
done
exit $status
