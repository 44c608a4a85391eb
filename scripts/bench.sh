#!/usr/bin/env bash
# make bench: the benchmarks under Bochs, printed as tables.
#
#   vmexit   exit round-trip path lengths and exit counts
#            (guest-payloads/vmexit), written to $out/vmexit.json
#   timer    timer-interrupt exits and lateness (guest-payloads/timer),
#            by default, with fastpath=off and with apicv=off, written to
#            $out/timer.json
#   hvt      the ticks per Solo5 hvt hypercall (guest-payloads/hvt_bench
#            on a 64 KiB RAM disk and the built-in net peer), written to
#            $out/hvt.json
#   linux    Debian's kernel to power-off, through the hypervisor and on
#            bare Bochs (scripts/bench-linux.sh), written to
#            $out/linux.json
#   checks   the cost of one run of the software VM-entry checks
#   boot     kmain to the guest's first instruction and the guest's last to
#            the end, per RAM size and log level (scripts/bench-boot.sh),
#            written to build/bench/boot.json
#
# Under Bochs with clock: sync=none the TSC counts emulated instructions, so
# every figure is a path length and the same binary gives the same numbers;
# scripts/bench-compare.py compares the JSON files exactly with the
# committed scripts/baseline/*.json (make bench-compare, and make test
# through tests/bench_*_baseline.sh).
#
# BENCH="vmexit timer" picks benchmarks; BENCH_CPU=<model> runs another
# Bochs CPU model (one `bochs --help cpu` lists, e.g. corei7_haswell_4770;
# default tigerlake); BENCH_OUT=<dir> puts the results there (default
# build/bench).
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=${BENCH_OUT:-build/bench}
mkdir -p "$out"
which=${BENCH:-vmexit timer hvt checks boot linux}
cpu=${BENCH_CPU:-tigerlake}
status=0

# The models this Bochs emulates: the names listed after "Supported CPU
# models:" (the list goes to stderr, between blank lines).
models=$(bochs --help cpu 2>&1 </dev/null |
	 awk '/^Supported CPU models:/ { on = 1; next }
	      on && /^[a-z0-9_]+$/ { print; seen = 1; next }
	      seen { exit }')
if [ -z "$models" ]; then
	echo "bench: 'bochs --help cpu' listed no CPU models (make deps?)" >&2
	exit 2
fi
if ! grep -qx -F -- "$cpu" <<< "$models"; then
	guess=$(grep -F -- "$cpu" <<< "$models" | head -n1)
	[ -z "$guess" ] || guess=" (did you mean $guess?)"
	echo "bench: BENCH_CPU=$cpu is not a Bochs CPU model$guess;" \
	     "models:" $models >&2
	exit 2
fi

build_and_boot() {	# name make-vars...: an ISO of them, booted
	local name=$1
	shift
	${MAKE_CMD:-make} --no-print-directory O="$out/$name" "$@" \
		"$out/$name/vmm.iso" > "$out/$name.build.log" 2>&1 ||
		{ cat "$out/$name.build.log"; return 1; }
	scripts/run-bochs.sh -t 900 -c "$cpu" "$out/$name/vmm.iso" "$out/$name.log"
}

for b in $which; do
	case $b in
	vmexit)
		build_and_boot vmexit GUEST=vmexit || status=1
		python3 scripts/bench-table.py vmexit "$out/vmexit.json" \
			"$cpu" "$out/vmexit.log" || status=1
		;;
	timer)
		# One run per command line the guest_timer tests boot; the
		# label names the row group in timer.json.
		build_and_boot timer-default GUEST=timer || status=1
		build_and_boot timer-slow GUEST=timer CMDLINE="fastpath=off" || status=1
		build_and_boot timer-noapicv GUEST=timer CMDLINE="apicv=off" || status=1
		python3 scripts/bench-table.py timer "$out/timer.json" "$cpu" \
			default:"$out/timer-default.log" \
			fastpath=off:"$out/timer-slow.log" \
			apicv=off:"$out/timer-noapicv.log" || status=1
		;;
	hvt)
		k=$out/hvt-kernels
		rel=${k#"$top"/}
		{ make --no-print-directory -C guest-payloads hvt \
			O="$top/$rel" > "$out/hvt-kernels.log" 2>&1 ||
			{ cat "$out/hvt-kernels.log"; false; }; } &&
		truncate -s 0 "$k/disk.img" && truncate -s 65536 "$k/disk.img" &&
		build_and_boot hvt GUEST_IMAGE="$rel/hvt_bench.hvt" \
			GUEST_MODULES="$rel/disk.img" \
			CMDLINE="block:disk=$rel/disk.img net:net0=peer" &&
		python3 scripts/bench-table.py hvt "$out/hvt.json" "$cpu" \
			"$out/hvt.log" || status=1
		;;
	checks)
		build_and_boot checks GUEST=hello CMDLINE="selftest=vmcs-checks:0" || status=1
		echo "software VM-entry checks (src/vmx/checks*.c) on Bochs $cpu"
		grep -a '^vmcs-checks: one full check' "$out/checks.log" ||
			status=1
		;;
	boot)
		MAKE_CMD=${MAKE_CMD:-make} scripts/bench-boot.sh "$cpu" || status=1
		;;
	linux)
		MAKE_CMD=${MAKE_CMD:-make} scripts/bench-linux.sh "$cpu" || status=1
		;;
	*)
		echo "bench: unknown benchmark '$b'" >&2; status=1 ;;
	esac
done
exit $status
