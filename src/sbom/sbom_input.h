#pragma once
// What an SBOM says, whatever its format: the packages of one image (or of
// one lock's platform), their origin and licences, their dependency edges,
// and the image they describe. spdx_document() and cyclonedx_document() turn
// it into bytes; sbom_from_lock() and sbom_from_image() fill it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace debimg {

struct SbomPackage {
  std::string name, version, architecture;  // validated (validate/identifiers.h)
  std::string source, source_version;       // the Source: field, else the package's own
  std::string maintainer;                   // supplier; "" when unknown
  std::string sha256;                       // the .deb's, from a lock; "" when unknown
  std::string pool_path;                    // relative to the archive root; "" when unknown
  // DEP-5 licence short names, one expression per Files paragraph as
  // written; empty: not machine-readable (NOASSERTION).
  std::vector<std::string> licenses;
  std::vector<std::string> depends;  // names of other packages of this SBOM
};

// The image an SBOM describes (absent for a lock's SBOM).
struct SbomImage {
  std::string name;    // purl name, e.g. "minideb"
  std::string digest;  // the manifest's, "sha256:…"
  std::string platform;  // "linux/amd64"
};

struct SbomInput {
  std::string name;            // the document's name: the profile or the image
  std::string distro_id = "debian";  // purl namespace (os-release ID, the lock's Origin)
  std::string distro;          // purl distro qualifier value, e.g. "debian-12"; "" when unknown
  int64_t created = 0;         // SOURCE_DATE_EPOCH
  std::string tool_version;    // debimg's
  std::optional<SbomImage> image;
  std::vector<SbomPackage> packages;  // sorted by name, then architecture
};

// SOURCE_DATE_EPOCH from the environment when it is set (digits only), else `fallback`.
int64_t sbom_epoch(int64_t fallback);

}  // namespace debimg
