#pragma once
// The SBOMs a profile's `image.sbom` asks for, made from the OCI layout just
// written (what the image holds, with the lock's hashes, pool paths and
// edges: the bytes `debimg sbom OUT --lock LOCK --name NAME` prints) and
// attached to its image manifest as OCI artifacts (export/sbom_artifact.h).
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "lock/lockfile.h"
#include "profile/profile.h"

namespace debimg {

// format → the document, for each format of `image.sbom`.
std::map<std::string, std::string> image_sbom_documents(const std::filesystem::path& layout, const Profile& profile,
                                                        const Lockfile& lock);

// format → the artifact manifest's digest.
std::map<std::string, std::string> attach_image_sboms(const std::filesystem::path& layout, const Profile& profile,
                                                      const Lockfile& lock, int64_t source_date_epoch);

// The image's name in the SBOM's purls: the last part of image.tag's
// repository ("debimg/base:1.2" → "base"), else the profile's name.
std::string sbom_image_name(const Profile& profile);

}  // namespace debimg
