# Unpacking the fixture's ordinary packages: every data.tar compression,
# conffiles left as .dpkg-new, md5sums, Multi-Arch names, and dpkg's rule for
# two packages shipping one file (an error unless one Replaces the other).
source "$(dirname "$0")/lib/assert.sh"
source "$(dirname "$0")/lib/fixture.sh"
WORK=$(mktemp -d)
trap 'fixture_stop; rm -rf "$WORK"' EXIT
fixture_repo "$WORK/fx"
export XDG_CACHE_HOME="$WORK/cache"
mkdir -p "$WORK/p/debs"

profile() {  # profile PACKAGES [EXTRA...]
  local packages=$1
  shift
  printf 'name: fixture\narchitectures: [amd64]\nvariant: custom\npackages: [%s]\nsources:\n  - suites: [stable, stable-updates]\n    uris: [%s]\n    signed-by: %s\n' \
    "$packages" "$FIXTURE_FILE_URI" "$FIXTURE/keyring.gpg" >"$WORK/p/p.yaml"
  for line in "$@"; do echo "$line" >>"$WORK/p/p.yaml"; done
  rm -f "$WORK/p/p.lock"
}
local_deb() {  # local_deb NAME [CONTROL-LINE...]: ships /usr/share/shared/file with NAME in it
  local d="$WORK/build/$1"
  mkdir -p "$d/DEBIAN" "$d/usr/share/shared"
  printf 'Package: %s\nVersion: 1.0\nArchitecture: amd64\nMaintainer: t <t@invalid>\nDescription: t\n' "$1" >"$d/DEBIAN/control"
  shift
  for line in "$@"; do echo "$line" >>"$d/DEBIAN/control"; done
  basename "$d" >"$d/usr/share/shared/file"
  dpkg-deb --root-owner-group -b "$d" "$WORK/p/debs/$(basename "$d")_1.0_amd64.deb" >/dev/null
}

# xz (most), zstd (tool), gzip (lib-y 1.0), none (important-pkg); a conffile and scripts (with-scripts).
profile '"lib-y=1.0", tool, important-pkg, with-scripts, libfoo1'
run "$DEBIMG" compose "$WORK/p/p.yaml" --format dir -o "$WORK/root" --until unpack
expect_rc 0 "fixture unpack"
for f in usr/share/lib-y/README usr/share/tool/README usr/share/important-pkg/README usr/share/libfoo1/README; do
  [ -f "$WORK/root/$f" ] && pass || fail "missing $f"
