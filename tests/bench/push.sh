#!/usr/bin/env bash
# debimg push of the minideb-bookworm image to a docker-registry on 127.0.0.1
# beside `skopeo copy oci:… docker://…` of the same image, each into a fresh
# registry (every blob uploaded), same run. Target: debimg <= 1.2x skopeo.
source "$(dirname "$0")/common.sh"
WORK=$(mktemp -d)
trap 'for p in "$WORK"/reg-*/pids; do kill $(cat "$p") 2>/dev/null; done; rm -rf "$WORK"' EXIT
REGISTRY="$ROOT/tests/fixtures/registry"
cp "$ROOT/profiles/minideb-bookworm.yaml" "$ROOT/profiles/minideb-bookworm.lock" "$WORK/"
"$DEBIMG" lock "$WORK/minideb-bookworm.yaml" --update >/dev/null 2>&1
"$DEBIMG" compose "$WORK/minideb-bookworm.yaml" --format oci -o "$WORK/oci" --cache-dir "$WORK/cache" >/dev/null 2>&1
echo "image: $(du -sb "$WORK/oci/blobs" | cut -f1) bytes of blobs"
for run in 1 2 3; do
  bash "$REGISTRY/start-registry.sh" "$WORK/reg-skopeo-$run" anonymous
  bash "$REGISTRY/start-registry.sh" "$WORK/reg-debimg-$run" anonymous
  measure "skopeo copy oci: → docker:// (run $run)" skopeo copy --quiet --dest-tls-verify=false \
    "oci:$WORK/oci:bookworm" "docker://127.0.0.1:$(cat "$WORK/reg-skopeo-$run/port")/bench/minideb:1"
  SKOPEO[$run]=$WALL
  measure "debimg push (run $run)" "$DEBIMG" push "$WORK/oci" "127.0.0.1:$(cat "$WORK/reg-debimg-$run/port")/bench/minideb:1" \
    --cache-dir "$WORK/cache-$run"
  DEBIMG_T[$run]=$WALL
done
python3 - "${SKOPEO[@]}" "${DEBIMG_T[@]}" <<'PY'
import statistics, sys
v = [float(x) for x in sys.argv[1:]]
skopeo, debimg = statistics.median(v[:3]), statistics.median(v[3:])
print(f"median: skopeo {skopeo:.2f} s, debimg {debimg:.2f} s: debimg / skopeo = {debimg / skopeo:.2f} (target <= 1.2)")
PY
