#!/usr/bin/env bash
# make test: host unit tests (cmocka), then the integration tests
# (tests/*.sh: ISOs booted under Bochs and QEMU), two at a time.
# Last line: "N passed, N failed"; exit status 1 when anything failed.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
jobs=${TEST_JOBS:-$(nproc)}
out=build/test
mkdir -p "$out"
passed=0
failed=0

# newlib once, before tests build their ISOs in parallel.
make --no-print-directory build/newlib/x86_64-elf/lib/libc.a || {
	echo "0 passed, 1 failed"; exit 1; }

echo "== unit tests"
if make --no-print-directory -f tests/unit/Makefile O="$out/unit" > "$out/unit-build.log" 2>&1; then
	for t in "$out"/unit/test_*; do
		[ -x "$t" ] || continue
		CMOCKA_MESSAGE_OUTPUT=TAP "$t" > "$t.tap" 2>&1
		p=$(grep -c '^ok ' "$t.tap")
		f=$(grep -c '^not ok ' "$t.tap")
		if ! grep -q '^1\.\.[0-9]' "$t.tap"; then
			f=$((f + 1))	# crashed before printing its plan
		fi
		passed=$((passed + p)); failed=$((failed + f))
		echo "$(basename "$t"): $p passed, $f failed"
		[ "$f" -eq 0 ] || sed 's/^/    /' "$t.tap" | grep -v '^    ok '
	done
else
	cat "$out/unit-build.log"
	failed=$((failed + 1))
	echo "unit tests: build failed"
fi

echo "== integration tests ($jobs at a time)"
filter=${TESTS:-}
ls tests/*.sh | grep -v 'tests/lib.sh' | grep -E -- "${filter:-.}" |
	xargs -P "$jobs" -I{} bash -c '{} > build/test/$(basename {} .sh).out 2>&1; tail -n 30 build/test/$(basename {} .sh).out | grep -E "^(PASS|FAIL)" || echo "FAIL $(basename {} .sh): no verdict"' \
	> "$out/integration.txt"
for t in $(ls tests/*.sh | grep -v 'tests/lib.sh' | grep -E -- "${filter:-.}"); do
	name=$(basename "$t" .sh)
	if grep -q "^PASS $name\$" "$out/integration.txt"; then
		passed=$((passed + 1)); echo "PASS $name"
	else
		failed=$((failed + 1))
		cat "$out/$name.out"
	fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
