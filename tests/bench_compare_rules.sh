#!/usr/bin/env bash
# bench_compare_rules: scripts/bench-compare.py, on copies of the committed
# baselines changed one figure at a time, fails a row one tick longer, an
# exit more, a changed count, a missing or an unknown row, and passes a row
# one tick shorter with the command that records it. No emulator.
. "$(dirname "$0")/lib.sh"

mkdir -p "$OUT"
LOG="$OUT/compare.txt"

# variant BASE NAME PYTHON: $OUT/NAME.json is BASE with rows r edited.
variant() {
	python3 - "$1" "$OUT/$2.json" "$3" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
r = d["rows"]
exec(sys.argv[3])
json.dump(d, open(sys.argv[2], "w"))
PY
}

# compare BASE NAME WANT_STATUS REGEX: the verdict and a line of output.
compare() {
	python3 "$TOP/scripts/bench-compare.py" "$1" "$OUT/$2.json" > "$LOG" 2>&1
	local status=$?
	[ $status -eq "$3" ] || fail "$2: status $status, expected $3"
	expect_line "$4"
}

vmexit="$TOP/scripts/baseline/vmexit.json"
timer="$TOP/scripts/baseline/timer.json"

variant "$vmexit" same ''
compare "$vmexit" same 0 'every row equals the baseline'
variant "$vmexit" longer 'r["cpuid"]["ticks"] += 1'
compare "$vmexit" longer 1 'cpuid +.*ticks [0-9]+ -> [0-9]+ \(\+1\).*<<< LONGER'
expect_line " *cp $OUT/longer.json $vmexit"
variant "$vmexit" shorter 'r["mmio_read"]["ticks"] -= 1'
compare "$vmexit" shorter 0 'mmio_read +.*\(-1\).* shorter'
expect_line " *cp $OUT/shorter.json $vmexit"
variant "$vmexit" more_exits 'r["hlt_wake"]["exits"] += 1'
compare "$vmexit" more_exits 1 'hlt_wake +.*exits [0-9]+ -> [0-9]+ \(\+1\).*<<< LONGER'
variant "$vmexit" other_n 'r["vmcall"]["iterations"] = 64'
compare "$vmexit" other_n 1 'vmcall +.*iterations 2000 -> 64.*<<< FAILED'
variant "$vmexit" missing 'del r["hlt_wake"]'
compare "$vmexit" missing 1 'hlt_wake +missing from the run +<<< FAILED'
variant "$vmexit" unknown 'r["new_case"] = dict(r["cpuid"])'
compare "$vmexit" unknown 1 'new_case +not in the baseline +<<< FAILED'
variant "$timer" late 'r["apicv=off/oneshot"]["median"] += 1'
compare "$timer" late 1 'apicv=off/oneshot +.*median [0-9]+ -> [0-9]+ \(\+1\).*<<< LONGER'
variant "$timer" lost_irq 'r["default/periodic"]["interrupts"] -= 1'
compare "$timer" lost_irq 1 'default/periodic +.*interrupts 1000 -> 999.*<<< FAILED'
pass
