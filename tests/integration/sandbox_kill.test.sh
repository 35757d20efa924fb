# kill -9 of debimg at several points of a compose (fetch, against a fixture
# server that stalls on the probe .debs; unpack; configure, while a postinst
# sleeps and a background writer it started keeps writing; export): no
# process of the build survives it (none with the probes' marker in its argv,
# none with the compose's environment, none whose cwd or root is in the work
# folder), nothing keeps writing, and the next compose on the same cache and
# output path succeeds and leaves no temporary of the killed run (cache tmp/
# tree-*, layout-*, configure-log-*, deb-*; hidden .NAME.debimg-* siblings).
source "$(dirname "$0")/lib/assert.sh"
needs root userns
source "$(dirname "$0")/lib/fixture.sh"
source "$(dirname "$0")/lib/sandbox.sh"
[ "$(id -u)" = 0 ] || { echo "SKIP: sandbox_kill needs root"; exit 0; }
sbx_markers
WORK=$(mktemp -d)
chmod 755 "$WORK"
VICTIM="/tmp/debimg-sandbox-victim-$SBX_R"
TAG="sbxkill$SBX_R"
KNOWN=""   # the test's own servers
kill_cleanup() {
  local pid
  for pid in $KNOWN $(leftovers); do kill -KILL "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$WORK" "$VICTIM"
}
trap kill_cleanup EXIT
sbx_victim "$VICTIM" root:root
sbx_suite "$WORK/fx" "$VICTIM" 9 "$TAG"
CACHE="$WORK/cache"

# A fixture server that holds every probe .deb download while $WORK/stall exists.
PY=$(python3 -c 'import sys; print(sys.executable)')
"$PY" - "$WORK/fx/archive" "$WORK/port" "$WORK/stall" "$WORK/http.log" "$(dirname "$0")/lib" <<'PY' &
import functools, http.server, os, sys, time
root, portfile, stall, log, lib = sys.argv[1:6]
class Handler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        if self.path.endswith(".deb") and "/probes/" in self.path and os.path.exists(stall):
            with open(log, "a") as f:
                f.write("stalled %s\n" % self.path)
            while os.path.exists(stall):
                time.sleep(0.2)
        return super().do_GET()
    def log_message(self, *a):
        pass
