#!/usr/bin/env bash
# make run: boot the ISO and stream its console to this terminal. With
# /dev/kvm and a VMX-capable host CPU, QEMU runs it with -enable-kvm
# -cpu host (nested VMX); otherwise Bochs emulates VMX.
set -uo pipefail
iso=$1
here=$(cd "$(dirname "$0")" && pwd)

if [ -e /dev/kvm ] && grep -qw vmx /proc/cpuinfo; then
	echo "run: QEMU with KVM, -cpu host (nested VMX)"
	qemu-system-x86_64 -enable-kvm -cpu host -m 256 -cdrom "$iso" -boot d \
		-display none -serial stdio -monitor none -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=4
	rc=$?
	[ $((rc & 1)) -eq 1 ] && exit $(((rc - 1) / 2))
	exit $rc
fi

echo "run: no KVM with VMX here; booting under Bochs (tigerlake)"
log=$(mktemp)
"$here/run-bochs.sh" "$iso" "$log" &
pid=$!
tail -n +1 -f --pid=$pid "$log" 2>/dev/null
wait $pid
rc=$?
rm -f "$log" "$log.bochs"
exit $rc
