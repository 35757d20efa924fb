# What the sandbox tests (sandbox_{root,user,kill}.test.sh) share: the guard,
# the probe suite, victims and canaries on the host, a TCP listener, and the
# checks of the probes' logs (tests/fixtures/sandbox/README.md). Source after
# assert.sh and fixture.sh.

# Markers that exist only on the host, at test time (never compiled into a package).
sbx_markers() {
  SBX_R=$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
  SECRET="SBX-SECRET-$SBX_R"       # content of the 0600 host file
  LISTING="sbx-listing-$SBX_R"     # name of a file in the victim folder
  ENVMARK="SBX-ENV-$SBX_R"         # in debimg's environment
  ARGMARK="sbxarg$SBX_R"           # in debimg's argv (-o and --cache-dir)
}

# sbx_victim DIR OWNER: the host folder the probes attack, and what debimg's
# tidying would delete or write if it followed the probe-links symlinks.
sbx_victim() {
  local v=$1 owner=$2
  rm -rf "$v"
  mkdir -p "$v"/{varlog/apt,dbus,ldconfig,debconf,dpkgcfg,doc/keep,tmp,run,lists/partial}
  printf '%s\n' "$SECRET" >"$v/secret"
  chmod 600 "$v/secret"
  echo "listing marker" >"$v/$LISTING"
  echo "canary of the sandbox tests" >"$v/canary"
  for f in varlog/dpkg.log varlog/alternatives.log varlog/bootstrap.log varlog/apt/history.log varlog/apt/term.log \
    dbus/machine-id ldconfig/aux-cache debconf/config.dat-old debconf/templates.dat-old dpkgcfg/keep \
    doc/keep/README doc/keep/changelog.gz doc/keep.txt tmp/keep run/keep lists/keep_Packages lists/partial/keep; do
    echo "victim $f" >"$v/$f"
  done
  chown -R "$owner" "$v"
  chmod 700 "$v"
}

# sbx_snapshot DIR...: what must not change (no atimes).
sbx_snapshot() {
  local d
  for d in "$@"; do
    [ -e "$d" ] || { echo "absent $d"; continue; }
    find "$d" -printf '%p %y %m %U %G %s %T@ %l\n' | sort
    find "$d" -type f -exec sha256sum {} + | sort
  done
}

# sbx_changed BEFORE DIR...: the paths whose snapshot line changed since BEFORE.
sbx_changed() {
  local before=$1
  shift
  diff <(echo "$before") <(sbx_snapshot "$@") | awk '/^[<>]/ { print ($2 ~ /^\//) ? $2 : $3 }' | sort -u | head -12 | tr '\n' ' '
}

# sbx_listen DIR: a TCP listener on 127.0.0.1 (SBX_PORT) logging every
# connection and what it received to DIR/connections (SBX_LISTENER_PID).
sbx_listen() {
  local dir=$1 py
  py=$(python3 -c 'import sys; print(sys.executable)')
  : >"$dir/connections"
  "$py" - "$dir/port" "$dir/connections" <<'PY' &
import os, socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
tmp = sys.argv[1] + ".tmp"
open(tmp, "w").write("%d\n" % s.getsockname()[1])
os.replace(tmp, sys.argv[1])
parent = os.getppid()
s.settimeout(0.5)
while os.getppid() == parent:
    try:
        c, addr = s.accept()
    except socket.timeout:
        continue
    c.settimeout(1)
    try:
        data = c.recv(4096)
    except Exception:
        data = b""
    with open(sys.argv[2], "a") as f:
        f.write("connection from %s: %r\n" % (addr, data))
    c.close()
PY
  SBX_LISTENER_PID=$!
  for _ in $(seq 100); do [ -s "$dir/port" ] && break; sleep 0.1; done
  [ -s "$dir/port" ] || { echo "the TCP listener did not start" >&2; exit 1; }
  SBX_PORT=$(cat "$dir/port")
}

