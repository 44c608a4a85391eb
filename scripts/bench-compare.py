#!/usr/bin/env python3
"""Compare benchmark runs with their baselines, exactly.

  bench-compare.py BASELINE.json RUN.json [BASELINE.json RUN.json ...]

Each file is what bench-table.py writes: {"cpu": ..., "rows": {name:
{figure: int}}}. Under Bochs every figure is an exact count (emulated
instructions, exits, interrupts), so the comparison allows nothing:

  - a cost (ticks, exits, early, lateness min/median/max) that grew, a
    count that should be fixed (iterations, calls, interrupts, expected) that
    changed, or a row or figure that only one side has: FAILED, exit
    status 1. To accept the figures, copy
    the run over the baseline in the same commit as the code that moved
    them (the command is printed).
  - a cost that shrank: reported, with the same command, so the gain is
    recorded and cannot be spent silently; not a failure.

Every row is printed, with old -> new for each figure that moved.
"""
import json
import sys

# Figures where more is worse; every other figure must stay equal.
COSTS = ("ticks", "exits", "early", "min", "median", "max")


def load(path):
    try:
        with open(path) as f:
            data = json.load(f)
        return data.get("cpu"), data["rows"]
    except (OSError, ValueError, KeyError) as e:
        sys.exit("bench-compare: %s: %s (run `make bench` first?)" %
                 (path, e))


def compare_row(base, new):
    """Return (verdict, text) for one row present in both runs."""
    verdict = "same"
    parts = []
    for fig in list(base) + [f for f in new if f not in base]:
        o, n = base.get(fig), new.get(fig)
        if n is None:
            parts.append("%s %d -> missing" % (fig, o))
            verdict = "FAILED"
        elif o is None:
            parts.append("%s %d (not in the baseline)" % (fig, n))
            verdict = "FAILED"
        elif o == n:
            parts.append("%s %d" % (fig, n))
        else:
            parts.append("%s %d -> %d (%+d)" % (fig, o, n, n - o))
            if fig not in COSTS:
                verdict = "FAILED"
            elif n > o and verdict != "FAILED":
                verdict = "LONGER"
            elif n < o and verdict == "same":
                verdict = "shorter"
    return verdict, ", ".join(parts)


def compare(base_path, run_path):
    """Print the comparison; return (failed rows, shorter rows)."""
    base_cpu, base = load(base_path)
    run_cpu, run = load(run_path)
    print("== %s against %s" % (run_path, base_path))
    if base_cpu != run_cpu:
        print("note: the baseline was measured on Bochs %s, this run on %s"
              % (base_cpu, run_cpu))
    failed, shorter = [], []
    width = max(len(name) for name in list(base) + list(run))
    for name in list(base) + [r for r in run if r not in base]:
        if name not in run:
            verdict, text = "FAILED", "missing from the run"
        elif name not in base:
            verdict, text = "FAILED", "not in the baseline"
        else:
            verdict, text = compare_row(base[name], run[name])
        if verdict in ("FAILED", "LONGER"):
            failed.append(name)
        elif verdict == "shorter":
            shorter.append(name)
        flag = {"same": "", "shorter": "  shorter"}.get(verdict,
                                                         "  <<< " + verdict)
        print("%-*s  %s%s" % (width, name, text, flag))
    return failed, shorter


def main(argv):
    if len(argv) < 2 or len(argv) % 2:
        sys.exit(__doc__.strip().split("\n\n")[1])
    bad = []
    for base_path, run_path in zip(argv[0::2], argv[1::2]):
        failed, shorter = compare(base_path, run_path)
        update = "    cp %s %s" % (run_path, base_path)
        if failed:
            print("!!! %d row(s) longer or changed: %s" %
                  (len(failed), ", ".join(failed)))
            print("    If that is intended, record the new figures in the "
                  "same commit as the change:")
            print(update)
            bad.append(base_path)
        elif shorter:
            print("%d row(s) shorter: %s; record the gain in the baseline:"
                  % (len(shorter), ", ".join(shorter)))
            print(update)
        else:
            print("every row equals the baseline")
    if bad:
        print("bench-compare: FAILED against %s" % ", ".join(bad))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
