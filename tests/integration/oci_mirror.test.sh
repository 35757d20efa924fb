# OCI output on the real mirror: a layout and an archive the OCI tools accept,
# that runc runs, with the same manifest digest whatever the output path,
# umask, time zone or user (root or a subordinate-range user).
source "$(dirname "$0")/lib/assert.sh"
needs root mirror userns runc skopeo
WORK=$(mktemp -d)
chmod 755 "$WORK"
source "$(dirname "$0")/lib/test_user.sh"
trap 'test_users_cleanup; rm -rf "$WORK"; runc delete -f debimg-oci-test >/dev/null 2>&1' EXIT
export XDG_CACHE_HOME="$WORK/cache"
cp "$DEBIMG_SOURCE_DIR/profiles/debian-bookworm-minbase.yaml" "$WORK/p.yaml"
TAG=debian:bookworm-minbase  # index.json names the image by image.tag

run "$DEBIMG" --json compose "$WORK/p.yaml" --format oci -o "$WORK/oci"
expect_rc 0 "compose oci"
DIGEST=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["digest"])' <<<"$OUT")
EPOCH=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["source-date-epoch"])' <<<"$OUT")
[[ "$DIGEST" == sha256:* ]] && pass || fail "no manifest digest in --json: $OUT"
[ "$(python3 -c 'import json,sys; print(json.load(sys.stdin)["config"])' <<<"$OUT")" = \
  "sha256:$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]+"/blobs/sha256/"+sys.argv[2][7:]))["config"]["digest"][7:])' "$WORK/oci" "$DIGEST")" ] &&
  pass || fail "--json config digest"
python3 -c '
import json, os, sys
d = json.load(sys.stdin)
layer = d["layers"][0]
assert layer["diff-id"].startswith("sha256:") and layer["size"] > 10**7, d
assert os.path.getsize(sys.argv[1] + "/blobs/sha256/" + layer["digest"][7:]) == layer["size"], d
assert d["packages"] > 50, d' "$WORK/oci" <<<"$OUT" && pass || fail "--json layers: $OUT"
[ "$(stat -c %a "$WORK/oci")" = 755 ] && pass || fail "layout mode $(stat -c %a "$WORK/oci")"
oci-image-tool validate --type image --ref "name=$TAG" "$WORK/oci" >"$WORK/validate" 2>&1 && pass || fail "oci-image-tool: $(tail -2 "$WORK/validate")"
skopeo inspect "oci:$WORK/oci:$TAG" >"$WORK/inspect" 2>&1 && pass || fail "skopeo inspect: $(tail -2 "$WORK/inspect")"
grep -q "\"Digest\": \"$DIGEST\"" "$WORK/inspect" && pass || fail "skopeo sees another digest"
python3 - "$WORK/inspect" <<'PY' && pass || fail "image config: $(cat "$WORK/inspect")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["Architecture"] == "amd64" and d["Os"] == "linux", d
assert "LANG=C.UTF-8" in d["Env"] and any(e.startswith("PATH=") for e in d["Env"]), d["Env"]
assert len(d["Layers"]) == 1, d["Layers"]
PY
config=$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1]+"/blobs/sha256/"+sys.argv[2][7:])); print(m["config"]["digest"][7:])' "$WORK/oci" "$DIGEST")
grep -q '"Cmd":\["/bin/bash"\]' "$WORK/oci/blobs/sha256/$config" && pass || fail "Cmd from the profile"
created=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["created"])' "$WORK/oci/blobs/sha256/$config")
# The packages' date, as dpkg-parsechangelog reads their changelogs (docs/reproducibility.md).
epoch=$(python3 "$DEBIMG_SOURCE_DIR/tests/integration/lib/changelog_epoch.py" "$WORK/p.lock" "$XDG_CACHE_HOME/debimg")
[ "$epoch" = "$EPOCH" ] && [ "$created" = "$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)" ] && pass ||
  fail "created $created (source-date-epoch $EPOCH) is not the packages' newest changelog date $epoch"

# runc runs it the way `docker run` would: Docker's default capabilities, the host's network.
umoci unpack --image "$WORK/oci:$TAG" "$WORK/bundle" >/dev/null 2>&1 && pass || fail "umoci unpack"
python3 "$DEBIMG_SOURCE_DIR/tests/integration/lib/runc_config.py" "$WORK/bundle" \
  sh -c 'dpkg --audit && apt-get check && cat /etc/os-release'
out=$(timeout 120 runc run -b "$WORK/bundle" debimg-oci-test 2>&1)
rc=$?
[ $rc = 0 ] && grep -q '^VERSION_CODENAME=bookworm$' <<<"$out" && pass || fail "runc (rc $rc): $out"
runc delete -f debimg-oci-test >/dev/null 2>&1
python3 - "$WORK/bundle/config.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["process"]["args"] = ["/bin/sh", "-c", "echo $(dpkg-query -W | wc -l) $(id -u)"]
json.dump(c, open(sys.argv[1], "w"))
PY
out=$(timeout 120 runc run -b "$WORK/bundle" debimg-oci-test 2>&1)
npkg=$(grep -c '^Package: ' "$WORK/p.lock")
[ "$out" = "$npkg 0" ] && pass || fail "runc: $out (expected $npkg packages, uid 0)"

