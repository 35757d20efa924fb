#!/usr/bin/env python3
"""Compares what debimg composed with what mmdebstrap made of the same
packages, or two OCI images debimg composed of the same lock.

  compare.py trees MMDEBSTRAP_DIR DEBIMG_DIR INTENDED_FILE
      Every path of both trees: type, mode, owner, symlink target and the
      SHA-256 of regular files; owners by name (each tree's own passwd and
      group), the numeric ids are compared once per account. Files whose
      bytes say little on their own are compared by what they mean: dpkg's
      status, the trigger interests, apt's extended_states, debconf's
      config.dat, the accounts, /etc/alternatives, the apt sources, the Java
      keystore, the SSH host keys and the snakeoil certificate.
      INTENDED_FILE lists the differences that are meant, one a line:
      "ASPECT PATH-REGEX REASON" (a regex without spaces, matching the whole
      path; '#' starts a comment line). A difference no line explains is
      printed and makes the exit status 1.

  compare.py images LAYOUT_A JSON_A LAYOUT_B JSON_B [--hostname NAME]... [--intended PATH-REGEX]...
      The two images' layers entry by entry (name, type, mode, owner ids and
      names, mtime, size, link, device, PAX headers, SHA-256) and their
      configs; every regular file that contains one of the given host names.
      Exit status 1 when they differ, other than in entries whose whole path
      matches an --intended regex (printed as intended).
"""
import base64
import datetime
import hashlib
import json
import os
import re
import stat
import struct
import subprocess
import sys
import tarfile


# --- reading trees -------------------------------------------------------

def walk(root):
    """path -> dict(kind, mode, uid, gid, link, sha256, rdev)"""
    out = {}
    for top, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(dirs + files):
            path = os.path.join(top, name)
            st = os.lstat(path)
            rel = os.path.relpath(path, root)
            e = {"mode": stat.S_IMODE(st.st_mode), "uid": st.st_uid, "gid": st.st_gid, "link": None, "sha256": None, "rdev": None}
            m = st.st_mode
            if stat.S_ISREG(m):
                e["kind"] = "file"
                h = hashlib.sha256()
                with open(path, "rb") as f:
                    for chunk in iter(lambda: f.read(1 << 20), b""):
                        h.update(chunk)
                e["sha256"] = h.hexdigest()
            elif stat.S_ISLNK(m):
                e["kind"] = "symlink"
                e["link"] = os.readlink(path)
            elif stat.S_ISDIR(m):
                e["kind"] = "dir"
            elif stat.S_ISCHR(m) or stat.S_ISBLK(m):
                e["kind"] = "char" if stat.S_ISCHR(m) else "block"
                e["rdev"] = (os.major(st.st_rdev), os.minor(st.st_rdev))
            elif stat.S_ISFIFO(m):
                e["kind"] = "fifo"
            else:
                e["kind"] = "socket"
            out[rel] = e
    return out


def read(root, rel, mode="r"):
    path = os.path.join(root, rel)
    if not os.path.isfile(path) or os.path.islink(path):
        return None
    with open(path, mode) as f:
        return f.read()


def colon_file(root, rel):
    """name -> list of fields, for passwd, group, shadow, gshadow"""
    text = read(root, rel) or ""
    return {line.split(":")[0]: line.split(":") for line in text.splitlines() if line}


def stanzas(text):
    """deb822-ish paragraphs: list of dicts; continuation lines join with \\n."""
    out, cur, key = [], None, None
    for line in (text or "").splitlines():
        if not line.strip():
            cur = None
            continue
        if line[0] in " \t" and cur is not None and key:
            cur[key] += "\n" + line.strip()
            continue
        k, _, v = line.partition(":")
        if cur is None:
            cur = {}
            out.append(cur)
        key = k
        cur[k] = v.strip()
    return out


# --- differences ---------------------------------------------------------

