# debimg compose on the real mirror: configured systems (bookworm with and
# without merged-usr, trixie) that dpkg and apt call clean; the same paths,
# owners, modes and links as mmdebstrap; an unprivileged compose equal to the
# root one; interrupts that leave nothing behind.
source "$(dirname "$0")/lib/assert.sh"
needs root mirror userns
WORK=$(mktemp -d)
chmod 755 "$WORK"
source "$(dirname "$0")/lib/test_user.sh"
trap 'test_users_cleanup; rm -rf "$WORK"' EXIT
export XDG_CACHE_HOME="$WORK/cache"
LIST="$DEBIMG_SOURCE_DIR/tests/integration/lib/tar_listing.py"
MIRROR=$("$DEBIMG" --json profile "$DEBIMG_SOURCE_DIR/profiles/debian-bookworm-minbase.yaml" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["archives"][0]["uris"][0])')

healthy() {  # healthy DIR LABEL: what dpkg and apt say about a composed tree
  local dir=$1 label=$2
  # first: running tools in the chroot creates /dev/null when it is missing
  [ -z "$(find "$dir/dev" "$dir/proc" -mindepth 1)" ] && pass || fail "$label: /dev or /proc not empty"
  [ -z "$(chroot "$dir" dpkg --audit 2>&1)" ] && pass || fail "$label: dpkg --audit: $(chroot "$dir" dpkg --audit 2>&1 | head -3)"
  [ -z "$(chroot "$dir" dpkg -C 2>&1)" ] && pass || fail "$label: dpkg -C not clean"
  chroot "$dir" apt-get check >/dev/null 2>&1 && pass || fail "$label: apt-get check"
  for f in etc/ld.so.cache etc/passwd etc/group etc/shadow; do
    [ -s "$dir/$f" ] && pass || fail "$label: no /$f"
  done
  [ "$(dpkg-query --admindir="$dir/var/lib/dpkg" -W -f='${Status}\n' | sort -u)" = "install ok installed" ] && pass || fail "$label: not every package installed"
  [ -z "$(dpkg-query --admindir="$dir/var/lib/dpkg" -W -f='${Triggers-Pending}')" ] && pass || fail "$label: pending triggers"
  [ ! -e "$dir/usr/sbin/policy-rc.d" ] && [ ! -e "$dir/usr/sbin/start-stop-daemon.REAL" ] && [ ! -e "$dir/sbin/start-stop-daemon.REAL" ] && pass || fail "$label: service guards left"
  [ ! -e "$dir/var/log/dpkg.log" ] && pass || fail "$label: dpkg.log left"
}

# bookworm minbase, merged-usr false, as the mmdebstrap comparison wants it: one suite.
printf 'name: cmp\narchitectures: [amd64]\nvariant: minbase\nmerged-usr: false\nsources:\n  - suites: [bookworm]\n' >"$WORK/cmp.yaml"
run "$DEBIMG" compose "$WORK/cmp.yaml" --format rootfs-tar -o "$WORK/cmp.tar"
expect_rc 0 "bookworm minbase rootfs-tar"
mkdir "$WORK/cmp" && tar -C "$WORK/cmp" -xf "$WORK/cmp.tar" && pass || fail "the tar does not extract"
healthy "$WORK/cmp" "bookworm merged-usr false"
[ -L "$WORK/cmp/bin" ] && pass || fail "usrmerge did not convert the tree"

