# vmexit.mk - the vmexit payload's knob, included by ../Makefile.
#
#   make -C guest-payloads NAME=vmexit O=/abs/outdir VMEXIT_N=16
#
# VMEXIT_N is the iteration count of every case (default in vmexit.c). The
# value is kept in a stamp file, rewritten only when it changes, so a new
# VMEXIT_N rebuilds vmexit.o and an unchanged one does not.

ifneq ($(VMEXIT_N),)
ifeq ($(shell echo '$(VMEXIT_N)' | grep -xE '[1-9][0-9]{0,8}'),)
$(error vmexit: VMEXIT_N=$(VMEXIT_N) is not a count from 1 to 999999999)
endif
endif

VMEXIT_N_STAMP := $(O)/obj/vmexit/vmexit-n.stamp
$(shell mkdir -p $(dir $(VMEXIT_N_STAMP)) && \
	{ echo '$(VMEXIT_N)' | cmp -s - $(VMEXIT_N_STAMP) || \
	  echo '$(VMEXIT_N)' > $(VMEXIT_N_STAMP); })

$(O)/obj/vmexit/vmexit.o: $(VMEXIT_N_STAMP)
$(O)/obj/vmexit/vmexit.o: CFLAGS += $(if $(VMEXIT_N),-DVMEXIT_N=$(VMEXIT_N))
