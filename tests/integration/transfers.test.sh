# Metadata that never goes back in time, and transfers that recover and say
# so, on the signed fixture repository over HTTP:
# - a Release older than the one the cache holds is not used (the newer one
#   is kept, a warning names the source); --allow-older-metadata takes it;
# - a Release dated past the clock is refused (--max-future-time);
# - `lock --update` from an older archive is refused, unless --allow-older-metadata;
# - through a proxy that breaks responses (lib/fault_proxy.py): a flipped
#   byte, a short body, a dropped connection and a 503 are each retried with
#   a warning line, on a fresh connection asking caches not to answer; only
#   verified bytes reach the cache; the last attempt's error names the
#   package, the URL and both hashes and sizes; a stall is announced;
# - two composes started at once on one cold cache fetch each .deb once.
source "$(dirname "$0")/lib/assert.sh"
source "$(dirname "$0")/lib/fixture.sh"
source "$(dirname "$0")/lib/fault_proxy.sh"
WORK=$(mktemp -d)
trap 'proxy_stop; fixture_stop; gpgconf --homedir "$WORK/fx/gnupg" --kill all 2>/dev/null; rm -rf "$WORK"' EXIT
fixture_repo "$WORK/fx"
unset no_proxy NO_PROXY
FPR=$(cat "$FIXTURE/fingerprint")
MOVING="$FIXTURE/archive/dists/moving"
cp "$MOVING/Release" "$WORK/Release.orig"
NOW=$(date -u +%s)
fmt_date() { date -u -d "@$1" '+%a, %d %b %Y %H:%M:%S UTC'; }

# serve_moving EPOCH: the suite "moving" re-signed with that Date (indexes unchanged).
serve_moving() {
  sed "s/^Date: .*/Date: $(fmt_date "$1")/" "$WORK/Release.orig" >"$MOVING/Release"
  gpg --homedir "$FIXTURE/gnupg" --batch --yes --quiet --local-user "$FPR!" --digest-algo SHA512 \
    --clearsign -o "$MOVING/InRelease" "$MOVING/Release" 2>/dev/null || { echo "cannot sign" >&2; exit 1; }
}
NEWER=$((NOW - 86400)) OLDER=$((NOW - 30 * 86400)) FUTURE=$((NOW + 365 * 86400))
profile_for "$WORK/moving.yaml" "$FIXTURE_HTTP_URI" moving "signed-by: $FIXTURE/keyring.gpg"
update() { run "$DEBIMG" update "$WORK/moving.yaml" --cache-dir "$WORK/c-moving" "$@"; }

serve_moving "$NEWER"
update
expect_rc 0 "the newer Release"
expect_out "Date $(fmt_date "$NEWER")" "the newer Release is used"

serve_moving "$OLDER"
update
expect_rc 0 "an older Release after a newer one"
expect_out "Date $(fmt_date "$NEWER")" "the newer Release is kept"
expect_err "debimg: warning: $FIXTURE_HTTP_URI/dists/moving/InRelease served an older Release (Date $(fmt_date "$OLDER")) than the one in the cache (Date $(fmt_date "$NEWER")): keeping the newer one" \
  "the warning names the source and both dates"
[ "$(grep -c '^debimg: warning: ' <<<"$ERR")" = 1 ] && pass || fail "one warning line: $ERR"
update --offline
expect_out "Date $(fmt_date "$NEWER")" "the cache still holds the newer Release"
update --allow-older-metadata
expect_rc 0 "--allow-older-metadata"
expect_out "Date $(fmt_date "$OLDER")" "--allow-older-metadata takes the older Release"
expect_err "taking the older one (--allow-older-metadata)" "and says so"

serve_moving "$FUTURE"
update
expect_rc 2 "a Release dated a year ahead"
expect_err "$FIXTURE_HTTP_URI/dists/moving/InRelease: Date $(fmt_date "$FUTURE") is " "the refusal names the file and its Date"
expect_err "ahead of this machine's clock, more than the 10 s allowed" "and the allowance"
expect_one_line_err "future Release"
update --max-future-time $((400 * 86400))
expect_rc 0 "--max-future-time allows more"

