# What a lock update fixes, on the real mirror. The test finds a package
# that bookworm-security has replaced since bookworm (comparing the two
# suites' Packages indexes) whose new changelog names a CVE, locks it, and
# pins it back to bookworm's version in the lock. `lock --check --upstream`
# then reports the change (one line for its source, with the suite move)
# with the CVE ids and Debian bugs that the new .deb's changelog names since
# the old version (each one is in that changelog), in text and --json;
# `lock --update` says the same and moves the pin.
source "$(dirname "$0")/lib/assert.sh"
needs mirror python3 curl dpkg-deb
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export XDG_CACHE_HOME="$WORK/xdg"
CACHE="$WORK/cache"
ARCH=$(dpkg --print-architecture)
cat >"$WORK/p.yaml" <<'YAML'
name: fixes
sources:
  - suites: [bookworm]
  - suites: [bookworm-security]
variant: custom
packages: [placeholder-package]
YAML
# The mirrors as debimg reads them from the host's apt sources.
"$DEBIMG" --json profile "$WORK/p.yaml" >"$WORK/profile.json" || { fail "debimg profile"; finish; exit 1; }

python3 - "$WORK" "$ARCH" <<'PY' >"$WORK/pick.out" 2>"$WORK/pick.err" || { fail "no candidate: $(tail -3 "$WORK/pick.err")"; finish; exit 1; }
import gzip, io, json, lzma, subprocess, sys, urllib.request
work, arch = sys.argv[1], sys.argv[2]
archives = {a["suite"]: a["uris"][0] for a in json.load(open(f"{work}/profile.json"))["archives"]}
def index(suite):
    uri = archives[suite]
    data = urllib.request.urlopen(f"{uri}dists/{suite}/main/binary-{arch}/Packages.xz", timeout=60).read()
    out = {}
    for stanza in lzma.decompress(data).decode().split("\n\n"):
        f = dict(l.split(": ", 1) for l in stanza.splitlines() if ": " in l and not l.startswith(" "))
        if "Package" in f:
            out[f["Package"]] = f
    return out
old, new = index("bookworm"), index("bookworm-security")
newer = lambda a, b: subprocess.run(["dpkg", "--compare-versions", a, "gt", b]).returncode == 0
# Packages named as their source (metapackages and libraries often link their
# doc folder to another package's: no changelog of their own), smallest first.
candidates = sorted((int(n["Size"]), name) for name, n in new.items()
                    if name in old and n.get("Architecture") in (arch, "all") and n.get("Source", name).split()[0] == name
                    and newer(n["Version"], old[name]["Version"]))
for size, name in candidates[:15]:
    n = new[name]
    deb = f"{work}/{name}.deb"
    urllib.request.urlretrieve(archives["bookworm-security"] + n["Filename"], deb)
    tar = subprocess.run(["dpkg-deb", "--fsys-tarfile", deb], capture_output=True, check=True).stdout
    import tarfile
    with tarfile.open(fileobj=io.BytesIO(tar)) as t:
        try:
            member = t.extractfile(f"./usr/share/doc/{name}/changelog.Debian.gz")
        except KeyError:
            continue
        if member is None:
            continue
        changelog = gzip.decompress(member.read()).decode("utf-8", "replace")
    # The entries after the old version (headed by the source package's name): what the update brings.
    head = changelog.split(f" ({old[name]['Version']}) ")[0]
    if "CVE-" not in head:
        continue
    open(f"{work}/changelog-head", "w").write(head)
    o = old[name]
    print(name, o["Version"], n["Version"], o["Filename"], o["Size"], o["SHA256"])
    sys.exit(0)
