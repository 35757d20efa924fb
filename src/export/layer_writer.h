#pragma once
// One image layer: the tree as a deterministic tar, gzip-compressed on every
// core (parallel_gzip.h; no name, no timestamp), with the DiffID (uncompressed) and the blob digest
// (compressed) computed while it streams.
#include <cstdint>
#include <filesystem>
#include <string>

#include "unpack/file_table.h"

namespace debimg {

struct LayerBlob {
  std::string digest;   // "sha256:…" of the compressed blob
  std::string diff_id;  // "sha256:…" of the uncompressed tar
  uint64_t size = 0;    // compressed bytes
};

// Writes the compressed layer to `out_fd`.
LayerBlob write_layer(int root_fd, const FileTable& table, int64_t source_date_epoch, int out_fd);

}  // namespace debimg
