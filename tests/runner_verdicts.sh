#!/usr/bin/env bash
# The Bochs runner's verdicts, against a stand-in for Bochs (a script first
# on PATH that plays one way a run can end): the exit code comes from the
# verdict channel (Bochs' stdout, where port 0xe9 lands) and never from
# the serial log; a verdict followed by a hang is a time-out; Bochs dying
# without a verdict names the signal and shows Bochs' last words.
. "$(dirname "$0")/lib.sh"

mkdir -p "$OUT/bin"
iso="$OUT/empty.iso"
: > "$iso"
# The stand-in: writes SERIAL (to the com1 file named in the bochsrc) and
# STDOUT, then does END: exit, abort or hang.
cat > "$OUT/bin/bochs" <<'FAKE'
#!/usr/bin/env bash
while [ $# -gt 0 ]; do [ "$1" = -f ] && rc=$2; shift; done
serial=$(sed -n 's/^com1: .*dev="\(.*\)"$/\1/p' "$rc")
printf '%b' "$FAKE_SERIAL" > "$serial"
printf '%b' "$FAKE_STDOUT"
case $FAKE_END in
abort) echo '*** buffer overflow detected ***: terminated' >&2; kill -ABRT $$ ;;
hang) sleep 60 ;;
esac
exit 0
FAKE
chmod +x "$OUT/bin/bochs"

# run_fake SERIAL STDOUT END: the runner's status in $CODE, stderr in $ERR.
run_fake() {
	ERR=$(FAKE_SERIAL=$1 FAKE_STDOUT=$2 FAKE_END=$3 PATH="$OUT/bin:$PATH" \
		"$TOP/scripts/run-bochs.sh" -t 3 "$iso" "$LOG" 2>&1 >/dev/null)
	CODE=$?
}

run_fake 'vmm: exit 3\n' 'Next at t=0\nvmm-verdict: exit 7\n' exit
expect_exit 7

run_fake 'guest: hi\nvmm: exit 0\n' 'Next at t=0\n' exit
expect_exit 125
grep -q 'without a verdict' <<< "$ERR" || fail "no 'without a verdict' message: $ERR"

run_fake '' 'vmm-verdict: exit 0\n' hang
expect_exit 124
grep -q 'gave its verdict (exit 0) but did not end' <<< "$ERR" || fail "hang not named: $ERR"

run_fake '' 'vmm-verdict: exit 0\nvmm-verdict: exit 1\n' exit
expect_exit 125

run_fake '' 'Bochs x86 Emulator 2.7\n' abort
expect_exit 125
grep -q 'killed by signal 6 (ABRT)' <<< "$ERR" || fail "signal not named: $ERR"
grep -q 'buffer overflow detected' <<< "$ERR" || fail "Bochs' last words not shown: $ERR"
grep -q "$LOG.stdout" <<< "$ERR" || fail "Bochs' output file not named: $ERR"
[ -f "$LOG.stdout" ] || fail "the named output file $LOG.stdout does not exist"
pass
