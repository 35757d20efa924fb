#include "configure/tree_glob.h"

#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <sys/stat.h>

#include <algorithm>

#include "configure/tree_paths.h"
#include "util/tree_fs.h"

namespace debimg {

namespace {

bool has_magic(const std::string& s) { return s.find_first_of("*?[\\") != std::string::npos; }

// "dir/name" as glob joins them ("." stays out, "/" is not doubled).
std::string glob_join(const std::string& dir, const std::string& name) {
  if (dir == ".") return name;
  return dir == "/" ? "/" + name : dir + "/" + name;
}

// glob_in_dir: the names in `dir` that `pattern` (one component) matches;
// with `only_dirs`, those that are folders.
std::vector<std::string> matches_in(int root_fd, const std::string& dir, const std::string& pattern, bool only_dirs) {
  std::vector<std::string> out;
  if (!has_magic(pattern)) {
    // No wildcard: the name if it exists (a dangling symlink does).
    if (tree_lstat(root_fd, glob_join(dir, pattern))) out.push_back(glob_join(dir, pattern));
    return out;
  }
  UniqueFd fd = open_in_tree(root_fd, dir, O_RDONLY | O_DIRECTORY);
  if (!fd) return out;
  for (const FolderEntry& e : list_folder(fd.get())) {
    if (only_dirs && e.type != DT_DIR) {
      if (e.type != DT_LNK && e.type != DT_UNKNOWN) continue;
      const auto st = tree_stat(root_fd, glob_join(dir, e.name));
      if (!st || !S_ISDIR(st->st_mode)) continue;
    }
    if (::fnmatch(pattern.c_str(), e.name.c_str(), FNM_PERIOD) == 0) out.push_back(glob_join(dir, e.name));
  }
  return out;
}

std::vector<std::string> expand(int root_fd, const std::string& pattern, bool only_dirs, int depth) {
  const size_t slash = pattern.rfind('/');
  if (slash == pattern.size() - 1 || depth > 64) return {};  // "dir/": a folder, which holds no configuration
  if (slash == std::string::npos) return matches_in(root_fd, ".", pattern, only_dirs);
  const std::string dir = slash == 0 ? "/" : pattern.substr(0, slash), name = pattern.substr(slash + 1);
  std::vector<std::string> dirs = has_magic(dir) ? expand(root_fd, dir, true, depth + 1) : std::vector{dir};
  std::vector<std::string> out;
  for (const std::string& d : dirs) {
    auto found = matches_in(root_fd, d, name, only_dirs);
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

}  // namespace

std::vector<std::string> glob_in_tree(int root_fd, const std::string& pattern) {
  std::vector<std::string> out = expand(root_fd, pattern, false, 0);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace debimg
