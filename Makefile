# vmm: one statically linked x86-64 hypervisor, booted by GRUB (Multiboot2).
#
#   make            build build/vmm.elf and build/vmm.iso
#   make run        boot the ISO (QEMU+KVM with VMX if the host has it, else Bochs)
#   make test       unit tests on the host, then the ISOs under Bochs and QEMU
#   make bench      the benchmarks under Bochs, as a table
#   make bench-compare  the last bench against scripts/baseline/, exactly
#   make vmcs-checks  the software VM-entry checks against Bochs, in full
#   make fuzz       the image-loader fuzzers, FUZZ_RUNS inputs each (tests/fuzz)
#
# Variables: GUEST=name (a guest-payloads/ directory), or
# GUEST_IMAGE=path [GUEST_CMDLINE="args"] [GUEST_MODULES="path ..."] (an
# outside image, its format detected at boot, and its modules);
# CMDLINE="opts" (the hypervisor's command line); O=dir (output directory;
# newlib is cached in build/newlib whatever O is).

GUEST	?= hello
CMDLINE	?=
O	?= build
GUEST_IMAGE	?=
GUEST_CMDLINE	?=
GUEST_MODULES	?=

# Every variable the command line may set: ours, the scripts' knobs that
# `make test`/`make bench` hand on through the environment, and each
# payload's own (named in its guest-payloads/<name>/<name>.mk). Any other
# is a misspelling or a knob that does not exist: refused, never ignored.
KNOWN_VARS := GUEST CMDLINE O GUEST_IMAGE GUEST_CMDLINE GUEST_MODULES \
	VMM_TEST_BUG BENCH BENCH_CPU BENCH_OUT RUN_WITH TESTS TEST_JOBS \
	VMCS_CHECKS_RANDOM NEWLIB_TARBALL
CMDLINE_VARS := $(foreach v,$(.VARIABLES),\
	$(if $(filter command line,$(origin $(v))),$(v)))
ifneq ($(strip $(CMDLINE_VARS)),)
# A payload's knobs: what its .mk reads but does not set itself.
PAYLOAD_VARS := $(filter-out \
	$(shell sed -n -E 's/^([A-Z][A-Z0-9_]*)[[:space:]]*[:?+]?=.*/\1/p' \
		guest-payloads/*/*.mk),\
	$(shell grep -ohE '\$$\([A-Z][A-Z0-9_]*\)' guest-payloads/*/*.mk | \
		tr -d '$$()'))
# The fuzzers' knobs (make fuzz): what tests/fuzz/Makefile lets be set.
FUZZ_VARS := $(shell sed -n -E 's/^([A-Z][A-Z0-9_]*)[[:space:]]*\?=.*/\1/p' \
	tests/fuzz/Makefile)
UNKNOWN_VARS := $(filter-out $(KNOWN_VARS) $(PAYLOAD_VARS) $(FUZZ_VARS),\
	$(CMDLINE_VARS))
ifneq ($(UNKNOWN_VARS),)
$(error unknown make variable $(firstword $(UNKNOWN_VARS)) (known: \
	$(KNOWN_VARS), the payloads' $(sort $(PAYLOAD_VARS)) and the \
	fuzzers' $(FUZZ_VARS)))
endif
endif

ifneq ($(GUEST_IMAGE),)
ifeq ($(origin GUEST),command line)
$(error GUEST=$(GUEST) and GUEST_IMAGE=$(GUEST_IMAGE): give one of them)
endif
ifneq ($(words $(GUEST_IMAGE)),1)
$(error GUEST_IMAGE: one path without spaces, not '$(GUEST_IMAGE)')
endif
# Before anything is built: a missing file named at once (guest-files.sh
# checks again, and that each can be read, as it lists them).
$(foreach f,$(GUEST_IMAGE) $(GUEST_MODULES),$(if $(wildcard $(f)),,\
	$(error $(if $(filter $(f),$(GUEST_IMAGE)),GUEST_IMAGE,GUEST_MODULES): \
		no such file '$(f)')))
else ifneq ($(strip $(GUEST_CMDLINE)$(GUEST_MODULES)),)
$(error GUEST_CMDLINE and GUEST_MODULES go with GUEST_IMAGE=path)
endif

NEWLIB_DIR	:= build/newlib
NEWLIB		:= $(NEWLIB_DIR)/x86_64-elf
GCC_INCLUDE	:= $(shell gcc -print-file-name=include)
LIBGCC		:= $(shell gcc -print-libgcc-file-name)

CC	:= gcc
LD	:= ld