class Report:
    def __init__(self):
        self.diffs = []  # (path, aspect, detail)
        self.semantic = set()  # (path, aspect) the raw comparison leaves to a semantic check

    def add(self, path, aspect, detail):
        self.diffs.append((path, aspect, detail))

    def covers(self, path, *aspects):
        for a in aspects:
            self.semantic.add((path, a))


def short(items, n=12):
    items = sorted(items)
    text = ", ".join(items[:n])
    return text + (f", … ({len(items)} in all)" if len(items) > n else "")


def owner_name(names, kind, ident):
    return names[kind].get(ident, str(ident))


def compare_entries(rep, a, b, names_a, names_b):
    for path in sorted(set(a) | set(b)):
        if path not in b:
            rep.add(path, "only-mmdebstrap", a[path]["kind"])
            continue
        if path not in a:
            rep.add(path, "only-debimg", b[path]["kind"])
            continue
        x, y = a[path], b[path]
        if x["kind"] != y["kind"]:
            rep.add(path, "type", f"{x['kind']} vs {y['kind']}")
            continue
        if x["kind"] != "symlink" and x["mode"] != y["mode"]:
            rep.add(path, "mode", f"{x['mode']:04o} vs {y['mode']:04o}")
        ox = f"{owner_name(names_a, 'u', x['uid'])}:{owner_name(names_a, 'g', x['gid'])}"
        oy = f"{owner_name(names_b, 'u', y['uid'])}:{owner_name(names_b, 'g', y['gid'])}"
        if ox != oy:
            rep.add(path, "owner", f"{ox} vs {oy}")
        if x["link"] != y["link"] and (path, "link") not in rep.semantic:
            rep.add(path, "link", f"{x['link']} vs {y['link']}")
        if x["rdev"] != y["rdev"]:
            rep.add(path, "device", f"{x['rdev']} vs {y['rdev']}")
        if x["sha256"] != y["sha256"] and (path, "content") not in rep.semantic:
            rep.add(path, "content", f"sha256 {x['sha256'][:12]} vs {y['sha256'][:12]}")


# --- semantic checks (A: mmdebstrap, B: debimg) --------------------------

def same_bytes(ta, tb, rel):
    return read(ta, rel, "rb") == read(tb, rel, "rb")


def check_status(rep, ta, tb):
    rel = "var/lib/dpkg/status"
    rep.covers(rel, "content")
    sa = {s["Package"] + ":" + s.get("Architecture", ""): s for s in stanzas(read(ta, rel)) if "Package" in s}
    sb = {s["Package"] + ":" + s.get("Architecture", ""): s for s in stanzas(read(tb, rel)) if "Package" in s}
    for side, s in (("mmdebstrap", sa), ("debimg", sb)):
        bad = [f"{k} ({v.get('Status')})" for k, v in s.items() if v.get("Status") != "install ok installed"]
        if bad:
            rep.add(rel, "status", f"{side}: not 'install ok installed': {short(bad)}")
        pending = [k for k, v in s.items() if v.get("Triggers-Pending") or v.get("Triggers-Awaited")]
        if pending:
            rep.add(rel, "status", f"{side}: triggers pending or awaited: {short(pending)}")
    for k in sorted(set(sa) - set(sb)):
        rep.add(rel, "status", f"only mmdebstrap installs {k} {sa[k].get('Version')}")
    for k in sorted(set(sb) - set(sa)):
        rep.add(rel, "status", f"only debimg installs {k} {sb[k].get('Version')}")
    for k in sorted(set(sa) & set(sb)):
        for f in sorted(set(sa[k]) | set(sb[k])):
            if sa[k].get(f) != sb[k].get(f):
                rep.add(rel, "status", f"{k} {f}: {sa[k].get(f)!r:.80} vs {sb[k].get(f)!r:.80}")
    if not any(d[0] == rel for d in rep.diffs) and not same_bytes(ta, tb, rel):
        rep.add(rel, "order", "the same packages and fields, other bytes")


