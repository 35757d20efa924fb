#pragma once
// An SBOM attached to an image in its OCI layout, as OCI image-spec 1.1
// puts an artifact beside what it describes: an image manifest whose
// `artifactType` is the document's media type, whose config is the empty
// descriptor ({}), whose one layer is the document, and whose `subject` is
// the image manifest. index.json lists it after the image (as oras does,
// so a layout needs no fallback tag), under the ref name
// "sha256-<image hex>.<format>": tools that address a layout's manifests by
// ref name only (skopeo, umoci) can copy it.
#include <cstdint>
#include <filesystem>
#include <string>

namespace debimg {

struct SbomArtifact {
  std::string format;      // "spdx" or "cyclonedx": the ref name's suffix
  std::string media_type;  // application/spdx+json, application/vnd.cyclonedx+json
  std::string document;
};

// The media type of an SBOM format's JSON document.
std::string sbom_media_type(const std::string& format);

// Stores the artifact in `layout`, whose index.json's first entry is the
// image manifest it describes, and lists it in index.json; returns the
// artifact manifest's digest. `created` (SOURCE_DATE_EPOCH) dates it.
std::string attach_sbom(const std::filesystem::path& layout, const SbomArtifact& sbom, int64_t created);

}  // namespace debimg