mmdebstrap --quiet --variant=minbase --mode=root --format=tar bookworm "$WORK/mm.tar" "deb $MIRROR bookworm main" 2>"$WORK/mm.err" || fail "mmdebstrap: $(tail -3 "$WORK/mm.err")"
python3 "$LIST" "$WORK/mm.tar" >"$WORK/mm.txt"
python3 "$LIST" "$WORK/cmp.tar" >"$WORK/ours.txt"
# Intended differences: mmdebstrap makes /dev nodes and copies host files
# (hostname, resolv.conf, fstab: the host's, with the host's modes; debimg
# writes its own /etc/hostname from the profile); it runs apt, leaving locks, -old backups and
# _apt's partial directories; it writes a one-line sources.list where debimg
# writes deb822. debimg keeps /dev empty (the runtime provides it), tidies,
# and empties /run (run/lock comes from a postinst at run time).
intended='^(dev/.+|run/lock|etc/hostname|etc/resolv.conf|etc/fstab|etc/apt/sources.list|etc/apt/sources.list.d/debian.sources|var/cache/apt/archives/lock|var/lib/apt/lists/lock|var/cache/debconf/.*-old|var/lib/dpkg/.*-old|var/cache/apt/archives/partial|var/lib/apt/lists/partial)$'
only_mm=$(comm -23 <(cut -f1 "$WORK/mm.txt") <(cut -f1 "$WORK/ours.txt") | grep -Ev "$intended")
only_ours=$(comm -13 <(cut -f1 "$WORK/mm.txt") <(cut -f1 "$WORK/ours.txt") | grep -Ev "$intended")
[ -z "$only_mm" ] && pass || fail "paths only mmdebstrap has: $(head -5 <<<"$only_mm")"
[ -z "$only_ours" ] && pass || fail "paths only debimg has: $(head -5 <<<"$only_ours")"
differ=$(join -t$'\t' "$WORK/mm.txt" "$WORK/ours.txt" | awk -F'\t' '$2!=$3{print $1": "$2" vs "$3}' | grep -Ev "^(var/cache/apt/archives/partial|var/lib/apt/lists/partial|etc/hostname):")
[ -z "$differ" ] && pass || fail "owner/mode/link differ: $(head -5 <<<"$differ")"
echo "mmdebstrap comparison: $(wc -l <"$WORK/mm.txt") paths vs $(wc -l <"$WORK/ours.txt")"

# bookworm with merged-usr (the default profile) and trixie, to directories.
cp "$DEBIMG_SOURCE_DIR/profiles/debian-bookworm-minbase.yaml" "$WORK/bookworm.yaml"
run "$DEBIMG" compose "$WORK/bookworm.yaml" --format dir -o "$WORK/bookworm"
expect_rc 0 "bookworm merged-usr true"
healthy "$WORK/bookworm" "bookworm merged-usr true"
printf 'name: trixie\nvariant: minbase\nsources:\n  - suites: [trixie, trixie-updates]\n  - suites: [trixie-security]\n' >"$WORK/trixie.yaml"
run "$DEBIMG" compose "$WORK/trixie.yaml" --format dir -o "$WORK/trixie"
expect_rc 0 "trixie minbase"
healthy "$WORK/trixie" "trixie"
grep -q '^VERSION_CODENAME=trixie' "$WORK/trixie/etc/os-release" && pass || fail "trixie os-release"

# Unprivileged, with a subordinate id range: the same tar as root's, owners,
# modes and content alike (same lock, same cache).
test_user debimg-ci 400000
UDEBIMG=$(user_debimg "$WORK/ubin")
mkdir -p "$WORK/user" && cp "$WORK/cmp.yaml" "$WORK/cmp.lock" "$WORK/user/" && chown -R debimg-ci "$WORK/user"
as_user() { su debimg-ci -s /bin/sh -c "cd '$WORK/user' && XDG_CACHE_HOME='$WORK/user/cache' $*"; }
run as_user "'$UDEBIMG' compose cmp.yaml --format rootfs-tar -o cmp.tar"
expect_rc 0 "unprivileged compose"
python3 "$LIST" --content "$WORK/cmp.tar" >"$WORK/root.content"
python3 "$LIST" --content "$WORK/user/cmp.tar" >"$WORK/user.content"
diff "$WORK/root.content" "$WORK/user.content" >"$WORK/user.diff" && pass || fail "unprivileged tar differs: $(head -5 "$WORK/user.diff")"
[ -z "$(find "$WORK/user/cache/debimg/tmp" -mindepth 1)" ] && pass || fail "unprivileged compose left temporaries"

