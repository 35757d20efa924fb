#pragma once
// What dpkg and apt leave behind that no image should carry: logs, -old
// backups, caches, and this build's machine identity.
namespace debimg {

// Works below `root_fd` (inside the user namespace: the files may belong to
// ids the caller cannot touch from outside).
void tidy_tree(int root_fd);

}  // namespace debimg
