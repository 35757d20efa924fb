#pragma once
// What both SBOM formats need about the packages: their dependency edges
// resolved to packages of the SBOM, and a name-based UUID for the document.
#include <string>
#include <vector>

#include "sbom/sbom_input.h"

namespace debimg {

// For each package, the indexes of the packages its `depends` name: the one
// of its own architecture, else `all`, else the first of that name; names
// that are not in the SBOM are left out. Sorted, each once.
std::vector<std::vector<size_t>> dependency_edges(const std::vector<SbomPackage>& packages);

// An RFC 4122 version 5 style UUID (name-based, SHA-256 truncated) of `content`,
// so the same input gives the same document identifier.
std::string content_uuid(const std::string& content);

}  // namespace debimg
