# Shared helpers for the benchmarks: timing (wall seconds, peak RSS) and the
# host's mirror as debimg reads it. Source from a bench script.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DEBIMG=${DEBIMG:-$ROOT/build/debimg}
[ -x "$DEBIMG" ] || { echo "build debimg first (./dev build) or set DEBIMG" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

# measure LABEL CMD...: runs CMD, prints "LABEL  wall s  peak MB", sets WALL and RSS_MB.
measure() {
  local label=$1 out
  shift
  out=$(mktemp)
  /usr/bin/time -f '%e %M' -o "$out" "$@" >/dev/null 2>&1 || { echo "$label failed" >&2; cat "$out" >&2; exit 1; }
  read -r WALL RSS_KB <"$out"
  RSS_MB=$((RSS_KB / 1024))
  rm -f "$out"
  printf '%-44s %8.2f s %6d MB\n' "$label" "$WALL" "$RSS_MB"
}

ratio() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.1f}x')" "$1" "$2"; }

host_mirror() {
  "$DEBIMG" --json profile "$ROOT/profiles/debian-bookworm-minbase.yaml" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["archives"][0]["uris"][0])'
}

# host_mirror_for SUITE: the URI debimg would use for SUITE (e.g. bookworm-security).
host_mirror_for() {
  "$DEBIMG" --json profile "$ROOT/profiles/minideb-bookworm.yaml" |
    python3 -c 'import json,sys; print([a for a in json.load(sys.stdin)["archives"] if a["suite"] == sys.argv[1]][0]["uris"][0])' "$1"
}
