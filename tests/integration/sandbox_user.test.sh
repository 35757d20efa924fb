# The sandbox as an unprivileged user with its own /etc/subuid and
# /etc/subgid range (debimg-sbx, made here and removed at exit), on the real
# mirror, to every output format: the same probes and checks as
# sandbox_root.test.sh, with uid 0 of the sandbox mapped to the user itself.
# The victims and host canaries belong to the user (0700, a 0600 secret), so
# only the sandbox stands between the scripts and them.
source "$(dirname "$0")/lib/assert.sh"
needs root userns
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

# The user, with a range past every other one.
id "$SBX_USER" >/dev/null 2>&1 || useradd --create-home -K SUB_UID_COUNT=0 -K SUB_GID_COUNT=0 "$SBX_USER" || { echo "useradd failed"; exit 1; }
sed -i "/^$SBX_USER:/d" /etc/subuid /etc/subgid
start=$(cat /etc/subuid /etc/subgid 2>/dev/null | awk -F: 'BEGIN { m = 700000 } $2 + $3 > m { m = $2 + $3 } END { print m }')
echo "$SBX_USER:$start:65536" >>/etc/subuid
echo "$SBX_USER:$start:65536" >>/etc/subgid
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
  run su "$SBX_USER" -s /bin/sh -c "cd '$WORK/p' && exec env DEBIMG_SECRET_MARKER='$ENVMARK' SBX_CALLER_ONLY=1 XDG_CACHE_HOME='$CACHE' '$WORK/bin/debimg' compose '$WORK/p/sbx.yaml' --format '$1' -o '$2' --cache-dir '$CACHE'"
}
sbx_all_formats "$OUTER0"

finish
