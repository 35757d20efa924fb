#include "configure/fake_root_state.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <cinttypes>
#include <cstdio>
#include <set>
#include <sstream>

#include "util/error.h"
#include "util/files.h"
#include "util/tree_fs.h"

namespace debimg {

const FakedInode* FakedInodes::find(dev_t dev, ino_t ino) const {
  auto it = inodes_.find({static_cast<uint64_t>(dev), static_cast<uint64_t>(ino)});
  return it == inodes_.end() ? nullptr : &it->second;
}

FakedInodes FakedInodes::parse(const std::string& text) {
  FakedInodes out;
  std::istringstream lines(text);
  std::string line;
  for (size_t number = 1; std::getline(lines, line); ++number) {
    if (line.empty()) continue;
    unsigned long long dev, ino, mode, uid, gid, nlink, rdev;
    int used = 0;
    if (std::sscanf(line.c_str(), "dev=%llx,ino=%llu,mode=%llo,uid=%llu,gid=%llu,nlink=%llu,rdev=%llu%n", &dev, &ino,
                    &mode, &uid, &gid, &nlink, &rdev, &used) != 7 ||
        static_cast<size_t>(used) != line.size() || uid > UINT32_MAX || gid > UINT32_MAX || mode > 0177777)
      throw Error("fakeroot's state, line " + std::to_string(number) + ": not faked's format");
    out.inodes_[{dev, ino}] = FakedInode{static_cast<uint32_t>(mode), static_cast<uint32_t>(uid),
                                         static_cast<uint32_t>(gid), nlink, rdev};
  }
  return out;
}

std::string FakedInodes::text() const {
  std::string out;
  char line[200];
  for (const auto& [key, i] : inodes_) {
    std::snprintf(line, sizeof line, "dev=%" PRIx64 ",ino=%" PRIu64 ",mode=%o,uid=%u,gid=%u,nlink=%" PRIu64 ",rdev=%" PRIu64 "\n",
                  key.first, key.second, i.mode, i.uid, i.gid, i.nlink, i.rdev);
    out += line;
  }
  return out;
}

namespace {

uint32_t type_bits(const FileMeta& m, const struct stat& st) {
  switch (m.type) {
    case EntryType::char_device: return S_IFCHR;
    case EntryType::block_device: return S_IFBLK;
    case EntryType::fifo: return S_IFIFO;
    default: return st.st_mode & S_IFMT;  // what the disk holds (a hardlink is its file)
  }
}

FakedInode faked_inode(const FileMeta& m, const struct stat& st) {
  FakedInode i;
  i.mode = type_bits(m, st) | (m.type == EntryType::symlink ? 0777 : (m.mode & 07777));
  i.uid = m.uid;
  i.gid = m.gid;
  i.nlink = st.st_nlink;
  if (m.type == EntryType::char_device || m.type == EntryType::block_device)
    i.rdev = makedev(m.rdev_major, m.rdev_minor);
  return i;
}

}  // namespace

FakedInodes FakedInodes::from_table(int root_fd, const FileTable& table) {
  FakedInodes out;
  struct stat root;
  if (::fstat(root_fd, &root) != 0) throw Error("cannot stat the tree: " + errno_text(errno));
  if (const FileMeta* m = table.find("")) out.set(root.st_dev, root.st_ino, faked_inode(*m, root));
  walk_tree(root_fd, [&](int, const std::string&, const std::string& path, const struct stat& st) {
    const FileMeta* m = table.find(path);
    if (m && m->type != EntryType::hardlink) out.set(st.st_dev, st.st_ino, faked_inode(*m, st));  // the file's entry says
  });
  return out;
}

void FakedInodes::keep_only_present(int root_fd) {
  std::set<Key> present;
  struct stat root;
  if (::fstat(root_fd, &root) != 0) throw Error("cannot stat the tree: " + errno_text(errno));
  present.insert({root.st_dev, root.st_ino});
  walk_tree(root_fd, [&](int, const std::string&, const std::string&, const struct stat& st) {
    present.insert({st.st_dev, st.st_ino});
  });
  std::erase_if(inodes_, [&](const auto& entry) { return !present.count(entry.first); });
}

}  // namespace debimg
