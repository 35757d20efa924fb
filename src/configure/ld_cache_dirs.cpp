#include "configure/ld_cache_dirs.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <array>
#include <utility>

#include "configure/tree_paths.h"
#include "util/tree_fs.h"

namespace debimg {

namespace {

bool conf_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// 2.36's "DIR=TYPE": the library type a folder line asks for.
int library_type(const std::string& name) {
  static const std::array<std::pair<const char*, int>, 4> kTypes{
      {{"libc4", kLdFlagLibc4}, {"libc5", kLdFlagElfLibc5}, {"libc6", kLdFlagElfLibc6}, {"glibc2", kLdFlagElfLibc6}}};
  for (const auto& [type, flag] : kTypes)
    if (name == type) return flag;
  return kLdFlagAny;  // "is not a known library type"
}

}  // namespace

void LdCacheDirs::add_line(const std::string& line) {
  LdCacheDir dir;
  dir.path = line;
  dir.flag = dialect_ == LdconfigDialect::glibc_2_36 ? kLdFlagAny : kLdFlagElfLibc6;
  if (const size_t equal = line.find('='); equal != std::string::npos && dialect_ == LdconfigDialect::glibc_2_36) {
    dir.path = line.substr(0, equal);
    dir.flag = library_type(line.substr(equal + 1));
  }
  // Only trailing blanks, then trailing slashes, go.
  while (!dir.path.empty() && conf_space(dir.path.back())) dir.path.pop_back();
  while (!dir.path.empty() && dir.path.back() == '/') dir.path.pop_back();
  if (dir.path.empty()) return;
  const auto st = tree_stat(root_fd_, dir.path);
  if (!st) return;  // "Can't stat"
  dir.dev = st->st_dev;
  dir.ino = st->st_ino;
  if (add(dir)) add_glibc_hwcaps(dir);
}

bool LdCacheDirs::add(LdCacheDir dir) {
  for (LdCacheDir& known : dirs_)
    if (known.ino == dir.ino && known.dev == dir.dev) {
      known.flag = dir.flag;  // "Use the newer information."
      return false;
    }
  dirs_.push_back(std::move(dir));
  return true;
}

// The folders under DIR/glibc-hwcaps, in readdir order; hidden names,
// regular files and names with ':' (ld.so cannot look them up) are skipped.
void LdCacheDirs::add_glibc_hwcaps(const LdCacheDir& dir) {
  const std::string parent = dir.path + "/glibc-hwcaps";
  UniqueFd fd = open_in_tree(root_fd_, parent, O_RDONLY | O_DIRECTORY);
  if (!fd) return;
  for (const FolderEntry& e : list_folder(fd.get())) {
    if (e.name[0] == '.' || e.type == DT_REG || e.name.find(':') != std::string::npos) continue;
    const auto st = tree_stat(root_fd_, parent + "/" + e.name);
    if (!st || !S_ISDIR(st->st_mode)) continue;
    LdCacheDir sub;
    sub.path = parent + "/" + e.name;
    sub.flag = dir.flag;
    sub.dev = st->st_dev;
    sub.ino = st->st_ino;
    sub.hwcaps = cache_.hwcaps_subdir(e.name);
    add(std::move(sub));
  }
}

}  // namespace debimg
