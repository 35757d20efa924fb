#include "configure/tree_scan.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <map>

#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"

namespace debimg {

namespace {

struct Inode {
  dev_t dev;
  ino_t ino;
  bool operator<(const Inode& o) const { return dev != o.dev ? dev < o.dev : ino < o.ino; }
};

void scan_dir(int dir_fd, const std::string& prefix, const FileTable& before, FileTable& out,
              std::map<Inode, std::vector<std::string>>& links) {
  int copy = ::dup(dir_fd);
  DIR* d = ::fdopendir(copy);
  if (!d) {
    ::close(copy);
    throw Error("cannot list /" + prefix + ": " + errno_text(errno));
  }
  std::vector<std::string> names;
  while (struct dirent* e = ::readdir(d)) {
    std::string n = e->d_name;
    if (n != "." && n != "..") names.push_back(n);
  }
  ::closedir(d);
  for (const auto& name : names) {
    const std::string path = prefix.empty() ? name : prefix + "/" + name;
    struct stat st;
    if (::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) throw Error("cannot stat /" + path + ": " + errno_text(errno));
    FileMeta m;
    const FileMeta* old = before.find(path);
    if (old) m.package = old->package;
    m.mode = st.st_mode & 07777;
    m.uid = st.st_uid;
    m.gid = st.st_gid;
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
      continue;  // sockets are not part of an image
    }
    out.set(path, m);
    if (S_ISDIR(st.st_mode)) {
      UniqueFd sub(::openat(dir_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      if (!sub) throw Error("cannot open /" + path + ": " + errno_text(errno));
      scan_dir(sub.get(), path, before, out, links);
    }
  }
}

}  // namespace

bool tar_order_less(const std::string& a, const std::string& b) {
  // Compare component by component: "a/b" sorts with "a", before "a.c".
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    size_t ea = a.find('/', i), eb = b.find('/', j);
    if (ea == std::string::npos) ea = a.size();
    if (eb == std::string::npos) eb = b.size();
    int c = a.compare(i, ea - i, b, j, eb - j);
    if (c != 0) return c < 0;
    i = ea + 1;
    j = eb + 1;
  }
  return i >= a.size() && j < b.size();  // equal so far: the one with fewer components first
}

std::vector<std::string> tar_order(const FileTable& table) {
  std::vector<std::string> paths;
  for (const auto& [path, meta] : table.entries()) paths.push_back(path);
  std::sort(paths.begin(), paths.end(), tar_order_less);
  return paths;
}

FileTable scan_tree(int root_fd, const FileTable& before) {
  FileTable out;
  struct stat st;
  if (::fstat(root_fd, &st) != 0) throw Error("cannot stat the tree's root: " + errno_text(errno));
  FileMeta root;
  root.type = EntryType::directory;
  root.mode = st.st_mode & 07777;
  root.uid = st.st_uid;
  root.gid = st.st_gid;
  root.mtime = st.st_mtim.tv_sec;
  out.set("", root);
  std::map<Inode, std::vector<std::string>> links;
  scan_dir(root_fd, "", before, out, links);
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
