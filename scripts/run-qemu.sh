#!/usr/bin/env bash
# Boot an ISO under QEMU with TCG (no VMX: boot tests and the no-VMX path).
#
#   run-qemu.sh [-t SECONDS] ISO SERIAL_LOG
#
# The hypervisor's exit code arrives through isa-debug-exit on port 0xf4:
# QEMU exits with (code << 1) | 1. Exit status: that code; 124 on the time
# limit (default 120 s); 125 when QEMU ended another way.
set -uo pipefail

timeout_s=120
while getopts "t:" o; do
	case $o in
	t) timeout_s=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 2 ] || { echo "usage: $0 [-t s] ISO SERIAL_LOG" >&2; exit 2; }
iso=$(realpath "$1")
serial=$(realpath -m "$2")
: > "$serial"

timeout --signal=KILL "$timeout_s" qemu-system-x86_64 -machine pc -accel tcg \
	-cpu qemu64 -m 256 -cdrom "$iso" -boot d -display none -monitor none \
	-serial "file:$serial" -device isa-debug-exit,iobase=0xf4,iosize=4 \
	-no-reboot </dev/null >/dev/null 2>"$serial.qemu"
rc=$?
sed -i 's/\r//g' "$serial"
if [ $rc -eq 137 ]; then
	echo "run-qemu: no exit within ${timeout_s}s" >&2
	exit 124
fi
if [ $((rc & 1)) -eq 1 ]; then
	exit $(((rc - 1) / 2))
fi
echo "run-qemu: QEMU ended with status $rc, not through isa-debug-exit" >&2
exit 125
