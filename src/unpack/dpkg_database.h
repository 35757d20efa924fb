#pragma once
// dpkg's database for unpacked packages, as dpkg writes it:
// status ("install ok unpacked"), info/*.{list,md5sums,conffiles,scripts},
// triggers/ interests, diversions, arch, and apt's extended_states. (dpkg
// leaves no `available` file in a fresh system, and neither does debimg.)
#include <set>
#include <string>
#include <vector>

#include "unpack/file_table.h"
#include "unpack/tree_writer.h"
#include "unpack/unpacked_package.h"

namespace debimg {

// `requested`: packages the user asked for (not Auto-Installed for apt).
void write_dpkg_database(TreeWriter& tree, FileTable& table, const std::vector<UnpackedPackage>& packages,
                         const std::string& architecture, const std::set<std::string>& requested);

// The status stanza of one package, fields in dpkg's order.
std::string status_stanza(const UnpackedPackage& pkg, const std::string& status);

}  // namespace debimg
