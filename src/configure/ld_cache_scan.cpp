#include "configure/ld_cache_scan.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "configure/elf_library.h"
#include "configure/ld_cache_links.h"
#include "configure/ld_legacy_hwcaps.h"
#include "configure/tree_paths.h"
#include "util/tree_fs.h"

namespace debimg {

namespace {

// One library of the folder (ldconfig's dlib_entry).
struct FolderLibrary {
  std::string name, soname;
  int flag;
  bool is_link;
  unsigned isa_level;
};

bool name_ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// _dl_is_dso: lib*.so*, ld-*.so*, ld.so.*, ld64.so.*.
bool looks_like_dso(const std::string& name) {
  return ((name.rfind("lib", 0) == 0 || name.rfind("ld-", 0) == 0) && name.find(".so") != std::string::npos) ||
         name.rfind("ld.so.", 0) == 0 || name.rfind("ld64.so.", 0) == 0;
}

// Temporary files ldconfig never reads: prelink's, and from 2.41 RPM's and dpkg's.
bool is_temporary(const std::string& name, LdconfigDialect dialect) {
  if (name_ends_with(name, ".#prelink#")) return true;
  if (name.size() >= 17 && name.compare(name.size() - 17, 11, ".#prelink#.") == 0) return true;
  if (dialect == LdconfigDialect::glibc_2_36) return false;
  return name.find(';') != std::string::npos || name_ends_with(name, ".dpkg-new") || name_ends_with(name, ".dpkg-tmp");
}

// The first filter of search_dir's loop: the entry's name and type.
bool considered(const FolderEntry& e, const LdCacheDir& dir, LdconfigDialect dialect) {
  if (e.type != DT_UNKNOWN && e.type != DT_LNK && e.type != DT_REG && e.type != DT_DIR) return false;
  if (!looks_like_dso(e.name)) {
    // Other names pass only as (2.36) hwcap subfolders, or anything but
    // a regular file inside a glibc-hwcaps subfolder.
    if (e.type == DT_REG) return false;
    if (!dir.hwcaps && (dialect != LdconfigDialect::glibc_2_36 || !is_legacy_hwcap_name(e.name))) return false;
  }
  return !is_temporary(e.name, dialect);
}

// A symlink's soname is its own name when it is the soname, or the
// linker's "libfoo.so" for it; else it counts as a file of that library.
bool keeps_link_name(const std::string& name, const std::string& soname) {
  return name == soname || (name_ends_with(name, ".so") && soname.compare(0, name.size(), name) == 0);
}

// Adds `lib` to the folder's list, or lets it replace the one of its
// soname when it is a file replacing a link, or a newer name of the same kind.
void merge(std::vector<FolderLibrary>& libs, FolderLibrary lib, LdconfigDialect dialect) {
  for (FolderLibrary& known : libs) {
    if (known.soname != lib.soname) continue;
    if ((!lib.is_link && known.is_link) ||
        (lib.is_link == known.is_link && dl_cache_libcmp(known.name.c_str(), lib.name.c_str()) < 0)) {
      const bool libc56 = lib.flag == kLdFlagElfLibc5 || lib.flag == kLdFlagElfLibc6;
      const bool known_libc56 = known.flag == kLdFlagElfLibc5 || known.flag == kLdFlagElfLibc6;
      if (dialect == LdconfigDialect::glibc_2_36 &&
          ((known.flag == kLdFlagElf && libc56) || (known_libc56 && lib.flag == kLdFlagElf)))
        known.flag = lib.flag;  // else "same soname but different type": the flag stays
      known.name = lib.name;
      known.is_link = lib.is_link;
      known.isa_level = lib.isa_level;
    }
    return;
  }
  libs.push_back(std::move(lib));
}

bool stale_errno(int err) { return err == ENOENT || err == ENOTDIR || err == ELOOP || err == ENAMETOOLONG; }

}  // namespace

namespace {

// The part of search_dir's loop after the name filter: follows a symlink,
// queues a 2.36 hwcap subfolder, reads the library. nullopt: passed over.
std::optional<FolderLibrary> examine(const LdCacheScan& scan, const LdCacheDir& dir, int dir_fd, const FolderEntry& e) {
  const std::string file = dir.path + "/" + e.name;
  struct stat st;
  if (::fstatat(dir_fd, e.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return std::nullopt;
  bool is_link = S_ISLNK(st.st_mode);
  struct stat target = st;
  if (is_link) {
    const auto t = tree_stat(scan.root_fd, file);
    if (!t) {
      // A dangling library symlink goes ("Remove stale symlinks").
      if (scan.update_links && stale_errno(errno) && e.name.find(".so.") != std::string::npos)
        ::unlinkat(dir_fd, e.name.c_str(), 0);
      return std::nullopt;
    }
    target = *t;
  }
  if (scan.dialect == LdconfigDialect::glibc_2_36 && !dir.hwcaps && S_ISDIR(target.st_mode) &&
      is_legacy_hwcap_name(e.name)) {
    scan.dirs.add({file, dir.flag, target.st_dev, target.st_ino, std::nullopt});  // searched later
    return std::nullopt;
  }
  if (!S_ISREG(target.st_mode)) return std::nullopt;  // what process_file would fail on
  UniqueFd fd = is_link ? open_in_tree(scan.root_fd, file, O_RDONLY | O_NONBLOCK | O_NOCTTY)
                        : UniqueFd(::openat(dir_fd, e.name.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd) return std::nullopt;
  const auto info = read_library(fd.get(), e.name, scan.dialect);
  if (!info) return std::nullopt;
  FolderLibrary lib{e.name, info->soname.value_or(e.name), info->flag, is_link, info->isa_level};
  if (lib.is_link && !keeps_link_name(e.name, lib.soname)) lib.is_link = false;
  if (lib.is_link) lib.soname = e.name;
  if (lib.flag == kLdFlagElf && (dir.flag == kLdFlagElfLibc5 || dir.flag == kLdFlagElfLibc6)) lib.flag = dir.flag;
  return lib;
}

}  // namespace

void search_dir(const LdCacheScan& scan, const LdCacheDir& dir) {
  const bool legacy = scan.dialect == LdconfigDialect::glibc_2_36 && !dir.hwcaps;
  const uint64_t hwcap = legacy ? legacy_path_hwcap(dir.path) : 0;
  UniqueFd fd = open_in_tree(scan.root_fd, dir.path, O_RDONLY | O_DIRECTORY);
  if (!fd) return;  // "Can't open directory"
  std::vector<FolderLibrary> libs;
  for (const FolderEntry& e : list_folder(fd.get()))
    if (considered(e, dir, scan.dialect))
      if (auto lib = examine(scan, dir, fd.get(), e)) merge(libs, std::move(*lib), scan.dialect);
  // ldconfig's list has the last library it added first. The cache names
  // a library by its soname, in a glibc-hwcaps subfolder by its file.
  for (auto it = libs.rbegin(); it != libs.rend(); ++it) {
    if (!dir.hwcaps && !it->is_link && scan.update_links) create_soname_link(scan.root_fd, dir.path, it->name, it->soname);
    scan.cache.add(dir.path, dir.hwcaps ? it->name : it->soname, it->soname, it->flag, it->isa_level, hwcap, dir.hwcaps);
  }
}

}  // namespace debimg
