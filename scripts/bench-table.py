#!/usr/bin/env python3
"""Turn benchmark serial logs into tables, and JSON for bench-compare.py.

  bench-table.py vmexit JSON CPU LOG
  bench-table.py timer JSON CPU LABEL:LOG [LABEL:LOG ...]
  bench-table.py hvt JSON CPU LOG

Both JSON files hold {"cpu": model, "rows": {name: {figure: int}}}: a
vmexit row is named after its case (iterations, ticks, exits); a timer
row is LABEL/mode (interrupts, expected, early, min, median, max, exits),
one group per run, LABEL naming the run's command line; an hvt row is
named after its hypercall (calls, ticks).
"""
import json
import re
import sys

VMEXIT = re.compile(r"guest: vmexit: (\S+)\s+(\d+) iterations\s+(-?\d+) ticks"
                    r"\s+(\d+) exits$")

TIMER = re.compile(r"guest: timer: (\S+)\s+(\d+)/(\d+)\s+interrupts, "
                   r"(\d+) early, lateness min (-?\d+) median (-?\d+) "
                   r"max (-?\d+) ticks, (\d+) exits$")
HVT = re.compile(r"guest: hvt-bench: (\S+)\s+(\d+) calls\s+(\d+) ticks$")
TIMER_FIGURES = ("interrupts", "expected", "early", "min", "median", "max",
                 "exits")


def write(out, cpu, rows):
    with open(out, "w") as f:
        json.dump({"cpu": cpu, "rows": rows}, f, indent=1)
        f.write("\n")
    print("written to %s" % out)


def vmexit(out, cpu, log):
    rows = {}
    for line in open(log, errors="replace"):
        m = VMEXIT.match(line.rstrip())
        if m:
            rows[m.group(1)] = {"iterations": int(m.group(2)),
                                "ticks": int(m.group(3)),
                                "exits": int(m.group(4))}
    if not rows:
        print("bench: no vmexit rows in %s" % log)
        return 1
    print("vmexit round trips on Bochs %s (ticks = emulated instructions)"
          % cpu)
    print("%-22s %10s %10s %10s" % ("case", "iterations", "ticks/exit",
                                    "exits"))
    for name, r in rows.items():
        print("%-22s %10d %10d %10d" % (name, r["iterations"], r["ticks"],
                                        r["exits"]))
    write(out, cpu, rows)
    return 0


def hvt(out, cpu, log):
    rows = {}
    for line in open(log, errors="replace"):
        m = HVT.match(line.rstrip())
        if m:
            rows[m.group(1)] = {"calls": int(m.group(2)),
                                "ticks": int(m.group(3))}
    if not rows:
        print("bench: no hvt rows in %s" % log)
        return 1
    print("hvt hypercalls on Bochs %s (ticks = emulated instructions)" % cpu)
    print("%-16s %8s %10s" % ("call", "calls", "ticks/call"))
    for name, r in rows.items():
        print("%-16s %8d %10d" % (name, r["calls"], r["ticks"]))
    write(out, cpu, rows)
    return 0


def timer_rows(log):
    rows = {}
    for line in open(log, errors="replace"):
        m = TIMER.match(line.rstrip())
        if m:
            rows[m.group(1)] = dict(zip(TIMER_FIGURES,
                                        map(int, m.groups()[1:])))
    return rows


def timer(out, cpu, runs):
    rows = {}
    print("timer interrupts on Bochs %s (lateness = ticks from deadline to "
          "handler)" % cpu)
    for run in runs:
        label, _, log = run.partition(":")
        if "/" in label or not log:
            print("bench: '%s' is not LABEL:LOG" % run)
            return 1
        modes = timer_rows(log)
        if not modes:
            print("bench: no timer rows in %s" % log)
            return 1
        print("%-18s %11s %7s %9s | %6s %7s %7s" % (
            label, "irqs", "exits", "exits/irq", "min", "median", "max"))
        for mode, r in modes.items():
            print("  %-16s %5d/%-5d %7d %9.2f | %6d %7d %7d" % (
                mode, r["interrupts"], r["expected"], r["exits"],
                r["exits"] / r["interrupts"] if r["interrupts"] else 0,
                r["min"], r["median"], r["max"]))
            rows["%s/%s" % (label, mode)] = r
    write(out, cpu, rows)
    return 0


if __name__ == "__main__":
    kind, out, cpu = sys.argv[1:4]
    if kind == "vmexit":
        sys.exit(vmexit(out, cpu, sys.argv[4]))
    if kind == "hvt":
        sys.exit(hvt(out, cpu, sys.argv[4]))
    sys.exit(timer(out, cpu, sys.argv[4:]))
