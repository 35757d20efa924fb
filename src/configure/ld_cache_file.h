#pragma once
// The cache itself (glibc elf/cache.c): entries kept in ldconfig's order as
// they are added, then written in the new format ("glibc-ld.so.cache1.1",
// little endian) with the extension section that names the generator and
// lists the glibc-hwcaps subfolders.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "configure/ld_cache_strings.h"

namespace debimg {

// _dl_cache_libcmp: names compared with runs of digits as numbers.
int dl_cache_libcmp(const char* p1, const char* p2);

class LdCacheFile {
 public:
  // new_glibc_hwcaps_subdirectory: the index of a glibc-hwcaps subfolder
  // name (its name enters the string table even if no library uses it).
  uint32_t hwcaps_subdir(const std::string& name);

  // add_to_cache: the library `soname` found as `dir`/`file`. `hwcap`:
  // 2.36's legacy hwcap bits (0 from 2.37 on); `hwcaps`: the glibc-hwcaps
  // subfolder it was found in.
  void add(const std::string& dir, const std::string& file, const std::string& soname, int flags, unsigned isa_level,
           uint64_t hwcap, std::optional<uint32_t> hwcaps);

  size_t size() const { return entries_.size(); }

  // save_cache's bytes; `generator` is the extension's generator text.
  std::string bytes(const std::string& generator) const;

 private:
  struct Entry {
    uint32_t lib, path;  // string ids
    int flags;
    unsigned isa_level;
    uint64_t hwcap;
    int bits_hwcap;
    std::optional<uint32_t> hwcaps;
  };
  struct Subdir {
    std::string name;
    uint32_t string;
    bool used = false;
  };
  int compare(const Entry& e1, const Entry& e2) const;
  std::vector<uint32_t> hwcaps_order() const;

  LdCacheStrings strings_;
  std::vector<Entry> entries_;
  std::vector<Subdir> subdirs_;
};

}  // namespace debimg
