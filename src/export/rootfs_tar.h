#pragma once
// A tar of the tree as the metadata table describes it: entries in tar
// order (parents first, siblings by name), numeric owners, pax only where
// ustar cannot say it, hardlinks, device nodes and file capabilities kept.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "unpack/file_table.h"

namespace debimg {

struct TarOptions {
  std::string prefix = "./";           // rootfs tars name entries "./usr/bin"; layers "usr/bin"
  bool include_root = true;            // the "./" entry itself
  std::optional<int64_t> clamp_mtime;  // SOURCE_DATE_EPOCH: no mtime later than this
  // Where a regular file's content is read, when not at its own path (a
  // conffile still named .dpkg-new); "" means no content (a whiteout).
  std::function<std::string(const std::string& path)> content_path;
};

// Streams the archive's bytes to `sink`, which may be called many times.
using TarSink = std::function<void(const void*, size_t)>;

// Reads file contents below `root_fd`.
void write_tree_tar(int root_fd, const FileTable& table, const TarOptions& options, const TarSink& sink);

// The same, written to a file descriptor.
void write_rootfs_tar(int root_fd, const FileTable& table, int out_fd, const TarOptions& options = {});

}  // namespace debimg
