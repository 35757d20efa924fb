# debimg diff on two images from the real mirror: the same packages, one
# with a customize hook that adds a file and changes a mode. Exact output
# with --files, the summary's image sizes (uncompressed and compressed, as
# the layers have them), the oci-archive form of an image reads the same,
# --json names each change, an image against a lock compares packages,
# --files of a lock is refused, and diff(1)'s exit codes.
source "$(dirname "$0")/lib/assert.sh"
needs root mirror userns skopeo python3
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export XDG_CACHE_HOME="$WORK/xdg"
CACHE="$WORK/cache"
profile() {  # profile NAME [HOOK]
  printf 'name: %s\narchitectures: [amd64]\nvariant: essential\nsources:\n  - suites: [bookworm]\n' "$1" >"$WORK/$1.yaml"
  [ -z "${2:-}" ] || printf 'hooks:\n  customize:\n    - {run: "%s", chroot: true}\n' "$2" >>"$WORK/$1.yaml"
}
profile a
profile b "echo b > /etc/debimg-diff && chmod 0600 /etc/motd"
for p in a b; do
  run "$DEBIMG" --quiet compose "$WORK/$p.yaml" -o "$WORK/$p" --cache-dir "$CACHE"
  expect_rc 0 "compose $p"
done
skopeo copy -q "oci:$WORK/b" "oci-archive:$WORK/b.tar" && pass || fail "skopeo: b as an oci-archive"

# An image's sizes as its layers have them: the blobs, and the tars they hold.
sizes() {
  python3 - "$1" <<'PY'
import gzip, json, sys
layout = sys.argv[1]
blob = lambda d: f"{layout}/blobs/sha256/{d.split(':')[1]}"
manifest = json.load(open(blob(json.load(open(f"{layout}/index.json"))["manifests"][0]["digest"])))
def tar_size(path):
    with open(path, "rb") as f:
        data = f.read()
    return len(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)
print(sum(tar_size(blob(l["digest"])) for l in manifest["layers"]), sum(l["size"] for l in manifest["layers"]))
PY
}
human() { python3 -c 'import sys; n = int(sys.argv[1]); print(f"{n} B" if n < 1000 else f"{n / 1e6:.1f} MB")' "$1"; }
read -r a_tar a_blob < <(sizes "$WORK/a")
read -r b_tar b_blob < <(sizes "$WORK/b")
run "$DEBIMG" diff "$WORK/a" "$WORK/a" --files --cache-dir "$CACHE"
expect_rc 0 "an image against itself"
[ "$OUT" = "no package changed; image $(human "$a_tar") → $(human "$a_tar") (±0 B), compressed $(human "$a_blob") → $(human "$a_blob") (±0 B)" ] &&
  pass || fail "no change, yet: $OUT"
run "$DEBIMG" diff "$WORK/a" "$WORK/b" --cache-dir "$CACHE"
expect_rc 0 "the same packages"
expect_out "no package changed; image $(human "$a_tar") → $(human "$b_tar") (" "the image sizes: $a_tar → $b_tar"
expect_out ", compressed $(human "$a_blob") → $(human "$b_blob") (" "the compressed sizes: $a_blob → $b_blob"
expected="+ /etc/debimg-diff (file 0644 0:0 2 bytes)
~ /etc/motd: mode 0644 -> 0600"
for b in "$WORK/b" "$WORK/b.tar"; do
  run "$DEBIMG" diff "$WORK/a" "$b" --files --cache-dir "$CACHE"
  expect_rc 1 "--files: two images that differ ($(basename "$b"))"
  [ "$(tail -n +2 <<<"$OUT")" = "$expected" ] && pass || fail "diff --files of $(basename "$b"): $OUT"
done
run "$DEBIMG" --json diff "$WORK/a" "$WORK/b" --cache-dir "$CACHE"
python3 -c '
import json, sys
s = json.loads(sys.argv[1])["summary"]["image-size"]
want = {"old": {"uncompressed": int(sys.argv[2]), "compressed": int(sys.argv[3])},
        "new": {"uncompressed": int(sys.argv[4]), "compressed": int(sys.argv[5])}}
sys.exit(0 if s == want else f"{s} != {want}")' "$OUT" "$a_tar" "$a_blob" "$b_tar" "$b_blob" && pass || fail "--json image sizes"
run "$DEBIMG" --json diff "$WORK/b.tar" "$WORK/a" --files --cache-dir "$CACHE"
expect_rc 1 "--json, the other way"
printf '%s' "$OUT" >"$WORK/d.json"
! python3 -c 'import jsonschema' 2>/dev/null ||
  { python3 "$DEBIMG_SOURCE_DIR/tests/integration/lib/report_schema.py" "$WORK/d.json" && pass || fail "--json --files against the schema"; }
python3 - "$WORK/d.json" <<'PY' && pass || fail "--json: $OUT"
import json, sys
j = json.load(open(sys.argv[1]))
got = [(f["change"], f["path"], f.get("old", {}).get("mode"), f.get("new", {}).get("mode")) for f in j["files"]]
want = [("removed", "/etc/debimg-diff", "0644", None), ("changed", "/etc/motd", "0600", "0644")]
sys.exit(0 if got == want and j["platforms"][0]["sources"] == [] and j["same"] is False and
         j["files"][0]["old"]["sha256"] == "0263829989b6fd954f72baaf2fc64bc2e2f01d692d4de72986ea808f6e99813f" else 1)
PY
# An image against its lock: the packages, the same.
run "$DEBIMG" diff "$WORK/a.lock" "$WORK/b" --cache-dir "$CACHE"
expect_rc 0 "a lock against an image of it"
run "$DEBIMG" diff "$WORK/a.lock" "$WORK/b" --files --cache-dir "$CACHE"
expect_rc 2 "--files with a lock"
expect_err "diff --files compares two images: $WORK/a.lock is a lockfile" "the error says why"
# A lock with one package fewer against the image: that package is the difference.
LEAF=$(python3 -c '
import re, sys
text = open(sys.argv[1]).read()
names = re.findall(r"(?m)^Package: (\S+)$", text)
needed = {d for line in re.findall(r"(?m)^Depends-On: (.*)$", text) for d in line.split()}
print(sorted(n for n in names if n not in needed)[0])' "$WORK/a.lock")
python3 "$DEBIMG_SOURCE_DIR/tests/integration/lib/drop_from_lock.py" "$WORK/a.lock" "$LEAF" || fail "drop $LEAF"
run "$DEBIMG" diff "$WORK/a.lock" "$WORK/b" --cache-dir "$CACHE"
expect_rc 1 "a lock that lacks a package the image has"
expect_out "+ $LEAF " "the package the lock lacks ($LEAF)"
finish
