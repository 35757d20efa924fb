#include "export/oci_platform.h"

#include "util/error.h"
#include "util/strings.h"
#include "validate/identifiers.h"

namespace debimg {

std::string OciPlatform::str() const { return os + "/" + architecture + (variant.empty() ? "" : "/" + variant); }

OciPlatform oci_platform(const std::string& deb) {
  if (deb == "armhf") return {"linux", "arm", "v7"};
  if (deb == "armel") return {"linux", "arm", "v5"};
  if (deb == "arm64") return {"linux", "arm64", "v8"};
  if (deb == "i386") return {"linux", "386", ""};
  if (deb == "ppc64el") return {"linux", "ppc64le", ""};
  if (deb == "mips64el") return {"linux", "mips64le", ""};
  if (deb == "mipsel") return {"linux", "mipsle", ""};
  return {"linux", deb, ""};
}

std::string architecture_of_platform(const std::string& written, const std::vector<std::string>& architectures,
                                     const std::string& what) {
  const std::vector<std::string> parts = split(written, '/');
  std::vector<std::string> names, matches;
  for (const auto& arch : architectures) {
    const OciPlatform p = oci_platform(arch);
    names.push_back(p.str());
    if (parts.size() < 2 || parts.size() > 3 || parts[0] != p.os || parts[1] != p.architecture) continue;
    if (parts.size() == 3 && parts[2] != p.variant) continue;
    matches.push_back(arch);
  }
  if (matches.size() == 1) return matches.front();
  const std::string shown = quoted_value(written);
  if (matches.empty())
    throw Error(what + ": " + shown + " is none of the platforms the profile builds (" + join(names, ", ") + ")");
  throw Error(what + ": " + shown + " names more than one platform the profile builds; add the variant (" +
              join(names, ", ") + ")");
}

}  // namespace debimg
