#!/usr/bin/env bash
# The Linux benchmark (make bench, BENCH=linux): Debian's kernel and a
# busybox initramfs (scripts/linux-guest.sh, tests/linux/init) from Bochs'
# power-on to the shell (init powers off where it would start it, with
# vmmtest=poweroff), through the hypervisor and on bare Bochs
# (GRUB booting the same kernel, initramfs and command line itself), at
# the same CPU model and ips; the overhead is the ratio. The tick of the
# end is the one Bochs prints for the last instruction it ran (the
# hypervisor's shutdown-port OUT, or the kernel's PM1a_CNT write).
#
#   bench-linux.sh [CPU_MODEL]
#
# Bare Bochs needs clearcpuid=fsrm (its model shows FSRM without ERMS,
# which Linux 6.1's memmove mishandles) and tsc_early_khz= (its CPUID
# claims 2.4 GHz); through the hypervisor the guest needs neither. The
# rows go to build/bench/linux.json; they are not compared with a
# baseline, since the kernel is Debian's of the day. The goal, within
# 10 % of bare Bochs, decides the exit status.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
cpu=${1:-tigerlake}
ips=50000000
out=build/bench
o=$out/linux
mkdir -p "$o"
args="console=ttyS0,115200 vmmtest=poweroff"

scripts/linux-guest.sh "$top/$o/guest" "$top/tests/linux/init" \
	> "$o/guest.log" 2>&1 || { cat "$o/guest.log"; exit 1; }
${MAKE_CMD:-make} --no-print-directory O="$o/vmm" \
	GUEST_IMAGE="$o/guest/bzImage" GUEST_MODULES="$o/guest/initramfs.cpio" \
	GUEST_CMDLINE="$args" CMDLINE="guest_mem=256M" "$o/vmm/vmm.iso" \
	> "$o/build.log" 2>&1 || { cat "$o/build.log"; exit 1; }
mkdir -p "$o/bare/boot/grub"
cp "$o/guest/bzImage" "$o/guest/initramfs.cpio" "$o/bare/boot/"
cat > "$o/bare/boot/grub/grub.cfg" <<CFG
set timeout=0
serial --unit=0 --speed=115200
terminal_output serial
menuentry linux {
	linux /boot/bzImage $args clearcpuid=fsrm tsc_early_khz=$((ips / 1000))
	initrd /boot/initramfs.cpio
}
CFG
grub-mkrescue -o "$o/bare.iso" "$o/bare" > "$o/bare-mkrescue.log" 2>&1 ||
	{ cat "$o/bare-mkrescue.log"; exit 1; }

# end_tick LOG: the tick of the last instruction Bochs ran.
end_tick() {
	sed -n -E 's/^\(0\)\.\[([0-9]+)\].*/\1/p' "$1.stdout" | tail -n1
}

scripts/run-bochs.sh -t 900 -c "$cpu" -i $ips "$o/vmm/vmm.iso" "$o/vmm.log"
code=$?
scripts/run-bochs.sh -t 900 -c "$cpu" -i $ips -m 512 "$o/bare.iso" \
	"$o/bare.log" 2> "$o/bare.err"
vmm=$(end_tick "$o/vmm.log")
bare=$(end_tick "$o/bare.log")
for f in vmm bare; do
	grep -a -q 'init: powering off' "$o/$f.log" ||
		{ echo "bench: linux: no 'init: powering off' in $o/$f.log"; exit 1; }
done
if [ "$code" != 80 ] || [ -z "$vmm" ] || [ -z "$bare" ]; then
	echo "bench: linux: exit $code through the hypervisor, end ticks '$vmm' and '$bare'"
	exit 1
fi
kernel=$(sed -n -E 's/.*Linux version ([^ ]+) .*/\1/p' "$o/vmm.log" | head -n1)
printf 'Linux %s to the shell and off, on Bochs %s at %d ips (ticks = emulated instructions)\n' \
	"$kernel" "$cpu" $ips
printf '%-22s %14s\n' "run" "ticks"
printf '%-22s %14d\n' "through the hypervisor" "$vmm" "bare Bochs (GRUB)" "$bare"
ratio=$(python3 -c "print('%.4f' % ($vmm / $bare))")
printf '%-22s %14s\n' "ratio" "$ratio"
python3 - "$out/linux.json" "$cpu" "$kernel" "$vmm" "$bare" <<'PY'
import json, sys
out, cpu, kernel, vmm, bare = sys.argv[1:]
json.dump({"cpu": cpu, "kernel": kernel,
           "rows": {"power_off": {"vmm": int(vmm), "bare": int(bare)}}},
          open(out, "w"), indent=1)
PY
echo "written to $out/linux.json"
# The exit mix through the hypervisor: per reason, and per second of the
# guest's time (ticks / ips).
awk -v t="$vmm" -v ips=$ips '/^vmm:   nr   reason/ { on = 1; next }
	on && /^vmm:   +total/ { on = 0 }
	on && /^vmm:   [0-9]+ / { n = $NF; $1 = $2 = ""; $NF = "";
		sub(/^ +/, ""); sub(/ +$/, "");
		printf "  exits %-30s %10d %10.0f/s\n", $0, n, n / (t / ips) }' "$o/vmm.log"
python3 -c "import sys; sys.exit(0 if $vmm <= $bare * 1.10 else 1)" &&
	echo "goal: within 10 % of bare Bochs: met" ||
	{ echo "goal: within 10 % of bare Bochs: NOT met"; exit 1; }
