#!/usr/bin/env python3
"""Writes a runc bundle's config.json so that its process runs as a Kubernetes
pod's container would under a Pod Security Standard (containerd + runc, the
kubelet's RuntimeDefault seccomp profile):

  restricted  uid/gid 65532, no capabilities at all, noNewPrivileges
              (allowPrivilegeEscalation: false), seccomp RuntimeDefault
  baseline    uid 0 with Docker's default capabilities (what containerd grants
              when a pod asks for none); noNewPrivileges false, which Baseline
              allows (it does not restrict allowPrivilegeEscalation); seccomp
              RuntimeDefault too (Baseline would permit Unconfined, but the
              kubelet's --seccomp-default and every managed cluster give
              RuntimeDefault)

Both: a read-only root (readOnlyRootFilesystem: true), runc's default
maskedPaths, readonlyPaths and mounts (from `runc spec`, run here: they are
what runc and containerd apply by default), a tmpfs on /tmp, the binds asked
for, and the namespaces a pod's container has: pid, ipc, uts, mount and
network (a pod's own, here with loopback only), no user namespace.

The seccomp filter is moby's profiles/seccomp/default.json (containerd's
RuntimeDefault is the same list, kept in Go code), translated for the
container's capabilities exactly as moby's profiles/seccomp/seccomp_linux.go
does. The file comes from the Debian package golang-github-docker-docker-dev
(bookworm: 20.10.24+dfsg1-1+deb12u1): the installed copy, else one extracted
from the package (`apt-get download`, nothing installed) into a cache.

usage: pod_config.py --standard restricted|baseline BUNDLE
                     [--image-config FILE] [--rootfs PATH]
                     [--bind SRC:DST[:ro]]... [--tmpfs DST]... [--env K=V]...
                     [--cwd DIR] [--hostname NAME] [--user UID:GID]
                     [--host-network] [--seccomp-profile FILE] [--explain]
                     -- ARG...
       pod_config.py --seccomp-source     print where the allow-list comes from

BUNDLE/config.json is written. The image's own settings (env, working
directory, root path) are read from --image-config, else from an existing
BUNDLE/config.json (what `umoci unpack` wrote, or one this script wrote: it
keeps the image's settings in annotations, so rewriting is repeatable).
--rootfs defaults to that config's root.path (relative to its bundle), else
BUNDLE/rootfs. --host-network leaves the network namespace out and binds the
host's /etc/resolv.conf: NOT pod-like (both standards forbid hostNetwork),
only for reaching the host's mirror.
"""
import argparse
import errno
import io
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile

PROFILE_PACKAGE = "golang-github-docker-docker-dev"
PROFILE_PATH = "/usr/share/gocode/src/github.com/docker/docker/profiles/seccomp/default.json"

# moby oci/caps/defaults.go (DefaultCapabilities), which containerd's CRI
# plugin grants too.
DOCKER_DEFAULT_CAPS = [
    "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
    "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
    "CAP_AUDIT_WRITE",
]
RESTRICTED_UID = 65532  # the conventional non-root user of distroless and most hardened images
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"  # containerd's default PATH
ANNOTATION = "org.debimg.pod."

# moby profiles/seccomp/seccomp_linux.go: goToNative (here from uname's machine)
# and nativeToSeccomp.
MACHINE_TO_NATIVE = {
    "x86_64": "amd64", "i386": "x86", "i686": "x86", "aarch64": "arm64", "armv7l": "arm", "armv6l": "arm",
    "ppc64le": "ppc64le", "ppc64": "ppc64", "s390x": "s390x", "mips64": "mips64",
}
NATIVE_TO_SECCOMP = {
    "x86": "SCMP_ARCH_X86", "amd64": "SCMP_ARCH_X86_64", "arm": "SCMP_ARCH_ARM", "arm64": "SCMP_ARCH_AARCH64",
    "mips64": "SCMP_ARCH_MIPS64", "mips64n32": "SCMP_ARCH_MIPS64N32", "mipsel64": "SCMP_ARCH_MIPSEL64",
    "mips3l64n32": "SCMP_ARCH_MIPSEL64N32", "mipsle": "SCMP_ARCH_MIPSEL", "ppc": "SCMP_ARCH_PPC",
    "ppc64": "SCMP_ARCH_PPC64", "ppc64le": "SCMP_ARCH_PPC64LE", "s390": "SCMP_ARCH_S390",
    "s390x": "SCMP_ARCH_S390X",
}

