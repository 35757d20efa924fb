# -o never destroys what debimg did not write (compose/output_guard.h): a
# folder holding a user's file, a file where a folder is meant and the
# reverse are refused before any download, in one line, and survive; a dir
# output debimg wrote is replaced by the next compose, a moved one or a
# user's folder in its place is not; --force replaces anything. (The other
# formats over their own outputs: dated_digest_mirror for oci and
# oci-archive, unit/compose/output_guard_test.cpp for the rest.)
source "$(dirname "$0")/lib/assert.sh"
source "$(dirname "$0")/lib/fixture.sh"
WORK=$(mktemp -d)
trap 'fixture_stop; rm -rf "$WORK"' EXIT
fixture_repo "$WORK/fx"
export XDG_CACHE_HOME="$WORK/cache"
profile_for "$WORK/p.yaml" "$FIXTURE_FILE_URI" stable "signed-by: $FIXTURE/keyring.gpg"
run "$DEBIMG" lock "$WORK/p.yaml"
expect_rc 0 "lock"

# refused OUT FORMAT WORDS: compose to OUT is refused at once, in one line naming OUT and WORDS,
# before any download (offline, from an empty cache: the -o message, not the cache's).
refused() {
  rm -rf "$WORK/empty"
  run "$DEBIMG" compose "$WORK/p.yaml" --format "$2" -o "$1" --offline --cache-dir "$WORK/empty"
  expect_rc 2 "-o $1 ($2) refused"
  expect_err "debimg: error: -o $1 is $3" "-o $1 ($2): the reason"
  expect_err "choose another path, or pass --force" "-o $1 ($2): the way out"
  expect_one_line_err "-o $1 ($2)"
  [ -z "$(find "$WORK/empty" -type f 2>/dev/null)" ] && pass || fail "-o $1 ($2): something was fetched first"
}

mkdir "$WORK/mine" && echo "my notes" >"$WORK/mine/notes.txt"
refused "$WORK/mine" oci "a folder that is no oci output of debimg's (it holds 'notes.txt')"
refused "$WORK/mine" dir "a folder that is no dir output of debimg's (it has no debimg marker $WORK/.mine.debimg beside it)"
[ "$(cat "$WORK/mine/notes.txt")" = "my notes" ] && pass || fail "the user's file did not survive"
echo "my file" >"$WORK/file"
refused "$WORK/file" oci "a regular file, and --format oci writes a folder"
refused "$WORK/file" rootfs-tar "a file that is no rootfs-tar output of debimg's (it is not a tar)"
refused "$WORK/mine" oci-archive "a folder, and --format oci-archive writes a file"
# A docker-archive writes OUT.load.sh (and SBOMs) beside OUT: a user's file there is kept too.
echo "my script" >"$WORK/img.tar.load.sh"
refused "$WORK/img.tar" docker-archive "a docker-archive path whose side file $WORK/img.tar.load.sh is not one debimg wrote"
[ "$(cat "$WORK/img.tar.load.sh")" = "my script" ] && pass || fail "the user's file beside a docker-archive did not survive"
ln -s "$WORK/mine" "$WORK/link"
refused "$WORK/link" oci "a symlink, and --format oci writes a folder in its place"
[ "$(cat "$WORK/file")" = "my file" ] && [ -L "$WORK/link" ] && pass || fail "the user's file or link did not survive"
run "$DEBIMG" compose "$WORK/p.yaml" -o "$WORK/no/such/folder/out"
expect_rc 2 "a missing parent"
expect_err "-o $WORK/no/such/folder/out: its folder $WORK/no/such/folder does not exist" "a missing parent is named"

# A dir output over its own earlier output, and over an empty folder: replaced.
mkdir "$WORK/empty-dir"
for out in dir empty-dir; do
  for round in first second; do
    run "$DEBIMG" compose "$WORK/p.yaml" --format dir --until unpack -o "$WORK/$out"
    expect_rc 0 "the $round compose to $out"
  done
done
[ -f "$WORK/.dir.debimg" ] && [ -f "$WORK/dir/usr/share/app/README" ] && pass || fail "a dir output, or its marker beside it, is missing"
refused "$WORK/dir" oci "a folder that is no oci output of debimg's (it holds "
# A dir output moved elsewhere is not recognised there (its marker names the old place).
mv "$WORK/dir" "$WORK/moved"
refused "$WORK/moved" dir "a folder that is no dir output of debimg's (it has no debimg marker"
# A folder of the user's put where a dir output was: the marker names another folder.
mkdir "$WORK/dir" && echo "mine" >"$WORK/dir/keep"
refused "$WORK/dir" dir "a folder that is no dir output of debimg's (the marker $WORK/.dir.debimg names another folder)"
[ "$(cat "$WORK/dir/keep")" = mine ] && pass || fail "the user's folder did not survive"

# --force replaces what is there, whatever it is.
run "$DEBIMG" compose "$WORK/p.yaml" --format dir --until unpack -o "$WORK/file" --force
expect_rc 0 "--force over a file"
[ -f "$WORK/file/usr/share/app/README" ] && pass || fail "--force did not put the tree in place of the file"
run "$DEBIMG" compose "$WORK/p.yaml" --format dir --until unpack -o "$WORK/mine" --force
expect_rc 0 "--force over a folder of the user's"
[ ! -e "$WORK/mine/notes.txt" ] && [ -d "$WORK/mine/usr" ] && pass || fail "--force did not replace the folder"
finish
