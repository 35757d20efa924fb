# Where credentials go. Pushes: a fake registry (Basic auth) that sends
# uploads to a second server on another port (a storage backend): the push
# completes and that server sees no Authorization header, as
# docker/distribution clients behave with S3 redirects; an https registry
# whose Location is plain http is refused before anything goes there; a
# docker `identitytoken` is used as an OAuth2 refresh token (a POST grant),
# never as a Basic password. Sources: `user:secret@` in a profile's URI (or
# apt's auth.conf) is used for the downloads from that server only, and the
# secret is not in the image, the lock, messages or --json output.
source "$(dirname "$0")/lib/assert.sh"
needs userns
source "$(dirname "$0")/lib/fixture.sh"
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pids in "$WORK"/reg-*/pids; do [ -f "$pids" ] && kill $(cat "$pids") 2>/dev/null; done
  fixture_stop
  rm -rf "$WORK"
}
trap cleanup EXIT
export XDG_CACHE_HOME="$WORK/cache" DOCKER_CONFIG="$WORK/docker" XDG_RUNTIME_DIR="$WORK/runtime"
mkdir -p "$XDG_RUNTIME_DIR" "$DOCKER_CONFIG"
REGISTRY="$DEBIMG_SOURCE_DIR/tests/fixtures/registry"
no_secret() {  # no_secret SECRET LABEL: the last command's output does not hold it
  ! grep -qF -- "$1" <<<"$OUT$ERR" && pass || fail "$2: the secret shows in the output"
}
start() {  # start NAME ARGS...: fake_registry.py in the background; sets PORT
  rm -f "$WORK/$1.port"
  python3 "$REGISTRY/fake_registry.py" "${@:2:1}" "$WORK/$1.port" "$WORK/$1.log" "${@:3}" 2>"$WORK/$1.err" &
  PIDS+=($!)
  for _ in $(seq 100); do [ -s "$WORK/$1.port" ] && break; sleep 0.1; done
  PORT=$(cat "$WORK/$1.port")
}

# A small OCI layout: one layer, a config, a manifest.
python3 - "$WORK/oci" <<'PY'
import gzip, hashlib, io, json, os, sys, tarfile
root = sys.argv[1]
os.makedirs(root + "/blobs/sha256")
def blob(data):
    d = hashlib.sha256(data).hexdigest()
    open("%s/blobs/sha256/%s" % (root, d), "wb").write(data)
    return {"digest": "sha256:" + d, "size": len(data)}
raw = io.BytesIO()
with tarfile.open(fileobj=raw, mode="w") as t:
    info = tarfile.TarInfo("hello"); data = b"hello\n"; info.size = len(data)
    t.addfile(info, io.BytesIO(data))
layer = gzip.compress(raw.getvalue(), mtime=0)
config = json.dumps({"architecture": "amd64", "os": "linux",
                     "rootfs": {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(raw.getvalue()).hexdigest()]}}).encode()
manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                       "config": dict(mediaType="application/vnd.oci.image.config.v1+json", **blob(config)),
                       "layers": [dict(mediaType="application/vnd.oci.image.layer.v1.tar+gzip", **blob(layer))]}).encode()
index = {"schemaVersion": 2, "manifests": [dict(mediaType="application/vnd.oci.image.manifest.v1+json", **blob(manifest))]}
json.dump(index, open(root + "/index.json", "w"))
open(root + "/oci-layout", "w").write('{"imageLayoutVersion": "1.0.0"}')
PY

