#pragma once
// Package URLs (github.com/package-url/purl-spec) for Debian packages and
// OCI images, percent-encoded as the spec asks: every byte outside
// A-Za-z0-9 . - _ ~ is %XX in a name, version or qualifier value.
#include <string>
#include <string_view>

namespace debimg {

std::string purl_encode(std::string_view text);

// pkg:deb/debian/NAME@VERSION?arch=ARCH&distro=DISTRO (qualifiers sorted; no distro when "").
std::string deb_purl(const std::string& distro_id, const std::string& name, const std::string& version,
                     const std::string& architecture, const std::string& distro);

// pkg:oci/NAME@sha256%3A…
std::string oci_purl(const std::string& name, const std::string& digest);

}  // namespace debimg
