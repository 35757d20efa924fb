// --format oci, oci-archive, docker-archive: an OCI layout, built in place
// (oci) or in the cache and then archived as one tar.
#include <fcntl.h>

#include <map>

#include "compose/image_sboms.h"
#include "compose/layout_archive.h"
#include "compose/output_strategy.h"
#include "export/docker_archive.h"
#include "export/image_layers.h"
#include "export/layer_cache.h"
#include "export/oci_layout.h"
#include "export/os_release.h"
#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"
#include "util/strings.h"

namespace fs = std::filesystem;

namespace debimg {

namespace {

class OciOutput : public OutputStrategy {
 public:
  explicit OciOutput(const OutputSetup& setup) : setup_(setup), layer_cache_(*setup.cache) {
    if (setup.format != OutputFormat::oci) archived_.emplace(setup.cache->scratch(), "layout-");
    layout_ = archived_ ? archived_->path() : setup.staged;
    settings_ = {layout_ / "blobs/sha256", setup.profile->image.compression, setup.source_date_epoch,
                 setup.no_layer_cache ? nullptr : &layer_cache_};
  }

  // Package layers hold the packages as unpacked: written before any script runs.
  void after_unpack(int root_fd, const UnpackedTree& unpacked) override {
    if (setup_.profile->image.layers.kind != LayerStrategy::packages) return;
    setup_.events->stage(Stage::layers, "package layers of " + std::to_string(unpacked.packages.size()) + " packages");
    std::map<std::string, std::string> debs;  // what a package layer's contents come from
    for (const auto& p : setup_.lock->packages) debs[p.name] = p.sha256;
    package_layers_.emplace(root_fd, unpacked, debs, setup_.profile->image.layers.max, settings_);
  }

  std::optional<ImageReport> write(int root_fd, FileTable final_table, const IdMap&) override {
    std::vector<LayerBlob> layers;
    if (package_layers_) {
      setup_.events->stage(Stage::export_image, "the last layer (what configuring changed)");
      layers = package_layers_->blobs();
      layers.push_back(package_layers_->write_changes(root_fd, final_table));
    } else {
      setup_.events->stage(Stage::export_image, "one layer");
      layers.push_back(write_layer_blob(root_fd, LayerTable{std::move(final_table), {}}, settings_));
    }
    const ImageFacts facts{setup_.lock->architecture(), setup_.source_date_epoch, os_release_version(root_fd),
                           setup_.lock->packages.size()};
    const LayoutDigests digests = write_oci_layout(layout_, layers, *setup_.profile, facts);
    return ImageReport{digests.manifest, digests.config, layers, {}};
  }

  void finish(ComposeResult& result) override {
    if (setup_.format != OutputFormat::docker_archive && !setup_.profile->image.sbom.empty() && result.image) {
      setup_.events->stage(Stage::export_image, "SBOM artifacts (" + join(setup_.profile->image.sbom) + ")");
      result.image->sboms = attach_image_sboms(layout_, *setup_.profile, *setup_.lock, setup_.source_date_epoch);
    }
    if (!archived_) return;
    if (setup_.format == OutputFormat::docker_archive) {
      // docker save's form has no place for an artifact: the SBOMs go beside it, OUT.spdx.json.
      for (const auto& [format, document] : image_sbom_documents(layout_, *setup_.profile, *setup_.lock)) {
        const fs::path file = setup_.output.string() + "." + format + ".json";
        write_file_atomic(file, document);
        result.sbom_files.push_back(fs::absolute(file).string());
      }
      add_docker_manifest(layout_, setup_.profile->image.tag);
    }
    write_layout_archive(layout_, setup_.source_date_epoch, setup_.staged);
    if (setup_.format != OutputFormat::docker_archive) return;
    // OUT.load.sh is part of the output: ready beside it before the archive lands.
    const fs::path script = setup_.output.string() + ".load.sh";
    write_file_atomic(script, docker_load_script(setup_.output.filename().string(), setup_.profile->image.tag), 0755);
    result.load_script = fs::absolute(script).string();
  }

 private:
  OutputSetup setup_;
  LayerCache layer_cache_;
  std::optional<TempDir> archived_;  // the layout of an archived format, in the cache
  fs::path layout_;
  LayerSettings settings_;
  std::optional<PackageLayers> package_layers_;
};

}  // namespace

std::unique_ptr<OutputStrategy> oci_output(const OutputSetup& setup) { return std::make_unique<OciOutput>(setup); }

}  // namespace debimg