# Without a subordinate range the namespace mode is impossible: forced, a
# clear error with the line to add (auto takes the mode without namespaces,
# which refuses this profile's usrmerge conversion in one line).
test_user debimg-nosub none
mkdir -p "$WORK/nosub" && cp "$WORK/cmp.yaml" "$WORK/cmp.lock" "$WORK/nosub/" && chown -R debimg-nosub "$WORK/nosub"
run su debimg-nosub -s /bin/sh -c "cd '$WORK/nosub' && XDG_CACHE_HOME='$WORK/nosub/cache' '$UDEBIMG' compose cmp.yaml --format dir -o out"
expect_rc 2 "no subordinate range, auto: usrmerge refused"
expect_err "usrmerge (merged-usr: false on bookworm)" "auto: usrmerge refused without namespaces"
run su debimg-nosub -s /bin/sh -c "cd '$WORK/nosub' && XDG_CACHE_HOME='$WORK/nosub/cache' '$UDEBIMG' compose cmp.yaml --format dir -o out --isolation namespace"
expect_rc 2 "no subordinate range"
expect_err "add the line 'debimg-nosub:100000:65536' to /etc/subuid and to /etc/subgid" "the /etc/subuid line to add"
[ ! -e "$WORK/nosub/out" ] && pass || fail "output despite the error"

# Interrupts at several points (metadata, fetch, unpack, configure, export):
# no output, no temporary, and the next compose works from the cache.
for delay in 0.2 1 2.5 4 6; do
  for who in root user; do
    dir="$WORK/$who-int"
    rm -rf "$dir" && mkdir -p "$dir" && cp "$WORK/cmp.yaml" "$WORK/cmp.lock" "$dir/"
    if [ $who = root ]; then
      XDG_CACHE_HOME="$WORK/cache" "$DEBIMG" compose "$dir/cmp.yaml" --format rootfs-tar -o "$dir/out.tar" >/dev/null 2>"$dir/err" &
      pid=$!
    else
      chown -R debimg-ci "$dir"
      su debimg-ci -s /bin/sh -c "cd '$dir' && exec env XDG_CACHE_HOME='$WORK/user/cache' '$UDEBIMG' compose cmp.yaml --format rootfs-tar -o out.tar" >/dev/null 2>"$dir/err" &
      pid=$!
    fi
    sleep "$delay"
    # debimg and its namespace processes (they share its command line), not su
    pkill -INT -f "^$DEBIMG compose .*cmp.yaml --format rootfs-tar -o .*out.tar" 2>/dev/null
    wait $pid
    rc=$?
    for _ in $(seq 100); do pgrep -f "^$DEBIMG compose .*out.tar" >/dev/null || break; sleep 0.1; done
    if [ $rc = 130 ]; then
      [ ! -e "$dir/out.tar" ] && pass || fail "$who interrupted after ${delay}s: output left"
    else
      [ $rc = 0 ] && pass || fail "$who after ${delay}s: exit $rc: $(cat "$dir/err")"
    fi
    [ -z "$(find "$dir" -name '.out.tar.debimg-*')" ] && pass || fail "$who after ${delay}s: temporary output left"
    cache="$WORK/cache/debimg/tmp"
    [ $who = user ] && cache="$WORK/user/cache/debimg/tmp"
    [ -z "$(find "$cache" -mindepth 1 -maxdepth 1 -name 'tree-*')" ] && pass || fail "$who after ${delay}s: staging tree left: $(ls "$cache")"
  done
done
run as_user "'$UDEBIMG' compose cmp.yaml --format rootfs-tar -o again.tar --offline"
expect_rc 0 "compose after the interrupts, from the cache"

finish
