# Many builders behind one package cache: Debian's apt-cacher-ng on
# 127.0.0.1 with a private configuration. Two composes with separate debimg
# caches go through it, the first by http_proxy, the second by apt's own
# Acquire::http::Proxy (APT_CONFIG); the second gets every .deb from the
# proxy's cache: its transfer log has no new upstream fetch ("I") for them.
source "$(dirname "$0")/lib/assert.sh"
needs mirror userns apt-cacher-ng
WORK=$(mktemp -d)
trap '[ -f "$WORK/acng.pid" ] && kill "$(cat "$WORK/acng.pid")" 2>/dev/null; rm -rf "$WORK"' EXIT
mkdir -p "$WORK/conf" "$WORK/cache" "$WORK/log"
# apt-cacher-ng 3.7 cannot bind ports above 32767: pick a free one below.
PORT=$(python3 -c '
import random, socket
for _ in range(200):
    p, s = random.randint(20000, 32000), socket.socket()
    try:
        s.bind(("127.0.0.1", p))
        print(p)
        break
    except OSError:
        pass')
printf 'CacheDir: %s/cache\nLogDir: %s/log\nSupportDir: /usr/lib/apt-cacher-ng\nBindAddress: 127.0.0.1\nSocketPath: %s/socket\nPidFile: %s/acng.pid\nExThreshold: 4\n' \
  "$WORK" "$WORK" "$WORK" "$WORK" >"$WORK/conf/acng.conf"
apt-cacher-ng -c "$WORK/conf" ForeGround=1 Port="$PORT" >"$WORK/acng.out" 2>&1 &
echo $! >"$WORK/acng.pid"
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$PORT/acng-report.html" && break; sleep 0.1; done
cp "$DEBIMG_SOURCE_DIR/profiles/minideb-bookworm.yaml" "$DEBIMG_SOURCE_DIR/profiles/minideb-bookworm.lock" "$WORK/"
run "$DEBIMG" lock "$WORK/minideb-bookworm.yaml" --update
NPKG=$(grep -c '^Package: ' "$WORK/minideb-bookworm.lock")
debs_fetched() { grep -c "|$1|[0-9]*|127.0.0.1|.*\.deb$" "$WORK/log/apt-cacher.log" || true; }

XDG_CACHE_HOME="$WORK/builder1" http_proxy="http://127.0.0.1:$PORT" run "$DEBIMG" --json compose "$WORK/minideb-bookworm.yaml" --format rootfs-tar -o "$WORK/one.tar"
expect_rc 0 "compose through the proxy (http_proxy)"
[ "$(debs_fetched I)" = "$NPKG" ] && [ "$(debs_fetched O)" = "$NPKG" ] && pass || fail "first compose: $(debs_fetched I) fetched upstream, $(debs_fetched O) served, of $NPKG"
printf 'Acquire::http::Proxy "http://127.0.0.1:%s";\n' "$PORT" >"$WORK/apt.conf"
XDG_CACHE_HOME="$WORK/builder2" APT_CONFIG="$WORK/apt.conf" run "$DEBIMG" --json compose "$WORK/minideb-bookworm.yaml" --format rootfs-tar -o "$WORK/two.tar"
expect_rc 0 "compose through the proxy (apt's Acquire::http::Proxy)"
[ "$(json_downloaded=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["downloaded"])' <<<"$OUT"); echo "$json_downloaded")" = "$NPKG" ] &&
  pass || fail "the second builder's cache was not cold: $OUT"
[ "$(debs_fetched I)" = "$NPKG" ] && [ "$(debs_fetched O)" = "$((2 * NPKG))" ] && pass ||
  fail "second compose: $(debs_fetched I) fetched upstream in all, $(debs_fetched O) served"
cmp -s "$WORK/one.tar" "$WORK/two.tar" && pass || fail "the two builders' tars differ"
finish
