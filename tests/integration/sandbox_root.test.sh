# The sandbox of maintainer scripts and hooks, composing as root on the real
# mirror (bookworm essential + passwd + mount + the probe packages of
# tests/fixtures/sandbox), to every output format: each probe's escape is
# refused (no host root through /proc/1/root, no chroot escape, no mounts, no
# network but lo, host name localhost, capabilities dropped, no_new_privs,
# uid 0 is not host root), no host file changes (victims, canaries, the
# folders the probe-links symlinks point at), host-side hooks act on the tree
# ("$1", $DEBIMG_ROOT), and no host secret, environment or argv reaches the image.
source "$(dirname "$0")/lib/assert.sh"
needs root userns
source "$(dirname "$0")/lib/fixture.sh"
source "$(dirname "$0")/lib/sandbox.sh"
[ "$(id -u)" = 0 ] || { echo "SKIP: sandbox_root needs root"; exit 0; }
sbx_markers
WORK=$(mktemp -d)
chmod 755 "$WORK"
VICTIM="/tmp/debimg-sandbox-victim-$SBX_R"
SBX_OWNER=root:root
trap sbx_cleanup EXIT
sbx_setup

# uid 0 of the sandbox: root's /etc/subuid range (>= 65536 ids), else 1879048192.
OUTER0=1879048192
sub=$(awk -F: '($1 == "root" || $1 == "0") && $3 >= 65536 { print $2; exit }' /etc/subuid 2>/dev/null)
[ -n "$sub" ] && OUTER0=$sub
SBX_UIDMAP_IS_HOST=1

sbx_compose() {  # sbx_compose FORMAT OUT
  run env DEBIMG_SECRET_MARKER="$ENVMARK" SBX_CALLER_ONLY=1 XDG_CACHE_HOME="$CACHE" \
    "$DEBIMG" compose "$WORK/p/sbx.yaml" --format "$1" -o "$2" --cache-dir "$CACHE"
}
sbx_all_formats "$OUTER0"

finish
