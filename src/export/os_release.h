#pragma once
// VERSION_ID of the tree's os-release, for the image's annotation.
#include <string>

namespace debimg {

// From etc/os-release, else usr/lib/os-release, read inside the tree
// (util/tree_fs.h: the tree is hostile by now); "" when there is none.
std::string os_release_version(int root_fd);

}  // namespace debimg
