# debimg diff on two images from the real mirror: the same packages, one
# with a customize hook that adds a file and changes a mode. Exact output
# with --files, the oci-archive form of an image reads the same, --json
# names each change, an image against a lock compares packages, --files of
# a lock is refused, and diff(1)'s exit codes.
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

run "$DEBIMG" diff "$WORK/a" "$WORK/a" --files --cache-dir "$CACHE"
expect_rc 0 "an image against itself"
[ -z "$OUT" ] && pass || fail "no change, yet: $OUT"
run "$DEBIMG" diff "$WORK/a" "$WORK/b" --cache-dir "$CACHE"
expect_rc 0 "the same packages"
expected="+ /etc/debimg-diff (file 0644 0:0 2 bytes)
~ /etc/motd: mode 0644 -> 0600"
for b in "$WORK/b" "$WORK/b.tar"; do
  run "$DEBIMG" diff "$WORK/a" "$b" --files --cache-dir "$CACHE"
  expect_rc 1 "--files: two images that differ ($(basename "$b"))"
  [ "$OUT" = "$expected" ] && pass || fail "diff --files of $(basename "$b"): $OUT"
done
run "$DEBIMG" --json diff "$WORK/b.tar" "$WORK/a" --files --cache-dir "$CACHE"
expect_rc 1 "--json, the other way"
printf '%s' "$OUT" >"$WORK/d.json"
python3 - "$WORK/d.json" <<'PY' && pass || fail "--json: $OUT"
import json, sys
j = json.load(open(sys.argv[1]))
got = [(f["change"], f["path"], f.get("old", {}).get("mode"), f.get("new", {}).get("mode")) for f in j["files"]]
want = [("removed", "/etc/debimg-diff", "0644", None), ("changed", "/etc/motd", "0600", "0644")]
sys.exit(0 if got == want and j["packages"] == [] and j["same"] is False and
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
