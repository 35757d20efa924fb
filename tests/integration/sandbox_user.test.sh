# The sandbox as an unprivileged user with its own /etc/subuid and
# /etc/subgid range (debimg-sbx, made here and removed at exit), on the real
# mirror, to every output format: the same probes and checks as
# sandbox_root.test.sh, with uid 0 of the sandbox mapped to the user itself.
# The victims and host canaries belong to the user (0700, a 0600 secret), so
# only the sandbox stands between the scripts and them.
# With SBX_ISOLATION=none (sandbox_none.test.sh) the user has no range, as in
# a pod: debimg picks isolation none by itself, and the probes' checks follow
# what that mode changes (lib/sandbox.sh).
source "$(dirname "$0")/lib/assert.sh"
SBX_ISOLATION=${SBX_ISOLATION:-namespace}
if [ "$SBX_ISOLATION" = none ]; then needs root fakeroot; else needs root userns; fi
source "$(dirname "$0")/lib/fixture.sh"
source "$(dirname "$0")/lib/sandbox.sh"
[ "$(id -u)" = 0 ] || { echo "SKIP: sandbox_user needs root to create its user"; exit 0; }
SBX_USER=debimg-sbx
sbx_markers
WORK=$(mktemp -d)
chmod 755 "$WORK"
VICTIM="/tmp/debimg-sandbox-victim-$SBX_R"
user_cleanup() {
  sbx_cleanup
  local pid
  for pid in $(pgrep -u "$SBX_USER"); do kill -KILL "$pid" 2>/dev/null; done  # the test's own user's
  userdel -r "$SBX_USER" >/dev/null 2>&1 || userdel -f -r "$SBX_USER" >/dev/null 2>&1
  sed -i "/^$SBX_USER:/d" /etc/subuid /etc/subgid
}
trap user_cleanup EXIT

# The user, with a range past every other one (none in isolation none).
id "$SBX_USER" >/dev/null 2>&1 || useradd --create-home -K SUB_UID_COUNT=0 -K SUB_GID_COUNT=0 "$SBX_USER" || { echo "useradd failed"; exit 1; }
sed -i "/^$SBX_USER:/d" /etc/subuid /etc/subgid
if [ "$SBX_ISOLATION" != none ]; then
  start=$(cat /etc/subuid /etc/subgid 2>/dev/null | awk -F: 'BEGIN { m = 700000 } $2 + $3 > m { m = $2 + $3 } END { print m }')
  echo "$SBX_USER:$start:65536" >>/etc/subuid
  echo "$SBX_USER:$start:65536" >>/etc/subgid
fi
SBX_OWNER="$SBX_USER:$(id -gn "$SBX_USER")"
OUTER0=$(id -u "$SBX_USER")
SBX_DIR_OWNER=$OUTER0  # uid 0 of the scripts is the user: a dir output holds its files as the user's

# debimg where the user can run it (the checkout may be under a 0700 home),
# with its shipped hooks beside it (BIN/../share/debimg/hooks).
mkdir -p "$WORK/bin" "$WORK/share/debimg/hooks"
cp "$DEBIMG" "$WORK/bin/debimg"
cp "$DEBIMG_SOURCE_DIR"/hooks/* "$WORK/share/debimg/hooks/"
chmod -R a+rX "$WORK/bin" "$WORK/share"

sbx_setup
mkdir -p "$CACHE"
chown -R "$SBX_USER" "$WORK/p" "$WORK/out" "$CACHE"
chmod -R a+rX "$WORK/fx"

sbx_compose() {  # sbx_compose FORMAT OUT, as the user
  # the environment from a file, not su's argv: every process's command line is in sight in isolation none
  printf 'export DEBIMG_SECRET_MARKER=%s SBX_CALLER_ONLY=1 XDG_CACHE_HOME=%s\n' "$ENVMARK" "$CACHE" >"$WORK/p/env"
  run su "$SBX_USER" -s /bin/sh -c "cd '$WORK/p' && . ./env && exec '$WORK/bin/debimg' compose '$WORK/p/sbx.yaml' --format '$1' -o '$2' --cache-dir '$CACHE'"
  grep '^debimg: isolation' <<<"$ERR" >>"$WORK/isolation-lines"
}
sbx_all_formats "$OUTER0"
if [ "$SBX_ISOLATION" = none ]; then  # picked by itself, and said so once per compose
  [ "$(grep -c '^debimg: isolation: none (' "$WORK/isolation-lines")" = "$(wc -w <<<"$SBX_FORMATS")" ] && pass ||
    fail "isolation none was not picked and named once per compose: $(sort -u "$WORK/isolation-lines" | head -3)"
fi

finish
