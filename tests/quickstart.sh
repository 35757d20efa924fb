#!/usr/bin/env bash
# The README's quick start as a new user meets it: a pristine Debian 12 root
# (composed by debimg itself from tests/quickstart/pristine.yaml), a clone of
# this repository in its /root (mode 0700, as Debian makes it), entered with
# pivot_root in mount and PID namespaces of its own (the kernel refuses user
# namespaces to a chrooted process), and both README commands run there and
# timed. Not part of .ci/run: it installs the whole toolchain into the new
# root and runs the whole suite (most of an hour on 2 cores).
#
#   tests/quickstart.sh [WORKDIR]      as root; DEBIMG=path/to/debimg (default build/debimg)
#   QUICKSTART_ONLY_RUN=1 tests/quickstart.sh   only `./dev run`
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)
DEBIMG=${DEBIMG:-$SRC/build/debimg}
[ "$(id -u)" = 0 ] || { echo "quickstart.sh: run it as root" >&2; exit 2; }
[ -x "$DEBIMG" ] || { echo "quickstart.sh: no $DEBIMG (./dev build first, or set DEBIMG)" >&2; exit 2; }
WORK=${1:-$(mktemp -d /var/tmp/debimg-quickstart.XXXXXX)}
ROOT=$WORK/root
mkdir -p "$WORK"
echo "quickstart: work folder $WORK"

# The pristine root, as a directory output of debimg itself.
cp "$SRC/tests/quickstart/pristine.yaml" "$WORK/"
start=$(date +%s)
"$DEBIMG" --quiet compose "$WORK/pristine.yaml" --format dir -o "$ROOT" --cache-dir "$WORK/cache" >/dev/null
echo "quickstart: pristine root composed in $(( $(date +%s) - start )) s ($(du -sh "$ROOT" | cut -f1))"

# The clone, under a 0700 /root; DNS as the host has it.
git clone -q "$SRC" "$ROOT/root/debimg"
chmod 0700 "$ROOT/root"
cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf"

commands='cd /root/debimg && export HOME=/root LANG=C.UTF-8 && t0=$(date +%s) &&
  ./dev run > /root/dev-run.log 2>&1; rc=$?; echo "quickstart: ./dev run: exit $rc after $(( $(date +%s) - t0 )) s"
  [ $rc = 0 ] || { tail -20 /root/dev-run.log; exit $rc; }
  [ -n "${QUICKSTART_ONLY_RUN:-}" ] && exit 0
  t0=$(date +%s); ./dev test > /root/dev-test.log 2>&1; rc=$?
  echo "quickstart: ./dev test: exit $rc after $(( $(date +%s) - t0 )) s"
  grep -E "tests passed|tests failed" /root/dev-test.log; exit $rc'

# pivot_root in a mount namespace of its own: /proc of a new PID namespace,
# the host's /dev and /sys (cgroups for runc), fresh /tmp and /run.
unshare --mount --pid --fork --propagation private env ROOT="$ROOT" COMMANDS="$commands" \
  QUICKSTART_ONLY_RUN="${QUICKSTART_ONLY_RUN:-}" bash -c '
  set -e
  mount --bind "$ROOT" "$ROOT"
  mount -t proc proc "$ROOT/proc"
  mount --rbind /dev "$ROOT/dev"
  mount --rbind /sys "$ROOT/sys"
  mount -t tmpfs tmpfs "$ROOT/tmp"
  mount -t tmpfs tmpfs "$ROOT/run"
  cd "$ROOT" && mkdir -p .old && pivot_root . .old && cd / && umount -l /.old && rmdir /.old
  exec env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin QUICKSTART_ONLY_RUN="$QUICKSTART_ONLY_RUN" bash -c "$COMMANDS"'
