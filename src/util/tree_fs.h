#pragma once
// Paths inside a tree that maintainer scripts have written: the kernel
// resolves them inside the tree only (openat2 RESOLVE_IN_ROOT |
// RESOLVE_NO_XDEV | RESOLVE_NO_MAGICLINKS), so a symlink or a mount the tree
// holds can never lead to the host. debimg refuses to run without openat2
// rather than fall back to following symlinks.
#include <sys/stat.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "util/fd.h"

namespace debimg {

// Throws Error when the kernel has no openat2 (Linux < 5.6).
void require_openat2();

// `path` (relative to the tree's root `root_fd`) opened with `flags`; an
// invalid fd with errno set when it does not exist or would leave the tree.
UniqueFd open_in_tree(int root_fd, const std::string& path, int flags, mode_t mode = 0);

// The parent folder of `path`, resolved inside the tree (O_PATH), and the
// last component; {invalid fd, ""} when the parent is not a folder of the tree.
struct TreeParent {
  UniqueFd dir;
  std::string name;
};
TreeParent parent_in_tree(int root_fd, const std::string& path);

// lstat of `path` inside the tree; nullopt when it is not there.
std::optional<struct stat> stat_in_tree(int root_fd, const std::string& path);

// unlinkat inside the tree (flags: 0 or AT_REMOVEDIR); false with errno set on failure.
bool unlink_in_tree(int root_fd, const std::string& path, int flags = 0);

// The content of a regular file inside the tree (a symlink is not followed);
// nullopt when it is absent, not a regular file, larger than `max_size` or unreadable.
std::optional<std::string> read_file_in_tree(int root_fd, const std::string& path, uint64_t max_size);

// Writes a file inside the tree: a temporary sibling renamed over `path`
// (a symlink there is replaced, never followed).
void write_file_in_tree(int root_fd, const std::string& path, const std::string& content, mode_t mode);

// renameat inside the tree; false with errno set on failure.
bool rename_in_tree(int root_fd, const std::string& from, const std::string& to);

// Folders nested deeper than this are refused (a crafted tree must not
// exhaust the stack or the file descriptors).
constexpr int kMaxTreeDepth = 256;

// Visits every entry below `root_fd` (not the root itself), a folder before
// what it holds, with the folder's fd, the entry's name, its path relative
// to the root and its lstat. Never follows symlinks and never enters another
// filesystem (a mount point in the tree is an error). The visitor may
// change an entry's owner or mode, not add or remove entries.
using TreeVisitor = std::function<void(int dir_fd, const std::string& name, const std::string& path, const struct stat& st)>;
void walk_tree(int root_fd, const TreeVisitor& visit);

}  // namespace debimg
