#pragma once
// The string table of /etc/ld.so.cache, as glibc's elf/stringtable.c builds
// it: each distinct string once, strings that end another one stored inside
// it (tail merging), in an order that depends only on the set of strings.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace debimg {

class LdCacheStrings {
 public:
  // The id of `s`, the same for equal strings.
  uint32_t add(std::string_view s);
  const std::string& text(uint32_t id) const { return strings_[id]; }

  struct Finalized {
    std::string bytes;              // what the file holds, NUL-terminated strings
    std::vector<uint32_t> offsets;  // by id: where that string starts in `bytes`
  };
  // stringtable_finalize: sorted by reversed string, longer first, each
  // string placed inside the previous one when it is its suffix.
  Finalized finalize() const;

 private:
  std::vector<std::string> strings_;
  std::unordered_map<std::string, uint32_t> ids_;
};

}  // namespace debimg
