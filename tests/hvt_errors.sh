#!/usr/bin/env bash
# What a Solo5 hvt unikernel must not do ends it as solo5-hvt ends it
# (issue 15): a one-line report naming the call and the value, and exit
# 1. Each hypercall error path of hvt_hypercalls (a pointer past RAM, a
# struct past RAM, an IN, an 8-bit OUT, a call to a device not attached,
# a port past the last call); each W^X case of hvt_wx in EPT (text not
# writable, data, rodata and the heap not executable, rodata not
# writable; text not readable where the CPU has execute-only EPT, as
# Bochs' does); and images the loader refuses with one line (exit 70,
# BAD_CONFIG): an ABI note of another version, a declared device that is
# not attached.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/hvt.bash"

hvt_build

# case, then the monitor's line for it.
while IFS='|' read -r c want; do
	hvt_run hypercalls "$c"
	expect_line "guest: taking error path '$c'"
	expect_line "vmm: hvt: $want"
	expect_no_line "guest: FAILURE: .*"
	expect_exit 1
done <<'CASES'
badptr|puts: invalid guest access: gpa=0x4000000, sz=16
badstruct|puts: invalid guest access: gpa=0x4000000, sz=16
in|invalid guest port access: port=0x502 \(an IN of 4 bytes; hypercalls are 32-bit OUTs\)
width|invalid guest port access: port=0x502 \(an OUT of 1 bytes; hypercalls are 32-bit OUTs\)
unattached|invalid guest hypercall: port=0x505 \(num=5, no device attached\)
badport|invalid guest hypercall: port=0x50f \(num=15\)
CASES

while IFS='|' read -r c want; do
	hvt_run wx "$c"
	expect_line "guest: wx case '$c'"
	expect_line "vmm: hvt: host/guest translation fault: gpa=0x[0-9a-f]+ rip=0x[0-9a-f]+ \\($want\\)"
	expect_no_line "guest: FAILURE: .*"
	expect_exit 1
done <<'CASES'
write-text|a write of a page that allows execute
exec-data|a fetch of a page that allows read write no execute
exec-rodata|a fetch of a page that allows read no execute
write-rodata|a write of a page that allows read no execute
exec-heap|a fetch of a page that allows read write no execute
read-text|a read of a page that allows execute
CASES

# hvt_hello with its ABI note's version set to 1.
python3 - "$HVT_K/hvt_hello.hvt" "$OUT/abi1.hvt" <<'PY' || fail "cannot patch the ABI note"
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read())
phoff, = struct.unpack_from("<Q", b, 32)
phnum, = struct.unpack_from("<H", b, 56)
for i in range(phnum):
    t, _, off = struct.unpack_from("<IIQ", b, phoff + 56 * i)
    if t == 4 and b[off + 12:off + 18] == b"Solo5\0" and \
            struct.unpack_from("<I", b, off + 8)[0] == 0x31494241:
        struct.pack_into("<I", b, off + 24, 1)
        open(sys.argv[2], "wb").write(b)
        sys.exit(0)
sys.exit(1)
PY
build_iso GUEST_IMAGE="$OUT/abi1.hvt"
boot_bochs -t 120
expect_line 'vmm: guest image: hvt: Solo5 ABI note says target 1 version 1; this hypervisor runs target 1 \(hvt\) version 2'
expect_exit BAD_CONFIG

hvt_run blk ""
expect_line "vmm: guest image: Device 'storage' declared but not attached"
expect_exit BAD_CONFIG
pass
