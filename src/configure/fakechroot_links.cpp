#include "configure/fakechroot_links.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <optional>
#include <vector>

#include "util/error.h"
#include "util/files.h"
#include "util/tree_fs.h"

namespace debimg {

namespace {

struct Link {
  std::string path, target;
  struct timespec mtime;
};

std::vector<Link> links_of(int root_fd) {
  std::vector<Link> links;
  walk_tree(root_fd, [&](int dir_fd, const std::string& name, const std::string& path, const struct stat& st) {
    if (!S_ISLNK(st.st_mode)) return;
    char target[4097];
    const ssize_t n = ::readlinkat(dir_fd, name.c_str(), target, sizeof target - 1);
    if (n < 0) throw Error("cannot read the symlink /" + path + ": " + errno_text(errno));
    links.push_back({path, std::string(target, static_cast<size_t>(n)), st.st_mtim});
  });
  return links;
}

// Replaces the link by one to `target` (a temporary sibling renamed over
// it), keeping its mtime: the image keeps the package's.
void relink(int root_fd, const Link& link, const std::string& target) {
  TreeParent parent = parent_in_tree(root_fd, link.path);
  if (!parent.dir) throw Error("cannot open the folder of /" + link.path + ": " + errno_text(errno));
  const std::string temp = ".debimg-link-" + parent.name;
  ::unlinkat(parent.dir.get(), temp.c_str(), 0);
  if (::symlinkat(target.c_str(), parent.dir.get(), temp.c_str()) != 0 ||
      ::renameat(parent.dir.get(), temp.c_str(), parent.dir.get(), parent.name.c_str()) != 0)
    throw Error("cannot rewrite the symlink /" + link.path + ": " + errno_text(errno));
  const struct timespec times[2] = {link.mtime, link.mtime};
  ::utimensat(parent.dir.get(), parent.name.c_str(), times, AT_SYMLINK_NOFOLLOW);
}

std::optional<std::string> without_prefix(const std::string& target, const std::string& base) {
  if (target == base) return std::string("/");
  if (target.size() > base.size() && target.compare(0, base.size(), base) == 0 && target[base.size()] == '/')
    return target.substr(base.size());
  return std::nullopt;
}

}  // namespace

size_t prefix_absolute_links(int root_fd, const std::string& base) {
  size_t changed = 0;
  for (const Link& link : links_of(root_fd)) {
    if (link.target.empty() || link.target[0] != '/' || without_prefix(link.target, base)) continue;
    if (base.size() + link.target.size() >= 4096) continue;  // too long to prefix: it stays a dangling host path
    relink(root_fd, link, base + link.target);
    ++changed;
  }
  return changed;
}

size_t strip_link_prefix(int root_fd, const std::string& base) {
  size_t changed = 0;
  for (const Link& link : links_of(root_fd)) {
    if (std::optional<std::string> target = without_prefix(link.target, base)) {
      relink(root_fd, link, *target);
      ++changed;
    }
  }
  return changed;
}

}  // namespace debimg
