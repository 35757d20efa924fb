# Parity with mmdebstrap on a heavy profile (tests/integration/parity/heavy.yaml:
# over 200 packages, services with complex maintainer scripts), on the real
# mirror, and the reproducibility of that profile's image:
#  1. debimg locks the profile afresh and composes it to a directory;
#  2. mmdebstrap --variant=minbase --include=<the profile's packages> makes
#     its tree from the same archive (the lock is fresh: the same versions;
#     its .debs come from debimg's cache, nothing is downloaded twice);
#  3. the two trees are compared path by path (type, mode, owner, link,
#     SHA-256) and file by file where bytes say little (dpkg's status and
#     triggers, apt's extended_states, debconf, the accounts, ucf,
#     alternatives, apt sources, the Java keystore, host keys, snakeoil).
#     Every difference must be on INTENDED below, with its reason;
#  4. the same lock composed to OCI as root, under one host name, with one
#     cache, and as a user with a subordinate range (made here with useradd
#     by lib/test_user.sh, removed at exit), under another host name, with a
#     second cache seeded with the first one's .debs: the same manifest digest.
#     On a mismatch the differing layer entries are listed, and every file
#     that holds a compose's host name.
# PARITY_KEEP=DIR keeps the trees, images and reports in DIR.
source "$(dirname "$0")/lib/assert.sh"
needs root mirror userns mmdebstrap unshare newuidmap openssl
PARITY="$DEBIMG_SOURCE_DIR/tests/integration/parity"
WORK=$(mktemp -d)
chmod 755 "$WORK"
source "$(dirname "$0")/lib/test_user.sh"
trap 'test_users_cleanup; [ -n "${PARITY_KEEP:-}" ] && cp -a "$WORK/." "$PARITY_KEEP/"; rm -rf "$WORK"' EXIT
T0=$(date +%s)
elapsed() { echo "$(($(date +%s) - T0))s"; }

cp "$PARITY/heavy.yaml" "$WORK/heavy.yaml"
CACHE1="$WORK/cache1"

# --- 1. debimg: a fresh lock, a directory --------------------------------
run "$DEBIMG" lock "$WORK/heavy.yaml" --cache-dir "$CACHE1"
expect_rc 0 "lock the heavy profile"
NPKG=$(grep -c '^Package: ' "$WORK/heavy.lock")
[ "$NPKG" -ge 150 ] && pass || fail "the heavy profile's closure has $NPKG packages, fewer than 150"
run "$DEBIMG" compose "$WORK/heavy.yaml" --frozen --format dir -o "$WORK/debimg" --cache-dir "$CACHE1"
expect_rc 0 "compose the heavy profile to a directory"
echo "debimg: $NPKG packages locked and composed to a directory after $(elapsed)"

# --- 2. mmdebstrap: the same packages from the same archive ---------------
# Its sources are the suites, URIs and components debimg took from the host's
# apt sources; its hook is the profile's extract hook; SOURCE_DATE_EPOCH is
# debimg's (the packages' newest changelog date), so that shadow's dates are the same day.
"$DEBIMG" --json profile "$WORK/heavy.yaml" >"$WORK/profile.json"
mapfile -t SOURCES < <(python3 -c '
import json, sys
for a in json.load(open(sys.argv[1]))["archives"]:
    print("deb", a["uris"][0], a["suite"], " ".join(a["components"]))' "$WORK/profile.json")
HOOK=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["canonical"]["hooks"]["extract"][0]["run"])' "$WORK/profile.json")
INCLUDE=$(python3 "$PARITY/lock_debs.py" --requested "$WORK/heavy.lock" | awk '{print $2}' | paste -sd,)
EPOCH=$(python3 "$DEBIMG_SOURCE_DIR/tests/integration/lib/changelog_epoch.py" "$WORK/heavy.lock" "$CACHE1")
mkdir "$WORK/debs"
python3 "$PARITY/lock_debs.py" "$WORK/heavy.lock" | while read -r sha _ _ _ name; do
  cp "$CACHE1/sha256/${sha:0:2}/$sha" "$WORK/debs/$name" || echo "no $name in debimg's cache" >&2
