#pragma once
// An SBOM of an OCI image debimg wrote (a layout folder or an
// oci-archive): the packages its dpkg status says are installed, their
// licences from its copyright files, its distribution from os-release, and
// the manifest digest it describes.
//
// The image holds no lock, and dpkg's status has no .deb hashes: with the
// lock it was built from, each package the lock has at the same version
// gets the lock's SHA-256, pool path and Depends-On edges; without it the
// SBOM says what the image says (no checksums, edges from Depends and
// Pre-Depends).
#include <filesystem>
#include <optional>
#include <string>

#include "lock/lockfile.h"
#include "sbom/sbom_input.h"

namespace debimg {

struct ImageSbomOptions {
  std::string name;      // the image's name in purls; "" → the file or folder's name
  std::string platform;  // picks one of a multi-platform image ("linux/arm64"); "" for a one-platform image
  std::optional<Lockfile> lock;
};

SbomInput sbom_from_image(const std::filesystem::path& image, const ImageSbomOptions& options);

}  // namespace debimg
