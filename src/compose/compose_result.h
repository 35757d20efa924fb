#pragma once
// What a compose made: the lock it used, what it fetched, the output, the
// image's digests and layers, and the push. The CLI prints it as text or
// --json; the image part crosses from the build namespace as JSON.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "compose/compose_request.h"
#include "export/layer_writer.h"
#include "finalize/tree_listing.h"
#include "push/image_push.h"

namespace debimg {

struct ImageReport {
  std::string manifest, config;  // digests
  std::vector<LayerBlob> layers;
  std::map<std::string, std::string> sboms;  // attached SBOMs: format → artifact manifest digest
};
void to_json(nlohmann::json& j, const ImageReport& r);
void from_json(const nlohmann::json& j, ImageReport& r);
// No image (a tar or a tree) crosses as null.
void to_json(nlohmann::json& j, const std::optional<ImageReport>& r);
void from_json(const nlohmann::json& j, std::optional<ImageReport>& r);

// What the namespace run hands back: the image, and the finished tree's
// listing when the request checks reproducibility.
struct TreeOutcome {
  std::optional<ImageReport> image;
  std::optional<TreeListing> listing;
};
void to_json(nlohmann::json& j, const TreeOutcome& o);
void from_json(const nlohmann::json& j, TreeOutcome& o);

// --check-reproducible: a second build's tree against the first's.
struct ReproducibilityCheck {
  size_t paths = 0;
  std::vector<std::string> differences;  // "/path (what)", in path order
  // One line: "N of M paths differ between two builds: /a (content), …".
  std::string summary() const;
};

// One platform of a multi-platform image.
struct PlatformImage {
  std::string platform;  // "linux/arm64/v8"
  ImageReport image;
};

struct ComposeResult {
  std::string lock_path;
  bool lock_written = false;
  size_t packages = 0, downloaded = 0;
  uint64_t downloaded_bytes = 0;
  size_t retries = 0;  // downloads (metadata and packages) tried again
  StopAfter stopped_after = StopAfter::everything;
  OutputFormat format = OutputFormat::oci;
  std::string output;         // absolute; empty when stopped after fetch
  std::string isolation;      // "namespace" | "none": how the scripts ran (empty: nothing was configured)
  int64_t source_date_epoch = 0;  // the image's dates (compose/output_path.h)
  size_t unpacked_paths = 0;  // when stopped after unpack
  std::optional<ImageReport> image;     // several platforms: `manifest` is the image index's digest
  std::vector<PlatformImage> platforms;  // several platforms: each one's image
  std::optional<TreeListing> listing;  // with --check-reproducible
  std::optional<ReproducibilityCheck> reproducible;
  std::string load_script;  // docker-archive: OUT.load.sh
  std::vector<std::string> sbom_files;  // docker-archive: OUT.spdx.json, OUT.cyclonedx.json
  std::optional<PushResult> pushed;
  std::string pushed_to;  // the reference
};

}  // namespace debimg
