# Small assertion helpers for the integration scripts (bash).
# Each script sources this, calls `check ...` and ends with `finish`.
set -uo pipefail
: "${DEBIMG:?DEBIMG must name the debimg binary (ctest sets it)}"
PASSED=0
FAILED=0

pass() { PASSED=$((PASSED + 1)); }
fail() { FAILED=$((FAILED + 1)); echo "FAIL: $*" >&2; }

# run CMD...: runs it, keeping stdout in $OUT, stderr in $ERR and the exit code in $RC.
run() {
  local o e
  o=$(mktemp) e=$(mktemp)
  "$@" >"$o" 2>"$e"
  RC=$?
  OUT=$(cat "$o") ERR=$(cat "$e")
  rm -f "$o" "$e"
}

expect_rc() { [ "$RC" = "$1" ] && pass || fail "$2: exit code $RC, expected $1 (stderr: $ERR)"; }
expect_out() { grep -qF -- "$1" <<<"$OUT" && pass || fail "$2: stdout lacks '$1': $OUT"; }
expect_err() { grep -qF -- "$1" <<<"$ERR" && pass || fail "$2: stderr lacks '$1': $ERR"; }
# The error is one line (warnings before it are allowed, nothing else).
expect_one_line_err() {
  local rest
  rest=$(grep -v '^debimg: warning: ' <<<"$ERR")
  [ "$(printf '%s' "$rest" | wc -l)" = 0 ] && [ -n "$rest" ] && pass || fail "$1: error is not one line: $ERR"
}

finish() {
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" = 0 ]
}
