#pragma once
// ldconfig's search_dir (glibc elf/ldconfig.c): the libraries of one
// folder, one per soname (a file before a symlink, else the newest name),
// added to the cache; with `update_links`, as ldconfig without -X: soname
// links made (create_links) and dangling "*.so.*" symlinks removed.
#include "configure/ld_cache_dirs.h"
#include "configure/ld_cache_file.h"
#include "configure/ld_cache_types.h"

namespace debimg {

struct LdCacheScan {
  int root_fd;
  LdconfigDialect dialect;
  bool update_links;
  LdCacheDirs& dirs;  // 2.36 appends legacy hwcap subfolders found here
  LdCacheFile& cache;
};

void search_dir(const LdCacheScan& scan, const LdCacheDir& dir);

}  // namespace debimg
