# The repo stage: InRelease verified with GPGME, indexes by SHA256, cache,
# refusals with clear errors and nothing cached. Uses `debimg update`.
source "$(dirname "$0")/lib/assert.sh"
source "$(dirname "$0")/lib/fixture.sh"
WORK=$(mktemp -d)
trap 'fixture_stop; rm -rf "$WORK"' EXIT
fixture_repo "$WORK/fx"
KEY="signed-by: $FIXTURE/keyring.gpg"
# "flipped": stable's signed metadata with one byte of Packages.xz changed, size kept.
cp -r "$FIXTURE/archive/dists/stable" "$FIXTURE/archive/dists/flipped"
printf 'X' | dd of="$FIXTURE/archive/dists/flipped/main/binary-amd64/Packages.xz" bs=1 seek=100 conv=notrunc status=none
FPR=$(cat "$FIXTURE/fingerprint")

cache_files() { find "$1/sha256" "$1/state" -type f 2>/dev/null | wc -l; }
scratch_empty() { [ -z "$(ls -A "$1/tmp" 2>/dev/null)" ]; }

for uri in "$FIXTURE_FILE_URI" "$FIXTURE_HTTP_URI"; do
  scheme=${uri%%:*}
  # A good suite verifies, names the signer, and fills the cache.
  profile_for "$WORK/good.yaml" "$uri" stable "$KEY"
  run "$DEBIMG" update "$WORK/good.yaml" --cache-dir "$WORK/c-$scheme"
  expect_rc 0 "$scheme: stable verifies"
  expect_out "stable: verified, signed by $FPR" "$scheme: signer fingerprint"
  expect_out "1 index(es) downloaded, 0 from the cache" "$scheme: first run downloads the index"
  scratch_empty "$WORK/c-$scheme" && pass || fail "$scheme: scratch area left behind"

  # Each broken suite is refused with its reason, and nothing enters the cache.
  while IFS='|' read -r suite keyline words; do
    IFS=';' read -ra keylines <<<"$keyline"
    profile_for "$WORK/bad.yaml" "$uri" "$suite" "${keylines[@]}"
    run "$DEBIMG" update "$WORK/bad.yaml" --cache-dir "$WORK/bad-$scheme-$suite"
    expect_rc 2 "$scheme/$suite refused"
    expect_err "$words" "$scheme/$suite reason"
    expect_err "$uri/dists/$suite/" "$scheme/$suite names the file"
    expect_one_line_err "$scheme/$suite"
    [ "$(cache_files "$WORK/bad-$scheme-$suite")" = 0 ] && pass || fail "$scheme/$suite: something was cached"
    scratch_empty "$WORK/bad-$scheme-$suite" && pass || fail "$scheme/$suite: scratch area left behind"
  done <<LIST
