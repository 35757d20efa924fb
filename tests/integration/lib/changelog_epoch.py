#!/usr/bin/env python3
"""changelog_epoch.py LOCK CACHE: the SOURCE_DATE_EPOCH debimg should give an
image of LOCK's packages, found without debimg: for each package's cached
.deb (CACHE/sha256/XX/SHA256), dpkg-deb extracts usr/share/doc/NAME/'s
changelog.Debian.gz (or a binNMU's changelog.Debian.ARCH.gz, or a native
package's changelog.gz) and dpkg-parsechangelog says its Timestamp; prints
the newest."""
import os
import subprocess
import sys
import tempfile


def stanzas(path):
    block = {}
    for line in open(path):
        line = line.rstrip("\n")
        if not line:
            if block:
                yield block
            block = {}
        elif line[0] not in " \t":
            key, _, value = line.partition(":")
            block[key] = value.strip()
    if block:
        yield block


def timestamp(deb, name, arch, work):
    """dpkg-parsechangelog's Timestamp of the package's changelog; None when it has none."""
    out = os.path.join(work, name)
    os.makedirs(out)
    tar = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", deb], stdout=subprocess.PIPE)
    subprocess.run(["tar", "-x", "-C", out, "--wildcards", f"./usr/share/doc/{name}/changelog*"],
                   stdin=tar.stdout, stderr=subprocess.DEVNULL)
    tar.wait()
    doc = os.path.join(out, "usr/share/doc", name)
    for member in (f"changelog.Debian.{arch}.gz", "changelog.Debian.gz", "changelog.gz"):
        path = os.path.join(doc, member)
        if not os.path.isfile(path) or os.path.islink(path):
            continue
        text = subprocess.run(["zcat", path], capture_output=True).stdout
        parsed = subprocess.run(["dpkg-parsechangelog", "-l-", "-STimestamp"], input=text, capture_output=True)
        if parsed.returncode == 0 and parsed.stdout.strip().isdigit():
            return int(parsed.stdout)
        if member != "changelog.gz":
            return None
    return None


def main():
    lock, cache = sys.argv[1], sys.argv[2]
    newest = None
    with tempfile.TemporaryDirectory() as work:
        for s in stanzas(lock):
            if "Package" not in s:
                continue
            deb = os.path.join(cache, "sha256", s["SHA256"][:2], s["SHA256"])
            t = timestamp(deb, s["Package"], s["Architecture"], work)
            if t is not None and (newest is None or t > newest):
                newest = t
    print(newest)


main()
