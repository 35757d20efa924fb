#include "configure/tree_owner.h"

#include <fcntl.h>
#include <unistd.h>

#include "util/error.h"
#include "util/files.h"
#include "util/tree_fs.h"

namespace debimg {

namespace {

bool in_range(unsigned id, unsigned base) { return id >= base && id - base < kNeededIds; }

unsigned to_sandbox(unsigned id, unsigned base) { return in_range(id, base) || id >= kNeededIds ? id : base + id; }

}  // namespace

unsigned inner_uid(const IdMap& ids, unsigned id) {
  return in_range(id, ids.sandbox_uid_base) ? id - ids.sandbox_uid_base : id;
}

unsigned inner_gid(const IdMap& ids, unsigned id) {
  return in_range(id, ids.sandbox_gid_base) ? id - ids.sandbox_gid_base : id;
}

void hand_tree_to_sandbox(int root_fd, const IdMap& ids) {
  const unsigned ub = ids.sandbox_uid_base, gb = ids.sandbox_gid_base;
  if (ub == 0 && gb == 0) return;
  auto own = [&](int dir_fd, const char* name, const struct stat& st, int flags, const std::string& path) {
    const unsigned u = to_sandbox(st.st_uid, ub), g = to_sandbox(st.st_gid, gb);
    if (u == st.st_uid && g == st.st_gid) return;
    if (::fchownat(dir_fd, name, u, g, flags) != 0) throw Error("cannot hand /" + path + " to the sandbox: " + errno_text(errno));
    // chown clears set-id bits: put them back.
    if (!S_ISLNK(st.st_mode) && (st.st_mode & 06000) && ::fchmodat(dir_fd, name, st.st_mode & 07777, 0) != 0)
      throw Error("cannot restore the mode of /" + path + ": " + errno_text(errno));
  };
  struct stat root;
  if (::fstat(root_fd, &root) != 0) throw Error("cannot stat the tree: " + errno_text(errno));
  own(root_fd, "", root, AT_EMPTY_PATH, "");
  walk_tree(root_fd, [&](int dir_fd, const std::string& name, const std::string& path, const struct stat& st) {
    own(dir_fd, name.c_str(), st, AT_SYMLINK_NOFOLLOW, path);
  });
}

}  // namespace debimg
