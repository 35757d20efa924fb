#pragma once
// SPDX 2.3 JSON (spdx.github.io/spdx-spec/v2.3): one package per .deb, the
// image as the package the document DESCRIBES (CONTAINS each .deb), the
// lock's or dpkg's dependency edges as DEPENDS_ON. Deterministic bytes.
#include <string>

#include "sbom/sbom_input.h"

namespace debimg {

std::string spdx_document(const SbomInput& input);

}  // namespace debimg
