# Several architectures from one profile, on the real mirror: minideb-bookworm
# for amd64, arm64 (maintainer scripts under qemu-user) and i386, with
# package layers. One format 3 lock; one OCI image index that skopeo and
# oci-image-tool read, that survives skopeo copy --all through an
# oci-archive, whose every platform runs under runc (dpkg and apt content),
# whose Architecture: all layers are the same blobs on every platform, and
# whose digest is the same from another user with another cache. Pushed to a
# private registry: the index comes back, every platform pulls, the shared
# layers went up once. Formats of one platform ask for --platform; a
# disabled emulator is refused in one line before any download.
source "$(dirname "$0")/lib/assert.sh"
source "$(dirname "$0")/lib/binfmt.sh"
source "$(dirname "$0")/lib/test_user.sh"
needs root mirror userns skopeo umoci runc oci-image-tool docker-registry python3
WORK=$(mktemp -d)
chmod 0755 "$WORK"
cleanup() {
  [ -f "$WORK/reg/pids" ] && kill $(cat "$WORK/reg/pids") 2>/dev/null
  for a in amd64 arm64 i386; do runc delete -f "debimg-multiarch-$a" >/dev/null 2>&1; done
  binfmt_restore
  test_users_cleanup
  rm -rf "$WORK"
}
trap cleanup EXIT
binfmt_need amd64 arm64 i386
START=$SECONDS
elapsed() { echo "$((SECONDS - START)) s"; }
export XDG_CACHE_HOME="$WORK/xdg"
CACHE="$WORK/cache"
TAG=minideb:bookworm  # index.json names the index by image.tag
json_get() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"; }

sed -e 's/^name: minideb-bookworm/name: multi/' -e 's/^variant: essential/architectures: [amd64, arm64, i386]\nvariant: essential/' \
  "$DEBIMG_SOURCE_DIR/profiles/minideb-bookworm.yaml" >"$WORK/multi.yaml"
printf '  layers: {strategy: packages, max: 12}\n' >>"$WORK/multi.yaml"
grep -q '^architectures: \[amd64, arm64, i386\]$' "$WORK/multi.yaml" && grep -q '^  layers:' "$WORK/multi.yaml" ||
  { fail "the test profile"; finish; exit 1; }

# One lock: format 3, every architecture resolved, the all packages once.
run "$DEBIMG" lock "$WORK/multi.yaml" --cache-dir "$CACHE"
expect_rc 0 "lock three architectures"
L="$WORK/multi.lock"
grep -q '^Lock-Version: 3$' "$L" && grep -q '^Architectures: amd64 arm64 i386$' "$L" && pass || fail "lock header: $(head -5 "$L")"
python3 - "$L" <<'PY' >"$WORK/lock.check" && pass || fail "lock stanzas: $(cat "$WORK/lock.check")"
import sys
stanzas = [dict(l.split(": ", 1) for l in s.splitlines()) for s in open(sys.argv[1]).read().split("\n\n")]
pkgs = [s for s in stanzas if "Package" in s]
per = {a: {p["Package"] for p in pkgs if p.get("Platforms", p["Architecture"]).split().count(a)} for a in ("amd64", "arm64", "i386")}
alls = [p for p in pkgs if p["Architecture"] == "all"]
ok = all("dpkg" in v and "apt" in v for v in per.values()) and alls and all(p.get("Platforms") == "amd64 arm64 i386" for p in alls)
ok = ok and all(p["Architecture"] in per for p in pkgs if p["Architecture"] != "all")
print({a: len(v) for a, v in per.items()}, len(alls), "all packages, each once")
sys.exit(0 if ok else 1)
PY
cat "$WORK/lock.check"
run "$DEBIMG" lock "$WORK/multi.yaml" --check --cache-dir "$CACHE"
expect_rc 0 "lock --check on three architectures"
run "$DEBIMG" lock "$WORK/multi.yaml" --why libc6 --arch arm64
expect_rc 0 "--why --arch arm64"
expect_out "→ libc6" "--why names the chain in the arm64 image"
run "$DEBIMG" lock "$WORK/multi.yaml" --why tzdata
expect_out "amd64: tzdata (listed in packages)" "--why without --arch: each architecture"
expect_out "i386: tzdata (listed in packages)" "--why without --arch: i386 too"

