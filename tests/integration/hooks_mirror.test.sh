# Stage hooks and accounts on the real mirror: setup, extract, essential and
# customize hooks run in that order with the documented environment (path
# hooks outside the tree with the tree as $1, `chroot: true` inside it);
# owners set by hooks and the profile's accounts reach the image; passwd,
# group, shadow and gshadow agree; a failing hook stops cleanly.
source "$(dirname "$0")/lib/assert.sh"
needs root mirror userns
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export XDG_CACHE_HOME="$WORK/cache"
cat >"$WORK/record.sh" <<'HOOK'
#!/bin/sh
echo "$DEBIMG_STAGE" >>"$1/stages"
echo "stage=$DEBIMG_STAGE arch=$DEBIMG_ARCH suite=$DEBIMG_SUITE epoch=$SOURCE_DATE_EPOCH root=$DEBIMG_ROOT first=$1 profile=$DEBIMG_PROFILE" >"$1/env-$DEBIMG_STAGE.txt"
HOOK
chmod +x "$WORK/record.sh"
cat >"$WORK/p.yaml" <<'YAML'
name: hooks
architectures: [amd64]
variant: minbase
sources:
  - suites: [bookworm]
accounts:
  groups: [{name: app, gid: 1500}]
  users:
    - {name: app, uid: 1500, group: app, home: /home/app, shell: /bin/bash}
    - {name: svc, uid: 1600}
hooks:
  setup:
    - record.sh
    - {run: "mkdir -p \"$DEBIMG_ROOT/srv\" && echo made >\"$DEBIMG_ROOT/srv/from-setup\""}
  extract:
    - record.sh
    - {run: "test -x /usr/bin/dpkg && test ! -e /etc/passwd && chown 4242:4343 /srv/from-setup", chroot: true}
  essential:
    - record.sh
    - {run: "dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' > /essential-hook.txt", chroot: true}
  customize:
    - record.sh
    - {run: "useradd --no-log-init -u 2001 hookuser && touch /srv/owned && chown hookuser:app /srv/owned && id app >/srv/id-app", chroot: true}
YAML
run "$DEBIMG" compose "$WORK/p.yaml" --format dir -o "$WORK/out"
expect_rc 0 "compose with hooks at every stage and accounts"
[ "$(tr '\n' ' ' <"$WORK/out/stages")" = "setup extract essential customize " ] && pass || fail "stage order: $(cat "$WORK/out/stages")"
for stage in setup extract essential customize; do
  grep -q "^stage=$stage arch=amd64 suite=bookworm epoch=[1-9][0-9]* root=$WORK/[^ ]* first=$WORK/[^ ]* profile=$WORK/p.yaml$" "$WORK/out/env-$stage.txt" &&
    pass || fail "$stage hook environment: $(cat "$WORK/out/env-$stage.txt")"
done
grep -qx "dpkg ii " "$WORK/out/essential-hook.txt" && grep -qx "libc6 ii " "$WORK/out/essential-hook.txt" && pass || fail "essential set not configured at the hook"
grep -qx "apt iU " "$WORK/out/essential-hook.txt" && pass || fail "non-essential package already configured at the hook"
[ "$(dpkg-query --admindir="$WORK/out/var/lib/dpkg" -W -f='${Status}\n' | sort -u)" = "install ok installed" ] && pass || fail "not everything configured in the end"
grep -q "uid=1500(app) gid=1500(app) groups=1500(app)" "$WORK/out/srv/id-app" && pass || fail "accounts exist before customize: $(cat "$WORK/out/srv/id-app")"

# The same as an image (a tar here): owners from hooks and accounts are in it.
run "$DEBIMG" compose "$WORK/p.yaml" --format rootfs-tar -o "$WORK/image.tar"
expect_rc 0 "compose a tar with hooks and accounts"
python3 "$DEBIMG_SOURCE_DIR/tests/integration/lib/tar_listing.py" "$WORK/image.tar" >"$WORK/listing"
owner() { awk -F'\t' -v p="$1" '$1 == p { split($2, f, " "); print f[2] }' "$WORK/listing"; }
[ "$(owner srv/from-setup)" = 4242:4343 ] && pass || fail "extract hook's chown: $(owner srv/from-setup)"
[ "$(owner srv/owned)" = 2001:1500 ] && pass || fail "customize hook's user and chown: $(owner srv/owned)"
[ "$(owner home/app)" = 1500:1500 ] && [ "$(owner home/svc)" = 1600:1600 ] && pass || fail "homes: $(owner home/app) $(owner home/svc)"
[ "$(owner home/app/.bashrc)" = 1500:1500 ] && pass || fail "skel copied and owned: $(owner home/app/.bashrc)"
mkdir "$WORK/root" && tar -xf "$WORK/image.tar" -C "$WORK/root"
grep -qx 'app:x:1500:1500::/home/app:/bin/bash' "$WORK/root/etc/passwd" && grep -qx 'svc:x:1600:1600::/home/svc:/bin/sh' "$WORK/root/etc/passwd" &&
  pass || fail "passwd: $(tail -3 "$WORK/root/etc/passwd")"
