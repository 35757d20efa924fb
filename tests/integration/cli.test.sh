# The command line: help, version, JSON, errors as one line with exit code 2.
source "$(dirname "$0")/lib/assert.sh"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export XDG_CACHE_HOME="$WORK/cache"

run "$DEBIMG" --help
expect_rc 0 "--help"
for cmd in compose lock push login cache profile; do expect_out "  $cmd" "--help lists $cmd"; done

run "$DEBIMG" --version
expect_rc 0 "--version"
expect_out "debimg 0." "--version prints the version"

for cmd in compose lock push login cache profile; do
  run "$DEBIMG" "$cmd" --help
  expect_rc 0 "$cmd --help"
  expect_out "Usage: debimg $cmd" "$cmd --help shows usage"
done
run "$DEBIMG" compose --help
for opt in --output --format --frozen --update-lock --offline --cache-dir --push --json; do expect_out -- "$opt" "compose --help documents $opt"; done
run "$DEBIMG" lock --help
for opt in --check --upstream --update --why; do expect_out -- "$opt" "lock --help documents $opt"; done

# Commands whose stage has not landed say so, in one line, with exit code 2.
for args in "push out ref" "login r"; do
  run "$DEBIMG" $args
  expect_rc 2 "$args"
  expect_err "not built yet" "$args says not built yet"
  expect_one_line_err "$args"
done

run "$DEBIMG" frobnicate
expect_rc 2 "unknown command"
expect_err "unknown command 'frobnicate'" "unknown command is named"
expect_one_line_err "unknown command"

run "$DEBIMG" compose p.yaml --formt oci
expect_rc 2 "unknown option"
expect_err "formt" "unknown option is named"
expect_one_line_err "unknown option"

run "$DEBIMG" compose p.yaml --format qcow2
expect_rc 2 "bad format"
expect_err "qcow2" "bad format is named"

run "$DEBIMG" compose
expect_rc 2 "missing profile"
expect_err "missing profile" "missing profile is said"

# A broken profile: file, line, column and field in one line.
cat >"$WORK/bad.yaml" <<'YAML'
name: demo
sources:
  - suites: [bookworm]
    componets: [main]
YAML
run "$DEBIMG" profile "$WORK/bad.yaml"
expect_rc 2 "broken profile"
expect_err "$WORK/bad.yaml:4:5: sources[0].componets: unknown key 'componets', did you mean 'components'?" "broken profile names file:line:col and field"
expect_one_line_err "broken profile"

run "$DEBIMG" --json profile "$WORK/bad.yaml"
expect_rc 2 "--json error"
expect_out '"error":' "--json error is JSON on stdout"

# The default profile against the host's apt sources.
run "$DEBIMG" profile "$DEBIMG_SOURCE_DIR/profiles/debian-bookworm-minbase.yaml"
expect_rc 0 "default profile"
expect_out "inputs-digest: sha256:" "default profile digest"
expect_out "bookworm-security" "default profile suites"

run "$DEBIMG" profile "$DEBIMG_SOURCE_DIR/profiles/debian-bookworm-minbase.yaml" --json
expect_rc 0 "default profile --json"
python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["canonical"]["variant"]=="minbase"; assert len(d["archives"])==3; assert all(a["uris-from-host"] for a in d["archives"])' <<<"$OUT" && pass || fail "profile --json is the resolved profile"

finish
