#!/usr/bin/env bash
# bench_hvt_baseline: the hvt hypercall benchmark (guest-payloads/
# hvt_bench: walltime, PUTS of 0 and 1 bytes, POLL with timeout 0, block
# reads and writes, an empty NET_READ) equals scripts/baseline/hvt.json
# exactly: the ticks one call costs, per call.
BENCH_BASELINE=hvt . "$(dirname "$0")/bench_vmexit_baseline.sh"
