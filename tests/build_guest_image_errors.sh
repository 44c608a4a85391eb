#!/usr/bin/env bash
# The build refuses what it would otherwise get wrong in silence, each
# with one line naming the cause: a make variable it does not know (a
# misspelt GUEST_MODULE once built the default guest and exited 0), a
# missing image, a missing module, GUEST and GUEST_IMAGE together. The
# variables the tests and scripts pass keep working (the rest of the
# suite builds with them).
. "$(dirname "$0")/lib.sh"

mkdir -p "$OUT"
"$TOP/tests/kernels/build.sh" mb1_tiny "$OUT/k.elf"

# refused MAKE-ARGS... REGEX: make fails, and its output has a line
# matching REGEX.
refused() {
	local re=${*: -1}
	if make -C "$TOP" --no-print-directory O="$OUT" "${@:1:$#-1}" \
		"$OUT/vmm.iso" > "$OUT/make.log" 2>&1; then
		fail "make ${*:1:$#-1} succeeded"
	fi
	grep -q -E -- "$re" "$OUT/make.log" ||
		fail "make ${*:1:$#-1}: no line matching '$re' in: $(cat "$OUT/make.log")"
}

refused GUEST_IMAGE="$OUT/k.elf" GUEST_MODULE="$OUT/k.elf" \
	'unknown make variable GUEST_MODULE '
refused GUEST_IMAGE=/no/such/image "GUEST_IMAGE: no such file '/no/such/image'"
refused GUEST_IMAGE="$OUT/k.elf" GUEST_MODULES="$OUT/k.elf /no/such/module" \
	"GUEST_MODULES: no such file '/no/such/module'"
refused GUEST=hello GUEST_IMAGE="$OUT/k.elf" 'give one of them'
refused GUEST_CMDLINE=x 'GUEST_CMDLINE and GUEST_MODULES go with GUEST_IMAGE'
# A payload's own knob is known (guest-payloads/exitcode/exitcode.mk).
make -C "$TOP" --no-print-directory O="$OUT" GUEST=exitcode EXITCODE_VALUE=3 \
	"$OUT/vmm.iso" > "$OUT/make.log" 2>&1 ||
	fail "a payload's knob was refused: $(tail -3 "$OUT/make.log")"
# So is a fuzzer's (tests/fuzz/Makefile), as the Makefile's usage says.
make -C "$TOP" --no-print-directory -n fuzz FUZZ_RUNS=1 > "$OUT/make.log" 2>&1 ||
	fail "make fuzz FUZZ_RUNS=1 was refused: $(tail -3 "$OUT/make.log")"
pass
