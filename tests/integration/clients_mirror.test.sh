# What the container clients make of debimg's outputs with the default
# settings (an SBOM attached), on the real mirror: minideb-bookworm as an
# oci-archive (unpacked, its layout for the oci: clients) and a
# docker-archive, and a two-platform profile (amd64 and i386) as an OCI
# layout. index.json names one entry, so skopeo copy (with and without
# --all), podman load and podman pull oci-archive:, umoci ls, oci-image-tool,
# docker load (of the docker-archive, and of what skopeo made) and
# containerd's import take it without a tag; the loaded image has debimg's
# manifest (or index) digest or its config digest, and podman, docker and
# containerd name it after the profile's image.tag (docker runs it). The
# SBOMs are in the layout's referrers index, each with its image as subject.
# umoci unpack: sbom_mirror. The clients run privately: podman on storage of
# the test's, a dockerd (and its containerd) on a socket under $WORK.
source "$(dirname "$0")/lib/assert.sh"
source "$(dirname "$0")/lib/binfmt.sh"
source "$(dirname "$0")/lib/clients.sh"
needs root mirror userns skopeo podman umoci oci-image-tool dockerd docker ctr python3
WORK=$(mktemp -d)
chmod 0755 "$WORK"
cleanup() {
  dockerd_stop
  binfmt_restore
  rm -rf "$WORK"
}
trap cleanup EXIT
binfmt_need i386
START=$SECONDS
dockerd_start "$WORK/docker"  # it starts while the images compose
export XDG_CACHE_HOME="$WORK/xdg"
CACHE="$WORK/cache"
json_get() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"; }
config_of() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]+"/blobs/sha256/"+sys.argv[2][7:]))["config"]["digest"])' "$1" "$2"; }

# The shipped profile on a freshly updated copy of its lock; the two-platform one beside it.
cp "$DEBIMG_SOURCE_DIR/profiles/minideb-bookworm.yaml" "$DEBIMG_SOURCE_DIR/profiles/minideb-bookworm.lock" "$WORK/"
run "$DEBIMG" lock "$WORK/minideb-bookworm.yaml" --update --cache-dir "$CACHE"
expect_rc 0 "lock --update minideb-bookworm"
sed -e 's/^name: minideb-bookworm/name: two/' -e 's/^variant: essential/architectures: [amd64, i386]\nvariant: essential/' \
  -e 's|^  tag: minideb:bookworm$|  tag: debimg/two:bookworm|' "$WORK/minideb-bookworm.yaml" >"$WORK/two.yaml"
grep -q '^architectures: \[amd64, i386\]$' "$WORK/two.yaml" && grep -q '^  tag: debimg/two:bookworm$' "$WORK/two.yaml" &&
  pass || fail "the two-platform profile"
run "$DEBIMG" lock "$WORK/two.yaml" --cache-dir "$CACHE"
expect_rc 0 "lock two platforms"

run "$DEBIMG" --json compose "$WORK/minideb-bookworm.yaml" --format oci-archive -o "$WORK/m.tar" --cache-dir "$CACHE"
expect_rc 0 "compose minideb-bookworm (oci-archive)"
DIGEST=$(json_get 'd["digest"]' <<<"$OUT")
SBOM=$(json_get 'd["sboms"]["spdx"]' <<<"$OUT")
M="$WORK/m"
mkdir -p "$M" && tar -C "$M" -xf "$WORK/m.tar"
CONFIG=$(config_of "$M" "$DIGEST")
# The docker-archive beside the two platforms: each compose keeps a core busy.
"$DEBIMG" compose "$WORK/minideb-bookworm.yaml" --format docker-archive -o "$WORK/d.tar" --cache-dir "$CACHE" \
  >"$WORK/d.out" 2>&1 &
DOCKER_ARCHIVE=$!
run "$DEBIMG" --json compose "$WORK/two.yaml" -o "$WORK/two" --cache-dir "$CACHE"
expect_rc 0 "compose two platforms (oci)"
INDEX=$(json_get 'd["digest"]' <<<"$OUT")
T="$WORK/two"
wait $DOCKER_ARCHIVE && pass || fail "compose minideb-bookworm (docker-archive): $(tail -2 "$WORK/d.out")"
echo "composed after $((SECONDS - START)) s"

