# Hostile lockfiles, Release files and Packages indexes on the signed fixture
# repository: a hash, name or path that is not what it claims is refused with
# one line naming the file and field (exit 2), before it becomes a path: a
# SHA256 of `../…/victim` padded to 64 characters once made compose delete
# the victim as a "damaged cache entry". No output, no lock, victim intact.
source "$(dirname "$0")/lib/assert.sh"
source "$(dirname "$0")/lib/fixture.sh"
WORK=$(mktemp -d)
trap 'fixture_stop; gpgconf --homedir "$WORK/fx/gnupg" --kill all >/dev/null 2>&1; rm -rf "$WORK"' EXIT
fixture_repo "$WORK/fx"
export XDG_CACHE_HOME="$WORK/cache"
P="$WORK/p/p.yaml"
L="$WORK/p/p.lock"
TARGET="$WORK/out"  # not OUT: run sets OUT to stdout
mkdir -p "$WORK/p" "$WORK/host"

profile() {  # profile SUITE...: app from the fixture's suites
  printf 'name: fixture\narchitectures: [amd64]\nvariant: custom\npackages: [app]\nsources:\n  - suites: [%s]\n    uris: [%s]\n    signed-by: %s\n' \
    "$(echo "$@" | sed 's/ /, /g')" "$FIXTURE_FILE_URI" "$FIXTURE/keyring.gpg" >"$P"
}

