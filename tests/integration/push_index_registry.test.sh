# debimg push of a multi-platform OCI layout (index.json names an image index
# of one manifest per platform, as buildkit and `skopeo copy --all` write it)
# to a real docker-registry on 127.0.0.1. Two single-architecture images
# (amd64 and i386: natively, or through qemu-i386 where the kernel lacks
# IA32 emulation, lib/binfmt.sh) are composed from the mirror and
# merged by a short script into one such layout, both manifests carrying one
# extra identical layer. The index goes up under the tag with the local
# digest, both manifests by digest; each blob is checked and uploaded once
# (the registry's access log says so); skopeo reads the index back and copies
# every platform; a second push finds every blob present and uploads nothing.
source "$(dirname "$0")/lib/assert.sh"
source "$(dirname "$0")/lib/binfmt.sh"
needs root mirror userns docker-registry skopeo python3
WORK=$(mktemp -d)
cleanup() {
  [ -f "$WORK/reg/pids" ] && kill $(cat "$WORK/reg/pids") 2>/dev/null
  binfmt_restore
  rm -rf "$WORK"
}
trap cleanup EXIT
binfmt_need i386
export XDG_CACHE_HOME="$WORK/xdg-cache"
CACHE="$WORK/cache"
json_get() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"; }

for arch in amd64 i386; do
  printf 'name: multi-%s\narchitectures: [%s]\nvariant: essential\nsources:\n  - suites: [bookworm]\n' "$arch" "$arch" \
    >"$WORK/$arch.yaml"
  run "$DEBIMG" --quiet compose "$WORK/$arch.yaml" --format oci -o "$WORK/$arch" --cache-dir "$CACHE"
  expect_rc 0 "compose $arch"
done
[ -f "$WORK/amd64/index.json" ] && [ -f "$WORK/i386/index.json" ] || { finish; exit 1; }

# The merge: both layouts' blobs in one, each manifest given one more (shared)
# layer, and index.json naming an image index of the two.
python3 - "$WORK" <<'PY' >"$WORK/merge.out" || fail "merge: $(cat "$WORK/merge.out")"
import gzip, hashlib, io, json, os, shutil, sys, tarfile
work = sys.argv[1]
out = f"{work}/multi"
os.makedirs(f"{out}/blobs/sha256")
dump = lambda obj: json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()

def put(data):
    digest = hashlib.sha256(data).hexdigest()
    with open(f"{out}/blobs/sha256/{digest}", "wb") as f:
        f.write(data)
    return {"digest": f"sha256:{digest}", "size": len(data)}

raw = io.BytesIO()
with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as t:
    data = b"shared by both platforms\n"
    info = tarfile.TarInfo("etc/debimg-shared")
    info.size, info.mtime, info.mode = len(data), 0, 0o644
    t.addfile(info, io.BytesIO(data))
diff_id = "sha256:" + hashlib.sha256(raw.getvalue()).hexdigest()
shared = dict(put(gzip.compress(raw.getvalue(), mtime=0)), mediaType="application/vnd.oci.image.layer.v1.tar+gzip")

entries, blobs = [], set()
for arch in ("amd64", "i386"):
    src = f"{work}/{arch}"
    for name in os.listdir(f"{src}/blobs/sha256"):
        shutil.copyfile(f"{src}/blobs/sha256/{name}", f"{out}/blobs/sha256/{name}")
    top = json.load(open(f"{src}/index.json"))["manifests"][0]
    blob = lambda d: json.load(open(f"{src}/blobs/sha256/{d['digest'][7:]}"))
    manifest = blob(top)
    config = blob(manifest["config"])
    config["rootfs"]["diff_ids"].append(diff_id)
    config.setdefault("history", []).append({"created_by": "push_index_registry.test.sh: a shared layer"})
    manifest["config"] = dict(manifest["config"], **put(dump(config)))
    manifest["layers"].append(shared)
    blobs |= {d["digest"] for d in [manifest["config"]] + manifest["layers"]}
    entries.append(dict(put(dump(manifest)), mediaType=top["mediaType"], platform=top["platform"]))
index = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": entries}
descriptor = dict(put(dump(index)), mediaType=index["mediaType"],
                  annotations={"org.opencontainers.image.ref.name": "multi"})
with open(f"{out}/index.json", "wb") as f:
    f.write(dump({"schemaVersion": 2, "manifests": [descriptor]}))
with open(f"{out}/oci-layout", "wb") as f:
    f.write(dump({"imageLayoutVersion": "1.0.0"}))
# For the checks: the index's digest, each manifest's, every distinct config and layer, the shared layer's.
print(descriptor["digest"])
print(" ".join(f"{m['platform']['architecture']}={m['digest']}" for m in entries))
print(" ".join(sorted(blobs)))
print(shared["digest"])
PY
INDEX=$(sed -n 1p "$WORK/merge.out")
MANIFESTS=$(sed -n 2p "$WORK/merge.out")
BLOBS=$(sed -n 3p "$WORK/merge.out")
SHARED=$(sed -n 4p "$WORK/merge.out")
NBLOBS=$(wc -w <<<"$BLOBS")
[ "$NBLOBS" = 5 ] && pass || fail "the merged layout's distinct blobs: $BLOBS"  # 2 configs, 2 image layers, 1 shared

bash "$DEBIMG_SOURCE_DIR/tests/fixtures/registry/start-registry.sh" "$WORK/reg" anonymous || fail "registry did not start"
PORT=$(cat "$WORK/reg/port")
REF="127.0.0.1:$PORT/test/multi:1"
LOG="$WORK/reg/registry.log"
run "$DEBIMG" --json push "$WORK/multi" "$REF" --cache-dir "$CACHE"
expect_rc 0 "push the multi-platform layout"
cp "$LOG" "$WORK/first-push.log"
[ "$(json_get '(d["digest"], d["index"], d["manifests"], d["blobs"], d["uploaded"], d["present"])' <<<"$OUT")" = \
  "('$INDEX', True, 2, $NBLOBS, $NBLOBS, 0)" ] && pass || fail "push result: $OUT"
run "$DEBIMG" push "$WORK/multi" "127.0.0.1:$PORT/test/multi:text" --cache-dir "$CACHE"
expect_out "pushed 127.0.0.1:$PORT/test/multi:text@$INDEX (an index of 2 manifests; 0 of $NBLOBS blobs uploaded" "text result"

# Each blob checked (HEAD) once and uploaded (POST, then PUT ?digest=) once by the first push.
python3 - "$WORK/first-push.log" "$BLOBS" "$SHARED" <<'PY' >"$WORK/log.check" && pass || fail "uploads per blob: $(cat "$WORK/log.check")"
import re, sys
first, blobs, shared = open(sys.argv[1]).read(), sys.argv[2].split(), sys.argv[3]
puts = re.findall(r'"PUT /v2/test/multi/blobs/uploads/\S*digest=sha256(?:%3A|:)([0-9a-f]{64})', first)
heads = re.findall(r'"HEAD /v2/test/multi/blobs/sha256:([0-9a-f]{64})', first)
posts = re.findall(r'"POST /v2/test/multi/blobs/uploads/', first)
bad = [d for d in blobs if puts.count(d[7:]) != 1 or heads.count(d[7:]) != 1]
print("puts", len(puts), "heads", len(heads), "posts", len(posts), "shared PUTs", puts.count(shared[7:]), "bad", bad)
sys.exit(0 if not bad and len(puts) == len(blobs) and len(posts) == len(blobs) else 1)
PY
echo "first push, per the registry's log: $(cat "$WORK/log.check")"

