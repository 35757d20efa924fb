# debimg's ld.so.cache (configure/ld_so_cache.h, driven by tests/tools/
# ld_so_cache_tool) against the tree's own ldconfig run in a chroot of it:
# bookworm (glibc 2.36) and trixie (2.41) minbase trees as mmdebstrap makes
# them, then with crafted library folders (lib/ld_cache_tree.sh: versions,
# links to make and to drop, glibc-hwcaps, 2.36's tls folders, bogus ELF
# headers, odd ld.so.conf lines) compared byte for byte, cache and links.
# Then what only a hostile tree holds: nothing outside it is read or written,
# an include loop is one error line, a symlink to a FIFO does not hang.
source "$(dirname "$0")/lib/assert.sh"
source "$(dirname "$0")/lib/ld_cache_tree.sh"
: "${LD_SO_CACHE_TOOL:?LD_SO_CACHE_TOOL must name the ld_so_cache_tool binary (ctest sets it)}"
needs root mirror mmdebstrap gcc python3
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
CANARY=$WORK/canary
mkdir -p "$CANARY"

# Both trees at once: the downloads are most of the time.
for suite in bookworm trixie; do
  mmdebstrap --quiet --variant=minbase "$suite" "$WORK/$suite" >"$WORK/$suite.log" 2>&1 &
done
wait

for suite in bookworm trixie; do
  tree=$WORK/$suite
  [ -x "$tree/sbin/ldconfig" ] || { fail "$suite: mmdebstrap failed: $(tail -3 "$WORK/$suite.log")"; continue; }
  rm -f "$tree/var/cache/ldconfig/aux-cache"  # ldconfig must read every library
  run "$LD_SO_CACHE_TOOL" "$tree" "$WORK/$suite.cache"
  expect_rc 0 "$suite: cache computed"
  cmp -s "$WORK/$suite.cache" "$tree/etc/ld.so.cache" && pass || fail "$suite: differs from the cache mmdebstrap's ldconfig wrote"

  # ldconfig changes only the crafted folders (and the tree's /tmp, where
  # a climbing soname's link lands): they are kept aside, ldconfig runs,
  # they come back and debimg does the same.
  craft_ld_tree "$tree" "$CANARY"
  canary_sum=$(sha256sum "$CANARY/libcanary.so.1")
  mkdir -p "$WORK/aside" && cp -a "$tree/opt/ldtest" "$tree/tmp" "$WORK/aside/"
  chroot "$tree" /sbin/ldconfig 2>/dev/null
  cp "$tree/etc/ld.so.cache" "$WORK/$suite-ref.cache" && ld_tree_links "$tree" >"$WORK/$suite-ref.links"
  rm -rf "$tree/opt/ldtest" "$tree/tmp" "$tree/etc/ld.so.cache" && cp -a "$WORK/aside/ldtest" "$tree/opt/" && cp -a "$WORK/aside/tmp" "$tree/"
  rm -rf "$WORK/aside"
  run "$LD_SO_CACHE_TOOL" --write "$tree"
  expect_rc 0 "$suite crafted: cache written"
  cmp -s "$tree/etc/ld.so.cache" "$WORK/$suite-ref.cache" && pass ||
    fail "$suite crafted: ld.so.cache differs from ldconfig's ($(cmp "$tree/etc/ld.so.cache" "$WORK/$suite-ref.cache"))"
  diff <(ld_tree_links "$tree") "$WORK/$suite-ref.links" >"$WORK/links.diff" && pass ||
    fail "$suite crafted: links differ from ldconfig's: $(head -5 "$WORK/links.diff")"
  # The crafted cases took effect: a link made, a dangling one dropped, an ISA level noted.
  [ "$(readlink "$tree/opt/ldtest/lib/libfoo.so.1")" = libfoo.so.1.10 ] && pass || fail "$suite: soname link not made"
  [ ! -L "$tree/opt/ldtest/lib/libstale.so.1" ] && [ ! -L "$tree/opt/ldtest/lib/libout.so.1" ] && pass ||
    fail "$suite: dangling links kept"
  grep -qa "glibc-hwcaps/x86-64-v3/libv3.so.1" "$tree/etc/ld.so.cache" && pass || fail "$suite: glibc-hwcaps library missing"
  [ -L "$tree/tmp/canary-climb.so.1" ] && [ ! -e /tmp/canary-climb.so.1 ] && pass || fail "$suite: a climbing soname's link left the tree"
  [ "$(ls "$CANARY")" = libcanary.so.1 ] && [ "$(sha256sum "$CANARY/libcanary.so.1")" = "$canary_sum" ] && pass ||
    fail "$suite: the canary outside the tree changed: $(ls "$CANARY")"
done

# Hostile-only: ldconfig itself would hang on the FIFO and overflow its stack on the loop.
tree=$WORK/bookworm
mkfifo "$tree/opt/ldtest/lib/fifo" && ln -s fifo "$tree/opt/ldtest/lib/libfifo.so.1"
run timeout 60 "$LD_SO_CACHE_TOOL" "$tree" "$WORK/fifo.cache"
expect_rc 0 "a symlink to a FIFO is passed over"
echo "include /etc/ld.so.conf" >>"$tree/etc/ld.so.conf.d/ldtest.d/i386.conf"
run "$LD_SO_CACHE_TOOL" "$tree" "$WORK/loop.cache"
expect_rc 2 "an include loop is refused"
expect_err "nest deeper than" "the include loop error says why"
[ "$(printf '%s' "$ERR" | wc -l)" = 0 ] && pass || fail "the include loop error is not one line: $ERR"
finish
