#include "configure/ld_legacy_hwcaps.h"

#include <array>
#include <string_view>

namespace debimg {

namespace {

constexpr std::array<std::string_view, 3> kHwcapNames{"sse2", "x86_64", "avx512_1"};  // bits 0..2
constexpr std::array<std::string_view, 4> kPlatforms{"i586", "i686", "haswell", "xeon_phi"};
constexpr int kFirstPlatformBit = 48;
constexpr int kTlsBit = 63;

// The hwcap bit a component names, or -1.
int hwcap_bit(std::string_view name) {
  for (size_t i = 0; i < kHwcapNames.size(); ++i)
    if (name == kHwcapNames[i]) return static_cast<int>(i);
  for (size_t i = 0; i < kPlatforms.size(); ++i)
    if (name == kPlatforms[i]) return kFirstPlatformBit + static_cast<int>(i);
  return name == "tls" ? kTlsBit : -1;
}

}  // namespace

bool is_legacy_hwcap_name(const std::string& name) { return hwcap_bit(name) >= 0; }

uint64_t legacy_path_hwcap(const std::string& path) {
  uint64_t hwcap = 0;
  std::string_view rest = path;
  for (size_t slash; (slash = rest.rfind('/')) != std::string_view::npos; rest = rest.substr(0, slash)) {
    const int bit = hwcap_bit(rest.substr(slash + 1));
    if (bit < 0) break;
    hwcap += uint64_t{1} << bit;  // a sum, as ldconfig's: "tls/tls" wraps
  }
  return hwcap;
}

}  // namespace debimg
