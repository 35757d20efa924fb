# The pod harness (lib/pod.sh, lib/pod_config.py) really confines what it
# runs: in a runc container set up as a Kubernetes pod at the Pod Security
# Standard restricted, the process is uid 65532 with no capabilities,
# NoNewPrivs and a seccomp filter; it can neither make user namespaces nor
# mount nor chroot, clone3 answers ENOSYS (the filter's, not the kernel's),
# / is read-only while /tmp and the work folder are writable, runc's masked
# and read-only /proc and /sys paths are so, and landlock still works. At
# baseline it is root with Docker's capabilities: chroot works, user
# namespaces still do not. Controls on the host show each refusal is the
# container's doing. An image bundle (umoci's config.json) is run too, both
# left as it is and rewritten in place. If mmdebstrap, fakechroot and the
# host's mirror are there, a fakechroot minbase bootstrap inside the
# restricted pod is timed (informational).
source "$(dirname "$0")/lib/assert.sh"
source "$(dirname "$0")/lib/pod.sh"
needs root runc gcc unshare setpriv umoci
WORK=$(mktemp -d)
INPLACE_ID="pod-harness-inplace-$$"
trap 'pod_cleanup; runc delete -f "$INPLACE_ID" >/dev/null 2>&1; rm -rf "$WORK"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
export POD_SECCOMP_CACHE="$WORK/seccomp"  # a copy extracted from the package stays in $WORK
SECCOMP_FROM=$(pod_seccomp_source 2>&1) || skip "no seccomp allow-list for the pod: $SECCOMP_FROM"
echo "seccomp allow-list: $SECCOMP_FROM"
export POD_TIMEOUT=60

# The probe: one static binary (it runs in an empty image too) that makes each
# call directly and prints "WHAT: ok" or "WHAT: ERRNONAME".
cat >"$WORK/podprobe.c" <<'EOF'
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int report(const char *what, long r) {
  if (r < 0) { printf("%s: %s\n", what, strerrorname_np(errno)); return 1; }
  printf("%s: ok\n", what);
  return 0;
}
/* clone(2)/clone3(2) as the raw calls, the child exiting at once. */
static long spawn(long r) {
  if (r == 0) _exit(0);
  if (r > 0) waitpid(r, NULL, 0);
  return r;
}
int main(int argc, char **argv) {
  const char *c = argc > 1 ? argv[1] : "";
  if (!strcmp(c, "unshare-user")) return report(c, unshare(CLONE_NEWUSER));
  if (!strcmp(c, "clone")) return report(c, spawn(syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0)));
  if (!strcmp(c, "clone-newuser")) return report(c, spawn(syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0)));
  if (!strcmp(c, "clone3")) {
    uint64_t args[8] = {0}; /* struct clone_args, CLONE_ARGS_SIZE_VER0; [4] is exit_signal */
    args[4] = SIGCHLD;
    return report(c, spawn(syscall(SYS_clone3, args, sizeof args)));
  }
  if (!strcmp(c, "mount") && argc == 3) return report(c, mount("tmpfs", argv[2], "tmpfs", 0, NULL));
  if (!strcmp(c, "chroot") && argc == 3) return report(c, chroot(argv[2]));
  if (!strcmp(c, "write") && argc == 3) return report(c, open(argv[2], O_WRONLY | O_CREAT, 0644));
  if (!strcmp(c, "status")) { /* for an image without a shell */
    char cwd[4096], line[256];
    printf("uid: %d\ncwd: %s\nenv: %s\n", (int)getuid(), getcwd(cwd, sizeof cwd) ? cwd : "?",
           getenv("PROBE_ENV") ? getenv("PROBE_ENV") : "-");
    FILE *f = fopen("/proc/self/status", "r");
    while (f && fgets(line, sizeof line, f))
      if (!strncmp(line, "CapEff:", 7) || !strncmp(line, "NoNewPrivs:", 11) || !strncmp(line, "Seccomp:", 8))
        fputs(line, stdout);
    report("write /", open("/probe-write", O_WRONLY | O_CREAT, 0644));
    return 0;
  }
  if (!strcmp(c, "landlock") && argc == 5) { /* landlock DIR INSIDE OUTSIDE */
    long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
    if (report("landlock_create_ruleset version", abi)) return 1;
    printf("landlock abi: %ld\n", abi);
    struct landlock_ruleset_attr ra = {.handled_access_fs = LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR |
                                                            LANDLOCK_ACCESS_FS_WRITE_FILE};
    int rs = syscall(SYS_landlock_create_ruleset, &ra, sizeof ra, 0);
    if (report("ruleset", rs)) return 1;
    struct landlock_path_beneath_attr pb = {.allowed_access = ra.handled_access_fs,
                                            .parent_fd = open(argv[2], O_PATH | O_CLOEXEC)};
    if (report("add_rule", syscall(SYS_landlock_add_rule, rs, LANDLOCK_RULE_PATH_BENEATH, &pb, 0))) return 1;
    /* Needed without CAP_SYS_ADMIN; the restricted pod has set it already. */
    if (report("no_new_privs", prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))) return 1;
    if (report("restrict_self", syscall(SYS_landlock_restrict_self, rs, 0))) return 1;
    report("inside", open(argv[3], O_RDONLY));
    report("outside", open(argv[4], O_RDONLY));
    return 0;
  }
  fprintf(stderr, "podprobe: unknown command\n");
  return 2;
}
EOF
mkdir -p "$WORK/bin" "$WORK/work"
gcc -static -O2 -o "$WORK/bin/podprobe" "$WORK/podprobe.c" 2>"$WORK/gcc.err" ||
  skip "cannot build a static probe (gcc -static): $(tail -3 "$WORK/gcc.err")"