# --- uploads sent to another origin get no credentials ---
PASS=$(openssl rand -hex 12)
start store store
STORE=$PORT
start reg registry "http://127.0.0.1:$STORE" tester "$PASS"
REG=$PORT
run "$DEBIMG" --json push "$WORK/oci" "127.0.0.1:$REG/scope/test:1" --creds "tester:$PASS"
expect_rc 0 "push with uploads on another origin"
no_secret "$PASS" "push"
grep -q "^PUT /upload/.*digest=sha256" "$WORK/store.log" && pass || fail "the blob store got no upload: $(cat "$WORK/store.log")"
! grep -qi "authorization" "$WORK/store.log" && pass || fail "credentials went to the blob store: $(grep -i authorization "$WORK/store.log")"
grep -q "^PUT /v2/scope/test/manifests/1 .*Authorization: Basic" "$WORK/reg.log" && pass || fail "the registry got no credentials"
! grep -qF "$PASS" "$WORK/store.log" && pass || fail "the password reached the blob store"

# --- https registry, plain http Location: refused before anything goes there ---
mkdir -p "$WORK/certs"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=debimg test CA" \
  -keyout "$WORK/ca.key" -out "$WORK/certs/ca.crt" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$WORK/server.key" -out "$WORK/server.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\n' >"$WORK/san.ext"
openssl x509 -req -in "$WORK/server.csr" -CA "$WORK/certs/ca.crt" -CAkey "$WORK/ca.key" -CAcreateserial \
  -days 2 -extfile "$WORK/san.ext" -out "$WORK/server.crt" 2>/dev/null
start tls registry "http://127.0.0.1:$STORE" tester "$PASS" "$WORK/server.crt" "$WORK/server.key"
TLS=$PORT
before=$(wc -l <"$WORK/store.log")
XDG_CACHE_HOME="$WORK/cache-tls" run "$DEBIMG" push "$WORK/oci" "127.0.0.1:$TLS/scope/test:1" --creds "tester:$PASS" --cert-dir "$WORK/certs"
expect_rc 2 "https→http Location"
expect_one_line_err "downgrade refused in one line"
expect_err "from https to plain http (http://127.0.0.1:$STORE); refusing the downgrade" "downgrade named"
no_secret "$PASS" "downgrade"
[ "$(wc -l <"$WORK/store.log")" = "$before" ] && pass || fail "a request went to the plain http server"
grep -q "^POST /v2/scope/test/blobs/uploads/ .*Authorization: Basic" "$WORK/tls.log" && pass || fail "the TLS registry was not asked"

# --- identitytoken: an OAuth2 refresh token, never a Basic password ---
T="$WORK/reg-token"
bash "$REGISTRY/start-registry.sh" "$T" token || fail "token registry did not start"
PT=$(cat "$T/port")
REFRESH=$(cat "$T/refresh-token")
printf '{"auths": {"127.0.0.1:%s": {"identitytoken": "%s"}}}\n' "$PT" "$REFRESH" >"$DOCKER_CONFIG/config.json"
run "$DEBIMG" --json push "$WORK/oci" "127.0.0.1:$PT/token/test:1"
expect_rc 0 "push with an identity token"
no_secret "$REFRESH" "identity token push"
grep -q "GRANT refresh_token client_id=debimg" "$T/token.log" && pass || fail "no refresh_token grant: $(cat "$T/token.log")"
! grep -q "IDENTITY-TOKEN-AS-BASIC\|POST-WITH-AUTHORIZATION" "$T/token.log" && pass || fail "the identity token went as Basic"
! grep -qF "$REFRESH" "$T/registry.log" && pass || fail "the identity token reached the registry"
printf '{"auths": {"127.0.0.1:%s": {"identitytoken": "wrong-%s"}}}\n' "$PT" "$REFRESH" >"$DOCKER_CONFIG/config.json"
XDG_CACHE_HOME="$WORK/cache-wrong" run "$DEBIMG" push "$WORK/oci" "127.0.0.1:$PT/token/other:1"
expect_rc 2 "a wrong identity token"
expect_one_line_err "wrong identity token in one line"
expect_err "the token service refused the identity token for token/other" "refusal said"
no_secret "wrong-$REFRESH" "wrong identity token"
! grep -q "IDENTITY-TOKEN-AS-BASIC" "$T/token.log" && pass || fail "a wrong identity token went as Basic"
rm "$DOCKER_CONFIG/config.json"

