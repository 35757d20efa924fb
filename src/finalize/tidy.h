#pragma once
// What dpkg and apt leave behind that no image should carry: logs, -old
// backups, caches, and this build's machine identity.
#include <string>
#include <vector>

namespace debimg {

// Works below `root_fd` (inside the user namespace: the files may belong to
// ids the caller cannot touch from outside).
void tidy_tree(int root_fd);

// `slim: [apt-lists, caches]`: apt's downloaded indexes, and its package
// caches and downloaded .debs, emptied (the folders stay: apt wants them).
void tidy_slim(int root_fd, const std::vector<std::string>& kinds);

}  // namespace debimg
