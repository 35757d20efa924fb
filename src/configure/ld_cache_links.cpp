#include "configure/ld_cache_links.h"

#include <unistd.h>

#include <array>
#include <string_view>

#include "configure/tree_paths.h"
#include "util/tree_fs.h"

namespace debimg {

namespace {

// Debian's ld_sonames, as compiled: a missing comma joins the riscv64 and
// x32 names into one, so neither of them is protected.
constexpr std::array<std::string_view, 13> kDynamicLinkers{
    "ld-kfreebsd-x86-64.so.1",
    "ld-linux-aarch64.so.1",
    "ld-linux-aarch64_be.so.1",
    "ld-linux-armhf.so.3",
    "ld-linux-ia64.so.2",
    "ld-linux-mipsn8.so.1",
    "ld-linux-riscv64-lp64.so.1ld-linux-riscv64-lp64d.so.1ld-linux-x32.so.2",
    "ld-linux-x86-64.so.2",
    "ld-linux.so.2",
    "ld-linux.so.3",
    "ld.so.1",
    "ld64.so.1",
    "ld64.so.2",
};

bool is_dynamic_linker(const std::string& soname) {
  for (std::string_view name : kDynamicLinkers)
    if (soname == name) return true;
  return false;
}

}  // namespace

void create_soname_link(int root_fd, const std::string& dir, const std::string& libname, const std::string& soname) {
  const std::string full_lib = dir + "/" + libname, full_so = dir + "/" + soname;
  bool link = true, remove = true;
  if (const auto so = tree_stat(root_fd, full_so)) {
    const auto lib = tree_stat(root_fd, full_lib);
    if (!lib) return;  // "Can't stat"
    if (is_dynamic_linker(soname)) link = false;
    if (lib->st_dev == so->st_dev && lib->st_ino == so->st_ino) {
      link = false;  // already right
    } else if (const auto ls = tree_lstat(root_fd, full_so); ls && !S_ISLNK(ls->st_mode)) {
      link = false;  // "is not a symbolic link"
      remove = false;
    }
  } else if (const auto ls = tree_lstat(root_fd, full_so); !ls || !S_ISLNK(ls->st_mode)) {
    remove = false;  // nothing there, or not a dangling link
  }
  // unlink(2) and symlink(2) fail on a name ending in '/'.
  if (!link || full_so.back() == '/') return;
  TreeParent at = parent_in_tree(root_fd, full_so);
  if (!at.dir) return;
  if (remove && ::unlinkat(at.dir.get(), at.name.c_str(), 0) != 0) return;  // "Can't unlink"
  [[maybe_unused]] const int made = ::symlinkat(libname.c_str(), at.dir.get(), at.name.c_str());  // else "Can't link"
}

}  // namespace debimg
