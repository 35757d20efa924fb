# Library folders for the ld.so.cache tests (ld_so_cache_mirror.test.sh):
# craft_ld_tree ROOT CANARY adds to a Debian tree what ldconfig has to get
# right and what a hostile tree may hold. CANARY is a host folder outside
# the tree that must never be read or written through it.

# elf_patch FILE WHAT: a copy of a library made bogus (python3, struct only):
# phnum (65535 program headers running past the end), phoff (far beyond it),
# strtab (DT_STRTAB outside the file), soname (DT_SONAME beyond the strings).
elf_patch() {
  python3 - "$1" "$2" <<'PY'
import struct, sys
path, what = sys.argv[1], sys.argv[2]
b = bytearray(open(path, "rb").read())
phoff, = struct.unpack_from("<Q", b, 32)
phentsize, phnum = struct.unpack_from("<HH", b, 54)
if what == "phnum":
    struct.pack_into("<QH", b, 32, len(b) - 64, 0) ; struct.pack_into("<H", b, 56, 65535)
elif what == "phoff":
    struct.pack_into("<Q", b, 32, 1 << 40)
else:
    for i in range(phnum):
        p_type, _, p_offset = struct.unpack_from("<IIQ", b, phoff + i * phentsize)
        if p_type == 2:  # PT_DYNAMIC
            at = p_offset
            while True:
                tag, val = struct.unpack_from("<qQ", b, at)
                if tag == 0: break
                if (what == "strtab" and tag == 5) or (what == "soname" and tag == 14):
                    struct.pack_into("<Q", b, at + 8, 1 << 44)
                at += 16
open(path, "wb").write(b)
PY
}

