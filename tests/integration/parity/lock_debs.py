#!/usr/bin/env python3
"""Prints one line per package of a debimg lockfile:
"SHA256 NAME VERSION ARCH APT-FILENAME", where APT-FILENAME is the name apt
gives the .deb in /var/cache/apt/archives (pkgAcqArchive: ':' quoted as %3a),
so that a cache can be seeded without downloading again. With --requested,
only the packages the profile lists (Requested: listed in packages)."""
import sys


def stanzas(path):
    block = {}
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if block:
                    yield block
                block = {}
                continue
            if line[0] in " \t":
                continue
            key, _, value = line.partition(":")
            block[key] = value.strip()
    if block:
        yield block


def quote(s):
    return s.replace("%", "%25").replace(":", "%3a").replace("_", "%5f")


def main():
    requested = "--requested" in sys.argv
    path = [a for a in sys.argv[1:] if not a.startswith("--")][0]
    for s in stanzas(path):
        if "Package" not in s:
            continue
        if requested and s.get("Requested") != "listed in packages":
            continue
        name = f"{quote(s['Package'])}_{quote(s['Version'])}_{quote(s['Architecture'])}.deb"
        print(s["SHA256"], s["Package"], s["Version"], s["Architecture"], name)


main()
