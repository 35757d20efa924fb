# The real Debian mirror configured on this host: the default profile's
# metadata verifies against the host keyring, and warm metadata is reused.
source "$(dirname "$0")/lib/assert.sh"
needs mirror
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
PROFILE="$DEBIMG_SOURCE_DIR/profiles/debian-bookworm-minbase.yaml"

run "$DEBIMG" --json update "$PROFILE" --cache-dir "$WORK/cache"
expect_rc 0 "mirror update"
python3 -c '
import json, sys
d = json.load(sys.stdin)
suites = {s["suite"]: s for s in d["suites"]}
assert set(suites) == {"bookworm", "bookworm-updates", "bookworm-security"}, suites.keys()
for s in suites.values():
    assert s["verified"] and s["signers"], s
    assert all(len(f) == 40 for f in s["signers"]), s["signers"]
    assert s["origin"] == "Debian", s
    assert any(i["path"].startswith("main/binary-amd64/Packages") for i in s["indexes"]), s
' <<<"$OUT" && pass || fail "mirror metadata: $OUT"

run "$DEBIMG" update "$PROFILE" --cache-dir "$WORK/cache"
expect_rc 0 "warm mirror update"
expect_out "0 index(es) downloaded" "warm mirror update downloads no index"

# The mirror's InRelease against a keyring that did not sign it.
mkdir -m 700 "$WORK/g"
gpg --batch --quiet --homedir "$WORK/g" --pinentry-mode loopback --passphrase '' --quick-gen-key "other <o@invalid>" ed25519 sign never 2>/dev/null
gpg --batch --homedir "$WORK/g" --export >"$WORK/other.gpg"
[ -s "$WORK/other.gpg" ] || fail "the test's own key was not made"
gpgconf --homedir "$WORK/g" --kill all
sed "s|    components: \[main\]|    components: [main]\n    signed-by: $WORK/other.gpg|" "$PROFILE" >"$WORK/wrongkey.yaml"
run "$DEBIMG" update "$WORK/wrongkey.yaml" --cache-dir "$WORK/c2"
expect_rc 2 "mirror with the wrong keyring"
expect_err "dists/bookworm/InRelease: not accepted: signed by" "wrong keyring is named"
[ -z "$(find "$WORK/c2/sha256" "$WORK/c2/state" -type f)" ] && pass || fail "refused metadata was cached"

finish