sys.exit("none of %d replaced packages names a CVE in its new changelog" % len(candidates))
PY
read -r PKG OLDV NEWV OLDFILE OLDSIZE OLDSHA <"$WORK/pick.out"
echo "picked $PKG: bookworm $OLDV, bookworm-security $NEWV"
sed -i "s/placeholder-package/$PKG/" "$WORK/p.yaml"
run "$DEBIMG" lock "$WORK/p.yaml" --cache-dir "$CACHE"
expect_rc 0 "lock"
L="$WORK/p.lock"
grep -A1 "^Package: $PKG$" "$L" | grep -q "^Version: $NEWV$" && pass || fail "the lock does not hold $PKG $NEWV"
# Pinned back: the stanza as bookworm's index has it.
python3 - "$L" "$PKG" "$OLDV" "$OLDFILE" "$OLDSIZE" "$OLDSHA" <<'PY' || fail "pinning back"
import sys
path, name, version, filename, size, sha = sys.argv[1:]
stanzas = open(path).read().split("\n\n")
for i, s in enumerate(stanzas):
    lines = s.splitlines()
    if f"Package: {name}" not in lines:
        continue
    f = {l.split(": ", 1)[0]: l for l in lines}
    repl = {"Version": version, "Suite": "bookworm", "Component": "main", "Filename": filename, "Size": size, "SHA256": sha}
    stanzas[i] = "\n".join(f"{k}: {repl[k]}" if k in repl else l for k, l in ((l.split(": ", 1)[0], l) for l in lines))
open(path, "w").write("\n\n".join(stanzas))
PY
grep -A1 "^Package: $PKG$" "$L" | grep -q "^Version: $OLDV$" && pass || fail "the pin back did not take"

run "$DEBIMG" lock "$WORK/p.yaml" --check --upstream --cache-dir "$CACHE"
expect_rc 1 "--check --upstream: the archive moved"
echo "$OUT"
LINE=$(grep "^~ $PKG " <<<"$OUT")
[ "$(grep -c "^~ $PKG " <<<"$OUT")" = 1 ] && pass || fail "one line for $PKG: $OUT"
grep -qF "~ $PKG $OLDV → $NEWV (" <<<"$LINE" && pass || fail "old and new versions: $LINE"
grep -qF ") bookworm → bookworm-security" <<<"$LINE" && pass || fail "the suite move: $LINE"
grep -qF "fixes CVE-" <<<"$LINE" && pass || fail "CVE ids of the update: $LINE"
# Every id named is in the new changelog's entries since the old version, and there is at least one.
CVES=$(grep -o 'CVE-[0-9]*-[0-9]*' <<<"$LINE" | sort -u)
[ -n "$CVES" ] && pass || fail "no CVE id for $PKG: $OUT"
for c in $CVES; do grep -q "$c" "$WORK/changelog-head" && pass || fail "$c is not in $PKG's new changelog entries"; done
[ "$(grep -o 'CVE-[0-9]*-[0-9]*' "$WORK/changelog-head" | sort -u)" = "$CVES" ] && pass ||
  fail "CVE ids named differ from the changelog's: $CVES"

run "$DEBIMG" --json lock "$WORK/p.yaml" --check --upstream --cache-dir "$CACHE"
printf '%s' "$OUT" >"$WORK/check.json"
python3 - "$PKG" "$WORK/check.json" <<'PY' >"$WORK/json.check" && pass || fail "--json: $(cat "$WORK/json.check")"
import json, sys
d = json.load(open(sys.argv[2]))["report"]
mine = [s for s in d["platforms"][0]["sources"] if s["source"] == sys.argv[1]]
print(mine)
sys.exit(0 if mine and mine[0]["fixes"]["state"] == "read" and mine[0]["fixes"]["cves"] and mine[0]["security"] else 1)
PY

run "$DEBIMG" lock "$WORK/p.yaml" --update --cache-dir "$CACHE"
expect_rc 0 "--update"
expect_out "fixes CVE-" "--update names the fixes too"
grep -A1 "^Package: $PKG$" "$L" | grep -q "^Version: $NEWV$" && pass || fail "--update did not move $PKG to $NEWV"
finish
