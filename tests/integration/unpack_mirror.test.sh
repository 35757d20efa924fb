# fetch + unpack on the real mirror, bookworm minbase: the tree holds exactly
# the packages' files, every md5sum matches, dpkg-query sees every package
# unpacked at its locked version; the cache is shared safely and pruned.
source "$(dirname "$0")/lib/assert.sh"
needs mirror
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export XDG_CACHE_HOME="$WORK/cache"
sed 's/^merged-usr: true/merged-usr: false/' "$DEBIMG_SOURCE_DIR/profiles/debian-bookworm-minbase.yaml" >"$WORK/p.yaml"
ROOT="$WORK/root"

run "$DEBIMG" compose "$WORK/p.yaml" --format dir -o "$ROOT" --until unpack
expect_rc 0 "compose --until unpack"
[ -f "$WORK/p.lock" ] && pass || fail "compose wrote no lockfile"
npkg=$(grep -c '^Package: ' "$WORK/p.lock")

# dpkg-query against the tree: every locked package, unpacked, at its version.
dpkg-query --admindir="$ROOT/var/lib/dpkg" -W -f='${Package} ${Version} ${Status}\n' | sort >"$WORK/query"
awk '/^Package: /{p=$2} /^Version: /{print p" "$2" install ok unpacked"}' "$WORK/p.lock" | sort >"$WORK/expected"
diff "$WORK/expected" "$WORK/query" >/dev/null && pass || fail "dpkg-query: $(diff "$WORK/expected" "$WORK/query" | head)"
[ "$(wc -l <"$WORK/query")" = "$npkg" ] && pass || fail "dpkg-query lists $(wc -l <"$WORK/query") of $npkg"

