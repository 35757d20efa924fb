#include "export/sbom_artifact.h"

#include <nlohmann/json.hpp>

#include "export/layout_referrers.h"
#include "export/oci_layout.h"
#include "util/error.h"
#include "util/files.h"
#include "validate/identifiers.h"

using nlohmann::json;
namespace fs = std::filesystem;

namespace debimg {

namespace {

constexpr const char* kArtifactManifestType = "application/vnd.oci.image.manifest.v1+json";
constexpr const char* kEmptyConfigType = "application/vnd.oci.empty.v1+json";

}  // namespace

std::string sbom_media_type(const std::string& format) {
  if (format == "spdx") return "application/spdx+json";
  if (format == "cyclonedx") return "application/vnd.cyclonedx+json";
  throw Error("SBOM format " + quoted_value(format) + " is not one of: spdx, cyclonedx");
}

std::string attach_sbom(const fs::path& layout, const SbomArtifact& sbom, int64_t created) {
  const fs::path index_path = layout / "index.json";
  const json index = json::parse(read_file(index_path));
  const json& image = index.at("manifests").at(0);
  if (image.value("mediaType", "") != kArtifactManifestType) throw Error(index_path.string() + ": its first entry is not an image manifest");
  const std::string subject = image.at("digest").get<std::string>();
  require_sha256_digest(subject, index_path.string() + ": manifests[0].digest");

  const std::string empty = store_blob(layout, "{}");
  const std::string document = store_blob(layout, sbom.document);
  const json manifest = {
      {"schemaVersion", 2},
      {"mediaType", kArtifactManifestType},
      {"artifactType", sbom.media_type},
      // The empty config's two bytes inline, as the image spec suggests.
      {"config", {{"mediaType", kEmptyConfigType}, {"digest", empty}, {"size", 2}, {"data", "e30="}}},
      {"layers", json::array({{{"mediaType", sbom.media_type}, {"digest", document}, {"size", sbom.document.size()}}})},
      {"subject", {{"mediaType", kArtifactManifestType}, {"digest", subject}, {"size", image.at("size")}}},
      {"annotations", {{"org.opencontainers.image.created", rfc3339(created)}}}};
  const std::string text = manifest.dump();
  const std::string digest = store_blob(layout, text);
  json referrers = json::array();
  for (const json& d : read_layout_referrers(layout))  // attaching again replaces
    if (d.value("artifactType", "") != sbom.media_type) referrers.push_back(d);
  referrers.push_back(referrer_descriptor(text));
  write_layout_referrers(layout, referrers);
  return digest;
}

}  // namespace debimg
