#!/usr/bin/env bash
# Boot an ISO under Bochs (Intel VMX emulated), headless, serial to a file.
#
#   run-bochs.sh [-t SECONDS] [-c CPU_MODEL] [-i IPS] [-m MEGS] [-r CMDS]
#                [-s SCRIPT] ISO SERIAL_LOG
#
# -r CMDS: Bochs debugger commands to run instead of "c" then "quit" (the
# boot benchmark sets breakpoints and reads the tick count with them).
# -s SCRIPT: type at the machine's console: COM1 is a socket to
# scripts/serial-peer.py, which logs what comes to SERIAL_LOG as the file
# would and follows SCRIPT's "expect REGEX" and "send TEXT" steps.
# Without -m the machine gets the guest_mem= of the ISO's command line
# and what the hypervisor needs besides (scripts/machine-megs.sh).
# -m above 2048 (Bochs' most host memory) gives the machine that much RAM,
# 2048 MiB of it held on the host at once, the rest swapped by Bochs: fit
# for runs that touch little of it (a hypervisor zeroing 3 GiB there
# crashed under Bochs 2.7), and slow to start (about 50 s for 7200 MiB).
#
# The run ends by itself: the hypervisor writes its verdict to the debug
# console port 0xe9 (Bochs' port_e9_hack prints it on Bochs' stdout) and
# "Shutdown" to port 0x8900, or the wall-clock limit (default 300 s) kills
# Bochs. Left beside SERIAL_LOG: SERIAL_LOG.bochs (Bochs' log) and
# SERIAL_LOG.stdout (Bochs' stdout and stderr, the verdict among them).
#
# Exit status: the hypervisor's exit code, read from the verdict channel
# only, never from the serial log (the guest writes into the serial log and
# could print any line there); 124 when the time limit was hit, verdict or
# not (a machine that said its verdict and then hung is broken); 125 when
# Bochs stopped without a verdict, or with more than one.
set -uo pipefail

timeout_s=300
model=tigerlake
ips=50000000
megs=
cmds=
script=
while getopts "t:c:i:m:r:s:" o; do
	case $o in
	t) timeout_s=$OPTARG ;;
	c) model=$OPTARG ;;
	i) ips=$OPTARG ;;
	m) megs=$OPTARG ;;
	r) cmds=$OPTARG ;;
	s) script=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 2 ] || { echo "usage: $0 [-t s] [-c model] [-i ips] [-m megs] [-r cmds] [-s script] ISO SERIAL_LOG" >&2; exit 2; }
[ -z "$script" ] || [ -r "$script" ] || { echo "run-bochs: cannot read serial script '$script'" >&2; exit 2; }
[ -r "$1" ] || { echo "run-bochs: cannot read ISO '$1'" >&2; exit 2; }
iso=$(realpath "$1")
serial=$(realpath -m "$2")
stdout=$serial.stdout
if [ -z "$megs" ]; then
	megs=$("$(dirname "$0")/machine-megs.sh" "$iso") || exit 2
fi
dir=$(mktemp -d)
peer=
trap '[ -n "$peer" ] && kill "$peer" 2>/dev/null; rm -rf "$dir"' EXIT
: > "$serial"
: > "$stdout"

com1="com1: enabled=1, mode=file, dev=\"$serial\""
if [ -n "$script" ]; then
	python3 "$(dirname "$0")/serial-peer.py" "$dir/port" "$serial" "$script" &
	peer=$!
	for _ in $(seq 50); do
		[ -s "$dir/port" ] && break
		sleep 0.1
	done
	[ -s "$dir/port" ] || { echo "run-bochs: the serial peer did not start" >&2; exit 2; }
	com1="com1: enabled=1, mode=socket-client, dev=localhost:$(cat "$dir/port")"
fi

# clock: sync=none makes the TSC count emulated instructions, so guest
# rdtsc deltas are deterministic path lengths (the benchmarks' unit).
# Nothing may depend on the host: no sound card (sound: driver=dummy, or
# Bochs' mixer thread aborts), no display (rfb with no wait for a client),
# no locale (LC_ALL=C below), no keyboard (stdin from /dev/null).
memory="megs: $megs"
[ "$megs" -gt 2048 ] && memory="memory: guest=$megs, host=2048"
cat > "$dir/bochsrc" <<RC
$memory
romimage: file=/usr/share/bochs/BIOS-bochs-latest
vgaromimage: file=/usr/share/vgabios/vgabios.bin
cpu: model=$model, ips=$ips
clock: sync=none, time0=1
ata0-master: type=cdrom, path="$iso", status=inserted
boot: cdrom
display_library: rfb, options="timeout=0"
$com1
speaker: enabled=0
sound: driver=dummy
port_e9_hack: enabled=1
log: "$serial.bochs"
panic: action=fatal
error: action=report
info: action=ignore
debug: action=ignore
RC
if [ -n "$cmds" ]; then
	cp "$cmds" "$dir/cmds"
else
	printf 'c\nquit\n' > "$dir/cmds"
fi

# Bochs' RFB display takes a port of 5900-5949 and Bochs gives up when it
# finds none free (seen with make test's two Bochs beside other runs on
# one machine): that is the host's, not the guest's, so try again.
for try in 1 2 3; do
	LC_ALL=C timeout --kill-after=10 "$timeout_s" bochs -q -f "$dir/bochsrc" \
		-rc "$dir/cmds" </dev/null >"$stdout" 2>&1
	rc=$?
	grep -a -q 'RFB could not bind any port' "$stdout" || break
	echo "run-bochs: no RFB port free (try $try of 3)" >&2
	sleep $((try * 5))
	: > "$serial"
done
# The peer ends when Bochs closes the socket; its log is then complete.
if [ -n "$peer" ]; then
	for _ in $(seq 50); do
		kill -0 "$peer" 2>/dev/null || break
		sleep 0.1
	done
	kill "$peer" 2>/dev/null
	wait "$peer" 2>/dev/null
	peer=
fi
sed -i 's/\r//g' "$serial"
verdicts=$(grep -a -E -c '^vmm-verdict: exit -?[0-9]+$' "$stdout")
code=$(sed -n -E 's/^vmm-verdict: exit (-?[0-9]+)$/\1/p' "$stdout" | head -n1)

if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
	if [ -n "$code" ]; then
		echo "run-bochs: the machine gave its verdict (exit $code) but did not end within ${timeout_s}s" >&2
	else
		echo "run-bochs: no verdict within ${timeout_s}s (serial log $serial)" >&2
	fi
	exit 124
fi
if [ "$verdicts" -eq 1 ]; then
	exit "$code"
fi
if [ "$verdicts" -gt 1 ]; then
	echo "run-bochs: $verdicts verdicts on the verdict channel, expected one (see $stdout)" >&2
	exit 125
fi
if [ $rc -gt 128 ]; then
	echo "run-bochs: Bochs was killed by signal $((rc - 128)) ($(kill -l $((rc - 128)) 2>/dev/null)) without a verdict" >&2
else
	echo "run-bochs: Bochs ended (status $rc) without a verdict" >&2
fi
echo "run-bochs: last lines of Bochs' output ($stdout):" >&2
grep -a -v -E '^(Next at t=|\([0-9]+\)|<bochs:)' "$stdout" | tail -n 8 | sed 's/^/    /' >&2
[ -s "$serial.bochs" ] && echo "run-bochs: Bochs' log: $serial.bochs" >&2
exit 125
