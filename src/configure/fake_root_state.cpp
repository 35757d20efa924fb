#include "configure/fake_root_state.h"

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <cinttypes>
#include <cstdio>
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

bool faked_type_fits(uint32_t record_mode, mode_t disk_mode) {
  const uint32_t record = record_mode & S_IFMT, disk = disk_mode & S_IFMT;
  if (record == disk) return true;
  return disk == S_IFREG && (record == S_IFCHR || record == S_IFBLK || record == S_IFIFO);
}

const FakedInode* FakedOwners::find(const std::string& path) const {
  auto it = owners_.find(path);
  return it == owners_.end() ? nullptr : &it->second;
}

namespace {

uint32_t type_bits(EntryType type) {
  switch (type) {
    case EntryType::directory: return S_IFDIR;
    case EntryType::symlink: return S_IFLNK;
    case EntryType::char_device: return S_IFCHR;
    case EntryType::block_device: return S_IFBLK;
    case EntryType::fifo: return S_IFIFO;
    default: return S_IFREG;
  }
}

// Every entry below and including the root, with the path it stands for.
void walk_with_root(int root_fd, const PathAlias& alias, const std::function<void(const std::string&, const struct stat&)>& visit) {
  struct stat root;
  if (::fstat(root_fd, &root) != 0) throw Error("cannot stat the tree: " + errno_text(errno));
  visit("", root);
  walk_tree(root_fd, [&](int, const std::string&, const std::string& path, const struct stat& st) {
    visit(alias ? alias(path) : path, st);
  });
}

}  // namespace

FakedOwners FakedOwners::from_table(const FileTable& table) {
  FakedOwners out;
  for (const auto& [path, m] : table.entries()) {
    if (m.type == EntryType::hardlink) continue;  // its file's entry speaks for the inode
    FakedInode i;
    i.mode = type_bits(m.type) | (m.type == EntryType::symlink ? 0777 : (m.mode & 07777));
    i.uid = m.uid;
    i.gid = m.gid;
    if (m.type == EntryType::char_device || m.type == EntryType::block_device) i.rdev = makedev(m.rdev_major, m.rdev_minor);
    out.owners_[path] = i;
  }
  return out;
}

FakedInodes FakedOwners::seed(int root_fd, const PathAlias& alias) const {
  FakedInodes out;
  walk_with_root(root_fd, alias, [&](const std::string& path, const struct stat& st) {
    const FakedInode* known = find(path);
    if (!known || !faked_type_fits(known->mode, st.st_mode)) return;
    FakedInode i = *known;
    i.nlink = st.st_nlink;
    out.set(st.st_dev, st.st_ino, i);
  });
  return out;
}

FakedOwners FakedOwners::read_back(int root_fd, const FakedInodes& saved, const PathAlias& alias) {
  FakedOwners out;
  walk_with_root(root_fd, alias, [&](const std::string& path, const struct stat& st) {
    const FakedInode* known = saved.find(st.st_dev, st.st_ino);
    if (known && faked_type_fits(known->mode, st.st_mode)) out.owners_[path] = *known;
  });
  return out;
}

}  // namespace debimg