# Formats of one platform need --platform; a platform the profile lacks is named.
run "$DEBIMG" compose "$WORK/multi.yaml" --format docker-archive -o "$WORK/d.tar" --cache-dir "$CACHE"
expect_rc 2 "docker-archive of three platforms"
expect_err "holds one: pick one with --platform" "the error says what to do"
run "$DEBIMG" compose "$WORK/multi.yaml" --platform linux/s390x -o "$WORK/s" --cache-dir "$CACHE"
expect_rc 2 "--platform the profile lacks"
expect_err "'linux/s390x' is none of the platforms the profile builds (linux/amd64, linux/arm64/v8, linux/386)" "the choices"

# A disabled emulator: one line, before anything is downloaded.
echo 0 >"$BINFMT/qemu-aarch64"
run "$DEBIMG" compose "$WORK/multi.yaml" -o "$WORK/never" --cache-dir "$WORK/empty-cache"
echo 1 >"$BINFMT/qemu-aarch64"
expect_rc 2 "compose with qemu-aarch64 disabled"
expect_err "architecture arm64 cannot run its maintainer scripts" "the error names the architecture"
expect_one_line_err "the disabled emulator"
[ ! -e "$WORK/never" ] && [ -z "$(find "$WORK/empty-cache" -name '*.deb' -o -type f -path '*sha256*' 2>/dev/null)" ] &&
  pass || fail "something was written or downloaded"

# The image index.
"$DEBIMG" --verbose --json compose "$WORK/multi.yaml" -o "$WORK/oci" --cache-dir "$CACHE" >"$WORK/a.json" 2>"$WORK/a.err"
rc=$?
[ $rc = 0 ] && pass || fail "compose three platforms: exit $rc: $(tail -3 "$WORK/a.err")"
echo "composed three platforms after $(elapsed)"
for p in linux/amd64 linux/arm64/v8 linux/386; do
  grep -q "^\[$p\] " "$WORK/a.err" && pass || fail "no progress lines of $p"
done
INDEX=$(json_get 'd["digest"]' <"$WORK/a.json")
skopeo inspect --raw "oci:$WORK/oci:$TAG" >"$WORK/index.raw" 2>"$WORK/inspect.err"
python3 - "$WORK/index.raw" "$INDEX" <<'PY' >"$WORK/index.check" && pass || fail "the index: $(cat "$WORK/index.check" "$WORK/inspect.err")"
import hashlib, json, sys
data = open(sys.argv[1], "rb").read().rstrip(b"\n")
i = json.loads(data)
platforms = [(m["platform"]["os"], m["platform"]["architecture"], m["platform"].get("variant")) for m in i["manifests"]]
print(i["mediaType"], platforms)
ok = i["mediaType"] == "application/vnd.oci.image.index.v1+json" and "sha256:" + hashlib.sha256(data).hexdigest() == sys.argv[2]
sys.exit(0 if ok and platforms == [("linux", "amd64", None), ("linux", "arm64", "v8"), ("linux", "386", None)] else 1)
PY
# index.json names the index alone (the platforms' SBOMs are in its referrers index).
oci-image-tool validate --type image --ref "name=$TAG" "$WORK/oci" >"$WORK/validate" 2>&1 && pass ||
  fail "oci-image-tool (layout): $(tail -2 "$WORK/validate")"
blob() { echo "$WORK/oci/blobs/sha256/${1#sha256:}"; }
oci-image-tool validate --type imageIndex "$(blob "$INDEX")" >"$WORK/validate" 2>&1 && pass ||
  fail "oci-image-tool (index): $(tail -2 "$WORK/validate")"
MANIFESTS=$(python3 -c 'import json,sys; print(" ".join(m["digest"] for m in json.load(open(sys.argv[1]))["manifests"]))' "$(blob "$INDEX")")
for m in $MANIFESTS; do
  config=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["config"]["digest"])' "$(blob "$m")")
  oci-image-tool validate --type manifest "$(blob "$m")" >"$WORK/validate" 2>&1 &&
    oci-image-tool validate --type config "$(blob "$config")" >>"$WORK/validate" 2>&1 && pass ||
    fail "oci-image-tool (manifest $m): $(tail -2 "$WORK/validate")"
done

