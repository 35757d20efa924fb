# SOURCE_DATE_EPOCH follows the packages (docs/reproducibility.md). A signed
# fixture suite signed again under a later Release date, with the same
# packages, gives the same lock bytes and the same image digest; a package
# whose new version has a newer changelog entry gives another digest, dated
# by that entry. The profile's source-date-epoch, then the environment's, win.
# The suite holds the mirror's dpkg, dash, sed, coreutils and grep with what they need (the
# least that configures) and two fixture packages with dated changelogs.
source "$(dirname "$0")/lib/assert.sh"
source "$(dirname "$0")/lib/fixture.sh"
needs mirror userns
WORK=$(mktemp -d)
trap 'fixture_stop; rm -rf "$WORK"' EXIT
export XDG_CACHE_HOME="$WORK/cache"
EARLIER=$(( $(date -u +%s) - 3 * 86400 ))
MKREPO_NOW=$EARLIER fixture_repo "$WORK/fx"
DATED="$DEBIMG_SOURCE_DIR/tests/fixtures/dated/make-dated-suite.sh"
sign_suite() { "$DATED" "$FIXTURE" >/dev/null || { echo "make-dated-suite.sh failed"; exit 1; }; }
printf 'name: base\narchitectures: [amd64]\nvariant: custom\npackages: [dpkg, dash, sed, coreutils, grep, diffutils, libc-bin]\nsources:\n  - suites: [bookworm]\n' >"$WORK/base.yaml"
run "$DEBIMG" compose "$WORK/base.yaml" --until fetch
expect_rc 0 "fetch dpkg, a shell and the tools scripts use from the mirror"
mkdir "$WORK/mirror-debs"
python3 "$DEBIMG_SOURCE_DIR/tests/integration/parity/lock_debs.py" "$WORK/base.lock" | while read -r sha name version arch _; do
  cp "$XDG_CACHE_HOME/debimg/sha256/${sha:0:2}/$sha" "$WORK/mirror-debs/${name}_${version#*:}_$arch.deb"  # the pool's names
done
export DATED_WITH="$WORK/mirror-debs"
MKREPO_NOW=$EARLIER sign_suite
cat >"$WORK/p.yaml" <<YAML
name: dated
architectures: [amd64]
variant: custom
packages: [dpkg, dash, sed, coreutils, grep, diffutils, libc-bin, dated-app, dated-native]
sources:
  - suites: [dated]
    uris: [$FIXTURE_FILE_URI]
    signed-by: $FIXTURE/keyring.gpg
YAML

# compose OUT [ENV...]: composes p.yaml as an OCI layout; sets DIGEST and CREATED (the config's).
compose() {
  local out=$1
  shift
  run env "$@" "$DEBIMG" --json compose "$WORK/p.yaml" -o "$WORK/$out"
  expect_rc 0 "compose $out"
  DIGEST=$(json_field digest <<<"$OUT")
  CREATED=$(python3 -c 'import json,sys; c=json.load(sys.stdin)["config"]; print(json.load(open(sys.argv[1]+"/blobs/sha256/"+c[7:]))["created"])' "$WORK/$out" <<<"$OUT")
}
json_field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

run "$DEBIMG" lock "$WORK/p.yaml"
expect_rc 0 "lock"
compose first
first=$DIGEST
epoch=$(python3 "$DEBIMG_SOURCE_DIR/tests/integration/lib/changelog_epoch.py" "$WORK/p.lock" "$XDG_CACHE_HOME/debimg")
[ "$CREATED" = "$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)" ] && pass || fail "created is $CREATED, not the packages' newest changelog date ($epoch)"
[ "$(json_field source-date-epoch <<<"$OUT")" = "$epoch" ] && pass || fail "compose --json: source-date-epoch: $OUT"

# The archive signs its Release again a day later, the packages the same bytes.
cp "$WORK/p.lock" "$WORK/before.lock"
debs_before=$(cd "$FIXTURE/archive" && sha256sum pool/main/d/dated/*.deb)
old_date=$(grep '^Date:' "$FIXTURE/archive/dists/dated/Release")
MKREPO_NOW=$(( EARLIER + 86400 )) sign_suite
[ "$(cd "$FIXTURE/archive" && sha256sum pool/main/d/dated/*.deb)" = "$debs_before" ] && pass || fail "the re-signed suite's .debs changed"
[ "$(grep '^Date:' "$FIXTURE/archive/dists/dated/Release")" != "$old_date" ] && pass || fail "the Release date did not move"
run "$DEBIMG" lock "$WORK/p.yaml" --update
expect_rc 0 "lock --update after the archive signed again"
expect_out "no package changed; left as it is" "lock --update says it left the lock"
cmp -s "$WORK/p.lock" "$WORK/before.lock" && pass || fail "lock --update with no package change rewrote the lock: $(diff "$WORK/before.lock" "$WORK/p.lock" | head -5)"
# Composed over its own earlier output (replaced, compose/output_guard.h): the same image.
compose first
[ "$DIGEST" = "$first" ] && pass || fail "the digest moved with the Release date: $first → $DIGEST"
# An oci-archive over its own earlier one: the same archive.
for round in 1 2; do
  run "$DEBIMG" compose "$WORK/p.yaml" --format oci-archive -o "$WORK/image.tar"
  expect_rc 0 "oci-archive, compose $round to the same file"
  sha256sum <"$WORK/image.tar" >"$WORK/archive.$round"
done
cmp -s "$WORK/archive.1" "$WORK/archive.2" && pass || fail "the oci-archive changed when composed again"

# A new version with a newer changelog entry: another digest, dated by that entry.
DATED_VERSION=1.1 DATED_DATE="Sat, 01 Jan 2050 14:00:00 +0200" MKREPO_NOW=$(( EARLIER + 2 * 86400 )) sign_suite
run "$DEBIMG" lock "$WORK/p.yaml" --update
expect_rc 0 "lock --update after a package moved"
expect_out "~ dated 1.0 → 1.1 (amd64) dated: dated-app" "lock --update names the new version (the update report's line: source, versions, binaries)"
compose moved
[ -n "$DIGEST" ] && [ "$DIGEST" != "$first" ] && pass || fail "a new package version kept the digest $first"
[ "$CREATED" = 2050-01-01T12:00:00Z ] && pass || fail "created is $CREATED, not the new entry's 2050-01-01T12:00:00Z"
moved=$DIGEST

# The profile's date wins over the packages', the environment's over both.
echo "source-date-epoch: 86400" >>"$WORK/p.yaml"
run "$DEBIMG" lock "$WORK/p.yaml" --check
expect_rc 0 "source-date-epoch leaves the lock fresh"
compose profile-dated
[ "$CREATED" = 1970-01-02T00:00:00Z ] && [ "$DIGEST" != "$moved" ] && pass || fail "the profile's source-date-epoch: created $CREATED"
compose env-dated SOURCE_DATE_EPOCH=172800
[ "$CREATED" = 1970-01-03T00:00:00Z ] && pass || fail "SOURCE_DATE_EPOCH: created $CREATED"

finish
