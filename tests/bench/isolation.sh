#!/usr/bin/env bash
# The isolation modes side by side on this machine (issue: "a compose without
# namespaces takes at most 1.5x the namespace mode's wall time on minbase"):
# minbase to an OCI layout with a warm cache, each mode RUNS times, and
# mmdebstrap --mode=fakechroot (the peer that also runs without namespaces)
# for reference. Prints the medians and the ratio. Run as root.
#   tests/bench/isolation.sh [RUNS]    (default 3)
#   tests/bench/isolation.sh hard      the hard set (profiles/hard-set.yaml) in
#                                      both modes: times, and every path that differs
source "$(dirname "$0")/common.sh"
RUNS=${1:-3}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
if [ "$RUNS" = hard ]; then
  cp "$(dirname "$0")/profiles/hard-set.yaml" "$WORK/"
  "$DEBIMG" lock "$WORK/hard-set.yaml" --cache-dir "$WORK/cache" >/dev/null
  "$DEBIMG" compose "$WORK/hard-set.yaml" --until fetch --cache-dir "$WORK/cache" >/dev/null 2>&1
  for mode in namespace none; do
    measure "debimg compose hard-set --isolation $mode" \
      "$DEBIMG" compose "$WORK/hard-set.yaml" -o "$WORK/$mode" --cache-dir "$WORK/cache" --isolation "$mode"
  done
  echo "paths that differ (namespace -> none):"
  "$DEBIMG" diff "$WORK/namespace" "$WORK/none" --files | awk '{ print } END { print NR " lines" }' | tail -40
  exit 0
fi
cp "$ROOT/profiles/debian-bookworm-minbase.yaml" "$ROOT/profiles/debian-bookworm-minbase.lock" "$WORK/"
P="$WORK/debian-bookworm-minbase.yaml"
"$DEBIMG" lock "$P" --update --cache-dir "$WORK/cache" >/dev/null
"$DEBIMG" compose "$P" --until fetch --cache-dir "$WORK/cache" >/dev/null 2>&1  # warm: every .deb cached

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
declare -A M
for mode in namespace none; do
  times=()
  for i in $(seq "$RUNS"); do
    measure "debimg compose minbase --isolation $mode ($i)" \
      "$DEBIMG" compose "$P" -o "$WORK/out-$mode" --cache-dir "$WORK/cache" --isolation "$mode" --no-layer-cache
    times+=("$WALL")
  done
  M[$mode]=$(printf '%s\n' "${times[@]}" | median)
done
if command -v mmdebstrap >/dev/null && [ -e /usr/lib/x86_64-linux-gnu/fakechroot/libfakechroot.so ]; then
  id -u nobody >/dev/null && chmod 755 "$WORK" && mkdir -p "$WORK/mm" && chown nobody "$WORK/mm"
  measure "mmdebstrap --variant=minbase --mode=fakechroot" \
    su nobody -s /bin/sh -c "mmdebstrap --quiet --variant=minbase --mode=fakechroot bookworm $WORK/mm/out.tar"
  M[mmdebstrap]=$WALL
fi
echo
printf 'median namespace %s s, none %s s: none/namespace = %s\n' "${M[namespace]}" "${M[none]}" "$(ratio "${M[none]}" "${M[namespace]}")"
[ -n "${M[mmdebstrap]:-}" ] && printf 'mmdebstrap fakechroot %s s: mmdebstrap/none = %s\n' "${M[mmdebstrap]}" "$(ratio "${M[mmdebstrap]}" "${M[none]}")"
exit 0
