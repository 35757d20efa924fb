# `debimg lock` on the signed fixture repository: every resolver case, the
# lockfile's format and determinism, --check/--upstream/--update/--why, and
# that no lockfile is written or overwritten on error.
source "$(dirname "$0")/lib/assert.sh"
source "$(dirname "$0")/lib/fixture.sh"
WORK=$(mktemp -d)
trap 'fixture_stop; rm -rf "$WORK"' EXIT
fixture_repo "$WORK/fx"
export XDG_CACHE_HOME="$WORK/cache"
P="$WORK/p/profile.yaml"
L="$WORK/p/profile.lock"
mkdir -p "$WORK/p"

# profile VARIANT 'PACKAGES' [EXTRA...]: stable + stable-updates of the fixture.
profile() {
  local variant=$1 packages=$2
  shift 2
  cat >"$P" <<YAML
name: fixture
architectures: [amd64]
variant: $variant
packages: [$packages]
sources:
  - suites: [stable, stable-updates]
    uris: [$FIXTURE_FILE_URI]
    signed-by: $FIXTURE/keyring.gpg
YAML
  for line in "$@"; do echo "$line" >>"$P"; done
}
# locked NAME: "version suite" of NAME in the lock, or nothing.
locked() { awk -v n="$1" '/^Package: /{p=($2==n)} p&&/^Version: /{v=$2} p&&/^Suite: /{print v" "$2; p=0}' "$L"; }
names() { awk '/^Package: /{print $2}' "$L" | tr '\n' ' ' | sed 's/ $//'; }
relock() { rm -f "$L"; run "$DEBIMG" lock "$P"; }

# Variants.
profile essential ""
relock; expect_rc 0 "essential"
[ "$(names)" = "base-a" ] && pass || fail "essential set: $(names)"
profile minbase ""
relock; expect_rc 0 "minbase"
[ "$(names)" = "base-a base-b" ] && pass || fail "minbase (Pre-Depends) set: $(names)"
profile important ""
relock; expect_rc 0 "important"
[ "$(names)" = "base-a base-b important-pkg" ] && pass || fail "important set: $(names)"
profile apt ""
relock; expect_rc 2 "apt variant without apt in the archive"
expect_err "apt" "apt variant names apt"

# Alternatives, versioned dependencies, virtual packages.
profile custom "app"
relock; expect_rc 0 "app"
[ "$(locked lib-x)" = "2.0 stable" ] && pass || fail "app takes lib-x >= 2.0: $(locked lib-x)"
[ -z "$(locked lib-y)" ] && pass || fail "first alternative satisfied, lib-y not needed"
mtas=$( (locked mta-one; locked mta-two) | wc -l)
[ "$mtas" = 1 ] && pass || fail "exactly one mail-transport-agent provider: $(names)"
[ -z "$(locked base-a)" ] && pass || fail "custom installs only what packages need"

run "$DEBIMG" lock "$P" --why lib-x
expect_rc 0 "--why"
expect_out "app (listed in packages) → lib-x" "--why prints the chain"
# From the lock alone: offline, with a cache that holds nothing.
run "$DEBIMG" lock "$P" --why lib-x --offline --cache-dir "$WORK/empty-cache"
expect_rc 0 "--why --offline from the lock"
expect_out "app (listed in packages) → lib-x" "--why --offline prints the chain"
grep -A12 "^Package: app$" "$L" | grep -q "^Requested: listed in packages$" && pass || fail "the lock records what was requested"
grep -A12 "^Package: app$" "$L" | grep -q "^Depends-On: .*lib-x" && pass || fail "the lock records app's dependency edges"

# A format-1 lock (round 1's) is read, stale for its format, and rewritten by `lock`.
cp "$L" "$WORK/v3.lock"
sed -i -e 's/^Lock-Version: 3$/Lock-Version: 1/' -e 's/^Architectures: /Architecture: /' -e '/^Requested: /d' \
  -e '/^Depends-On: /d' "$L"
run "$DEBIMG" lock "$P" --check
expect_rc 1 "a format-1 lock is stale"
expect_out "lock format 1, which this debimg rewrites as format 3" "staleness names the format"
run "$DEBIMG" lock "$P" --why lib-x --offline
expect_rc 2 "--why on a format-1 lock"
expect_err "run \`debimg lock --update\` once" "--why says how to migrate"
run "$DEBIMG" lock "$P"; expect_rc 0 "lock migrates a format-1 lock"
cmp -s "$L" "$WORK/v3.lock" && pass || fail "the migrated lock is not the format-3 one: $(diff "$L" "$WORK/v3.lock" | head -5)"

# A format-2 lock (one architecture, as the last rounds wrote them) is fresh
# as it is; `lock` migrates it to format 3 without resolving (offline, no cache).
sed -e 's/^Lock-Version: 3$/Lock-Version: 2/' -e 's/^Architectures: /Architecture: /' "$WORK/v3.lock" >"$L"
run "$DEBIMG" lock "$P" --check --offline --cache-dir "$WORK/empty-cache"
expect_rc 0 "a format-2 lock is fresh"
run "$DEBIMG" lock "$P" --offline --cache-dir "$WORK/empty-cache"
expect_rc 0 "lock migrates a format-2 lock"
expect_out "from lock format 2 to 3" "the migration says so"
cmp -s "$L" "$WORK/v3.lock" && pass || fail "the migrated format-2 lock: $(diff "$L" "$WORK/v3.lock" | head -5)"