# skopeo copy --all: oci → oci-archive → oci keeps the index.
skopeo copy --all -q "oci:$WORK/oci:$TAG" "oci-archive:$WORK/copy.tar:$TAG" >"$WORK/copy.err" 2>&1 &&
  skopeo copy --all -q "oci-archive:$WORK/copy.tar:$TAG" "oci:$WORK/back:$TAG" >>"$WORK/copy.err" 2>&1 &&
  [ "sha256:$(skopeo inspect --raw "oci:$WORK/back:$TAG" | sha256sum | cut -d' ' -f1)" = "$INDEX" ] && pass ||
  fail "skopeo copy --all round trip: $(cat "$WORK/copy.err")"

# The Architecture: all layers are the same blobs on every platform.
python3 - "$WORK/oci" "$INDEX" <<'PY' >"$WORK/shared.check" && pass || fail "shared layers: $(cat "$WORK/shared.check")"
import json, sys
root, index = sys.argv[1], sys.argv[2]
blob = lambda d: json.load(open(f"{root}/blobs/sha256/{d[7:]}"))
layers = {}
for m in blob(index)["manifests"]:
    man = blob(m["digest"])
    cfg = blob(man["config"]["digest"])
    layers[m["platform"]["architecture"]] = [(l["digest"], l["size"], h.get("comment", ""))
                                             for l, h in zip(man["layers"], [h for h in cfg["history"] if not h.get("empty_layer")])]
sets = [set(d for d, _, _ in ls) for ls in layers.values()]
shared = set.intersection(*sets)
amd = layers["amd64"]
shared_bytes = sum(s for d, s, _ in amd if d in shared)
total = sum(s for _, s, _ in amd)
print(f"{len(shared)} of {len(amd)} layers shared by every platform, {shared_bytes} of {total} compressed bytes of amd64's image")
comments = [c for d, _, c in amd if d in shared]
print("shared:", comments)
sys.exit(0 if shared and all(c.startswith("debimg: packages ") for c in comments) and "tzdata" in " ".join(comments) else 1)
PY
cat "$WORK/shared.check"

# Every platform runs (arm64 and i386 through qemu where needed): dpkg's
# architecture, the machine, dpkg --audit silent, apt-get check clean.
for entry in amd64=amd64:x86_64 arm64=arm64:aarch64 386=i386:i686; do
  oci=${entry%%=*} deb=${entry#*=} deb=${deb%%:*} machine=${entry##*:}
  skopeo copy -q --override-arch "$oci" "oci:$WORK/oci:$TAG" "oci:$WORK/one-$deb:x" >"$WORK/copy.err" 2>&1 &&
    umoci unpack --image "$WORK/one-$deb:x" "$WORK/bundle-$deb" >/dev/null 2>&1 || { fail "$deb: unpack: $(cat "$WORK/copy.err")"; continue; }
  python3 "$DEBIMG_SOURCE_DIR/tests/integration/lib/runc_config.py" --root "$WORK/bundle-$deb" \
    /bin/sh -c 'dpkg --print-architecture; uname -m; dpkg --audit; apt-get check -q 2>&1 | grep -v "^Reading\|^Building\|^Reading state" ; echo end'
  out=$(timeout 300 runc run -b "$WORK/bundle-$deb" "debimg-multiarch-$deb" 2>&1)
  got=$(tr '\n' ' ' <<<"$out")
  case $got in
    "$deb $machine end "|"$deb x86_64 end ") pass ;;  # i386 natively on a 64-bit kernel says x86_64
    *) fail "$deb under runc: $got" ;;
  esac
  runc delete -f "debimg-multiarch-$deb" >/dev/null 2>&1
done
echo "ran every platform after $(elapsed)"

# The same index from another user with another cache (seeded with the .debs only).
MUSER=debimg-multiarch
test_user "$MUSER" "$(free_id_range "$MUSER")"
UDEBIMG=$(user_debimg "$WORK/ubin")
mkdir -p "$WORK/user/cache2"
cp "$WORK/multi.yaml" "$L" "$WORK/user/"
seed_debs "$L" "$CACHE" "$WORK/user/cache2"
chown -R "$MUSER:" "$WORK/user"
su "$MUSER" -s /bin/sh -c "cd '$WORK/user' && exec env XDG_CACHE_HOME='$WORK/user/xdg' '$UDEBIMG' --json compose multi.yaml --frozen -o oci-b --cache-dir cache2" \
  >"$WORK/b.json" 2>"$WORK/b.err"