# sbx_suite FIXTURE_DIR VICTIM PORT [TAG]: the fixture archive plus the probe suite.
sbx_suite() {
  "$FIXTURE_SCRIPTS/make-repo.sh" "$1" >/dev/null || { echo "make-repo.sh failed" >&2; exit 1; }
  PROBE_VICTIM=$2 PROBE_PORT=$3 PROBE_TAG=${4:-debimg-sbx-sleep} \
    "$DEBIMG_SOURCE_DIR/tests/fixtures/sandbox/make-probe-suite.sh" "$1" >/dev/null ||
    { echo "make-probe-suite.sh failed" >&2; exit 1; }
}

# The Debian mirror, as the host's apt sources name it (never written into the repository).
sbx_mirror_profile_lines() {
  echo "  - suites: [bookworm]"
}

# sbx_section LOG LABEL: the output of one attempt; sbx_rc LOG LABEL: its exit status.
sbx_section() { awk -v l="== $2" '$0 == l { on = 1; next } on && /^-> rc=/ { exit } on { print }' "$1"; }
sbx_rc() { awk -v l="== $2" '$0 == l { on = 1; next } on && /^-> rc=/ { sub(/^-> rc=/, ""); print; exit }' "$1"; }
sbx_has() { grep -qxF "== $2" "$1"; }

REFUSED='Operation not permitted|Permission denied|permission denied|No such file|not found|must be superuser|Read-only file system|Directory nonexistent|cannot create|Too many levels'

# refused LOG LABEL WHAT: the attempt failed, saying why.
sbx_refused() {
  local log=$1 label=$2 what=$3 rc out
  sbx_has "$log" "$label" || { fail "$what: no '$label' attempt in $(basename "$log") (probe did not get that far)"; return; }
  rc=$(sbx_rc "$log" "$label")
  out=$(sbx_section "$log" "$label")
  if [ "$rc" != 0 ] && grep -qE "$REFUSED" <<<"$out"; then pass; else fail "$what: $label in $(basename "$log") was not refused (rc $rc): $(head -c 300 <<<"$out" | tr '\n' ' ')"; fi
}

