# Hostile .debs from a signed fixture suite: each is refused with an error
# naming the package and the entry, nothing lands outside the tree (canaries
# stay as they were) and no output or staging tree is left behind.
source "$(dirname "$0")/lib/assert.sh"
source "$(dirname "$0")/lib/fixture.sh"
WORK=$(mktemp -d)
CANARIES="dotdot absolute symlink abs"
trap 'fixture_stop; rm -rf "$WORK"; for c in $CANARIES; do rm -f "/tmp/DEBIMG_CANARY_$c"; done' EXIT
fixture_repo "$WORK/fx"
"$DEBIMG_SOURCE_DIR/tests/fixtures/hostile/make-hostile-suite.sh" "$FIXTURE" >/dev/null || { echo "hostile suite failed"; exit 1; }
export XDG_CACHE_HOME="$WORK/cache"
for c in $CANARIES; do echo "canary $c" >"/tmp/DEBIMG_CANARY_$c"; done
mkdir -p "$WORK/etc" && echo "canary passwd" >"$WORK/etc/passwd"

compose_one() {  # compose_one PACKAGE: --until unpack of one hostile package into $WORK/out-PACKAGE
  cat >"$WORK/$1.yaml" <<YAML
name: hostile
architectures: [amd64]
variant: custom
packages: [$1]
sources:
  - suites: [hostile]
    uris: [$FIXTURE_FILE_URI]
    signed-by: $FIXTURE/keyring.gpg
YAML
  run "$DEBIMG" compose "$WORK/$1.yaml" --format dir -o "$WORK/out-$1" --until unpack
}

canaries_intact() {
  for c in $CANARIES; do [ "$(cat "/tmp/DEBIMG_CANARY_$c")" = "canary $c" ] || return 1; done
  [ "$(cat "$WORK/etc/passwd")" = "canary passwd" ]
}

while IFS='|' read -r package words; do
  compose_one "$package"
  expect_rc 2 "$package refused"
  expect_err "debimg: error: $package 1.0: " "$package: the error names the package"
  expect_err "$words" "$package: the error names the entry and the reason"
  expect_one_line_err "$package"
  [ ! -e "$WORK/out-$package" ] && pass || fail "$package: output left behind"
  [ -z "$(find "$WORK" -maxdepth 1 -name ".out-$package.debimg-*")" ] && pass || fail "$package: staging tree left behind"
  canaries_intact && pass || fail "$package: a canary outside the tree changed"
done <<LIST
evil-dotdot|entry './usr/../../../../tmp/DEBIMG_CANARY_dotdot' has a '..' component
evil-absolute|entry '/tmp/DEBIMG_CANARY_absolute' has an absolute path
evil-symlink-escape|/usr/share/escape/DEBIMG_CANARY_symlink: 'usr/share/escape/DEBIMG_CANARY_symlink' leads outside the tree
evil-hardlink-outside|hardlink usr/share/passwd-link: entry '../../../../etc/passwd' has a '..' component
evil-hardlink-forward|/usr/share/a: hardlink to '/usr/share/b', which this package has not extracted before it
evil-device|/usr/share/null: a device node outside /dev
evil-order|member 'data.tar.gz' is out of order
evil-truncated|data.tar is truncated or corrupt
evil-oversized|/usr/share/oversized/file: truncated or corrupt data
evil-newline|entry './usr/share/a\x0a/etc/shadow': a newline in the name
evil-impersonate|control file: Package is 'base-files', but the lock's stanza says 'evil-impersonate'
evil-whiteout|/usr/share/.wh.passwd: '.wh.passwd' is an OCI whiteout name
evil-opaque|/usr/share/doc/.wh..wh..opq: '.wh..wh..opq' is an OCI whiteout name
evil-device-symlink|/dev/sub/null: a device node outside /dev (it lands at /usr/share/null)
evil-device-hardlink|/usr/share/null: hardlink to '/dev/null', which this package has not extracted before it
evil-xattr|/usr/share/opaque: extended attribute 'trusted.overlay.opaque' is not allowed (only security.capability)
evil-capability|/usr/share/ping: security.capability is not a well-formed file capability (magic word 0x72616707 names no revision of vfs_cap_data (1, 2 or 3))
evil-deep|: path deeper than 256 components (257)
evil-longname|: name longer than 4096 bytes
LIST

# An absolute directory symlink resolves inside the tree, as in a chroot.
compose_one evil-symlink-absolute
expect_rc 0 "absolute symlink stays inside the tree"
[ -f "$WORK/out-evil-symlink-absolute/tmp/DEBIMG_CANARY_abs" ] && pass || fail "the file did not land in the tree's /tmp"
canaries_intact && pass || fail "evil-symlink-absolute: the host's /tmp changed"

compose_one good-hostile-neighbour
expect_rc 0 "the good neighbour unpacks"
[ -f "$WORK/out-good-hostile-neighbour/usr/share/good/README" ] && pass || fail "good package's file"

# A .deb on the mirror whose SHA256 differs from the lock is refused.
good=$(find "$FIXTURE/archive/pool" -name 'good-hostile-neighbour_*.deb')
cp "$(find "$FIXTURE/archive/pool" -name 'evil-dotdot_*.deb')" "$good"
rm -rf "$WORK/cache"
run "$DEBIMG" compose "$WORK/good-hostile-neighbour.yaml" --format dir -o "$WORK/out-swapped" --until unpack
expect_rc 2 "swapped .deb"
expect_err "SHA256 or size differs from the lock" "swapped .deb is named"
[ ! -e "$WORK/out-swapped" ] && pass || fail "swapped .deb: output left behind"
[ -z "$(find "$WORK/cache/debimg/sha256" -name '*' -type f -newer "$WORK/good-hostile-neighbour.lock" 2>/dev/null | xargs -r grep -l DEBIMG_CANARY 2>/dev/null)" ] && pass || fail "the swapped file entered the cache"

finish
