#!/usr/bin/env bash
# The loader fuzzers' short pass (tests/fuzz/Makefile): 20000 inputs each
# from a fixed seed, no crash, no sanitizer report, no failed oracle, no
# input over the timeout. `make fuzz` is the long pass.
. "$(dirname "$0")/lib.sh"

mkdir -p "$OUT"
cd "$TOP" || fail "no top directory"
make --no-print-directory -f tests/fuzz/Makefile O="$OUT" fuzz-run \
	FUZZ_RUNS=20000 FUZZ_SEED=1 > "$OUT/fuzz.log" 2>&1 ||
	{ cat "$OUT/fuzz.log"; fail "a fuzzer failed"; }
for f in fuzz_loader fuzz_mbinfo; do
	grep -Eq "^fuzz: $f: 20000 runs in [0-9]+ s, exit 0\$" "$OUT/fuzz.log" ||
		{ cat "$OUT/fuzz.log"; fail "$f did not run 20000 inputs"; }
done
pass
