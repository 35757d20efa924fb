#pragma once
// The tables of a layered image (`layers: {strategy: packages}`): what each
// package layer holds, taken right after unpacking, before any script ran;
// and the last layer: whatever configuring, hooks, the dpkg database and
// tidying made different from those, with whiteouts for what they removed.
// Stacked, the layers give the tree a single layer would hold.
#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "export/rootfs_tar.h"
#include "unpack/file_table.h"

namespace debimg {

struct LayerTable {
  FileTable table;
  // Entry → where its content lies when not at its own name: a conffile
  // still named .dpkg-new; "" for none (a whiteout).
  std::map<std::string, std::string> content;

  TarOptions tar_options(int64_t source_date_epoch) const;
};

// The files of `packages` (by name) and the directories above them, named
// as after configuring. Directories and symlinks take the epoch as mtime:
// on disk theirs is the moment of unpacking, which the clamp makes the epoch.
LayerTable package_layer_table(const FileTable& unpacked, const std::set<std::string>& packages,
                               int64_t source_date_epoch);

// What identifies a regular file's content without reading it: a script that
// rewrites or replaces a file changes its inode, size or mtime.
struct FileIdentity {
  uint64_t inode = 0, size = 0;
  int64_t mtime_ns = 0;
  bool operator==(const FileIdentity&) const = default;
};
using TreeSnapshot = std::map<std::string, FileIdentity>;

// The identity of every regular file of `layer`, read from the tree now.
void snapshot_files(int root_fd, const LayerTable& layer, TreeSnapshot& out);

// The last layer: entries of `final` missing from or different in `lower`
// (the package layers stacked), their parent directories, and a whiteout
// for each entry of `lower` that is gone.
LayerTable changes_layer_table(int root_fd, const FileTable& lower, const TreeSnapshot& snapshot,
                               const FileTable& final, int64_t source_date_epoch);

}  // namespace debimg