# sbx_caps LOG WHAT: CapBnd and CapEff lack SYS_MODULE(16) SYS_CHROOT(18) SYS_PTRACE(19) SYS_ADMIN(21); NoNewPrivs 1.
sbx_caps() {
  local log=$1 what=$2 status bnd eff nnp bit
  status=$(sbx_section "$log" status)
  bnd=$(awk '/^CapBnd:/{print $2}' <<<"$status")
  eff=$(awk '/^CapEff:/{print $2}' <<<"$status")
  nnp=$(awk '/^NoNewPrivs:/{print $2}' <<<"$status")
  [ -n "$bnd" ] && [ -n "$eff" ] || { fail "$what: no /proc/self/status in $(basename "$log")"; return; }
  for bit in 16 18 19 21; do
    if (( (16#$bnd >> bit) & 1 )) || (( (16#$eff >> bit) & 1 )); then
      fail "$what: capability $bit still in CapBnd $bnd / CapEff $eff ($(basename "$log"))"
    else pass; fi
  done
  [ "$nnp" = 1 ] && pass || fail "$what: NoNewPrivs is '$nnp' ($(basename "$log"))"
}

# What isolation none (no namespace: fakeroot, fakechroot, Landlock and a
# seccomp filter, docs/isolation.md) changes in the probes' view: the host's
# network namespace, host name, mounts and /dev are in sight, but not usable.
SBX_ISOLATION=${SBX_ISOLATION:-namespace}

# sbx_none_status LOG WHAT: no capability in effect or permitted (the bounding
# set of a user without CAP_SETPCAP cannot shrink; no_new_privs makes file
# capabilities inert), the five devices work, fakeroot's uid 0.
sbx_none_status() {
  local log=$1 what=$2 out set
  out=$(sbx_section "$log" status)
  for set in CapEff CapPrm CapAmb; do
    grep -qE "^$set:[[:space:]]+0+\$" <<<"$out" && pass || fail "$what: $(grep "^$set:" <<<"$out") ($(basename "$log"))"
  done
  grep -qE '^NoNewPrivs:[[:space:]]+1$' <<<"$out" && pass || fail "$what: no no_new_privs ($(basename "$log"))"
  out=$(sbx_section "$log" dev-null)
  [ "$(sbx_rc "$log" dev-null)" = 0 ] && grep -qx '4' <<<"$out" && pass || fail "$what: /dev/null and /dev/urandom do not work: $out"
  out=$(sbx_section "$log" id)
  grep -q '^uid=0(root) gid=0(root)' <<<"$out" && pass || fail "$what: the scripts do not see uid 0 (fakeroot): $out"
}

sbx_none_net() {  # sbx_none_net LOG WHAT: no connection, even to the host's loopback
  local log=$1 what=$2 out
  out=$(sbx_section "$log" tcp-connect)
  [ "$(sbx_rc "$log" tcp-connect)" != 0 ] && ! grep -q '^connected' <<<"$out" && pass ||
    fail "$what: connected to the host's 127.0.0.1:$SBX_PORT: $out"
}

sbx_none_chroot() {  # sbx_none_chroot LOG WHAT: fakechroot emulates chroot; the escape finds nothing
  local log=$1 what=$2 out
  out=$(sbx_section "$log" chroot-escape)
  grep -qF -e "$LISTING" -e "$SECRET" <<<"$out" || grep -q '^wrote' <<<"$out" && fail "$what: the chroot escape reached the victim: $(tr '\n' ' ' <<<"$out" | head -c 300)" || pass
}

# sbx_check_log LOG WHAT OUTER0: every probe section of one log that is there.
# OUTER0 is the host id the sandbox's uid 0 must map to.
sbx_check_log() {
  local log=$1 what=$2 outer0=$3 l out ifs bad
  what="$what $(basename "$log" .log)"
  if sbx_has "$log" status && [ "$SBX_ISOLATION" = none ]; then
    sbx_none_status "$log" "$what"
  elif sbx_has "$log" status; then
    sbx_caps "$log" "$what"
    # /proc/self/uid_map shows the parent namespace's ids: a host id only when
    # the sandbox's user namespace is a child of the host's (as root)
    if [ "${SBX_UIDMAP_IS_HOST:-0}" = 1 ]; then
      out=$(sbx_section "$log" uid-map | awk 'NF == 3 { print $1, $2; exit }')
      [ "$out" = "0 $outer0" ] && pass || fail "$what: uid 0 maps to '$out', expected '0 $outer0'"
    fi
    out=$(sbx_section "$log" dev-owner | awk 'NF == 2 { split($1, a, ":"); print a[1] }' | sort -u | tr '\n' ' ')
    [ "$out" = "65534 " ] && pass || fail "$what: host root's /dev nodes are owned by '$out' in the sandbox (host root is mapped?)"
    out=$(sbx_section "$log" dev)
    for l in null zero full random urandom tty pts shm; do
      grep -qE " $l\$" <<<"$out" && pass || fail "$what: no /dev/$l in the sandbox"
    done
    out=$(sbx_section "$log" mountpoints)
    for l in "/proc proc" "/dev tmpfs" "/dev/pts devpts" "/dev/shm tmpfs" "/run tmpfs" "/tmp tmpfs"; do
      grep -q "^$l " <<<"$out" && pass || fail "$what: no '$l' mount in the sandbox"
    done
    bad=$(awk '{print $1}' <<<"$out" | grep -vE '^(/|/proc(/.*)?|/dev|/dev/(null|zero|full|random|urandom|tty|pts|shm|ptmx|console|mqueue)|/run|/tmp)$')
    [ -z "$bad" ] && pass || fail "$what: mounts the sandbox should not have (old root not detached?): $(head -5 <<<"$bad" | tr '\n' ' ')"
  fi
  if sbx_has "$log" proc1-cmdline; then
    out=$(sbx_section "$log" proc1-cmdline)
    grep -qE 'compose|--format|--cache-dir|\.yaml' <<<"$out" && fail "$what: PID 1's argv has the caller's arguments: $out" || pass
    for l in proc1-environ self-environ env; do
      out=$(sbx_section "$log" "$l")
      grep -qE '^(SBX_CALLER_ONLY|DEBIMG_SECRET_MARKER|XDG_CACHE_HOME)=' <<<"$out" &&
        fail "$what: $l has the caller's environment: $(grep -E '^(SBX_CALLER_ONLY|DEBIMG_SECRET_MARKER|XDG_CACHE_HOME)=' <<<"$out" | tr '\n' ' ')" || pass
    done
  fi
  if sbx_has "$log" hostname && [ "$SBX_ISOLATION" != none ]; then
    for l in hostname kernel-hostname uname-n; do
      out=$(sbx_section "$log" "$l" | head -1)
      [ "$out" = localhost ] && pass || fail "$what: $l is '$out', expected localhost"
    done
  fi
  if sbx_has "$log" proc-net-dev && [ "$SBX_ISOLATION" = none ]; then
    sbx_none_net "$log" "$what"
  elif sbx_has "$log" proc-net-dev; then
    ifs=$(sbx_section "$log" proc-net-dev | awk -F: 'NR > 2 && NF > 1 { gsub(/ /, "", $1); print $1 }' | sort | tr '\n' ' ')
    [ "$ifs" = "lo " ] && pass || fail "$what: network interfaces '$ifs', expected only lo"
    [ "$(sbx_rc "$log" tcp-connect)" != 0 ] && ! grep -q '^connected' <<<"$(sbx_section "$log" tcp-connect)" && pass ||
      fail "$what: connected to the host's 127.0.0.1:$SBX_PORT"
    out=$(sbx_section "$log" proc-net-route | awk 'NR > 1 && $2 == "00000000"')
    [ -z "$out" ] && pass || fail "$what: a default route: $out"
  fi
  if sbx_has "$log" ls-proc1-root; then
    for l in ls-proc1-root-victim read-proc1-root-secret read-proc1-cwd-secret; do sbx_refused "$log" "$l" "$what"; done
  fi
  if sbx_has "$log" read-direct; then
    for l in read-direct read-dotdot read-proc-self-root read-proc1-root read-parent-root; do sbx_refused "$log" "$l" "$what"; done
  fi
  if sbx_has "$log" write-direct; then
    for l in write-direct write-proc1-root append-canary write-parent-root; do sbx_refused "$log" "$l" "$what"; done
  fi
  if sbx_has "$log" mount-tmpfs; then
    for l in mount-tmpfs mount-bind mount-proc mount-syscall; do sbx_refused "$log" "$l" "$what"; done
    # fakeroot records a device node (a plain file on disk) as dpkg needs it
    [ "$SBX_ISOLATION" = none ] || sbx_refused "$log" mknod-disk "$what"
  fi
  if sbx_has "$log" chroot-escape && [ "$SBX_ISOLATION" = none ]; then
    sbx_none_chroot "$log" "$what"
  elif sbx_has "$log" chroot-escape; then
    out=$(sbx_section "$log" chroot-escape)
    [ "$(sbx_rc "$log" chroot-escape)" = 1 ] && grep -q '^chroot: Operation not permitted' <<<"$out" && pass ||
      fail "$what: chroot was not refused: $(tr '\n' ' ' <<<"$out" | head -c 300)"
  fi
}

# sbx_check_tree ROOT WHAT OUTER0: the probes' logs in an image's tree.
sbx_check_tree() {
  local root=$1 what=$2 outer0=$3 dir log
  dir="$root/var/lib/debimg-probes"
  for log in probe-proc1root.postinst probe-chroot.postinst probe-mount.postinst probe-read.postinst \
    probe-write.postinst probe-environ.postinst probe-hostname.postinst probe-net.postinst probe-status.postinst \
    probe-preinst.preinst probe-trigger.triggered probe-activator.postinst hook-essential hook-customize; do
    [ -s "$dir/$log.log" ] && pass || fail "$what: no probe log $log.log (the probe did not run)"
  done
  for log in "$dir"/*.log; do
    [ -e "$log" ] && sbx_check_log "$log" "$what" "$outer0"
  done
  # the host-side hooks acted on the tree: what they removed is gone before the chroot hook looked
  if [ -s "$dir/hook-docs.txt" ]; then
    for f in /usr/share/doc/probe-doc /usr/share/probe-doc/README /usr/share/probe-doc/path-hook; do
      grep -q "$f.*No such file" "$dir/hook-docs.txt" && pass || fail "$what: a host-side hook did not remove $f from the tree: $(tr '\n' ' ' <"$dir/hook-docs.txt")"
    done
  else
    fail "$what: no hook-docs.txt (the customize chroot hook did not run)"
  fi
}

# sbx_no_markers WHAT PATH...: no host secret, listing, environment or argv
# marker anywhere in these bytes (the probes' raw mountinfo copies aside). In
# isolation none the scripts see the tree's host path (fakechroot's base, and
# the builder's argv in /proc): the argv marker may be only in the probes' own
# dumps of what they saw (docs/isolation.md).
sbx_no_markers() {
  local what=$1 hits markers=(-e "$SECRET" -e "$LISTING" -e "$ENVMARK")
  shift
  [ "$SBX_ISOLATION" = none ] || markers+=(-e "$ARGMARK")
  hits=$(sbx_marker_files "${markers[@]}" -- "$@")
  [ "$SBX_ISOLATION" = none ] && hits+=$(sbx_marker_files -e "$ARGMARK" --exclude-dir=debimg-probes -- "$@")
  [ -z "$hits" ] && pass || fail "$what: host markers in the image: $(for h in $hits; do printf '%s [%s] ' "${h#"$WORK"/}" "$(grep -a -o -F -e "$SECRET" -e "$LISTING" -e "$ENVMARK" -e "$ARGMARK" "$h" | sort -u | tr '\n' ' ')"; done)"
}
sbx_marker_files() { grep -r -a -l -F --exclude='*.mountinfo' "$@" 2>/dev/null | head -10; }

# sbx_extract FORMAT OUTPUT DEST: the image's root filesystem into DEST/rootfs
# (and, for OCI formats, its layout into DEST/layout).
sbx_extract() {
  local format=$1 out=$2 dest=$3
  rm -rf "$dest" && mkdir -p "$dest"
  case $format in
    dir) ln -s "$out" "$dest/rootfs" ;;
    rootfs-tar) mkdir "$dest/rootfs" && tar --numeric-owner -xf "$out" -C "$dest/rootfs" ;;
    oci) ln -s "$out" "$dest/layout" ;;
    oci-archive) mkdir "$dest/layout" && tar -xf "$out" -C "$dest/layout" ;;
    docker-archive) mkdir "$dest/docker" && tar -xf "$out" -C "$dest/docker" &&
      skopeo copy --quiet "docker-archive:$out" "oci:$dest/layout:latest" >"$dest/skopeo.log" 2>&1 ;;
  esac || return 1
  if [ -e "$dest/layout" ]; then
    local tag
    tag=$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))["manifests"][0]; print(m.get("annotations",{}).get("org.opencontainers.image.ref.name","latest"))' "$dest/layout/index.json")
    umoci unpack --image "$dest/layout:$tag" "$dest/bundle" >"$dest/umoci.log" 2>&1 || return 1
    ln -s "$dest/bundle/rootfs" "$dest/rootfs"
  fi
}

# --- the compose-every-format run (sandbox_root and sandbox_user) ------------------
# Set before calling sbx_setup: WORK, VICTIM, SBX_OWNER (owner of the victims
# and host canaries). The test defines sbx_compose FORMAT OUT (runs debimg
# compose of $WORK/p/sbx.yaml with DEBIMG_SECRET_MARKER and SBX_CALLER_ONLY in
# its environment and --cache-dir $CACHE, leaving RC/OUT/ERR) before sbx_all_formats.
SBX_HOST_CANARIES=()
SBX_HOST_PATHS="/usr/share/doc/probe-doc /usr/share/probe-doc"

sbx_host_canaries() {  # where host-side hooks would act if "$1" or $DEBIMG_ROOT were empty
  local c
  for c in $SBX_HOST_PATHS; do
    if [ ! -e "$c" ]; then mkdir -p "$c" && SBX_HOST_CANARIES+=("$c"); fi
  done
  echo "host canary" >/usr/share/doc/probe-doc/README
  echo "host canary" >/usr/share/probe-doc/README
  echo "host canary" >/usr/share/probe-doc/path-hook
  chown -R "$SBX_OWNER" $SBX_HOST_PATHS
}

sbx_cleanup() {
  [ -n "${SBX_LISTENER_PID:-}" ] && kill "$SBX_LISTENER_PID" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$WORK" "$VICTIM"
  local c
  for c in "${SBX_HOST_CANARIES[@]}"; do rm -rf "$c"; done
}

sbx_setup() {
  sbx_victim "$VICTIM" "$SBX_OWNER"
  sbx_host_canaries
  mkdir -p "$WORK/net" "$WORK/p" "$WORK/out"
  sbx_listen "$WORK/net"
  sbx_suite "$WORK/fx" "$VICTIM" "$SBX_PORT"
  FIXTURE="$WORK/fx"
  FIXTURE_FILE_URI="file://$WORK/fx/archive"
  HOST_BEFORE=$(sbx_snapshot "$VICTIM" $SBX_HOST_PATHS)
  HOSTNAME_BEFORE=$(hostname)
  CACHE="$WORK/cache-$ARGMARK"
  cat >"$WORK/p/host-hook.sh" <<'HOOK'
#!/bin/sh
# a path hook: the tree is "$1"
rm -f "$1/usr/share/probe-doc/path-hook"
HOOK
  chmod 755 "$WORK/p/host-hook.sh"
}

sbx_profile() {  # sbx_profile LINKSET: the probes' profile, relinking LINKSET at the end
  cat <<YAML
name: sbx
architectures: [amd64]
variant: essential
packages: [passwd, mount, probe-proc1root, probe-chroot, probe-mount, probe-read, probe-write, probe-environ,
           probe-hostname, probe-net, probe-status, probe-0tmpci, probe-preinst, probe-trigger, probe-activator, probe-lib,
           probe-links, probe-doc]
sources:
$(sbx_mirror_profile_lines)
  - suites: [sandbox]
    uris: [$FIXTURE_FILE_URI]
    signed-by: $FIXTURE/keyring.gpg
slim: [docs]
accounts:
  users: [{name: sbxuser, uid: 1234}]
hooks:
  essential:
    - {run: '/usr/lib/debimg-probes/probe hook-essential status environ proc1root net', chroot: true}
  customize:
    - {run: 'rm -rf "\$1"/usr/share/doc/probe-doc', chroot: false}
    - {run: 'rm -f "\$DEBIMG_ROOT"/usr/share/probe-doc/README', chroot: false}
    - host-hook.sh
    - {run: 'ls -d /usr/share/doc/probe-doc /usr/share/probe-doc/README /usr/share/probe-doc/path-hook >/var/lib/debimg-probes/hook-docs.txt 2>&1; /usr/lib/debimg-probes/probe hook-customize all', chroot: true}
    - container-apt
    - {run: '/usr/lib/debimg-probes/relink $1', chroot: true}
YAML
}

# sbx_all_formats OUTER0: composes to every format (one cache, link sets A
# and B in turn) and checks each image and the host.
sbx_all_formats() {
  local outer0=$1 n=0 failed=0 format set out root t0
  for format in ${SBX_FORMATS:-dir rootfs-tar oci oci-archive docker-archive}; do
    n=$((n + 1))
    set=A
    [ $((n % 2)) = 0 ] && set=B
    sbx_profile "$set" >"$WORK/p/sbx.yaml"
    case $format in dir|oci) out="$WORK/out/image-$ARGMARK" ;; *) out="$WORK/out/image-$ARGMARK.tar" ;; esac
    rm -rf "$out" "$out.load.sh"
    t0=$SECONDS
    sbx_compose "$format" "$out"
    expect_rc 0 "compose $format (links $set)"
    [ "$RC" = 0 ] || { failed=1; continue; }
    sbx_extract "$format" "$out" "$WORK/x-$format" && pass ||
      { fail "$format: cannot extract the image: $(cat "$WORK/x-$format"/*.log 2>/dev/null | tail -3)"; continue; }
    root="$WORK/x-$format/rootfs"
    echo "$format: composed and extracted in $((SECONDS - t0)) s"
    sbx_check_tree "$root" "$format" "$outer0"
    grep -q '^sbxuser:x:1234:' "$root/etc/passwd" && pass || fail "$format: the accounts step did not run"
    if [ "$format" = dir ] && [ -n "${SBX_DIR_OWNER:-}" ]; then  # what the scripts' uid 0 wrote, on the host's disk
      [ "$(stat -c %u "$root/var/lib/debimg-probes/probe-status.postinst.log" 2>/dev/null)" = "$SBX_DIR_OWNER" ] && pass ||
        fail "dir: the probes' files are owned by host uid $(stat -c %u "$root/var/lib/debimg-probes/probe-status.postinst.log" 2>/dev/null), expected $SBX_DIR_OWNER"
    fi
    [ -x "$root/usr/sbin/install_packages" ] && pass || fail "$format: hooks/container-apt did not run"
    grep -q "^linked " "$root/var/lib/debimg-probes/relink.log" 2>/dev/null && pass || fail "$format: relink $set put no symlink in place"
    # a chroot hook's symlink at /tmp or /run (isolation none: the fresh folders it ran with) never reaches the image
    for d in tmp run; do [ -d "$root/$d" ] && [ ! -L "$root/$d" ] && pass || fail "$format: /$d in the image is not a folder: $(ls -ld "$root/$d")"; done
    sbx_no_markers "$format" "$root/" $([ -e "$WORK/x-$format/layout" ] && echo "$WORK/x-$format/layout/")
    [ "$(sbx_snapshot "$VICTIM" $SBX_HOST_PATHS)" = "$HOST_BEFORE" ] && pass ||
      fail "$format: host files changed: $(sbx_changed "$HOST_BEFORE" "$VICTIM" $SBX_HOST_PATHS)"
    [ ! -s "$WORK/net/connections" ] && pass || fail "$format: the host's listener got connections: $(head -3 "$WORK/net/connections")"
    : >"$WORK/net/connections"
    [ "$(hostname)" = "$HOSTNAME_BEFORE" ] && pass || fail "$format: the host name changed to $(hostname)"
    if [ "$(sbx_snapshot "$VICTIM" $SBX_HOST_PATHS)" != "$HOST_BEFORE" ]; then
      # put the victims back, so that each format is judged alone
      sbx_victim "$VICTIM" "$SBX_OWNER"
      sbx_host_canaries
      HOST_BEFORE=$(sbx_snapshot "$VICTIM" $SBX_HOST_PATHS)
    fi
    rm -rf "$WORK/x-$format"
  done
  # (a failed configure keeps its log there, on purpose)
  [ $failed = 1 ] || [ -z "$(find "$CACHE/tmp" "$CACHE/debimg/tmp" -mindepth 1 -maxdepth 1 2>/dev/null)" ] && pass ||
    fail "temporaries left in the cache: $(ls "$CACHE/tmp" "$CACHE/debimg/tmp" 2>/dev/null | head -5 | tr '\n' ' ')"
}
