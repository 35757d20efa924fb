#!/usr/bin/env python3
"""The include graph of src/ runs cli -> compose -> stages -> cache -> validate -> util,
nothing back up, and the stage folders include each other without a cycle.
Prints each offending #include (file:line) and exits 1; prints the folder
graph with --graph."""
import collections
import pathlib
import re
import sys

SRC = pathlib.Path(__file__).resolve().parents[2] / "src"
STAGES = {"profile", "repo", "resolve", "lock", "fetch", "unpack", "configure", "finalize", "export", "push", "diff", "sbom"}
# The base is layered too: the cache validates what it reads, validation throws util's errors.
LAYER = {"util": 0, "validate": 1, "cache": 2, **{d: 3 for d in STAGES}, "compose": 4, "cli": 5}
# Edges that would run against the data flow: a stage uses what reaches it
# (the lock, the file table), not an earlier stage's machinery.
FORBIDDEN = {
    ("export", "configure"): "tar order lives beside FileTable (unpack/file_table.h)",
    ("unpack", "resolve"): "the lock says which packages were requested (ResolvedPackage::requested)",
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/')


def edges():
    for path in sorted(SRC.glob("*/*")):
        folder = path.parent.name
        for number, line in enumerate(path.read_text().splitlines(), 1):
            m = INCLUDE.match(line)
            if m and m.group(1) != folder:
                yield folder, m.group(1), f"{path.relative_to(SRC.parent)}:{number}"


def find_cycle(graph):
    state = {}

    def visit(node, trail):
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                return trail[trail.index(nxt):] + [nxt] if nxt in trail else trail + [nxt]
            if nxt not in state:
                found = visit(nxt, trail + [nxt])
                if found:
                    return found
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node, [node])
            if found:
                return found
    return None


def main():
    problems = []
    graph = collections.defaultdict(set)
    for source, target, where in edges():
        if source not in LAYER or target not in LAYER:
            problems.append(f"{where}: folder '{source if source not in LAYER else target}' is in no layer of {__file__}")
            continue
        if LAYER[target] > LAYER[source]:
            problems.append(f"{where}: {source} includes {target}, a layer above it")
        if (source, target) in FORBIDDEN:
            problems.append(f"{where}: {source} includes {target}: {FORBIDDEN[(source, target)]}")
        if source in STAGES and target in STAGES:
            graph[source].add(target)
    cycle = find_cycle(graph)
    if cycle:
        problems.append("the stage folders include each other in a cycle: " + " -> ".join(cycle))
    if "--graph" in sys.argv:
        for source in sorted(graph):
            print(f"{source} -> {', '.join(sorted(graph[source]))}")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
