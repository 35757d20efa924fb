# A fault-injecting HTTP proxy (lib/fault_proxy.py) for download tests. Source after assert.sh.

# proxy_start DIR [SUFFIX=FAULT...]: starts one in DIR; sets PROXY (its
# http://127.0.0.1:PORT), PROXY_LOG (one line per request: GET URL STATUS
# FAULT CACHE) and PROXY_PID. A later call stops the previous one first.
proxy_start() {
  local dir=$1
  shift
  proxy_stop
  mkdir -p "$dir"
  rm -f "$dir/port"
  PROXY_LOG="$dir/requests.log"
  : >"$PROXY_LOG"
  python3 "$DEBIMG_SOURCE_DIR/tests/integration/lib/fault_proxy.py" "$dir/port" "$PROXY_LOG" "$@" &
  PROXY_PID=$!
  for _ in $(seq 100); do [ -s "$dir/port" ] && break; sleep 0.1; done
  [ -s "$dir/port" ] || { echo "the fault proxy did not start" >&2; exit 1; }
  PROXY="http://127.0.0.1:$(cat "$dir/port")"
}

proxy_stop() {
  [ -n "${PROXY_PID:-}" ] || return 0
  kill "$PROXY_PID" 2>/dev/null
  wait "$PROXY_PID" 2>/dev/null
  PROXY_PID=
}

# proxy_requests SUFFIX: how many requests the proxy saw for URLs ending in SUFFIX.
proxy_requests() { awk -v s="$1" '{ if (substr($2, length($2) - length(s) + 1) == s) n++ } END { print n + 0 }' "$PROXY_LOG"; }

# fetch_twice_at_once PROFILE CACHE: two `compose --until fetch --json` through
# the proxy, started at once on one cache; each one's output in
# $WORK/shared{1,2}.json and .err, their exit codes in TWICE_RC ("00": both good).
fetch_twice_at_once() {
  local n pids=()
  for n in 1 2; do
    env http_proxy="$PROXY" "$DEBIMG" --json compose "$1" --until fetch --cache-dir "$2" \
      >"$WORK/shared$n.json" 2>"$WORK/shared$n.err" &
    pids+=($!)
  done
  TWICE_RC=
  for n in 0 1; do
    wait "${pids[$n]}"
    TWICE_RC+=$?
  done
}
