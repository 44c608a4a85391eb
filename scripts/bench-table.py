#!/usr/bin/env python3
"""Turn benchmark serial logs into tables (and JSON for bench-compare).

  bench-table.py vmexit LOG JSON CPU
  bench-table.py timer FAST_LOG SLOW_LOG JSON
"""
import json
import re
import sys


def vmexit(log, out, cpu):
    rows = {}
    for line in open(log, errors="replace"):
        m = re.match(r"guest: vmexit: (\S+)\s+(\d+) iterations\s+(-?\d+) ticks(?:\s+(\d+) exits)?$",
                     line.rstrip())
        if m:
            rows[m.group(1)] = {"iterations": int(m.group(2)),
                                "ticks": int(m.group(3))}
    if not rows:
        print("bench: no vmexit rows in %s" % log)
        return 1
    print("vmexit round trips on Bochs %s (ticks = emulated instructions)" % cpu)
    print("%-22s %10s %10s" % ("case", "iterations", "ticks/exit"))
    for name, r in rows.items():
        print("%-22s %10d %10d" % (name, r["iterations"], r["ticks"]))
    json.dump({"cpu": cpu, "rows": rows}, open(out, "w"), indent=1)
    print("written to %s" % out)
    return 0


TIMER = re.compile(r"guest: timer: (\S+)\s+(\d+)/(\d+)\s+interrupts, (\d+) early, "
                   r"lateness min (-?\d+) median (-?\d+) max (-?\d+) ticks"
                   r"(?:, (\d+) exits)?")


def timer_rows(log):
    rows = {}
    for line in open(log, errors="replace"):
        m = TIMER.match(line.rstrip())
        if m:
            got = int(m.group(2))
            exits = int(m.group(8)) if m.group(8) else None
            rows[m.group(1)] = {
                "interrupts": got, "expected": int(m.group(3)),
                "early": int(m.group(4)), "min": int(m.group(5)),
                "median": int(m.group(6)), "max": int(m.group(7)),
                "exits": exits,
                "exits_per_irq": round(exits / got, 2) if exits and got else None,
            }
    return rows


def timer(fast_log, slow_log, out):
    fast, slow = timer_rows(fast_log), timer_rows(slow_log)
    if not fast or not slow:
        print("bench: no timer rows in %s or %s" % (fast_log, slow_log))
        return 1
    print("timer interrupts on Bochs (lateness = ticks from deadline to handler)")
    print("%-18s %9s %10s | %-22s | %-22s" % (
        "mode", "irqs", "exits/irq", "fastpath on min/med/max",
        "fastpath off min/med/max"))
    for mode, f in fast.items():
        s = slow.get(mode, {})
        print("%-18s %4d/%-4d %10s | %6d %7d %7d | %6s %7s %7s" % (
            mode, f["interrupts"], f["expected"], f["exits_per_irq"],
            f["min"], f["median"], f["max"],
            s.get("min", "-"), s.get("median", "-"), s.get("max", "-")))
    json.dump({"fastpath_on": fast, "fastpath_off": slow}, open(out, "w"),
              indent=1)
    print("written to %s" % out)
    return 0


if __name__ == "__main__":
    kind = sys.argv[1]
    if kind == "vmexit":
        sys.exit(vmexit(sys.argv[2], sys.argv[3], sys.argv[4]))
    sys.exit(timer(sys.argv[2], sys.argv[3], sys.argv[4]))