grep -qx 'app:x:1500:' "$WORK/root/etc/group" && grep -qx 'svc:x:1600:' "$WORK/root/etc/group" && pass || fail "group: $(tail -3 "$WORK/root/etc/group")"
epoch_day=$(( $(python3 "$DEBIMG_SOURCE_DIR/tests/integration/lib/changelog_epoch.py" "$WORK/p.lock" "$XDG_CACHE_HOME/debimg") / 86400 ))
grep -q "^app:[^:]*:$epoch_day:" "$WORK/root/etc/shadow" && grep -q "^hookuser:[^:]*:$epoch_day:" "$WORK/root/etc/shadow" &&
  pass || fail "shadow dates not clamped to day $epoch_day: $(tail -3 "$WORK/root/etc/shadow")"
chroot "$WORK/root" pwck -qr >"$WORK/pwck" 2>&1 && chroot "$WORK/root" grpck -r >"$WORK/grpck" 2>&1 && pass ||
  fail "passwd/shadow or group/gshadow disagree: $(cat "$WORK/pwck" "$WORK/grpck")"
# Twice the same, but for the record hooks' files (they name the temporary tree).
"$DEBIMG" compose "$WORK/p.yaml" --format rootfs-tar -o "$WORK/again.tar" >/dev/null 2>&1
same() { python3 "$DEBIMG_SOURCE_DIR/tests/integration/lib/tar_listing.py" --content "$1" | grep -v '^env-'; }
[ "$(same "$WORK/image.tar" | wc -l)" -gt 5000 ] && cmp -s <(same "$WORK/image.tar") <(same "$WORK/again.tar") &&
  pass || fail "hooks and accounts made the tar differ between composes"

# A failing hook stops the compose, names itself, its stage and status, and leaves nothing.
sed 's|    - {run: "test -x /usr/bin/dpkg.*|    - {run: "echo no-widget-here >\&2; exit 3", chroot: true}|' "$WORK/p.yaml" >"$WORK/fail.yaml"
cp "$WORK/p.lock" "$WORK/fail.lock"
run "$DEBIMG" compose "$WORK/fail.yaml" --format oci -o "$WORK/failed"
expect_rc 2 "failing extract hook"
expect_one_line_err "hook hooks.extract[1] (stage extract) exited with status 3" "failing hook named with stage and status"
expect_err "exited with status 3: no-widget-here (log: " "the error carries the hook's own last words, not its predecessors'"
[ ! -e "$WORK/failed" ] && [ -z "$(find "$WORK" -maxdepth 1 -name '.failed.debimg-*')" ] && [ -z "$(ls "$WORK/cache/debimg/tmp" | grep -v '^configure-log')" ] &&
  pass || fail "failing hook left something: $(ls -a "$WORK" "$WORK/cache/debimg/tmp")"
sed 's|^    - record.sh$|    - missing-hook.sh|' "$WORK/p.yaml" >"$WORK/missing.yaml"
cp "$WORK/p.lock" "$WORK/missing.lock"
run "$DEBIMG" compose "$WORK/missing.yaml" --format dir -o "$WORK/missing"
expect_rc 2 "missing hook"
expect_err "hook 'missing-hook.sh' is neither at $WORK/missing-hook.sh" "missing hook named"

# Accounts need the image's useradd.
printf 'name: x\narchitectures: [amd64]\nvariant: essential\nsources:\n  - suites: [bookworm]\naccounts:\n  users: [{name: a, uid: 1000}]\n' >"$WORK/nopasswd.yaml"
run "$DEBIMG" compose "$WORK/nopasswd.yaml" --format dir -o "$WORK/nopasswd"
expect_rc 2 "accounts without passwd"
expect_err "accounts: the image has no /usr/sbin/groupadd (the passwd package provides it)" "accounts need passwd"

finish