done
# Normalized here, not in the comparison:
#  - the scripts see the host name debimg's sandbox gives them, `localhost`
#    (mmdebstrap's root mode would show them the build host's);
#  - mmdebstrap copies the host's /etc/hostname and /etc/resolv.conf into the
#    tree; a setup hook removes them at once, as its manual suggests for
#    reproducible output (debimg never copies host files);
#  - merged /usr made as debimg and debootstrap make it (the merged-usr hook
#    directory: links first, the usr-is-merged package), not by usrmerge.
unshare --uts sh -c 'hostname localhost && exec "$@"' sh \
  env SOURCE_DATE_EPOCH="$EPOCH" mmdebstrap --quiet --mode=root --variant=minbase --format=directory \
  --include="$INCLUDE" --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
  --setup-hook='rm -f "$1/etc/hostname" "$1/etc/resolv.conf"' \
  --setup-hook="mkdir -p \"\$1/var/cache/apt/archives\" && cp '$WORK'/debs/*.deb \"\$1/var/cache/apt/archives/\"" \
  --essential-hook="$HOOK" \
  bookworm "$WORK/mm" "${SOURCES[@]}" >"$WORK/mm.log" 2>&1
rc=$?
[ $rc = 0 ] && pass || fail "mmdebstrap exited with $rc: $(tail -5 "$WORK/mm.log")"
echo "mmdebstrap done after $(elapsed)"