def check_extended_states(rep, ta, tb):
    rel = "var/lib/apt/extended_states"
    rep.covers(rel, "content")
    ea = {s["Package"]: s for s in stanzas(read(ta, rel)) if "Package" in s}
    eb = {s["Package"]: s for s in stanzas(read(tb, rel)) if "Package" in s}
    auto_a = {p for p, s in ea.items() if s.get("Auto-Installed") == "1"}
    auto_b = {p for p, s in eb.items() if s.get("Auto-Installed") == "1"}
    if auto_b - auto_a:
        rep.add(rel, "extended_states", f"automatic only in debimg: {short(auto_b - auto_a, 40)}")
    if auto_a - auto_b:
        rep.add(rel, "extended_states", f"automatic only in mmdebstrap: {short(auto_a - auto_b, 40)}")
    arch = [f"{p} ({ea[p].get('Architecture')} vs {eb[p].get('Architecture')})" for p in sorted(set(ea) & set(eb))
            if ea[p].get("Architecture") != eb[p].get("Architecture")]
    if arch:
        rep.add(rel, "extended_states", f"Architecture differs for {len(arch)} packages: {short(arch, 6)}")
    if not any(d[0] == rel for d in rep.diffs) and not same_bytes(ta, tb, rel):
        rep.add(rel, "order", "the same entries, other bytes")


def check_triggers(rep, ta, tb):
    d = "var/lib/dpkg/triggers"
    names = set()
    for t in (ta, tb):
        if os.path.isdir(os.path.join(t, d)):
            names |= set(os.listdir(os.path.join(t, d)))
    for n in sorted(names - {"Lock"}):
        rel = f"{d}/{n}"
        rep.covers(rel, "content")
        la = (read(ta, rel) or "").splitlines()
        lb = (read(tb, rel) or "").splitlines()
        if n == "Unincorp":
            for side, lines in (("mmdebstrap", la), ("debimg", lb)):
                if lines:
                    rep.add(rel, "triggers", f"{side}: unincorporated triggers left: {short(lines)}")
            continue
        if set(la) - set(lb):
            rep.add(rel, "triggers", f"only mmdebstrap: {short(set(la) - set(lb))}")
        if set(lb) - set(la):
            rep.add(rel, "triggers", f"only debimg: {short(set(lb) - set(la))}")
        if set(la) == set(lb) and la != lb:
            rep.add(rel, "order", "the same interests in another order")


def check_debconf(rep, ta, tb):
    for rel in ("var/cache/debconf/config.dat", "var/cache/debconf/templates.dat", "var/cache/debconf/passwords.dat"):
        rep.covers(rel, "content")
        ca = {s["Name"]: s for s in stanzas(read(ta, rel)) if "Name" in s}
        cb = {s["Name"]: s for s in stanzas(read(tb, rel)) if "Name" in s}
        for n in sorted(set(ca) - set(cb)):
            rep.add(rel, "debconf", f"{n} only in mmdebstrap")
        for n in sorted(set(cb) - set(ca)):
            rep.add(rel, "debconf", f"{n} only in debimg")
        for n in sorted(set(ca) & set(cb)):
            for f in sorted(set(ca[n]) | set(cb[n])):
                x, y = ca[n].get(f), cb[n].get(f)
                if f in ("Owners", "Flags"):
                    x = ", ".join(sorted((x or "").replace(",", " ").split()))
                    y = ", ".join(sorted((y or "").replace(",", " ").split()))
                if x != y:
                    rep.add(f"{rel}#{n}", "debconf", f"{n} {f}: {x!r:.100} vs {y!r:.100}")
        if not any(d[0].split("#")[0] == rel for d in rep.diffs) and not same_bytes(ta, tb, rel):
            rep.add(rel, "order", "the same questions, other bytes")


ACCOUNT_FIELDS = {
    "etc/passwd": ["name", "password", "uid", "gid", "gecos", "home", "shell"],
    "etc/group": ["name", "password", "gid", "members"],
    "etc/shadow": ["name", "password", "lastchg", "min", "max", "warn", "inactive", "expire", "reserved"],
    "etc/gshadow": ["name", "password", "admins", "members"],
}


