#!/usr/bin/env bash
# debimg compose --format rootfs-tar (cold and warm cache) beside
# mmdebstrap --variant=minbase to a tar, same machine, same run, same suite
# (bookworm main, amd64, merged-usr false: mmdebstrap's own package set).
# Then OCI images: debimg compose --format oci --no-layer-cache (warm package
# cache) beside the peer pipeline mmdebstrap → tar → umoci raw add-layer, and
# the rebuild of a package-layered image after one package left the lock.
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

# OCI: the peer pipeline, then debimg's image with nothing reused but the .debs.
PEER="mmdebstrap --quiet --variant=minbase --mode=$MODE --format=tar bookworm '$WORK/peer.tar' 'deb $MIRROR bookworm main' &&
  umoci init --layout '$WORK/peer' && umoci new --image '$WORK/peer:bench' &&
  umoci raw add-layer --image '$WORK/peer:bench' '$WORK/peer.tar'"
measure "peer: mmdebstrap | tar | umoci raw add-layer" bash -c "$PEER"
PEER_WALL=$WALL
measure "debimg compose oci --no-layer-cache" "$DEBIMG" compose "$WORK/p.yaml" --format oci -o "$WORK/oci-nc" --cache-dir "$WORK/cache" --no-layer-cache
OCI_NC=$WALL
echo "OCI image vs the peer pipeline: $(ratio "$PEER_WALL" "$OCI_NC") (target >= 4x)"

# Package layers (merged /usr, as debimg's profiles have it: usrmerge's conversion would move every file into the last layer).
mkdir -p "$WORK/layers" "$WORK/rebuild"
printf 'name: bench\narchitectures: [amd64]\nvariant: minbase\nsources:\n  - suites: [bookworm]\nimage:\n  layers: {strategy: packages, max: 16}\n' >"$WORK/layers/p.yaml"
measure "debimg compose oci, 16 layers, --no-layer-cache" "$DEBIMG" compose "$WORK/layers/p.yaml" -o "$WORK/layers/oci0" --cache-dir "$WORK/cache" --no-layer-cache
FULL=$WALL
"$DEBIMG" compose "$WORK/layers/p.yaml" -o "$WORK/layers/oci1" --cache-dir "$WORK/cache" >/dev/null 2>&1  # fills the layer cache
tar -xOf "$WORK/mm.tar" ./var/lib/dpkg/status >"$WORK/status"
# Each leaf package (nothing depends on it) in turn dropped from a copy of the lock.
RATIOS=()
for LEAF in $(python3 "$ROOT/tests/integration/lib/leaf_package.py" --all "$WORK/status"); do
  rm -rf "$WORK/rebuild" && mkdir -p "$WORK/rebuild"
  cp "$WORK/layers/p.yaml" "$WORK/layers/p.lock" "$WORK/rebuild/"
  python3 "$ROOT/tests/integration/lib/drop_from_lock.py" "$WORK/rebuild/p.lock" "$LEAF"
  measure "rebuild without $LEAF (layer cache)" "$DEBIMG" compose "$WORK/rebuild/p.yaml" -o "$WORK/rebuild/oci" --cache-dir "$WORK/cache" --frozen
  RATIOS+=("$(python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$WALL" "$FULL")")
done
echo "rebuild / full compose: ${RATIOS[*]} (target <= 0.5)"