sys.path.insert(0, lib)
from local_server import serve
serve(functools.partial(Handler, directory=root), portfile)
PY
KNOWN="$KNOWN $!"
for _ in $(seq 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
[ -s "$WORK/port" ] || { echo "the stalling server did not start"; exit 1; }
: >"$WORK/http.log"

profile() {  # profile FILE PACKAGES
  cat >"$1" <<YAML
name: kill
architectures: [amd64]
variant: essential
packages: [$2]
sources:
$(sbx_mirror_profile_lines)
  - suites: [sandbox]
    uris: [http://127.0.0.1:$(cat "$WORK/port")]
    signed-by: $WORK/fx/keyring.gpg
YAML
}
mkdir -p "$WORK/p" "$WORK/out"
profile "$WORK/p/base.yaml" "probe-lib, probe-status"
profile "$WORK/p/sleep.yaml" "probe-lib, probe-status, probe-sleep"

# leftovers: the processes of the build still alive (not the test's servers):
# the probes' marker in the argv, the compose's environment, or cwd/root in $WORK.
leftovers() {
  "$PY" - "$TAG" "SBX_KILL_RUN=$SBX_R" "$WORK" $$ $KNOWN <<'PY'
import os, sys
tag, env, work = sys.argv[1].encode(), sys.argv[2].encode(), sys.argv[3] + "/"
skip = set(sys.argv[4:]) | {str(os.getpid()), str(os.getppid())}
for pid in os.listdir("/proc"):
    if not pid.isdigit() or pid in skip:
        continue
    try:
        hit = tag in open("/proc/%s/cmdline" % pid, "rb").read()
        hit = hit or env in open("/proc/%s/environ" % pid, "rb").read().split(b"\0")
        for link in ("cwd", "root"):
            hit = hit or (os.readlink("/proc/%s/%s" % (pid, link)) + "/").startswith(work)
    except OSError:
        continue
    if hit:
        print(pid)
PY
}
describe() { local pid; for pid in "$@"; do echo "$pid: $({ tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | head -c 120)"; done | tr '\n' ';'; }
activity() { find "$WORK" -path "$WORK/http.log" -prune -o -printf '%p %s %T@\n' 2>/dev/null | sort; }

# start PROFILE FORMAT OUT: debimg in the background (PID in $DPID)
start() {
  env SBX_KILL_RUN="$SBX_R" "$DEBIMG" compose "$WORK/p/$1.yaml" --format "$2" -o "$3" --cache-dir "$CACHE" \
    >"$WORK/compose.out" 2>&1 &
  DPID=$!
}
# wait_until SECONDS COMMAND...: polls every 50 ms; 1 when it never held or debimg ended first
wait_until() {
  local limit=$(( $1 * 20 )) i=0
  shift
  while [ $i -lt $limit ]; do
    "$@" && return 0
    kill -0 "$DPID" 2>/dev/null || return 1
    sleep 0.05
    i=$((i + 1))
  done
  return 1
}

# killed LABEL FORMAT OUT: debimg is killed now; what must hold afterwards.
killed() {
  local label=$1 format=$2 out=$3 left a b stale name base
  kill -KILL "$DPID" 2>/dev/null
  wait "$DPID" 2>/dev/null
  sleep 1
  left=$(leftovers)
  [ -z "$left" ] && pass || fail "$label: processes of the build survive kill -9 of debimg: $(describe $left)"
  a=$(activity)
  sleep 1.5
  b=$(activity)
  [ "$a" = "$b" ] && pass || fail "$label: files still change after the kill: $(diff <(echo "$a") <(echo "$b") | grep '^>' | head -3 | tr '\n' ' ')"
  for pid in $left $(leftovers); do kill -KILL "$pid" 2>/dev/null; done  # the test's own leftovers, so the next point starts clean
  sleep 0.5
  stale=$(ls -A "$CACHE/tmp" 2>/dev/null)
  base=$(basename "$out")
  rm -f "$WORK/stall"
  run env SBX_KILL_RUN="$SBX_R" "$DEBIMG" compose "$WORK/p/base.yaml" --format "$format" -o "$out" --cache-dir "$CACHE"
  expect_rc 0 "$label: the next compose on the same cache and output"
  [ -e "$out" ] && pass || fail "$label: no output after the next compose"
  # Every temporary of the killed run goes: trees, layouts, logs, downloads, data.tar copies.
  for name in $stale; do
    [ ! -e "$CACHE/tmp/$name" ] && pass || fail "$label: the killed run's temporary tmp/$name is still in the cache"
  done
  [ -z "$(ls -A "$CACHE/tmp" 2>/dev/null)" ] && pass || fail "$label: temporaries in the cache: $(ls -A "$CACHE/tmp" | tr '\n' ' ')"
  [ -z "$(find "$(dirname "$out")" -mindepth 1 -maxdepth 1 -name ".$base.debimg-*")" ] && pass ||
    fail "$label: hidden siblings of the output: $(cd "$(dirname "$out")" && ls -d ".$base".debimg-* | tr '\n' ' ')"
  [ -z "$(leftovers)" ] && pass || fail "$label: the next compose left processes: $(describe $(leftovers))"
}

# 1. fetch: the probe .debs stall on the fixture server (cold cache).
touch "$WORK/stall"
start base rootfs-tar "$WORK/out/fetch.tar"
if wait_until 120 grep -q '^stalled ' "$WORK/http.log"; then
  sleep 0.5
  killed fetch rootfs-tar "$WORK/out/fetch.tar"
else
  fail "fetch: debimg never asked for a probe .deb: $(tail -3 "$WORK/compose.out")"
fi
rm -f "$WORK/stall"

# 2. unpack: a directory output (unpacked outside the namespace), the data.tar copies gone so it takes a while.
rm -rf "$CACHE/state/data-tar"
start base dir "$WORK/out/unpack"
unpacking() { [ "$(find "$WORK/out" -mindepth 2 -maxdepth 4 -path '*/.unpack.debimg-*' 2>/dev/null | wc -l)" -gt 20 ]; }
if wait_until 120 unpacking; then
  killed unpack dir "$WORK/out/unpack"
else
  fail "unpack: missed the unpack (debimg ended or never unpacked): $(tail -3 "$WORK/compose.out")"
fi

# 3. configure: probe-sleep's postinst sleeps, its writer writes; a tar (tree on a
# tmpfs in the namespace) and a directory (tree on the host's disk).
sleeping() { pgrep -f "$TAG-sleeper" >/dev/null; }
for format in rootfs-tar dir; do
  out="$WORK/out/configure-$format"
  start sleep "$format" "$out"
  if wait_until 180 sleeping; then
    sleep 1
    killed "configure ($format)" "$format" "$out"
  else
    fail "configure ($format): probe-sleep's postinst never ran: $(tail -3 "$WORK/compose.out")"
  fi
done

# 4. export: the layout of an oci-archive is being written in the cache.
exporting() { [ -n "$(find "$CACHE/tmp" -mindepth 4 -maxdepth 4 -path '*/layout-*/blobs/sha256/*' 2>/dev/null)" ]; }
start base oci-archive "$WORK/out/export.tar"
if wait_until 180 exporting; then
  killed export oci-archive "$WORK/out/export.tar"
else
  fail "export: missed the export (debimg ended or never exported): $(tail -3 "$WORK/compose.out")"
fi

finish
