#include "configure/tree_paths.h"

#include <dirent.h>
#include <fcntl.h>

#include <cerrno>

#include "util/error.h"
#include "util/files.h"
#include "util/tree_fs.h"

namespace debimg {

namespace {

std::optional<struct stat> stat_opened(int root_fd, const std::string& path, int flags) {
  if (path.empty()) {  // stat("") fails; open_in_tree would take it for "."
    errno = ENOENT;
    return std::nullopt;
  }
  UniqueFd fd = open_in_tree(root_fd, path, O_PATH | flags);
  struct stat st;
  if (!fd || ::fstat(fd.get(), &st) != 0) return std::nullopt;
  return st;
}

}  // namespace

std::optional<struct stat> tree_stat(int root_fd, const std::string& path) { return stat_opened(root_fd, path, 0); }

std::optional<struct stat> tree_lstat(int root_fd, const std::string& path) {
  return stat_opened(root_fd, path, O_NOFOLLOW);
}

std::vector<FolderEntry> list_folder(int dir_fd) {
  DIR* d = ::fdopendir(::fcntl(dir_fd, F_DUPFD_CLOEXEC, 0));
  if (!d) throw Error("cannot list a library folder: " + errno_text(errno));
  ::rewinddir(d);
  std::vector<FolderEntry> out;
  while (struct dirent* e = ::readdir(d)) out.push_back({e->d_name, e->d_type});
  ::closedir(d);
  return out;
}

}  // namespace debimg
