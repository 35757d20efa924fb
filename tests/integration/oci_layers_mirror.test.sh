# Layered and zstd images on the real mirror: `layers: {strategy: packages}`
# stacks to exactly the tree of a single layer, reuses unchanged layers from
# the cache, and a lock with one leaf package dropped rewrites only that
# package's layer and the last one. zstd images are read by skopeo.
source "$(dirname "$0")/lib/assert.sh"
needs mirror userns
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export XDG_CACHE_HOME="$WORK/cache"
LIB="$DEBIMG_SOURCE_DIR/tests/integration/lib"
cp "$DEBIMG_SOURCE_DIR/profiles/debian-bookworm-minbase.yaml" "$WORK/single.yaml"
TAG=debian:bookworm-minbase  # index.json names the image by image.tag
layered() {  # DIR: a copy of the profile with package layers (and the lock, when there is one)
  mkdir -p "$1"
  sed 's/^image:$/image:\n  layers: {strategy: packages, max: 6}/' "$WORK/single.yaml" >"$1/p.yaml"
  [ -f "$WORK/single.lock" ] && cp "$WORK/single.lock" "$1/p.lock"
  return 0
}
json_get() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"; }

run "$DEBIMG" compose "$WORK/single.yaml" --format oci -o "$WORK/single"
expect_rc 0 "compose one layer"
layered "$WORK/a"
run "$DEBIMG" --json compose "$WORK/a/p.yaml" --format oci -o "$WORK/a/oci"
expect_rc 0 "compose package layers"
A_JSON=$OUT
n=$(json_get 'len(d["layers"])' <<<"$A_JSON")
[ "$n" -ge 3 ] && [ "$n" -le 6 ] && pass || fail "$n layers for max 6"
[ "$(json_get 'sum(l["reused"] for l in d["layers"])' <<<"$A_JSON")" = 0 ] && pass || fail "a cold layer cache reused something"
oci-image-tool validate --type image --ref "name=$TAG" "$WORK/a/oci" >"$WORK/validate" 2>&1 && pass || fail "oci-image-tool: $(tail -2 "$WORK/validate")"
skopeo inspect "oci:$WORK/a/oci:$TAG" >"$WORK/inspect" 2>&1 && pass || fail "skopeo inspect: $(tail -2 "$WORK/inspect")"
# The history says what each layer holds: packages first, then what configuring changed.
python3 - "$WORK/a/oci" <<'PY' && pass || fail "history of the layers"
import json, sys
root = sys.argv[1]
index = json.load(open(root + "/index.json"))
manifest = json.load(open(root + "/blobs/sha256/" + index["manifests"][0]["digest"][7:]))
config = json.load(open(root + "/blobs/sha256/" + manifest["config"]["digest"][7:]))
comments = [h["comment"] for h in config["history"]]
assert len(comments) == len(manifest["layers"]), comments
assert all(c.startswith("debimg: packages ") for c in comments[:-1]), comments
assert comments[-1].startswith("debimg: configured"), comments
assert "base-files" in " ".join(comments[:-1]).split(), comments
PY

# Stacked, the layers are the single layer's tree, entry for entry.
umoci unpack --image "$WORK/single:$TAG" "$WORK/u1" >/dev/null 2>&1 && pass || fail "umoci unpack, one layer"
umoci unpack --image "$WORK/a/oci:$TAG" "$WORK/u2" >/dev/null 2>&1 && pass || fail "umoci unpack, package layers"
python3 "$LIB/tree_listing.py" "$WORK/u1/rootfs" >"$WORK/l1"
python3 "$LIB/tree_listing.py" "$WORK/u2/rootfs" >"$WORK/l2"
[ "$(wc -l <"$WORK/l1")" -gt 5000 ] && cmp -s "$WORK/l1" "$WORK/l2" && pass || fail "trees differ: $(diff "$WORK/l1" "$WORK/l2" | head -5)"

# Again: every package layer comes from the cache, and the image is the same.
layered "$WORK/b"
run "$DEBIMG" --json compose "$WORK/b/p.yaml" --format oci -o "$WORK/b/oci"
expect_rc 0 "compose again"
[ "$(json_get 'd["digest"]' <<<"$OUT")" = "$(json_get 'd["digest"]' <<<"$A_JSON")" ] && pass || fail "another digest from the layer cache"
[ "$(json_get 'all(l["reused"] for l in d["layers"][:-1]) and not d["layers"][-1]["reused"]' <<<"$OUT")" = True ] &&
  pass || fail "package layers not reused: $OUT"
