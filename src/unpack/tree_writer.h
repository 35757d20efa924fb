#pragma once
// Writes into the staging tree and nowhere else. Every path is walked one
// component at a time from the root with O_NOFOLLOW: directory symlinks are
// followed as inside a chroot (absolute targets restart at the root, like
// tar --keep-directory-symlink under dpkg --root), and a ".." that would
// climb above the root is refused. No write can land outside the tree.
#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "util/fd.h"

namespace debimg {

class TreeWriter {
 public:
  explicit TreeWriter(const std::filesystem::path& root);

  // An open directory and the name of a path's last component in it; `dir`
  // is the physical path of that directory relative to the root.
  struct Parent {
    int fd = -1;                    // valid while `hold` (or the writer's cache) keeps it open
    std::shared_ptr<UniqueFd> hold;
    std::string dir;
    std::string leaf;
    std::vector<std::string> links;  // physical paths of the symlinks followed to reach `dir`
    std::string physical() const { return dir.empty() ? leaf : dir + "/" + leaf; }
  };
  // Missing directories on the way are created (0755) when `create` is set.
  // Resolved directories are remembered, so a package's many files in one
  // directory cost one lookup (path lookups are what unpacking spends on).
  Parent parent_of(const std::string& path, bool create = true);

  // Forgets remembered directories: call when a symlink in the tree is
  // replaced, since paths through it may now lead elsewhere.
  void forget_directories() { dirs_.clear(); }

  // The physical path `path` stands for when it is, or leads through, a
  // directory symlink; for other paths the path with its parent resolved.
  std::string physical_path(const std::string& path);

  // A whole file written at `path` (replacing a non-directory there), for
  // the files debimg itself puts into the tree (dpkg's database, apt sources).
  void write_file(const std::string& path, const std::string& content, mode_t mode = 0644);

  const std::filesystem::path& root() const { return root_; }
  // Where a tree path lies on the host, for messages (io_failure names the place).
  std::filesystem::path host_path(const std::string& path) const { return root_ / std::filesystem::path(path).relative_path(); }
  int root_fd() const { return root_fd_.get(); }

 private:
  struct Dir {
    std::shared_ptr<UniqueFd> fd;
    std::string physical;
    std::vector<std::string> links;
  };
  Dir walk(const std::string& dir_path, const std::string& whole, bool create);

  std::filesystem::path root_;
  UniqueFd root_fd_;
  std::unordered_map<std::string, Dir> dirs_;  // requested directory path → where it leads
};

}  // namespace debimg