# index.json: one entry, named by image.tag; the SBOMs in the referrers
# index its annotation names, their subjects the images.
python3 - "$M" "$DIGEST" "minideb:bookworm" "docker.io/library/minideb:bookworm" "$SBOM" <<'PY' && pass || fail "minideb's index.json"
import json, sys
root, digest, ref, full, sbom = sys.argv[1:]
blob = lambda d: json.load(open(f"{root}/blobs/sha256/{d[7:]}"))
top = json.load(open(f"{root}/index.json"))
assert [m["digest"] for m in top["manifests"]] == [digest], top
assert top["manifests"][0]["annotations"] == {"org.opencontainers.image.ref.name": ref, "io.containerd.image.name": full}, top
referrers = blob(top["annotations"]["org.debimg.referrers"])["manifests"]
assert [(r["digest"], r["artifactType"]) for r in referrers] == [(sbom, "application/spdx+json")], referrers
assert blob(sbom)["subject"]["digest"] == digest
PY
python3 - "$T" "$INDEX" "debimg/two:bookworm" "docker.io/debimg/two:bookworm" <<'PY' && pass || fail "two platforms' index.json"
import json, sys
root, index, ref, full = sys.argv[1:]
blob = lambda d: json.load(open(f"{root}/blobs/sha256/{d[7:]}"))
top = json.load(open(f"{root}/index.json"))
assert [(m["digest"], m["mediaType"]) for m in top["manifests"]] == [(index, "application/vnd.oci.image.index.v1+json")], top
assert top["manifests"][0]["annotations"] == {"org.opencontainers.image.ref.name": ref, "io.containerd.image.name": full}, top
platforms = [m["digest"] for m in blob(index)["manifests"]]
subjects = [blob(r["digest"])["subject"]["digest"] for r in blob(top["annotations"]["org.debimg.referrers"])["manifests"]]
assert len(platforms) == 2 and subjects == platforms, (platforms, subjects)
PY
T_AMD64=$(python3 -c 'import json,sys; i=json.load(open(sys.argv[1]+"/blobs/sha256/"+sys.argv[2][7:])); print(next(m["digest"] for m in i["manifests"] if m["platform"]["architecture"]=="amd64"))' "$T" "$INDEX")
T_CONFIG=$(config_of "$T" "$T_AMD64")