run "$DEBIMG" --json compose "$WORK/b/p.yaml" --format oci -o "$WORK/b/oci2" --no-layer-cache
[ "$(json_get 'sum(l["reused"] for l in d["layers"])' <<<"$OUT")" = 0 ] && [ "$(json_get 'd["digest"]' <<<"$OUT")" = "$(json_get 'd["digest"]' <<<"$A_JSON")" ] &&
  pass || fail "--no-layer-cache: $OUT"

# One leaf package (nothing depends on it, not Essential) dropped from a copy of the lock.
LEAF=$(python3 "$LIB/leaf_package.py" "$WORK/u1/rootfs/var/lib/dpkg/status")
[ -n "$LEAF" ] && pass || fail "no leaf package found"
layered "$WORK/c"
python3 "$LIB/drop_from_lock.py" "$WORK/c/p.lock" "$LEAF"
run "$DEBIMG" --json compose "$WORK/c/p.yaml" --format oci -o "$WORK/c/oci" --frozen
expect_rc 0 "compose without $LEAF"
C_JSON=$OUT
python3 - "$WORK/a/oci" "$WORK/c/oci" "$LEAF" <<'PY' && pass || fail "other layers changed when $LEAF was dropped"
import json, sys
def layers(root):
    index = json.load(open(root + "/index.json"))
    manifest = json.load(open(root + "/blobs/sha256/" + index["manifests"][0]["digest"][7:]))
    config = json.load(open(root + "/blobs/sha256/" + manifest["config"]["digest"][7:]))
    return [(l["digest"], h["comment"]) for l, h in zip(manifest["layers"], config["history"])]
before, after, leaf = layers(sys.argv[1]), layers(sys.argv[2]), sys.argv[3]
gone = [c for d, c in before if d not in {d2 for d2, _ in after}]
new = [c for d, c in after if d not in {d1 for d1, _ in before}]
# Gone: the leaf's group and the last layer; new: the group without it (unless it is empty now) and the last.
assert len(gone) == 2 and leaf in gone[0].split() and gone[1].startswith("debimg: configured"), gone
assert len(new) in (1, 2) and new[-1].startswith("debimg: configured"), new
assert all(leaf not in c.split() for c in new), new
PY
[ "$(json_get 'sum(not l["reused"] for l in d["layers"])' <<<"$C_JSON")" -le 2 ] && pass || fail "more than two layers written: $C_JSON"

# zstd: skopeo reads it and copies it between formats, digest kept.
mkdir -p "$WORK/z"
sed 's/^image:$/image:\n  compression: zstd/' "$WORK/single.yaml" >"$WORK/z/p.yaml"
cp "$WORK/single.lock" "$WORK/z/p.lock"
run "$DEBIMG" --json compose "$WORK/z/p.yaml" --format oci -o "$WORK/z/oci"
expect_rc 0 "compose zstd"
ZDIGEST=$(json_get 'd["digest"]' <<<"$OUT")
[ "$(json_get 'd["layers"][0]["media-type"]' <<<"$OUT")" = "application/vnd.oci.image.layer.v1.tar+zstd" ] && pass || fail "zstd media type: $OUT"
skopeo inspect "oci:$WORK/z/oci:$TAG" >"$WORK/zinspect" 2>&1 && pass || fail "skopeo inspect zstd: $(tail -2 "$WORK/zinspect")"
skopeo inspect --raw "oci:$WORK/z/oci:$TAG" | grep -q '"mediaType":"application/vnd.oci.image.layer.v1.tar+zstd"' && pass || fail "skopeo sees no zstd layer"
skopeo copy --quiet "oci:$WORK/z/oci:$TAG" "oci-archive:$WORK/z/copy.tar:$TAG" >"$WORK/zcopy" 2>&1 && pass || fail "skopeo copy zstd: $(tail -2 "$WORK/zcopy")"
skopeo copy --quiet "oci-archive:$WORK/z/copy.tar:$TAG" "oci:$WORK/z/back:$TAG" >"$WORK/zcopy2" 2>&1 && pass || fail "skopeo copy zstd back: $(tail -2 "$WORK/zcopy2")"
grep -q "\"Digest\": \"$ZDIGEST\"" <(skopeo inspect "oci:$WORK/z/back:$TAG" 2>&1) && pass || fail "the copied zstd image has another digest"
# The layer is the same tree as the gzip one.
ZL=$(json_get 'd["layers"][0]["digest"][7:]' <<<"$OUT")
zstd -dc "$WORK/z/oci/blobs/sha256/$ZL" | sha256sum | grep -q "$(json_get 'd["layers"][0]["diff-id"][7:]' <<<"$OUT")" && pass || fail "zstd layer does not match its DiffID"

finish
