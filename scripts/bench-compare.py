#!/usr/bin/env python3
"""Compare two vmexit benchmark runs row by row.

  bench-compare.py OLD.json NEW.json

Prints old, new and new/old per row. A row more than 5 % longer is shown
loudly and makes the exit status 1; rows are exact path lengths, so any
change at all is a change in the code.
"""
import json
import sys

LIMIT = 1.05

old = json.load(open(sys.argv[1]))["rows"]
new = json.load(open(sys.argv[2]))["rows"]
worse = []
print("%-22s %10s %10s %8s" % ("case", "old", "new", "new/old"))
for name in new:
    n = new[name]["ticks"]
    o = old.get(name, {}).get("ticks")
    if o is None:
        print("%-22s %10s %10d %8s" % (name, "-", n, "new"))
        continue
    ratio = n / o if o else (1.0 if n == 0 else float("inf"))
    flag = ""
    if ratio > LIMIT:
        flag = "  <<< REGRESSION: %.1f %% longer" % ((ratio - 1) * 100)
        worse.append(name)
    print("%-22s %10d %10d %8.3f%s" % (name, o, n, ratio, flag))
for name in old:
    if name not in new:
        print("%-22s %10d %10s %8s" % (name, old[name]["ticks"], "-", "gone"))
if worse:
    print("!!! %d row(s) more than 5 %% longer: %s" % (len(worse), ", ".join(worse)))
    sys.exit(1)
print("no row more than 5 % longer")
