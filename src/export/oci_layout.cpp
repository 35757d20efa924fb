#include "export/oci_layout.h"

#include <nlohmann/json.hpp>

#include <ctime>

#include "export/image_names.h"
#include "export/oci_platform.h"
#include "util/files.h"
#include "util/sha256.h"

using nlohmann::json;
namespace fs = std::filesystem;

namespace debimg {

namespace {

json descriptor(const std::string& media_type, const std::string& content) {
  return {{"mediaType", media_type}, {"digest", "sha256:" + sha256_hex(content)}, {"size", content.size()}};
}

}  // namespace

std::string store_blob(const fs::path& layout, const std::string& content) {
  const std::string hex = sha256_hex(content);
  write_file_atomic(layout / "blobs/sha256" / hex, content);
  return "sha256:" + hex;
}

std::string rfc3339(int64_t epoch) {
  time_t t = static_cast<time_t>(epoch);
  struct tm tm;
  gmtime_r(&t, &tm);
  char buffer[32];
  strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

LayoutDigests write_oci_layout(const fs::path& layout, const std::vector<LayerBlob>& layers, const Profile& profile,
                               const ImageFacts& facts) {
  const ImageConfig& image = profile.image;
  const std::string created = rfc3339(facts.created);
  json env = json::array();
  if (!image.env.count("PATH")) env.push_back("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
  for (const auto& [k, v] : image.env) env.push_back(k + "=" + v);
  json config = {{"Env", env}};
  if (!image.entrypoint.empty()) config["Entrypoint"] = image.entrypoint;
  if (!image.cmd.empty()) config["Cmd"] = image.cmd;
  if (!image.user.empty()) config["User"] = image.user;
  if (!image.workdir.empty()) config["WorkingDir"] = image.workdir;
  if (!image.labels.empty()) config["Labels"] = image.labels;
  if (!image.stop_signal.empty()) config["StopSignal"] = image.stop_signal;
  if (!image.exposed_ports.empty()) {
    json ports = json::object();
    for (const auto& p : image.exposed_ports) ports[p] = json::object();
    config["ExposedPorts"] = ports;
  }
  json diff_ids = json::array(), history = json::array(), layer_descriptors = json::array();
  for (const auto& l : layers) {
    diff_ids.push_back(l.diff_id);
    history.push_back({{"created", created},
                       {"created_by", "debimg " DEBIMG_VERSION},
                       {"comment", l.comment.empty() ? profile.name + ": " + std::to_string(facts.packages) +
                                                           " packages, configured"
                                                     : l.comment}});
    layer_descriptors.push_back({{"mediaType", l.media_type}, {"digest", l.digest}, {"size", l.size}});
  }
  const OciPlatform platform_of_image = oci_platform(facts.architecture);
  const std::string& arch = platform_of_image.architecture;
  const std::string& variant = platform_of_image.variant;
  json image_config = {{"architecture", arch},
                       {"os", "linux"},
                       {"created", created},
                       {"config", config},
                       {"rootfs", {{"type", "layers"}, {"diff_ids", diff_ids}}},
                       {"history", history}};
  if (!variant.empty()) image_config["variant"] = variant;
  const std::string config_text = image_config.dump();
  const std::string config_digest = store_blob(layout, config_text);

  json annotations = {{"org.opencontainers.image.created", created}};
  if (!facts.os_version.empty()) annotations["org.opencontainers.image.version"] = facts.os_version;
  json manifest = {{"schemaVersion", 2},
                   {"mediaType", "application/vnd.oci.image.manifest.v1+json"},
                   {"config", descriptor("application/vnd.oci.image.config.v1+json", config_text)},
                   {"layers", layer_descriptors},
                   {"annotations", annotations}};
  const std::string manifest_text = manifest.dump();
  const std::string manifest_digest = store_blob(layout, manifest_text);

  json manifest_descriptor = descriptor("application/vnd.oci.image.manifest.v1+json", manifest_text);
  manifest_descriptor["annotations"] = image_name_annotations(image.tag);
  json platform = {{"architecture", arch}, {"os", "linux"}};
  if (!variant.empty()) platform["variant"] = variant;
  manifest_descriptor["platform"] = platform;
  json index = {{"schemaVersion", 2},
                {"mediaType", "application/vnd.oci.image.index.v1+json"},
                {"manifests", json::array({manifest_descriptor})}};
  write_file_atomic(layout / "index.json", index.dump());
  write_file_atomic(layout / "oci-layout", json{{"imageLayoutVersion", "1.0.0"}}.dump());
  return {manifest_digest, config_digest};
}

}  // namespace debimg
