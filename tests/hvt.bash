# tests/hvt.bash - helpers for the hvt tests (sourced by tests/hvt_*.sh
# after lib.sh; not a test itself): build our Solo5 hvt test unikernels
# (guest-payloads/hvt_*) and check each has the layout Solo5's toolchain
# gave before TLS support (hvt.lds; tests/hvt_solo5_layout.sh checks
# today's), so a test cannot pass on a detail only our images share.

# hvt_build: every hvt_NAME.hvt into $OUT/k; HVT_K names the directory.
hvt_build() {
	HVT_K=$OUT/k
	mkdir -p "$HVT_K"
	make -C "$TOP/guest-payloads" --no-print-directory hvt O="$HVT_K" \
		> "$OUT/hvt-kernels.log" 2>&1 ||
		{ cat "$OUT/hvt-kernels.log"; fail "hvt kernels did not build"; }
}

# hvt_run NAME ARGS [make vars...]: embed hvt_NAME with the command line
# ARGS and boot it under Bochs. HVT_LAYOUT=solo5 picks the image linked
# as today's Solo5 toolchain lays a unikernel out (hvt_NAME.solo5.hvt).
hvt_run() {
	local k=$1 args=$2
	shift 2
	build_iso GUEST_IMAGE="$HVT_K/hvt_$k${HVT_LAYOUT:+.$HVT_LAYOUT}.hvt" \
		GUEST_CMDLINE="$args" "$@"
	boot_bochs -t 120
}

# hvt_disk NAME BYTES: a zeroed block device image $OUT/NAME.img.
hvt_disk() {
	truncate -s 0 "$OUT/$1.img" && truncate -s "$2" "$OUT/$1.img" ||
		fail "cannot make $OUT/$1.img"
}

# hvt_check_layout IMAGE: ET_EXEC x86-64; PT_INTERP "/nonexistent/solo5/";
# then the PT_LOADs text (R E) at 0x100000, rodata (R), data+bss (RW),
# page-aligned; one PT_NOTE for the ABI note (align 4) and one for the
# manifest (align 8), in that order, as Solo5's linker script has them.
hvt_check_layout() {
	local img=$1 hdr phdrs got want
	hdr=$(LC_ALL=C readelf -hW "$img") || fail "$img: not an ELF file"
	grep -q 'Class: *ELF64' <<<"$hdr" && grep -q 'Type: *EXEC' <<<"$hdr" &&
		grep -q 'Machine: *Advanced Micro Devices X86-64' <<<"$hdr" ||
		fail "$img: not an ELF64 ET_EXEC x86-64 image"
	phdrs=$(LC_ALL=C readelf -lW "$img")
	grep -q 'Requesting program interpreter: /nonexistent/solo5/]' \
		<<<"$phdrs" || fail "$img: no PT_INTERP /nonexistent/solo5/"
	got=$(awk '$1 ~ /^(INTERP|LOAD|NOTE)$/ {
		flg = ""; for (i = 7; i < NF; i++) flg = flg $i
		at = $1 != "LOAD" ? "-" : $3 ~ /000$/ ? "aligned" : $3
		print $1, at, flg, $NF }' <<<"$phdrs")
	want=$'INTERP - R 0x8\nLOAD aligned RE 0x1000\nLOAD aligned R 0x1000\nLOAD aligned RW 0x1000\nNOTE - R 0x4\nNOTE - R 0x8'
	[ "$got" = "$want" ] ||
		fail "$img: program headers are"$'\n'"$got"$'\n'"not"$'\n'"$want"
	awk '$1 == "LOAD" { print $3; exit }' <<<"$phdrs" |
		grep -qx '0x0000000000100000' ||
		fail "$img: text does not start at 0x100000"
}
