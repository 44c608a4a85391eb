#!/usr/bin/env bash
# The machine's memory for an ISO, in MiB, for the emulator runners:
#
#   machine-megs.sh ISO
#
# the guest's RAM (the last guest_mem= on the multiboot2 line of the
# ISO's /boot/grub/grub.cfg, else the hypervisor's default, 64M), plus what the ISO
# holds (vmm.elf with its embedded guest, GRUB's modules: all of it may
# sit in RAM at once), plus what the hypervisor needs besides: the first
# MiB, its own image, the 2 MiB heap, EPT and bitmaps. Measured under
# Bochs 2.7 with guest_mem=256M and a 6 KiB guest: 261 MiB boots, 260
# does not; HV_MEGS keeps a margin over those 5. Never less than 256,
# the runners' size before. When that passes 3 GiB the machine gets 4 GiB
# more, so that the guest's RAM, one host range, fits above 4 GiB (the
# PCI hole splits what lies below).
set -euo pipefail

HV_MEGS=8
FLOOR=256
LOW_LIMIT=3072

iso=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# An ISO without our grub.cfg (another layout, a runner's test stand-in)
# gets the default guest_mem.
xorriso -osirrox on -indev "$iso" -extract /boot/grub/grub.cfg \
	"$dir/grub.cfg" >/dev/null 2>&1 || : > "$dir/grub.cfg"

mem=$(sed -n -E '/^[[:space:]]*multiboot2[[:space:]]/ {
	s/'"'"'//g; s/.*[[:space:]]guest_mem=([0-9a-fA-FxX]+[KkMmGg]?)([[:space:]].*)?$/\1/p }' \
	"$dir/grub.cfg" | tail -n1)
mem=${mem:-64M}
case $mem in
*[Kk]) bytes=$(( ${mem%?} << 10 )) ;;
*[Mm]) bytes=$(( ${mem%?} << 20 )) ;;
*[Gg]) bytes=$(( ${mem%?} << 30 )) ;;
*) bytes=$(( mem )) ;;
esac
iso_megs=$(( ($(stat -c %s "$iso") + (1 << 20) - 1) >> 20 ))
megs=$(( ((bytes + (1 << 20) - 1) >> 20) + iso_megs + HV_MEGS ))
[ "$megs" -lt "$FLOOR" ] && megs=$FLOOR
[ "$megs" -gt "$LOW_LIMIT" ] && megs=$((megs + 4096))
echo "$megs"
