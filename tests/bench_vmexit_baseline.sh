#!/usr/bin/env bash
# bench_vmexit_baseline: the exit benchmark, built and run by
# scripts/bench.sh exactly as `make bench` does (N = 2000, on the Bochs
# model the baseline names), equals scripts/baseline/vmexit.json in every
# row and figure, exits included. A row one tick longer fails; a shorter
# one passes with a note to record the gain (scripts/bench-compare.py).
# The full N costs some 10 s, and figures are per iteration anyway.
. "$(dirname "$0")/lib.sh"

bench=${BENCH_BASELINE:-vmexit}
base="$TOP/scripts/baseline/$bench.json"
cpu=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["cpu"])' \
	"$base") || fail "no CPU model in $base"
mkdir -p "$OUT"
BENCH=$bench BENCH_CPU=$cpu BENCH_OUT="$OUT" "$TOP/scripts/bench.sh" \
	> "$OUT/bench.txt" 2>&1 ||
	{ cat "$OUT/bench.txt"; fail "scripts/bench.sh failed"; }
python3 "$TOP/scripts/bench-compare.py" "$base" "$OUT/$bench.json" \
	> "$OUT/compare.txt" 2>&1
status=$?
cat "$OUT/compare.txt"
[ $status -eq 0 ] || fail "the $bench figures differ from $base"
pass
