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

// The one image manifest descriptor of a platform's index.json.
json platform_manifest(const PlatformLayout& p) {
  const fs::path file = p.layout / "index.json";
  json index;
  try {
    index = json::parse(read_file(file));
  } catch (const json::exception& e) {
    throw Error(file.string() + ": not JSON: " + e.what());
  }
  const json& m = index.value("manifests", json::array());
  if (!m.is_array() || m.size() != 1 || !m[0].is_object()) throw Error(file.string() + ": not one image manifest");
  const std::string media_type = m[0].value("mediaType", ""), digest = m[0].value("digest", "");
  if (media_type != kManifest) throw Error(file.string() + ": mediaType " + quoted_value(media_type) + " is not an image manifest");
  require_sha256_digest(digest, file.string() + ": digest");
  if (!m[0].contains("size") || !m[0]["size"].is_number_unsigned()) throw Error(file.string() + ": no size");
  const OciPlatform platform = oci_platform(p.architecture);
  json descriptor = {{"mediaType", kManifest}, {"digest", digest}, {"size", m[0]["size"]},
                     {"platform", {{"os", platform.os}, {"architecture", platform.architecture}}}};
  if (!platform.variant.empty()) descriptor["platform"]["variant"] = platform.variant;
  return descriptor;
}

}  // namespace

IndexDigests write_image_index(const fs::path& layout, const std::vector<PlatformLayout>& platforms,
                               const std::string& tag) {
  const fs::path blobs = layout / "blobs/sha256";
  fs::create_directories(blobs);
  IndexDigests out;
  json manifests = json::array();
  for (const auto& p : platforms) {
    manifests.push_back(platform_manifest(p));
    out.manifests.push_back(manifests.back()["digest"]);
    move_blobs(p.layout / "blobs/sha256", blobs);
    const std::string hex = out.manifests.back().substr(7);
    if (!fs::exists(blobs / hex)) throw Error(p.layout.string() + ": index.json names a manifest it does not hold");
  }
  const std::string index = json{{"schemaVersion", 2}, {"mediaType", kIndex}, {"manifests", manifests}}.dump();
  out.index = store_blob(layout, index);
  const json top = {{"schemaVersion", 2},
                    {"mediaType", kIndex},
                    {"manifests", json::array({{{"mediaType", kIndex},
                                                {"digest", out.index},
                                                {"size", index.size()},
                                                {"annotations", {{"org.opencontainers.image.ref.name", ref_name(tag)}}}}})}};
  write_file_atomic(layout / "index.json", top.dump());
  write_file_atomic(layout / "oci-layout", json{{"imageLayoutVersion", "1.0.0"}}.dump());
  return out;
}

}  // namespace debimg
