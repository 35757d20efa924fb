#pragma once
// What fakeroot's faked believes about the tree's inodes (owners, modes,
// device nodes that are empty files on disk), in faked's own save format:
//   dev=<hex>,ino=<dec>,mode=<oct>,uid=<dec>,gid=<dec>,nlink=<dec>,rdev=<dec>
// Without namespaces this is where ownership lives while scripts run: the
// unpacked table seeds it, faked records what scripts change, and the scan
// reads it back (tree_scan.h). An inode faked does not know is root's.
#include <sys/types.h>

#include <cstdint>
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
  using Key = std::pair<uint64_t, uint64_t>;  // st_dev, st_ino

  const FakedInode* find(dev_t dev, ino_t ino) const;
  void set(dev_t dev, ino_t ino, const FakedInode& inode) { inodes_[{dev, ino}] = inode; }
  size_t size() const { return inodes_.size(); }

  // faked's save file; a line that is not faked's format is an Error naming it.
  static FakedInodes parse(const std::string& text);
  std::string text() const;

  // The table's owners, modes and device nodes, keyed by the inodes the
  // tree below `root_fd` holds now (every path of the table that is there).
  static FakedInodes from_table(int root_fd, const FileTable& table);
  // Drops inodes no longer in the tree: a number the kernel hands out again
  // must not inherit a deleted file's owner.
  void keep_only_present(int root_fd);

 private:
  std::map<Key, FakedInode> inodes_;
};

}  // namespace debimg
