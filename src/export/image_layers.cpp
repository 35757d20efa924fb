#include "export/image_layers.h"

#include <fcntl.h>
#include <unistd.h>

#include <set>

#include "unpack/essential_set.h"
#include "export/layer_groups.h"
#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"
#include "util/io_place.h"
#include "util/strings.h"

namespace fs = std::filesystem;

namespace debimg {

LayerBlob write_layer_blob(int root_fd, const LayerTable& layer, const LayerSettings& settings) {
  fs::create_directories(settings.blobs);
  const fs::path temp = settings.blobs / ".layer";
  UniqueFd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!fd) throw Error(io_failure("write a layer in", settings.blobs, errno));
  LayerBlob blob = write_layer(root_fd, layer.table, layer.tar_options(settings.source_date_epoch),
                               settings.compression, fd.get());
  fd.reset();
  fs::rename(temp, settings.blobs / blob.digest.substr(7));
  return blob;
}

PackageLayers::PackageLayers(int root_fd, const UnpackedTree& unpacked, const std::map<std::string, std::string>& debs,
                             unsigned max_layers, const LayerSettings& settings)
    : settings_(settings) {
  fs::create_directories(settings.blobs);
  std::set<std::string> essential_names;
  for (const auto& name : essential_closure(unpacked.packages)) essential_names.insert(name.substr(0, name.find(':')));
  std::vector<std::string> essential, others, shared;
  for (const auto& p : unpacked.packages)
    (p.architecture == "all" ? shared : essential_names.count(p.name) ? essential : others).push_back(p.name);
  // The last layer is for what configuring changes.
  for (const auto& group : group_packages(essential, others, shared, max_layers > 1 ? max_layers - 1 : 1)) {
    LayerTable layer = package_layer_table(unpacked.table, {group.begin(), group.end()}, settings.source_date_epoch);
    snapshot_files(root_fd, layer, snapshot_);
    for (const auto& [path, meta] : layer.table.entries()) lower_.set(path, meta);
    const std::string key = settings.cache ? layer_cache_key(layer, snapshot_, debs, settings.compression,
                                                             settings.source_date_epoch)
                                           : std::string();
    std::optional<LayerBlob> blob;
    if (settings.cache) blob = settings.cache->take(key, settings.blobs);
    if (!blob) {
      blob = write_layer_blob(root_fd, layer, settings);
      if (settings.cache) settings.cache->keep(key, *blob, settings.blobs);
    }
    blob->comment = "debimg: packages " + join(group, " ");
    blobs_.push_back(*blob);
  }
}

LayerBlob PackageLayers::write_changes(int root_fd, const FileTable& final) const {
  LayerTable changes = changes_layer_table(root_fd, lower_, snapshot_, final, settings_.source_date_epoch);
  LayerBlob blob = write_layer_blob(root_fd, changes, settings_);
  blob.comment = "debimg: configured (maintainer scripts, dpkg database, hooks)";
  return blob;
}

}  // namespace debimg
