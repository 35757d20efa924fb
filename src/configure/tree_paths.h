#pragma once
// stat(2) and lstat(2) of a path as a process chrooted into the tree sees
// it: absolute symlinks and ".." stay inside (tree_fs's openat2 helpers).
#include <sys/stat.h>

#include <optional>
#include <string>
#include <vector>

namespace debimg {

// nullopt with errno set when the path does not resolve inside the tree.
std::optional<struct stat> tree_stat(int root_fd, const std::string& path);
std::optional<struct stat> tree_lstat(int root_fd, const std::string& path);

// The entries of an opened folder in readdir order, "." and ".." included
// (glob matches them), each with its readdir type (DT_*).
struct FolderEntry {
  std::string name;
  unsigned char type;
};
std::vector<FolderEntry> list_folder(int dir_fd);

}  // namespace debimg
