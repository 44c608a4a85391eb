#!/usr/bin/env bash
# mmioabuse: MMIO instructions of every width and form the emulator takes
# get the device's answer; the CPU's own faults (a 16-byte instruction,
# LOCK MOV) reach the guest as the CPU raised them; the slow path's
# emulator does ADD, REP MOV, XCHG, CMPXCHG, SUB's flags, BTS, REP MOVS
# across exits and the SSE moves end to end (the flags are the host CPU's
# in tests/unit/test_mmio_emul_ref.c); an instruction the emulator does
# not do is reported in one line and gets #UD, leaving the registers as
# they were; the guest runs to its end.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=mmioabuse
boot_bochs -t 300
cat > "$OUT/expected" <<LINES
guest: mmioabuse: read 1 2 4 8: 0x88 0x7788 0x55667788 0x1122334455667788
guest: mmioabuse: movzx 0xaa movsx 0xffffffffffffffaa
guest: mmioabuse: mov imm32 sign-extended: 0xfffffffffffffffe
guest: mmioabuse: 15-byte mov: 0x1122334455667788
guest: mmioabuse: 16-byte mov: #GP
guest: mmioabuse: lock mov: #UD
guest: mmioabuse: register after add: 0x2
guest: mmioabuse: f3 mov: 0x55
guest: mmioabuse: xchg: old 0x55 new 0x1234
guest: mmioabuse: cmpxchg hit: 0xabcd zf 1
guest: mmioabuse: cmpxchg miss: rax 0xabcd zf 0
guest: mmioabuse: sub: 0x7fffffffffffffff flags 0x814
guest: mmioabuse: bts: 0x8000000000000000 cf 0
guest: mmioabuse: rep movsq: 0x100 rcx 0 rdi +0x960
guest: mmioabuse: rep movsb out: 11 0 0 rcx 0
guest: mmioabuse: movdqu load: 0x8877665544332211 0x0
guest: mmioabuse: movq store: 0xfeedface
guest: mmioabuse: imul of MMIO: #UD
guest: mmioabuse: register after imul: 0x5
guest: mmioabuse: imul of MMIO: #UD
guest: mmioabuse: register after imul: 0x5
guest: mmioabuse: done
LINES
grep -a '^guest: mmioabuse: ' "$LOG" > "$OUT/printed" || true
diff -u "$OUT/expected" "$OUT/printed" || fail "MMIO answers differ"
expect_line 'vmm: cannot emulate the instruction at guest RIP 0x[0-9a-f]+ touching testdev at 0xfeb00000 \(bytes 48 0f af 0b\); #UD injected'
[ "$(grep -ac 'vmm: cannot emulate' "$LOG")" = 1 ] ||
	fail "the unemulated instruction is not named exactly once"
expect_exit 0
pass