# What the registry serves under the tag is our index, byte for byte.
skopeo inspect --raw --tls-verify=false "docker://$REF" >"$WORK/remote-index" 2>"$WORK/inspect.err"
python3 - "$WORK/remote-index" "$INDEX" <<'PY' >"$WORK/index.check" && pass || fail "remote index: $(cat "$WORK/index.check" "$WORK/inspect.err")"
import hashlib, json, sys
data = open(sys.argv[1], "rb").read().rstrip(b"\n")  # skopeo may end it with a newline
index = json.loads(data)
platforms = sorted(m["platform"]["architecture"] for m in index["manifests"])
print("sha256:" + hashlib.sha256(data).hexdigest(), index.get("mediaType"), platforms)
sys.exit(0 if "sha256:" + hashlib.sha256(data).hexdigest() == sys.argv[2] and platforms == ["386", "amd64"] else 1)
PY
for entry in $MANIFESTS; do
  arch=${entry%%=*} digest=${entry#*=}
  got=$(skopeo inspect --raw --tls-verify=false "docker://127.0.0.1:$PORT/test/multi@$digest" | sha256sum | cut -d' ' -f1)
  [ "sha256:$got" = "$digest" ] && pass || fail "the $arch manifest by digest: sha256:$got"
  [ "$(skopeo inspect --tls-verify=false --override-arch "$arch" "docker://$REF" | json_get 'd["Architecture"]')" = "$arch" ] &&
    pass || fail "skopeo picks no $arch image from the index"
done

# skopeo copies every platform back; what it wrote is what we pushed.
skopeo copy --all --quiet --src-tls-verify=false "docker://$REF" "oci:$WORK/back:x" >"$WORK/copy.err" 2>&1 &&
  python3 - "$WORK/back" "$INDEX" $MANIFESTS <<'PY' >"$WORK/back.check" && pass || fail "skopeo copy --all: $(cat "$WORK/copy.err" "$WORK/back.check")"
import json, os, sys
back, index, manifests = sys.argv[1], sys.argv[2], [m.split("=", 1)[1] for m in sys.argv[3:]]
top = json.load(open(f"{back}/index.json"))["manifests"][0]
blob = lambda d: json.load(open(f"{back}/blobs/sha256/{d[7:]}"))
listed = [m["digest"] for m in blob(top["digest"])["manifests"]]
missing = [d["digest"] for m in manifests for d in [blob(m)["config"]] + blob(m)["layers"]
           if not os.path.exists(f"{back}/blobs/sha256/{d['digest'][7:]}")]
print(top["digest"], listed, missing)
sys.exit(0 if top["digest"] == index and listed == manifests and not missing else 1)
PY

# Pushed again: every blob present, nothing uploaded.
before=$(grep -c '"PUT /v2/[^ ]*/blobs/uploads/' "$LOG")
run "$DEBIMG" --json push "$WORK/multi" "$REF" --cache-dir "$CACHE"
expect_rc 0 "second push"
[ "$(json_get '(d["digest"], d["present"], d["uploaded"], d["mounted"])' <<<"$OUT")" = "('$INDEX', $NBLOBS, 0, 0)" ] &&
  [ "$(grep -c '"PUT /v2/[^ ]*/blobs/uploads/' "$LOG")" = "$before" ] && pass || fail "second push: $OUT"

# A damaged shared blob: refused before anything is sent, in one line naming it.
cp "$WORK/multi/blobs/sha256/${SHARED#sha256:}" "$WORK/shared.keep"
printf 'x' | dd of="$WORK/multi/blobs/sha256/${SHARED#sha256:}" bs=1 seek=20 conv=notrunc 2>/dev/null
requests=$(wc -l <"$LOG")
run "$DEBIMG" push "$WORK/multi" "127.0.0.1:$PORT/test/damaged:1" --cache-dir "$CACHE"
expect_rc 2 "a damaged blob"
expect_one_line_err "the damaged blob's refusal"
expect_err "layers[" "the layer named"
expect_err "blob $SHARED does not match its digest" "the damaged blob named"
[ "$(wc -l <"$LOG")" = "$requests" ] && pass || fail "requests were sent for a damaged layout"
finish
