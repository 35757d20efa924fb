#include "finalize/tidy.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "unpack/path_filter.h"
#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"
#include "util/tree_fs.h"

namespace debimg {

namespace {

// Every path is resolved inside the tree (scripts have run: it is hostile).
void remove_file(int root, const std::string& path) {
  if (!unlink_in_tree(root, path) && errno != ENOENT && errno != ENOTDIR && errno != EXDEV && errno != ELOOP)
    throw Error("tidy: cannot remove /" + path + ": " + errno_text(errno));
}

// Removes the files in `dir` whose names `match` accepts (not recursing).
template <class Match>
void remove_matching(int root, const std::string& dir, Match match) {
  UniqueFd fd = open_in_tree(root, dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
  if (!fd) return;
  DIR* d = ::fdopendir(::fcntl(fd.get(), F_DUPFD_CLOEXEC, 0));
  if (!d) return;
  std::vector<std::string> names;
  while (struct dirent* e = ::readdir(d))
    if (e->d_type != DT_DIR && match(std::string(e->d_name))) names.push_back(e->d_name);
  ::closedir(d);
  for (const auto& n : names)
    if (::unlinkat(fd.get(), n.c_str(), 0) != 0 && errno != ENOENT)
      throw Error("tidy: cannot remove /" + dir + "/" + n + ": " + errno_text(errno));
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

void tidy_tree(int root) {
  for (const char* f : {"var/log/dpkg.log", "var/log/alternatives.log", "var/log/bootstrap.log",
                        "var/cache/ldconfig/aux-cache", "var/lib/dbus/machine-id", "var/cache/apt/pkgcache.bin",
                        "var/cache/apt/srcpkgcache.bin"})
    remove_file(root, f);
  remove_matching(root, "var/log/apt", [](const std::string&) { return true; });
  remove_matching(root, "var/cache/debconf", [](const std::string& n) { return ends_with(n, "-old"); });
  remove_matching(root, "var/lib/dpkg", [](const std::string& n) { return ends_with(n, "-old"); });
  // An empty machine-id where there is one: systemd makes its own at first
  // boot, and a container image must not carry the builder's.
  UniqueFd id = open_in_tree(root, "etc/machine-id", O_WRONLY | O_TRUNC | O_NOFOLLOW);
  (void)id;
}

namespace {

// Files below `dir` the slim filter excludes that scripts wrote after
// unpacking (base-files' /usr/share/info/dir, update-alternatives' man page
// links); the folders stay, as the filter keeps them when unpacking.
void remove_filtered(int dir_fd, const std::string& dir, const PathFilter& filter, int depth) {
  if (depth > kMaxTreeDepth) throw Error("/" + dir + ": folders nested deeper than " + std::to_string(kMaxTreeDepth) + " levels");
  DIR* d = ::fdopendir(::fcntl(dir_fd, F_DUPFD_CLOEXEC, 0));
  if (!d) return;
  std::vector<std::pair<std::string, unsigned char>> entries;  // name, d_type
  while (struct dirent* e = ::readdir(d)) {
    const std::string n = e->d_name;
    if (n != "." && n != "..") entries.emplace_back(n, e->d_type);
  }
  ::closedir(d);
  for (const auto& [name, type] : entries) {
    const std::string path = dir + "/" + name;
    if (type == DT_DIR) {
      UniqueFd sub(::openat(dir_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      if (sub) remove_filtered(sub.get(), path, filter, depth + 1);
    } else if (filter.skip("/" + path, type == DT_LNK ? EntryType::symlink : EntryType::file)) {
      if (::unlinkat(dir_fd, name.c_str(), 0) != 0 && errno != ENOENT)
        throw Error("tidy: cannot remove /" + path + ": " + errno_text(errno));
    }
  }
}

}  // namespace

void tidy_slim(int root, const std::vector<std::string>& kinds) {
  const PathFilter filter = PathFilter::for_slim(kinds);
  if (!filter.empty())
    for (const char* dir : {"usr/share/doc", "usr/share/man", "usr/share/info", "usr/share/locale"})
      if (UniqueFd fd = open_in_tree(root, dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)) remove_filtered(fd.get(), dir, filter, 0);
  auto all = [](const std::string&) { return true; };
  for (const auto& kind : kinds) {
    if (kind == "apt-lists") {
      remove_matching(root, "var/lib/apt/lists", all);
      remove_matching(root, "var/lib/apt/lists/partial", all);
    } else if (kind == "caches") {
      remove_matching(root, "var/cache/apt", all);
      remove_matching(root, "var/cache/apt/archives", [](const std::string& n) { return n != "lock"; });
      remove_matching(root, "var/cache/apt/archives/partial", all);
    }
  }
}

}  // namespace debimg