tampered|$KEY|InRelease: bad signature
stable|signed-by: $FIXTURE/wrong-keyring.gpg|InRelease: not accepted: signed by
wrongkey|$KEY|which is not in the keyring
weakkey|signed-by: $FIXTURE/weak-keyring.gpg|key of 1024 bits (apt wants 2048 or more)
future|$KEY|is dated in the future
expired|$KEY|InRelease: expired: Valid-Until
sha1|$KEY|weak hash SHA1
badindex|$KEY|Packages.xz: wrong size
flipped|$KEY;codename: stable|Packages.xz: SHA256 or size differs from the signed Release
flipped|$KEY|says Suite 'stable', Codename 'stable', not 'flipped' (another suite's Release
truncated|$KEY|Packages.xz: SHA256 or size differs from the signed Release
unsigned|$KEY|is not signed
nosuchsuite|$KEY|404 Not Found
LIST
done

# Another suite's Release is what apt would call a conflicting distribution:
# refused, unless the source names that codename on purpose.
cp -r "$FIXTURE/archive/dists/stable" "$FIXTURE/archive/dists/renamed"
profile_for "$WORK/renamed.yaml" "$FIXTURE_FILE_URI" renamed "$KEY" "codename: stable"
run "$DEBIMG" update "$WORK/renamed.yaml" --cache-dir "$WORK/c-renamed"
expect_rc 0 "codename: names the Codename a renamed suite carries"
profile_for "$WORK/renamed.yaml" "$FIXTURE_FILE_URI" renamed "$KEY" "codename: oldstable"
run "$DEBIMG" update "$WORK/renamed.yaml" --cache-dir "$WORK/c-renamed2"
expect_rc 2 "a codename the Release does not carry"
expect_err "not 'oldstable'" "names the codename expected"

# Signed text that gpg and a parser could split differently is refused
# before any signature check: an armor header other than Hash: and a line
# starting with a dash that is not dash-escaped.
for case in notdash armorheader; do
  mkdir -p "$FIXTURE/archive/dists/$case"
  cp -r "$FIXTURE/archive/dists/stable/main" "$FIXTURE/archive/dists/$case/"
done
awk 'NR==1{print; print "NotDashEscaped: You need GnuPG to verify this message"; next} {print}' \
  "$FIXTURE/archive/dists/stable/InRelease" >"$FIXTURE/archive/dists/armorheader/InRelease"
awk '/^SHA256:/{print "-----END PGP SIGNED MESSAGE-----"} {print}' \
  "$FIXTURE/archive/dists/stable/InRelease" >"$FIXTURE/archive/dists/notdash/InRelease"
while IFS='|' read -r suite words; do
  profile_for "$WORK/armor.yaml" "$FIXTURE_FILE_URI" "$suite" "$KEY" "codename: stable"
  run "$DEBIMG" update "$WORK/armor.yaml" --cache-dir "$WORK/c-$suite"
  expect_rc 2 "$suite refused"
  expect_err "$words" "$suite reason"
  expect_one_line_err "$suite"
  [ "$(cache_files "$WORK/c-$suite")" = 0 ] && pass || fail "$suite: something was cached"
done <<LIST
armorheader|line 2: unexpected armor header 'NotDashEscaped: You need GnuPG
notdash|starts with a dash but is not dash-escaped ('-----END PGP SIGNED MESSAGE-----')
LIST

# A keyring file with two armored key blocks: the second one signs.
profile_for "$WORK/blocks.yaml" "$FIXTURE_FILE_URI" stable "signed-by: $FIXTURE/two-blocks.asc"
run "$DEBIMG" update "$WORK/blocks.yaml" --cache-dir "$WORK/c-blocks"
expect_rc 0 "a keyring with two armored blocks"
expect_out "stable: verified, signed by $FPR" "the second block's key verifies"

# Warm metadata: the second run downloads no index (the server sees only InRelease).
: >"$FIXTURE_LOG"
profile_for "$WORK/good.yaml" "$FIXTURE_HTTP_URI" stable "$KEY"
run "$DEBIMG" update "$WORK/good.yaml" --cache-dir "$WORK/c-http"
expect_rc 0 "warm run"
expect_out "0 index(es) downloaded, 1 from the cache" "warm run reports the cache"
grep -q "Packages" "$FIXTURE_LOG" && fail "warm run downloaded an index: $(cat "$FIXTURE_LOG")" || pass
grep -q "GET /dists/stable/InRelease 200" "$FIXTURE_LOG" && pass || fail "warm run did not check InRelease"

# A damaged cache entry is detected and fetched again.
for blob in $(find "$WORK/c-http/sha256" -type f); do echo garbage >>"$blob"; done
run "$DEBIMG" update "$WORK/good.yaml" --cache-dir "$WORK/c-http"
expect_out "1 index(es) downloaded" "corrupt cache entry is fetched again"

# by-hash: only the by-hash path exists, and it is what gets fetched.
: >"$FIXTURE_LOG"
profile_for "$WORK/byhash.yaml" "$FIXTURE_HTTP_URI" byhash "$KEY"
run "$DEBIMG" update "$WORK/byhash.yaml" --cache-dir "$WORK/c-byhash"
expect_rc 0 "by-hash suite"
grep -q "GET /dists/byhash/main/binary-amd64/by-hash/SHA256/[0-9a-f]\{64\} 200" "$FIXTURE_LOG" && pass || fail "by-hash path not used: $(cat "$FIXTURE_LOG")"

# Two suites of one source, the updates suite second.
profile_for "$WORK/two.yaml" "$FIXTURE_FILE_URI" "stable, stable-updates" "$KEY"
run "$DEBIMG" update "$WORK/two.yaml" --cache-dir "$WORK/c-two"
expect_rc 0 "two suites"
expect_out "stable-updates: verified" "updates suite verified"

# trusted: true accepts the unsigned suite and says so on every run.
profile_for "$WORK/trusted.yaml" "$FIXTURE_FILE_URI" unsigned "trusted: true"
for i in 1 2; do
  run "$DEBIMG" update "$WORK/trusted.yaml" --cache-dir "$WORK/c-trusted"
  expect_rc 0 "trusted run $i"
  expect_err "NOT verified" "trusted run $i warns"
done

# check-valid-until: false accepts the expired suite.
profile_for "$WORK/expired.yaml" "$FIXTURE_FILE_URI" expired "$KEY" "check-valid-until: false"
run "$DEBIMG" update "$WORK/expired.yaml" --cache-dir "$WORK/c-expired"
expect_rc 0 "check-valid-until: false"

# The armored keyring and an inline key work too.
profile_for "$WORK/asc.yaml" "$FIXTURE_FILE_URI" stable "signed-by: $FIXTURE/keyring.asc"
run "$DEBIMG" update "$WORK/asc.yaml" --cache-dir "$WORK/c-asc"
expect_rc 0 "armored keyring"
profile_for "$WORK/inline.yaml" "$FIXTURE_FILE_URI" stable "signed-by: |"
sed 's/^/      /' "$FIXTURE/keyring.asc" >>"$WORK/inline.yaml"
run "$DEBIMG" update "$WORK/inline.yaml" --cache-dir "$WORK/c-asc"
expect_rc 0 "inline key"
expect_out "signed by $FPR" "inline key verifies"

# --offline: from the warm cache it works; from an empty one it says what is missing.
run "$DEBIMG" update "$WORK/good.yaml" --cache-dir "$WORK/c-http" --offline
expect_rc 0 "offline from warm cache"
run "$DEBIMG" update "$WORK/good.yaml" --cache-dir "$WORK/c-empty" --offline
expect_rc 2 "offline from empty cache"
expect_err "--offline: the cache has no metadata for suite 'stable'" "offline names what is missing"

# Network failures: refused connection and a server that never answers.
profile_for "$WORK/dead.yaml" "http://127.0.0.1:9" stable "$KEY"
run env DEBIMG_HTTP_ATTEMPTS=2 "$DEBIMG" update "$WORK/dead.yaml" --cache-dir "$WORK/c-dead"
expect_rc 2 "connection refused"
expect_err "http://127.0.0.1:9/dists/stable/InRelease: cannot connect" "connection refused names the URL"
python3 -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
time.sleep(30)' "$WORK/silent.port" &
SILENT=$!
for _ in $(seq 50); do [ -s "$WORK/silent.port" ] && break; sleep 0.1; done
profile_for "$WORK/silent.yaml" "http://127.0.0.1:$(cat "$WORK/silent.port")" stable "$KEY"
run env DEBIMG_HTTP_TIMEOUT=2 DEBIMG_HTTP_ATTEMPTS=1 "$DEBIMG" update "$WORK/silent.yaml" --cache-dir "$WORK/c-silent"
kill $SILENT 2>/dev/null
expect_rc 2 "silent server"
expect_err "timed out" "silent server times out"
expect_one_line_err "silent server"

# TLS: a server whose certificate no system CA signed is refused, naming the URL.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/tls.key" -out "$WORK/tls.crt" -days 2 \
  -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" 2>/dev/null
python3 -c '
import http.server, ssl, sys
srv = http.server.HTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); ctx.load_cert_chain(sys.argv[1], sys.argv[2])
srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
open(sys.argv[3], "w").write(str(srv.server_address[1]))
srv.timeout = 20; srv.handle_request()' "$WORK/tls.crt" "$WORK/tls.key" "$WORK/tls.port" 2>/dev/null &
TLS=$!
for _ in $(seq 50); do [ -s "$WORK/tls.port" ] && break; sleep 0.1; done
profile_for "$WORK/tls.yaml" "https://127.0.0.1:$(cat "$WORK/tls.port")" stable "$KEY"
run "$DEBIMG" update "$WORK/tls.yaml" --cache-dir "$WORK/c-tls"
kill $TLS 2>/dev/null
expect_rc 2 "untrusted TLS certificate"
expect_err "https://127.0.0.1:$(cat "$WORK/tls.port")/dists/stable/InRelease: TLS" "TLS failure names the URL"
expect_one_line_err "TLS failure"

