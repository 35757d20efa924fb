#pragma once
// The purl `distro` qualifier: "debian-12" from os-release's ID and
// VERSION_ID, or from a suite's codename when only a lock is at hand.
#include <string>

namespace debimg {

// bookworm → 12, trixie → 13, … ; "" for codenames it does not know (sid has no number).
std::string debian_version_of_codename(const std::string& codename);

// "debian-12"; "" when `version` is empty or not a short token of [a-z0-9.].
std::string purl_distro(const std::string& id, const std::string& version);

// A field of an os-release file (ID, VERSION_ID), unquoted; "" when absent.
std::string os_release_field(const std::string& text, const std::string& field);

}  // namespace debimg
