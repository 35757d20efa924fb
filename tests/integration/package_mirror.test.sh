# debimg as a Debian package and as an image made by itself: dpkg-buildpackage
# builds debimg_*.deb from a copy of the source tree, lintian reports no
# error, profiles/debimg.yaml composes an image holding that package, and
# inside it debimg composes minideb-bookworm to the same digest as on the
# host, same lock: under runc with Docker's default capabilities (a user
# namespace), and as a Kubernetes Restricted pod (uid 65532, no capability,
# the runtime's default seccomp profile, read-only root: isolation none;
# lib/pod.sh), from the cache the first run filled.
source "$(dirname "$0")/lib/assert.sh"
needs mirror userns dpkg-buildpackage runc
WORK=$(mktemp -d)
source "$(dirname "$0")/lib/pod.sh"
trap 'runc delete -f debimg-self-test >/dev/null 2>&1; pod_cleanup; rm -rf "$WORK"' EXIT
export XDG_CACHE_HOME="$WORK/cache"
LIB="$DEBIMG_SOURCE_DIR/tests/integration/lib"

# The package, built as a user would: from the tree, without the test suite
# (noopt: a faster build; nothing here measures speed).
mkdir -p "$WORK/src"
tar -C "$DEBIMG_SOURCE_DIR" --exclude=./build --exclude='./obj-*' --exclude=./.git -cf - . | tar -C "$WORK/src" -xf -
(cd "$WORK/src" && DEB_BUILD_OPTIONS="nocheck noddebs noopt parallel=$(nproc)" dpkg-buildpackage -b -us -uc) >"$WORK/build.log" 2>&1
DEB=$(ls "$WORK"/debimg_*_amd64.deb 2>/dev/null | head -1)
[ -n "$DEB" ] && pass || fail "dpkg-buildpackage: $(tail -5 "$WORK/build.log")"
dpkg-deb -c "$DEB" >"$WORK/contents"
for f in ./usr/bin/debimg ./usr/share/man/man1/debimg.1.gz ./usr/share/bash-completion/completions/debimg \
  ./usr/share/debimg/hooks/container-apt ./usr/share/debimg/profiles/minideb-bookworm.lock \
  ./usr/share/debimg/update-report.schema.json; do
  grep -q " $f$" "$WORK/contents" && pass || fail "the package lacks $f"
done
lintian --no-tag-display-limit "$WORK"/debimg_*.changes >"$WORK/lintian" 2>&1
! grep -q '^E: ' "$WORK/lintian" && pass || fail "lintian errors: $(grep '^E: ' "$WORK/lintian" | head -3)"

# The image holding it.
mkdir -p "$WORK/img/debs" "$WORK/inner"
cp "$DEBIMG_SOURCE_DIR/profiles/debimg.yaml" "$WORK/img/"
cp "$DEB" "$WORK/img/debs/"
run "$DEBIMG" --json compose "$WORK/img/debimg.yaml" --format oci -o "$WORK/img/oci"
expect_rc 0 "compose profiles/debimg.yaml"

# The same lock composed on the host and inside the image.
cp "$DEBIMG_SOURCE_DIR/profiles/minideb-bookworm.yaml" "$DEBIMG_SOURCE_DIR/profiles/minideb-bookworm.lock" "$WORK/inner/"
run "$DEBIMG" lock "$WORK/inner/minideb-bookworm.yaml" --update
run "$DEBIMG" --json compose "$WORK/inner/minideb-bookworm.yaml" --format oci -o "$WORK/host-oci" --frozen
expect_rc 0 "compose on the host"
HOST_DIGEST=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["digest"])' <<<"$OUT")
umoci unpack --image "$WORK/img/oci:debimg:0.1.0" "$WORK/bundle" >/dev/null 2>&1 && pass || fail "umoci unpack of the debimg image"
mkdir -p "$WORK/bundle/rootfs/work"
cp "$WORK/inner/minideb-bookworm.yaml" "$WORK/inner/minideb-bookworm.lock" "$WORK/bundle/rootfs/work/"
python3 "$LIB/runc_config.py" --root "$WORK/bundle" \
  debimg --json compose /work/minideb-bookworm.yaml --format oci -o /work/oci --frozen
timeout 600 runc run -b "$WORK/bundle" debimg-self-test >"$WORK/inside.json" 2>"$WORK/inside.err"
rc=$?
[ $rc = 0 ] && pass || fail "debimg inside its image (rc $rc): $(tail -3 "$WORK/inside.err")"
[ "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["digest"])' "$WORK/inside.json" 2>/dev/null)" = "$HOST_DIGEST" ] &&
  pass || fail "inside: another digest than the host's $HOST_DIGEST: $(cat "$WORK/inside.json")"

# The image as a Restricted pod's container, its work folder the pod's user's (fsGroup).
mkdir -p "$WORK/pod/cache"
cp "$WORK/inner/minideb-bookworm.yaml" "$WORK/inner/minideb-bookworm.lock" "$WORK/pod/"
cp -a "$XDG_CACHE_HOME/debimg/." "$WORK/pod/cache/"
chown -R 65532:65532 "$WORK/pod"
POD_TIMEOUT=600 run pod_run restricted "$WORK/bundle" debimg-restricted --bind "$WORK/pod:/work" -- \
  debimg --json compose /work/minideb-bookworm.yaml --format oci -o /work/oci --frozen --offline --cache-dir /work/cache
expect_rc 0 "debimg's image as a Restricted pod (uid 65532)"
expect_err "debimg: isolation: none (" "Restricted pod: isolation none picked and named"
[ "$(python3 -c 'import json,sys; print(json.load(sys.stdin)["digest"])' <<<"$OUT" 2>/dev/null)" = "$HOST_DIGEST" ] &&
  pass || fail "Restricted pod: another digest than the host's $HOST_DIGEST: $OUT"
finish
