# debimg push against real docker-registry instances on 127.0.0.1: anonymous
# over HTTP, htpasswd Basic authentication over TLS with a test CA, and
# Bearer tokens from a token service. After each push skopeo reads back the
# same manifest digest; a second push uploads no blob (the registry's access
# log says so); a push to another repository mounts; big blobs go in chunks;
# credentials come from --creds(-file), docker's config (auths, credential
# helpers), containers' auth.json and `debimg login`, and never show in output.
source "$(dirname "$0")/lib/assert.sh"
needs userns docker-registry
WORK=$(mktemp -d)
cleanup() {
  for pids in "$WORK"/reg-*/pids; do [ -f "$pids" ] && kill $(cat "$pids") 2>/dev/null; done
  [ -f "$WORK/storage.conf" ] && CONTAINERS_STORAGE_CONF="$WORK/storage.conf" podman rmi -a -f >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT
export XDG_CACHE_HOME="$WORK/cache" DOCKER_CONFIG="$WORK/docker" XDG_RUNTIME_DIR="$WORK/runtime"
mkdir -p "$XDG_RUNTIME_DIR"
REGISTRY="$DEBIMG_SOURCE_DIR/tests/fixtures/registry"
json_get() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"; }
completed_uploads() { grep -cE '"PUT /v2/[^ ]*/blobs/uploads/[^ ]*digest=' "$1/registry.log" || true; }
no_secret() {  # no_secret SECRET LABEL: the last command's output does not hold it
  ! grep -qF -- "$1" <<<"$OUT$ERR" && pass || fail "$2: the secret shows in the output"
}

cp "$DEBIMG_SOURCE_DIR/profiles/minideb-bookworm.yaml" "$DEBIMG_SOURCE_DIR/profiles/minideb-bookworm.lock" "$WORK/"
run "$DEBIMG" lock "$WORK/minideb-bookworm.yaml" --update
run "$DEBIMG" --json compose "$WORK/minideb-bookworm.yaml" --format oci -o "$WORK/oci"
expect_rc 0 "compose the image to push"
DIGEST=$(json_get 'd["digest"]' <<<"$OUT")
# 4 blobs: the config, the layer, and the attached SBOM's empty config and document.

# --- anonymous, plain HTTP ---
A="$WORK/reg-anon"
bash "$REGISTRY/start-registry.sh" "$A" anonymous || fail "registry did not start"
PA=$(cat "$A/port")
run "$DEBIMG" --json push "$WORK/oci" "127.0.0.1:$PA/test/minideb:1"
expect_rc 0 "anonymous push"
[ "$(json_get '(d["digest"], d["uploaded"], d["referrers"])' <<<"$OUT")" = "('$DIGEST', 4, 1)" ] && pass || fail "push result: $OUT"
skopeo inspect --tls-verify=false "docker://127.0.0.1:$PA/test/minideb:1" >"$WORK/inspect" 2>&1
grep -q "\"Digest\": \"$DIGEST\"" "$WORK/inspect" && pass || fail "skopeo inspect: $(tail -3 "$WORK/inspect")"
skopeo copy --quiet --src-tls-verify=false "docker://127.0.0.1:$PA/test/minideb:1" "oci:$WORK/back:x" >"$WORK/copy" 2>&1 &&
  grep -q "\"Digest\": \"$DIGEST\"" <(skopeo inspect "oci:$WORK/back:x") && pass || fail "skopeo copy back: $(tail -2 "$WORK/copy")"
before=$(completed_uploads "$A")
run "$DEBIMG" --json push "$WORK/oci" "127.0.0.1:$PA/test/minideb:1"
expect_rc 0 "second push"
[ "$(json_get 'd["uploaded"]' <<<"$OUT")" = 0 ] && [ "$(completed_uploads "$A")" = "$before" ] && pass || fail "second push uploaded blobs: $OUT"
run "$DEBIMG" --json push "$WORK/oci" "127.0.0.1:$PA/other/minideb:1"
expect_rc 0 "push to another repository"
[ "$(json_get 'd["mounted"]' <<<"$OUT")" = 4 ] && [ "$(completed_uploads "$A")" = "$before" ] &&
  grep -q '"POST /v2/other/minideb/blobs/uploads/?mount=sha256' "$A/registry.log" && pass || fail "no cross-repository mount: $OUT"
XDG_CACHE_HOME="$WORK/cache-chunks" DEBIMG_PUSH_CHUNK_SIZE=4000000 run "$DEBIMG" --json push "$WORK/oci" "127.0.0.1:$PA/chunked/minideb:1"
expect_rc 0 "chunked push"
[ "$(grep -c '"PATCH /v2/chunked/minideb/blobs/uploads/' "$A/registry.log")" -ge 5 ] &&
  grep -q "\"Digest\": \"$DIGEST\"" <(skopeo inspect --tls-verify=false "docker://127.0.0.1:$PA/chunked/minideb:1") &&
  pass || fail "chunked upload"
run "$DEBIMG" --json compose "$WORK/minideb-bookworm.yaml" --format oci-archive -o "$WORK/image.tar" --push "127.0.0.1:$PA/composed/minideb:1"
expect_rc 0 "compose --push"
[ "$(json_get 'd["pushed"]["digest"]' <<<"$OUT")" = "$DIGEST" ] && pass || fail "compose --push: $OUT"
run "$DEBIMG" --json push "$WORK/image.tar" "127.0.0.1:$PA/archive/minideb:1"
expect_rc 0 "push an oci-archive"
grep -q "\"Digest\": \"$DIGEST\"" <(skopeo inspect --tls-verify=false "docker://127.0.0.1:$PA/archive/minideb:1") && pass || fail "archive pushed"
run "$DEBIMG" push "$WORK/oci" "127.0.0.1:1/x/y:1"
expect_rc 2 "nothing listening"
expect_one_line_err "127.0.0.1:1: cannot connect" "connection refused named"
run "$DEBIMG" push "$WORK/oci" "127.0.0.1:$PA/Bad_Name"
expect_rc 2 "bad reference"
expect_err "is not an image reference" "bad reference named"

# --- htpasswd over TLS ---
B="$WORK/reg-basic"
bash "$REGISTRY/start-registry.sh" "$B" htpasswd || fail "TLS registry did not start"
PB=$(cat "$B/port")
PASS=$(cat "$B/password")
REF="127.0.0.1:$PB/test/minideb:1"
run "$DEBIMG" push "$WORK/oci" "$REF" --creds "tester:$PASS"
expect_rc 2 "untrusted CA"
expect_err "TLS certificate not trusted" "TLS failure named"
run "$DEBIMG" push "$WORK/oci" "$REF" --cert-dir "$B/certs"
expect_rc 2 "no credentials"
expect_err "asks for credentials" "missing credentials said"
run "$DEBIMG" push "$WORK/oci" "$REF" --cert-dir "$B/certs" --creds "tester:wrong-$PASS"
expect_rc 2 "wrong password"
expect_one_line_err "authentication failed for test/minideb" "wrong password said"
no_secret "wrong-$PASS" "wrong password"
! skopeo inspect --cert-dir "$B/certs" --creds "tester:$PASS" "docker://$REF" >/dev/null 2>&1 && pass || fail "a tag was written with a wrong password"
printf 'tester:%s\n' "$PASS" >"$WORK/creds"
run "$DEBIMG" --json push "$WORK/oci" "$REF" --cert-dir "$B/certs" --creds-file "$WORK/creds"
expect_rc 0 "push with --creds-file over TLS"
no_secret "$PASS" "push"
grep -q "\"Digest\": \"$DIGEST\"" <(skopeo inspect --cert-dir "$B/certs" --creds "tester:$PASS" "docker://$REF") && pass || fail "skopeo over TLS"
run "$DEBIMG" login "127.0.0.1:$PB" -u tester --password-stdin --cert-dir "$B/certs" <<<"wrong"
expect_rc 2 "login with a wrong password"
expect_one_line_err "127.0.0.1:$PB: authentication failed: the registry refused the credentials" "login refusal said"
[ ! -e "$DOCKER_CONFIG/config.json" ] && pass || fail "a failed login stored something"
run "$DEBIMG" login "127.0.0.1:$PB" -u tester --password-stdin --cert-dir "$B/certs" <<<"$PASS"
expect_rc 0 "login"
no_secret "$PASS" "login"
[ "$(stat -c %a "$DOCKER_CONFIG/config.json")" = 600 ] &&
  [ "$(json_get 'd["auths"]["127.0.0.1:'"$PB"'"]["auth"]' <"$DOCKER_CONFIG/config.json" | base64 -d)" = "tester:$PASS" ] &&
  pass || fail "login stored: $(cat "$DOCKER_CONFIG/config.json")"
run "$DEBIMG" --json push "$WORK/oci" "127.0.0.1:$PB/test/minideb:2" --cert-dir "$B/certs"
expect_rc 0 "push with the stored login"
[ "$(json_get 'd["present"]' <<<"$OUT")" = 4 ] && pass || fail "login push: $OUT"
# A credential helper (secrets on stdin and stdout only) and containers' auth.json.
mkdir -p "$WORK/bin" "$WORK/helper-config" "$WORK/runtime/containers" "$WORK/empty-config"
cat >"$WORK/bin/docker-credential-debimgtest" <<HELPER
#!/bin/sh
echo "\$@" >>"$WORK/helper-args"
read -r server
[ "\$server" = "127.0.0.1:$PB" ] || { echo "credentials not found in native keychain"; exit 1; }
printf '{"ServerURL":"%s","Username":"tester","Secret":"%s"}\n' "\$server" "$PASS"
HELPER
chmod +x "$WORK/bin/docker-credential-debimgtest"
printf '{"credHelpers": {"127.0.0.1:%s": "debimgtest"}}\n' "$PB" >"$WORK/helper-config/config.json"
PATH="$WORK/bin:$PATH" DOCKER_CONFIG="$WORK/helper-config" run "$DEBIMG" push "$WORK/oci" "127.0.0.1:$PB/helper/minideb:1" --cert-dir "$B/certs"
expect_rc 0 "push with a credential helper"
[ "$(sort -u "$WORK/helper-args")" = get ] && pass || fail "helper arguments: $(cat "$WORK/helper-args")"
printf '{"auths": {"127.0.0.1:%s": {"auth": "%s"}}}\n' "$PB" "$(printf 'tester:%s' "$PASS" | base64 -w0)" >"$WORK/runtime/containers/auth.json"
DOCKER_CONFIG="$WORK/empty-config" run "$DEBIMG" push "$WORK/oci" "127.0.0.1:$PB/podman/minideb:1" --cert-dir "$B/certs"
expect_rc 0 "push with containers' auth.json"
rm "$WORK/runtime/containers/auth.json"

# --- Bearer tokens ---
T="$WORK/reg-token"
bash "$REGISTRY/start-registry.sh" "$T" token || fail "token registry did not start"
PT=$(cat "$T/port")
TPASS=$(cat "$T/password")
DOCKER_CONFIG="$WORK/empty-config" run "$DEBIMG" push "$WORK/oci" "127.0.0.1:$PT/test/minideb:1"
expect_rc 2 "anonymous push where tokens only grant pull"
expect_one_line_err "authentication failed for test/minideb" "anonymous refusal said"
DOCKER_CONFIG="$WORK/empty-config" run "$DEBIMG" push "$WORK/oci" "127.0.0.1:$PT/test/minideb:1" --creds "tester:bad-$TPASS"
expect_rc 2 "token service refuses a wrong password"
expect_err "the token service refused the credentials" "token refusal said"
no_secret "bad-$TPASS" "token refusal"
DOCKER_CONFIG="$WORK/empty-config" run "$DEBIMG" --json push "$WORK/oci" "127.0.0.1:$PT/test/minideb:1" --creds "tester:$TPASS"
expect_rc 0 "push with tokens"
grep -q "\"Digest\": \"$DIGEST\"" <(skopeo inspect --tls-verify=false --creds "tester:$TPASS" "docker://127.0.0.1:$PT/test/minideb:1") &&
  pass || fail "skopeo with tokens"
DOCKER_CONFIG="$WORK/empty-config" run "$DEBIMG" --json push "$WORK/oci" "127.0.0.1:$PT/second/minideb:1" --creds "tester:$TPASS"
expect_rc 0 "token push to another repository"
[ "$(json_get 'd["mounted"]' <<<"$OUT")" = 4 ] && pass || fail "no mount with tokens: $OUT"

# --- docker-archive and its load.sh (podman here: no docker daemon runs) ---
run "$DEBIMG" compose "$WORK/minideb-bookworm.yaml" --format docker-archive -o "$WORK/docker.tar"
expect_rc 0 "compose docker-archive"
[ -x "$WORK/docker.tar.load.sh" ] && pass || fail "no docker.tar.load.sh"
printf '[storage]\ndriver = "vfs"\nrunroot = "%s/podman/run"\ngraphroot = "%s/podman/root"\n' "$WORK" "$WORK" >"$WORK/storage.conf"
tag=$(cd / && CONTAINERS_STORAGE_CONF="$WORK/storage.conf" "$WORK/docker.tar.load.sh" 2>"$WORK/load.err")
[ "$tag" = "minideb:bookworm" ] && CONTAINERS_STORAGE_CONF="$WORK/storage.conf" podman image exists minideb:bookworm &&
  pass || fail "load.sh: '$tag' $(tail -2 "$WORK/load.err")"

finish
