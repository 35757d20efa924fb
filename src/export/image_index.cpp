#include "export/image_index.h"

#include <sys/stat.h>

#include <cerrno>
#include <nlohmann/json.hpp>

#include "export/oci_layout.h"
#include "export/oci_platform.h"
#include "util/error.h"
#include "util/files.h"
#include "util/sha256.h"
#include "validate/identifiers.h"

using nlohmann::json;
namespace fs = std::filesystem;

namespace debimg {

namespace {

constexpr const char* kIndex = "application/vnd.oci.image.index.v1+json";
constexpr const char* kManifest = "application/vnd.oci.image.manifest.v1+json";

// Each blob of `from` into `to`, by rename (by copy across file systems),
// after its bytes were checked against its name.
void move_blobs(const fs::path& from, const fs::path& to) {
  for (const auto& entry : fs::directory_iterator(from)) {
    const std::string hex = entry.path().filename().string();
    const std::string what = entry.path().string();
    require_sha256(hex, what);
    struct stat st;
    if (::lstat(entry.path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) throw Error(what + ": not a regular file");
    if (sha256_file(entry.path()) != hex) throw Error(what + ": its content does not match its digest");
    const fs::path target = to / hex;
    std::error_code ec;
    if (fs::exists(target, ec)) continue;  // the same bytes, shared by two platforms
    fs::rename(entry.path(), target, ec);
    if (ec == std::errc::cross_device_link) {
      fs::copy_file(entry.path(), target, ec);
    }
    if (ec) throw Error("cannot move " + what + " to " + target.string() + ": " + ec.message());
  }
}

struct PlatformEntries {
  json manifest;   // the image manifest's descriptor, with the platform
  json artifacts;  // descriptors of artifacts (SBOMs) whose subject it is, as index.json lists them
};

// A platform's index.json: its image manifest first, then only artifacts
// that name that manifest as their subject (export/sbom_artifact.h).
PlatformEntries platform_entries(const PlatformLayout& p) {
  const fs::path file = p.layout / "index.json";
  json index;
  try {
    index = json::parse(read_file(file));
  } catch (const json::exception& e) {
    throw Error(file.string() + ": not JSON: " + e.what());
  }
  const json& m = index.value("manifests", json::array());
  if (!m.is_array() || m.empty()) throw Error(file.string() + ": names no image manifest");
  auto descriptor_digest = [&](const json& d, const std::string& where) {
    if (!d.is_object() || d.value("mediaType", "") != kManifest)
      throw Error(where + ": not an image manifest descriptor");
    const std::string digest = d.value("digest", "");
    require_sha256_digest(digest, where + ".digest");
    if (!d.contains("size") || !d["size"].is_number_unsigned()) throw Error(where + ": no size");
    return digest;
  };
  const std::string digest = descriptor_digest(m[0], file.string() + ": manifests[0]");
  const OciPlatform platform = oci_platform(p.architecture);
  PlatformEntries out{{{"mediaType", kManifest}, {"digest", digest}, {"size", m[0]["size"]},
                       {"platform", {{"os", platform.os}, {"architecture", platform.architecture}}}},
                      json::array()};
  if (!platform.variant.empty()) out.manifest["platform"]["variant"] = platform.variant;
  for (size_t i = 1; i < m.size(); ++i) {
    const std::string where = file.string() + ": manifests[" + std::to_string(i) + "]";
    const std::string artifact = descriptor_digest(m[i], where);
    if (!m[i].contains("artifactType") || !m[i]["artifactType"].is_string()) throw Error(where + ": not an artifact (no artifactType)");
    const fs::path blob = p.layout / "blobs/sha256" / artifact.substr(7);
    json body;
    try {
      body = json::parse(read_file(blob));
    } catch (const std::exception&) {
      throw Error(where + ": artifact " + artifact + " is not a readable JSON manifest");
    }
    if (!body.is_object() || !body.contains("subject") || !body["subject"].is_object() ||
        body["subject"].value("digest", "") != digest)
      throw Error(where + ": artifact " + artifact + " does not name the image manifest " + digest + " as its subject");
    out.artifacts.push_back(m[i]);
  }
  return out;
}

}  // namespace

IndexDigests write_image_index(const fs::path& layout, const std::vector<PlatformLayout>& platforms,
                               const std::string& tag) {
  const fs::path blobs = layout / "blobs/sha256";
  fs::create_directories(blobs);
  IndexDigests out;
  json manifests = json::array(), artifacts = json::array();
  for (const auto& p : platforms) {
    PlatformEntries entries = platform_entries(p);
    manifests.push_back(std::move(entries.manifest));
    for (auto& a : entries.artifacts) artifacts.push_back(std::move(a));
    out.manifests.push_back(manifests.back()["digest"]);
    move_blobs(p.layout / "blobs/sha256", blobs);
    const std::string hex = out.manifests.back().substr(7);
    if (!fs::exists(blobs / hex)) throw Error(p.layout.string() + ": index.json names a manifest it does not hold");
  }
  for (const auto& a : artifacts)
    if (!fs::exists(blobs / a["digest"].get<std::string>().substr(7)))
      throw Error(layout.string() + ": an artifact's manifest " + a["digest"].get<std::string>() + " is missing");
  const std::string index = json{{"schemaVersion", 2}, {"mediaType", kIndex}, {"manifests", manifests}}.dump();
  out.index = store_blob(layout, index);
  json top = {{"schemaVersion", 2},
              {"mediaType", kIndex},
              {"manifests", json::array({{{"mediaType", kIndex},
                                          {"digest", out.index},
                                          {"size", index.size()},
                                          {"annotations", {{"org.opencontainers.image.ref.name", ref_name(tag)}}}}})}};
  // Each platform's SBOMs after the index, as a one-platform layout lists them after its manifest.
  for (auto& a : artifacts) top["manifests"].push_back(std::move(a));
  write_file_atomic(layout / "index.json", top.dump());
  write_file_atomic(layout / "oci-layout", json{{"imageLayoutVersion", "1.0.0"}}.dump());
  return out;
}

}  // namespace debimg
