#include "export/layer_cache.h"

#include <nlohmann/json.hpp>

#include "unpack/file_table.h"
#include "util/error.h"
#include "util/files.h"
#include "util/sha256.h"
#include "validate/identifiers.h"

using nlohmann::json;
namespace fs = std::filesystem;

namespace debimg {

std::string layer_cache_key(const LayerTable& layer, const TreeSnapshot& snapshot,
                            const std::map<std::string, std::string>& debs, Compression compression, int64_t epoch) {
  Sha256 key;
  auto add = [&](const std::string& field) {
    key.update(field.data(), field.size());
    key.update("\n", 1);
  };
  add("debimg " DEBIMG_VERSION " layer");
  add(to_string(compression));
  add(std::to_string(epoch));
  for (const std::string& path : tar_order(layer.table)) {
    const FileMeta& m = *layer.table.find(path);
    std::string entry = path + "\t" + describe_entry(m, epoch);
    if (m.type == EntryType::file) {
      // The content: this path of that package's .deb (and its size, to be safe).
      entry += "\t" + m.package;
      auto deb = debs.find(m.package);
      auto id = snapshot.find(path);
      entry += "\t" + (deb == debs.end() ? std::string("?") : deb->second) + "\t" +
               (id == snapshot.end() ? std::string("?") : std::to_string(id->second.size));
      if (auto c = layer.content.find(path); c != layer.content.end()) entry += "\t<" + c->second;
    }
    add(entry);
  }
  return key.hex();
}

std::optional<LayerBlob> LayerCache::take(const std::string& key, const fs::path& blobs) const {
  auto text = cache_.read_state("layers/" + key);
  if (!text) return std::nullopt;
  LayerBlob blob;
  try {
    json j = json::parse(*text);
    // The record names the inputs it was made from: a record copied under
    // another key is not this layer's.
    if (j.at("key") != key) return std::nullopt;
    blob.digest = j.at("digest");
    blob.diff_id = j.at("diff-id");
    blob.size = j.at("size");
    blob.media_type = j.at("media-type");
  } catch (const json::exception&) {
    return std::nullopt;  // damaged: written again
  }
  // A state file is hostile until checked (a shared cache volume): anything
  // but digests and a layer media type means damaged, made again.
  if (!is_sha256_digest(blob.digest) || !is_sha256_digest(blob.diff_id) ||
      blob.media_type.rfind("application/vnd.oci.image.layer.v1.tar", 0) != 0)
    return std::nullopt;
  auto stored = cache_.find_verified(blob.digest.substr(7), blob.size);
  if (!stored) return std::nullopt;
  copy_file_atomic(*stored, blobs / blob.digest.substr(7));
  blob.reused = true;
  return blob;
}

void LayerCache::keep(const std::string& key, const LayerBlob& blob, const fs::path& blobs) const {
  const fs::path temp = cache_.new_temp_file("layer");
  copy_file_atomic(blobs / blob.digest.substr(7), temp);
  cache_.adopt(temp, blob.digest.substr(7));
  json j{{"key", key}, {"digest", blob.digest}, {"diff-id", blob.diff_id}, {"size", blob.size}, {"media-type", blob.media_type}};
  fs::create_directories(cache_.state_path("layers"));
  write_file_atomic(cache_.state_path("layers/" + key), j.dump());
}

}  // namespace debimg
