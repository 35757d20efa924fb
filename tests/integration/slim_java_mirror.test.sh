# slim keeps the folder skeleton (issue #17): the Java runtime's postinst
# makes update-alternatives links in /usr/share/man/man1, which
# `slim: [man, docs]` keeps as an empty folder; the compose succeeds, java
# runs in the tree, and no man page or doc but the copyrights is left.
source "$(dirname "$0")/lib/assert.sh"
needs root mirror userns unshare
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export XDG_CACHE_HOME="$WORK/cache"
cat >"$WORK/java.yaml" <<'YAML'
name: slim-java
architectures: [amd64]
variant: minbase
packages: [openjdk-17-jre-headless]
sources:
  - suites: [bookworm]
slim: [man, docs]
YAML
t0=$SECONDS
run "$DEBIMG" compose "$WORK/java.yaml" --format dir -o "$WORK/out"
expect_rc 0 "compose openjdk-17-jre-headless with slim: [man, docs]"
echo "composed in $((SECONDS - t0)) s"
DIR=$WORK/out
[ "$RC" = 0 ] || { finish; exit; }

# java -version as the image would run it: its own PID namespace and /proc.
run unshare --mount --pid --fork --mount-proc="$DIR/proc" chroot "$DIR" /usr/bin/java -version
expect_rc 0 "java -version in the slim tree"
expect_err 'openjdk version "17.' "java names its version"
expect_err "OpenJDK 64-Bit Server VM" "java's VM started"
[ "$(readlink "$DIR/etc/alternatives/java")" = /usr/lib/jvm/java-17-openjdk-amd64/bin/java ] && pass ||
  fail "the java alternative: $(readlink "$DIR/etc/alternatives/java")"

# The skeleton stays, what it held is gone (the alternatives' man page link too).
[ -d "$DIR/usr/share/man/man1" ] && [ -d "$DIR/usr/share/man/man8" ] && [ -d "$DIR/usr/share/doc/openjdk-17-jre-headless" ] &&
  pass || fail "slim dropped folders: $(ls "$DIR/usr/share/man" | head -5 | tr '\n' ' ')"
left=$(find "$DIR/usr/share/man" ! -type d | head -5)
[ -z "$left" ] && pass || fail "man pages left: $left"
left=$(find "$DIR/usr/share/doc" ! -type d ! -name copyright | grep -v '^'"$DIR"'/usr/share/doc/[^/]*$' | head -5)
[ -z "$left" ] && pass || fail "docs left: $left"
[ -f "$DIR/usr/share/doc/openjdk-17-jre-headless/copyright" ] && pass || fail "openjdk's copyright dropped"
[ "$(dpkg-query --admindir="$DIR/var/lib/dpkg" -W -f='${Status}\n' | sort -u)" = "install ok installed" ] && pass ||
  fail "not every package installed"
grep -qx 'path-exclude=/usr/share/man/\*' "$DIR/etc/dpkg/dpkg.cfg.d/debimg-slim" && pass || fail "no dpkg filter in the image"

finish
