# tests/linux.bash - helpers for the Linux tests (sourced by
# tests/linux_*.sh after lib.sh; not a test itself): Debian's kernel and
# a busybox initramfs with tests/linux/init, fetched and built once per
# test directory (scripts/linux-guest.sh), booted under Bochs.

# linux_boot CMDLINE [run-bochs options...]: the kernel with CMDLINE
# (console=ttyS0,115200 before it), in 256 MiB.
linux_boot() {
	local cmdline=$1 rel=${OUT#"$TOP"/}/guest
	shift
	mkdir -p "$OUT"
	"$TOP/scripts/linux-guest.sh" "$TOP/$rel" "$TOP/tests/linux/init" \
		> "$OUT/guest.log" 2>&1 ||
		{ cat "$OUT/guest.log"; fail "no Linux guest"; }
	build_iso GUEST_IMAGE="$rel/bzImage" \
		GUEST_MODULES="$rel/initramfs.cpio" \
		GUEST_CMDLINE="console=ttyS0,115200${cmdline:+ $cmdline}" \
		CMDLINE="guest_mem=256M"
	boot_bochs -t 600 "$@"
}

# A line of the kernel's log: its timestamp, then this.
LINUX_TS='guest: \[ *[0-9]+\.[0-9]+\] '

# linux_reboot CMDLINE PORT: init reboots at once (vmmtest=reboot); the
# kernel's restart reaches the reset at PORT and ends the run with RESET.
linux_reboot() {
	linux_boot "vmmtest=reboot${1:+ $1}"
	expect_line "guest: init: rebooting"
	expect_line "${LINUX_TS}reboot: Restarting system"
	expect_line "vmm: guest reset the machine \\(port $2\\)"
	expect_exit RESET
}
