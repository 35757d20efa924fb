#pragma once
// CycloneDX 1.5 JSON (cyclonedx.org/docs/1.5/json): one component per .deb,
// the image as metadata.component, the dependency edges as dependencies.
// Deterministic bytes: the serial number is a UUID of the content.
#include <string>

#include "sbom/sbom_input.h"

namespace debimg {

std::string cyclonedx_document(const SbomInput& input);

}  // namespace debimg
