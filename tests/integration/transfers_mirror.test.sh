# Transfers that recover, on the real mirror behind a fault-injecting proxy
# (lib/fault_proxy.py, as http_proxy): debian-bookworm-minbase from a freshly
# updated copy of its lock.
# - Two cold composes (--until fetch) started at once on one cache download
#   each .deb once (the proxy counts the requests).
# - A compose whose first response of one .deb has a flipped byte and of
#   another is cut short (the two the cache lacks) succeeds, prints a retry
#   line for each, counts them in --json, and makes the digest of a clean
#   compose (from the first cache).
source "$(dirname "$0")/lib/assert.sh"
needs mirror userns
source "$(dirname "$0")/lib/fault_proxy.sh"
read -r MIRROR _ < <(host_mirror)
[[ $MIRROR == http://* ]] || skip "needs an http:// mirror in the host's apt sources (a proxy cannot change https)"
WORK=$(mktemp -d)
trap 'proxy_stop; rm -rf "$WORK"' EXIT
export UPSTREAM_PROXY=${http_proxy:-}
unset no_proxy NO_PROXY
P="$WORK/debian-bookworm-minbase.yaml"
cp "$DEBIMG_SOURCE_DIR/profiles/debian-bookworm-minbase.yaml" "$DEBIMG_SOURCE_DIR/profiles/debian-bookworm-minbase.lock" "$WORK/"
run "$DEBIMG" lock "$P" --update --cache-dir "$WORK/c-lock"
expect_rc 0 "lock --update"
L="$WORK/debian-bookworm-minbase.lock"
NPKG=$(grep -c '^Package: ' "$L")
json() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$@"; }
debs_requested() { grep -c '\.deb [0-9]' "$PROXY_LOG"; }
debs_distinct() { awk '$2 ~ /\.deb$/ {print $2}' "$PROXY_LOG" | sort -u | wc -l; }

t0=$SECONDS
proxy_start "$WORK/proxy-shared"
fetch_twice_at_once "$P" "$WORK/c-shared"
[ "$TWICE_RC" = 00 ] && pass || fail "two composes at once: $TWICE_RC: $(cat "$WORK"/shared*.err)"
[ "$(debs_requested)" = "$NPKG" ] && [ "$(debs_distinct)" = "$NPKG" ] && pass ||
  fail "two composes on one cache asked for $(debs_requested) .debs ($(debs_distinct) distinct) of $NPKG"
total=$(($(json "$WORK/shared1.json" downloaded) + $(json "$WORK/shared2.json" downloaded)))
[ "$total" = "$NPKG" ] && pass || fail "the two composes report $total downloads of $NPKG"
echo "two fetches at once: $((SECONDS - t0)) s"

t0=$SECONDS
# The first cache without two of its .debs: only those come through the proxy.
mapfile -t DEBS < <(awk '/^Filename: /{print $2}' "$L" | sed -n '2p;3p')
cp -a "$WORK/c-shared" "$WORK/c-faulty"
for deb in "${DEBS[@]}"; do
  sha=$(awk -v f="$deb" '/^Filename: /{p=($2==f)} p&&/^SHA256: /{print $2; exit}' "$L")
  rm "$WORK/c-faulty/sha256/${sha:0:2}/$sha"
done
proxy_start "$WORK/proxy-faults" "${DEBS[0]}=flip" "${DEBS[1]}=short"
run env http_proxy="$PROXY" "$DEBIMG" --json compose "$P" --format oci -o "$WORK/faulty" --cache-dir "$WORK/c-faulty"
expect_rc 0 "a compose through a proxy that corrupts one .deb and shortens another"
for deb in "${DEBS[@]}"; do
  grep -F -- "/$deb: SHA256 or size differs from the lock (got " <<<"$ERR" | grep -q "^debimg: warning: .*; retrying in 0.25 s (attempt 2 of 4)$" &&
    pass || fail "no retry line for $deb: $ERR"
  [ "$(proxy_requests "$deb")" = 2 ] && pass || fail "$deb requested $(proxy_requests "$deb") times"
done
python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert d["retries"] == 2, d["retries"]' "$OUT" && pass || fail "--json: $OUT"
FAULTY=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["digest"])' "$OUT")
echo "compose through faults: $((SECONDS - t0)) s"

t0=$SECONDS
run "$DEBIMG" --json compose "$P" --format oci -o "$WORK/clean" --cache-dir "$WORK/c-shared" --offline
expect_rc 0 "a clean compose"
CLEAN=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["digest"])' "$OUT")
[ -n "$CLEAN" ] && [ "$CLEAN" = "$FAULTY" ] && pass || fail "digests differ: clean $CLEAN, through faults $FAULTY"
echo "clean compose: $((SECONDS - t0)) s"
finish
