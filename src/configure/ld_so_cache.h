#pragma once
// /etc/ld.so.cache written by debimg, byte for byte what the tree's own
// ldconfig writes when run as root in a chroot of the tree (Debian's glibc
// 2.36 or 2.41, x86-64), without running it: the tree's /sbin/ldconfig is
// static, so path translation cannot reach it, and `ldconfig -r` needs
// chroot(2). The port follows glibc's elf/ldconfig.c, cache.c, readlib.c,
// readelflib.c and stringtable.c with Debian's patches. The tree is
// hostile: it is read only through tree_fs (paths resolve inside it), every
// library header is bounds-checked, and ld.so.conf include loops end.
#include <string>

#include "configure/ld_cache_types.h"

namespace debimg {

struct LdCacheOptions {
  LdconfigDialect dialect = LdconfigDialect::glibc_2_36;
  // The generator the cache names, e.g. "ldconfig (Debian GLIBC
  // 2.36-9+deb12u14) stable release version 2.36" (glibc's "ldconfig "
  // PKGVERSION RELEASE " release version " VERSION).
  std::string generator;
  // As ldconfig without -X: make missing soname symlinks, remove dangling
  // "*.so.*" ones in the library folders.
  bool update_links = false;
};

// The dialect and generator of the tree's own ldconfig, read as data from
// its /sbin/ldconfig (never run). Throws Error when it is missing, not an
// x86-64 program, or a glibc other than 2.36 and 2.41.
LdCacheOptions tree_ldconfig_options(int root_fd);

// The cache for the tree at `root_fd`: its /etc/ld.so.conf (and includes)
// and Debian's system folders.
std::string ld_so_cache(int root_fd, const LdCacheOptions& options);

// What running the tree's ldconfig does to it: the soname links, and
// etc/ld.so.cache replaced atomically (a temporary sibling renamed over it).
void write_ld_so_cache(int root_fd);

}  // namespace debimg
