#!/usr/bin/env bash
# Several architectures: debimg composes minideb-bookworm's package set as an
# OCI image for amd64 alone, arm64 alone (maintainer scripts under
# qemu-user) and both at once (one image index, the platforms in parallel),
# beside mmdebstrap --arch=arm64 of the same set to a tar, same machine, same
# run. The packages are fetched once first (debimg's cache; mmdebstrap
# downloads its own, through no proxy, so its figure includes that).
# Needs root for binfmt_misc (tests/integration/lib/binfmt.sh sets it up)
# and arch-test (mmdebstrap's check of foreign architectures).
source "$(dirname "$0")/common.sh"
command -v arch-test >/dev/null || { echo "needs arch-test (apt-get install arch-test)" >&2; exit 2; }
skip() { echo "cannot run: $*" >&2; exit 2; }
source "$ROOT/tests/integration/lib/binfmt.sh"
WORK=$(mktemp -d)
trap 'binfmt_restore; rm -rf "$WORK"' EXIT
binfmt_need amd64 arm64
MIRROR=$(host_mirror)
SET=apt,adduser,passwd,tzdata
profile() {  # profile NAME ARCHS
  printf 'name: %s\narchitectures: [%s]\nvariant: essential\npackages: [%s]\nsources:\n  - suites: [bookworm]\n' \
    "$1" "$2" "${SET//,/, }" >"$WORK/$1.yaml"
}
profile both "amd64, arm64"
"$DEBIMG" --quiet compose "$WORK/both.yaml" --until fetch --cache-dir "$WORK/cache" -o "$WORK/x" >/dev/null

measure "mmdebstrap --arch=arm64 (tar, root)" \
  mmdebstrap --quiet --arch=arm64 --variant=essential --include=$SET --format=tar bookworm "$WORK/mm.tar" "deb $MIRROR bookworm main"
MM=$WALL
measure "debimg compose oci, amd64 alone" "$DEBIMG" compose "$WORK/both.yaml" --platform linux/amd64 -o "$WORK/amd64" --cache-dir "$WORK/cache" --no-layer-cache
AMD=$WALL
measure "debimg compose oci, arm64 alone" "$DEBIMG" compose "$WORK/both.yaml" --platform linux/arm64 -o "$WORK/arm64" --cache-dir "$WORK/cache" --no-layer-cache
ARM=$WALL
measure "debimg compose oci, amd64 + arm64 (index)" "$DEBIMG" compose "$WORK/both.yaml" -o "$WORK/both" --cache-dir "$WORK/cache" --no-layer-cache
BOTH=$WALL
echo "arm64: mmdebstrap / debimg $(ratio "$MM" "$ARM");  both platforms: (amd64 + arm64 alone) / together $(ratio "$(python3 -c "print($AMD + $ARM)")" "$BOTH");  together / arm64 alone $(ratio "$BOTH" "$ARM")"
