#!/usr/bin/env bash
# make run's runner shows the console as plain lines: GRUB's terminal
# control sequences (ESC [ ... as GRUB's vt100 terminfo sends them) and
# the CRs of CRLF line ends are dropped from what reaches the terminal,
# and nothing else is. Bochs is played by a stand-in first on PATH that
# writes such a console to the serial file and ends with a verdict.
. "$(dirname "$0")/lib.sh"

mkdir -p "$OUT/bin"
iso="$OUT/empty.iso"
: > "$iso"
cat > "$OUT/bin/bochs" <<'FAKE'
#!/usr/bin/env bash
while [ $# -gt 0 ]; do [ "$1" = -f ] && rc=$2; shift; done
serial=$(sed -n 's/^com1: .*dev="\(.*\)"$/\1/p' "$rc")
printf '\033[H\033[J\033[1;1H\033[H\033[J\033[1;1H  Booting `vmm'"'"'\r\n\r\nvmm: banner [x]\r\nguest: a;b\r\nvmm: exit 0\r\n' > "$serial"
echo 'vmm-verdict: exit 0'
FAKE
chmod +x "$OUT/bin/bochs"
got=$(RUN_WITH=bochs PATH="$OUT/bin:$PATH" "$TOP/scripts/run.sh" "$iso" "$OUT" | grep -v '^run: ')
want=$'  Booting `vmm\'\n\nvmm: banner [x]\nguest: a;b\nvmm: exit 0'
[ "$got" = "$want" ] || fail "runner output not plain: $(printf '%q' "$got")"
pass
