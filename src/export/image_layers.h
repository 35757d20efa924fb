#pragma once
// The layers of an OCI image, as the profile's `image.layers` asks: one
// layer of the finished tree (`single`), or (`packages`) package layers
// written right after unpacking plus a last layer of what configuring
// changed. Blobs go to the layout's blobs/sha256/.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "export/layer_cache.h"
#include "export/layer_tables.h"
#include "export/layer_writer.h"
#include "unpack/unpack_tree.h"

namespace debimg {

struct LayerSettings {
  std::filesystem::path blobs;   // LAYOUT/blobs/sha256
  Compression compression = Compression::gzip;
  int64_t source_date_epoch = 0;
  const LayerCache* cache = nullptr;  // null: --no-layer-cache
};

// Writes `layer` as a blob (to a temporary, renamed to its digest).
LayerBlob write_layer_blob(int root_fd, const LayerTable& layer, const LayerSettings& settings);

class PackageLayers {
 public:
  // Right after unpacking, before anything else changes the tree: groups the
  // packages into at most `max_layers` − 1 layers and writes them, or takes
  // them from the cache. `debs`: package name → SHA-256 of its .deb.
  PackageLayers(int root_fd, const UnpackedTree& unpacked, const std::map<std::string, std::string>& debs,
                unsigned max_layers, const LayerSettings& settings);

  const std::vector<LayerBlob>& blobs() const { return blobs_; }

  // After configuring: the last layer, everything the package layers do not
  // hold as it is now in `final`.
  LayerBlob write_changes(int root_fd, const FileTable& final) const;

 private:
  LayerSettings settings_;
  FileTable lower_;
  TreeSnapshot snapshot_;
  std::vector<LayerBlob> blobs_;
};

}  // namespace debimg
