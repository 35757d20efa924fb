#pragma once
// What fakeroot's faked believes about the tree (owners, modes, device nodes
// that are empty files on disk). faked speaks inodes, in its own save format:
//   dev=<hex>,ino=<dec>,mode=<oct>,uid=<dec>,gid=<dec>,nlink=<dec>,rdev=<dec>
// (FakedInodes); between programs debimg keeps the state by path
// (FakedOwners): the kernel hands a freed inode number out again, and debimg
// itself replaces files (symlinks, staging) that faked never hears of, so
// an inode must never carry a deleted file's owner or type to a new one.
// Without namespaces this is where ownership lives while scripts run: the
// unpacked table starts it, faked records what scripts change, the scan
// reads it (tree_scan.h). A path it does not know is root's.
#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>

#include "unpack/file_table.h"

namespace debimg {

struct FakedInode {
  uint32_t mode = 0;  // with the file type bits (S_IFCHR for a device node kept as a file)
  uint32_t uid = 0, gid = 0;
  uint64_t nlink = 1;
  uint64_t rdev = 0;
};

class FakedInodes {
 public:
  const FakedInode* find(dev_t dev, ino_t ino) const;
  void set(dev_t dev, ino_t ino, const FakedInode& inode) { inodes_[{dev, ino}] = inode; }
  size_t size() const { return inodes_.size(); }

  // faked's save file; a line that is not faked's format is an Error naming it.
  static FakedInodes parse(const std::string& text);
  std::string text() const;

 private:
  std::map<std::pair<uint64_t, uint64_t>, FakedInode> inodes_;
};

// Maps a path on disk to the path it stands for (a folder set aside while a
// program runs); the identity when empty.
using PathAlias = std::function<std::string(const std::string&)>;

class FakedOwners {
 public:
  const FakedInode* find(const std::string& path) const;
  void set(const std::string& path, const FakedInode& inode) { owners_[path] = inode; }
  size_t size() const { return owners_.size(); }
  void for_each(const std::function<void(const std::string&, const FakedInode&)>& visit) const {
    for (const auto& [path, inode] : owners_) visit(path, inode);
  }

  // The unpacked table's owners, modes and device nodes.
  static FakedOwners from_table(const FileTable& table);
  // faked's starting state: each path of the tree below `root_fd` that this
  // knows, by the inode it has now, when the disk's type still fits.
  FakedInodes seed(int root_fd, const PathAlias& alias = {}) const;
  // What faked saved, by path: each path whose inode it knows (and whose type fits).
  static FakedOwners read_back(int root_fd, const FakedInodes& saved, const PathAlias& alias = {});

 private:
  std::map<std::string, FakedInode> owners_;
};

// A record fits what the disk holds when the types agree, or the disk holds
// an empty file for a device node or fifo made without privilege.
bool faked_type_fits(uint32_t record_mode, mode_t disk_mode);

}  // namespace debimg