def check_accounts(rep, ta, tb):
    for rel, fields in ACCOUNT_FIELDS.items():
        rep.covers(rel, "content")
        a, b = colon_file(ta, rel), colon_file(tb, rel)
        for n in sorted(set(a) - set(b)):
            rep.add(rel, "accounts", f"{n} only in mmdebstrap")
        for n in sorted(set(b) - set(a)):
            rep.add(rel, "accounts", f"{n} only in debimg")
        ids, other = [], {}
        for n in sorted(set(a) & set(b)):
            for i, field in enumerate(fields):
                x = a[n][i] if i < len(a[n]) else None
                y = b[n][i] if i < len(b[n]) else None
                if field in ("members", "admins"):
                    x, y = sorted((x or "").split(",")), sorted((y or "").split(","))
                if x == y:
                    continue
                if field in ("uid", "gid"):
                    ids.append(f"{n} {field} {x} vs {y}")
                else:
                    other.setdefault((field, str(x), str(y)), []).append(n)
        if ids:
            rep.add(rel, "account-ids", short(ids, 20))
        for (field, x, y), who in sorted(other.items()):
            rep.add(rel, "accounts", f"{field} {x!r} vs {y!r}: {short(who, 8)}")
        if not any(d[0] == rel for d in rep.diffs) and not same_bytes(ta, tb, rel):
            rep.add(rel, "order", "the same entries in another order")


def check_ucf(rep, ta, tb):
    for rel in ("var/lib/ucf/registry", "var/lib/ucf/hashfile"):
        rep.covers(rel, "content")
        la = [" ".join(line.split()) for line in (read(ta, rel) or "").splitlines()]
        lb = [" ".join(line.split()) for line in (read(tb, rel) or "").splitlines()]
        if set(la) != set(lb):
            rep.add(rel, "ucf", f"only mmdebstrap: {short(set(la) - set(lb), 6)}; only debimg: {short(set(lb) - set(la), 6)}")
        elif la != lb:
            rep.add(rel, "order", "the same entries in another order")


def check_alternatives(rep, ta, tb):
    names = set()
    for t in (ta, tb):
        for d in ("etc/alternatives", "var/lib/dpkg/alternatives"):
            if os.path.isdir(os.path.join(t, d)):
                names |= {(d, n) for n in os.listdir(os.path.join(t, d))}
    for d, n in sorted(names):
        rel = f"{d}/{n}"
        rep.covers(rel, "content", "link")
        pa, pb = os.path.join(ta, rel), os.path.join(tb, rel)
        if d == "etc/alternatives":
            la = os.readlink(pa) if os.path.islink(pa) else None
            lb = os.readlink(pb) if os.path.islink(pb) else None
            if la != lb and os.path.lexists(pa) and os.path.lexists(pb):
                rep.add(rel, "alternatives", f"points to {la} vs {lb}")
        elif os.path.exists(pa) and os.path.exists(pb) and read(ta, rel) != read(tb, rel):
            rep.add(rel, "alternatives", "dpkg's record differs: " +
                    short(set((read(ta, rel) or "").splitlines()) ^ set((read(tb, rel) or "").splitlines()), 6))


def apt_source_entries(root):
    out = set()
    for line in (read(root, "etc/apt/sources.list") or "").splitlines():
        words = re.sub(r"\[[^]]*\]", "", line.split("#")[0]).split()
        if len(words) >= 4:
            out |= {(words[0], words[1].rstrip("/"), words[2], c) for c in words[3:]}
    d = os.path.join(root, "etc/apt/sources.list.d")
    for n in sorted(os.listdir(d)) if os.path.isdir(d) else []:
        if n.endswith(".sources"):
            for s in stanzas(read(root, f"etc/apt/sources.list.d/{n}")):
                for t in s.get("Types", "").split():
                    for u in s.get("URIs", "").split():
                        out |= {(t, u.rstrip("/"), su, c) for su in s.get("Suites", "").split() for c in s.get("Components", "").split()}
        elif n.endswith(".list"):
            for line in (read(root, f"etc/apt/sources.list.d/{n}") or "").splitlines():
                words = re.sub(r"\[[^]]*\]", "", line.split("#")[0]).split()
                if len(words) >= 4:
                    out |= {(words[0], words[1].rstrip("/"), words[2], c) for c in words[3:]}
    return out