# The same digest from another path, umask, time zone and locale.
mkdir -p "$WORK/elsewhere"
(cd / && umask 077 && TZ=Pacific/Chatham LANG=de_DE.UTF-8 LC_ALL=C.UTF-8 "$DEBIMG" --json compose "$WORK/p.yaml" --format oci -o "$WORK/elsewhere/oci2" >"$WORK/again.json" 2>/dev/null)
[ "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["digest"])' "$WORK/again.json")" = "$DIGEST" ] && pass || fail "second compose has another digest"
diff -r "$WORK/oci/blobs" "$WORK/elsewhere/oci2/blobs" >/dev/null && pass || fail "the blobs' bytes differ"

# skopeo copies between the formats keep the image.
skopeo copy --quiet "oci:$WORK/oci:$TAG" "oci-archive:$WORK/copied.tar:$TAG" >"$WORK/copy1" 2>&1 && pass || fail "skopeo copy oci → oci-archive: $(tail -2 "$WORK/copy1")"
skopeo copy --quiet "oci-archive:$WORK/copied.tar:$TAG" "oci:$WORK/copied:$TAG" >"$WORK/copy2" 2>&1 && pass || fail "skopeo copy oci-archive → oci: $(tail -2 "$WORK/copy2")"
grep -q "\"Digest\": \"$DIGEST\"" <(skopeo inspect "oci:$WORK/copied:$TAG" 2>&1) && pass || fail "the copied image has another digest"

# oci-archive holds the same image.
run "$DEBIMG" --json compose "$WORK/p.yaml" --format oci-archive -o "$WORK/image.tar"
expect_rc 0 "compose oci-archive"
skopeo inspect "oci-archive:$WORK/image.tar:$TAG" >"$WORK/inspect2" 2>&1 && pass || fail "skopeo oci-archive: $(tail -2 "$WORK/inspect2")"
grep -q "\"Digest\": \"$DIGEST\"" "$WORK/inspect2" && pass || fail "oci-archive holds another digest"
cmp -s <("$DEBIMG" compose "$WORK/p.yaml" --format oci-archive -o "$WORK/image2.tar" >/dev/null 2>&1; cat "$WORK/image2.tar") "$WORK/image.tar" && pass || fail "two oci-archives differ"

# docker-archive: `docker save` layout that skopeo reads and converts (layers checked against the DiffIDs).
run "$DEBIMG" compose "$WORK/p.yaml" --format docker-archive -o "$WORK/docker.tar"
expect_rc 0 "compose docker-archive"
# Its SBOM beside it (docker save's form holds no artifact), of the same image as the oci output's.
python3 - "$WORK/docker.tar.spdx.json" "$DIGEST" <<'PY' && pass || fail "the docker-archive's SBOM beside it"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["spdxVersion"] == "SPDX-2.3", doc.get("spdxVersion")
image = next(p for p in doc["packages"] if p["SPDXID"] == "SPDXRef-Image")
assert image["checksums"][0]["checksumValue"] == sys.argv[2][7:], image
debs = [p for p in doc["packages"] if p["SPDXID"] != "SPDXRef-Image"]
assert len(debs) > 50 and any(p["name"] == "libc6" for p in debs), len(debs)
PY
[ "$(tar -xOf "$WORK/docker.tar" manifest.json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["RepoTags"][0])')" = "debian:bookworm-minbase" ] && pass || fail "manifest.json RepoTags"
skopeo copy --quiet "docker-archive:$WORK/docker.tar" "oci:$WORK/fromdocker:x" >"$WORK/copy" 2>&1 && pass || fail "skopeo copy docker-archive: $(tail -2 "$WORK/copy")"
# podman loads it; its image ID is the config's digest.
PODMAN=(podman --root "$WORK/podman/root" --runroot "$WORK/podman/run" --storage-driver vfs)
"${PODMAN[@]}" load -q -i "$WORK/docker.tar" >"$WORK/load" 2>&1 && pass || fail "podman load: $(tail -2 "$WORK/load")"
CONFIG=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]+"/blobs/sha256/"+sys.argv[2][7:]))["config"]["digest"])' "$WORK/oci" "$DIGEST")
[ "$("${PODMAN[@]}" image inspect --format '{{.Id}}' debian:bookworm-minbase 2>&1)" = "${CONFIG#sha256:}" ] && pass || fail "podman's image ID is not the config digest"
"${PODMAN[@]}" rmi -a -f >/dev/null 2>&1

# A user with a subordinate id range gets the same digest.
test_user debimg-ci 400000
UDEBIMG=$(user_debimg "$WORK/ubin")
mkdir -p "$WORK/user" && cp "$WORK/p.yaml" "$WORK/p.lock" "$WORK/user/" && chown -R debimg-ci "$WORK/user"
run su debimg-ci -s /bin/sh -c "cd '$WORK/user' && XDG_CACHE_HOME='$WORK/user/cache' '$UDEBIMG' --json compose p.yaml --format oci -o oci"
expect_rc 0 "unprivileged oci"
[ "$(python3 -c 'import json,sys; print(json.load(sys.stdin)["digest"])' <<<"$OUT")" = "$DIGEST" ] && pass || fail "unprivileged digest differs"

finish
