#!/usr/bin/env bash
# Our hvt test unikernels laid out as the current Solo5 toolchain lays
# out a unikernel (guest-payloads/hvt_common/solo5_layout: text execute-
# only, an empty TLS PT_LOAD at 0 and a PT_TLS (the tests have no TLS
# data, like Solo5's test_hello), the bss a PT_LOAD without file data,
# a foreign PT_NOTE before Solo5's two) run as they do laid out by
# hvt.lds (issue 15): nothing in the loader leans on the layout our own
# images share. The bss lies in a segment solo5-hvt skips, so hvt_blk's
# buffers are zero RAM the loader never wrote; W^X holds on text, heap
# and rodata; a #PF still reaches the guest's own IDT.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/hvt.bash"

hvt_build
for k in hello blk wx abort; do
	img=$HVT_K/hvt_$k.solo5.hvt
	got=$(LC_ALL=C readelf -lW "$img" | awk '$1 ~ /^(INTERP|LOAD|TLS|NOTE)$/ {
		flg = ""; for (i = 7; i < NF; i++) flg = flg $i
		print $1, ($1 == "LOAD" && $5 == "0x000000") ? "nofile" : "-", flg }')
	want=$'INTERP - R\nLOAD - E\nLOAD - R\nLOAD - RW\nLOAD nofile R\nTLS - \nLOAD nofile RW\nNOTE - R\nNOTE - R\nNOTE - R'
	[ "$got" = "$want" ] ||
		fail "$img: program headers are"$'\n'"$got"$'\n'"not"$'\n'"$want"
done

HVT_LAYOUT=solo5
hvt_run hello Hello_Solo5
expect_line "guest: Command line is: 'Hello_Solo5'"
expect_line 'guest: SUCCESS'
expect_exit 0

# Module paths relative to the top, as GUEST_MODULES takes them: the
# command line's words are at most 63 characters.
rel=${OUT#"$TOP"/}
hvt_disk storage $((64 * 1024))
hvt_disk scratch $((64 * 1024))
hvt_run blk "" GUEST_MODULES="$rel/storage.img $rel/scratch.img" \
	CMDLINE="block:storage=$rel/storage.img block:scratch=$rel/scratch.img"
expect_line 'guest: storage: ok'
expect_line 'guest: scratch: ok'
expect_line 'guest: SUCCESS'
expect_exit 0

while IFS='|' read -r c want; do
	hvt_run wx "$c"
	expect_line "vmm: hvt: host/guest translation fault: gpa=0x[0-9a-f]+ rip=0x[0-9a-f]+ \\($want\\)"
	expect_exit 1
done <<'CASES'
write-text|a write of a page that allows execute
read-text|a read of a page that allows execute
write-rodata|a write of a page that allows read no execute
exec-heap|a fetch of a page that allows read write no execute
CASES

hvt_run abort pf
expect_line 'guest: Solo5: trap: type=#PF ec=0x2 .*'
expect_exit 255
pass
