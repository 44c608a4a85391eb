# tests/pcprobe.bash - pcprobe (guest-payloads/pcprobe) under QEMU, the
# referee, and under our hypervisor in Bochs, line by line (sourced by
# tests/pc_guest_*.sh after lib.sh; not a test itself).
#
# Each pcprobe line is "pcprobe: AREA: measured ok|FAIL". Lines tagged
# "pcprobe: [differs] ..." hold what must differ between the machines;
# only the keys in PCPROBE_DIFFERS may be tagged so: a tag on any other
# line fails the test, so the probe cannot hide a difference by tagging
# it. QEMU runs each time (no cached output): it stays the live referee.

# What may differ between QEMU (+SeaBIOS, or GRUB) and us, and why:
PCPROBE_DIFFERS=(
	'mb: magic'		# v1 and v2 runs differ from each other
	'mb: flags'		# QEMU sets boot_device; we need not
	'mb: mem_upper'		# SeaBIOS keeps RAM's top 128 KiB; no BIOS here
	'mb: mmap'		# SeaBIOS's E820 vs pc_map.c's (ACPI below 1 MiB)
	'mb: loader'		# "qemu", "GRUB 2.06", ours
	'mb: tag'		# GRUB's extra Multiboot2 tags (ELF, APM, VBE...)
	'cpu: vendor'		# QEMU TCG's qemu64 is AuthenticAMD; Bochs Intel
	'cpu: hypervisor bit'
	'cpu: leaf 0x40000000'	# TCGTCGTCGTCG vs VMMSandboxHV
	'msr: tsc msr counting'	# TCG returns the last write, not the counter
	'msr: misc_enable'	# the CPU models differ
	'msr: mtrrcap'
	'msr: mtrr_def_type'	# SeaBIOS enables the MTRRs; we run no BIOS
	'msr: mcg_cap'
	'lapic: max lvt'	# the CPU model's LVT count (CMCI or not)
	'pic: elcr at entry'	# SeaBIOS sets PCI IRQs 10, 11 level
	'fw_cfg: id'		# QEMU also offers DMA; we only the legacy port
	'fw_cfg: [0-9]+ files'	# QEMU's directory holds more than etc/e820
	'fw_cfg: e820'		# QEMU's RAM and >4G reserved vs pc_map.c
	'acpi: rsdp at'		# SeaBIOS puts it at 0xf5xxx, rev 0
	'acpi: rsdt lists'	# QEMU adds HPET and WAET
	'acpi: xsdt valid'	# QEMU's pc machine has no XSDT (rev 0 RSDP)
)

PCPROBE_MEGS=128
PCPROBE_ARGS="a=1 b=two"

# pcprobe_build: the kernels and two modules into $OUT/k (absolute paths,
# the same string on both machines' command lines).
pcprobe_build() {
	K=$OUT/k
	mkdir -p "$K"
	make -C "$TOP/guest-payloads" --no-print-directory kernels O="$K" \
		> "$OUT/kernels.log" 2>&1 || { cat "$OUT/kernels.log"; fail "kernels did not build"; }
	printf 'pcprobe module one\n' > "$K/mod1.txt"
	seq 1 1500 > "$K/mod2.bin"
	MODS="$K/mod1.txt $K/mod2.bin"
}

# qemu_code RC: isa-debug-exit's value from QEMU's status (v << 1) | 1.
qemu_code() {
	[ $(($1 & 1)) -eq 1 ] && [ "$1" -lt 128 ] || { echo none; return; }
	echo $((($1 - 1) / 2))
}

# pcprobe_qemu_mb1 LOG [IMAGE]: qemu -kernel, the way kernels of this
# kind run (IMAGE: a Multiboot v1 file, pcprobe.elf by default).
pcprobe_qemu_mb1() {
	LC_ALL=C timeout 60 qemu-system-x86_64 -machine pc -accel tcg \
		-m $PCPROBE_MEGS -kernel "${2:-$K/pcprobe.elf}" -append "$PCPROBE_ARGS" \
		-initrd "${MODS// /,}" \
		-device isa-debug-exit,iobase=0xf4,iosize=4 -device pc-testdev \
		-serial "file:$1" -display none -monitor none -no-reboot \
		</dev/null >/dev/null 2>"$1.qemu"
	QCODE=$(qemu_code $?)
}