# --- 3. the comparison -----------------------------------------------------
# INTENDED: every difference debimg means to have, one a line:
# ASPECT PATH-REGEX REASON. ASPECT is only-mmdebstrap, only-debimg, type,
# mode, owner, link, content (the raw comparison), or order (a file the
# semantic checks found equal but for the order of its entries).
cat >"$WORK/intended" <<'EOF'
# mmdebstrap's set-up, not a package's
only-mmdebstrap dev/.+ mmdebstrap (root mode) creates device nodes; debimg leaves /dev empty: the container runtime (and debimg's sandbox) mounts one
only-mmdebstrap etc/fstab mmdebstrap writes debootstrap's "UNCONFIGURED FSTAB"; no package ships one, and containers read none
only-mmdebstrap etc/apt/sources.list mmdebstrap writes one-line sources; debimg writes deb822 (image.apt-sources: default), the apt-sources check compares what both list
only-debimg etc/apt/sources.list.d/debian.sources the same sources, as deb822 with Signed-By
# apt ran in mmdebstrap's tree; debimg never runs apt there
only-mmdebstrap (var/cache/apt/archives|var/lib/apt/lists)/lock apt's lock files, made when it runs
mode (var/cache/apt/archives|var/lib/apt/lists)/partial apt gives its partial folders to _apt, 0700, when it first runs; debimg keeps them as the apt package ships them
owner (var/cache/apt/archives|var/lib/apt/lists)/partial (the same)
# debimg's tidying and reproducibility steps
only-mmdebstrap (var/cache/debconf|var/lib/dpkg)/[^/]+-old debconf's and dpkg's backups: debimg's tidy removes them (finalize/tidy.cpp), mmdebstrap keeps them
only-mmdebstrap run/lock(/.*)? debimg empties /run, a tmpfs at run time (finalize/determinism.cpp); mmdebstrap keeps /run/lock, which /var/lock points to
mode etc/machine-id empty in both: debimg empties systemd's file in place (finalize/tidy.cpp) and keeps its 0444, mmdebstrap writes a new one (0644)
# the image's own names: never the build host's
only-debimg etc/hostname debimg writes image.hostname (default localhost); mmdebstrap copies the host's, which the setup hook here removes
# generated secrets: removed at the end of compose (image.keep-generated-keys: false, the default)
only-mmdebstrap etc/ssh/ssh_host_(rsa|ecdsa|ed25519)_key(\.pub)? SSH host keys every container of the image would share (finalize/generated_keys.cpp)
only-mmdebstrap etc/ssl/(certs/ssl-cert-snakeoil\.pem|private/ssl-cert-snakeoil\.key|certs/ce275665\.0) ssl-cert's snakeoil key, its certificate and the certificate's hash link (the same)
# what the scripts make fresh every time: compared by meaning, not bytes
content etc/ssl/certs/java/cacerts keytool stamps each entry with the time it ran: debimg pins the dates to SOURCE_DATE_EPOCH (finalize/java_keystore.cpp); the keystore check compares aliases and certificates
content var/lib/postgresql/15/main/(global/pg_control|pg_wal/[0-9A-F]+|pg_stat/pgstat\.stat) initdb (pg_createcluster in postgresql's postinst) makes the cluster's system identifier from the clock and its pid, and records times
# the configure order: debimg has dpkg order all packages at once, mmdebstrap
# configures the essential set, then lets apt order the rest; where only the
# order of appended entries or the backups that record it differ
order etc/(passwd|group|shadow|gshadow) accounts are appended as their packages are configured; the accounts check compares them one by one
content etc/(passwd|group|shadow|gshadow)- shadow's backups of the state before the last account change: which one that was follows the configure order
account-ids etc/(passwd|group) system users and groups get ids as their packages are configured: after the essential set, dpkg orders the rest (dependencies first, else by name), apt under mmdebstrap by its own rules; every build of a lock gets the same ids
debconf var/cache/debconf/config\.dat#exim4/dc_other_hostnames exim4-config asks `hostname --fqdn` while /etc/hosts is missing: under dpkg's order netbase's postinst, which writes it, comes later (the same configure order)
order var/lib/apt/extended_states the same entries: apt writes them in its cache's order, debimg by name
order var/lib/dpkg/triggers/File debimg registers file-trigger interests at unpack in package-name order, dpkg in its unpack order; dpkg reads them as a set
EOF
python3 "$PARITY/compare.py" trees "$WORK/mm" "$WORK/debimg" "$WORK/intended" >"$WORK/parity.txt" 2>&1
rc=$?
cat "$WORK/parity.txt"
[ $rc = 0 ] && pass || fail "debimg's tree differs from mmdebstrap's beyond the intended differences (listed above)"
echo "comparison done after $(elapsed)"

# --- 4. the same digest: two host names, two caches, two users -------------
# The same lock, and the profile with one setup hook more (hooks are not in
# the lock's inputs): postgresql-common makes no cluster, since initdb's
# pg_control holds a random nonce and a system identifier from the clock
# (README: reproducibility). Section 3 compared the tree with the cluster.
cp "$WORK/heavy.yaml" "$WORK/repro.yaml"
cp "$WORK/heavy.lock" "$WORK/repro.lock"
cat >>"$WORK/repro.yaml" <<'YAML'
  setup:
    - {run: "mkdir -p \"$1/etc/postgresql-common/createcluster.d\" && echo 'create_main_cluster = false' >\"$1/etc/postgresql-common/createcluster.d/debimg.conf\""}
YAML
HOST_A="debimg-parity-a$RANDOM" HOST_B="debimg-parity-b$RANDOM"
unshare --uts sh -c 'hostname "$0" && exec "$@"' "$HOST_A" \
  "$DEBIMG" --json compose "$WORK/repro.yaml" --frozen --format oci -o "$WORK/oci-a" --cache-dir "$CACHE1" >"$WORK/a.json" 2>"$WORK/a.err"
rc=$?
[ $rc = 0 ] && pass || fail "oci compose as root: exit $rc: $(tail -3 "$WORK/a.err")"
echo "oci as root done after $(elapsed)"

# A user (test_user runs useradd) with a range past every other one.
PUSER=debimg-parity
test_user "$PUSER" "$(free_id_range "$PUSER")"
UDEBIMG=$(user_debimg "$WORK/ubin")
mkdir -p "$WORK/user/cache2"
cp "$WORK/repro.yaml" "$WORK/repro.lock" "$WORK/user/"
# The second cache holds the first one's .debs only: metadata, data.tar
# copies and the rest are made again.
seed_debs "$WORK/heavy.lock" "$CACHE1" "$WORK/user/cache2"
chown -R "$PUSER:" "$WORK/user"
unshare --uts sh -c 'hostname "$0" && exec "$@"' "$HOST_B" \
  su "$PUSER" -s /bin/sh -c "cd '$WORK/user' && exec env XDG_CACHE_HOME='$WORK/user/xdg' '$UDEBIMG' --json compose repro.yaml --frozen --format oci -o oci-b --cache-dir cache2" \
  >"$WORK/b.json" 2>"$WORK/b.err"
rc=$?
[ $rc = 0 ] && pass || fail "oci compose as $PUSER: exit $rc: $(tail -3 "$WORK/b.err")"
[ "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1])).get("downloaded"))' "$WORK/b.json" 2>/dev/null)" = 0 ] &&
  pass || fail "the seeded cache was not used: $(cat "$WORK/b.json")"
echo "oci as $PUSER done after $(elapsed)"
if [ -s "$WORK/a.json" ] && [ -s "$WORK/b.json" ]; then
  python3 "$PARITY/compare.py" images "$WORK/oci-a" "$WORK/a.json" "$WORK/user/oci-b" "$WORK/b.json" \
    --hostname "$HOST_A" --hostname "$HOST_B" >"$WORK/repro.txt" 2>&1
  rc=$?
  cat "$WORK/repro.txt"
  [ $rc = 0 ] && pass || fail "two host names, caches and users give different images (listed above)"
fi
echo "parity_mirror: $(elapsed) in all"
finish
