#!/usr/bin/env python3
"""Lists a tar as "path<TAB>kind uid:gid mode link[ sha256]" lines, sorted.

Paths lose their "./" prefix and trailing "/"; with --content the SHA-256 of
each regular file is added. Used to compare composes with each other and
with mmdebstrap.
"""
import hashlib
import sys
import tarfile


def main():
    content = "--content" in sys.argv
    path = [a for a in sys.argv[1:] if a != "--content"][0]
    out = {}
    with tarfile.open(path) as tar:
        for m in tar:
            kind = ("d" if m.isdir() else "l" if m.issym() else "h" if m.islnk() else "c" if m.ischr()
                    else "b" if m.isblk() else "p" if m.isfifo() else "f")
            line = f"{kind} {m.uid}:{m.gid} {oct(m.mode)} {m.linkname if (m.issym() or m.islnk()) else ''}"
            if content and m.isfile():
                line += " " + hashlib.sha256(tar.extractfile(m).read()).hexdigest()
            name = m.name[2:] if m.name.startswith("./") else m.name
            out[name.rstrip("/")] = line
    for name in sorted(out):
        print(f"{name}\t{out[name]}")


main()
