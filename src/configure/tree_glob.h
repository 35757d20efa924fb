#pragma once
// glob(3) as ldconfig calls it for an ld.so.conf `include` (flags 0, C
// collation), over a tree: wildcards in any component, a leading dot
// matched only by a dot, "." and ".." listed, the matches sorted by strcmp.
#include <string>
#include <vector>

namespace debimg {

std::vector<std::string> glob_in_tree(int root_fd, const std::string& pattern);

}  // namespace debimg
