#!/usr/bin/env bash
# mmioabuse: MMIO instructions of every width and form the emulator takes
# get the device's answer; the CPU's own faults (a 16-byte instruction,
# LOCK MOV) reach the guest as the CPU raised them; an instruction the
# emulator does not do is reported in one line and gets #UD, leaving the
# register as it was; the guest runs to its end.
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
guest: mmioabuse: add to MMIO: #UD
guest: mmioabuse: register after add: 0x1
guest: mmioabuse: done
LINES
grep -a '^guest: mmioabuse: ' "$LOG" > "$OUT/printed" || true
diff -u "$OUT/expected" "$OUT/printed" || fail "MMIO answers differ"
expect_line 'vmm: cannot emulate the instruction at guest RIP 0x[0-9a-f]+ touching testdev at 0xfeb00000 \(bytes 83 03 01 [0-9a-f]{2}\); #UD injected'
expect_exit 0
pass