def check_apt_sources(rep, ta, tb):
    a, b = apt_source_entries(ta), apt_source_entries(tb)
    if a != b:
        rep.add("etc/apt", "apt-sources", f"only mmdebstrap: {sorted(a - b)}; only debimg: {sorted(b - a)}")


def jks_entries(data):
    """(alias, kind, sha256 of the certificate) of a JKS keystore, in file order; dates left out."""
    if not data or data[:4] != b"\xfe\xed\xfe\xed":
        return None
    pos = 12
    (count,) = struct.unpack(">I", data[8:12])

    def utf():
        nonlocal pos
        (n,) = struct.unpack(">H", data[pos:pos + 2])
        s = data[pos + 2:pos + 2 + n].decode("utf-8", "replace")
        pos += 2 + n
        return s

    def cert():
        nonlocal pos
        utf()  # type
        (n,) = struct.unpack(">I", data[pos:pos + 4])
        c = data[pos + 4:pos + 4 + n]
        pos += 4 + n
        return hashlib.sha256(c).hexdigest()

    out = []
    for _ in range(count):
        (tag,) = struct.unpack(">I", data[pos:pos + 4])
        pos += 4
        alias = utf()
        pos += 8  # the entry's date: when keytool ran
        if tag == 2:
            out.append((alias, "trusted", cert()))
        else:
            (n,) = struct.unpack(">I", data[pos:pos + 4])
            pos += 4 + n
            (chain,) = struct.unpack(">I", data[pos:pos + 4])
            pos += 4
            out.append((alias, "key", tuple(cert() for _ in range(chain))))
    return out


def check_keystore(rep, ta, tb):
    rel = "etc/ssl/certs/java/cacerts"
    a, b = jks_entries(read(ta, rel, "rb")), jks_entries(read(tb, rel, "rb"))
    if a is None and b is None:
        return
    if a is None or b is None:
        rep.add(rel, "keystore", f"not a JKS keystore in {'mmdebstrap' if a is None else 'debimg'}")
    elif a != b:
        rep.add(rel, "keystore", f"other certificates: only mmdebstrap {short({e[0] for e in set(a) - set(b)}, 6)}; "
                f"only debimg {short({e[0] for e in set(b) - set(a)}, 6)}")


def ssh_pub(text):
    """type, size and comment of an OpenSSH public key line (not the key itself)."""
    words = (text or "").split(None, 2)
    if len(words) < 2:
        return None
    blob = base64.b64decode(words[1])
    fields, pos = [], 0
    while pos + 4 <= len(blob):
        (n,) = struct.unpack(">I", blob[pos:pos + 4])
        fields.append(blob[pos + 4:pos + 4 + n])
        pos += 4 + n
    size = ""
    if words[0] == "ssh-rsa" and len(fields) >= 3:
        size = str(int.from_bytes(fields[2], "big").bit_length())
    elif words[0].startswith("ecdsa-") and len(fields) >= 2:
        size = fields[1].decode()
    return (words[0], size, words[2].strip() if len(words) > 2 else "")


def check_ssh_keys(rep, ta, tb):
    d = "etc/ssh"
    names = set()
    for t in (ta, tb):
        if os.path.isdir(os.path.join(t, d)):
            names |= {n for n in os.listdir(os.path.join(t, d)) if re.match(r"ssh_host_.*_key\.pub$", n)}
    for n in sorted(names):
        rel = f"{d}/{n}"
        a, b = ssh_pub(read(ta, rel)), ssh_pub(read(tb, rel))
        if a != b and b is not None:  # keys debimg removed are a path difference
            rep.add(rel, "ssh-key", f"{a} vs {b}")


