# The essential stage: with `essential` hooks, the essential set (and what it
# depends on) is configured first, the hooks run, then the rest; a failing
# hook stops the compose with its name, stage and status and leaves nothing.
source "$(dirname "$0")/lib/assert.sh"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export XDG_CACHE_HOME="$WORK/cache"
cat >"$WORK/record.sh" <<'HOOK'
#!/bin/sh
echo "stage=$DEBIMG_STAGE arch=$DEBIMG_ARCH suite=$DEBIMG_SUITE epoch=$SOURCE_DATE_EPOCH first=$1" >"$DEBIMG_ROOT/host-hook.txt"
HOOK
chmod +x "$WORK/record.sh"
cat >"$WORK/p.yaml" <<'YAML'
name: essential-stage
architectures: [amd64]
variant: minbase
sources:
  - suites: [bookworm]
hooks:
  essential:
    - record.sh
    - {run: "dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' > /essential-hook.txt", chroot: true}
YAML
run "$DEBIMG" compose "$WORK/p.yaml" --format dir -o "$WORK/out"
expect_rc 0 "compose with essential hooks"
grep -q "^stage=essential arch=amd64 suite=bookworm epoch=[1-9][0-9]* first=$WORK/" "$WORK/out/host-hook.txt" && pass || fail "hook environment: $(cat "$WORK/out/host-hook.txt")"
grep -qx "dpkg ii " "$WORK/out/essential-hook.txt" && grep -qx "libc6 ii " "$WORK/out/essential-hook.txt" && pass || fail "essential set not configured at the hook"
grep -qx "apt iU " "$WORK/out/essential-hook.txt" && pass || fail "non-essential package already configured at the hook"
[ "$(dpkg-query --admindir="$WORK/out/var/lib/dpkg" -W -f='${Status}\n' | sort -u)" = "install ok installed" ] && pass || fail "not everything configured in the end"

sed -i 's|    - record.sh|    - {run: "exit 3"}|' "$WORK/p.yaml"
run "$DEBIMG" compose "$WORK/p.yaml" --format dir -o "$WORK/failed"
expect_rc 2 "failing hook"
expect_err "hook hooks.essential[0] (stage essential) exited with status 3" "failing hook named with stage and status"
[ ! -e "$WORK/failed" ] && [ -z "$(find "$WORK" -maxdepth 1 -name '.failed.debimg-*')" ] && pass || fail "failing hook left output"

printf 'name: x\nsources:\n  - suites: [bookworm]\nhooks:\n  customize: [foo]\n' >"$WORK/later.yaml"
run "$DEBIMG" compose "$WORK/later.yaml" --format dir -o "$WORK/later"
expect_rc 2 "customize hooks"
expect_err "later.yaml:5:14: hooks.customize: the customize stage hook is not supported yet" "customize refused with its position"

finish
