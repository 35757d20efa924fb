#include "configure/tree_scan.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <map>

#include "configure/tree_owner.h"
#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"
#include "util/tree_fs.h"

namespace debimg {

namespace {

struct Inode {
  dev_t dev;
  ino_t ino;
  bool operator<(const Inode& o) const { return dev != o.dev ? dev < o.dev : ino < o.ino; }
};

// One entry as the disk has it, owners mapped back to inner ids.
bool scan_entry(int dir_fd, const std::string& name, const std::string& path, const struct stat& st,
                const FileTable& before, const IdMap* ids, FileMeta& m, std::map<Inode, std::vector<std::string>>& links) {
  const FileMeta* old = before.find(path);
  if (old) m.package = old->package;
  m.mode = st.st_mode & 07777;
  m.uid = ids ? inner_uid(*ids, st.st_uid) : st.st_uid;
  m.gid = ids ? inner_gid(*ids, st.st_gid) : st.st_gid;
  m.mtime = st.st_mtim.tv_sec;
  if (S_ISDIR(st.st_mode)) {
    m.type = EntryType::directory;
  } else if (S_ISLNK(st.st_mode)) {
    m.type = EntryType::symlink;
    char target[4096];
    ssize_t n = ::readlinkat(dir_fd, name.c_str(), target, sizeof target);
    if (n < 0) throw Error("cannot read the symlink /" + path + ": " + errno_text(errno));
    m.link.assign(target, static_cast<size_t>(n));
    m.mode = 0777;
  } else if (S_ISREG(st.st_mode)) {
    m.type = EntryType::file;
    if (old && (old->type == EntryType::char_device || old->type == EntryType::block_device) && st.st_size == 0) {
      m.type = old->type;  // a placeholder for a device node nobody could mknod
      m.rdev_major = old->rdev_major;
      m.rdev_minor = old->rdev_minor;
    } else if (st.st_nlink > 1) {
      links[{st.st_dev, st.st_ino}].push_back(path);
    }
    char value[256];
    ssize_t n = ::getxattr(("/proc/self/fd/" + std::to_string(dir_fd) + "/" + name).c_str(), "security.capability",
                           value, sizeof value);
    if (n > 0) m.xattrs.emplace_back("security.capability", std::string(value, static_cast<size_t>(n)));
  } else if (S_ISFIFO(st.st_mode)) {
    m.type = EntryType::fifo;
  } else if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
    m.type = S_ISCHR(st.st_mode) ? EntryType::char_device : EntryType::block_device;
    m.rdev_major = major(st.st_rdev);
    m.rdev_minor = minor(st.st_rdev);
  } else {
    return false;  // sockets are not part of an image
  }
  return true;
}

// fakeroot's view of an entry: its owners, its mode, and a device node where
// the disk holds an empty file (mknod without privilege).
void apply_faked(const FakedOwners& faked, const std::string& path, const struct stat& st, FileMeta& m) {
  const FakedInode* f = faked.find(path);
  if (f && !faked_type_fits(f->mode, st.st_mode)) f = nullptr;
  m.uid = f ? f->uid : 0;
  m.gid = f ? f->gid : 0;
  if (!f || m.type == EntryType::symlink) return;
  m.mode = f->mode & 07777;
  if (m.type == EntryType::file && (S_ISCHR(f->mode) || S_ISBLK(f->mode))) {
    m.type = S_ISCHR(f->mode) ? EntryType::char_device : EntryType::block_device;
    m.rdev_major = major(f->rdev);
    m.rdev_minor = minor(f->rdev);
  } else if (m.type == EntryType::file && S_ISFIFO(f->mode)) {
    m.type = EntryType::fifo;
  }
}

}  // namespace

FileTable scan_tree(int root_fd, const FileTable& before, const IdMap* ids, const FakedOwners* faked) {
  FileTable out;
  struct stat st;
  if (::fstat(root_fd, &st) != 0) throw Error("cannot stat the tree's root: " + errno_text(errno));
  FileMeta root;
  root.type = EntryType::directory;
  root.mode = st.st_mode & 07777;
  root.uid = ids ? inner_uid(*ids, st.st_uid) : st.st_uid;
  root.gid = ids ? inner_gid(*ids, st.st_gid) : st.st_gid;
  root.mtime = st.st_mtim.tv_sec;
  if (faked) apply_faked(*faked, "", st, root);
  out.set("", root);
  std::map<Inode, std::vector<std::string>> links;
  walk_tree(root_fd, [&](int dir_fd, const std::string& name, const std::string& path, const struct stat& entry) {
    FileMeta m;
    if (!scan_entry(dir_fd, name, path, entry, before, ids, m, links)) return;
    if (faked) apply_faked(*faked, path, entry, m);
    out.set(path, m);
  });
  // Hardlinks: the first path in tar order holds the data, the others link to it.
  for (auto& [inode, paths] : links) {
    if (paths.size() < 2) continue;
    std::sort(paths.begin(), paths.end(), tar_order_less);
    for (size_t i = 1; i < paths.size(); ++i) {
      FileMeta m = *out.find(paths[i]);
      m.type = EntryType::hardlink;
      m.link = paths[0];
      out.set(paths[i], m);
    }
  }
  return out;
}

}  // namespace debimg
