#!/usr/bin/env bash
# Install the Debian packages the build, the emulators and the tests need,
# when any is missing. Runs as root on a fresh machine (apt-get); as another
# user it only names what is missing.
set -euo pipefail

pkgs=(gcc make binutils bochs bochsbios vgabios qemu-system-x86 grub-pc-bin
      grub-common xorriso mtools newlib-source libcmocka-dev python3
      clang)
# libFuzzer's and clang's sanitizer runtimes (make fuzz, tests/fuzz_short.sh):
# only a Recommends of clang, which --no-install-recommends below skips;
# libclang-rt-dev follows the default clang as clang does.
pkgs+=(libclang-rt-dev)
missing=()
# tests/pc_guest_xen.sh: a Multiboot kernel nobody wrote for us (/boot/xen-*.gz).
pkgs+=(xen-hypervisor-4.17-amd64)
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "install-deps: missing Debian packages: ${missing[*]} (run as root, or apt-get install them)" >&2
	exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
