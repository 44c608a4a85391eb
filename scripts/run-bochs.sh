#!/usr/bin/env bash
# Boot an ISO under Bochs (Intel VMX emulated), headless, serial to a file.
#
#   run-bochs.sh [-t SECONDS] [-c CPU_MODEL] [-i IPS] ISO SERIAL_LOG
#
# The run ends by itself: the hypervisor writes "Shutdown" to port 0x8900,
# or the wall-clock limit (default 300 s) kills Bochs. The serial log is
# left in SERIAL_LOG (and Bochs' own log beside it, SERIAL_LOG.bochs).
# Exit status: the code from the log's last "vmm: exit N" line; 124 when
# the time limit was hit; 125 when Bochs stopped without that line.
set -uo pipefail

timeout_s=300
model=tigerlake
ips=50000000
while getopts "t:c:i:" o; do
	case $o in
	t) timeout_s=$OPTARG ;;
	c) model=$OPTARG ;;
	i) ips=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 2 ] || { echo "usage: $0 [-t s] [-c model] [-i ips] ISO SERIAL_LOG" >&2; exit 2; }
iso=$(realpath "$1")
serial=$(realpath -m "$2")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# clock: sync=none makes the TSC count emulated instructions, so guest
# rdtsc deltas are deterministic path lengths (the benchmarks' unit).
cat > "$dir/bochsrc" <<RC
megs: 256
romimage: file=/usr/share/bochs/BIOS-bochs-latest
vgaromimage: file=/usr/share/vgabios/vgabios.bin
cpu: model=$model, ips=$ips
clock: sync=none, time0=1
ata0-master: type=cdrom, path="$iso", status=inserted
boot: cdrom
display_library: rfb, options="timeout=0"
com1: enabled=1, mode=file, dev="$serial"
speaker: enabled=0
sound: driver=dummy
log: "$serial.bochs"
panic: action=fatal
error: action=report
info: action=ignore
debug: action=ignore
RC
printf 'c\nquit\n' > "$dir/cmds"
: > "$serial"

timeout --signal=KILL "$timeout_s" bochs -q -f "$dir/bochsrc" -rc "$dir/cmds" \
	</dev/null >"$dir/stdout" 2>&1
rc=$?
sed -i 's/\r//g' "$serial"
code=$(grep -a -o '^vmm: exit -\?[0-9]*' "$serial" | tail -n1 | awk '{print $3}')
if [ -n "$code" ]; then
	exit "$code"
fi
if [ $rc -eq 137 ] || [ $rc -eq 124 ]; then
	echo "run-bochs: no 'vmm: exit' line within ${timeout_s}s" >&2
	exit 124
fi
echo "run-bochs: Bochs ended (status $rc) without a 'vmm: exit' line; see $serial.bochs" >&2
exit 125