# http_proxy is honoured: an archive host that does not exist, reached through
# the fixture server acting as the proxy (it serves by path, whatever the host).
: >"$FIXTURE_LOG"
profile_for "$WORK/proxied.yaml" "http://archive.debimg-test.invalid/" stable "$KEY"
run env http_proxy="$FIXTURE_HTTP_URI" "$DEBIMG" update "$WORK/proxied.yaml" --cache-dir "$WORK/c-proxy"
expect_rc 0 "through http_proxy"
grep -q "GET http://archive.debimg-test.invalid/dists/stable/InRelease 200" "$FIXTURE_LOG" && pass || fail "proxy not used: $(cat "$FIXTURE_LOG")"

# Two processes sharing one empty cache both succeed.
"$DEBIMG" update "$WORK/good.yaml" --cache-dir "$WORK/c-shared" >"$WORK/p1.out" 2>&1 &
P1=$!
"$DEBIMG" update "$WORK/good.yaml" --cache-dir "$WORK/c-shared" >"$WORK/p2.out" 2>&1 &
P2=$!
wait $P1 && wait $P2 && pass || fail "concurrent updates: $(cat "$WORK/p1.out" "$WORK/p2.out")"
# the index as downloaded and its verified uncompressed copy, each once
[ "$(find "$WORK/c-shared/sha256" -type f | wc -l)" = 2 ] && pass || fail "shared cache: $(find "$WORK/c-shared" -type f)"
scratch_empty "$WORK/c-shared" && pass || fail "shared cache: scratch area left behind"

# No gpg-agent and no temporary GnuPG home survive.
pgrep -f "gpg-agent.*$WORK" >/dev/null && fail "a gpg-agent for debimg's home is running" || pass
leftover=$(find "$WORK" -path "$FIXTURE" -prune -o -name 'gnupg-*' -print)
[ -z "$leftover" ] && pass || fail "temporary GnuPG homes left: $leftover"

finish