# skopeo, untagged: oci: → docker-archive (the host's platform of an index),
# --all → docker-archive for one image, --all → oci-archive keeps the index.
docker_config() { tar -xOf "$1" manifest.json | json_get 'd[0]["Config"]'; }  # skopeo names it HEX.json
for case in "M none sk-m.tar $CONFIG" "M --all sk-m-all.tar $CONFIG" "T none sk-two.tar $T_CONFIG"; do
  read -r layout all archive config <<<"$case"
  skopeo copy -q ${all#none} "oci:${!layout}" "docker-archive:$WORK/$archive" >"$WORK/sk.err" 2>&1 &&
    [ "$(docker_config "$WORK/$archive")" = "${config#sha256:}.json" ] && pass ||
    fail "skopeo copy ${all#none} oci:$layout docker-archive: $(cat "$WORK/sk.err")"
done
for layout in M T; do
  dir=${!layout}
  want=$([ $layout = M ] && echo "$DIGEST" || echo "$INDEX")
  skopeo copy -q --all "oci:$dir" "oci-archive:$WORK/$layout-all.tar" >"$WORK/sk.err" 2>&1 &&
    [ "sha256:$(skopeo inspect --raw "oci-archive:$WORK/$layout-all.tar" | sha256sum | cut -d' ' -f1)" = "$want" ] && pass ||
    fail "skopeo copy --all oci:$layout oci-archive: $(cat "$WORK/sk.err")"
done

echo "skopeo done after $((SECONDS - START)) s"

# oci-image-tool and umoci on the layouts as written (no entry to drop first).
oci-image-tool validate --type image --ref "name=minideb:bookworm" "$M" >"$WORK/oit" 2>&1 && pass ||
  fail "oci-image-tool minideb: $(tail -2 "$WORK/oit")"
oci-image-tool validate --type image "$T" >"$WORK/oit" 2>&1 && pass || fail "oci-image-tool two platforms: $(tail -2 "$WORK/oit")"
[ "$(umoci ls --layout "$M")" = "minideb:bookworm" ] && [ "$(umoci ls --layout "$T")" = "debimg/two:bookworm" ] && pass ||
  fail "umoci ls: $(umoci ls --layout "$M" 2>&1) / $(umoci ls --layout "$T" 2>&1)"
echo "oci-image-tool and umoci ls done after $((SECONDS - START)) s"

# podman: load -i and pull oci-archive:, untagged; the image has our
# digest and config, under image.tag's name.
podman_private "$WORK/podman"
tar -C "$T" -cf "$WORK/two.tar" .
podman_check() {  # podman_check WHAT NAME DIGEST CONFIG: then removes it
  local got
  got=$("${PODMAN[@]}" image inspect --format '{{.Digest}} {{.Id}} {{index .RepoTags 0}}' "$2" 2>&1)
  [ "$got" = "$3 ${4#sha256:} $2" ] && pass || fail "$1: podman has '$got', not '$3 ${4#sha256:} $2'"
  "${PODMAN[@]}" rmi -a -f >/dev/null 2>&1
}
podman_load() {  # podman_load ARCHIVE NAME
  "${PODMAN[@]}" load -i "$WORK/$1" >"$WORK/podman.out" 2>&1 && grep -qx "Loaded image: $2" "$WORK/podman.out" && pass ||
    fail "podman load -i $1: $(tail -2 "$WORK/podman.out")"
}
podman_load m.tar docker.io/library/minideb:bookworm
# The short name finds it, as `podman run minideb:bookworm` would.
[ "$("${PODMAN[@]}" image inspect --format '{{.Id}}' minideb:bookworm 2>&1)" = "${CONFIG#sha256:}" ] && pass ||
  fail "podman does not find minideb:bookworm by its short name"
podman_check "podman load -i m.tar" docker.io/library/minideb:bookworm "$DIGEST" "$CONFIG"
"${PODMAN[@]}" pull -q "oci-archive:$WORK/m.tar" >"$WORK/podman.out" 2>&1 && pass ||
  fail "podman pull oci-archive:m.tar: $(tail -2 "$WORK/podman.out")"
podman_check "podman pull oci-archive:m.tar" docker.io/library/minideb:bookworm "$DIGEST" "$CONFIG"
podman_load two.tar docker.io/debimg/two:bookworm
podman_check "podman load -i two.tar" docker.io/debimg/two:bookworm "$INDEX" "$T_CONFIG"  # amd64's, this host's

echo "podman done after $((SECONDS - START)) s"

# docker: debimg's docker-archive under its RepoTags, skopeo's by its config; it runs.
dockerd_wait
docker load -i "$WORK/d.tar" >"$WORK/docker.out" 2>&1 && grep -qx "Loaded image: minideb:bookworm" "$WORK/docker.out" &&
  [ "$(docker image inspect --format '{{.Id}}' minideb:bookworm 2>&1)" = "$CONFIG" ] && pass ||
  fail "docker load of the docker-archive: $(tail -2 "$WORK/docker.out")"
docker load -i "$WORK/sk-m.tar" >"$WORK/docker.out" 2>&1 && grep -qx "Loaded image ID: $CONFIG" "$WORK/docker.out" && pass ||
  fail "docker load of skopeo's docker-archive: $(tail -2 "$WORK/docker.out") (expected $CONFIG)"
out=$(timeout 120 docker run --rm --network none minideb:bookworm sh -c 'dpkg --print-architecture; cat /etc/debian_version' 2>&1)
[[ $out == amd64$'\n'12.* ]] && pass || fail "docker run minideb:bookworm: $out"

echo "docker done after $((SECONDS - START)) s"

# containerd (the one dockerd runs): ctr import names it io.containerd.image.name.
for case in "m.tar docker.io/library/minideb:bookworm $DIGEST" "two.tar docker.io/debimg/two:bookworm $INDEX"; do
  read -r archive name digest <<<"$case"
  "${CTR[@]}" images import --no-unpack "$WORK/$archive" >"$WORK/ctr.out" 2>&1 &&
    [ "$("${CTR[@]}" images ls | awk -v n="$name" '$1 == n {print $3}')" = "$digest" ] && pass ||
    fail "ctr import $archive: $(tail -2 "$WORK/ctr.out"); $("${CTR[@]}" images ls 2>&1 | tail -3)"
done
echo "clients_mirror: $((SECONDS - START)) s in all"
finish
