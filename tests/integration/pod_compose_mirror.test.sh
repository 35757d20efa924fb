# debimg where CI jobs run: in a runc container set up as a Kubernetes pod at
# the Restricted standard (uid 65532, no capabilities, no_new_privs, the
# seccomp rules containerd applies by default, runc's masked paths, a
# read-only root; lib/pod.sh and lib/pod_config.py say where each rule comes
# from) and at Baseline (root with Docker's default capabilities, the same
# seccomp rules). No user namespace can be made there: compose picks the mode
# without one by itself and says so in one line, and the images of minbase
# and minideb-bookworm have the digests the namespace mode gives on the host.
# A hostile local package, in the pod beside a planted service-account token,
# a registry config.json and a secret in the environment: its postinst reads
# them with the shell and with a statically linked program making raw system
# calls, and writes outside the tree; nothing outside the tree changes and no
# secret reaches the image, the output or the logs.
source "$(dirname "$0")/lib/assert.sh"
needs root runc mirror gcc
source "$(dirname "$0")/lib/pod.sh"
pod_seccomp_source >/dev/null 2>&1 || skip "the default seccomp allow-list (golang-github-docker-docker-dev) is neither installed nor downloadable"

WORK=$(mktemp -d)
chmod 755 "$WORK"
cleanup() { pod_cleanup; rm -rf "$WORK"; }
trap cleanup EXIT
R=$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
TOKEN="POD-TOKEN-$R" PASSWORD="POD-PASSWORD-$R" ENVSECRET="POD-ENV-$R"

# debimg installed under a prefix the pods see (its shipped hooks beside it);
# the host's / is their root, read-only.
mkdir -p "$WORK/opt/bin" "$WORK/opt/share/debimg/hooks" "$WORK/host" "$WORK/secrets"
cp "$DEBIMG" "$WORK/opt/bin/debimg"
cp "$DEBIMG_SOURCE_DIR"/hooks/* "$WORK/opt/share/debimg/hooks/"
chmod -R a+rX "$WORK/opt"
echo "$TOKEN" >"$WORK/secrets/token"
chmod 644 "$WORK/secrets/token"  # as a projected token: readable by the pod's user

# The hostile package: a postinst that reads the secrets and writes outside
# the tree, by the shell and by a static program the preload cannot see.
EVIL="$WORK/evil"
mkdir -p "$EVIL/usr/lib/evil" "$EVIL/DEBIAN"
cat >"$WORK/attack.c" <<'C'
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
/* Raw system calls only: no libc path wrapper a preload library could catch. */
static void try_read(const char *path) {
  char buf[256] = {0};
  long fd = syscall(SYS_openat, AT_FDCWD, path, O_RDONLY);
  if (fd < 0) { printf("read %s: %s\n", path, strerror(errno)); return; }
  long n = syscall(SYS_read, fd, buf, sizeof buf - 1);
  printf("read %s: GOT %ld bytes: %s\n", path, n, buf);
}
static void try_write(const char *path) {
  long fd = syscall(SYS_openat, AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) { printf("write %s: %s\n", path, strerror(errno)); return; }
  syscall(SYS_write, fd, "static escape\n", 14);
  printf("write %s: WROTE\n", path);
}
int main(void) {
  try_read("/var/run/secrets/kubernetes.io/serviceaccount/token");
  try_read("/work/home/.docker/config.json");
  try_read("/proc/1/environ");
  try_write("/work/escape-static");
  try_write("/tmp/escape-static");
  return 0;
}
C
gcc -static -O1 -o "$EVIL/usr/lib/evil/attack" "$WORK/attack.c" || { echo "gcc -static failed"; exit 1; }
cat >"$EVIL/DEBIAN/control" <<'CTL'
Package: evil
Version: 1.0
Architecture: all
Maintainer: debimg tests <tests@example.org>
Description: reads secrets and writes outside the tree (debimg test)
CTL
cat >"$EVIL/DEBIAN/postinst" <<'SH'
#!/bin/sh
mkdir -p /var/lib/evil
{
  for f in /var/run/secrets/kubernetes.io/serviceaccount/token /work/home/.docker/config.json /proc/1/environ; do
    echo "== cat $f"; cat "$f" 2>&1
  done
  echo "== env"; env
  echo "== static"; /usr/lib/evil/attack
  echo "== shell writes"; echo pwned >/work/escape-shell 2>&1; echo pwned >/tmp/escape-shell 2>&1
} >/var/lib/evil/attempts 2>&1
exit 0
SH
chmod 755 "$EVIL/DEBIAN/postinst"
mkdir -p "$WORK/host/debs"
dpkg-deb --root-owner-group -Zgzip --build "$EVIL" "$WORK/host/debs/evil_1.0_all.deb" >/dev/null || { echo "dpkg-deb failed"; exit 1; }