craft_ld_tree() {
  local root=$1 canary=$2 src t=$1/opt/ldtest what
  src=$(mktemp -d)
  mkdir -p "$t"/{lib,rel,typed,typed=libc6,lib32,crlf,lib/tls/x86_64,lib/libdir.so.1} "$root/etc/ld.so.conf.d/ldtest.d" "$root/tmp"
  mkdir -p "$t"/lib/glibc-hwcaps/{x86-64-v2,x86-64-v3,x86-64-v4,bad:name,.hidden}
  echo 'int f(void) { return 1; }' >"$src/f.c"
  so() { gcc -shared -fPIC -O2 -nostartfiles -o "$1" "$src/f.c" ${2:+-Wl,-soname,$2} "${@:3}"; }
  # Two versions of one soname (the newer gets the link), a dev link, a wrong link.
  so "$t/lib/libfoo.so.1.2" libfoo.so.1 && so "$t/lib/libfoo.so.1.10" libfoo.so.1
  ln -s libfoo.so.1.10 "$t/lib/libfoo.so"
  so "$t/lib/libbar.so.2.0" libbar.so.2 && ln -s libfoo.so.1.2 "$t/lib/libbar.so.2"
  so "$t/lib/libreal.so.3" libreal.so.3 && so "$t/lib/libnosoname.so.5"
  so "$t/lib/libnum.so.01" libnum.so.1 && so "$t/lib/libnum.so.1" libnum.so.1
  so "$t/rel/libreal.so.3" libreal.so.3 && so "$t/typed/libtyped.so.1" libtyped.so.1
  so "$t/typed=libc6/libtypedeq.so.1" libtypedeq.so.1 && so "$t/crlf/libcrlf.so.1" libcrlf.so.1
  gcc -m32 -shared -fPIC -nostdlib -o "$t/lib32/libi386.so.2" -Wl,-soname,libi386.so.2 "$src/f.c"
  cp "$t/lib32/libi386.so.2" "$t/typed/libi386typed.so.2"
  # Sonames that climb: the link lands inside the tree, never in the host's /tmp.
  so "$t/lib/libslash.so.1" ../rel/libslash-link.so.1
  so "$t/lib/libclimb.so.1" "../../../../../../../../tmp/$(basename "$canary")-climb.so.1"
  # Symlinks: dangling (removed), out of the tree (dangling inside it), absolute inside it.
  ln -s libnothere.so.9 "$t/lib/libstale.so.1"
  cp "$t/lib/libreal.so.3" "$canary/libcanary.so.1"
  ln -s "../../../../../../../../..$canary/libcanary.so.1" "$t/lib/libout.so.1"
  ln -s "$canary/libcanary.so.1" "$t/lib/libabsout.so.1"
  ln -s /usr/lib/x86_64-linux-gnu/libz.so.1 "$t/lib/libabs.so.7"
  # Not libraries: text, a linker script, empty, an a.out magic, bogus ELF headers, temporaries.
  echo "not a library" >"$t/lib/libtext.so.1"
  echo "/* GNU ld script */ GROUP ( libreal.so.3 )" >"$t/lib/libscript.so"
  : >"$t/lib/libempty.so.1"
  { printf '\013\001'; head -c 70 /dev/zero; } >"$t/lib/libaout.so.4.5"
  for what in phnum phoff strtab soname; do cp "$t/lib/libreal.so.3" "$t/lib/libbogus-$what.so.1"; elf_patch "$t/lib/libbogus-$what.so.1" $what; done
  so "$t/lib/libtemp.so.1.#prelink#.abcdef" libtemp.so.1
  so "$t/lib/libdpkg.so.1.dpkg-new" libdpkg.so.1 && so "$t/lib/librpm.so.1;5f3a" librpm.so.1
  # glibc-hwcaps: an ISA level note, an unused and a skipped subfolder, a
  # symlinked duplicate whose name still enters the string table.
  so "$t/lib/libv3.so.1" libv3.so.1
  so "$t/lib/glibc-hwcaps/x86-64-v3/libv3.so.1" libv3.so.1 -march=x86-64-v3 -Wl,-z,x86-64-v3
  so "$t/lib/glibc-hwcaps/x86-64-v2/libv3.so.1" libv3.so.1 -march=x86-64-v2 -Wl,-z,x86-64-v2
  ln -s libv3.so.1 "$t/lib/glibc-hwcaps/x86-64-v2/weirdname"
  so "$t/lib/glibc-hwcaps/bad:name/libv3.so.1" libv3.so.1 && so "$t/lib/glibc-hwcaps/.hidden/libv3.so.1" libv3.so.1
  ln -s x86-64-v2 "$t/lib/glibc-hwcaps/link-v2"
  # 2.36's legacy hwcap folders (tls, tls/x86_64, a symlinked haswell).
  cp "$t/lib/libreal.so.3" "$t/lib/tls/" && cp "$t/lib/libreal.so.3" "$t/lib/tls/x86_64/"
  ln -s tls "$t/lib/haswell"
  # A folder loop, duplicates by inode, relative and odd configuration lines.
  ln -s loop "$t/loop" && ln -s lib "$t/alias"
  printf '%s\n' "# ldtest" "/opt/ldtest/lib/ /" "/opt/ldtest/lib/  " "/opt/ldtest/alias" "opt/ldtest/rel" \
    "/opt/ldtest/typed=libc6" "  /opt/ldtest/crlf"$'\r' "hwcap 0 nosegneg" "include ldtest.d/*.conf" \
    "include /opt/ldtest/loop/*.conf /etc/ld.so.conf.d/ldtest.d/nomatch*" "/opt/ldtest/loop" "/opt/ldtest/missing" \
    >"$root/etc/ld.so.conf.d/ldtest.conf"
  echo "/opt/ldtest/lib32" >"$root/etc/ld.so.conf.d/ldtest.d/i386.conf"
  rm -rf "$src"
}

# The symlinks and library files a cache update may touch, with targets.
ld_tree_links() {
  (cd "$1" && find opt/ldtest tmp usr/lib/x86_64-linux-gnu \( -type l -o -name '*.so*' \) -printf '%p %y %l\n' | sort)
}
