#!/usr/bin/env python3
"""Removes one package's stanza from a debimg lockfile, in place, and
counts it out of the header's `Packages:` (debimg checks that count).

usage: drop_from_lock.py LOCK PACKAGE"""
import re
import sys

path, package = sys.argv[1], sys.argv[2]
stanzas = open(path).read().split("\n\n")
kept = [s for s in stanzas if f"\nPackage: {package}\n" not in "\n" + s + "\n"]
if len(kept) != len(stanzas) - 1:
    sys.exit(f"{package} is not in {path} once")
header, count = re.subn(r"(?m)^Packages: (\d+)$", lambda m: f"Packages: {int(m.group(1)) - 1}", kept[0], count=1)
if count != 1:
    sys.exit(f"{path}: no Packages: line in the header")
kept[0] = header
open(path, "w").write("\n\n".join(kept))
