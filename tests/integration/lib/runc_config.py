#!/usr/bin/env python3
"""Rewrites an umoci bundle's config.json the way `docker run` would set it up:
Docker's default capabilities, the host's network (no network namespace) and
the host's resolv.conf, no terminal; the process runs ARGS. /proc is unmasked
(`docker run --security-opt systempaths=unconfined`): debimg mounts a fresh
/proc for its sandbox, which the kernel refuses while parts of /proc are masked.

usage: runc_config.py [--root] BUNDLE ARG...   (--root: as uid 0, whatever the image's user)
"""
import json
import sys

# moby's oci/caps/defaults.go
DOCKER_DEFAULT_CAPS = [
    "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
    "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
    "CAP_AUDIT_WRITE",
]

as_root = sys.argv[1] == "--root"
if as_root:
    del sys.argv[1]
bundle, args = sys.argv[1], sys.argv[2:]
path = bundle + "/config.json"
config = json.load(open(path))
process = config["process"]
process["terminal"] = False
process["args"] = args
if as_root:
    process["user"] = {"uid": 0, "gid": 0}
process["capabilities"] = {k: list(DOCKER_DEFAULT_CAPS) for k in ("bounding", "effective", "permitted")}
linux = config.setdefault("linux", {})
linux.pop("maskedPaths", None)
linux.pop("readonlyPaths", None)
linux["namespaces"] = [n for n in linux.get("namespaces", []) if n["type"] != "network"]
config["mounts"] = [m for m in config.get("mounts", []) if m["destination"] != "/etc/resolv.conf"]
config["mounts"].append({"destination": "/etc/resolv.conf", "type": "bind", "source": "/etc/resolv.conf",
                         "options": ["rbind", "ro"]})
json.dump(config, open(path, "w"))
