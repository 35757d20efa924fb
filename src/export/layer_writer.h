#pragma once
// One image layer: a deterministic tar of (part of) the tree, compressed
// (layer_compression.h), with the DiffID (uncompressed) and the blob digest
// (compressed) computed while it streams.
#include <cstdint>
#include <string>

#include "export/rootfs_tar.h"
#include "profile/profile.h"
#include "unpack/file_table.h"

namespace debimg {

struct LayerBlob {
  std::string digest;      // "sha256:…" of the compressed blob
  std::string diff_id;     // "sha256:…" of the uncompressed tar
  uint64_t size = 0;       // compressed bytes
  std::string media_type;  // application/vnd.oci.image.layer.v1.tar+gzip or +zstd
  std::string comment;     // the config's history entry: what the layer holds
  bool reused = false;     // taken from the layer cache, not written this time
};

// A layer's entries: relative names, no root entry, mtimes clamped.
TarOptions layer_tar_options(int64_t source_date_epoch);

// Writes the compressed layer of `table`'s entries to `out_fd`.
LayerBlob write_layer(int root_fd, const FileTable& table, const TarOptions& options, Compression compression,
                      int out_fd);

}  // namespace debimg
