#!/usr/bin/env bash
# The hypervisor's size budget, on its own sections only:
#
#   size-budget.sh ELF LIMIT
#
# measures [_image_start, _image_data_end) of ELF (src/linker.ld: the
# code, read-only data and data the file holds, the .bss and the guest's
# files excluded) and fails with one line when it is over LIMIT bytes.
set -euo pipefail

elf=$1
limit=$2
sym() {
	local v
	v=$(nm "$elf" | awk -v s="$1" '$3 == s { print $1 }')
	[ -n "$v" ] || { echo "size-budget: no symbol $1 in $elf" >&2; exit 1; }
	echo $((16#$v))
}
size=$(( $(sym _image_data_end) - $(sym _image_start) ))
if [ "$size" -gt "$limit" ]; then
	echo "vmm.elf's own sections are $size bytes, over the $((limit / 1024)) KiB budget (the guest's files not counted)" >&2
	exit 1
fi
