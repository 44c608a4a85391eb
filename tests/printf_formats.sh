#!/usr/bin/env bash
# Every message format the hypervisor prints must render under its libc:
# newlib is built without C99 I/O formats, so a z, j, t, hh or ll length
# modifier prints as text ("(zu characters)"). No format in src/ uses one
# (long is 64 bits here: %lu and %lx cover size_t and uint64_t).
. "$(dirname "$0")/lib.sh"

mkdir -p "$OUT"
LOG="$OUT/formats.txt"
grep -rn -E '%[-+ #0-9.*]*(z|j|t|hh|ll)[diouxXcsn]' "$TOP/src" > "$LOG"
[ ! -s "$LOG" ] || fail "formats newlib's printf cannot render: $(head -3 "$LOG")"
pass
