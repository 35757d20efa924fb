#!/usr/bin/env python3
"""Prints a leaf package of a dpkg status file: one that no installed package
depends on (Depends, Pre-Depends, through Provides too), not Essential, the
first by name (with --all: every one, a line each). Dropping it from a lock
leaves a closure dpkg can configure.

usage: leaf_package.py [--all] STATUS"""
import re
import sys

stanzas = [dict(re.findall(r"^([\w-]+): (.*)$", s, re.M)) for s in open(sys.argv[-1]).read().split("\n\n") if s.strip()]
named = set()
for s in stanzas:
    for field in ("Depends", "Pre-Depends"):
        for alt in re.split(r"[,|]", s.get(field, "")):
            if alt.strip():
                named.add(alt.split()[0].split(":")[0])
providers = {}
for s in stanzas:
    for p in s.get("Provides", "").split(","):
        if p.strip():
            providers.setdefault(p.split()[0], []).append(s["Package"])
for virtual, packages in providers.items():
    if virtual in named:
        named.update(packages)
leaves = sorted(s["Package"] for s in stanzas
                if s["Package"] not in named and s.get("Essential") != "yes" and s["Package"] != "usr-is-merged")
print("\n".join(leaves) if "--all" in sys.argv else leaves[0])
