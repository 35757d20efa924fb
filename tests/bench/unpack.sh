#!/usr/bin/env bash
# fetch (cold cache) and unpack (warm cache) of bookworm minbase, beside a
# `dpkg-deb -x` loop over the same .debs, same machine, same run. The first
# unpack also keeps each data.tar in the cache as zstd; the second reads those.
source "$(dirname "$0")/common.sh"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
sed 's/^merged-usr: true/merged-usr: false/' "$ROOT/profiles/debian-bookworm-minbase.yaml" >"$WORK/p.yaml"
"$DEBIMG" lock "$WORK/p.yaml" --cache-dir "$WORK/cache" >/dev/null

measure "debimg fetch (cold cache)" "$DEBIMG" compose "$WORK/p.yaml" --until fetch --cache-dir "$WORK/cache"
measure "debimg unpack (first: keeps data.tar copies)" "$DEBIMG" compose "$WORK/p.yaml" --until unpack --format dir -o "$WORK/tree0" --cache-dir "$WORK/cache"
FIRST=$WALL
sync
measure "debimg unpack (warm cache)" "$DEBIMG" compose "$WORK/p.yaml" --until unpack --format dir -o "$WORK/tree" --cache-dir "$WORK/cache"
UNPACK=$WALL
UNPACK_RSS=$RSS_MB
sync
debs=$(for sha in $(awk '/^SHA256: /{print $2}' "$WORK/p.lock"); do find "$WORK/cache/sha256" -name "$sha"; done)
cat >"$WORK/dpkg-deb-loop.sh" <<'LOOP'
mkdir -p "$1"; shift 1
for deb in "$@"; do dpkg-deb -x "$deb" "$OUT"; done
LOOP
export OUT="$WORK/dpkg-tree"
measure "dpkg-deb -x loop (one core)" bash "$WORK/dpkg-deb-loop.sh" "$OUT" $debs
echo "unpack vs dpkg-deb -x: $(ratio "$WALL" "$UNPACK") faster, first unpack $(ratio "$WALL" "$FIRST") (target >= 1.0x), peak RSS ${UNPACK_RSS} MB (target <= 200 MB)"
