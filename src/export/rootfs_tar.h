#pragma once
// A tar of the tree as the metadata table describes it: entries in tar
// order (parents first, siblings by name), numeric owners, pax only where
// ustar cannot say it, hardlinks, device nodes and file capabilities kept.
#include <string>

#include "unpack/file_table.h"

namespace debimg {

struct TarOptions {
  std::string prefix = "./";  // rootfs tars name entries "./usr/bin"
};

// Reads file contents below `root_fd` and writes the archive to `out_fd`.
void write_rootfs_tar(int root_fd, const FileTable& table, int out_fd, const TarOptions& options = {});

}  // namespace debimg