def cert_facts(root, rel):
    """subject, names, key and signature algorithm, and validity in days of a PEM certificate: not its key or dates."""
    path = os.path.join(root, rel)
    if not os.path.isfile(path):
        return None
    r = subprocess.run(["openssl", "x509", "-in", path, "-noout", "-text"], capture_output=True, text=True)
    if r.returncode != 0:
        return ("unreadable", r.stderr.strip())
    facts, dates = [], {}
    for line in r.stdout.splitlines():
        line = line.strip()
        m = re.match(r"Not (Before|After) *: (.*)", line)
        if m:
            dates[m.group(1)] = datetime.datetime.strptime(m.group(2).replace("  ", " "), "%b %d %H:%M:%S %Y %Z")
        elif line.startswith(("Subject:", "Issuer:", "DNS:", "Public-Key:", "Signature Algorithm:", "Version:")):
            facts.append(line)
    if len(dates) == 2:
        facts.append(f"valid for {(dates['After'] - dates['Before']).days} days")
    return tuple(sorted(set(facts)))


def check_snakeoil(rep, ta, tb):
    rel = "etc/ssl/certs/ssl-cert-snakeoil.pem"
    a, b = cert_facts(ta, rel), cert_facts(tb, rel)
    if a != b and b is not None:  # removed with the generated keys: a path difference
        rep.add(rel, "certificate", f"{a} vs {b}")


def account_names(root):
    return {"u": {int(f[2]): n for n, f in colon_file(root, "etc/passwd").items() if len(f) > 2 and f[2].isdigit()},
            "g": {int(f[2]): n for n, f in colon_file(root, "etc/group").items() if len(f) > 2 and f[2].isdigit()}}


def load_intended(path):
    rules = []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            aspect, regex, reason = line.split(None, 2)
            rules.append({"aspect": aspect, "re": re.compile(regex), "regex": regex, "reason": reason, "hits": []})
    return rules


def trees(argv):
    ta, tb, intended = argv
    rep = Report()
    for check in (check_status, check_extended_states, check_triggers, check_debconf, check_accounts, check_ucf,
                  check_alternatives, check_apt_sources, check_keystore, check_ssh_keys, check_snakeoil):
        check(rep, ta, tb)
    a, b = walk(ta), walk(tb)
    compare_entries(rep, a, b, account_names(ta), account_names(tb))
    rules = load_intended(intended)
    unexplained = []
    for path, aspect, detail in rep.diffs:
        for r in rules:
            if r["aspect"] == aspect and r["re"].fullmatch(path):
                r["hits"].append((path, detail))
                break
        else:
            unexplained.append((path, aspect, detail))
    print(f"compared {len(a)} paths (mmdebstrap) with {len(b)} (debimg): "
          f"{len(rep.diffs)} differences, {len(unexplained)} unexplained")
    print("intended differences:")
    for r in rules:
        if r["hits"]:
            print(f"  [{r['aspect']}] {r['regex']}: {len(r['hits'])} ({short([h[0] for h in r['hits']], 4)}) — {r['reason']}")
    unused = [r for r in rules if not r["hits"]]
    if unused:
        print("intended differences not seen this time:")
        for r in unused:
            print(f"  [{r['aspect']}] {r['regex']}")
    if unexplained:
        print(f"UNEXPLAINED differences, mmdebstrap vs debimg ({len(unexplained)}):")
        by = {}
        for path, aspect, detail in unexplained:
            by.setdefault(aspect, []).append((path, detail))
        for aspect in sorted(by):
            items = by[aspect]
            print(f"  {aspect} ({len(items)}):")
            for path, detail in items[:60]:
                print(f"    {path}: {detail}")
            if len(items) > 60:
                print(f"    … and {len(items) - 60} more")
        return 1
    return 0


# --- images --------------------------------------------------------------

def blob(layout, digest):
    return os.path.join(layout, "blobs", digest.split(":")[0], digest.split(":")[1])


def image_parts(layout, digest):
    with open(blob(layout, digest)) as f:
        manifest = json.load(f)
    with open(blob(layout, manifest["config"]["digest"])) as f:
        config = json.load(f)
    return manifest, config


