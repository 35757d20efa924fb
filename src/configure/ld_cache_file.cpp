#include "configure/ld_cache_file.h"

#include <algorithm>
#include <bit>
#include <numeric>

#include "util/error.h"

namespace debimg {

int dl_cache_libcmp(const char* p1, const char* p2) {
  // As glibc computes it: plain (signed) chars, int arithmetic wrapping on
  // absurd digit runs.
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  while (*p1 != '\0') {
    if (digit(*p1)) {
      if (!digit(*p2)) return 1;
      unsigned v1 = static_cast<unsigned>(*p1++ - '0'), v2 = static_cast<unsigned>(*p2++ - '0');
      while (digit(*p1)) v1 = v1 * 10 + static_cast<unsigned>(*p1++ - '0');
      while (digit(*p2)) v2 = v2 * 10 + static_cast<unsigned>(*p2++ - '0');
      if (v1 != v2) return static_cast<int>(v1 - v2);
    } else if (digit(*p2)) {
      return -1;
    } else if (*p1 != *p2) {
      return static_cast<signed char>(*p1) - static_cast<signed char>(*p2);
    } else {
      ++p1;
      ++p2;
    }
  }
  return static_cast<signed char>(*p1) - static_cast<signed char>(*p2);
}

uint32_t LdCacheFile::hwcaps_subdir(const std::string& name) {
  const uint32_t id = strings_.add(name);
  for (size_t i = 0; i < subdirs_.size(); ++i)
    if (subdirs_[i].string == id) return static_cast<uint32_t>(i);
  subdirs_.push_back({name, id});
  return static_cast<uint32_t>(subdirs_.size() - 1);
}

// cache.c's compare(): soname (newest first), flags, glibc-hwcaps entries
// first and by subfolder name, then the most specific legacy hwcap.
int LdCacheFile::compare(const Entry& e1, const Entry& e2) const {
  const int res = dl_cache_libcmp(strings_.text(e2.lib).c_str(), strings_.text(e1.lib).c_str());
  if (res != 0) return res;
  if (e1.flags != e2.flags) return e1.flags < e2.flags ? 1 : -1;
  if (e1.hwcaps.has_value() != e2.hwcaps.has_value()) return e1.hwcaps ? -1 : 1;
  if (e1.hwcaps) {
    const int names = subdirs_[*e1.hwcaps].name.compare(subdirs_[*e2.hwcaps].name);
    if (names != 0) return names;
  }
  if (e1.bits_hwcap != e2.bits_hwcap) return e2.bits_hwcap > e1.bits_hwcap ? 1 : -1;
  if (e1.hwcap != e2.hwcap) return e2.hwcap > e1.hwcap ? 1 : -1;
  return 0;
}

void LdCacheFile::add(const std::string& dir, const std::string& file, const std::string& soname, int flags,
                      unsigned isa_level, uint64_t hwcap, std::optional<uint32_t> hwcaps) {
  Entry e{};
  e.path = strings_.add(dir + "/" + file);
  e.lib = strings_.add(soname);
  e.flags = flags;
  e.isa_level = isa_level;
  e.hwcap = hwcap;
  e.bits_hwcap = std::popcount(hwcap);
  e.hwcaps = hwcaps;
  if (hwcaps) subdirs_[*hwcaps].used = true;
  // The list stays sorted: the new entry goes before the first that sorts after it.
  auto at = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& old) { return compare(old, e) > 0; });
  entries_.insert(at, e);
}

// assign_glibc_hwcaps_indices: the used subfolders sorted by name; their
// position is the index entries refer to.
std::vector<uint32_t> LdCacheFile::hwcaps_order() const {
  std::vector<uint32_t> used;
  for (uint32_t i = 0; i < subdirs_.size(); ++i)
    if (subdirs_[i].used) used.push_back(i);
  std::sort(used.begin(), used.end(), [&](uint32_t a, uint32_t b) { return subdirs_[a].name < subdirs_[b].name; });
  return used;
}

}  // namespace debimg
