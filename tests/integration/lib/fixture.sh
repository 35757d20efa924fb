# Signed fixture repository for integration tests: built at test time, served
# over file:// and over HTTP on 127.0.0.1. Source after assert.sh.
FIXTURE_SCRIPTS="$DEBIMG_SOURCE_DIR/tests/fixtures/repo"

# fixture_repo DIR: builds the repository into DIR and starts an HTTP server
# on it; sets FIXTURE (the folder), FIXTURE_FILE_URI, FIXTURE_HTTP_URI,
# FIXTURE_LOG (one line per HTTP request) and FIXTURE_SERVER_PID.
fixture_repo() {
  FIXTURE=$1
  "$FIXTURE_SCRIPTS/make-repo.sh" "$FIXTURE" >/dev/null || { echo "make-repo.sh failed" >&2; exit 1; }
  FIXTURE_FILE_URI="file://$FIXTURE/archive"
  FIXTURE_LOG="$FIXTURE/http.log"
  : >"$FIXTURE_LOG"
  SERVE_LOG="$FIXTURE_LOG" "$FIXTURE_SCRIPTS/serve.sh" "$FIXTURE/archive" "$FIXTURE/port" &
  FIXTURE_SERVER_PID=$!
  for _ in $(seq 100); do [ -s "$FIXTURE/port" ] && break; sleep 0.1; done
  [ -s "$FIXTURE/port" ] || { echo "fixture HTTP server did not start" >&2; exit 1; }
  FIXTURE_HTTP_URI="http://127.0.0.1:$(cat "$FIXTURE/port")"
}

fixture_stop() { [ -n "${FIXTURE_SERVER_PID:-}" ] && kill "$FIXTURE_SERVER_PID" 2>/dev/null; wait 2>/dev/null; true; }

# profile_for FILE URI SUITE [extra source lines...]: a custom profile on one fixture suite.
profile_for() {
  local file=$1 uri=$2 suite=$3
  shift 3
  {
    echo "name: fixture"
    echo "architectures: [amd64]"
    echo "variant: custom"
    echo "packages: [app]"
    echo "sources:"
    echo "  - suites: [$suite]"
    echo "    uris: [$uri]"
    for line in "$@"; do echo "    $line"; done
  } >"$file"
}
