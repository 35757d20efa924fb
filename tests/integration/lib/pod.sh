# Runs a command in a runc container set up as a Kubernetes pod's container
# under a Pod Security Standard (lib/pod_config.py writes the config; read it
# for what each standard means). Source this from a test (bash); needs root,
# runc, python3 and unshare (util-linux).
#
#   pod_run STANDARD ROOT NAME [OPTION...] -- ARG...
#     STANDARD  restricted | baseline
#     ROOT      /       the host's own root filesystem, read-only: a
#                       non-recursive bind of / (so none of the host's other
#                       mounts) in a private mount namespace, with empty
#                       tmpfs over /root, /home and /run (the host's secrets
#                       and runc's state)
#               BUNDLE  a bundle holding config.json and its rootfs (`umoci
#                       unpack`): the image's env, working directory and
#                       rootfs are kept, everything else is the pod's. The
#                       bundle is left as it was (the config goes elsewhere).
#     NAME      the pod's hostname and the start of the container id
#     OPTION    pod_config.py's: --bind SRC:DST[:ro], --tmpfs DST, --env K=V,
#               --cwd DIR, --user UID:GID, --host-network (not pod-like: for
#               the host's mirror), --explain
#   The command's stdin, stdout and stderr are the caller's; returns its exit
#   code, 124 when it ran longer than POD_TIMEOUT seconds (default 120; the
#   container is killed), 125 when it could not be set up. The container
#   (runc delete -f) and the temporary bundle are removed however pod_run ends
#   (an interrupt or TERM to it included); pod_cleanup in a test's EXIT trap
#   also catches those of a test that is killed itself.
#
#   pod_seccomp_source   prints where the seccomp allow-list comes from, or
#                        fails (e.g. neither installed nor downloadable)
#
# A bound work folder must be writable by the pod's user: at restricted that
# is uid/gid 65532 (chown it, as a pod's fsGroup would).

POD_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

pod_seccomp_source() { python3 "$POD_LIB/pod_config.py" --seccomp-source; }

pod_run() {
  local standard=${1:?pod_run STANDARD ROOT NAME [OPTION...] -- ARG...} root=${2:?} name=${3:?}
  shift 3
  # The subshell runs in the background, so that a trapped signal to the caller runs its trap
  # (pod_cleanup) at once; bash would hold it until a foreground command ended. Its stdin is
  # passed on by hand: bash gives a background job /dev/null.
  local stdin
  exec {stdin}<&0
  (
    id="pod-$$-$(tr -c 'A-Za-z0-9_.\n-' _ <<<"$name")-$RANDOM$RANDOM"
    dir=$(mktemp -d "${TMPDIR:-/tmp}/pod.$$.XXXXXX") || exit 125
    watch=
    # runc run removes a container that ends; delete -f is for one that did not (a signal).
    trap 'runc delete -f "$id" >/dev/null 2>&1; [ -z "$watch" ] || kill "$watch" 2>/dev/null; rm -rf "$dir"' EXIT
    trap 'exit 129' HUP
    trap 'exit 130' INT
    trap 'exit 143' TERM
    if [ "$root" = / ]; then
      mkdir "$dir/rootfs"
      python3 "$POD_LIB/pod_config.py" --standard "$standard" --hostname "$name" --rootfs "$dir/rootfs" \
        --tmpfs /root --tmpfs /home --tmpfs /run "$dir" "$@" || exit 125
      # runc cannot take / itself as a rootfs (pivot_root: EBUSY); a bind of it can be. The
      # private mount namespace holds the bind and ends with runc.
      run=(unshare --mount --propagation private
           sh -c 'mount --bind / "$1" || exit 125; shift; exec "$@"' sh "$dir/rootfs")
    else
      [ -f "$root/config.json" ] || { echo "pod_run: $root holds no config.json" >&2; exit 125; }
      python3 "$POD_LIB/pod_config.py" --standard "$standard" --hostname "$name" \
        --image-config "$root/config.json" "$dir" "$@" || exit 125
      run=()
    fi
    # The timeout kills the container itself: runc run would forward a TERM to its PID 1,
    # which ignores what it has no handler for.
    (
      pause=
      trap '[ -z "$pause" ] || kill "$pause"; exit 0' TERM
      sleep "${POD_TIMEOUT:-120}" & pause=$!
      wait "$pause" || exit 0
      : >"$dir/timed-out"
      until runc kill "$id" KILL; do sleep 0.2; done
    ) >/dev/null 2>&1 &
    watch=$!
    # In the background too, for this shell's own traps.
    exec 3<&0
    "${run[@]}" runc run --bundle "$dir" "$id" <&3 3<&- &
    exec 3<&-
    wait "$!"
    rc=$?
    kill "$watch" 2>/dev/null
    wait "$watch" 2>/dev/null
    watch=
    if [ -e "$dir/timed-out" ]; then
      echo "pod_run: $name: killed after POD_TIMEOUT=${POD_TIMEOUT:-120} s" >&2
      rc=124
    fi
    exit "$rc"
  ) <&"$stdin" {stdin}<&- &
  exec {stdin}<&-
  wait "$!"
}

# pod_cleanup: removes the containers and bundles of this shell's pod_run calls
# that are still there (for a test's EXIT trap, when the test itself is killed).
pod_cleanup() {
  local id
  for id in $(runc list -q 2>/dev/null); do
    case $id in "pod-$$-"*) runc delete -f "$id" >/dev/null 2>&1 ;; esac
  done
  rm -rf "${TMPDIR:-/tmp}/pod.$$."*
}
