#!/usr/bin/env bash
# Image sizes of every shipped profile beside mmdebstrap --variant=minbase,
# same machine, same mirror: packages, uncompressed layers and gzip'd layers
# in MB (10^6 bytes). Profiles compose from a freshly updated copy of their lock.
source "$(dirname "$0")/common.sh"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
MIRROR=$(host_mirror)
MODE=root
[ "$(id -u)" = 0 ] || MODE=unshare

# The same suites as the profiles: the release, its updates and its security fixes.
mmdebstrap --quiet --variant=minbase --mode=$MODE --format=tar bookworm "$WORK/mm.tar" "deb $MIRROR bookworm main" \
  "deb $MIRROR bookworm-updates main" "deb $(host_mirror_for bookworm-security) bookworm-security main"
MM_RAW=$(stat -c %s "$WORK/mm.tar")
MM_GZ=$(gzip -6 -n -c "$WORK/mm.tar" | wc -c)
MM_PKGS=$(tar -xOf "$WORK/mm.tar" ./var/lib/dpkg/status | grep -c '^Package: ')
mb() { python3 -c "import sys; print(f'{int(sys.argv[1]) / 1e6:.1f}')" "$1"; }
printf '%-28s %8s %14s %12s %10s\n' image packages "uncompressed" "gzip'd" "vs minbase"
printf '%-28s %8s %11s MB %9s MB %10s\n' "mmdebstrap minbase (tar)" "$MM_PKGS" "$(mb "$MM_RAW")" "$(mb "$MM_GZ")" "1.00"
for yaml in "$ROOT"/profiles/*.yaml; do
  grep -q '^local-debs:' "$yaml" && continue  # debimg.yaml needs a freshly built debimg package
  name=$(basename "$yaml" .yaml)
  mkdir -p "$WORK/$name"
  cp "$yaml" "${yaml%.yaml}.lock" "$WORK/$name/"
  "$DEBIMG" lock "$WORK/$name/$name.yaml" --update >/dev/null 2>&1
  "$DEBIMG" --json compose "$WORK/$name/$name.yaml" --format oci -o "$WORK/$name/oci" --cache-dir "$WORK/cache" >"$WORK/$name/json" 2>/dev/null ||
    { echo "$name: compose failed" >&2; exit 1; }
  read -r PKGS RAW GZ < <(python3 - "$WORK/$name/oci" "$WORK/$name/json" <<'PY'
import gzip, json, sys
root, result = sys.argv[1], json.load(open(sys.argv[2]))
raw = sum(len(gzip.open(root + "/blobs/sha256/" + l["digest"][7:]).read()) for l in result["layers"])
print(result["packages"], raw, sum(l["size"] for l in result["layers"]))
PY
)
  printf '%-28s %8s %11s MB %9s MB %10s\n' "$name" "$PKGS" "$(mb "$RAW")" "$(mb "$GZ")" \
    "$(python3 -c "import sys; print(f'{int(sys.argv[1]) / int(sys.argv[2]):.2f}')" "$RAW" "$MM_RAW")"
done
