# Every shipped profile: its committed lock is fresh (`lock --check`); a
# freshly updated copy of it composes, validates and runs under runc the way
# `docker run` would. minideb-bookworm also keeps to its size budget and,
# slimmed, still installs packages with install_packages, which come slim too.
source "$(dirname "$0")/lib/assert.sh"
needs mirror userns
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"; runc delete -f debimg-profile-test >/dev/null 2>&1' EXIT
export XDG_CACHE_HOME="$WORK/cache"
LIB="$DEBIMG_SOURCE_DIR/tests/integration/lib"
json_get() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"; }
# run_image [--root] DIR ARG...: runs ARGS in the composed image DIR/oci with runc
# (as the image's user, or as root); sets OUT and RC.
run_image() {
  local root= dir tag
  [ "$1" = --root ] && { root=--root; shift; }
  dir=$1
  shift
  tag=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["manifests"][0]["annotations"]["org.opencontainers.image.ref.name"])' "$dir/oci/index.json")
  rm -rf "$dir/bundle"
  umoci unpack --image "$dir/oci:$tag" "$dir/bundle" >/dev/null 2>&1 || { OUT="umoci unpack failed"; RC=99; return; }
  python3 "$LIB/runc_config.py" $root "$dir/bundle" "$@"
  OUT=$(timeout 600 runc run -b "$dir/bundle" debimg-profile-test 2>&1)
  RC=$?
  runc delete -f debimg-profile-test >/dev/null 2>&1
}

for yaml in "$DEBIMG_SOURCE_DIR"/profiles/*.yaml; do
  # debimg.yaml takes debimg's own freshly built package: package_mirror.test.sh composes it.
  grep -q '^local-debs:' "$yaml" && continue
  name=$(basename "$yaml" .yaml)
  dir="$WORK/$name"
  mkdir -p "$dir"
  cp "$yaml" "${yaml%.yaml}.lock" "$dir/"
  run "$DEBIMG" lock "$dir/$name.yaml" --check
  expect_rc 0 "$name: the committed lock is fresh"
  run "$DEBIMG" lock "$dir/$name.yaml" --update
  expect_rc 0 "$name: lock --update"
  run "$DEBIMG" --json compose "$dir/$name.yaml" --format oci -o "$dir/oci"
  expect_rc 0 "$name: compose"
  eval "JSON_${name//-/_}=\$OUT"
  tag=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["manifests"][0]["annotations"]["org.opencontainers.image.ref.name"])' "$dir/oci/index.json")
  oci-image-tool validate --type image --ref "name=$tag" "$dir/oci" >"$dir/validate" 2>&1 && pass || fail "$name: oci-image-tool: $(tail -2 "$dir/validate")"
  codename=$(sed -n 's/^  - suites: \[\([a-z]*\),.*/\1/p' "$yaml" | head -1)
  run_image --root "$dir" sh -c 'dpkg --audit && apt-get check -q && cat /etc/os-release'
  [ "$RC" = 0 ] && grep -q "^VERSION_CODENAME=$codename$" <<<"$OUT" && pass || fail "$name: runc (rc $RC): $(tail -3 <<<"$OUT")"
done

# The application image runs as its user, in its home, with Python.
run_image "$WORK/minideb-bookworm-python" sh -c 'echo "$(id -un):$(id -u):$(pwd)"; python3 -c "import sys, ssl; print(sys.version_info[0])"'
[ "$RC" = 0 ] && [ "$OUT" = "$(printf 'app:1000:/home/app\n3')" ] && pass || fail "python image (rc $RC): $OUT"

# minideb-bookworm: within its budget (MB = 10^6 bytes), slim, and apt still works.
python3 - "$WORK/minideb-bookworm/oci" <<'PY' && pass || fail "minideb-bookworm is over its size budget"
import gzip, json, sys
root = sys.argv[1]
index = json.load(open(root + "/index.json"))
manifest = json.load(open(root + "/blobs/sha256/" + index["manifests"][0]["digest"][7:]))
compressed = sum(l["size"] for l in manifest["layers"])
uncompressed = sum(len(gzip.open(root + "/blobs/sha256/" + l["digest"][7:]).read()) for l in manifest["layers"])
print(f"minideb-bookworm: {uncompressed / 1e6:.1f} MB uncompressed, {compressed / 1e6:.1f} MB gzip'd", file=sys.stderr)
sys.exit(0 if uncompressed <= 75e6 and compressed <= 28e6 else 1)
PY
run_image "$WORK/minideb-bookworm" sh -c '
  install_packages curl >/tmp/install.log 2>&1 || { tail -5 /tmp/install.log; exit 1; }
  curl --version | head -1
  echo "left: $(find /usr/share/doc /usr/share/man /usr/share/info /usr/share/locale -type f ! -name copyright ! -name locale.alias | wc -l)"
  echo "lists: $(find /var/lib/apt/lists -type f ! -name lock | wc -l) debs: $(find /var/cache/apt -name "*.deb" | wc -l)"
  test -e /usr/share/doc/curl/copyright && echo "curl copyright kept"
  dpkg -L curl | grep -c "^/usr/share/man/man1/curl.1.gz$" | sed "s/^/listed: /"
  dpkg --verify >/tmp/verify; echo "verify: $(wc -l </tmp/verify)"
  grep -Evx "missing +/usr/share/(doc/[^/]+/.*|man(/.*)?|info/.*|locale/.*)" /tmp/verify | grep -v "/copyright$" | sed "s/^/unexpected: /"
  grep -c " /usr/share/man/man1/curl.1.gz$" /tmp/verify | sed "s/^/curl man page reported: /"'
[ "$RC" = 0 ] && grep -q '^curl [0-9]' <<<"$OUT" && pass || fail "install_packages curl (rc $RC): $OUT"
grep -qx 'left: 0' <<<"$OUT" && grep -qx 'lists: 0 debs: 0' <<<"$OUT" && grep -qx 'curl copyright kept' <<<"$OUT" &&
  pass || fail "docs, man pages, locales or apt lists came along: $OUT"
# dpkg lists what its path filters kept out and --verify calls it missing:
# the same for what debimg unpacked as for curl, which dpkg installed.
grep -qx 'listed: 1' <<<"$OUT" && grep -qx 'curl man page reported: 1' <<<"$OUT" && ! grep -q '^unexpected: ' <<<"$OUT" &&
  grep -q '^verify: [1-9]' <<<"$OUT" && pass || fail "dpkg --verify: $OUT"

finish