P="$WORK/bin/podprobe"
chown 65532:65532 "$WORK/work"  # the pod's fsGroup would
echo readable >"$WORK/work/outside" && chown 65532:65532 "$WORK/work/outside"

# Controls on the host, as uid 65532 without capabilities: what the pod refuses
# the kernel itself would allow (when it would not, the check proves less).
HOST_AS_USER=(setpriv --reuid=65532 --regid=65532 --clear-groups --inh-caps=-all --bounding-set=-all)
run "${HOST_AS_USER[@]}" "$P" unshare-user
HOST_USERNS=$OUT
echo "host, uid 65532: $HOST_USERNS"
run "$P" clone3
expect_out "clone3: ok" "the host's kernel has clone3 (so ENOSYS in the pod is seccomp's)"
run "$P" landlock "$WORK/work" "$WORK/work/outside" /etc/hostname
LANDLOCK_HOST=$OUT

# What runc applies by default (maskedPaths, readonlyPaths): asked of runc, as pod_config.py does.
mkdir "$WORK/spec" && runc spec --bundle "$WORK/spec"
MASKED=$(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))["linux"]["maskedPaths"]))' "$WORK/spec/config.json")
READONLY=$(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))["linux"]["readonlyPaths"]))' "$WORK/spec/config.json")

# Everything one container shows, one "key: value" per line.
# shellcheck disable=SC2016
INSIDE='
echo "uid: $(id -u)"
unshare -U true 2>/dev/null; echo "unshare -U: $?"
unshare -r true 2>/dev/null; echo "unshare -r: $?"
for c in unshare-user clone clone-newuser clone3; do /probe/podprobe $c; done
/probe/podprobe mount /tmp
mkdir /tmp/newroot && /probe/podprobe chroot /tmp/newroot
grep -E "^(CapEff|NoNewPrivs|Seccomp):" /proc/self/status | tr -d "\t"
/probe/podprobe write /probe-write | sed "s/^write/write \//"
/probe/podprobe write /tmp/probe-write | sed "s/^write/write \/tmp/"
/probe/podprobe write /work/probe-write | sed "s/^write/write \/work/"
for p in $MASKED; do
  if [ ! -e "$p" ]; then echo "masked $p: absent"
  elif [ -c "$p" ] || { [ -d "$p" ] && [ -z "$(ls -A "$p" 2>/dev/null)" ]; }; then echo "masked $p: yes"
  else echo "masked $p: NO"; fi
done
for p in $READONLY; do
  awk -v p="$p" "\$5 == p { split(\$6, o, \",\"); print \"readonly \" p \": \" o[1] }" /proc/self/mountinfo
