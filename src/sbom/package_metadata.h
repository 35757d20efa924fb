#pragma once
// What an SBOM says of a package beyond the lock: its source package,
// maintainer and licences, from its control stanza and its copyright file
// (in a cached .deb, or in an image's layers). All of it is hostile input.
#include <filesystem>
#include <string>
#include <vector>

#include "sbom/sbom_input.h"
#include "unpack/control_file.h"

namespace debimg {

// Copyright files beyond this are not read (the largest in Debian are a few hundred KiB).
constexpr size_t kMaxCopyrightSize = 4 << 20;

// Source, source version and maintainer of `p` from its control stanza:
// `Source: name (version)`, either part defaulting to the package's own.
// Throws Error naming `what` and the field when a value is not well-formed.
void apply_control(SbomPackage& p, const ControlFile& control, const std::string& what);

// usr/share/doc/NAME/copyright of a .deb, and where its doc folder points
// when it is a symlink (libgcc-s1 → gcc-12-base): then the licences are the
// target package's.
struct DebDocs {
  ControlFile control;
  std::string copyright;  // "" when the .deb has none
  std::string doc_link;   // the doc folder's symlink target's package name; "" when a folder
};
DebDocs read_deb_docs(const std::filesystem::path& deb, const std::string& package, const std::string& what);

// The package a doc folder symlink names ("gcc-12-base", "../doc/x" → "x"); "" when not a package name.
std::string doc_link_package(const std::string& target);

// Licences for packages without a copyright file of their own, from the
// package their doc folder links to (one hop).
void inherit_licenses(std::vector<SbomPackage>& packages, const std::vector<std::string>& doc_links);

}  // namespace debimg