# <linux/sched.h>: the namespace flags clone(2) must not carry without CAP_SYS_ADMIN.
CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x02000000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
CLONE_NAMESPACE_FLAGS = (CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER |
                         CLONE_NEWPID | CLONE_NEWNET)
# Calls that create or enter namespaces or change mounts.
MOUNT_LIKE = ["unshare", "setns", "mount", "umount", "umount2", "pivot_root", "fsopen", "fsconfig",
              "fsmount", "fspick", "open_tree", "move_mount", "mount_setattr"]


def die(msg):
    sys.exit("pod_config.py: " + msg)


def run_out(*cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True, **kw).stdout


# --- where the allow-list comes from -------------------------------------------------------------

def cache_dir():
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.environ.get("POD_SECCOMP_CACHE") or os.path.join(base, "debimg-pod")


def installed_version(path):
    """The installed package owning path and its version, or None."""
    try:
        pkg = run_out("dpkg-query", "-S", path, stderr=subprocess.DEVNULL).split(":")[0].strip()
        ver = run_out("dpkg-query", "-W", "-f=${Version}", pkg, stderr=subprocess.DEVNULL).strip()
        return pkg, ver
    except (subprocess.CalledProcessError, FileNotFoundError):
        return None


def extracted_profile():
    """default.json from the package's .deb (apt-get download; nothing is installed), cached per
    version. Returns (path, 'PACKAGE VERSION')."""
    try:
        show = run_out("apt-cache", "show", "--no-all-versions", PROFILE_PACKAGE, stderr=subprocess.DEVNULL)
    except (subprocess.CalledProcessError, FileNotFoundError):
        die(f"no seccomp allow-list: {PROFILE_PATH} is not installed and apt knows no {PROFILE_PACKAGE} "
            "(pass --seccomp-profile FILE)")
    version = re.search(r"^Version: (\S+)", show, re.M).group(1)
    dest = os.path.join(cache_dir(), f"{PROFILE_PACKAGE}_{version.replace(':', '%3a')}", "default.json")
    if not os.path.exists(dest):
        tmp = tempfile.mkdtemp(prefix="pod-seccomp.")
        try:
            if os.getuid() == 0:  # apt fetches as _apt, which must be able to write here
                try:
                    shutil.chown(tmp, user="_apt")
                except (LookupError, OSError):
                    pass
            got = subprocess.run(["apt-get", "download", "-q", f"{PROFILE_PACKAGE}={version}"], cwd=tmp,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            debs = [f for f in os.listdir(tmp) if f.endswith(".deb")]
            if got.returncode != 0 or not debs:
                die(f"apt-get download {PROFILE_PACKAGE}={version} failed: {got.stderr.strip()[-300:]}")
            tar = subprocess.run(["dpkg-deb", "--fsys-tarfile", os.path.join(tmp, debs[0])], check=True,
                                 stdout=subprocess.PIPE).stdout
            with tarfile.open(fileobj=io.BytesIO(tar)) as t:
                data = t.extractfile("." + PROFILE_PATH).read()
            json.loads(data)
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            part = dest + f".{os.getpid()}"
            with open(part, "wb") as f:
                f.write(data)
            os.replace(part, dest)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return dest, f"{PROFILE_PACKAGE} {version} (extracted from the .deb, not installed)"


def seccomp_source(explicit):
    if explicit:
        owner = installed_version(os.path.realpath(explicit))
        return explicit, (f"{owner[0]} {owner[1]}" if owner else "given with --seccomp-profile")
    if os.path.exists(PROFILE_PATH):
        owner = installed_version(PROFILE_PATH)
        return PROFILE_PATH, (f"{owner[0]} {owner[1]}" if owner else "not from a package")
    return extracted_profile()


# --- moby's translation: profiles/seccomp/seccomp_linux.go setupSeccomp() ------------------------

def kernel_at_least(version):
    def parse(v):
        return [int(x) for x in re.findall(r"\d+", v)[:2]] + [0, 0]
    return parse(platform.release())[:2] >= parse(version)[:2]


# The rule groups of bookworm's default.json (golang-github-docker-docker-dev
# 20.10.24+dfsg1-1+deb12u1, /usr/share/gocode/src/github.com/docker/docker/
# profiles/seccomp/default.json; the live list, with what was kept, goes into
# the config's annotation org.debimg.pod.seccomp.rules):
#   [0]      346 calls, ungated (landlock_*, io_uring_*, ... but no unshare, setns, mount, chroot,
#            clone, clone3, pivot_root)
#   [1]      ptrace: kernel >= 4.8
#   [2-6]    personality: arg0 == 0, 8, 0x20000, 0x20008, 0xffffffff only
#   [7-11]   per architecture (arch_prctl, modify_ldt on amd64, ...)
#   [12]     open_by_handle_at: includes CAP_DAC_READ_SEARCH
#   [13]     bpf, clone, clone3, fs{config,mount,open,pick}, mount, mount_setattr, move_mount,
#            open_tree, setns, umount, umount2, unshare, ...: includes CAP_SYS_ADMIN
#   [14-15]  clone if (flags & 0x7E020000) == 0, i.e. no CLONE_NEW*: excludes CAP_SYS_ADMIN
#            (arg0; arg1 on s390)
#   [16-17]  clone3: ERRNO ENOSYS (38; 89 on mips), so glibc falls back to clone: excludes
#            CAP_SYS_ADMIN
#   [18-27]  reboot (CAP_SYS_BOOT), chroot (CAP_SYS_CHROOT), *_module (CAP_SYS_MODULE), acct
#            (CAP_SYS_PACCT), kcmp, process_vm_*, ptrace (CAP_SYS_PTRACE), iopl, ioperm
#            (CAP_SYS_RAWIO), settimeofday, clock_settime (CAP_SYS_TIME), vhangup
#            (CAP_SYS_TTY_CONFIG), *_mempolicy, mbind (CAP_SYS_NICE), syslog (CAP_SYSLOG)
# pivot_root is in none: the default action (ERRNO, EPERM) refuses it whatever the caps.
def translate(profile, bounding):
    """The OCI linux.seccomp for a container whose bounding set is `bounding`, and one line per
    rule group of the profile saying whether it was kept and what gates it."""
    native = MACHINE_TO_NATIVE.get(platform.machine())
    out = {"defaultAction": profile["defaultAction"]}
    if "defaultErrnoRet" in profile:
        out["defaultErrnoRet"] = profile["defaultErrnoRet"]
    if profile.get("architectures"):
        out["architectures"] = list(profile["architectures"])
    # archMap: the native architecture and its sub-architectures (x86_64: x86, x32).
    for a in profile.get("archMap") or []:
        if native and a["architecture"] == NATIVE_TO_SECCOMP.get(native):
            out["architectures"] = [a["architecture"]] + list(a.get("subArchitectures") or [])
            break
    rules, notes = [], []
    for i, call in enumerate(profile["syscalls"]):
        names = call.get("names") or [call["name"]]
        inc, exc = call.get("includes") or {}, call.get("excludes") or {}
        gate, why_not = [], None
        # excludes: dropped on an excluded architecture, when the container has ANY excluded
        # capability, or on a kernel at least minKernel.
        if exc.get("arches"):
            gate.append("not on " + ",".join(exc["arches"]))
            if native in exc["arches"]:
                why_not = f"excluded on {native}"
        if exc.get("caps"):
            gate.append("without " + ",".join(exc["caps"]))
            has = [c for c in exc["caps"] if c in bounding]
            if has and not why_not:
                why_not = "the container has " + ",".join(has)
        if exc.get("minKernel"):
            gate.append("kernel < " + exc["minKernel"])
            if not why_not and kernel_at_least(exc["minKernel"]):
                why_not = f"kernel >= {exc['minKernel']}"
        # includes: kept only on an included architecture, when the container has ALL included
        # capabilities, and on a kernel at least minKernel.
        if inc.get("arches"):
            gate.append("on " + ",".join(inc["arches"]))
            if not why_not and native not in inc["arches"]:
                why_not = f"only on {','.join(inc['arches'])}"
        if inc.get("caps"):
            gate.append("with " + ",".join(inc["caps"]))
            lacks = [c for c in inc["caps"] if c not in bounding]
            if not why_not and lacks:
                why_not = "the container lacks " + ",".join(lacks)
        if inc.get("minKernel"):
            gate.append("kernel >= " + inc["minKernel"])
            if not why_not and not kernel_at_least(inc["minKernel"]):
                why_not = f"kernel < {inc['minKernel']}"
        what = names[0] if len(names) == 1 else f"{len(names)} calls ({names[0]}..{names[-1]})"
        action = call["action"] + (f" errno {call['errnoRet']}" if "errnoRet" in call else "")
        if call.get("args"):
            action += " if " + " && ".join(f"arg{a['index']} {a['op'][9:]} {a['value']:#x}" for a in call["args"])
        note = f"syscalls[{i}] {what}: {action}; gate: {' '.join(gate) or 'none'}"
        if why_not:
            notes.append(f"dropped {note} ({why_not})")
            continue
        notes.append(f"kept    {note}")
        rule = {"names": list(names), "action": call["action"]}
        if "errnoRet" in call:
            rule["errnoRet"] = call["errnoRet"]
        if call.get("args"):
            rule["args"] = [dict(a) for a in call["args"]]
        rules.append(rule)
    out["syscalls"] = rules
    return out, notes


def verify(seccomp, bounding):
    """What a pod's RuntimeDefault must hold for these capabilities; refuses to write a config
    whose filter does not (a changed profile, a translation bug)."""
    if seccomp["defaultAction"] in ("SCMP_ACT_ALLOW", "SCMP_ACT_LOG"):
        die("the seccomp profile's default action allows everything")

    def rules(name):
        return [r for r in seccomp["syscalls"] if name in r["names"]]

    def allowed(name):
        return [r for r in rules(name) if r["action"] == "SCMP_ACT_ALLOW"]
    admin = "CAP_SYS_ADMIN" in bounding
    problems = []
    if not admin:
        problems += [f"{n} is allowed without CAP_SYS_ADMIN" for n in MOUNT_LIKE if allowed(n)]
        if not allowed("clone"):
            problems.append("clone is not allowed at all")
        for r in allowed("clone"):
            masks = [a for a in r.get("args", []) if a["op"] == "SCMP_CMP_MASKED_EQ" and a.get("valueTwo", 0) == 0
                     and a["value"] & CLONE_NAMESPACE_FLAGS == CLONE_NAMESPACE_FLAGS]
            if not masks:
                problems.append("clone is allowed with namespace flags")
        if allowed("clone3") or not any(r["action"] == "SCMP_ACT_ERRNO" and r.get("errnoRet") == errno.ENOSYS
                                        for r in rules("clone3")):
            problems.append(f"clone3 does not fail with ENOSYS ({errno.ENOSYS})")
    if bool(allowed("chroot")) != ("CAP_SYS_CHROOT" in bounding):
        problems.append("chroot is " + ("allowed without" if allowed("chroot") else "denied with") + " CAP_SYS_CHROOT")
    if any(not r.get("args") for r in allowed("personality")):
        problems.append("personality is allowed with any argument")
    if problems:
        die("the derived seccomp filter is wrong: " + "; ".join(problems))


# --- the config ----------------------------------------------------------------------------------

def runc_defaults(runc):
    """`runc spec`'s config: the mounts, maskedPaths, readonlyPaths, namespaces and device rules
    runc (and containerd, whose defaults are the same) apply."""
    tmp = tempfile.mkdtemp(prefix="pod-spec.")
    try:
        subprocess.run([runc, "spec", "--bundle", tmp], check=True)
        with open(os.path.join(tmp, "config.json")) as f:
            return json.load(f)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def image_settings(path):
    """env, cwd and the absolute root path from an image's config.json (umoci's or ours)."""
    with open(path) as f:
        c = json.load(f)
    ann = c.get("annotations") or {}
    if ANNOTATION + "image" in ann:  # written by this script: the image's settings as they were
        return json.loads(ann[ANNOTATION + "image"])
    root = (c.get("root") or {}).get("path", "rootfs")
    return {"env": (c.get("process") or {}).get("env") or [], "cwd": (c.get("process") or {}).get("cwd") or "/",
            "root": os.path.join(os.path.dirname(os.path.abspath(path)), root)}


def main():
    ap = argparse.ArgumentParser(usage=__doc__.split("usage: ")[1].split("\n\n")[0])
    ap.add_argument("--standard", choices=["restricted", "baseline"])
    ap.add_argument("--image-config")
    ap.add_argument("--rootfs")
    ap.add_argument("--bind", action="append", default=[])
    ap.add_argument("--tmpfs", action="append", default=[])
    ap.add_argument("--env", action="append", default=[])
    ap.add_argument("--cwd")
    ap.add_argument("--hostname", default="pod")
    ap.add_argument("--user")
    ap.add_argument("--host-network", action="store_true")
    ap.add_argument("--seccomp-profile")
    ap.add_argument("--seccomp-source", action="store_true")
    ap.add_argument("--explain", action="store_true", help="print each seccomp rule group kept or dropped")
    ap.add_argument("--runc", default="runc")
    ap.add_argument("bundle", nargs="?")
    argv = sys.argv[1:]
    args_at = argv.index("--") if "--" in argv else len(argv)
    o = ap.parse_args(argv[:args_at])
    command = argv[args_at + 1:]

    profile_path, profile_from = seccomp_source(o.seccomp_profile)
    if o.seccomp_source:
        print(f"{profile_path}: {profile_from}")
        return
    if not o.standard or not o.bundle or not command:
        ap.error("--standard, BUNDLE and -- ARG... are needed")

    bundle = os.path.abspath(o.bundle)
    existing = o.image_config or os.path.join(bundle, "config.json")
    image = image_settings(existing) if os.path.exists(existing) else \
        {"env": [], "cwd": "/", "root": os.path.join(bundle, "rootfs")}
    if o.rootfs:
        image["root"] = os.path.abspath(o.rootfs)

    if o.standard == "restricted":
        # runAsNonRoot, capabilities.drop: [ALL], allowPrivilegeEscalation: false.
        caps, uid, gid, no_new_privs = [], RESTRICTED_UID, RESTRICTED_UID, True
    else:
        # Baseline: root with the runtime's default capabilities. Baseline does not restrict
        # allowPrivilegeEscalation, whose default (true) is noNewPrivileges false.
        caps, uid, gid, no_new_privs = list(DOCKER_DEFAULT_CAPS), 0, 0, False
    if o.user:
        uid, gid = (int(x) for x in (o.user.split(":") + [o.user])[:2])
        if o.standard == "restricted" and uid == 0:
            die("restricted runs as non-root (runAsNonRoot)")

    defaults = runc_defaults(o.runc)
    with open(profile_path) as f:
        profile = json.load(f)
    seccomp, notes = translate(profile, caps)
    verify(seccomp, caps)
    if o.explain:
        print(f"seccomp from {profile_path} ({profile_from}), caps: {' '.join(caps) or 'none'}", file=sys.stderr)
        for n in notes:
            print("  " + n, file=sys.stderr)

    env = {}
    for kv in image["env"] + [f"PATH={DEFAULT_PATH}", "HOME=/tmp"]:
        k, _, v = kv.partition("=")
        env.setdefault(k, v)  # the image's PATH wins; HOME: the root is read-only, /tmp is not
    for kv in o.env:
        if "=" not in kv:
            die(f"--env {kv}: not K=V")
        k, _, v = kv.partition("=")
        env[k] = v

    mounts = list(defaults["mounts"])
    # emptyDir-like: /tmp and each --tmpfs. (runc gives a tmpfs the mode of the folder it covers,
    # when there is one: a tmpfs on the host's /root stays 0700.)
    for dst in ["/tmp"] + o.tmpfs:
        mounts = [m for m in mounts if m["destination"] != dst]
        mounts.append({"destination": dst, "type": "tmpfs", "source": "tmpfs",
                       "options": ["nosuid", "nodev", "mode=1777"]})
    # hostPath/volume-like: the kubelet's binds are rbind, rprivate.
    for spec in o.bind:
        parts = spec.split(":")
        if len(parts) not in (2, 3) or (len(parts) == 3 and parts[2] not in ("ro", "rw")):
            die(f"--bind {spec}: not SRC:DST[:ro]")
        src = os.path.abspath(parts[0])
        if not os.path.exists(src):
            die(f"--bind {spec}: {src} does not exist")
        mounts = [m for m in mounts if m["destination"] != parts[1]]
        mounts.append({"destination": parts[1], "type": "bind", "source": src,
                       "options": ["rbind", "rprivate", parts[2] if len(parts) == 3 else "rw"]})
    namespaces = [{"type": t} for t in ("pid", "ipc", "uts", "mount", "network")]
    if o.host_network:
        namespaces = [n for n in namespaces if n["type"] != "network"]
        mounts = [m for m in mounts if m["destination"] != "/etc/resolv.conf"]
        mounts.append({"destination": "/etc/resolv.conf", "type": "bind", "source": "/etc/resolv.conf",
                       "options": ["rbind", "rprivate", "ro"]})

    dlinux = defaults["linux"]
    config = {
        "ociVersion": defaults["ociVersion"],
        "process": {
            "terminal": False,
            "user": {"uid": uid, "gid": gid},
            "args": command,
            "env": [f"{k}={v}" for k, v in env.items()],
            "cwd": o.cwd or image["cwd"],
            # Neither containerd nor Docker (since 20.10.14) sets inheritable or ambient ones.
            "capabilities": {k: list(caps) for k in ("bounding", "effective", "permitted")},
            # No rlimits: the process inherits the runner's, as a pod inherits containerd's (its
            # CRI sets none; runc spec's RLIMIT_NOFILE 1024 is not what pods get).
            "noNewPrivileges": no_new_privs,
        },
        "root": {"path": image["root"], "readonly": True},
        "hostname": o.hostname,
        "mounts": mounts,
        "linux": {
            "resources": dlinux.get("resources", {}),
            "namespaces": namespaces,  # no "user": pods share the host's user namespace
            # runc spec's (= runc's and containerd's defaults): /proc/kcore, /proc/keys, ... masked;
            # /proc/sys, /proc/sysrq-trigger, ... read-only.
            "maskedPaths": dlinux["maskedPaths"],
            "readonlyPaths": dlinux["readonlyPaths"],
            "seccomp": seccomp,
        },
        "annotations": {
            ANNOTATION + "standard": o.standard,
            ANNOTATION + "image": json.dumps(image),  # what a rewrite starts from
            ANNOTATION + "seccomp.source": f"{profile_path}: {profile_from}",
            ANNOTATION + "seccomp.rules": "\n".join(notes),
        },
    }
    os.makedirs(bundle, exist_ok=True)
    part = os.path.join(bundle, f".config.json.{os.getpid()}")
    with open(part, "w") as f:
        json.dump(config, f, indent=1)
    os.replace(part, os.path.join(bundle, "config.json"))


if __name__ == "__main__":
    main()