# The victim, and a 64-character "SHA-256" that leads from the cache's
# sha256/<2>/ folder to it (extra ../ stop at /; ./ pads).
VICTIM="$WORK/host/victim"
echo "precious host file" >"$VICTIM"
cp "$VICTIM" "$WORK/victim.orig"
TRAVERSAL=$(python3 -c '
import sys
target = "../" * 8 + sys.argv[1].lstrip("/")
pad = 64 - len(target)
assert pad >= 0, target
print("./" * (pad // 2) + "/" * (pad % 2) + target)' "$VICTIM")
[ ${#TRAVERSAL} = 64 ] && pass || fail "traversal string is ${#TRAVERSAL} characters"

# A good lock, and a cache that holds its packages (so that --offline gets as far as the cache).
profile stable stable-updates
run "$DEBIMG" lock "$P"
expect_rc 0 "lock against the fixture"
cp "$L" "$WORK/good.lock"
run "$DEBIMG" compose "$P" --frozen --format dir -o "$WORK/good-out" --until unpack
expect_rc 0 "compose --frozen of the good lock"
rm -rf "$WORK/good-out"

# crafted FIELD VALUE [STANZA]: the good lock with FIELD of STANZA (default: app's) set to VALUE.
crafted() {
  python3 - "$WORK/good.lock" "$1" "$2" "${3:-Package: app}" >"$L" <<'PY'
import sys
path, field, value, stanza_start = sys.argv[1:]
stanzas = open(path).read().split("\n\n")
for i, s in enumerate(stanzas):
    if s.startswith(stanza_start + "\n") or (stanza_start == "header" and i == 0):
        lines = s.split("\n")
        lines = [field + ": " + value if l.startswith(field + ": ") else l for l in lines]
        stanzas[i] = "\n".join(lines)
        break
else:
    sys.exit("no stanza " + stanza_start)
sys.stdout.write("\n\n".join(stanzas))
PY
}

# refused WHAT WORDS: compose (--frozen, then --offline) of the crafted lock fails cleanly.
refused() {
  local what=$1 words=$2 mode
  cp "$L" "$WORK/crafted.lock"
  for mode in --frozen --offline; do
    run "$DEBIMG" compose "$P" "$mode" --format dir -o "$TARGET" --until unpack
    expect_rc 2 "$what ($mode)"
    expect_one_line_err "$what ($mode)"
    expect_err "$L" "$what ($mode) names the lock"
    expect_err "$words" "$what ($mode) names the field"
    cmp -s "$VICTIM" "$WORK/victim.orig" && pass || fail "$what ($mode): the victim file changed or is gone"
    [ ! -e "$TARGET" ] && pass || fail "$what ($mode) left an output"
    cmp -s "$L" "$WORK/crafted.lock" && pass || fail "$what ($mode) rewrote the lock"
  done
}

# Hashes.
crafted SHA256 "$TRAVERSAL"
refused "traversal SHA256" "stanza 4 (package app): SHA256: '$TRAVERSAL' is not a SHA-256"
crafted SHA256 "$(awk '/^SHA256: /{print toupper($2); exit}' "$WORK/good.lock")"
refused "upper-case SHA256" "(package app): SHA256"
crafted InRelease-SHA256 "$TRAVERSAL" "Suite: stable"
refused "traversal InRelease-SHA256" "stanza 2 (suite stable): InRelease-SHA256"
crafted Inputs-Digest "sha256:$TRAVERSAL" header
refused "traversal Inputs-Digest" "stanza 1 (header): Inputs-Digest"

# Names, versions, architectures: `../`, newlines (continuation lines), control characters.
crafted Package "../../../host/victim"
refused "traversal Package" "stanza 4: Package: '../../../host/victim' is not a Debian package name"
crafted Package "$(printf 'app\n ../../x')"
refused "two-line Package" "stanza 4: Package: 'app\\x0a ../../x'"
crafted Package "$(printf 'app\033[2J')"
refused "Package with an escape" "stanza 4: Package: 'app\\x1b[2J'"
crafted Version "1.0/../../../x"
refused "traversal Version" "(package app): Version"
crafted Version "$(printf '1.0\n Package: evil')"
refused "two-line Version" "(package app): Version: '1.0\\x0a Package: evil'"
crafted Version "$(printf '1.0\001')"
refused "Version with a control character" "(package app): Version: '1.0\\x01'"
crafted Architecture "../amd64"
refused "traversal Architecture" "(package app): Architecture"
crafted Architecture "$(printf 'amd\r64')"
refused "Architecture with a carriage return" "(package app): Architecture: 'amd\\x0d64'"
crafted Architectures "amd64/../../x" header
refused "traversal header Architectures" "stanza 1 (header): Architectures"

# Paths and suites.
crafted Filename "../../../../../../../../..$VICTIM"
refused "traversal Filename" "(package app): Filename"
crafted Filename "/etc/passwd"
refused "absolute Filename" "(package app): Filename: '/etc/passwd'"
crafted Filename "pool/%2e%2e/%2e%2e/x.deb"
refused "percent-encoded traversal Filename" "(package app): Filename"
crafted Filename "$(printf 'pool/main/a/app/app.deb\n ../../x')"
refused "two-line Filename" "(package app): Filename"
crafted Filename 'pool\..\..\x.deb'
refused "backslash Filename" "(package app): Filename"
crafted Component "../main"
refused "traversal Component" "(package app): Component"
crafted Suite "../stable"
refused "traversal Suite" "(package app): Suite"
crafted Suite "sid"
refused "a suite the lock lacks" "(package app): Suite: 'sid' is none of the lock's suites"
crafted Size "12abc"
refused "Size that is no number" "(package app): Size: '12abc' is not a number"
crafted Signed-By "$(cat "$FIXTURE/fingerprint") ../x" "Suite: stable"
refused "Signed-By that is no fingerprint" "(suite stable): Signed-By"
python3 - "$WORK/good.lock" >"$L" <<'PY'
import sys
print(open(sys.argv[1]).read().replace("\nSize: ", "\nX-Hook: rm -rf /\nSize: ", 1), end="")
PY
refused "unknown field" "(package app): unknown field 'X-Hook'"

# A local package may only be one the profile lists.
python3 - "$WORK/good.lock" "$VICTIM" >"$L" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
print(re.sub(r"(Package: app\n(?:.*\n)*?)Suite: stable\nComponent: main\nFilename: [^\n]*",
             lambda m: m.group(1) + "Suite: local\nFilename: " + sys.argv[2], text, count=1), end="")
PY
grep -q "^Suite: local$" "$L" && pass || fail "crafting a local package"
refused "a local package the profile does not list" "$VICTIM is none of the profile's local-debs"

# The good lock still composes: nothing above damaged the cache.
cp "$WORK/good.lock" "$L"
run "$DEBIMG" compose "$P" --frozen --offline --format dir -o "$TARGET" --until unpack
expect_rc 0 "the good lock composes offline after all that"
rm -rf "$TARGET"

# The same through signed metadata: a Release, and a Packages index, whose
# SHA256 is the traversal (signed with the fixture's own key).
sign_suite() {  # sign_suite SUITE: InRelease from dists/SUITE/Release
  gpg --batch --no-tty --quiet --yes --homedir "$FIXTURE/gnupg" --local-user "$(cat "$FIXTURE/fingerprint")!" \
    --digest-algo SHA256 --clearsign -o "$FIXTURE/archive/dists/$1/InRelease" "$FIXTURE/archive/dists/$1/Release"
}
release_for() {  # release_for SUITE: a fresh Release of dists/SUITE
  (cd "$FIXTURE/archive" && apt-ftparchive -o APT::FTPArchive::Release::Suite="$1" -o APT::FTPArchive::Release::Codename="$1" \
    -o APT::FTPArchive::Release::Architectures=amd64 -o APT::FTPArchive::Release::Components=main \
    release "dists/$1") >"$WORK/Release" && mv "$WORK/Release" "$FIXTURE/archive/dists/$1/Release"
}
metadata_refused() {  # metadata_refused WHAT WORDS: lock and compose of the profile fail cleanly
  local what=$1 words=$2
  rm -f "$L"
  run "$DEBIMG" lock "$P"
  expect_rc 2 "$what (lock)"
  expect_one_line_err "$what (lock)"
  expect_err "$words" "$what (lock) names the file and field"
  run "$DEBIMG" compose "$P" --format dir -o "$TARGET" --until unpack
  expect_rc 2 "$what (compose)"
  expect_err "$words" "$what (compose) names the file and field"
  cmp -s "$VICTIM" "$WORK/victim.orig" && pass || fail "$what: the victim file changed or is gone"
  [ ! -e "$TARGET" ] && [ ! -e "$L" ] && pass || fail "$what left an output or a lock"
}

cp -r "$FIXTURE/archive/dists/stable" "$FIXTURE/archive/dists/hostile-release"
rm -f "$FIXTURE/archive/dists/hostile-release/"{InRelease,Release,Release.gpg}
release_for hostile-release
python3 - "$FIXTURE/archive/dists/hostile-release/Release" "$TRAVERSAL" <<'PY'
import re, sys
path, traversal = sys.argv[1:]
text = open(path).read()
head, sha256 = text.split("SHA256:\n", 1)
sha256 = re.sub(r"^ [0-9a-f]{64}( +\d+ main/binary-amd64/Packages\.xz)$", lambda m: " " + traversal + m.group(1), sha256, flags=re.M)
open(path, "w").write(head + "SHA256:\n" + sha256)
PY
grep -qF "$TRAVERSAL" "$FIXTURE/archive/dists/hostile-release/Release" && pass || fail "crafting the Release"
sign_suite hostile-release
profile hostile-release
metadata_refused "traversal SHA256 in a signed Release" "dists/hostile-release/InRelease: SHA256 line"

cp -r "$FIXTURE/archive/dists/stable" "$FIXTURE/archive/dists/hostile-packages"
bin="$FIXTURE/archive/dists/hostile-packages/main/binary-amd64"
rm -f "$bin"/Packages.* "$FIXTURE/archive/dists/hostile-packages/"{InRelease,Release,Release.gpg}
python3 - "$bin/Packages" "$TRAVERSAL" <<'PY'
import re, sys
path, traversal = sys.argv[1:]
text = open(path).read()
stanzas = text.split("\n\n")
stanzas = [re.sub(r"^SHA256: .*$", "SHA256: " + traversal, s, flags=re.M) if s.startswith("Package: app\n") else s for s in stanzas]
open(path, "w").write("\n\n".join(stanzas))
PY
grep -qF "$TRAVERSAL" "$bin/Packages" && pass || fail "crafting the Packages index"
xz -c "$bin/Packages" >"$bin/Packages.xz"
release_for hostile-packages
sign_suite hostile-packages
profile hostile-packages
metadata_refused "traversal SHA256 in a signed Packages index" "dists/hostile-packages/main/binary-amd64/Packages.xz: package app: SHA256"

cmp -s "$VICTIM" "$WORK/victim.orig" && pass || fail "the victim file changed"
finish
