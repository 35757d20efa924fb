#pragma once
// The library folders ldconfig searches, in its order (glibc
// elf/ldconfig.c add_dir_1, add_single_dir, add_glibc_hwcaps_subdirectories):
// each folder once by device and inode, the first path naming it kept,
// each followed by its glibc-hwcaps subfolders.
#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "configure/ld_cache_file.h"
#include "configure/ld_cache_types.h"

namespace debimg {

struct LdCacheDir {
  std::string path;  // as configured: the cache names libraries under it
  int flag = kLdFlagAny;  // 2.36's "DIR=libc6" type, else any (2.41: libc6)
  dev_t dev = 0;
  ino_t ino = 0;
  std::optional<uint32_t> hwcaps;  // a glibc-hwcaps subfolder: its index in the cache
};

class LdCacheDirs {
 public:
  LdCacheDirs(int root_fd, LdconfigDialect dialect, LdCacheFile& cache)
      : root_fd_(root_fd), dialect_(dialect), cache_(cache) {}

  // add_dir_1: one folder line of ld.so.conf, or a built-in system folder.
  void add_line(const std::string& line);
  // add_single_dir: false when the folder is listed already (the listed
  // one takes this one's library type).
  bool add(LdCacheDir dir);

  size_t size() const { return dirs_.size(); }
  LdCacheDir at(size_t i) const { return dirs_[i]; }

 private:
  void add_glibc_hwcaps(const LdCacheDir& dir);

  int root_fd_;
  LdconfigDialect dialect_;
  LdCacheFile& cache_;
  std::vector<LdCacheDir> dirs_;
};

// Debian amd64's SYSTEM_DIRS, which Debian's ldconfig adds after
// ld.so.conf (debian/patches/any/local-ldconfig-multiarch.diff), trailing
// slashes and all, so x86-64's add_system_dir adds no lib64/libx32 twins.
inline const std::vector<std::string>& debian_amd64_system_dirs() {
  static const std::vector<std::string> dirs{"/lib/x86_64-linux-gnu/", "/usr/lib/x86_64-linux-gnu/", "/lib/", "/usr/lib/"};
  return dirs;
}

}  // namespace debimg
