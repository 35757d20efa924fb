# debimg diff on two lockfiles, offline: the committed minideb-bookworm lock
# and a copy with one package removed, one changed and one added; the exact
# report (one line per source package; --offline names the changelog it
# could not read), --json, diff(1)'s exit codes, and a clear error for what
# is neither a lock nor an image.
source "$(dirname "$0")/lib/assert.sh"
needs python3
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export XDG_CACHE_HOME="$WORK/xdg"
A="$DEBIMG_SOURCE_DIR/profiles/minideb-bookworm.lock"
python3 - "$A" "$WORK/b.lock" <<'PY'
import re, sys
stanzas = open(sys.argv[1]).read().rstrip("\n").split("\n\n")
head = stanzas[0]
out = []
for s in stanzas[1:]:
    m = re.match(r"Package: (.*)$", s, re.M)
    if not m:  # the suites' stanzas
        out.append(s)
        continue
    name = m.group(1)
    if name == "tzdata":
        continue  # removed
    if name == "zlib1g":
        s = re.sub(r"^Version: .*$", "Version: 1:1.3.dfsg-3+b1", s, flags=re.M)  # changed
    out.append(s)
    if name == "mawk":  # added: a copy under another name
        out.append(re.sub(r"^Package: mawk$", "Package: mawk-extra", s, flags=re.M))
head = re.sub(r"^Packages: \d+$", f"Packages: {sum(s.startswith('Package: ') for s in out)}", head, flags=re.M)
open(sys.argv[2], "w").write("\n\n".join([head] + out) + "\n")
PY
mawk=$(awk '/^Package: mawk$/{f=1} f&&/^Version:/{print $2; exit}' "$A")
zlib=$(awk '/^Package: zlib1g$/{f=1} f&&/^Version:/{print $2; exit}' "$A")
tz=$(awk '/^Package: tzdata$/{f=1} f&&/^Version:/{print $2; exit}' "$A")

packages=$(grep -c '^Package: ' "$A")
sum=$(awk '/^Size:/{s+=$2} END{print s}' "$A")
size=$(python3 -c 'import sys; n = int(sys.argv[1]); print(f"{n / 1e6:.1f} MB")' "$sum")
run "$DEBIMG" diff "$A" "$A" --offline
expect_rc 0 "a lock against itself"
[ "$OUT" = "no package changed; $size to download ($packages packages not in the cache)" ] && pass ||
  fail "no change, yet: $OUT"

run "$DEBIMG" diff "$A" "$WORK/b.lock" --offline
expect_rc 1 "two locks that differ"
zfile=$(awk '/^Package: zlib1g$/{f=1} f&&/^Filename:/{print $2; exit}' "$A")
missing="--offline: the cache lacks zlib1g 1:1.3.dfsg-3+b1 ($zfile)"
expected="1 source package changed, 1 added, 1 removed (3 binary packages); 0 security updates (1 source package not checked); "
expected+="$(python3 -c 'import sys; print(f"{(int(sys.argv[1]) - int(sys.argv[2])) / 1e6:.1f} MB")' "$sum" \
  "$(awk '/^Package: tzdata$/{f=1} f&&/^Size:/{print $2; exit}' "$A")") to download ($((packages - 1)) packages not in the cache)
+ mawk $mawk (amd64) bookworm: mawk-extra
- tzdata $tz (all) bookworm-security
~ zlib $zlib → 1:1.3.dfsg-3+b1 (amd64) bookworm-security: zlib1g; changelog not read: $missing
not shown: what 1 source package(s) fix (zlib): their new changelog could not be read ($missing)"
[ "$OUT" = "$expected" ] && pass || fail "diff's output: $OUT"

run "$DEBIMG" --json diff "$WORK/b.lock" "$A" --offline
expect_rc 1 "--json, the other way"
python3 -c '
import json, sys
j = json.loads(sys.argv[1])
got = [(s["source"], s["change"], [(b["package"], b["change"], (b["old"] or {}).get("version"), (b["new"] or {}).get("version"))
                                   for b in s["binaries"]]) for s in j["platforms"][0]["sources"]]