done
[ -f "$WORK/root/etc/with-scripts.conf.dpkg-new" ] && [ ! -e "$WORK/root/etc/with-scripts.conf" ] && pass || fail "conffile not at .dpkg-new"
[ -x "$WORK/root/var/lib/dpkg/info/with-scripts.postinst" ] && pass || fail "maintainer script in info/"
[ -f "$WORK/root/var/lib/dpkg/info/libfoo1:amd64.list" ] && pass || fail "Multi-Arch: same list name"
(cd "$WORK/root" && cat var/lib/dpkg/info/*.md5sums | md5sum --quiet -c -) >/dev/null 2>&1 && pass || fail "md5sums"

# Each package's data.tar is kept in the cache as zstd; the next unpack reads it
# and gives the same tree; a damaged copy is noticed and made again.
listing() {  # what the packages shipped (what debimg writes itself carries the time it was written)
  (cd "$1" && find usr etc -path 'etc/apt' -prune -o \( -type f -printf '%p %y %m %s %T@\n' \) -o -printf '%p %y %m %l\n' | sort &&
    find usr -type f -exec md5sum {} + | sort)
}
kept=$(ls "$WORK/cache/debimg/state/data-tar" 2>/dev/null | wc -l)
[ "$kept" = "$(grep -c '^Package: ' "$WORK/p/p.lock")" ] && pass || fail "data.tar copies kept: $kept"
run "$DEBIMG" compose "$WORK/p/p.yaml" --format dir -o "$WORK/root2" --until unpack
expect_rc 0 "unpack from the data.tar cache"
[ "$(listing "$WORK/root")" = "$(listing "$WORK/root2")" ] && pass || fail "the data.tar cache gives another tree: $(diff <(listing "$WORK/root") <(listing "$WORK/root2") | head -5)"
sha=$(awk '/^SHA256: /{print $2; exit}' "$WORK/p/p.lock")
copy=$(find "$WORK/cache/debimg/sha256" -name "$(cut -d' ' -f1 "$WORK/cache/debimg/state/data-tar/$sha")")
printf 'x' | dd of="$copy" bs=1 seek=20 conv=notrunc 2>/dev/null
run "$DEBIMG" compose "$WORK/p/p.yaml" --format dir -o "$WORK/root3" --until unpack
expect_rc 0 "unpack with a damaged data.tar copy"
[ "$(listing "$WORK/root")" = "$(listing "$WORK/root3")" ] && [ "$(cut -d' ' -f1 "$WORK/cache/debimg/state/data-tar/$sha")" = "$(sha256sum <"$copy" | cut -d' ' -f1)" ] &&
  pass || fail "a damaged data.tar copy was used or not made again"
[ ! -e "$WORK/root/var/lib/with-scripts" ] && pass || fail "unpack ran a maintainer script"

# The poisoning that worked: one package's state entry pointed at another
# package's copy (the record's source rewritten too). Each copy names its
# .deb in itself, so the lie is noticed and the right contents unpacked.
state=$WORK/cache/debimg/state/data-tar
other=$(awk '/^SHA256: /{n++; if (n == 2) {print $2; exit}}' "$WORK/p/p.lock")
sed "s/$other/$sha/" "$state/$other" >"$state/$sha.new" && mv "$state/$sha.new" "$state/$sha"
run "$DEBIMG" compose "$WORK/p/p.yaml" --format dir -o "$WORK/root4" --until unpack
expect_rc 0 "unpack with a state entry pointing at another package's copy"
[ "$(listing "$WORK/root")" = "$(listing "$WORK/root4")" ] && pass || fail "another package's data.tar copy was unpacked: $(diff <(listing "$WORK/root") <(listing "$WORK/root4") | head -5)"
[ "$(cut -d' ' -f1 "$state/$sha")" != "$(cut -d' ' -f1 "$state/$other")" ] && pass || fail "the poisoned entry was not made again: $(cat "$state/$sha")"

# A shared cache is a trust boundary: an entry someone else could have
# written is not used, and a folder others can write is refused outright.
chmod g+w "$state/$sha"
run "$DEBIMG" compose "$WORK/p/p.yaml" --format dir -o "$WORK/root5" --until unpack
expect_rc 0 "unpack with a group-writable state entry"
[ "$(stat -c %a "$state/$sha")" = 644 ] && pass || fail "a group-writable state entry was used, not made again"
chmod o+w "$WORK/cache/debimg/sha256"
run "$DEBIMG" compose "$WORK/p/p.yaml" --format dir -o "$WORK/root6" --until unpack
expect_rc 2 "a cache folder others can write"
expect_err "cache folder $WORK/cache/debimg/sha256 is writable by others (mode 0757)" "names the folder and its mode"
expect_one_line_err "world-writable cache"
[ ! -e "$WORK/root6" ] && pass || fail "an output was left"
chmod o-w "$WORK/cache/debimg/sha256"

# Two packages shipping one file: refused unless one Replaces the other.
local_deb share-a
local_deb share-b "Replaces: share-a"
local_deb share-c
profile "share-a, share-c" "local-debs: [debs/]"
run "$DEBIMG" compose "$WORK/p/p.yaml" --format dir -o "$WORK/conflict" --until unpack
expect_rc 2 "file conflict"
expect_err "trying to overwrite '/usr/share/shared/file', which is also in package share-" "conflict names the file and the package"
[ ! -e "$WORK/conflict" ] && pass || fail "conflict left an output"
profile "share-a, share-b" "local-debs: [debs/]"
run "$DEBIMG" compose "$WORK/p/p.yaml" --format dir -o "$WORK/replaced" --until unpack
expect_rc 0 "Replaces takes the file over"
[ "$(cat "$WORK/replaced/usr/share/shared/file")" = share-b ] && pass || fail "the replacing package's file wins"
grep -qx /usr/share/shared/file "$WORK/replaced/var/lib/dpkg/info/share-b.list" && pass || fail "file in the replacing package's list"
grep -qx /usr/share/shared/file "$WORK/replaced/var/lib/dpkg/info/share-a.list" && fail "file still in the replaced package's list" || pass

# compose's lock policy: --frozen needs a fresh lock, a stale one is refused
# unless --update-lock, a missing one is resolved and written.
profile "app"
run "$DEBIMG" compose "$WORK/p/p.yaml" --until fetch --frozen
expect_rc 2 "--frozen without a lock"
expect_err "--frozen: there is no lockfile" "--frozen names the missing lock"
[ ! -e "$WORK/p/p.lock" ] && pass || fail "--frozen wrote a lock"
run "$DEBIMG" compose "$WORK/p/p.yaml" --until fetch
expect_rc 0 "compose writes a missing lock"
[ -f "$WORK/p/p.lock" ] && pass || fail "no lock written"
sed -i 's/^packages: \[app\]/packages: [app, tool]/' "$WORK/p/p.yaml"
cp "$WORK/p/p.lock" "$WORK/stale.lock"
for flag in "" --frozen; do
  run "$DEBIMG" compose "$WORK/p/p.yaml" --until fetch $flag
  expect_rc 2 "stale lock ${flag:-without flags}"
  expect_err "p.lock is stale: the profile's inputs changed" "stale lock named ${flag:-without flags}"
  cmp -s "$WORK/p/p.lock" "$WORK/stale.lock" && pass || fail "a refused compose changed the lock"
done
run "$DEBIMG" compose "$WORK/p/p.yaml" --until fetch --update-lock
expect_rc 0 "--update-lock"
grep -q "^Package: tool$" "$WORK/p/p.lock" && pass || fail "--update-lock did not re-resolve"

# The same lock unpacked twice gives the same tree (parallel unpacking is not a lottery).
profile '"lib-y=1.0", tool, important-pkg, with-scripts, libfoo1, share-a, share-b' "local-debs: [debs/]"
for i in 1 2; do "$DEBIMG" compose "$WORK/p/p.yaml" --format dir -o "$WORK/again$i" --until unpack >/dev/null || fail "compose $i"; done
diff <(cd "$WORK/again1" && find . -printf '%p %y %m %l\n' | sort) <(cd "$WORK/again2" && find . -printf '%p %y %m %l\n' | sort) >/dev/null && pass || fail "two unpacks differ"
diff -r "$WORK/again1" "$WORK/again2" >/dev/null && pass || fail "two unpacks differ in content"

finish
