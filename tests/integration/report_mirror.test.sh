# The update report on the real mirror, locks only (no compose). Two locks
# of one minbase profile, one resolved against bookworm alone and one with
# bookworm-security: `diff` gives one line per source package, each source
# the security suite moved says "bookworm → bookworm-security" and names
# exactly the CVE ids of its new changelog entries (read here from the .deb,
# independently), at least one source names one; the Markdown renders as a
# table (cmark-gfm, GitHub's own parser) with a row per source; --json
# passes the documented schema; `lock --update` reports the same lines;
# --offline says what it could not show. Then a profile change (curl added):
# every addition is attributed to curl, the chains are --why's.
source "$(dirname "$0")/lib/assert.sh"
needs mirror python3 dpkg-deb cmark-gfm
python3 -c 'import jsonschema' 2>/dev/null || skip "needs python3-jsonschema"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export XDG_CACHE_HOME="$WORK/xdg"
SCHEMA="$DEBIMG_SOURCE_DIR/tests/integration/lib/report_schema.py"
profile() {  # profile NAME SUITES...: minbase from those sources
  printf 'name: report\narchitectures: [amd64]\nvariant: minbase\nsources:\n' >"$WORK/$1.yaml"
  local name=$1
  shift
  for s in "$@"; do printf '  - suites: [%s]\n' "$s" >>"$WORK/$name.yaml"; done
}
profile base bookworm
profile sec bookworm bookworm-security
for p in base sec; do
  run "$DEBIMG" lock "$WORK/$p.yaml"
  expect_rc 0 "lock $p"
done
expect_out "to download (" "a first lock says what the cache lacks"

# The sources the security suite moved, from the two locks themselves.
python3 - "$WORK/base.lock" "$WORK/sec.lock" >"$WORK/moved" <<'PY'
import sys
def packages(path):
    out = {}
    for s in open(path).read().split("\n\n"):
        f = dict(l.split(": ", 1) for l in s.splitlines() if ": " in l)
        if "Package" in f:
            out[f["Package"]] = f
    return out
old, new = packages(sys.argv[1]), packages(sys.argv[2])
moved = {}
for name, n in new.items():
    o = old.get(name)
    if o and o["Version"] != n["Version"] and n["Suite"] == "bookworm-security" and o["Suite"] == "bookworm":
        source = n["Filename"].split("/")[-2]
        moved.setdefault(source, []).append((name, o["Version"], n["Version"], n["SHA256"]))
for source, binaries in sorted(moved.items()):
    print(source, " ".join(",".join(b) for b in binaries))
PY
[ -s "$WORK/moved" ] && pass || fail "the security suite moved nothing of minbase"
echo "moved by bookworm-security: $(cut -d' ' -f1 "$WORK/moved" | tr '\n' ' ')"

run "$DEBIMG" diff "$WORK/base.lock" "$WORK/sec.lock"
expect_rc 1 "diff of the two locks"
printf '%s\n' "$OUT" >"$WORK/diff.txt"
echo "$OUT" | head -3
head -1 "$WORK/diff.txt" | grep -Eq '^[0-9]+ source packages? changed, 0 added, 0 removed \([0-9]+ binary packages?\); [1-9][0-9]* security updates? \([0-9]+ CVEs?' &&
  pass || fail "the summary line: $(head -1 "$WORK/diff.txt")"
CHANGED=$(grep -c '^[~+-] ' "$WORK/diff.txt")