rc=$?
[ $rc = 0 ] && pass || fail "compose as $MUSER: exit $rc: $(tail -3 "$WORK/b.err")"
[ "$(json_get 'd.get("digest")' <"$WORK/b.json" 2>/dev/null)" = "$INDEX" ] && pass ||
  fail "another user and cache made another index: $(json_get 'd.get("digest")' <"$WORK/b.json" 2>/dev/null) != $INDEX"
[ "$(json_get 'd.get("downloaded")' <"$WORK/b.json" 2>/dev/null)" = 0 ] && pass || fail "the seeded cache was not used"
echo "composed again as $MUSER after $(elapsed)"

# Push: the index and every manifest; each blob, the shared ones too, uploaded once.
bash "$DEBIMG_SOURCE_DIR/tests/fixtures/registry/start-registry.sh" "$WORK/reg" anonymous || fail "registry did not start"
PORT=$(cat "$WORK/reg/port")
REF="127.0.0.1:$PORT/debimg/multi:bookworm"
run "$DEBIMG" --json push "$WORK/oci" "$REF" --cache-dir "$CACHE"
expect_rc 0 "push the index"
[ "$(json_get '(d["digest"], d["index"], d["manifests"])' <<<"$OUT")" = "('$INDEX', True, 3)" ] && pass || fail "push result: $OUT"
[ "sha256:$(skopeo inspect --raw --tls-verify=false "docker://$REF" | sha256sum | cut -d' ' -f1)" = "$INDEX" ] && pass ||
  fail "the registry serves another index under the tag"
for arch in amd64 arm64 386; do
  skopeo copy -q --src-tls-verify=false --override-arch "$arch" "docker://$REF" "oci:$WORK/pulled-$arch:x" >"$WORK/pull.err" 2>&1 &&
    pass || fail "pull $arch: $(cat "$WORK/pull.err")"
done
python3 - "$WORK/reg/registry.log" "$WORK/oci" "$INDEX" <<'PY' >"$WORK/log.check" && pass || fail "uploads: $(cat "$WORK/log.check")"
import json, re, sys
log, root, index = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3]
blob = lambda d: json.load(open(f"{root}/blobs/sha256/{d[7:]}"))
per = [blob(m["digest"]) for m in blob(index)["manifests"]]
# Each platform's SBOM (the layout's referrers index lists them) goes up too; their empty config is one blob.
top = json.load(open(f"{root}/index.json"))
assert len(top["manifests"]) == 1, top
sboms = [blob(e["digest"]) for e in blob(top["annotations"]["org.debimg.referrers"])["manifests"]]
assert sorted(s["subject"]["digest"] for s in sboms) == sorted(m["digest"] for m in blob(index)["manifests"]), sboms
digests = {l["digest"][7:] for m in per + sboms for l in m["layers"]} | {m["config"]["digest"][7:] for m in per + sboms}
shared = set.intersection(*[{l["digest"][7:] for l in m["layers"]} for m in per])
puts = re.findall(r'"PUT /v2/debimg/multi/blobs/uploads/\S*digest=sha256(?:%3A|:)([0-9a-f]{64})', log)
bad = [d for d in digests if puts.count(d) != 1]
print(len(digests), "blobs,", len(puts), "uploaded,", len(shared), "shared layers, each PUT", {puts.count(d) for d in shared})
sys.exit(0 if not bad and len(puts) == len(digests) and shared and len(sboms) == 3 else 1)
PY
cat "$WORK/log.check"
# docker-registry has no referrers API: each platform's SBOM is under its manifest's fallback tag.
for m in $MANIFESTS; do
  skopeo inspect --raw --tls-verify=false "docker://${REF%:*}:sha256-${m#sha256:}" 2>&1 |
    python3 -c 'import json,sys; i=json.load(sys.stdin); assert [d["artifactType"] for d in i["manifests"]] == ["application/spdx+json"], i' &&
    pass || fail "no SBOM under the fallback tag of $m"
done
echo "multiarch_mirror: $(elapsed) in all"
finish
