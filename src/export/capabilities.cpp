#include "export/capabilities.h"

#include <cstdint>
#include <cstring>

namespace debimg {

std::string capability_v2(const std::string& value) {
  // struct vfs_ns_cap_data: le32 magic_etc; {le32 permitted, inheritable}[2]; le32 rootid
  if (value.size() != 24) return value;
  uint32_t magic;
  std::memcpy(&magic, value.data(), 4);  // little endian, as the kernel stores it (x86, arm64, …)
  const uint32_t revision = magic & 0xFF000000u;
  if (revision != 0x03000000u) return value;
  uint32_t v2 = (magic & ~0xFF000000u) | 0x02000000u;
  std::string out = value.substr(0, 20);
  std::memcpy(out.data(), &v2, 4);
  return out;
}

}  // namespace debimg
