# The same image in both isolation modes, on the hard set of maintainer
# scripts (tests/bench/profiles/hard-set.yaml: openssh-server, nginx,
# postgresql-15, a JRE, locales with two generated, python3, systemd, dbus,
# sudo, cron, tzdata; over 200 packages): one fresh lock composed to OCI in
# the namespace mode and in isolation none (fakeroot, fakechroot, Landlock),
# compared layer entry by entry (tests/integration/parity/compare.py images).
# The differences docs/isolation.md names are the only ones allowed:
#  - /var/log/journal: systemd-tmpfiles sets its mode and group through
#    O_PATH descriptors, past fakeroot.
# postgresql-common makes no cluster here (a setup hook, as parity_mirror's
# reproducibility check does): initdb's files hold a clock-made identifier,
# and without a network (isolation none) pg_createcluster finds no port.
# And the shipped profiles pod_compose_mirror does not compose (it does
# minbase and minideb-bookworm): the same digest in both modes.
source "$(dirname "$0")/lib/assert.sh"
needs root mirror userns fakeroot
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp "$DEBIMG_SOURCE_DIR/tests/bench/profiles/hard-set.yaml" "$WORK/hard.yaml"
cat >>"$WORK/hard.yaml" <<'YAML'
  setup:
    - {run: "mkdir -p \"$1/etc/postgresql-common/createcluster.d\" && echo 'create_main_cluster = false' >\"$1/etc/postgresql-common/createcluster.d/debimg.conf\""}
YAML
run "$DEBIMG" lock "$WORK/hard.yaml" --cache-dir "$WORK/cache"
expect_rc 0 "lock the hard set"
for mode in namespace none; do
  "$DEBIMG" --json compose "$WORK/hard.yaml" --frozen -o "$WORK/$mode" --cache-dir "$WORK/cache" --isolation "$mode" \
    >"$WORK/$mode.json" 2>"$WORK/$mode.err"
  rc=$?
  [ $rc = 0 ] && pass || fail "compose the hard set in isolation $mode: exit $rc: $(tail -3 "$WORK/$mode.err")"
done
if [ -s "$WORK/namespace.json" ] && [ -s "$WORK/none.json" ]; then
  python3 "$DEBIMG_SOURCE_DIR/tests/integration/parity/compare.py" images "$WORK/namespace" "$WORK/namespace.json" \
    "$WORK/none" "$WORK/none.json" --intended 'var/log/journal/?' >"$WORK/compare.txt" 2>&1
  rc=$?
  cat "$WORK/compare.txt"
  [ $rc = 0 ] && pass || fail "isolation none gives another image than the namespace mode (listed above)"
fi

for p in minideb-trixie minideb-bookworm-python; do
  cp "$DEBIMG_SOURCE_DIR/profiles/$p.yaml" "$DEBIMG_SOURCE_DIR/profiles/$p.lock" "$WORK/"
  "$DEBIMG" lock "$WORK/$p.yaml" --update --cache-dir "$WORK/cache" >/dev/null 2>&1  # the archive may have moved
  declare -A digest=()
  for mode in namespace none; do
    run "$DEBIMG" --json compose "$WORK/$p.yaml" --frozen -o "$WORK/$p-$mode" --cache-dir "$WORK/cache" --isolation "$mode"
    expect_rc 0 "compose $p in isolation $mode"
    digest[$mode]=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["digest"])' <<<"$OUT" 2>/dev/null)
  done
  [ -n "${digest[none]}" ] && [ "${digest[none]}" = "${digest[namespace]}" ] && pass ||
    fail "$p: isolation none gives ${digest[none]:-nothing}, the namespace mode ${digest[namespace]:-nothing}"
  unset digest
done
finish
