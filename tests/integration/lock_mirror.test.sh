# `debimg lock` on the real mirror against mmdebstrap's own answer, computed
# live: the same package sets for minbase and essential (merged-usr: false),
# and with merged-usr: true, usr-is-merged instead of usrmerge and its perl.
source "$(dirname "$0")/lib/assert.sh"
needs mirror
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export XDG_CACHE_HOME="$WORK/cache"

# The host's mirror, as debimg reads it (never written into the repository).
MIRROR=$("$DEBIMG" --json profile "$DEBIMG_SOURCE_DIR/profiles/debian-bookworm-minbase.yaml" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["archives"][0]["uris"][0])')

mm_set() {  # mmdebstrap's package set for a variant, from its simulated apt run
  mmdebstrap --variant="$1" --simulate --verbose --architectures=amd64 bookworm /dev/null \
    "deb $MIRROR bookworm main" 2>&1 | awk '/^Inst /{print $2}' | sort -u
}
ours() {  # our lock's package set for a variant and merged-usr value
  printf 'name: t\narchitectures: [amd64]\nvariant: %s\nmerged-usr: %s\nsources:\n  - suites: [bookworm]\n' "$1" "$2" >"$WORK/$1-$2.yaml"
  "$DEBIMG" lock "$WORK/$1-$2.yaml" >/dev/null || return 1
  awk '/^Package: /{print $2}' "$WORK/$1-$2.lock" | sort
}

for variant in minbase essential; do
  mm_set "$variant" >"$WORK/mm-$variant"
  ours "$variant" false >"$WORK/ours-$variant" || fail "lock $variant"
  [ -s "$WORK/mm-$variant" ] && pass || fail "mmdebstrap gave no package set for $variant"
  if diff "$WORK/mm-$variant" "$WORK/ours-$variant" >"$WORK/diff-$variant"; then pass; else fail "$variant differs from mmdebstrap: $(cat "$WORK/diff-$variant")"; fi
  echo "$variant: $(wc -l <"$WORK/ours-$variant") packages, mmdebstrap $(wc -l <"$WORK/mm-$variant")"
done

ours minbase true >"$WORK/merged" || fail "lock merged"
grep -qx usr-is-merged "$WORK/merged" && pass || fail "merged-usr: usr-is-merged missing"
for gone in usrmerge perl libperl5.36 perl-modules-5.36; do
  grep -qx "$gone" "$WORK/merged" && fail "merged-usr: $gone still there" || pass
done
extra=$(comm -13 "$WORK/mm-minbase" "$WORK/merged" | tr '\n' ' ')
[ "$extra" = "usr-is-merged " ] && pass || fail "merged-usr adds more than usr-is-merged: $extra"
echo "minbase merged-usr: $(wc -l <"$WORK/merged") packages"

# Two runs give byte-identical lockfiles.
cp "$WORK/minbase-true.lock" "$WORK/again.lock.ref"
"$DEBIMG" lock "$WORK/minbase-true.yaml" --update >/dev/null
cmp -s "$WORK/minbase-true.lock" "$WORK/again.lock.ref" && pass || fail "second lock differs"

finish
