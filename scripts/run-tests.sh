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

# A unit test binary passes when it printed its TAP plan 1..N, then N
# "ok" lines and no "not ok", and exited 0: a binary that crashes after
# its plan (a sanitizer report, a signal) fails, whatever it printed.
# Built with -fsanitize=address,undefined (tests/unit/Makefile).
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
echo "== unit tests"
if make --no-print-directory -f tests/unit/Makefile O="$out/unit" > "$out/unit-build.log" 2>&1; then
	# One binary per tests/unit/test_*.c: a binary left from a source
	# since removed is not run, and a missing one is a failure.
	for src in tests/unit/test_*.c; do
		t="$out/unit/$(basename "$src" .c)"
		if [ ! -x "$t" ]; then
			failed=$((failed + 1))
			echo "$(basename "$t"): not built"
			continue
		fi
		CMOCKA_MESSAGE_OUTPUT=TAP "$t" > "$t.tap" 2>&1
		status=$?
		plan=$(sed -n -E 's/^1\.\.([0-9]+)$/\1/p' "$t.tap" | head -n1)
		p=$(grep -c '^ok ' "$t.tap")
		f=$(grep -c '^not ok ' "$t.tap")
		why=
		if [ -z "$plan" ]; then
			why="no TAP plan"
		elif [ $((p + f)) -ne "$plan" ]; then
			why="$((p + f)) results for a plan of $plan"
		elif [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
			why="exit status $status after all passed"
		fi
		# Every result the plan promised and did not give is a failure.
		if [ -n "$plan" ] && [ $((p + f)) -lt "$plan" ]; then
			f=$((plan - p))
		elif [ -n "$why" ]; then
			f=$((f + 1))
		fi
		passed=$((passed + p)); failed=$((failed + f))
		echo "$(basename "$t"): $p passed, $f failed${why:+ ($why)}"
		[ "$f" -eq 0 ] || sed 's/^/    /' "$t.tap" | grep -v '^    ok '
	done
else
	cat "$out/unit-build.log"
	failed=$((failed + 1))
	echo "unit tests: build failed"
fi

# An integration test passes when it printed "PASS name" and exited 0.
echo "== integration tests ($jobs at a time)"
filter=${TESTS:-}
list=$(ls tests/*.sh | grep -v 'tests/lib.sh' | grep -E -- "${filter:-.}")
rm -f "$out"/*.status
printf '%s\n' $list | xargs -P "$jobs" -I{} bash -c \
	'n=$(basename {} .sh); {} > build/test/$n.out 2>&1; echo $? > build/test/$n.status'
for t in $list; do
	name=$(basename "$t" .sh)
	status=$(cat "$out/$name.status" 2>/dev/null || echo none)
	if [ "$status" = 0 ] && grep -q "^PASS $name\$" "$out/$name.out"; then
		passed=$((passed + 1)); echo "PASS $name"
	else
		failed=$((failed + 1))
		cat "$out/$name.out"
		grep -q "^FAIL $name" "$out/$name.out" ||
			echo "FAIL $name: exit status $status, no verdict"
	fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
