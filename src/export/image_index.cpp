#include "export/image_index.h"

#include <sys/stat.h>

#include <cerrno>
#include <nlohmann/json.hpp>

#include "export/image_names.h"
#include "export/layout_referrers.h"
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
  json artifacts;  // the layout's referrers (SBOMs), each with that manifest as its subject
  std::string referrers_index;  // the platform's own list of them, "sha256:…" (not carried over)
};

json parse_blob(const fs::path& file, const std::string& what) {
  try {
    return json::parse(read_file(file));
  } catch (const std::exception&) {
    throw Error(what + " is not readable JSON");
  }
}

// A platform's index.json: its one image manifest; its referrers
// (export/layout_referrers.h) only artifacts that name that manifest as their subject.
PlatformEntries platform_entries(const PlatformLayout& p) {
  const fs::path file = p.layout / "index.json";
  const json index = parse_blob(file, file.string());
  const json& m = index.value("manifests", json::array());
  if (!m.is_array() || m.size() != 1) throw Error(file.string() + ": names no image manifest, or more than one");
  const std::string where = file.string() + ": manifests[0]";
  if (!m[0].is_object() || m[0].value("mediaType", "") != kManifest) throw Error(where + ": not an image manifest descriptor");
  const std::string digest = m[0].value("digest", "");
  require_sha256_digest(digest, where + ".digest");
  if (!m[0].contains("size") || !m[0]["size"].is_number_unsigned()) throw Error(where + ": no size");
  const OciPlatform platform = oci_platform(p.architecture);
  PlatformEntries out{{{"mediaType", kManifest}, {"digest", digest}, {"size", m[0]["size"]},
                       {"platform", {{"os", platform.os}, {"architecture", platform.architecture}}}},
                      json::array(), ""};
  if (!platform.variant.empty()) out.manifest["platform"]["variant"] = platform.variant;
  for (const json& d : read_layout_referrers(p.layout, &out.referrers_index)) {
    const std::string artifact = d["digest"];  // well-formed: read_layout_referrers checked it
    const json body = parse_blob(p.layout / "blobs/sha256" / artifact.substr(7), file.string() + ": artifact " + artifact);
    if (!body.is_object() || !body.contains("subject") || !body["subject"].is_object() ||
        body["subject"].value("digest", "") != digest)
      throw Error(file.string() + ": artifact " + artifact + " does not name the image manifest " + digest + " as its subject");
    out.artifacts.push_back(d);
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
    if (!entries.referrers_index.empty()) fs::remove(p.layout / "blobs/sha256" / entries.referrers_index.substr(7));
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
                                          {"annotations", image_name_annotations(tag)}}})}};
  write_file_atomic(layout / "index.json", top.dump());
  write_file_atomic(layout / "oci-layout", json{{"imageLayoutVersion", "1.0.0"}}.dump());
  write_layout_referrers(layout, artifacts);  // every platform's SBOMs, in platform order
  return out;
}

}  // namespace debimg
