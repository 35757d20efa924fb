# Every configure, hook or accounts failure reads with its reason (issue
# #17): a failing postinst (from a signed fixture suite,
# tests/fixtures/failing), a failing host-side hook and a failing accounts
# step each stop the compose with one error line that carries the failing
# program's own last words, not those of what ran before or after it, and
# names the log, which holds them.
source "$(dirname "$0")/lib/assert.sh"
needs root mirror userns
source "$(dirname "$0")/lib/fixture.sh"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export XDG_CACHE_HOME="$WORK/cache"
"$FIXTURE_SCRIPTS/make-repo.sh" "$WORK/fx" >/dev/null && "$DEBIMG_SOURCE_DIR/tests/fixtures/failing/make-failing-suite.sh" "$WORK/fx" >/dev/null ||
  { echo "cannot build the fixture suite" >&2; exit 1; }

# failed WHAT REASON WORDS...: the compose failed with one line carrying
# WORDS, and the log it names exists and holds REASON.
failed() {
  local what=$1 reason=$2 log words
  shift 2
  expect_rc 2 "$what: compose fails"
  expect_one_line_err "$what"
  for words in "$@"; do expect_err "$words" "$what: the error carries the reason"; done
  log=$(sed -n 's/.* (log: \([^)]*\))$/\1/p' <<<"$ERR")
  [ -n "$log" ] && grep -qxF -- "$reason" "$log" && pass || fail "$what: the log '$log' named in the error lacks '$reason'"
  [ ! -e "$WORK/out.tar" ] && pass || fail "$what: an output was left"
}

t0=$SECONDS
cat >"$WORK/postinst.yaml" <<YAML
name: failing
architectures: [amd64]
variant: essential
packages: [fail-postinst]
sources:
  - suites: [bookworm]
  - suites: [failing]
    uris: [file://$WORK/fx/archive]
    signed-by: $WORK/fx/keyring.gpg
YAML
run "$DEBIMG" compose "$WORK/postinst.yaml" --format rootfs-tar -o "$WORK/out.tar"
failed "failing postinst" "fail-postinst: the frobnicator is missing" "dpkg --configure in the tree exited with status 1: " \
  "installed fail-postinst package post-installation script subprocess returned error exit status 1: " \
  "fail-postinst: not in /etc fail-postinst: the frobnicator is missing (log: "
grep -q "chatty was set up\|Errors were encountered" <<<"$ERR" && fail "failing postinst: another script's words or dpkg's summary: $ERR" || pass
echo "postinst: $((SECONDS - t0)) s"

# A path hook at customize, after a chatty one; and accounts that clash with the image's.
t0=$SECONDS
cat >"$WORK/fail-hook.sh" <<'HOOK'
#!/bin/sh
echo "fail-hook: looking for the CA bundle in $1"
echo "fail-hook: cannot find the CA bundle" >&2
exit 5
HOOK
chmod +x "$WORK/fail-hook.sh"
cat >"$WORK/hook.yaml" <<'YAML'
name: failing
architectures: [amd64]
variant: essential
packages: [passwd]
sources:
  - suites: [bookworm]
hooks:
  customize:
    - {run: "echo a chatty hook before it"}
    - fail-hook.sh
YAML
run "$DEBIMG" compose "$WORK/hook.yaml" --format rootfs-tar -o "$WORK/out.tar"
failed "failing hook" "fail-hook: cannot find the CA bundle" "hook fail-hook.sh (stage customize) exited with status 5: " "fail-hook: cannot find the CA bundle (log: "
grep -qF "chatty hook" <<<"$ERR" && fail "failing hook: the hook before it speaks in the error: $ERR" || pass
echo "hook: $((SECONDS - t0)) s"

t0=$SECONDS
sed '/^hooks:/,$d' "$WORK/hook.yaml" >"$WORK/accounts.yaml"
printf 'accounts:\n  groups: [{name: app, gid: 5000}, {name: users, gid: 5001}]\n' >>"$WORK/accounts.yaml"
cp "$WORK/hook.lock" "$WORK/accounts.lock"
run "$DEBIMG" compose "$WORK/accounts.yaml" --format rootfs-tar -o "$WORK/out.tar"
failed "failing accounts" "groupadd: group 'users' already exists" "accounts: groupadd for group 'users' exited with status 9: " "groupadd: group 'users' already exists (log: "
echo "accounts: $((SECONDS - t0)) s"

finish
