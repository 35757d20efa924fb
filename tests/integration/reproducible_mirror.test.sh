# The image's names and its generated secrets, on the real mirror: the
# profile's host and mail names are what scripts see and what the tree
# holds; SSH host keys and the snakeoil key are removed with one line naming
# them, or kept on request; `--check-reproducible` builds twice and either
# says the trees are the same or names every path that differs, exits 2 and
# pushes nothing.
source "$(dirname "$0")/lib/assert.sh"
needs root mirror userns
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export XDG_CACHE_HOME="$WORK/cache"
profile() {  # profile FILE EXTRA-IMAGE-KEYS
  cat >"$1" <<YAML
name: names
architectures: [amd64]
sources:
  - suites: [bookworm]
packages: [openssh-server, ssl-cert]
hooks:
  customize:
    - {run: "hostname > /seen-hostname; cat /etc/hostname > /seen-etc-hostname", chroot: true}
image:
  hostname: web-1.example.org
  mailname: mail.example.org
$2
YAML
}
profile "$WORK/p.yaml" ""
# Under a build host name of its own, so that a leak of it can be found.
LEAK=buildhost-$RANDOM-leakcheck
run unshare --uts sh -c 'hostname "$0" && exec "$@"' "$LEAK" \
  "$DEBIMG" --quiet compose "$WORK/p.yaml" --format dir -o "$WORK/tree" --check-reproducible
expect_rc 0 "a tree without generated keys is reproducible"
expect_out "reproducible: two builds made the same" "the check's verdict"
expect_err "debimg: warning: removed the keys that scripts generated" "the removal is said"
expect_err "/etc/ssh/ssh_host_ed25519_key, /etc/ssh/ssh_host_ed25519_key.pub" "the removed keys are named"
expect_err "/etc/ssl/private/ssl-cert-snakeoil.key (image.keep-generated-keys: true keeps them)" "the snakeoil key and the way to keep it"
[ -z "$(ls "$WORK/tree/etc/ssh" | grep ssh_host_)" ] && pass || fail "host keys left: $(ls "$WORK/tree/etc/ssh")"
[ ! -e "$WORK/tree/etc/ssl/private/ssl-cert-snakeoil.key" ] && [ ! -e "$WORK/tree/etc/ssl/certs/ssl-cert-snakeoil.pem" ] &&
  pass || fail "the snakeoil key or certificate is left"
[ -z "$(find "$WORK/tree/etc/ssl/certs" -xtype l)" ] && pass || fail "dangling hash links: $(find "$WORK/tree/etc/ssl/certs" -xtype l)"
[ -e "$WORK/tree/etc/ssh/sshd_config" ] && pass || fail "sshd_config went with the keys"
[ "$(cat "$WORK/tree/etc/hostname")" = web-1.example.org ] && pass || fail "/etc/hostname: $(cat "$WORK/tree/etc/hostname")"
[ "$(cat "$WORK/tree/etc/mailname")" = mail.example.org ] && pass || fail "/etc/mailname: $(cat "$WORK/tree/etc/mailname")"
[ "$(cat "$WORK/tree/seen-hostname")" = web-1.example.org ] && pass || fail "scripts saw the host name $(cat "$WORK/tree/seen-hostname")"
! grep -rlsF "$LEAK" "$WORK/tree" && pass || fail "the build host's name is in the tree"

profile "$WORK/keep.yaml" "  keep-generated-keys: true"
run "$DEBIMG" --quiet compose "$WORK/keep.yaml" --format oci -o "$WORK/image" --check-reproducible \
  --push 127.0.0.1:1/never/pushed:1
expect_rc 2 "kept keys differ between builds"
expect_one_line_err "the verdict"
expect_err "debimg: error: not reproducible: 8 of " "how many paths differ"
for p in /etc/ssh/ssh_host_ed25519_key /etc/ssh/ssh_host_rsa_key.pub /etc/ssl/private/ssl-cert-snakeoil.key \
         /etc/ssl/certs/ssl-cert-snakeoil.pem; do
  expect_err "$p (content)" "$p is named"
done
[ -e "$WORK/image/index.json" ] && pass || fail "the first build's image is kept for inspection"
! grep -q "warning: removed the keys" <<<"$ERR" && pass || fail "keys were removed although kept"
[ -z "$(ls "$XDG_CACHE_HOME/debimg/tmp")" ] && pass || fail "the second build left $(ls "$XDG_CACHE_HOME/debimg/tmp")"
finish
