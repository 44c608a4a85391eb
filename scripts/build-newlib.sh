#!/usr/bin/env bash
# Build newlib's libc once for a freestanding x86-64 target, from Debian's
# newlib-source tarball, into $1 (the cache: $1/x86_64-elf/{include,lib}).
#
# Debian ships no x86_64-elf cross compiler, so thin wrappers around the host
# gcc stand in for one. Every object is compiled with -mgeneral-regs-only, as
# the host is (DESIGN.md: no host code may touch FPU/SSE state, or the
# guest's XMM registers would be clobbered behind its back). newlib's
# floating-point objects (strtod, dtoa, drand48, ...) cannot be built that
# way; the wrapper compiles each of those to an empty object and lists it in
# $1/skipped-objects.txt, so a host use of one fails at link time.
set -euo pipefail

prefix=$(realpath -m "$1")
tarball=${NEWLIB_TARBALL:-$(ls /usr/src/newlib/newlib-*.tar.* 2>/dev/null | head -n1)}
[ -f "$tarball" ] || { echo "build-newlib: no newlib tarball under /usr/src/newlib (apt-get install newlib-source)" >&2; exit 1; }

# The cache is valid for the script that built it: a changed recipe rebuilds.
stamp="$(sha256sum "$0" "$tarball" | sha256sum | cut -c1-16)"
if [ -f "$prefix/x86_64-elf/lib/libc.a" ] && [ "$(cat "$prefix/stamp" 2>/dev/null)" = "$stamp" ]; then
	exit 0
fi
rm -rf "$prefix/x86_64-elf"

work="$prefix/work"
rm -rf "$work"
mkdir -p "$work/src" "$work/bin" "$work/obj"
tar -C "$work/src" --strip-components=1 -xf "$tarball"

skipped="$prefix/skipped-objects.txt"
: > "$skipped"

cat > "$work/bin/x86_64-elf-gcc" <<WRAP
#!/usr/bin/env bash
flags="-isystem $work/obj/targ-include -isystem $work/src/newlib/libc/include -ffreestanding -fno-pic -fno-pie -mno-red-zone -mgeneral-regs-only -fno-stack-protector -w"
if gcc \$flags "\$@" 2>"\$\$.err"; then rm -f "\$\$.err"; exit 0; fi
# A compile (-c) that fails under -mgeneral-regs-only: emit an empty object.
out=; src=; compile=0; prev=
for a in "\$@"; do
	case "\$prev" in -o) out=\$a;; esac
	case "\$a" in -c) compile=1;; *.c) src=\$a;; esac
	prev=\$a
done
case "\$out" in lib_a-*.o) ;; *) compile=0;; esac
if [ \$compile = 1 ] && [ -n "\$src" ]; then
	echo "\$src: \$(grep -m1 error: "\$\$.err")" >> "$skipped"
	rm -f "\$\$.err"
	echo "" | gcc -x c -c -o "\$out" -
	exit 0
fi
cat "\$\$.err" >&2; rm -f "\$\$.err"
exit 1
WRAP
for t in ar as ld nm ranlib objcopy objdump strip readelf; do
	ln -sf "$(command -v $t)" "$work/bin/x86_64-elf-$t"
done
ln -sf x86_64-elf-gcc "$work/bin/x86_64-elf-cc"
chmod +x "$work/bin/x86_64-elf-gcc"
export PATH="$work/bin:$PATH"

cd "$work/obj"
# Configure newlib alone (not libgloss, not libm): the host supplies its own
# syscalls (src/lib/syscalls.c) and uses no floating point.
"$work/src/newlib/configure" \
	--host=x86_64-elf --build="$(gcc -dumpmachine)" \
	--prefix="$prefix" \
	--disable-multilib \
	--disable-newlib-supplied-syscalls \
	--disable-newlib-io-float \
	--disable-newlib-multithread \
	--enable-newlib-nano-malloc \
	--enable-newlib-nano-formatted-io \
	--disable-newlib-fvwrite-in-streamio \
	--disable-newlib-wide-orient \
	--enable-lite-exit \
	CC=x86_64-elf-gcc > "$prefix/configure.log" 2>&1
make -j"$(nproc)" -C libc AR_FLAGS=rc > "$prefix/build.log" 2>&1
mkdir -p "$prefix/x86_64-elf/lib" "$prefix/x86_64-elf/include"
cp libc/libc.a "$prefix/x86_64-elf/lib/libc.a"
cp -r "$work/src/newlib/libc/include/." "$prefix/x86_64-elf/include/"
cp newlib.h _newlib_version.h "$prefix/x86_64-elf/include/" 2>/dev/null || cp targ-include/newlib.h "$prefix/x86_64-elf/include/"
rm -rf "$work"
echo "$stamp" > "$prefix/stamp"
echo "newlib: built $(ls -l "$prefix/x86_64-elf/lib/libc.a" | awk '{print $5}') bytes; $(wc -l < "$skipped") float objects left empty"