# pkg=version makes the first alternative fail, so apt takes lib-y, and the
# newest lib-y comes from stable-updates.
profile custom '"lib-x=1.0", app'
relock; expect_rc 0 "lib-x=1.0"
[ "$(locked lib-x)" = "1.0 stable" ] && pass || fail "pinned version: $(locked lib-x)"
[ "$(locked lib-y)" = "1.1 stable-updates" ] && pass || fail "update wins: $(locked lib-y)"
profile custom '"lib-y/stable"'
relock; expect_rc 0 "lib-y/stable"
[ "$(locked lib-y)" = "1.0 stable" ] && pass || fail "pkg/suite: $(locked lib-y)"

# Excludes: the excluded alternative is avoided; an excluded need is an error.
profile custom app "exclude: [lib-x]"
relock; expect_rc 0 "exclude lib-x"
[ -z "$(locked lib-x)" ] && [ "$(locked lib-y)" = "1.1 stable-updates" ] && pass || fail "exclude picks the other alternative: $(names)"
profile minbase "" "exclude: [base-b]"
relock; expect_rc 0 "exclude a seed"
[ "$(names)" = "base-a" ] && pass || fail "excluded seed stays out: $(names)"
profile custom app "exclude: [mta-one, mta-two]"
relock; expect_rc 2 "excluding every provider"
expect_err "mail-transport-agent" "unmet virtual dependency is named"
[ ! -e "$L" ] && pass || fail "a lockfile was written on error"

# Multi-Arch packages resolve for the profile's architecture.
profile custom "tool, libfoo1"
relock; expect_rc 0 "Multi-Arch"
grep -A2 "^Package: libfoo1" "$L" | grep -q "Architecture: amd64" && pass || fail "libfoo1 architecture"

# Errors a user can act on, with the profile position; no lockfile written.
profile custom "ap"
relock; expect_rc 2 "unknown package"
expect_err "$P:4:12: packages[0]: unknown package 'ap'" "unknown package names position"
expect_err "did you mean 'app'" "unknown package suggests"
profile custom "mail-transport-agent"
relock; expect_rc 2 "virtual package"
expect_err "virtual package provided by mta-one, mta-two" "virtual package lists providers"
profile custom '"lib-x=3.0"'
relock; expect_rc 2 "missing version"
expect_err "version 3.0 of 'lib-x' is not available (available: 2.0, 1.0)" "missing version lists the available ones"
profile custom "broken"
relock; expect_rc 2 "unsatisfiable"
expect_err "'broken' (listed in packages) cannot be installed: broken 1.0 Depends: does-not-exist but it is not available in any source" "unsatisfiable chain"
expect_one_line_err "unsatisfiable"
profile custom "app, conflicting"
relock; expect_rc 2 "conflict"
expect_err "Conflicts" "conflict is explained"
[ ! -e "$L" ] && pass || fail "a lockfile was written on error"

# An error leaves an existing lockfile exactly as it was.
profile custom app
relock; cp "$L" "$WORK/before.lock"
profile custom "app, broken"
run "$DEBIMG" lock "$P" --update
expect_rc 2 "update with an error"
cmp -s "$L" "$WORK/before.lock" && pass || fail "lockfile changed by a failed update"

# local-debs: resolved with the archive and pinned by SHA256.
mkdir -p "$WORK/p/debs/local-tool/DEBIAN"
printf 'Package: local-tool\nVersion: 0.1\nArchitecture: amd64\nMaintainer: t <t@invalid>\nDepends: lib-y\nDescription: local\n' \
  >"$WORK/p/debs/local-tool/DEBIAN/control"
dpkg-deb --root-owner-group -b "$WORK/p/debs/local-tool" "$WORK/p/debs/local-tool_0.1_amd64.deb" >/dev/null
rm -r "$WORK/p/debs/local-tool"
profile custom local-tool "local-debs: [debs/]"
relock; expect_rc 0 "local-debs"
[ "$(locked local-tool)" = "0.1 local" ] && pass || fail "local deb locked: $(locked local-tool)"
grep -A6 "^Package: local-tool" "$L" | grep -q "^Filename: debs/local-tool_0.1_amd64.deb" && pass || fail "local deb path relative to the profile"
grep -A7 "^Package: local-tool" "$L" | grep -q "^SHA256: $(sha256sum "$WORK/p/debs/local-tool_0.1_amd64.deb" | cut -d' ' -f1)" && pass || fail "local deb SHA256"
[ "$(locked lib-y)" = "1.1 stable-updates" ] && pass || fail "local deb's dependency from the archive"
echo >>"$WORK/p/debs/local-tool_0.1_amd64.deb"
run "$DEBIMG" lock "$P" --check
expect_rc 1 "changed local deb makes the lock stale"
expect_out "local package" "staleness names the local deb"

