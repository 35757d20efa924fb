#include "export/layout_referrers.h"

#include "export/oci_layout.h"
#include "util/error.h"
#include "util/files.h"
#include "util/sha256.h"
#include "validate/identifiers.h"

using nlohmann::json;
namespace fs = std::filesystem;

namespace debimg {

namespace {

constexpr const char* kIndexType = "application/vnd.oci.image.index.v1+json";

json parse_or_throw(const std::string& text, const std::string& where) {
  try {
    return json::parse(text);
  } catch (const json::exception& e) {
    throw Error(where + ": not JSON: " + e.what());
  }
}

}  // namespace

json read_layout_referrers(const fs::path& layout, std::string* index_digest) {
  const fs::path index_path = layout / "index.json";
  const json index = parse_or_throw(read_file(index_path), index_path.string());
  const json annotations = index.is_object() ? index.value("annotations", json::object()) : json::object();
  if (!annotations.is_object() || !annotations.contains(kReferrersAnnotation)) return json::array();
  const std::string where = index_path.string() + ": annotation " + kReferrersAnnotation;
  const json& named = annotations[kReferrersAnnotation];
  const std::string digest = named.is_string() ? named.get<std::string>() : "";
  require_sha256_digest(digest, where);
  if (index_digest) *index_digest = digest;
  const std::string text = read_file(layout / "blobs/sha256" / digest.substr(7));
  if ("sha256:" + sha256_hex(text) != digest) throw Error(where + ": blob " + digest + " does not match its digest");
  const json referrers = parse_or_throw(text, where + ": " + digest);
  if (!referrers.is_object() || !referrers.contains("manifests") || !referrers["manifests"].is_array())
    throw Error(where + ": " + digest + " is not an image index");
  for (const json& d : referrers["manifests"]) {
    if (!d.is_object() || !d.contains("digest") || !d["digest"].is_string()) throw Error(where + ": a descriptor without a digest");
    require_sha256_digest(d["digest"].get<std::string>(), where + ": manifests[].digest");
  }
  return referrers["manifests"];
}

void write_layout_referrers(const fs::path& layout, const json& descriptors) {
  const fs::path index_path = layout / "index.json";
  json index = parse_or_throw(read_file(index_path), index_path.string());
  json annotations = index.value("annotations", json::object());
  if (descriptors.empty()) {
    annotations.erase(kReferrersAnnotation);
  } else {
    const json referrers = {{"schemaVersion", 2}, {"mediaType", kIndexType}, {"manifests", descriptors}};
    annotations[kReferrersAnnotation] = store_blob(layout, referrers.dump());
  }
  if (annotations.empty()) index.erase("annotations");
  else index["annotations"] = annotations;
  write_file_atomic(index_path, index.dump());
}

json referrer_descriptor(const std::string& manifest_text) {
  const json body = json::parse(manifest_text);
  json d = {{"mediaType", body.at("mediaType")},
            {"digest", "sha256:" + sha256_hex(manifest_text)},
            {"size", manifest_text.size()},
            {"artifactType", body.value("artifactType", body.at("config").at("mediaType").get<std::string>())}};
  if (body.contains("annotations")) d["annotations"] = body["annotations"];
  return d;
}

}  // namespace debimg