# The profiles, their locks freshly updated (the archive moves), and the
# namespace mode's digests on the host.
for p in debian-bookworm-minbase minideb-bookworm; do
  cp "$DEBIMG_SOURCE_DIR/profiles/$p.yaml" "$DEBIMG_SOURCE_DIR/profiles/$p.lock" "$WORK/host/"
done
sed -e 's/^name: .*/name: evil/' -e 's/^variant: minbase$/variant: minbase\npackages: [evil]\nlocal-debs: [debs\/]/' \
  "$WORK/host/debian-bookworm-minbase.yaml" >"$WORK/host/evil.yaml"
grep -q '^local-debs:' "$WORK/host/evil.yaml" || { echo "cannot derive evil.yaml from the minbase profile"; exit 1; }
declare -A HOST_DIGEST
for p in debian-bookworm-minbase minideb-bookworm evil; do
  [ "$p" = evil ] || "$DEBIMG" lock "$WORK/host/$p.yaml" --update --cache-dir "$WORK/hostcache" >/dev/null 2>&1
  run "$DEBIMG" --json compose "$WORK/host/$p.yaml" -o "$WORK/host/$p.oci" --cache-dir "$WORK/hostcache" --isolation namespace
  expect_rc 0 "host: $p in the namespace mode"
  HOST_DIGEST[$p]=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["digest"])' <<<"$OUT" 2>/dev/null)
done

