#include "export/docker_archive.h"

#include <nlohmann/json.hpp>

#include "export/image_names.h"
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
  const ImageTag name = split_image_tag(tag);
  json docker = json::array({{{"Config", blob_path(config)}, {"RepoTags", {name.repository + ":" + name.tag}}, {"Layers", layers}}});
  write_file_atomic(layout / "manifest.json", docker.dump());
  write_file_atomic(layout / "repositories", json{{name.repository, {{name.tag, config.substr(7)}}}}.dump());
  fs::remove(layout / "index.json");
  fs::remove(layout / "oci-layout");
}

namespace {

// 'text' for sh, whatever it holds.
std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::string docker_load_script(const std::string& archive_name, const std::string& tag) {
  return "#!/bin/sh\n"
         "# Written by debimg: loads the docker-archive beside this script into Docker\n"
         "# (or Podman where no docker daemon answers) and prints its tag.\n"
         "set -eu\n"
         "archive=\"$(dirname \"$0\")\"/" + shell_quote(archive_name) + "\n"
         "if command -v docker >/dev/null 2>&1 && docker version >/dev/null 2>&1; then\n"
         "  docker load --input \"$archive\" >&2\n"
         "elif command -v podman >/dev/null 2>&1; then\n"
         "  podman load --input \"$archive\" >&2\n"
         "else\n"
         "  echo \"$0: no docker daemon answers and podman is not installed\" >&2\n"
         "  exit 1\n"
         "fi\n"
         "echo " + shell_quote(tag) + "\n";
}

}  // namespace debimg
