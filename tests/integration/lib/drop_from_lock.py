#!/usr/bin/env python3
"""Removes one package's stanza from a debimg lockfile, in place.

usage: drop_from_lock.py LOCK PACKAGE"""
import sys

path, package = sys.argv[1], sys.argv[2]
stanzas = open(path).read().split("\n\n")
kept = [s for s in stanzas if f"\nPackage: {package}\n" not in "\n" + s + "\n"]
if len(kept) != len(stanzas) - 1:
    sys.exit(f"{package} is not in {path} once")
open(path, "w").write("\n\n".join(kept))
