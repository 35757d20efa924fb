#!/usr/bin/env bash
# debimg compose --format rootfs-tar (cold and warm cache) beside
# mmdebstrap --variant=minbase to a tar, same machine, same run, same suite
# (bookworm main, amd64, merged-usr false: mmdebstrap's own package set).
source "$(dirname "$0")/common.sh"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
MIRROR=$(host_mirror)
printf 'name: bench\narchitectures: [amd64]\nvariant: minbase\nmerged-usr: false\nsources:\n  - suites: [bookworm]\n' >"$WORK/p.yaml"
MODE=root
[ "$(id -u)" = 0 ] || MODE=unshare

measure "mmdebstrap --variant=minbase (tar, $MODE)" \
  mmdebstrap --quiet --variant=minbase --mode=$MODE --format=tar bookworm "$WORK/mm.tar" "deb $MIRROR bookworm main"
MM=$WALL
measure "debimg compose rootfs-tar (cold cache)" "$DEBIMG" compose "$WORK/p.yaml" --format rootfs-tar -o "$WORK/a.tar" --cache-dir "$WORK/cache"
COLD=$WALL
COLD_RSS=$RSS_MB
measure "debimg compose rootfs-tar (warm cache)" "$DEBIMG" compose "$WORK/p.yaml" --format rootfs-tar -o "$WORK/b.tar" --cache-dir "$WORK/cache"
WARM=$WALL
WARM_RSS=$RSS_MB
measure "debimg compose oci (warm cache)" "$DEBIMG" compose "$WORK/p.yaml" --format oci -o "$WORK/oci" --cache-dir "$WORK/cache"
OCI=$WALL
echo "speed-up cold: $(ratio "$MM" "$COLD") (target >= 2x)   warm: $(ratio "$MM" "$WARM") (target >= 4x)"
echo "peak RSS cold ${COLD_RSS} MB, warm ${WARM_RSS} MB (target <= 200 MB); OCI image (gzip -6 layer) vs mmdebstrap tar: $(ratio "$MM" "$OCI")"
