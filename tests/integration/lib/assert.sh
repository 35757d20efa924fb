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
# The error is one line (warnings and the isolation notice before it are allowed, nothing else).
expect_one_line_err() {
  local rest
  rest=$(grep -v -e '^debimg: warning: ' -e '^debimg: isolation: ' <<<"$ERR")
  [ "$(printf '%s' "$rest" | wc -l)" = 0 ] && [ -n "$rest" ] && pass || fail "$1: error is not one line: $ERR"
}

finish() {
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" = 0 ]
}

# needs WHAT...: when this machine lacks what the test needs, exits 77 (ctest
# reports the test as skipped) with the reason on stdout. WHAT: root; userns
# (user namespaces: configuring needs them); mirror (the host's apt archive,
# read from its apt sources as debimg reads it, answering); or a command.
needs() {
  local what
  for what in "$@"; do
    case $what in
      root) [ "$(id -u)" = 0 ] || skip "needs root" ;;
      userns) unshare --user --map-root-user true 2>/dev/null ||
                skip "needs user namespaces (unshare --user fails here: a chroot, or a sysctl, seccomp or AppArmor policy)" ;;
      mirror) host_mirror_answers || skip "needs the host's Debian mirror (from /etc/apt sources), which did not answer" ;;
      *) command -v "$what" >/dev/null || skip "needs $what, which is not installed" ;;
    esac
  done
}
skip() { echo "SKIP: $*"; exit 77; }

# "URI SUITE": the first http(s) URI of the host's apt sources and its first suite.
host_mirror() {
  { cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/{u=$2} /^Suites:/{s=$2} u&&s{print u, s; exit}'
    grep -hE '^deb\s' /etc/apt/sources.list 2>/dev/null | awk '{print $2, $3; exit}'; } | grep -E '^https?://' | head -1
}
# That URI answers for its InRelease.
host_mirror_answers() {
  local uri suite
  read -r uri suite < <(host_mirror)
  [ -n "${uri:-}" ] && curl -sfI --max-time 15 -o /dev/null "${uri%/}/dists/$suite/InRelease"
}