# pod_compose STANDARD UID PROFILE: composes from the lock and the cache
# (--offline: a pod's own network has loopback only) in a copy of the work
# folder the pod's user owns, beside the planted secrets.
pod_compose() {
  local standard=$1 uid=$2 p=$3 w="$WORK/pod-$1"
  if [ ! -d "$w" ]; then
    mkdir -p "$w/home/.docker"
    cp -a "$WORK/host/." "$w/"
    rm -rf "$w"/*.oci
    cp -a "$WORK/hostcache" "$w/cache"
    printf '{"auths":{"registry.example":{"auth":"%s"}}}\n' "$(printf 'ci:%s' "$PASSWORD" | base64)" >"$w/home/.docker/config.json"
    chown -R "$uid:$uid" "$w"
  fi
  run pod_run "$standard" / "debimg-$standard" --bind "$w:/work" --bind "$WORK/opt:/opt/debimg:ro" \
    --bind "$WORK/secrets:/var/run/secrets/kubernetes.io/serviceaccount:ro" \
    --env HOME=/work/home --env "REGISTRY_PASSWORD=$ENVSECRET" -- \
    /opt/debimg/bin/debimg --json compose "/work/$p.yaml" -o "/work/$p.oci" --cache-dir /work/cache --offline --frozen
}

for standard in restricted baseline; do
  uid=65532
  [ "$standard" = baseline ] && uid=0
  for p in debian-bookworm-minbase minideb-bookworm evil; do
    [ "$standard" = baseline ] && [ "$p" = minideb-bookworm ] && continue  # minbase and the attack suffice there
    POD_TIMEOUT=600 pod_compose "$standard" "$uid" "$p"
    expect_rc 0 "$standard pod: compose $p"
    expect_err "debimg: isolation: none (" "$standard pod: $p: the mode without namespaces is picked and named"
    [ "$(grep -c '^debimg: isolation' <<<"$ERR")" = 1 ] && pass || fail "$standard pod: $p: not one isolation line: $ERR"
    digest=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["digest"])' <<<"$OUT" 2>/dev/null)
    # The attack's record says what each mode refused, in its words: its image is not compared.
    [ "$p" = evil ] || { [ -n "$digest" ] && [ "$digest" = "${HOST_DIGEST[$p]}" ]; } && pass ||
      fail "$standard pod: $p: digest $digest, the namespace mode on the host gave ${HOST_DIGEST[$p]}"
    isolation=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["isolation"])' <<<"$OUT" 2>/dev/null)
    [ "$isolation" = none ] && pass || fail "$standard pod: $p: --json isolation is '$isolation'"
  done

  # The attack: tried (its record is in the image), refused, and nothing of it left the tree.
  w="$WORK/pod-$standard"
  layers=$(mktemp -d)
  for blob in "$w/evil.oci"/blobs/sha256/*; do
    (zcat "$blob" 2>/dev/null || cat "$blob") >>"$layers/all"
  done
  # The one layer's record of the attempts (index -> manifest -> layer).
  layer=$(python3 - "$w/evil.oci" <<'PY'
import json, sys
d = sys.argv[1]
blob = lambda digest: d + "/blobs/sha256/" + digest.split(":")[1]
index = json.load(open(d + "/index.json"))
manifest = json.load(open(blob(index["manifests"][0]["digest"])))
print(blob(manifest["layers"][0]["digest"]))
PY
)
  attempts=$(tar -xzOf "$layer" ./var/lib/evil/attempts 2>/dev/null || tar -xzOf "$layer" var/lib/evil/attempts 2>/dev/null)
  sed "s/^/  $standard | /" <<<"$attempts"
  grep -q '^== static' <<<"$attempts" && pass || fail "$standard pod: the attack did not run: $attempts"
  for path in /var/run/secrets/kubernetes.io/serviceaccount/token /work/home/.docker/config.json /proc/1/environ; do
    grep -q "^read $path: GOT" <<<"$attempts" && fail "$standard pod: the static program read $path" || pass
  done
  grep -q 'WROTE' <<<"$attempts" && fail "$standard pod: the static program wrote outside the tree: $attempts" || pass
  for f in "$w/escape-static" "$w/escape-shell"; do
    [ -e "$f" ] && fail "$standard pod: $f was written from the tree" || pass
  done
  for marker in "$TOKEN" "$PASSWORD" "$ENVSECRET" "$(printf 'ci:%s' "$PASSWORD" | base64)"; do
    grep -qaF "$marker" "$layers/all" && fail "$standard pod: a secret ($marker) is in the image" || pass
    grep -qaF "$marker" <<<"$OUT$ERR" && fail "$standard pod: a secret ($marker) is in debimg's output" || pass
    grep -rqaF "$marker" "$w/cache/tmp" 2>/dev/null && fail "$standard pod: a secret ($marker) is in a log in the cache" || pass
  done
  rm -rf "$layers"
done
[ -e /tmp/escape-static ] || [ -e /tmp/escape-shell ] && fail "the host's /tmp got a file from the tree" || pass

# A runtime whose seccomp profile refuses Landlock (the default one less the
# landlock_* calls): no confinement for the scripts, so compose refuses at
# once in one line saying what to do there; --allow-unconfined-scripts is the
# explicit way past it, and says so.
python3 - "$(pod_seccomp_source | cut -d: -f1)" "$WORK/no-landlock.json" <<'PY'
import json, sys
profile = json.load(open(sys.argv[1]))
for rule in profile["syscalls"]:
    rule["names"] = [n for n in rule["names"] if not n.startswith("landlock_")]
profile["syscalls"] = [r for r in profile["syscalls"] if r["names"]]
json.dump(profile, open(sys.argv[2], "w"))
PY
w="$WORK/pod-restricted"
for mode in refused allowed; do
  extra=()
  [ "$mode" = allowed ] && extra=(--allow-unconfined-scripts)
  rm -rf "$w/nolandlock.oci"
  run pod_run restricted / debimg-nolandlock --seccomp-profile "$WORK/no-landlock.json" --bind "$w:/work" \
    --bind "$WORK/opt:/opt/debimg:ro" --env HOME=/work/home -- \
    /opt/debimg/bin/debimg --json compose /work/debian-bookworm-minbase.yaml -o /work/nolandlock.oci \
    --cache-dir /work/cache --offline --frozen "${extra[@]}"
  if [ "$mode" = refused ]; then
    expect_rc 2 "no Landlock: compose refuses"
    expect_err "no Landlock here" "no Landlock: the error says what is missing"
    expect_err "--allow-unconfined-scripts" "no Landlock: the error says the way past it"
    expect_one_line_err "no Landlock"
    [ -e "$w/nolandlock.oci" ] && fail "no Landlock: an output was written" || pass
  else
    expect_rc 0 "no Landlock, --allow-unconfined-scripts: composes"
    expect_err "debimg: warning: isolation: none" "no Landlock, --allow-unconfined-scripts: warned"
    digest=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["digest"])' <<<"$OUT" 2>/dev/null)
    [ "$digest" = "${HOST_DIGEST[debian-bookworm-minbase]}" ] && pass || fail "no Landlock: digest $digest"
  fi
done

finish
