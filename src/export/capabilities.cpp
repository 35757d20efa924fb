#include "export/capabilities.h"

#include <cstdint>
#include <cstring>

#include "validate/file_capability.h"

namespace debimg {

std::string capability_v2(const std::string& value) {
  // struct vfs_ns_cap_data: le32 magic_etc; {le32 permitted, inheritable}[2]; le32 rootid
  if (value.size() != kVfsCapSize3) return value;
  uint32_t magic;
  std::memcpy(&magic, value.data(), 4);  // little endian, as the kernel stores it (x86, arm64, …)
  if ((magic & kVfsCapRevisionMask) != kVfsCapRevision3) return value;
  uint32_t v2 = (magic & ~kVfsCapRevisionMask) | kVfsCapRevision2;
  std::string out = value.substr(0, kVfsCapSize2);
  std::memcpy(out.data(), &v2, 4);
  return out;
}

}  // namespace debimg
