#!/usr/bin/env bash
# Boot an ISO under QEMU with TCG (no VMX: boot tests and the no-VMX path).
#
#   run-qemu.sh [-t SECONDS] [-m MEGS] ISO SERIAL_LOG
#
# Without -m the machine gets the guest_mem= of the ISO's command line
# and what the hypervisor needs besides (scripts/machine-megs.sh).
# The hypervisor's verdict arrives on the debug console port 0xe9
# (-debugcon, kept in SERIAL_LOG.debugcon), and its exit code also through
# isa-debug-exit on port 0xf4 (QEMU exits with ((code << 1) | 1) & 0xff). Neither is
# the serial log, which the guest writes into. QEMU's stderr is kept in
# SERIAL_LOG.qemu. Exit status: the code, when both channels agree; 124 on
# the time limit (default 120 s), verdict or not; 125 when QEMU ended
# another way or the channels disagree.
set -uo pipefail

timeout_s=120
megs=
while getopts "t:m:" o; do
	case $o in
	t) timeout_s=$OPTARG ;;
	m) megs=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 2 ] || { echo "usage: $0 [-t s] [-m megs] ISO SERIAL_LOG" >&2; exit 2; }
[ -r "$1" ] || { echo "run-qemu: cannot read ISO '$1'" >&2; exit 2; }
iso=$(realpath "$1")
serial=$(realpath -m "$2")
debugcon=$serial.debugcon
if [ -z "$megs" ]; then
	megs=$("$(dirname "$0")/machine-megs.sh" "$iso") || exit 2
fi
: > "$serial"
: > "$debugcon"

LC_ALL=C timeout --kill-after=10 "$timeout_s" qemu-system-x86_64 -machine pc \
	-accel tcg -cpu qemu64 -m "$megs" -cdrom "$iso" -boot d -display none \
	-monitor none -serial "file:$serial" -debugcon "file:$debugcon" \
	-device isa-debug-exit,iobase=0xf4,iosize=4 \
	-no-reboot </dev/null >/dev/null 2>"$serial.qemu"
rc=$?
sed -i 's/\r//g' "$serial"
code=$(sed -n -E 's/^vmm-verdict: exit (-?[0-9]+)$/\1/p' "$debugcon" | head -n1)
if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
	echo "run-qemu: no end within ${timeout_s}s${code:+ (the verdict, exit $code, was given)}" >&2
	exit 124
fi
if [ $((rc & 1)) -eq 1 ] && [ -n "$code" ] &&
   [ $(((rc - 1) / 2)) -eq $((code & 0x7f)) ]; then
	exit "$code"
fi
echo "run-qemu: QEMU ended with status $rc; verdict channel: '${code:-none}'" >&2
tail -n 5 "$serial.qemu" | sed 's/^/    /' >&2
exit 125
