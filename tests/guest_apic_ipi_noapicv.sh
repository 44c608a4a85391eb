#!/usr/bin/env bash
# apic_ipi with apicv=off: the same IPIs delivered by injection instead of
# virtual-interrupt delivery, EOIs through exits.
APIC_IPI_CMDLINE="apicv=off" . "$(dirname "$0")/guest_apic_ipi.sh"