# Each moved source: one line, its suite move, and the CVE ids of its new
# changelog's entries since the old version, as the test reads them from the .deb in the cache.
python3 - "$WORK/moved" "$WORK/diff.txt" "$XDG_CACHE_HOME/debimg" <<'PY' >"$WORK/check.out" 2>&1 && pass || fail "$(cat "$WORK/check.out")"
import gzip, hashlib, io, re, subprocess, sys, tarfile
moved, text, cache = sys.argv[1:]
lines = open(text).read().splitlines()
def changelog(name, sha):
    deb = f"{cache}/sha256/{sha[:2]}/{sha}"
    try:
        data = open(deb, "rb").read()
    except FileNotFoundError:
        return None
    assert hashlib.sha256(data).hexdigest() == sha, deb
    tar = subprocess.run(["dpkg-deb", "--fsys-tarfile", deb], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(tar)) as t:
        for member in (f"./usr/share/doc/{name}/changelog.Debian.gz", f"./usr/share/doc/{name}/changelog.gz"):
            try:
                f = t.extractfile(member)
            except KeyError:
                continue
            if f:
                return gzip.decompress(f.read()).decode("utf-8", "replace")
    return None
with_cves = 0
for row in open(moved).read().splitlines():
    source, *binaries = row.split()
    mine = [l for l in lines if l.startswith(f"~ {source} ")]
    assert len(mine) == 1, f"{source}: {len(mine)} lines: {mine}"
    line = mine[0]
    assert ") bookworm → bookworm-security" in line, f"{source}: no suite move: {line}"
    texts = [(b.split(",")[2], b.split(",")[1], changelog(b.split(",")[0], b.split(",")[3])) for b in binaries]
    texts = [t for t in texts if t[2]]
    assert texts, f"{source}: no binary's changelog in the cache (the report must have fetched one): {line}"
    new, old, text = texts[0]
    head = text.split(f" ({old}) ")[0]
    want = sorted(set(re.findall(r"CVE-[0-9]{4}-[0-9]{4,7}", head)))
    got = sorted(set(re.findall(r"CVE-[0-9]{4}-[0-9]{4,7}", line)))
    assert got == want, f"{source}: the report names {got}, its changelog {want}: {line}"
    if not want:
        assert "names no CVE or bug" in line or "closes #" in line, f"{source}: says nothing of its changelog: {line}"
    with_cves += bool(want)
    print(source, "CVEs:", len(got))
assert with_cves >= 1, "no moved source names a CVE"
PY
cat "$WORK/check.out"

# Markdown: a table with one row per source line of the text, each moved source's row with its move.
run "$DEBIMG" diff "$WORK/base.lock" "$WORK/sec.lock" --markdown
expect_rc 1 "--markdown"
printf '%s\n' "$OUT" | cmark-gfm -e table --unsafe >"$WORK/diff.html"
python3 - "$WORK/diff.html" "$WORK/moved" "$CHANGED" <<'PY' >"$WORK/md.out" 2>&1 && pass || fail "Markdown: $(cat "$WORK/md.out")"
import html.parser, sys
class Table(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self.rows, self.cell, self.details = 0, [], None, 0
    def handle_starttag(self, tag, attrs):
        self.tables += tag == "table"
        self.details += tag == "details"
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self.cell = ""
    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.rows[-1].append(self.cell.strip())
            self.cell = None
    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data
t = Table()
t.feed(open(sys.argv[1]).read())
assert t.tables == 1 and t.details == 1, (t.tables, t.details)
header, body = t.rows[0], t.rows[1:]
assert header[1:3] == ["Source", "Version"], header
assert len(body) == int(sys.argv[3]), f"{len(body)} rows for {sys.argv[3]} lines"
by_source = {r[1]: r for r in body}
for row in open(sys.argv[2]).read().splitlines():
    source = row.split()[0]
    r = by_source[source]
    assert r[0] == "changed" and r[4] == "bookworm → bookworm-security", r
print(len(body), "rows")
PY

# --json: the documented schema (and the checker refuses a report that breaks it).
"$DEBIMG" --json diff "$WORK/base.lock" "$WORK/sec.lock" >"$WORK/diff.json"
python3 "$SCHEMA" "$WORK/diff.json" && pass || fail "diff --json against the schema"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); del d["summary"]["cves"]; d["platforms"][0]["sources"][0]["change"]="moved"; json.dump(d, open(sys.argv[2], "w"))' \
  "$WORK/diff.json" "$WORK/broken.json"