assert j["same"] is False, j
assert got == [("mawk", "removed", [("mawk-extra", "removed", sys.argv[2], None)]),
               ("tzdata", "added", [("tzdata", "added", None, sys.argv[3])]),
               ("zlib", "changed", [("zlib1g", "changed", "1:1.3.dfsg-3+b1", sys.argv[4])])], got
assert j["platforms"][0]["sources"][2]["fixes"]["state"] == "unavailable", j
' "$OUT" "$mawk" "$tz" "$zlib" && pass || fail "--json: $OUT"
printf '%s' "$OUT" >"$WORK/report.json"
if python3 -c 'import jsonschema' 2>/dev/null; then
  python3 "$DEBIMG_SOURCE_DIR/tests/integration/lib/report_schema.py" "$WORK/report.json" && pass ||
    fail "--json against docs/update-report.schema.json"
else
  echo "python3-jsonschema is not installed: the schema check is left to report_mirror"
fi

run "$DEBIMG" diff "$A" "$WORK" --cache-dir "$WORK/cache"
expect_rc 2 "a folder that is no image"
expect_err "$WORK: not an OCI image layout (no index.json)" "what diff compares"
# Crafted images: a layer entry that climbs out of the root, one with an
# absolute path, and a dpkg status whose package name is a path. Each is
# refused in one line naming the layer and the entry, before any comparison.
craft() {  # craft DIR ENTRY CONTENT: a valid OCI layout whose one layer holds ENTRY
  python3 - "$1" "$2" "$3" <<'PY'
import hashlib, io, json, os, sys, tarfile
out, entry, content = sys.argv[1], sys.argv[2], sys.argv[3].encode()
os.makedirs(f"{out}/blobs/sha256")
def put(data, media):
    d = hashlib.sha256(data).hexdigest()
    open(f"{out}/blobs/sha256/{d}", "wb").write(data)
    return {"mediaType": media, "digest": "sha256:" + d, "size": len(data)}
raw = io.BytesIO()
with tarfile.open(fileobj=raw, mode="w") as t:
    info = tarfile.TarInfo(entry)
    info.size = len(content)
    t.addfile(info, io.BytesIO(content))
layer = put(raw.getvalue(), "application/vnd.oci.image.layer.v1.tar")
config = put(json.dumps({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": [layer["digest"]]}}).encode(),
             "application/vnd.oci.image.config.v1+json")
manifest = put(json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                           "config": config, "layers": [layer]}).encode(), "application/vnd.oci.image.manifest.v1+json")
json.dump({"schemaVersion": 2, "manifests": [manifest]}, open(f"{out}/index.json", "w"))
open(f"{out}/oci-layout", "w").write('{"imageLayoutVersion":"1.0.0"}')
PY
}
craft "$WORK/climb" "../../etc/debimg-evil" "x"
run "$DEBIMG" diff "$WORK/climb" "$WORK/climb" --files --cache-dir "$WORK/cache"
expect_rc 2 "a layer entry with '..'"
expect_err "entry '../../etc/debimg-evil' has a '..' component" "the climbing entry is named"
expect_one_line_err "a layer entry with '..'"
craft "$WORK/absolute" "/etc/debimg-evil" "x"
run "$DEBIMG" diff "$WORK/absolute" "$WORK/absolute" --files --cache-dir "$WORK/cache"
expect_rc 2 "a layer entry with an absolute path"
expect_err "has an absolute path" "the absolute entry is named"
craft "$WORK/status" "var/lib/dpkg/status" "$(printf 'Package: ../../x\nStatus: install ok installed\nVersion: 1\nArchitecture: amd64\n')"
run "$DEBIMG" diff "$WORK/status" "$A" --cache-dir "$WORK/cache"
expect_rc 2 "a status with a path for a package name"
expect_err "/var/lib/dpkg/status: Package: '../../x'" "the bad package name is named"
[ ! -e /etc/debimg-evil ] && pass || fail "a crafted entry reached the host"

printf 'Package: x\n' >"$WORK/not.lock"
run "$DEBIMG" diff "$WORK/not.lock" "$A"
expect_rc 2 "not a lock"
expect_one_line_err "not a lock"
expect_err "$WORK/not.lock" "the file is named"
finish