# The lockfile: no host, deterministic bytes whatever the cwd, umask, locale or time zone.
profile custom app
relock; cp "$L" "$WORK/first.lock"
grep -q "file://\|127.0.0.1\|$FIXTURE" "$L" && fail "the lockfile names a host or path" || pass
grep -q "^Lock-Version: 3$" "$L" && grep -q "^Inputs-Digest: sha256:" "$L" && pass || fail "lock header"
grep -A20 "^Suite: stable$" "$L" | grep -q "^Signed-By: $(cat "$FIXTURE/fingerprint")$" && pass || fail "signer fingerprint in the lock"
grep -A20 "^Suite: stable$" "$L" | grep -q "^InRelease-SHA256: $(sha256sum "$FIXTURE/archive/dists/stable/InRelease" | cut -d' ' -f1)$" && pass || fail "InRelease SHA256 in the lock"
grep -A4 "^Package: app$" "$L" | grep -q "^Suite: stable$" && pass || fail "package stanza"
grep -A6 "^Package: app$" "$L" | grep -q "^Filename: pool/main/a/app/app_1.0_amd64.deb$" && pass || fail "pool path relative to the archive root"
(cd / && umask 077 && LC_ALL=C.UTF-8 TZ=Asia/Tokyo "$DEBIMG" lock "$P" --update >/dev/null)
cmp -s "$L" "$WORK/first.lock" && pass || fail "lockfile bytes differ between runs"
[ "$(stat -c %a "$L")" = 644 ] && pass || fail "lockfile mode $(stat -c %a "$L")"

# --check: 0 fresh, 1 stale, 2 error.
run "$DEBIMG" lock "$P" --check
expect_rc 0 "fresh"
run "$DEBIMG" lock "$P" --check --json
python3 -c 'import json,sys; assert json.load(sys.stdin)["fresh"] is True' <<<"$OUT" && pass || fail "--check --json"
sed -i 's/^packages: \[app\]/packages: [app, tool]/' "$P"
run "$DEBIMG" lock "$P" --check
expect_rc 1 "stale profile"
expect_out "profile's inputs changed" "stale reason"
sed -i 's/^packages: \[app, tool\]/packages: [app]/' "$P"
run "$DEBIMG" lock "$P" --check
expect_rc 0 "fresh again"
cp "$FIXTURE/keyring.gpg" "$WORK/keyring.gpg.orig"
cat "$FIXTURE/keyring.gpg.orig" "$FIXTURE/wrong-keyring.gpg" 2>/dev/null >/dev/null
cat "$WORK/keyring.gpg.orig" "$FIXTURE/wrong-keyring.gpg" >"$FIXTURE/keyring.gpg"
run "$DEBIMG" lock "$P" --check
expect_rc 1 "keyring changed"
expect_out "keyring of suite 'stable' changed" "keyring staleness reason"
cp "$WORK/keyring.gpg.orig" "$FIXTURE/keyring.gpg"
echo "bogus: 1" >>"$P"
run "$DEBIMG" lock "$P" --check
expect_rc 2 "error"
sed -i '/^bogus: 1$/d' "$P"
rm -f "$L"
run "$DEBIMG" lock "$P" --check
expect_rc 1 "missing lock"

# Upstream movement: "moving" starts as stable-updates without lib-y 1.1
# (stable's packages) and then gets it; that is not staleness.
cat >"$P" <<YAML
name: fixture
architectures: [amd64]
variant: custom
packages: [lib-y]
sources:
  - suites: [stable, moving]
    uris: [$FIXTURE_FILE_URI]
    signed-by: $FIXTURE/keyring.gpg
YAML
relock; expect_rc 0 "lock before the move"
[ "$(locked lib-y)" = "1.0 stable" ] && pass || fail "before the move: $(locked lib-y)"
rm -r "$FIXTURE/archive/dists/moving"
mv "$FIXTURE/archive/dists/moving.next" "$FIXTURE/archive/dists/moving"
run "$DEBIMG" lock "$P" --check
expect_rc 0 "upstream movement is not staleness"
run "$DEBIMG" lock "$P" --check --upstream
expect_rc 1 "--upstream reports movement"
expect_out "~ lib-y 1.0 → 1.1 (amd64) stable → moving" "--upstream lists the change, with its suite move"
run "$DEBIMG" --json lock "$P" --update
expect_rc 0 "--update"
python3 -c '
import json, sys
d = json.load(sys.stdin)
s = d["report"]["platforms"][0]["sources"]
assert d["written"] and [(x["source"], x["old-versions"], x["new-versions"], x["suites"]) for x in s] == \
  [("lib-y", ["1.0"], ["1.1"], {"old": ["stable"], "new": ["moving"]})], d' <<<"$OUT" && pass || fail "--update --json changes: $OUT"
[ "$(locked lib-y)" = "1.1 moving" ] && pass || fail "after --update: $(locked lib-y)"
run "$DEBIMG" lock "$P"
expect_out "fresh" "plain lock keeps a fresh lockfile"

finish
