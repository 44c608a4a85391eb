# exitcode.mk - the exitcode payload's knobs, included by ../Makefile.
#
#   make -C guest-payloads NAME=exitcode O=/abs/outdir EXITCODE_VALUE=64 \
#	EXITCODE_HYPERCALL=1
#
# Kept in a stamp file, rewritten only when they change, so new values
# rebuild exitcode.o and unchanged ones do not.

ifneq ($(shell echo '$(EXITCODE_VALUE)' | grep -xE '[0-9]{0,20}'),$(EXITCODE_VALUE))
$(error exitcode: EXITCODE_VALUE=$(EXITCODE_VALUE) is not a number)
endif

EXITCODE_STAMP := $(O)/obj/exitcode/exitcode.stamp
$(shell mkdir -p $(dir $(EXITCODE_STAMP)) && \
	{ echo '$(EXITCODE_VALUE) $(EXITCODE_HYPERCALL)' | \
	  cmp -s - $(EXITCODE_STAMP) || \
	  echo '$(EXITCODE_VALUE) $(EXITCODE_HYPERCALL)' > $(EXITCODE_STAMP); })

$(O)/obj/exitcode/exitcode.o: $(EXITCODE_STAMP)
$(O)/obj/exitcode/exitcode.o: CFLAGS += \
	$(if $(EXITCODE_VALUE),-DEXITCODE_VALUE=$(EXITCODE_VALUE)ull) \
	$(if $(EXITCODE_HYPERCALL),-DEXITCODE_HYPERCALL=1)
