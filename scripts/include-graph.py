#!/usr/bin/env python3
"""The include graph between the rooms (folders) of src/ and include/.

  include-graph.py [--files]

Resolves every #include "x.h" of a C or assembly file the way the build
does (the file's own folder first, then the rooms in order, as listed in
rooms.mk and printed by `make print-rooms`), folds the file graph into a
graph of rooms and prints each edge with the number of includes behind
it (--files: the includes themselves). rooms.mk lists the rooms lowest
first, and a room may include only the rooms before it. Exit status 1
when an include goes the other way (each printed), the room graph has a
cycle, or an include cannot be found.
"""
import os
import re
import subprocess
import sys

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.chdir(top)
dirs = subprocess.run(["make", "-s", "--no-print-directory", "print-rooms"],
                      capture_output=True, text=True, check=True).stdout.split()

INC = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
files = []
for root in ("src", "include"):
    for d, _, names in os.walk(root):
        files += [os.path.join(d, n) for n in names
                  if n.endswith((".c", ".h", ".S"))]

edges = {}
missing = []
for f in sorted(files):
    for line in open(f, errors="replace"):
        m = INC.match(line)
        if not m:
            continue
        name = m.group(1)
        for d in [os.path.dirname(f)] + dirs:
            p = os.path.normpath(os.path.join(d, name))
            if os.path.isfile(p):
                break
        else:
            if name != "asm_offsets.h":
                missing.append("%s: %s" % (f, name))
            continue
        a, b = os.path.dirname(f), os.path.dirname(p)
        if a != b:
            edges.setdefault((a, b), []).append("%s -> %s" % (f, p))

graph = {}
for a, b in edges:
    graph.setdefault(a, set()).add(b)
for (a, b), why in sorted(edges.items()):
    print("%s -> %s  (%d)" % (a, b, len(why)))
    if "--files" in sys.argv:
        for w in why:
            print("    " + w)

# Cycles: Tarjan's strongly connected components of the folder graph.
index, low, stack, on, sccs = {}, {}, [], set(), []
def visit(v, counter=[0]):
    index[v] = low[v] = counter[0]; counter[0] += 1
    stack.append(v); on.add(v)
    for w in graph.get(v, ()):
        if w not in index:
            visit(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v:
                break
        if len(comp) > 1:
            sccs.append(sorted(comp))
for v in list(graph):
    if v not in index:
        visit(v)
status = 0
for m in missing:
    print("include-graph: cannot resolve %s" % m); status = 1
# The layering: an include from a room to one listed after it is wrong.
rank = {d: i for i, d in enumerate(dirs)}
upward = 0
for (a, b), why in sorted(edges.items()):
    if a in rank and b in rank and rank[b] > rank[a]:
        upward += 1
        print("include-graph: %s includes %s, a room above it in rooms.mk:"
              % (a, b))
        for w in why:
            print("    " + w)
        status = 1
for c in sccs:
    print("include-graph: cycle between rooms: %s" % ", ".join(c))
    for (a, b), why in sorted(edges.items()):
        if a in c and b in c:
            for w in why:
                print("    " + w)
    status = 1
print("include-graph: %d rooms, %d edges, %d upward, %d cycles" %
      (len({x for e in edges for x in e}), len(edges), upward, len(sccs)))
sys.exit(status)