# -mgeneral-regs-only: no host code may touch FPU/SSE state (DESIGN.md),
# so guest FPU/SSE registers need no save/restore on an exit.
HOST_FLAGS := -ffreestanding -mno-red-zone -mgeneral-regs-only -fno-pic \
	-fno-pie -fno-stack-protector -fno-asynchronous-unwind-tables \
	-ffunction-sections -fdata-sections -nostdinc \
	-isystem $(NEWLIB)/include -isystem $(GCC_INCLUDE)
include rooms.mk
INCLUDES := $(addprefix -I,$(ROOMS)) -I$(O)/gen
# VMM_TEST_BUG=signed-deadline: a test build with the far-deadline bug put
# back, to prove the no-progress watchdog (tests/guest_watchdog.sh); use
# it with an O= of its own. The banner says so.
VMM_TEST_BUG ?=
TEST_BUG_FLAGS := $(if $(filter signed-deadline,$(VMM_TEST_BUG)),\
	-DVMM_TEST_BUG_SIGNED_DEADLINE -DVMM_TEST_BUILD='"signed-deadline"')
CFLAGS	:= -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wmissing-prototypes \
	-Wno-unused-parameter $(HOST_FLAGS) $(INCLUDES) $(TEST_BUG_FLAGS)
ASFLAGS	:= $(HOST_FLAGS) $(INCLUDES) -D__ASSEMBLY__
LDFLAGS	:= -nostdlib -static --strip-debug -z max-page-size=4096 -z noexecstack --gc-sections \
	-T src/linker.ld

