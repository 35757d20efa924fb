# The command line: help, version, JSON, errors as one line with exit code 2.
source "$(dirname "$0")/lib/assert.sh"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export XDG_CACHE_HOME="$WORK/cache"

run "$DEBIMG" --help
expect_rc 0 "--help"
for cmd in compose lock push login cache profile paths; do expect_out "  $cmd" "--help lists $cmd"; done

run "$DEBIMG" --version
expect_rc 0 "--version"
expect_out "debimg 0." "--version prints the version"

for cmd in compose lock push login cache profile; do
  run "$DEBIMG" "$cmd" --help
  expect_rc 0 "$cmd --help"
  expect_out "Usage: debimg $cmd" "$cmd --help shows usage"
done
run "$DEBIMG" compose --help
for opt in --output --format --frozen --update-lock --offline --cache-dir --push --force --json; do expect_out -- "$opt" "compose --help documents $opt"; done
run "$DEBIMG" lock --help
for opt in --check --upstream --update --why --markdown; do expect_out -- "$opt" "lock --help documents $opt"; done
run "$DEBIMG" diff --help
for opt in --files --markdown --offline --cache-dir; do expect_out -- "$opt" "diff --help documents $opt"; done
run "$DEBIMG" --json diff a.lock b.lock --markdown
expect_rc 2 "--json with --markdown"
expect_one_line_err "--json with --markdown"
expect_err "--markdown and --json exclude each other" "--json with --markdown said"

# push and login: bad input is one line, exit code 2.
run "$DEBIMG" push "$WORK/no-such-image" localhost:5000/x:1
expect_rc 2 "push of a missing image"
expect_one_line_err "no-such-image: no such image" "missing image named"
run "$DEBIMG" push "$WORK" localhost:5000/x:1 --creds a:b --creds-file f
expect_rc 2 "--creds with --creds-file"
expect_one_line_err "--creds and --creds-file exclude each other" "exclusive credentials said"
expect_err "--creds, --creds-stdin and --creds-file exclude each other" "exclusive credentials named"
# --creds is visible to every user (ps): a warning; --creds-stdin reads the secret instead.
run "$DEBIMG" push "$WORK/no-such-image" localhost:5000/x:1 --creds a:b
expect_err "debimg: warning: --creds shows the password to every user of this machine (ps); use --creds-stdin or --creds-file" "--creds warned about"
run "$DEBIMG" push "$WORK/no-such-image" localhost:5000/x:1 --creds-stdin </dev/null
expect_rc 2 "--creds-stdin without input"
expect_one_line_err "--creds-stdin: standard input held no USER:PASSWORD line" "empty --creds-stdin said"
expect_err "standard input held no USER:PASSWORD line" "empty --creds-stdin named"
run "$DEBIMG" login localhost:5000 -u someone </dev/null
expect_rc 2 "login without a terminal"
expect_one_line_err "use --password-stdin" "login without a terminal said"
run "$DEBIMG" compose "$WORK/none.yaml" --format dir --push localhost:5000/x:1
expect_rc 2 "--push of a dir"
expect_one_line_err "--push: the image must be --format oci or oci-archive" "--push needs an OCI format"
run "$DEBIMG" push --help
for opt in --creds --creds-stdin --creds-file --cert-dir --insecure; do expect_out -- "$opt" "push --help documents $opt"; done

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

# A build folder's binary looks in the source folder it was built from first (profile/data_folders.h).
run "$DEBIMG" --json paths
expect_rc 0 "paths"
python3 -c 'import json,sys; d=json.load(sys.stdin); f=d["data-folders"][0]; assert f["path"]==sys.argv[1] and f["hooks"], d; assert d["cache"]==sys.argv[2], d' \
  "$DEBIMG_SOURCE_DIR" "$XDG_CACHE_HOME/debimg" <<<"$OUT" && pass || fail "paths --json: $OUT"

finish
