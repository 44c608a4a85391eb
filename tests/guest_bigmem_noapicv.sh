#!/usr/bin/env bash
# bigmem with apicv=off: the interrupt whose delivery faults is one the
# hypervisor injected, not one the CPU delivered from the virtual APIC,
# and must still arrive; everything else the same.
BIGMEM_CMDLINE="apicv=off" . "$(dirname "$0")/guest_bigmem.sh"
