# A foreign architecture on the real mirror: bookworm minbase for arm64,
# composed on this host, its maintainer scripts run by qemu-user through
# binfmt_misc (the F flag makes the emulator work inside the sandbox's own
# root). The tree runs as arm64; the OCI image says linux/arm64/v8; a
# disabled emulator entry is refused before any download, in one line.
# qemu-user-static and binfmt-support come with the test dependencies; the
# test mounts binfmt_misc and enables qemu-aarch64 when needed, and puts
# back what it changed.
source "$(dirname "$0")/lib/assert.sh"
needs root mirror userns
[ "$(dpkg --print-architecture)" = amd64 ] || skip "the host is not amd64"
[ -e /usr/libexec/qemu-binfmt/aarch64-binfmt-P ] && command -v update-binfmts >/dev/null ||
  skip "qemu-user-static and binfmt-support are not installed"
BINFMT=/proc/sys/fs/binfmt_misc
WORK=$(mktemp -d)
MOUNTED= ENABLED= DISABLED=
cleanup() {
  [ -n "$DISABLED" ] && echo 1 >"$BINFMT/qemu-aarch64"
  [ -n "$ENABLED" ] && update-binfmts --disable qemu-aarch64 >/dev/null 2>&1
  [ -n "$MOUNTED" ] && umount "$BINFMT"
  rm -rf "$WORK"
}
trap cleanup EXIT
if [ ! -e "$BINFMT/status" ]; then mount -t binfmt_misc binfmt_misc "$BINFMT" && MOUNTED=1; fi
if [ ! -e "$BINFMT/qemu-aarch64" ]; then update-binfmts --enable qemu-aarch64 >/dev/null && ENABLED=1; fi
grep -q '^flags: .*F' "$BINFMT/qemu-aarch64" && pass || fail "qemu-aarch64 is registered without the F flag"
export XDG_CACHE_HOME="$WORK/cache"
cat >"$WORK/arm.yaml" <<'YAML'
name: arm
architectures: [arm64]
sources:
  - suites: [bookworm]
YAML

run "$DEBIMG" --quiet compose "$WORK/arm.yaml" --format dir -o "$WORK/tree"
expect_rc 0 "compose arm64 on $(dpkg --print-architecture)"
[ "$(chroot "$WORK/tree" dpkg --print-architecture)" = arm64 ] && pass || fail "dpkg's architecture in the tree"
[ "$(chroot "$WORK/tree" uname -m)" = aarch64 ] && pass || fail "the tree's programs do not run as aarch64"
[ -z "$(chroot "$WORK/tree" dpkg --audit)" ] && pass || fail "dpkg --audit: $(chroot "$WORK/tree" dpkg --audit)"
bad=$(chroot "$WORK/tree" dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' | grep -v '^ii ')
[ -z "$bad" ] && pass || fail "packages not installed: $bad"
file -L "$WORK/tree/usr/bin/dpkg" | grep -q 'ARM aarch64' && pass || fail "dpkg is not an arm64 program"

run "$DEBIMG" --quiet compose "$WORK/arm.yaml" --format oci -o "$WORK/oci"
expect_rc 0 "an arm64 OCI image"
platform=$(python3 - "$WORK/oci" <<'PY'
import json, sys
root = sys.argv[1]
blob = lambda d: json.load(open(f"{root}/blobs/sha256/{d.split(':')[1]}"))
m = json.load(open(f"{root}/index.json"))["manifests"][0]
c = blob(blob(m["digest"])["config"]["digest"])
print(c["os"], c["architecture"], c.get("variant"), m["platform"].get("variant"))
PY
)
[ "$platform" = "linux arm64 v8 v8" ] && pass || fail "the image's platform: $platform"

# A disabled emulator: refused before anything is downloaded.
echo 0 >"$BINFMT/qemu-aarch64" && DISABLED=1
run "$DEBIMG" compose "$WORK/arm.yaml" --format dir -o "$WORK/tree2" --cache-dir "$WORK/empty-cache"
echo 1 >"$BINFMT/qemu-aarch64" && DISABLED=
expect_rc 2 "a disabled qemu-aarch64"
expect_one_line_err "the refusal"
expect_err "architecture arm64 cannot run its maintainer scripts on this amd64 host: its binfmt_misc entry is disabled (echo 1 > $BINFMT/qemu-aarch64)" "what to do"
[ -z "$(find "$WORK/empty-cache" -type f 2>/dev/null)" ] && pass || fail "something was downloaded"
finish
