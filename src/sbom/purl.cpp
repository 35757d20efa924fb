#include "sbom/purl.h"

#include <cctype>

#include "util/percent_encode.h"

namespace debimg {

std::string purl_encode(std::string_view text) { return percent_encode(text); }

std::string deb_purl(const std::string& distro_id, const std::string& name, const std::string& version,
                     const std::string& architecture, const std::string& distro) {
  // The spec lowercases the type, namespace and a deb's name; qualifier keys
  // are sorted (arch < distro).
  std::string ns;
  for (char c : distro_id) ns += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string purl = "pkg:deb/" + purl_encode(ns) + "/" + purl_encode(name) + "@" + purl_encode(version) +
                     "?arch=" + purl_encode(architecture);
  if (!distro.empty()) purl += "&distro=" + purl_encode(distro);
  return purl;
}

std::string oci_purl(const std::string& name, const std::string& digest) {
  return "pkg:oci/" + purl_encode(name) + "@" + purl_encode(digest);
}

}  // namespace debimg