done
/probe/podprobe write /proc/sys/kernel/hostname | sed "s/^write/write \/proc\/sys/"
mkdir /tmp/ll && echo x >/tmp/ll/inside && /probe/podprobe landlock /tmp/ll /tmp/ll/inside /work/outside
'
pod() {  # pod STANDARD: runs $INSIDE there
  run pod_run "$1" / "harness-$1" --bind "$WORK/bin:/probe:ro" --bind "$WORK/work:/work" \
    --env "MASKED=$MASKED" --env "READONLY=$READONLY" -- sh -c "$INSIDE"
  expect_rc 0 "the $1 pod runs"
}
# CapEff's value for a list of capability names, by the kernel's numbers (linux/capability.h).
cap_mask() {
  python3 - "$@" <<'EOF'
import re, sys
bits = dict(re.findall(r"^#define (CAP_\w+)\s+(\d+)\s*$", open("/usr/include/linux/capability.h").read(), re.M))
print("%016x" % sum(1 << int(bits[c]) for c in sys.argv[1:]))
EOF
}

# A whole line of the container's output (expect_out would take "uid: 0" in "uid: 01").
expect_line() { grep -qxF -- "$1" <<<"$OUT" && pass || fail "$2: no line '$1' in: $OUT"; }

pod restricted
echo "$OUT" | sed 's/^/  restricted | /'
expect_line "uid: 65532" "restricted: uid"
expect_line "unshare -U: 1" "restricted: unshare -U fails"
expect_line "unshare -r: 1" "restricted: unshare -r fails"
expect_line "unshare-user: EPERM" "restricted: unshare(CLONE_NEWUSER) refused"
expect_line "clone: ok" "restricted: clone without namespace flags"
expect_line "clone-newuser: EPERM" "restricted: clone(CLONE_NEWUSER) refused"
expect_line "clone3: ENOSYS" "restricted: clone3 answers ENOSYS"
expect_line "mount: EPERM" "restricted: mount(2) refused"
expect_line "chroot: EPERM" "restricted: chroot(2) refused"
expect_line "CapEff:0000000000000000" "restricted: no effective capabilities"
expect_line "NoNewPrivs:1" "restricted: no_new_privs"
expect_line "Seccomp:2" "restricted: a seccomp filter"
expect_line "write /: EROFS" "restricted: / is read-only"
expect_line "write /tmp: ok" "restricted: /tmp is writable"
expect_line "write /work: ok" "restricted: the work folder is writable"
[ -f "$WORK/work/probe-write" ] && pass || fail "restricted: the write to /work did not reach the host's folder"
for p in $MASKED; do
  # Masked wherever the host has it (this kernel may lack some, e.g. /proc/kcore).
  if [ -e "$p" ]; then expect_line "masked $p: yes" "restricted: $p masked"
  else echo "  (the host has no $p)"; fi
done
for p in $READONLY; do
  [ -e "$p" ] && expect_line "readonly $p: ro" "restricted: $p read-only"
done
landlock_checks() {  # landlock_checks WHERE
  local abi
  abi=$(sed -n 's/^landlock abi: //p' <<<"$OUT")
  [ "${abi:-0}" -ge 1 ] 2>/dev/null && pass || fail "$1: landlock ABI '$abi' (host: $LANDLOCK_HOST)"
  expect_line "restrict_self: ok" "$1: landlock_restrict_self"
  expect_line "inside: ok" "$1: landlock lets the folder be read"
  expect_line "outside: EACCES" "$1: landlock refuses a file outside the folder"
}
landlock_checks restricted

pod baseline
echo "$OUT" | sed 's/^/  baseline | /'
expect_line "uid: 0" "baseline: uid"
expect_line "unshare -U: 1" "baseline: unshare -U fails (no CAP_SYS_ADMIN, so seccomp refuses it)"
expect_line "unshare-user: EPERM" "baseline: unshare(CLONE_NEWUSER) refused"
expect_line "clone-newuser: EPERM" "baseline: clone(CLONE_NEWUSER) refused"
expect_line "clone3: ENOSYS" "baseline: clone3 answers ENOSYS"
expect_line "mount: EPERM" "baseline: mount(2) refused"
expect_line "chroot: ok" "baseline: chroot(2) allowed (CAP_SYS_CHROOT, and seccomp's rule for it)"
expect_line "CapEff:$(cap_mask $(python3 -c "import sys; sys.path.insert(0, '$POD_LIB'); import pod_config; print(*pod_config.DOCKER_DEFAULT_CAPS)"))" \
  "baseline: Docker's default capabilities"
