#pragma once
// Debian architectures as OCI platforms (image-spec's `platform`: GOARCH
// names, and a variant where OCI defines one), and back, for --platform.
#include <string>
#include <vector>

namespace debimg {

struct OciPlatform {
  std::string os = "linux", architecture, variant;
  // "linux/arm/v7", "linux/amd64"
  std::string str() const;
};

// amd64 → linux/amd64, arm64 → linux/arm64/v8, armhf → linux/arm/v7,
// armel → linux/arm/v5, i386 → linux/386, ppc64el → linux/ppc64le, …
OciPlatform oci_platform(const std::string& debian_architecture);

// The one of `architectures` that `written` names ("linux/arm64",
// "linux/arm64/v8", "linux/arm/v7"; a variant may be left out where only
// one architecture matches). Throws Error naming `what` and the choices.
std::string architecture_of_platform(const std::string& written, const std::vector<std::string>& architectures,
                                     const std::string& what);

}  // namespace debimg
