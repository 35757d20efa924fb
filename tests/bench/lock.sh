#!/usr/bin/env bash
# debimg lock (cold and warm metadata) beside mmdebstrap --simulate, same
# machine, same run, same suite (bookworm main, minbase, amd64).
source "$(dirname "$0")/common.sh"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
MIRROR=$(host_mirror)
printf 'name: bench\narchitectures: [amd64]\nvariant: minbase\nmerged-usr: false\nsources:\n  - suites: [bookworm]\n' >"$WORK/p.yaml"

measure "mmdebstrap --simulate --variant=minbase" \
  mmdebstrap --variant=minbase --simulate --architectures=amd64 bookworm /dev/null "deb $MIRROR bookworm main"
MM=$WALL
measure "debimg lock (cold metadata)" "$DEBIMG" lock "$WORK/p.yaml" --cache-dir "$WORK/cache"
COLD=$WALL
rm "$WORK/p.lock"
measure "debimg lock (warm metadata)" "$DEBIMG" lock "$WORK/p.yaml" --cache-dir "$WORK/cache"
WARM=$WALL
echo "speed-up cold: $(ratio "$MM" "$COLD")   warm: $(ratio "$MM" "$WARM")   (target: warm >= 3x)"
