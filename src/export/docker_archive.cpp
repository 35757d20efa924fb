#include "export/docker_archive.h"

#include <nlohmann/json.hpp>

#include "util/error.h"
#include "util/files.h"

using nlohmann::json;
namespace fs = std::filesystem;

namespace debimg {

void add_docker_manifest(const fs::path& layout, const std::string& tag) {
  json index = json::parse(read_file(layout / "index.json"));
  const std::string manifest_digest = index.at("manifests").at(0).at("digest");
  json manifest = json::parse(read_file(layout / "blobs/sha256" / manifest_digest.substr(7)));
  auto blob_path = [](const std::string& digest) { return "blobs/sha256/" + digest.substr(7); };
  json layers = json::array();
  for (const auto& l : manifest.at("layers")) layers.push_back(blob_path(l.at("digest")));
  const std::string config = manifest.at("config").at("digest");
  std::string name = tag, version = "latest";
  if (size_t colon = tag.rfind(':'); colon != std::string::npos && tag.find('/', colon) == std::string::npos) {
    name = tag.substr(0, colon);
    version = tag.substr(colon + 1);
  }
  json docker = json::array({{{"Config", blob_path(config)}, {"RepoTags", {name + ":" + version}}, {"Layers", layers}}});
  write_file_atomic(layout / "manifest.json", docker.dump());
  write_file_atomic(layout / "repositories", json{{name, {{version, config.substr(7)}}}}.dump());
  fs::remove(layout / "index.json");
  fs::remove(layout / "oci-layout");
}

}  // namespace debimg
