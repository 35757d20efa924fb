#pragma once
// fakechroot stores an absolute symlink target with the tree's host path in
// front (/etc/localtime -> TREE/usr/share/zoneinfo/UTC), so that the kernel,
// which knows nothing of the fake root, still resolves it inside the tree;
// its readlink takes the prefix off again. Around each script run without
// namespaces the whole tree is brought into that form, and out of it after,
// so that between runs, and in the image, a link says what the package said.
#include <string>

namespace debimg {

// Every absolute symlink target below `root_fd` gets `base` (the tree's host
// path, no trailing slash) in front; returns how many changed.
size_t prefix_absolute_links(int root_fd, const std::string& base);

// Every target that starts with `base` + "/" (or is `base`) loses it.
size_t strip_link_prefix(int root_fd, const std::string& base);

}  // namespace debimg
