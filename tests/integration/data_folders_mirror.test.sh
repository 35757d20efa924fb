# Shipped hooks and profiles are found from any build or install
# (profile/data_folders.h): a build folder outside the source tree (the
# real `cmake -S SRC -B DIR` writes DIR/debimg-source-dir; the binary there
# is this build's, compiling it again would double the suite's time; set
# DEBIMG_TEST_FULL_BUILD=1 to compile it) and `cmake --install --prefix`
# anywhere. `debimg paths` names where each looks; both compose
# minideb-bookworm, whose customize hook is a shipped one, to the same digest.
source "$(dirname "$0")/lib/assert.sh"
needs mirror userns cmake
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export XDG_CACHE_HOME="$WORK/cache"
BUILD=$(dirname "$DEBIMG")
json_get() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"; }

# A build folder anywhere: configured for real, the binary this build's.
cmake -S "$DEBIMG_SOURCE_DIR" -B "$WORK/out-of-tree" -DDEBIMG_TESTS=OFF -DDEBIMG_UNITY=OFF >"$WORK/configure.log" 2>&1 ||
  { fail "cmake -S $DEBIMG_SOURCE_DIR -B $WORK/out-of-tree: $(tail -3 "$WORK/configure.log")"; finish; exit; }
[ "$(cat "$WORK/out-of-tree/debimg-source-dir")" = "$DEBIMG_SOURCE_DIR" ] && pass || fail "the build folder does not record its source folder"
if [ "${DEBIMG_TEST_FULL_BUILD:-}" = 1 ]; then
  cmake --build "$WORK/out-of-tree" -j "$(nproc)" --target debimg >"$WORK/build.log" 2>&1 || fail "out-of-tree build: $(tail -3 "$WORK/build.log")"
else
  cp "$DEBIMG" "$WORK/out-of-tree/debimg"
fi
# An install anywhere: the install rules of this build, into a prefix of their own.
cmake --install "$BUILD" --prefix "$WORK/prefix" >"$WORK/install.log" 2>&1 || fail "cmake --install: $(tail -3 "$WORK/install.log")"
[ ! -e "$WORK/prefix/bin/debimg-source-dir" ] && pass || fail "the install took the build folder's debimg-source-dir"

mkdir -p "$WORK/p"
cp "$DEBIMG_SOURCE_DIR/profiles/minideb-bookworm.yaml" "$DEBIMG_SOURCE_DIR/profiles/minideb-bookworm.lock" "$WORK/p/"
run "$DEBIMG" lock "$WORK/p/minideb-bookworm.yaml" --update
expect_rc 0 "lock --update"
digests=()
for binary in "$WORK/out-of-tree/debimg:$DEBIMG_SOURCE_DIR" "$WORK/prefix/bin/debimg:$WORK/prefix/share/debimg"; do
  exe=${binary%%:*} data=${binary#*:}
  run "$exe" --json paths
  expect_rc 0 "$exe paths"
  [ "$(json_get 'd["data-folders"][0]["path"]' <<<"$OUT")" = "$data" ] && pass || fail "$exe looks first in: $OUT"
  [ "$(json_get 'd["data-folders"][0]["hooks"]' <<<"$OUT")" = True ] && pass || fail "$exe: no hooks in $data"
  run "$exe" paths
  expect_out "  $data  (" "$exe paths names $data"
  run "$exe" --json profile "$WORK/p/minideb-bookworm.yaml"
  [ "$(json_get 'd["hook-files"]["customize"][0]["file"]' <<<"$OUT")" = "$data/hooks/container-apt" ] && pass ||
    fail "$exe takes container-apt from elsewhere: $OUT"
  run "$exe" --json compose "$WORK/p/minideb-bookworm.yaml" -o "$WORK/oci-$(basename "$(dirname "$exe")")"
  expect_rc 0 "$exe composes minideb-bookworm"
  digests+=("$(json_get 'd["digest"]' <<<"$OUT")")
done
[ "${digests[0]}" = "${digests[1]}" ] && pass || fail "the two binaries made different images: ${digests[*]}"

# Without any data folder the error names where it looked.
mkdir -p "$WORK/alone"
cp "$DEBIMG" "$WORK/alone/debimg"
run "$WORK/alone/debimg" profile "$WORK/p/minideb-bookworm.yaml"
if [ -d /usr/local/share/debimg/hooks ] || [ -d /usr/share/debimg/hooks ]; then
  pass  # an installed debimg on this machine supplies the hook
else
  expect_rc 2 "a binary without its data"
  expect_err "nor in $WORK/share/debimg/hooks" "the error names the folder beside the binary"
  expect_err "(\`debimg paths\` lists them)" "the error points at debimg paths"
fi
finish
