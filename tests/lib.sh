# tests/lib.sh - helpers for the integration tests (sourced, not run).
#
# Each test script builds an ISO with `build_iso NAME [make vars...]`, boots
# it with `boot_bochs`/`boot_qemu`, then asserts on the serial log ($LOG) and
# the exit code ($CODE). A failed assertion prints what was expected and the
# log's tail, and exits 1.

set -u
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TEST_NAME=$(basename "$0" .sh)
OUT="$TOP/build/test/$TEST_NAME"
LOG="$OUT/serial.log"
CODE=

fail() {
	echo "FAIL $TEST_NAME: $*"
	if [ -f "$LOG" ]; then
		echo "---- last lines of $LOG"
		tail -n 25 "$LOG"
		echo "----"
	fi
	exit 1
}

# build_iso [VAR=value ...]: make the ISO into $OUT.
build_iso() {
	mkdir -p "$OUT"
	make -C "$TOP" --no-print-directory O="$OUT" "$@" "$OUT/vmm.iso" \
		> "$OUT/build.log" 2>&1 || { cat "$OUT/build.log"; fail "build failed"; }
}

boot_bochs() {
	"$TOP/scripts/run-bochs.sh" "$@" "$OUT/vmm.iso" "$LOG"
	CODE=$?
}

boot_qemu() {
	"$TOP/scripts/run-qemu.sh" "$@" "$OUT/vmm.iso" "$LOG"
	CODE=$?
}

# expect_exit N or NAME (a verdict of include/vmm_abi.h: GUEST_VIOLATION).
expect_exit() {
	local want=$1
	case $want in [0-9]*) ;; *) want=$(exit_code "$want") ;; esac
	[ "$CODE" = "$want" ] || fail "exit code $CODE, expected $want ($1)"
}

# expect_line REGEX: some line of the log matches (extended regex, whole line).
expect_line() {
	grep -a -q -x -E -- "$1" "$LOG" || fail "no line matching: $1"
}

# expect_no_line REGEX
expect_no_line() {
	! grep -a -q -x -E -- "$1" "$LOG" || fail "unexpected line matching: $1"
}

# line_value REGEX: print the first capture group of the first matching line.
line_value() {
	local d=$'\001'
	sed -n -E "s${d}^$1\$${d}\\1${d}p" "$LOG" | head -n1
}

pass() {
	echo "PASS $TEST_NAME"
	exit 0
}

# exit_code NAME: the value of VMM_EXIT_NAME (or NAME) in include/vmm_abi.h,
# so tests name the hypervisor's verdicts instead of spelling numbers.
exit_code() {
	local name=$1 v
	case $name in VMM_EXIT_*) ;; *) name=VMM_EXIT_$name ;; esac
	v=$(sed -n -E "s/^#define[[:space:]]+$name[[:space:]]+([0-9]+).*/\\1/p" \
		"$TOP/include/vmm_abi.h")
	[ -n "$v" ] || fail "no exit code $name in include/vmm_abi.h"
	echo "$v"
}

# The 4 KiB pages the hypervisor maps itself before a flat guest's first
# instruction, which the guest therefore never faults in: the image's
# pages at GUEST_LOAD_ADDR (0x8000), and the four the firmware install
# writes (the IVT and BDA page, the ACPI page at 0xe0000, the stubs at
# 0xf0000 and the reset vector's page at 0xff000; test_firmware pins
# that set). $1 is the flat image.
FIRMWARE_PAGES=4
hypervisor_mapped_pages() {
	local image
	image=$(stat -c %s "$1")
	echo $(( (0x8000 + image - 1) / 4096 - 0x8000 / 4096 + 1 + FIRMWARE_PAGES ))
}
