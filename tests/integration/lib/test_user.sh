# Users for tests that compose without root. Source after assert.sh; call
# test_users_cleanup from the test's EXIT trap.
TEST_USERS_MADE=""

# test_user NAME RANGE: makes NAME unless it exists; RANGE "none" removes its
# subordinate ranges, "START" gives it START..START+65535 in /etc/subuid and
# /etc/subgid. Whatever this test added goes again at exit.
test_user() {
  local name=$1 range=$2
  if ! id "$name" >/dev/null 2>&1; then
    useradd --create-home -K SUB_UID_COUNT=0 -K SUB_GID_COUNT=0 "$name" || { echo "useradd $name failed" >&2; exit 1; }
    TEST_USERS_MADE="$TEST_USERS_MADE $name"
  fi
  sed -i "/^$name:/d" /etc/subuid /etc/subgid
  [ "$range" = none ] || { echo "$name:$range:65536" >>/etc/subuid; echo "$name:$range:65536" >>/etc/subgid; }
  TEST_USERS_RANGES="${TEST_USERS_RANGES:-} $name"
}

test_users_cleanup() {
  local name
  for name in ${TEST_USERS_RANGES:-}; do sed -i "/^$name:/d" /etc/subuid /etc/subgid; done
  for name in $TEST_USERS_MADE; do userdel -r "$name" >/dev/null 2>&1 || userdel -f -r "$name" >/dev/null 2>&1; done
  true
}

# user_debimg DIR: prints the path of a copy of $DEBIMG, with the shipped
# hooks beside it, that any user can run (the checkout may live under a 0700
# /root). DIR must be reachable by them.
user_debimg() {
  mkdir -p "$1/bin" "$1/share/debimg/hooks"
  cp "$DEBIMG" "$1/bin/debimg"
  cp "$DEBIMG_SOURCE_DIR"/hooks/* "$1/share/debimg/hooks/"
  chmod -R a+rX "$1"
  echo "$1/bin/debimg"
}

# free_id_range NAME: a START for test_user past every range /etc/subuid and
# /etc/subgid give to anyone but NAME.
free_id_range() {
  cat /etc/subuid /etc/subgid 2>/dev/null | grep -v "^$1:" |
    awk -F: 'BEGIN { m = 800000 } $2 + $3 > m { m = $2 + $3 } END { print m }'
}

# seed_debs LOCK FROM TO: copies the .debs LOCK pins from cache FROM to cache
# TO, and nothing else (metadata, data.tar copies and layers are made again).
seed_debs() {
  python3 "$DEBIMG_SOURCE_DIR/tests/integration/parity/lock_debs.py" "$1" | while read -r sha _; do
    install -D -m 0644 "$2/sha256/${sha:0:2}/$sha" "$3/sha256/${sha:0:2}/$sha"
  done
}