# pcprobe_qemu_mb2 LOG: GRUB's multiboot2 on QEMU (QEMU's -kernel has no
# Multiboot2). GRUB passes the words after the file, so the line names
# the image and the modules themselves, as our command line does.
pcprobe_qemu_mb2() {
	local iso=$OUT/grub-mb2 m
	rm -rf "$iso" && mkdir -p "$iso/boot/grub"
	cp "$K/pcprobe2.elf" "$iso/"
	{
		printf 'set timeout=0\nset default=0\nmenuentry pcprobe2 {\n'
		printf '\tmultiboot2 /pcprobe2.elf %s %s\n' "$K/pcprobe2.elf" "$PCPROBE_ARGS"
		for m in $MODS; do
			cp "$m" "$iso/"
			printf '\tmodule2 /%s %s\n' "$(basename "$m")" "$m"
		done
		printf '\tboot\n}\n'
	} > "$iso/boot/grub/grub.cfg"
	grub-mkrescue -o "$OUT/grub-mb2.iso" "$iso" > "$OUT/grub-mkrescue.log" 2>&1 ||
		{ cat "$OUT/grub-mkrescue.log"; fail "grub-mkrescue failed"; }
	LC_ALL=C timeout 60 qemu-system-x86_64 -machine pc -accel tcg \
		-m $PCPROBE_MEGS -cdrom "$OUT/grub-mb2.iso" -boot d \
		-device isa-debug-exit,iobase=0xf4,iosize=4 -device pc-testdev \
		-serial "file:$1" -display none -monitor none -no-reboot \
		</dev/null >/dev/null 2>"$1.qemu"
	QCODE=$(qemu_code $?)
}

# pcprobe_ours IMAGE: the image on our hypervisor under Bochs; its lines
# (the hypervisor prefixes each guest line with "guest: ") into $OUT/ours.
pcprobe_ours() {
	build_iso GUEST_IMAGE="$1" GUEST_CMDLINE="$PCPROBE_ARGS" \
		GUEST_MODULES="$MODS" CMDLINE="guest_mem=${PCPROBE_MEGS}M"
	boot_bochs -t 200
	sed -n 's/^guest: //p' "$LOG" | grep -a '^pcprobe: ' > "$OUT/ours" || true
}

# pcprobe_lines LOG [SKIP_REGEX]: the lines to compare, tagged ones out.
pcprobe_lines() {
	tr -d '\r' < "$1" | grep -a '^pcprobe: ' | grep -v '^pcprobe: \[differs\] ' |
		{ if [ -n "${2:-}" ]; then grep -E -v -- "$2"; else cat; fi; } || true
}

# pcprobe_check_tags LOG WHO: every [differs] line is one PCPROBE_DIFFERS names.
pcprobe_check_tags() {
	local alt bad
	alt=$(IFS='|'; echo "${PCPROBE_DIFFERS[*]}")
	bad=$(tr -d '\r' < "$1" | grep -a '^pcprobe: \[differs\] ' |
		grep -E -v "^pcprobe: \[differs\] ($alt)" | head -n 3)
	[ -z "$bad" ] || fail "$2 tags a line the test does not name as differing: $bad"
}

# pcprobe_compare REF WHO [SKIP_REGEX]: ours against REF, line by line,
# then the exit codes (QCODE for REF, CODE for ours).
pcprobe_compare() {
	local ref=$1 who=$2 skip=${3:-} n
	pcprobe_check_tags "$ref" "$who"
	pcprobe_check_tags "$OUT/ours" "our hypervisor"
	n=$(pcprobe_lines "$ref" "$skip" | wc -l)
	[ "$n" -gt 50 ] || fail "$who printed only $n pcprobe lines (see $ref)"
	grep -a -q '^pcprobe: [0-9]* checks, 0 failed$' "$ref" ||
		fail "pcprobe fails on $who itself: $(grep -a 'FAIL\|checks,' "$ref" | head -n 3)"
	[ "$QCODE" = 0 ] || fail "$who: isa-debug-exit value $QCODE, expected 0"
	if ! diff -u <(pcprobe_lines "$ref" "$skip") <(pcprobe_lines "$OUT/ours" "$skip") \
		> "$OUT/diff"; then
		cat "$OUT/diff"
		fail "our output differs from $who's ($(grep -c '^[-+]pcprobe' "$OUT/diff") lines, $OUT/diff)"
	fi
	[ "$CODE" = "$QCODE" ] || fail "exit code $CODE, $who gave $QCODE"
}
