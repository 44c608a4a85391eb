#!/usr/bin/env bash
# Build one of the tiny test kernels:
#
#   build.sh mb1_tiny|elf64_tiny OUT [PAD_BYTES]
#
# mb1_tiny: ELF32, Multiboot v1 header first; elf64_tiny: ELF64. Both are
# linked at 1 MiB by tiny.ld. Host gcc and ld only.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
name=$1 out=$2 pad=${3:-0}
case $name in
mb1_tiny) cflags=-m32 ldemu=elf_i386 ;;
elf64_tiny) cflags=-m64 ldemu=elf_x86_64 ;;
*) echo "build.sh: no kernel '$name'" >&2; exit 2 ;;
esac
gcc $cflags -c -DPAD_BYTES="$pad" -o "$out.o" "$here/$name.S"
ld -m $ldemu -nostdlib -static -z max-page-size=4096 -z noexecstack \
	--no-warn-rwx-segments -T "$here/tiny.ld" \
	-o "$out" "$out.o"
