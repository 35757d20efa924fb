# Errors that name the place: a full file system under the output, the cache
# or the cache's temporary folder (a small tmpfs, filled) stops the command
# with one error line that names the file, which of the three it lies in and
# what to do; nothing half-written is left there. And a file-size limit
# (RLIMIT_FSIZE, EFBIG) reads the same way.
source "$(dirname "$0")/lib/assert.sh"
needs root
source "$(dirname "$0")/lib/fixture.sh"
WORK=$(mktemp -d)
MOUNTS=()
cleanup() {
  local m
  for m in "${MOUNTS[@]}"; do umount "$m" 2>/dev/null; done
  fixture_stop
  rm -rf "$WORK"
}
trap cleanup EXIT
# full_tmpfs DIR: a 64 KiB tmpfs at DIR (mode 0755, as a cache folder must be), filled up.
full_tmpfs() {
  mkdir -p "$1"
  mount -t tmpfs -o size=64k,mode=0755 tmpfs "$1" 2>/dev/null || skip "needs to mount a tmpfs (mount -t tmpfs fails here)"
  MOUNTS+=("$1")
  dd if=/dev/zero of="$1/.fill" bs=4k 2>/dev/null
}
only_fill() { [ "$(ls -A "$1")" = .fill ]; }
fixture_repo "$WORK/fx"
mkdir -p "$WORK/p"
profile_for "$WORK/p/p.yaml" "$FIXTURE_HTTP_URI" stable "signed-by: $FIXTURE/keyring.gpg"
unpack() { run "$DEBIMG" compose "$WORK/p/p.yaml" --format dir --until unpack "$@"; }
unpack --cache-dir "$WORK/warm" -o "$WORK/ok"
expect_rc 0 "unpack into a folder with room"

# The output.
full_tmpfs "$WORK/out"
unpack --cache-dir "$WORK/warm" -o "$WORK/out/root"
expect_rc 2 "a full output file system"
expect_err "cannot write the file to $WORK/out/.root.debimg-" "names the file"
expect_err "(the output): No space left on device: free space there or write the output elsewhere (-o)" "names the place and what to do"
expect_one_line_err "full output"
only_fill "$WORK/out" && pass || fail "something was left in the output's folder: $(ls -A "$WORK/out")"

# The staging tree out of inodes: a folder output's tree is its temporary sibling.
mkdir -p "$WORK/inodes"
mount -t tmpfs -o size=64m,nr_inodes=40,mode=0755 tmpfs "$WORK/inodes" 2>/dev/null || skip "needs to mount a tmpfs"
MOUNTS+=("$WORK/inodes")
unpack --cache-dir "$WORK/warm" -o "$WORK/inodes/root"
expect_rc 2 "a file system out of inodes"
expect_err " $WORK/inodes/.root.debimg-" "names the tree's path on the host"
expect_err "(the output): No space left on device: free space there" "names the place and what to do"
expect_one_line_err "out of inodes"

# The cache's temporary folder (downloads, GnuPG homes, trees and layouts are made there).
mkdir -p "$WORK/tmpfull"
full_tmpfs "$WORK/tmpfull/tmp"
unpack --cache-dir "$WORK/tmpfull" -o "$WORK/root2"
expect_rc 2 "a full temporary folder"
expect_err "cannot write $WORK/tmpfull/tmp/" "names the file"
expect_err "(a temporary folder in the cache): No space left on device: free space there (\`debimg cache prune\`) or use another cache (--cache-dir)" \
  "names the place and what to do"
expect_one_line_err "full temporary folder"
[ ! -e "$WORK/root2" ] && pass || fail "an output was made"

# The cache itself: its state folder, where the verified InRelease is kept.
mkdir -p "$WORK/statefull"
full_tmpfs "$WORK/statefull/state"
run "$DEBIMG" update "$WORK/p/p.yaml" --cache-dir "$WORK/statefull"
expect_rc 2 "a full cache"
expect_err "cannot write $WORK/statefull/state/metadata/" "names the file"
expect_err "(the cache): No space left on device: free space there" "names the place"
expect_one_line_err "full cache"
[ -z "$(find "$WORK/statefull/state" -name '*.tmp-*')" ] && pass || fail "a temporary was left in the cache's state"

# A file-size limit (stderr goes through a pipe, which the limit does not cut;
# the fixture's index is larger than 1 KiB).
(trap '' XFSZ; ulimit -f 1; exec "$DEBIMG" update "$WORK/p/p.yaml" --cache-dir "$WORK/fsize") 2>&1 >/dev/null | cat >"$WORK/fsize.err"
ERR=$(cat "$WORK/fsize.err")
expect_err "Packages.xz: cannot store the download in $WORK/fsize/tmp/index-" "EFBIG names the file"
expect_err "(a temporary folder in the cache): File too large: a file-size limit (ulimit -f)" "EFBIG names the place and the limit"
[ -z "$(ls -A "$WORK/fsize/tmp")" ] && pass || fail "a temporary was left: $(ls -A "$WORK/fsize/tmp")"
finish
