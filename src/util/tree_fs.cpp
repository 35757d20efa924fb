#include "util/tree_fs.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <dirent.h>

#include <cerrno>
#include <vector>

#include "util/error.h"
#include "util/files.h"

namespace debimg {

namespace {

constexpr unsigned long long kInTree = RESOLVE_IN_ROOT | RESOLVE_NO_XDEV | RESOLVE_NO_MAGICLINKS;

int openat2_call(int dir_fd, const char* path, int flags, mode_t mode, unsigned long long resolve) {
  struct open_how how{};
  how.flags = static_cast<unsigned long long>(flags) | O_CLOEXEC;
  // The kernel refuses a mode without O_CREAT/O_TMPFILE.
  how.mode = (flags & (O_CREAT | O_TMPFILE)) ? mode : 0;
  how.resolve = resolve;
  int fd;
  do {
    fd = static_cast<int>(::syscall(SYS_openat2, dir_fd, path, &how, sizeof how));
  } while (fd < 0 && errno == EAGAIN);  // a concurrent rename: the kernel asks to try again
  return fd;
}

}  // namespace

void require_openat2() {
  int fd = openat2_call(AT_FDCWD, "/", O_PATH | O_DIRECTORY, 0, kInTree);
  if (fd < 0 && errno == ENOSYS)
    throw Error("this kernel has no openat2 (Linux 5.6 or later is needed): debimg will not walk a tree that "
                "maintainer scripts wrote without it");
  if (fd >= 0) ::close(fd);
}

UniqueFd open_in_tree(int root_fd, const std::string& path, int flags, mode_t mode) {
  return UniqueFd(openat2_call(root_fd, path.empty() ? "." : path.c_str(), flags, mode, kInTree));
}

TreeParent parent_in_tree(int root_fd, const std::string& path) {
  std::string p = path;
  while (!p.empty() && p.back() == '/') p.pop_back();
  const size_t slash = p.rfind('/');
  const std::string parent = slash == std::string::npos ? "." : p.substr(0, slash);
  std::string name = slash == std::string::npos ? p : p.substr(slash + 1);
  if (name.empty() || name == "." || name == "..") {
    errno = EINVAL;
    return {};
  }
  UniqueFd dir = open_in_tree(root_fd, parent, O_PATH | O_DIRECTORY);
  if (!dir) return {};
  return {std::move(dir), std::move(name)};
}

std::optional<struct stat> stat_in_tree(int root_fd, const std::string& path) {
  TreeParent p = parent_in_tree(root_fd, path);
  struct stat st;
  if (!p.dir || ::fstatat(p.dir.get(), p.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return std::nullopt;
  return st;
}

bool unlink_in_tree(int root_fd, const std::string& path, int flags) {
  TreeParent p = parent_in_tree(root_fd, path);
  return p.dir && ::unlinkat(p.dir.get(), p.name.c_str(), flags) == 0;
}

std::optional<std::string> read_file_in_tree(int root_fd, const std::string& path, uint64_t max_size) {
  UniqueFd fd = open_in_tree(root_fd, path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  struct stat st;
  if (!fd || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode) || static_cast<uint64_t>(st.st_size) > max_size)
    return std::nullopt;
  std::string out(static_cast<size_t>(st.st_size), '\0');
  if (::pread(fd.get(), out.data(), out.size(), 0) != static_cast<ssize_t>(out.size())) return std::nullopt;
  return out;
}

void write_file_in_tree(int root_fd, const std::string& path, const std::string& content, mode_t mode) {
  TreeParent p = parent_in_tree(root_fd, path);
  if (!p.dir) throw Error("cannot write /" + path + " in the tree: " + errno_text(errno));
  const std::string temp = "." + p.name + ".debimg-new";
  ::unlinkat(p.dir.get(), temp.c_str(), 0);
  UniqueFd fd(::openat(p.dir.get(), temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode));
  if (!fd) throw Error("cannot write /" + path + " in the tree: " + errno_text(errno));
  write_all(fd.get(), content.data(), content.size(), "/" + path);
  if (::fchmod(fd.get(), mode) != 0 || ::renameat(p.dir.get(), temp.c_str(), p.dir.get(), p.name.c_str()) != 0)
    throw Error("cannot write /" + path + " in the tree: " + errno_text(errno));
}

bool rename_in_tree(int root_fd, const std::string& from, const std::string& to) {
  TreeParent a = parent_in_tree(root_fd, from), b = parent_in_tree(root_fd, to);
  return a.dir && b.dir && ::renameat(a.dir.get(), a.name.c_str(), b.dir.get(), b.name.c_str()) == 0;
}

namespace {

void walk_dir(int dir_fd, const std::string& prefix, dev_t dev, int depth, const TreeVisitor& visit) {
  if (depth > kMaxTreeDepth)
    throw Error("/" + prefix + ": folders nested deeper than " + std::to_string(kMaxTreeDepth) + " levels");
  std::vector<std::string> names;
  {
    DIR* d = ::fdopendir(::fcntl(dir_fd, F_DUPFD_CLOEXEC, 0));
    if (!d) throw Error("cannot list /" + prefix + ": " + errno_text(errno));
    ::rewinddir(d);
    while (struct dirent* e = ::readdir(d)) {
      std::string n = e->d_name;
      if (n != "." && n != "..") names.push_back(std::move(n));
    }
    ::closedir(d);
  }
  for (const auto& name : names) {
    const std::string path = prefix.empty() ? name : prefix + "/" + name;
    struct stat st;
    if (::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) throw Error("cannot stat /" + path + ": " + errno_text(errno));
    if (st.st_dev != dev) throw Error("/" + path + " is a mount point: debimg never crosses into another filesystem");
    visit(dir_fd, name, path, st);
    if (!S_ISDIR(st.st_mode)) continue;
    UniqueFd sub(::openat(dir_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!sub) throw Error("cannot open /" + path + ": " + errno_text(errno));
    walk_dir(sub.get(), path, dev, depth + 1, visit);
  }
}

}  // namespace

void walk_tree(int root_fd, const TreeVisitor& visit) {
  struct stat st;
  if (::fstat(root_fd, &st) != 0) throw Error("cannot stat the tree's root: " + errno_text(errno));
  walk_dir(root_fd, "", st.st_dev, 0, visit);
}

}  // namespace debimg
