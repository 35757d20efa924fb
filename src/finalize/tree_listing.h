#pragma once
// What a finished tree is, path by path, as the output will hold it: the
// metadata (describe_entry) and, for a file, the SHA-256 of its content.
// `compose --check-reproducible` builds twice and compares two listings.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "unpack/file_table.h"

namespace debimg {

using TreeListing = std::map<std::string, std::string>;  // path ("" = root) → its description

// Reads file contents inside the tree only (util/tree_fs.h).
TreeListing list_tree(int root_fd, const FileTable& table, int64_t source_date_epoch);

// "/path (what differs)" for each path the two listings disagree on, in path order.
std::vector<std::string> listing_differences(const TreeListing& first, const TreeListing& second);

}  // namespace debimg
