#pragma once
// The essential set of an unpacked closure: what dpkg must configure before
// anything else (configure) and what the first image layers hold (export).
#include <string>
#include <vector>

#include "unpack/unpacked_package.h"

namespace debimg {

// The Essential: yes packages and what they depend on (Depends, Pre-Depends;
// every alternative or provider present), as dpkg names them (info_name()),
// in the order of `packages`.
std::vector<std::string> essential_closure(const std::vector<UnpackedPackage>& packages);

}  // namespace debimg
