#include "finalize/generated_keys.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>

#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"
#include "util/tree_fs.h"

namespace debimg {

namespace {

// The names in `dir` (inside the tree) that `keep` selects; nothing when it is not a folder.
std::vector<std::string> names_in(int root, const std::string& dir, bool (*keep)(const std::string&)) {
  std::vector<std::string> names;
  UniqueFd fd = open_in_tree(root, dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
  if (!fd) return names;
  DIR* d = ::fdopendir(fd.release());
  if (!d) return names;
  while (const dirent* e = ::readdir(d))
    if (keep(e->d_name)) names.emplace_back(e->d_name);
  ::closedir(d);
  return names;
}

bool ssh_host_key(const std::string& n) {
  return n.starts_with("ssh_host_") && (n.ends_with("_key") || n.ends_with("_key.pub"));
}

bool any_name(const std::string& n) { return n != "." && n != ".."; }

// A symlink in etc/ssl/certs to the snakeoil certificate (openssl rehash's HASH.N).
bool links_to_snakeoil(int root, const std::string& path) {
  TreeParent p = parent_in_tree(root, path);
  if (!p.dir) return false;
  char target[4096];
  const ssize_t n = ::readlinkat(p.dir.get(), p.name.c_str(), target, sizeof target);
  if (n <= 0) return false;
  const std::string t(target, static_cast<size_t>(n));
  return t == "ssl-cert-snakeoil.pem" || t.ends_with("/ssl-cert-snakeoil.pem");
}

}  // namespace

std::vector<std::string> remove_generated_keys(int root) {
  std::vector<std::string> candidates{"etc/ssl/private/ssl-cert-snakeoil.key", "etc/ssl/certs/ssl-cert-snakeoil.pem"};
  for (const std::string& n : names_in(root, "etc/ssh", ssh_host_key)) candidates.push_back("etc/ssh/" + n);
  for (const std::string& n : names_in(root, "etc/ssl/certs", any_name))
    if (links_to_snakeoil(root, "etc/ssl/certs/" + n)) candidates.push_back("etc/ssl/certs/" + n);
  std::vector<std::string> removed;
  for (const std::string& path : candidates) {
    const std::optional<struct stat> st = stat_in_tree(root, path);
    if (!st || S_ISDIR(st->st_mode)) continue;
    if (!unlink_in_tree(root, path)) throw Error("cannot remove the generated /" + path + ": " + errno_text(errno));
    removed.push_back("/" + path);
  }
  std::sort(removed.begin(), removed.end());
  return removed;
}

}  // namespace debimg
