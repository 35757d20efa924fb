# A profile for an architecture this machine cannot run (no qemu-user
# binfmt_misc entry for it) fails before any download, with one line that
# says what to install or enable.
source "$(dirname "$0")/lib/assert.sh"
needs root
[ "$(dpkg --print-architecture)" = s390x ] && skip "the host is s390x"
[ -e /proc/sys/fs/binfmt_misc/qemu-s390x ] && skip "this machine runs s390x programs (qemu-s390x is registered)"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cat >"$WORK/p.yaml" <<'YAML'
name: foreign
architectures: [s390x]
sources:
  - suites: [bookworm]
YAML
run "$DEBIMG" compose "$WORK/p.yaml" --format dir -o "$WORK/out" --cache-dir "$WORK/cache"
expect_rc 2 "an architecture without an emulator"
expect_one_line_err "the refusal"
expect_err "architecture s390x cannot run its maintainer scripts on this $(dpkg --print-architecture) host: " "what cannot run"
if [ -e /proc/sys/fs/binfmt_misc/status ]; then
  expect_err "no binfmt_misc entry qemu-s390x: install qemu-user-static and binfmt-support" "what to install"
else
  expect_err "binfmt_misc is not mounted (mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc)" "what to mount"
fi
[ ! -e "$WORK/out" ] && pass || fail "an output was left"
[ -z "$(find "$WORK/cache" -type f 2>/dev/null)" ] && pass || fail "something was downloaded: $(find "$WORK/cache" -type f)"
finish