# lock --update never goes back from the lock's suite Dates.
serve_moving "$NEWER"
mkdir -p "$WORK/p"
profile_for "$WORK/p/p.yaml" "$FIXTURE_HTTP_URI" moving "signed-by: $FIXTURE/keyring.gpg"
export XDG_CACHE_HOME="$WORK/lock-cache"
run "$DEBIMG" lock "$WORK/p/p.yaml"
expect_rc 0 "lock against the newer Release"
cp "$WORK/p/p.lock" "$WORK/p.lock.newer"
serve_moving "$OLDER"
export XDG_CACHE_HOME="$WORK/cold-cache"  # nothing newer in this cache: only the lock says it
run "$DEBIMG" lock "$WORK/p/p.yaml" --update
expect_rc 2 "lock --update against an older archive"
expect_err "moving/InRelease: Date $(fmt_date "$OLDER") is older than the $(fmt_date "$NEWER") that p.lock records for suite 'moving'" \
  "the refusal names the file, both dates and the lock"
expect_one_line_err "lock --update against an older archive"
cmp -s "$WORK/p/p.lock" "$WORK/p.lock.newer" && pass || fail "the lock changed"
run "$DEBIMG" lock "$WORK/p/p.yaml" --check --upstream
expect_rc 2 "lock --check --upstream against an older archive"
run "$DEBIMG" lock "$WORK/p/p.yaml" --update --allow-older-metadata
expect_rc 0 "lock --update --allow-older-metadata"
grep -qxF "Date: $(fmt_date "$OLDER")" "$WORK/p/p.lock" && pass || fail "the lock does not hold the older Date: $(cat "$WORK/p/p.lock")"
unset XDG_CACHE_HOME

# Downloads through the fault proxy, from a lock made directly.
mkdir -p "$WORK/app"
profile_for "$WORK/app/app.yaml" "$FIXTURE_HTTP_URI" stable "signed-by: $FIXTURE/keyring.gpg"
run "$DEBIMG" lock "$WORK/app/app.yaml" --cache-dir "$WORK/c-lock"
expect_rc 0 "lock app"
mapfile -t DEBS < <(awk '/^Filename: /{print $2}' "$WORK/app/app.lock")
[ "${#DEBS[@]}" = 3 ] && pass || fail "app's lock: ${DEBS[*]}"
fetch() { run env http_proxy="$PROXY" "$DEBIMG" --json compose "$WORK/app/app.yaml" --until fetch --cache-dir "$@"; }
json() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1" <<<"$OUT"; }
blob_ok() { # blob_ok CACHE: every .deb of the lock in the store with its locked hash, nothing in the scratch area
  local c=$1 sha
  for sha in $(awk '/^SHA256: /{print $2}' "$WORK/app/app.lock"); do
    [ "$(sha256sum <"$c/sha256/${sha:0:2}/$sha" 2>/dev/null | cut -d' ' -f1)" = "$sha" ] || return 1
  done
  [ -z "$(ls -A "$c/tmp")" ]
}

proxy_start "$WORK/proxy1" "${DEBS[0]}=flip" "${DEBS[1]}=short" "${DEBS[2]}=cut"
fetch "$WORK/c-faults"
expect_rc 0 "fetch through a proxy that breaks one response of each .deb"
for i in 0 1 2; do
  name=$(basename "${DEBS[$i]}" | cut -d_ -f1)
  grep -q "^debimg: warning: $name [^:]*: $PROXY" <<<"$ERR" && fail "the proxy's address in a retry line" || pass
  grep -q "^debimg: warning: $name [^ ]*: http://.*${DEBS[$i]}: .*; retrying in 0.25 s (attempt 2 of 4)$" <<<"$ERR" &&
    pass || fail "no retry line for ${DEBS[$i]}: $ERR"
  [ "$(proxy_requests "${DEBS[$i]}")" = 2 ] && pass || fail "${DEBS[$i]} requested $(proxy_requests "${DEBS[$i]}") times"
  grep -q "^GET [^ ]*${DEBS[$i]} 200 - no-cache$" "$PROXY_LOG" && pass || fail "the retry of ${DEBS[$i]} did not ask caches not to answer"
