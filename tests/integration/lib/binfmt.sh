# Foreign architectures for tests that compose them. Source after assert.sh;
# call binfmt_restore from the test's EXIT trap (it puts back what
# binfmt_need changed: the mount, enabled entries, a registered qemu-i386).
#
# binfmt_need ARCH...: makes this amd64 host run ARCH's programs the way
# debimg requires (configure/foreign_architecture.h), or skips the test:
# binfmt_misc mounted; qemu-user-static's entry enabled (update-binfmts);
# i386 natively when the kernel has IA32 emulation, else through a
# qemu-i386-static entry with the F flag (Debian ships none: on amd64 it
# expects i386 to run natively).
BINFMT=/proc/sys/fs/binfmt_misc
BINFMT_MOUNTED= BINFMT_ENABLED= BINFMT_REGISTERED=

binfmt_runs_i386() {  # the 93-byte i386 exit(0) debimg's own probe runs
  local probe
  probe=$(mktemp)
  printf '\177ELF\001\001\001\000\000\000\000\000\000\000\000\000\002\000\003\000\001\000\000\000\124\200\004\010\064\000\000\000\000\000\000\000\000\000\000\000\064\000\040\000\001\000\000\000\000\000\000\000\001\000\000\000\000\000\000\000\000\200\004\010\000\200\004\010\135\000\000\000\135\000\000\000\005\000\000\000\000\020\000\000\270\001\000\000\000\061\333\315\200' >"$probe"
  chmod 0755 "$probe"
  "$probe" 2>/dev/null
  local rc=$?
  rm -f "$probe"
  return $rc
}

binfmt_need() {
  [ "$(dpkg --print-architecture)" = amd64 ] || skip "the host is not amd64"
  command -v update-binfmts >/dev/null || skip "binfmt-support is not installed"
  if [ ! -e "$BINFMT/status" ]; then
    mount -t binfmt_misc binfmt_misc "$BINFMT" || skip "binfmt_misc cannot be mounted"
    BINFMT_MOUNTED=1
  fi
  local arch cpu
  for arch in "$@"; do
    case $arch in
      amd64) continue ;;
      i386)
        binfmt_runs_i386 && continue
        [ -x /usr/bin/qemu-i386-static ] || skip "i386 does not run here and qemu-user-static is not installed"
        if [ ! -e "$BINFMT/qemu-i386" ]; then
          printf '%s' ':qemu-i386:M::\x7fELF\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x03\x00:\xff\xff\xff\xff\xff\xfe\xfe\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff:/usr/bin/qemu-i386-static:F' \
            >"$BINFMT/register" || skip "cannot register qemu-i386 with binfmt_misc"
          BINFMT_REGISTERED=1
        fi
        binfmt_runs_i386 || skip "i386 programs do not run here, even through qemu-i386"
        continue ;;
      arm64) cpu=aarch64 ;;
      armhf | armel) cpu=arm ;;
      ppc64el) cpu=ppc64le ;;
      *) cpu=$arch ;;
    esac
    [ -e "/usr/libexec/qemu-binfmt/$cpu-binfmt-P" ] || skip "qemu-user-static has no $cpu emulator here"
    if [ ! -e "$BINFMT/qemu-$cpu" ] || ! grep -q '^enabled' "$BINFMT/qemu-$cpu"; then
      update-binfmts --enable "qemu-$cpu" >/dev/null || skip "update-binfmts cannot enable qemu-$cpu"
      BINFMT_ENABLED="$BINFMT_ENABLED qemu-$cpu"
    fi
  done
}

binfmt_restore() {
  local entry
  [ -n "$BINFMT_REGISTERED" ] && echo -1 >"$BINFMT/qemu-i386"
  for entry in $BINFMT_ENABLED; do update-binfmts --disable "$entry" >/dev/null 2>&1; done
  [ -n "$BINFMT_MOUNTED" ] && umount "$BINFMT"
  true
}
