# Packages whose paths meet (a directory in one, a symlink in another; a
# Replaces takeover both ways) unpack to the same bytes and the same dpkg
# database with 1, 2 and 8 jobs: conflicts are decided in lock order.
source "$(dirname "$0")/lib/assert.sh"
source "$(dirname "$0")/lib/fixture.sh"
WORK=$(mktemp -d)
trap 'fixture_stop; rm -rf "$WORK"' EXIT
fixture_repo "$WORK/fx"
"$DEBIMG_SOURCE_DIR/tests/fixtures/hostile/make-hostile-suite.sh" "$FIXTURE" >/dev/null || { echo "hostile suite failed"; exit 1; }
export XDG_CACHE_HOME="$WORK/cache"
cat >"$WORK/p.yaml" <<YAML
name: jobs
architectures: [amd64]
variant: custom
packages: [jobs-a-link, jobs-b-dir, jobs-c-old, jobs-d-new, jobs-e-keeper, jobs-f-late]
sources:
  - suites: [hostile]
    uris: [$FIXTURE_FILE_URI]
    signed-by: $FIXTURE/keyring.gpg
YAML

listing() {  # path, mode, owner, hash or target; mtimes only of
  # the files packages shipped (directories', symlinks' and debimg's own are the time they were made)
  python3 "$DEBIMG_SOURCE_DIR/tests/integration/lib/tree_listing.py" "$1" |
    awk '$2 ~ /^0o(4|12)/ || $1 ~ /^(var|etc\/apt)\// { $5 = "-" } { print }'
}

for jobs in 1 2 8; do
  # Twice from a cold data.tar cache and once warm: different timings.
  [ "$jobs" = 8 ] || rm -rf "$WORK/cache/debimg/state/data-tar"
  DEBIMG_UNPACK_JOBS=$jobs run "$DEBIMG" compose "$WORK/p.yaml" --format dir -o "$WORK/out-$jobs" --until unpack
  expect_rc 0 "unpack with $jobs jobs"
  listing "$WORK/out-$jobs" >"$WORK/listing-$jobs"
done
for jobs in 2 8; do
  cmp -s "$WORK/listing-1" "$WORK/listing-$jobs" && pass || fail "$jobs jobs give another tree: $(diff "$WORK/listing-1" "$WORK/listing-$jobs" | head -5)"
  diff -r "$WORK/out-1/var/lib/dpkg" "$WORK/out-$jobs/var/lib/dpkg" >/dev/null && pass || fail "$jobs jobs give another dpkg database"
done

# What lock order decides: the directory goes through the earlier symlink,
# the later package that Replaces takes the file, the earlier that Replaces keeps it.
root=$WORK/out-1
[ -L "$root/usr/share/jobs/data" ] && [ "$(cat "$root/usr/share/jobs/real/b-file")" = b ] && pass || fail "jobs-b-dir did not go through jobs-a-link's symlink"
[ "$(cat "$root/usr/share/jobs/replaced")" = new ] && pass || fail "replaced: $(cat "$root/usr/share/jobs/replaced")"
[ "$(cat "$root/usr/share/jobs/kept")" = keeper ] && pass || fail "kept: $(cat "$root/usr/share/jobs/kept")"
grep -qx /usr/share/jobs/replaced "$root/var/lib/dpkg/info/jobs-d-new.list" &&
  ! grep -qx /usr/share/jobs/replaced "$root/var/lib/dpkg/info/jobs-c-old.list" && pass || fail "replaced is listed for the wrong package"
grep -qx /usr/share/jobs/kept "$root/var/lib/dpkg/info/jobs-e-keeper.list" &&
  ! grep -qx /usr/share/jobs/kept "$root/var/lib/dpkg/info/jobs-f-late.list" && pass || fail "kept is listed for the wrong package"
(cd "$root" && cat var/lib/dpkg/info/*.md5sums | md5sum --quiet -c -) >/dev/null 2>&1 && pass || fail "md5sums do not match the bytes on disk"
finish