# --- a source URI's userinfo: used for that server, shown nowhere ---
SECRET=$(openssl rand -hex 12)
SERVE_AUTH="fxuser:$SECRET" fixture_repo "$WORK/fx"
HOSTPORT=${FIXTURE_HTTP_URI#http://}
mkdir -p "$WORK/p"
profile_for "$WORK/p/p.yaml" "http://fxuser:$SECRET@$HOSTPORT" stable "signed-by: $FIXTURE/keyring.gpg"
run "$DEBIMG" --json profile "$WORK/p/p.yaml"
expect_rc 0 "profile with userinfo"
no_secret "$SECRET" "debimg profile"
expect_out "\"http://$HOSTPORT/\"" "the URI is shown without userinfo"
run "$DEBIMG" --json lock "$WORK/p/p.yaml"
expect_rc 0 "lock through a server that asks for a login"
no_secret "$SECRET" "debimg lock"
! grep -qF "$SECRET" "$WORK/p/p.lock" && pass || fail "the secret is in the lock"
grep -q "GET /dists/stable/InRelease 200" "$FIXTURE_LOG" && ! grep -q " 401$" "$FIXTURE_LOG" && pass ||
  fail "the login was not sent: $(cat "$FIXTURE_LOG")"
run "$DEBIMG" --json compose "$WORK/p/p.yaml" --format dir -o "$WORK/root" --until unpack
expect_rc 0 "compose with userinfo"
no_secret "$SECRET" "debimg compose"
! grep -rqF "$SECRET" "$WORK/root" && pass || fail "the secret is in the image: $(grep -rlF "$SECRET" "$WORK/root")"
grep -q "^URIs: http://$HOSTPORT$" "$WORK/root/etc/apt/sources.list.d/debian.sources" && pass ||
  fail "image apt sources: $(cat "$WORK/root/etc/apt/sources.list.d/debian.sources")"
! grep -q "fxuser" "$WORK/root/etc/apt/sources.list.d/debian.sources" && pass || fail "the login is in the image"
profile_for "$WORK/p/missing.yaml" "http://fxuser:$SECRET@$HOSTPORT" nosuchsuite "signed-by: $FIXTURE/keyring.gpg"
run "$DEBIMG" lock "$WORK/p/missing.yaml"
expect_rc 2 "a missing suite behind a login"
expect_err "http://$HOSTPORT/dists/nosuchsuite" "the URL is named without userinfo"
no_secret "$SECRET" "error message"

# Without a login the server refuses; apt's auth.conf (Dir::Etc::netrc) supplies one.
profile_for "$WORK/p/plain.yaml" "$FIXTURE_HTTP_URI" stable "signed-by: $FIXTURE/keyring.gpg"
XDG_CACHE_HOME="$WORK/cache-plain" run "$DEBIMG" lock "$WORK/p/plain.yaml"
expect_rc 2 "no login"
expect_err "401" "the refusal named"
mkdir -p "$WORK/apt/auth.conf.d"
printf 'machine http://%s\nlogin fxuser\npassword %s\n' "$HOSTPORT" "$SECRET" >"$WORK/apt/auth.conf.d/fixture.conf"
printf 'Dir::Etc::netrc "%s/apt/auth.conf";\nDir::Etc::netrcparts "%s/apt/auth.conf.d";\n' "$WORK" "$WORK" >"$WORK/apt/apt.conf"
APT_CONFIG="$WORK/apt/apt.conf" XDG_CACHE_HOME="$WORK/cache-plain" run "$DEBIMG" --json compose "$WORK/p/plain.yaml" \
  --format dir -o "$WORK/root-plain" --until unpack
expect_rc 0 "compose with apt's auth.conf"
no_secret "$SECRET" "compose with auth.conf"
! grep -rqF "$SECRET" "$WORK/root-plain" && pass || fail "the auth.conf secret is in the image"

finish
