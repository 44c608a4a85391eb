#!/usr/bin/env bash
# make run: boot the ISO and stream its console to this terminal. With
# /dev/kvm and a VMX-capable host CPU, QEMU runs it with -enable-kvm
# -cpu host (nested VMX); otherwise Bochs emulates VMX.
#
#   run.sh ISO [LOGDIR]
#
# RUN_WITH=bochs (or qemu) picks the emulator instead.
#
# The serial log and the emulator's own output stay in LOGDIR (default:
# the ISO's directory) after the run, so a failure can be read afterwards.
# The console reaches this terminal as plain lines: LF line ends, and no
# terminal control sequences (grub.cfg asks GRUB for none; any that come
# anyway, from another GRUB, are dropped here).
# Exit status: the machine's exit code, from the verdict channel.
set -uo pipefail
iso=$1
logdir=${2:-$(dirname "$iso")}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$logdir"
log=$(realpath -m "$logdir/run-serial.log")

# CR and ECMA-48 control sequences (ESC [ parameters final-byte) out.
plain() {
	sed -u -E $'s/\r//g; s/\x1b\\[[0-9;?]*[@-~]//g'
}

with=${RUN_WITH:-}
if [ -z "$with" ]; then
	with=bochs
	[ -e /dev/kvm ] && grep -qw vmx /proc/cpuinfo && with=qemu
fi

if [ "$with" = qemu ]; then
	echo "run: QEMU with KVM, -cpu host (nested VMX)"
	: > "$log.debugcon"
	qemu-system-x86_64 -enable-kvm -cpu host -m 256 -cdrom "$iso" -boot d \
		-display none -serial stdio -monitor none -no-reboot \
		-debugcon "file:$log.debugcon" \
		-device isa-debug-exit,iobase=0xf4,iosize=4 | plain
	code=$(sed -n -E 's/^vmm-verdict: exit (-?[0-9]+)$/\1/p' "$log.debugcon" | head -n1)
	[ -n "$code" ] && exit "$code"
	echo "run: QEMU ended without a verdict" >&2
	exit 125
fi

echo "run: no KVM with VMX here; booting under Bochs (tigerlake); log $log"
: > "$log"
"$here/run-bochs.sh" "$iso" "$log" &
pid=$!
tail -n +1 -f --pid=$pid "$log" 2>/dev/null | plain
wait $pid
exit $?
