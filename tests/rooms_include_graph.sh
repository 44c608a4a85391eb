#!/usr/bin/env bash
# The rooms of src/ include each other only downwards (rooms.mk lists them
# lowest first): scripts/include-graph.py finds no include from a room to
# one above it, no cycle, and no include it cannot resolve.
. "$(dirname "$0")/lib.sh"

mkdir -p "$OUT"
LOG="$OUT/include-graph.txt"
python3 "$TOP/scripts/include-graph.py" --files > "$LOG" 2>&1 ||
	fail "the include graph breaks the layering"
expect_line 'include-graph: [0-9]+ rooms, [0-9]+ edges, 0 upward, 0 cycles'
pass