SRCS	:= $(sort $(shell find src -name '*.c'))
# The cold rooms are built for size: the size budget (scripts/size-budget.sh)
# buys room for the guest formats with them. They run once per boot, only
# under selftest=, or (the early VM-entry checks) on the slow path after
# it changed the VMCS, never in a benchmarked round trip: make bench's
# figures are the same built either way.
COLD_ROOMS := src/boot src/loader src/vmx/checks
$(foreach r,$(COLD_ROOMS),$(eval $(O)/obj/$(r)/%.o: CFLAGS += -Os))
ASMS	:= $(wildcard asm/*.S)
OBJS	:= $(SRCS:%.c=$(O)/obj/%.o) $(ASMS:%.S=$(O)/obj/%.o)
DEPS	:= $(OBJS:.o=.d)

VMM_ELF	:= $(O)/vmm.elf
VMM_ISO	:= $(O)/vmm.iso

.PHONY: all iso run test bench bench-compare vmcs-checks clean distclean deps \
	print-rooms bench-compare-boot
all: $(VMM_ISO)

deps:
	@scripts/install-deps.sh

$(NEWLIB)/lib/libc.a: scripts/build-newlib.sh
	@scripts/install-deps.sh
	@echo "  NEWLIB  $(NEWLIB_DIR) (built once, then cached)"
	@scripts/build-newlib.sh $(NEWLIB_DIR)

$(O)/obj/%.o: %.c $(NEWLIB)/lib/libc.a
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

# Struct offsets for the assembly, generated from the C definitions.
$(O)/gen/asm_offsets.h: asm/offsets.c $(NEWLIB)/lib/libc.a
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	@$(CC) $(CFLAGS) -MMD -MP -MF $@.d -MT $@ -S -o $@.s $<
	@{ echo "/* Generated from asm/offsets.c: do not edit. */"; \
	   sed -n 's/.*->\([A-Z_0-9]*\) \([0-9-]*\).*/#define \1 \2/p' $@.s; } > $@
	@rm -f $@.s

$(O)/obj/%.o: %.S $(NEWLIB)/lib/libc.a $(O)/gen/asm_offsets.h
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(ASFLAGS) -MMD -MP -c -o $@ $<

# The guest: a payload built by its own Makefile (copied to current.bin
# only when it changed), or GUEST_IMAGE as it is. guest_files.h lists the
# files asm/guest_blob.S links in (scripts/guest-files.sh); it changes
# only when the list or a string does, and the object also depends on
# each file, so a new image, module or command line relinks and an
# unchanged one does not. The strings reach the script through the
# environment, never pasted into a shell line, under names of their own:
# a command-line variable would override a target-specific export of the
# same name and be exported expanded ('$$HOME' would lose its '$$H').
.PHONY: FORCE
GUEST_FILES_H := $(O)/gen/guest_files.h
ifeq ($(GUEST_IMAGE),)
GUEST_BIN := $(O)/guest/current.bin
$(GUEST_BIN): FORCE
	@$(MAKE) --no-print-directory -C guest-payloads NAME=$(GUEST) \
		O=$(abspath $(O)/guest)
	@cmp -s $(O)/guest/$(GUEST).bin $@ || cp $(O)/guest/$(GUEST).bin $@
$(GUEST_FILES_H): export GUEST_FLAT := 1
$(GUEST_FILES_H): export GUEST_FILE := $(GUEST_BIN)
$(GUEST_FILES_H): export GUEST_NAME := $(GUEST)
$(GUEST_FILES_H): $(GUEST_BIN)
else
GUEST_BIN := $(GUEST_IMAGE) $(GUEST_MODULES)
$(GUEST_FILES_H): export GUEST_FLAT := 0
$(GUEST_FILES_H): export GUEST_FILE := $(GUEST_IMAGE)
$(GUEST_FILES_H): export GUEST_NAME := $(GUEST_IMAGE)
$(GUEST_FILES_H): export GUEST_ARGS := $(value GUEST_CMDLINE)
$(GUEST_FILES_H): export GUEST_MODULE_PATHS := $(GUEST_MODULES)
endif
$(GUEST_FILES_H): FORCE scripts/guest-files.sh
	@mkdir -p $(dir $@)
	@scripts/guest-files.sh $@

# Each file itself: a missing one is guest-files.sh's error, not make's.
$(GUEST_IMAGE) $(GUEST_MODULES):
	@:

$(O)/obj/asm/guest_blob.o: $(GUEST_FILES_H) $(GUEST_BIN)

$(VMM_ELF): $(OBJS) src/linker.ld $(NEWLIB)/lib/libc.a
	@echo "  LD      $@"
	@$(LD) $(LDFLAGS) -o $@ $(OBJS) $(NEWLIB)/lib/libc.a $(LIBGCC)
	@scripts/size-budget.sh $@ 262144 || { rm -f $@; exit 1; }

# CMDLINE reaches the recipe through the environment, never pasted into
# a shell line; the stamp changes only when CMDLINE does, so a new command
# line rebuilds the ISO and an unchanged one does not.
CMDLINE_STAMP := $(O)/cmdline.txt
$(CMDLINE_STAMP): export VMM_CMDLINE := $(CMDLINE)
$(CMDLINE_STAMP): FORCE
	@mkdir -p $(dir $@)
	@scripts/grub-cmdline.sh stamp $@

$(VMM_ISO): $(VMM_ELF) grub.cfg $(CMDLINE_STAMP) scripts/grub-cmdline.sh
	@echo "  ISO     $@"
	@rm -rf $(O)/iso && mkdir -p $(O)/iso/boot/grub
	@cp $(VMM_ELF) $(O)/iso/boot/vmm.elf
	@scripts/grub-cmdline.sh cfg $(CMDLINE_STAMP) < grub.cfg \
		> $(O)/iso/boot/grub/grub.cfg
	@grub-mkrescue -o $@ $(O)/iso >$(O)/grub-mkrescue.log 2>&1 || \
		{ cat $(O)/grub-mkrescue.log >&2; exit 1; }

# The build's own lines go to $(O)/run-build.log, shown only if it fails,
# so the terminal holds the console alone.
run: deps
	@mkdir -p $(O)
	@$(MAKE) --no-print-directory $(VMM_ISO) > $(O)/run-build.log 2>&1 || \
		{ cat $(O)/run-build.log >&2; exit 1; }
	@scripts/run.sh $(VMM_ISO) $(O)

test: deps
	@scripts/run-tests.sh

bench: deps
	@scripts/bench.sh

# The full differential run of the software VM-entry checks under Bochs.
vmcs-checks: deps
	@scripts/vmcs-checks.sh

# Compare the last `make bench` with the committed baselines, exactly
# (BENCH=vmexit or BENCH=timer: that one only).
BENCH_COMPARE := $(filter vmexit timer hvt,$(or $(BENCH),vmexit timer hvt))
bench-compare:
	@python3 scripts/bench-compare.py $(foreach b,$(BENCH_COMPARE),\
		scripts/baseline/$(b).json build/bench/$(b).json)

# The loader fuzzers on the host (libFuzzer), FUZZ_RUNS inputs each.
.PHONY: fuzz
fuzz: deps
	@$(MAKE) --no-print-directory -f tests/fuzz/Makefile fuzz-run

# The include path, for scripts/include-graph.py.
print-rooms:
	@echo $(ROOMS)

# The boot rows (BENCH=boot) against their own baseline.
bench-compare-boot:
	@python3 scripts/bench-compare.py scripts/baseline/boot.json \
		build/bench/boot.json

clean:
	rm -rf $(O)/obj $(O)/gen $(O)/iso $(VMM_ELF) $(VMM_ISO) build/test

distclean:
	rm -rf build

-include $(DEPS) $(O)/gen/asm_offsets.h.d