# Every regular file's MD5 matches its package's md5sums.
(cd "$ROOT" && cat var/lib/dpkg/info/*.md5sums | md5sum --quiet -c -) >"$WORK/md5.out" 2>&1 && pass || fail "md5sums: $(head -5 "$WORK/md5.out")"
[ "$(cat "$ROOT"/var/lib/dpkg/info/*.md5sums | wc -l)" -gt 5000 ] && pass || fail "too few md5sums lines"

# The paths: the union of the packages' data tars (conffiles as .dpkg-new until
# configured), plus only what dpkg's database and the apt sources add.
: >"$WORK/tar-paths"
for deb in $(awk '/^SHA256: /{print $2}' "$WORK/p.lock"); do
  f=$(find "$WORK/cache/debimg/sha256" -name "$deb")
  dpkg-deb --fsys-tarfile "$f" | tar -t | sed 's|^\./||; s|/$||' | grep -v '^$' >>"$WORK/tar-paths"
  dpkg-deb --ctrl-tarfile "$f" | tar -xO ./conffiles 2>/dev/null | sed 's|^/||' >>"$WORK/conffiles" || true
done
sort -u "$WORK/conffiles" -o "$WORK/conffiles"
sort -u "$WORK/tar-paths" | grep -vxFf "$WORK/conffiles" >"$WORK/expected-paths"
sed 's|$|.dpkg-new|' "$WORK/conffiles" >>"$WORK/expected-paths"
sort -u "$WORK/expected-paths" -o "$WORK/expected-paths"
(cd "$ROOT" && find . -mindepth 1 | sed 's|^\./||' | sort) >"$WORK/tree-paths"
missing=$(comm -23 "$WORK/expected-paths" "$WORK/tree-paths")
[ -z "$missing" ] && pass || fail "paths of the data tars missing from the tree: $(head -5 <<<"$missing")"
extra=$(comm -13 "$WORK/expected-paths" "$WORK/tree-paths" | grep -v -e '^var/lib/dpkg/' -e '^var/lib/apt/extended_states$' -e '^etc/apt/sources.list.d/debian.sources$')
[ -z "$extra" ] && pass || fail "paths in the tree from no package: $(head -5 <<<"$extra")"
[ "$(head -1 "$ROOT/var/lib/dpkg/info/bash.list")" = "/." ] && pass || fail "info/*.list starts with /."
[ -f "$ROOT/var/lib/dpkg/info/libc6:amd64.list" ] && pass || fail "Multi-Arch: same names its files pkg:arch"
grep -q '^ /etc/debian_version newconffile$' <(awk '/^Package: base-files$/,/^$/' "$ROOT/var/lib/dpkg/status") && pass || fail "unpacked conffiles are newconffile"
grep -qx "ldconfig" <(ls "$ROOT/var/lib/dpkg/triggers") && grep -qx "libc-bin" "$ROOT/var/lib/dpkg/triggers/ldconfig" && pass || fail "trigger interests registered"
grep -q "^Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg$" "$ROOT/etc/apt/sources.list.d/debian.sources" && pass || fail "image apt sources"

# merged-usr: true: debimg's links, and bash reached through them.
cp "$DEBIMG_SOURCE_DIR/profiles/debian-bookworm-minbase.yaml" "$WORK/merged.yaml"
run "$DEBIMG" compose "$WORK/merged.yaml" --format dir -o "$WORK/merged" --until unpack
expect_rc 0 "merged-usr compose"
[ "$(readlink "$WORK/merged/bin")" = usr/bin ] && [ -f "$WORK/merged/usr/bin/bash" ] && pass || fail "merged /usr"
grep -qx /bin/bash "$WORK/merged/var/lib/dpkg/info/bash.list" && pass || fail "list keeps the path as packaged"

# Two processes fetch one lock into one empty cache at once: both succeed, each file once.
export XDG_CACHE_HOME="$WORK/shared"
"$DEBIMG" compose "$WORK/p.yaml" --until fetch >"$WORK/a.out" 2>&1 &
A=$!
"$DEBIMG" compose "$WORK/p.yaml" --until fetch >"$WORK/b.out" 2>&1 &
B=$!
wait $A && wait $B && pass || fail "concurrent fetches: $(cat "$WORK/a.out" "$WORK/b.out")"
blobs=$(find "$WORK/shared/debimg/sha256" -type f | wc -l)
debs=$(awk '/^SHA256: /{print $2}' "$WORK/p.lock" | sort -u | wc -l)
[ "$(find "$WORK/shared/debimg/sha256" -type f -printf '%f\n' | sort | uniq -d | wc -l)" = 0 ] && [ "$blobs" -ge "$debs" ] && pass || fail "shared cache: $blobs blobs for $debs debs"
[ -z "$(ls -A "$WORK/shared/debimg/tmp")" ] && pass || fail "scratch files left: $(ls "$WORK/shared/debimg/tmp")"

# A damaged cache entry is fetched again; --offline works from the warm cache.
victim=$(awk '/^SHA256: /{print $2; exit}' "$WORK/p.lock")
echo garbage >>"$(find "$WORK/shared/debimg/sha256" -name "$victim")"
run "$DEBIMG" compose "$WORK/p.yaml" --until fetch
expect_out "1 downloaded" "corrupt .deb in the cache is fetched again"
[ "$(sha256sum "$(find "$WORK/shared/debimg/sha256" -name "$victim")" | cut -d' ' -f1)" = "$victim" ] && pass || fail "entry repaired"
run "$DEBIMG" compose "$WORK/p.yaml" --until fetch --offline
expect_rc 0 "offline fetch"
expect_out "0 downloaded" "offline fetch from the cache"

# A file that has left the mirror: the Decisions' error.
sed 's|^Filename: pool/main/b/bash/.*|Filename: pool/main/b/bash/bash_0.0-gone_amd64.deb|' "$WORK/p.lock" >"$WORK/p.lock.new"
mv "$WORK/p.lock.new" "$WORK/p.lock"
rm -rf "$WORK/shared"
run "$DEBIMG" compose "$WORK/p.yaml" --until fetch
expect_rc 2 "vanished file"
expect_err "has left the mirror's pool" "vanished file error"
expect_err "--offline" "vanished file error mentions the cache"
expect_err "snapshot" "vanished file error mentions a snapshot mirror"

# cache prune: what the lock names stays; without a lock only metadata stays.
export XDG_CACHE_HOME="$WORK/cache"
run "$DEBIMG" cache prune "$WORK/merged.lock"
expect_rc 0 "prune"
expect_out "removed" "prune reports"
kept=0
for sha in $(awk '/^SHA256: /{print $2}' "$WORK/merged.lock"); do
  [ -n "$(find "$WORK/cache/debimg/sha256" -name "$sha")" ] && kept=$((kept + 1))
done
[ "$kept" = "$(grep -c '^SHA256: ' "$WORK/merged.lock")" ] && pass || fail "prune removed debs the lock names"
only_in_p=$(comm -23 <(awk '/^SHA256: /{print $2}' "$WORK/p.lock" | sort) <(awk '/^SHA256: /{print $2}' "$WORK/merged.lock" | sort) | head -1)
[ -n "$only_in_p" ] && [ -z "$(find "$WORK/cache/debimg/sha256" -name "$only_in_p")" ] && pass || fail "prune kept a deb no given lock names"
run "$DEBIMG" cache prune
left=0
for sha in $(awk '/^SHA256: /{print $2}' "$WORK/merged.lock"); do
  [ -n "$(find "$WORK/cache/debimg/sha256" -name "$sha")" ] && left=$((left + 1))
done
[ "$left" = 0 ] && pass || fail "prune without locks kept $left debs"
run "$DEBIMG" lock "$WORK/p.yaml" --check
expect_rc 0 "metadata still usable after prune"

finish