done
expect_err "SHA256 or size differs from the lock (got " "the flipped byte is the reason"
expect_err "download failed (" "the dropped connection is the reason"
[ "$(json retries)" = 3 ] && pass || fail "--json counts 3 retries: $OUT"
[ "$(json downloaded)" = 3 ] && pass || fail "--json: $OUT"
blob_ok "$WORK/c-faults" && pass || fail "the cache holds other bytes than the lock's, or temporaries"

# update's index download through the proxy: a 503, then good.
proxy_start "$WORK/proxy2" "binary-amd64/Packages.xz=503"
run env http_proxy="$PROXY" "$DEBIMG" update "$WORK/app/app.yaml" --cache-dir "$WORK/c-index"
expect_rc 0 "an index answered 503 once"
expect_err "Packages.xz: HTTP 503; retrying in 0.25 s (attempt 2 of 4)" "the index retry is said"

# Corrupt on every attempt: the error names the package, the URL, both hashes and sizes.
proxy_start "$WORK/proxy3" "${DEBS[0]}=flip*9"
run env http_proxy="$PROXY" DEBIMG_HTTP_ATTEMPTS=2 "$DEBIMG" compose "$WORK/app/app.yaml" --until fetch --cache-dir "$WORK/c-bad"
expect_rc 2 "corrupt on every attempt"
sha=$(awk -v f="${DEBS[0]}" '/^Filename: /{p=($2==f)} p&&/^SHA256: /{print $2; exit}' "$WORK/app/app.lock")
size=$(awk -v f="${DEBS[0]}" '/^Filename: /{p=($2==f)} p&&/^Size: /{print $2; exit}' "$WORK/app/app.lock")
expect_err "$(basename "${DEBS[0]}" | cut -d_ -f1) " "names the package"
expect_err "$FIXTURE_HTTP_URI/${DEBS[0]}: SHA256 or size differs from the lock (got " "names the URL"
expect_err "$size bytes; the lock says $sha, $size bytes) (after 2 attempts)" "names both hashes and sizes and the attempts"
expect_one_line_err "corrupt on every attempt"
[ ! -e "$WORK/c-bad/sha256/${sha:0:2}/$sha" ] && pass || fail "corrupt bytes entered the cache"

# A stall is said while debimg waits (after half the stall timeout, as it is short here).
proxy_start "$WORK/proxy4" "${DEBS[0]}=stall:3"
run env http_proxy="$PROXY" DEBIMG_HTTP_TIMEOUT=5 "$DEBIMG" compose "$WORK/app/app.yaml" --until fetch --cache-dir "$WORK/c-stall"
expect_rc 0 "a transfer that stalls for 3 s"
expect_err "${DEBS[0]}: no data for 2 s, still waiting (gives up after 5 s without data)" "the stall is said"

# Two composes at once on one cold cache: each .deb is downloaded once (the
# first response of each stalls a second, so that both are fetching at once).
proxy_start "$WORK/proxy5" "${DEBS[0]}=stall:1" "${DEBS[1]}=stall:1" "${DEBS[2]}=stall:1"
fetch_twice_at_once "$WORK/app/app.yaml" "$WORK/c-shared"
[ "$TWICE_RC" = 00 ] && pass || fail "two composes at once: $TWICE_RC: $(cat "$WORK"/shared*.err)"
for deb in "${DEBS[@]}"; do
  [ "$(proxy_requests "$deb")" = 1 ] && pass || fail "$deb downloaded $(proxy_requests "$deb") times by two composes"
done
total=$(python3 -c 'import json, sys; print(sum(json.load(open(f))["downloaded"] for f in sys.argv[1:]))' "$WORK"/shared[12].json)
[ "$total" = 3 ] && pass || fail "the two composes report $total downloads"
blob_ok "$WORK/c-shared" && pass || fail "the shared cache"
finish
