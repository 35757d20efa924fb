#pragma once
// What a compose made: the lock it used, what it fetched, the output, the
// image's digests and layers, and the push. The CLI prints it as text or
// --json; the image part crosses from the build namespace as JSON.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "compose/compose_request.h"
#include "export/layer_writer.h"
#include "push/image_push.h"

namespace debimg {

struct ImageReport {
  std::string manifest, config;  // digests
  std::vector<LayerBlob> layers;
};
void to_json(nlohmann::json& j, const ImageReport& r);
void from_json(const nlohmann::json& j, ImageReport& r);
// No image (a tar or a tree) crosses as null.
void to_json(nlohmann::json& j, const std::optional<ImageReport>& r);
void from_json(const nlohmann::json& j, std::optional<ImageReport>& r);

struct ComposeResult {
  std::string lock_path;
  bool lock_written = false;
  size_t packages = 0, downloaded = 0;
  uint64_t downloaded_bytes = 0;
  StopAfter stopped_after = StopAfter::everything;
  OutputFormat format = OutputFormat::oci;
  std::string output;         // absolute; empty when stopped after fetch
  size_t unpacked_paths = 0;  // when stopped after unpack
  std::optional<ImageReport> image;
  std::string load_script;  // docker-archive: OUT.load.sh
  std::optional<PushResult> pushed;
  std::string pushed_to;  // the reference
};

}  // namespace debimg