python3 "$SCHEMA" "$WORK/broken.json" >/dev/null && fail "the schema check passed a broken report" || pass

# --offline with an empty cache: the lines and a note say what could not be read.
run "$DEBIMG" diff "$WORK/base.lock" "$WORK/sec.lock" --offline --cache-dir "$WORK/empty"
expect_rc 1 "--offline"
expect_out "changelog not read: --offline: the cache lacks" "--offline names the changelog it lacks"
expect_out "not shown: what " "--offline: a note"
expect_out "source packages not checked" "--offline: the summary does not count them as checked"

# lock --update from the base lock to the security profile: the same lines as diff.
cp "$WORK/base.lock" "$WORK/sec.lock.base"
cp "$WORK/sec.lock" "$WORK/sec.lock.want"
cp "$WORK/base.lock" "$WORK/sec.lock"
run "$DEBIMG" lock "$WORK/sec.yaml" --update
expect_rc 0 "lock --update"
[ "$(grep '^[~+-] ' <<<"$OUT")" = "$(grep '^[~+-] ' "$WORK/diff.txt")" ] && pass ||
  fail "lock --update and diff differ: $OUT"
cmp -s "$WORK/sec.lock" "$WORK/sec.lock.want" && pass || fail "--update wrote another lock than a fresh lock"
"$DEBIMG" --json lock "$WORK/sec.yaml" --check --upstream >"$WORK/upstream.json"
python3 "$SCHEMA" "$WORK/upstream.json:report" && pass || fail "lock --check --upstream --json against the schema"

# A profile change: curl added. Every added source is attributed to curl, by --why's chain.
cp "$WORK/sec.lock" "$WORK/sec-before.lock"
printf 'packages: [curl]\n' >>"$WORK/sec.yaml"
run "$DEBIMG" --json lock "$WORK/sec.yaml"
expect_rc 0 "lock after the profile changed"
printf '%s' "$OUT" >"$WORK/added.json"
python3 "$SCHEMA" "$WORK/added.json:report" && pass || fail "lock --json (a profile change) against the schema"
run "$DEBIMG" diff "$WORK/sec-before.lock" "$WORK/sec.lock" --offline
expect_rc 1 "diff after the profile change"
echo "$OUT" | head -4
python3 - "$WORK/added.json" "$OUT" <<'PY' >"$WORK/why.out" 2>&1 && pass || fail "additions: $(cat "$WORK/why.out")"
import json, sys
report = json.load(open(sys.argv[1]))["report"]
lines = sys.argv[2].splitlines()
sources = report["platforms"][0]["sources"]
assert sources and all(s["change"] == "added" for s in sources), [(s["source"], s["change"]) for s in sources]
for s in sources:
    for b in s["binaries"]:
        assert b["why"] and b["why"]["chain"][0] == "curl" and b["why"]["chain"][-1] == b["package"], b
    line = [l for l in lines if l.startswith(f"+ {s['source']} ")]
    assert len(line) == 1, (s["source"], line)
    assert "via curl → " in line[0] or "curl requested (listed in packages)" in line[0], line[0]
print(len(sources), "added sources, all by curl")
PY
cat "$WORK/why.out"
# The chains are --why's.
LEAF=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["report"]["platforms"][0]["sources"]; print(max((b for x in s for b in x["binaries"]), key=lambda b: len(b["why"]["chain"]))["package"])' "$WORK/added.json")
run "$DEBIMG" --json lock "$WORK/sec.yaml" --why "$LEAF"
python3 -c '
import json, sys
why = json.loads(sys.argv[1])["chain"]
report = json.load(open(sys.argv[2]))["report"]["platforms"][0]["sources"]
chain = [b["why"]["chain"] for s in report for b in s["binaries"] if b["package"] == sys.argv[3]][0]
sys.exit(0 if chain == why else f"{chain} != {why}")' "$OUT" "$WORK/added.json" "$LEAF" && pass || fail "the chain of $LEAF is not --why's"
finish
