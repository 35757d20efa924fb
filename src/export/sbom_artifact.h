#pragma once
// An SBOM attached to an image in its OCI layout, as OCI image-spec 1.1
// describes an artifact: an image manifest whose `artifactType` is the
// document's media type, whose config is the empty descriptor ({}), whose
// one layer is the document, and whose `subject` is the image manifest.
// The layout lists it in its referrers index (export/layout_referrers.h),
// not in index.json's manifests: those stay the one image, so that every
// client that takes a layout's only image finds one.
#include <cstdint>
#include <filesystem>
#include <string>

namespace debimg {

struct SbomArtifact {
  std::string media_type;  // application/spdx+json, application/vnd.cyclonedx+json
  std::string document;
};

// The media type of an SBOM format's JSON document.
std::string sbom_media_type(const std::string& format);

// Stores the artifact in `layout`, whose index.json's first entry is the
// image manifest it describes, and lists it among the layout's referrers (an
// artifact of the same type before it is replaced); returns the artifact
// manifest's digest. `created` (SOURCE_DATE_EPOCH) dates it.
std::string attach_sbom(const std::filesystem::path& layout, const SbomArtifact& sbom, int64_t created);

}  // namespace debimg
