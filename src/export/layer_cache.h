#pragma once
// Package layers kept in the cache between composes: a layer whose inputs
// are the same (its entries, the .debs their contents come from, the
// compression, the epoch, debimg's version) is copied, not written again.
// Blobs live in the cache's sha256/ store; cache/state/layers/<key> names them
// and repeats the key (a record copied under another key is refused).
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "export/layer_tables.h"
#include "export/layer_writer.h"
#include "cache/cache.h"

namespace debimg {

// `debs`: package name → SHA-256 of its .deb.
std::string layer_cache_key(const LayerTable& layer, const TreeSnapshot& snapshot,
                            const std::map<std::string, std::string>& debs, Compression compression,
                            int64_t source_date_epoch);

class LayerCache {
 public:
  explicit LayerCache(const Cache& cache) : cache_(cache) {}
  // The layer stored under `key`, copied to `blobs`/<hex>, after checking the
  // blob's hash; nullopt when absent or damaged.
  std::optional<LayerBlob> take(const std::string& key, const std::filesystem::path& blobs) const;
  // Stores a copy of `blobs`/<hex> under `key`.
  void keep(const std::string& key, const LayerBlob& blob, const std::filesystem::path& blobs) const;

 private:
  const Cache& cache_;
};

}  // namespace debimg
