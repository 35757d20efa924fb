#include "validate/file_capability.h"

#include <cstdint>
#include <cstdio>

namespace debimg {

std::string file_capability_problem(const std::string& value) {
  if (value.size() < 4) return std::to_string(value.size()) + " bytes, too short for the magic word";
  // Little endian, as the kernel stores it (le32 magic_etc).
  uint32_t magic = 0;
  for (int byte = 3; byte >= 0; --byte) magic = (magic << 8) | static_cast<unsigned char>(value[static_cast<size_t>(byte)]);
  const uint32_t revision = magic & kVfsCapRevisionMask;
  size_t size = 0;
  if (revision == kVfsCapRevision1) size = kVfsCapSize1;
  else if (revision == kVfsCapRevision2) size = kVfsCapSize2;
  else if (revision == kVfsCapRevision3) size = kVfsCapSize3;
  char word[16];
  std::snprintf(word, sizeof word, "0x%08x", magic);
  if (size == 0) return std::string("magic word ") + word + " names no revision of vfs_cap_data (1, 2 or 3)";
  const std::string rev = std::to_string(revision >> 24);
  if (value.size() != size)
    return std::to_string(value.size()) + " bytes, but revision " + rev + " takes " + std::to_string(size);
  if (magic & ~(kVfsCapRevisionMask | kVfsCapFlagsEffective))
    return std::string("magic word ") + word + " sets flags other than 'effective'";
  return "";
}

}  // namespace debimg