expect_line "NoNewPrivs:0" "baseline: no_new_privs not set"
expect_line "Seccomp:2" "baseline: a seccomp filter"
expect_line "write /: EROFS" "baseline: / is read-only, even to root"
expect_line "write /tmp: ok" "baseline: /tmp is writable"
expect_line "write /proc/sys: EROFS" "baseline: /proc/sys is read-only, even to root"
landlock_checks baseline
# The host's other mounts stay out of a pod on /, and its secrets are hidden.
run pod_run baseline / harness-hidden -- sh -c 'find /root /run /home -mindepth 1 | wc -l'
[ "$OUT" = 0 ] && pass || fail "baseline: the host's /root, /run and /home are not hidden: $OUT entries"
touch "$WORK/host-root-still-writable" && pass || fail "the pods' read-only / made the host's / read-only"

# An image bundle as `umoci unpack` leaves it: the image's env and working
# directory are kept, the rest is the pod's; pod_run leaves the bundle as it was.
umoci init --layout "$WORK/oci" && umoci new --image "$WORK/oci:probe" &&
  umoci config --image "$WORK/oci:probe" --config.env=PROBE_ENV=from-image --config.workingdir=/srv &&
  umoci unpack --image "$WORK/oci:probe" "$WORK/bundle" >/dev/null 2>&1 && pass || fail "umoci: the probe image"
cp "$P" "$WORK/bundle/rootfs/podprobe" && mkdir -p "$WORK/bundle/rootfs/srv"
BEFORE=$(sha256sum <"$WORK/bundle/config.json")
run pod_run restricted "$WORK/bundle" harness-image -- /podprobe status
echo "$OUT" | sed 's/^/  image | /'
expect_rc 0 "the image pod runs"
expect_line "uid: 65532" "image: uid"
expect_line "cwd: /srv" "image: the image's working directory"
expect_line "env: from-image" "image: the image's env"
expect_line "CapEff:	0000000000000000" "image: no effective capabilities"
expect_line "NoNewPrivs:	1" "image: no_new_privs"
expect_line "Seccomp:	2" "image: a seccomp filter"
expect_line "write /: EROFS" "image: / is read-only"
[ "$(sha256sum <"$WORK/bundle/config.json")" = "$BEFORE" ] && pass || fail "pod_run changed the bundle's config.json"
# Rewritten in place, twice: the second rewrite still knows the image's settings.
python3 "$POD_LIB/pod_config.py" --standard baseline "$WORK/bundle" -- /podprobe status &&
  python3 "$POD_LIB/pod_config.py" --standard restricted "$WORK/bundle" --cwd / -- /podprobe status &&
  pass || fail "pod_config.py rewriting the bundle's config.json"
run timeout 60 runc run --bundle "$WORK/bundle" "$INPLACE_ID"
expect_line "uid: 65532" "rewritten: uid"
expect_line "cwd: /" "rewritten: --cwd"
expect_line "env: from-image" "rewritten twice: the image's env"
expect_line "Seccomp:	2" "rewritten: a seccomp filter"

# Informational: mmdebstrap in fakechroot mode in the restricted pod, with the
# host's network (no pod has it; the mirror is the host's) and its apt sources.
SOURCES=$(ls /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1)
if command -v mmdebstrap >/dev/null && command -v fakechroot >/dev/null && [ -n "$SOURCES" ] && host_mirror_answers; then
  start=$(date +%s.%N)
  POD_TIMEOUT=300 pod_run restricted / harness-mmdebstrap --host-network --bind "$WORK/work:/work" -- \
    mmdebstrap --quiet --variant=minbase --mode=fakechroot bookworm /work/x.tar "$SOURCES" >"$WORK/mmdebstrap.log" 2>&1
  rc=$?
  echo "INFO: mmdebstrap --variant=minbase --mode=fakechroot bookworm in the restricted pod: exit $rc," \
    "$(python3 -c "import sys; print('%.1f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$start" "$(date +%s.%N)") s," \
    "$(stat -c %s "$WORK/work/x.tar" 2>/dev/null || echo no) bytes of tar"
  [ $rc = 0 ] || tail -5 "$WORK/mmdebstrap.log"
else
  echo "INFO: no mmdebstrap in fakechroot mode measured (needs mmdebstrap, fakechroot and the host's mirror)"
fi
finish
