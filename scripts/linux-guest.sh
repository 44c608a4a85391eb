#!/usr/bin/env bash
# Debian's own Linux kernel and a busybox initramfs, as a guest:
#
#   linux-guest.sh DIR INIT
#
# leaves DIR/bzImage (linux-image-amd64's vmlinuz, unmodified) and
# DIR/initramfs.cpio (busybox-static's busybox, /dev/console, /dev/kmsg
# and INIT as /init). The packages are fetched with apt-get download, not
# installed, and kept in DIR: a second run fetches nothing.
set -euo pipefail
dir=$1
init=$(realpath "$2")
top=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$dir"
cd "$dir"

fetch() {	# fetch PACKAGE: its .deb into DIR, once
	ls "$1"_*.deb >/dev/null 2>&1 && return 0
	apt-get download "$1" >/dev/null 2>&1 ||
		{ apt-get update -qq >/dev/null && apt-get download "$1" >/dev/null; } ||
		{ echo "linux-guest: cannot fetch the Debian package $1" >&2; exit 1; }
}

# The metapackage names the kernel package of the day.
kpkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
       awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
[ -n "$kpkg" ] || { apt-get update -qq >/dev/null;
	kpkg=$(apt-cache depends linux-image-amd64 |
	       awk '/Depends: linux-image-[0-9]/ { print $2; exit }'); }
[ -n "$kpkg" ] || { echo "linux-guest: no kernel package behind linux-image-amd64" >&2; exit 1; }
fetch "$kpkg"
fetch busybox-static
if [ ! -s bzImage ]; then
	dpkg-deb --fsys-tarfile "$kpkg"_*.deb | tar xf - --wildcards './boot/vmlinuz-*'
	mv boot/vmlinuz-* bzImage
	rm -rf boot
fi
rm -rf bb
dpkg-deb -x busybox-static_*.deb bb
python3 "$top/scripts/mkinitramfs.py" initramfs.cpio dir:bin dir:proc dir:dev \
	char:dev/console=5,1 char:dev/kmsg=1,11 file:bin/busybox=bb/bin/busybox \
	file:init="$init"
