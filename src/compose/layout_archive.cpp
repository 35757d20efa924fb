#include "compose/layout_archive.h"

#include <fcntl.h>

#include "configure/tree_scan.h"
#include "export/rootfs_tar.h"
#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"

namespace debimg {

void write_layout_archive(const std::filesystem::path& layout, int64_t epoch, const std::filesystem::path& archive) {
  UniqueFd root(::open(layout.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  UniqueFd out(::open(archive.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC));
  if (!root || !out) throw Error("cannot archive " + layout.string() + " as " + archive.string() + ": " + errno_text(errno));
  const FileTable scanned = scan_tree(root.get(), FileTable{});
  FileTable normal;
  for (auto [path, meta] : scanned.entries()) {
    meta.uid = meta.gid = 0;
    meta.mode = meta.type == EntryType::directory ? 0755 : 0644;
    meta.mtime = epoch;
    normal.set(path, meta);
  }
  TarOptions options;
  options.prefix = "";
  options.include_root = false;
  write_rootfs_tar(root.get(), normal, out.get(), options);
}

}  // namespace debimg
