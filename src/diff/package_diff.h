#pragma once
// What changes between two package sets (two lockfiles today): packages
// added, removed, and changed (another version or architecture), by name,
// for `debimg diff`.
#include <string>
#include <vector>

#include "resolve/resolution.h"

namespace debimg {

struct PackageChange {
  enum Kind { added, removed, changed } kind = changed;
  std::string name;
  std::string old_version, new_version;            // empty on the side that lacks it
  std::string old_architecture, new_architecture;  // the package's own: amd64, all, …
};

// In name order; empty when the sets hold the same versions.
std::vector<PackageChange> diff_packages(const std::vector<ResolvedPackage>& before,
                                         const std::vector<ResolvedPackage>& after);

// "+ NAME VERSION (ARCH)", "- NAME VERSION (ARCH)", "~ NAME OLD -> NEW (ARCH)".
std::string change_line(const PackageChange& change);

}  // namespace debimg