def layer_listing(layout, digest, hostnames):
    entries, hits = {}, {}
    with tarfile.open(blob(layout, digest)) as t:
        for m in t:
            e = {"type": m.type.decode(), "mode": oct(m.mode), "uid": m.uid, "gid": m.gid, "uname": m.uname,
                 "gname": m.gname, "mtime": m.mtime, "size": m.size, "link": m.linkname,
                 "dev": (m.devmajor, m.devminor) if m.ischr() or m.isblk() else None,
                 "pax": sorted(m.pax_headers.items())}
            if m.isfile():
                data = t.extractfile(m).read()
                e["sha256"] = hashlib.sha256(data).hexdigest()
                for h in hostnames:
                    if h.encode() in data:
                        hits.setdefault(h, []).append(m.name)
            entries[m.name] = e
    return entries, hits


def image_args(argv):
    hostnames, intended, rest = [], [], []
    i = 0
    while i < len(argv):
        if argv[i] in ("--hostname", "--intended"):
            (hostnames if argv[i] == "--hostname" else intended).append(argv[i + 1])
            i += 2
        else:
            rest.append(argv[i])
            i += 1
    return hostnames, [re.compile(r) for r in intended], rest


def entry_differences(ea, eb):
    diff = []
    for p in sorted(set(ea) | set(eb)):
        if p not in eb or p not in ea:
            diff.append((p, f"{p}: only in {'the first' if p in ea else 'the second'}"))
            continue
        fields = [k for k in ea[p] if ea[p][k] != eb[p].get(k)]
        if fields:
            diff.append((p, f"{p}: " + ", ".join(f"{k} {ea[p][k]} vs {eb[p][k]}" if k not in ("sha256", "pax")
                                                 else f"{k} differs" for k in fields)))
    return diff


def images(argv):
    hostnames, intended, (la, ja, lb, jb) = image_args(argv)
    with open(ja) as f:
        da = json.load(f)["digest"]
    with open(jb) as f:
        db = json.load(f)["digest"]
    ma, ca = image_parts(la, da)
    mb, cb = image_parts(lb, db)
    status = 0
    print(f"manifest digests: {da} vs {db}")
    if ca != cb:
        keys = sorted(k for k in set(ca) | set(cb) if ca.get(k) != cb.get(k))
        print(f"  the configs differ in: {', '.join(keys)}")
        status = 1 if keys != ["rootfs"] else status  # the layers' digests: judged entry by entry below
    layers_a = [l["digest"] for l in ma["layers"]]
    layers_b = [l["digest"] for l in mb["layers"]]
    if len(layers_a) != len(layers_b):
        print(f"  {len(layers_a)} layers vs {len(layers_b)}")
        status = 1
    for n, (x, y) in enumerate(zip(layers_a, layers_b)):
        ea, ha = layer_listing(la, x, hostnames)
        eb, hb = layer_listing(lb, y, hostnames)
        for h in hostnames:
            found = sorted(set(ha.get(h, [])) | set(hb.get(h, [])))
            if found:
                status = 1
                print(f"  layer {n}: the host name {h!r} is written in {len(found)} files: {short(found, 20)}")
        if x == y:
            continue
        diff = entry_differences(ea, eb)
        meant = [d for p, d in diff if any(r.fullmatch(p.lstrip("./")) for r in intended)]
        other = [d for p, d in diff if not any(r.fullmatch(p.lstrip("./")) for r in intended)]
        for d in meant:
            print(f"  layer {n}, intended: {d}")
        if other or not meant:
            status = 1
        print(f"  layer {n} differs in {len(other)} entries:" if other else f"  layer {n}: no other difference")
        for d in other[:80]:
            print(f"    {d}")
        if len(other) > 80:
            print(f"    … and {len(other) - 80} more")
    return status


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in ("trees", "images"):
        print(__doc__, file=sys.stderr)
        return 2
    return trees(sys.argv[2:]) if sys.argv[1] == "trees" else images(sys.argv[2:])


sys.exit(main())
