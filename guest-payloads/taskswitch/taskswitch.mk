# taskswitch.mk - the taskswitch payload's knob, included by ../Makefile.
#
#   make -C guest-payloads NAME=taskswitch O=/abs/outdir TASKSWITCH_VIA=gate
#
# TASKSWITCH_VIA is how the guest switches tasks: jmp (the default), call,
# iret or gate. As with vmexit.mk, the value is kept in a stamp file, so
# a new value rebuilds task.o and an unchanged one does not.

TASKSWITCH_VIAS := jmp call iret gate
ifneq ($(TASKSWITCH_VIA),)
ifeq ($(filter $(TASKSWITCH_VIA),$(TASKSWITCH_VIAS)),)
$(error taskswitch: TASKSWITCH_VIA=$(TASKSWITCH_VIA) is not one of $(TASKSWITCH_VIAS))
endif
endif

TASKSWITCH_STAMP := $(O)/obj/taskswitch/via.stamp
$(shell mkdir -p $(dir $(TASKSWITCH_STAMP)) && \
	{ echo '$(TASKSWITCH_VIA)' | cmp -s - $(TASKSWITCH_STAMP) || \
	  echo '$(TASKSWITCH_VIA)' > $(TASKSWITCH_STAMP); })

$(O)/obj/taskswitch/task.o: $(TASKSWITCH_STAMP)
$(O)/obj/taskswitch/task.o: ASFLAGS += -DTASKSWITCH_VIA_$(or $(TASKSWITCH_VIA),jmp)
