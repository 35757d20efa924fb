#include "sbom/cyclonedx_document.h"

#include <nlohmann/json.hpp>

#include "export/oci_layout.h"
#include "sbom/package_refs.h"
#include "sbom/purl.h"
#include "sbom/spdx_license.h"

using nlohmann::json;

namespace debimg {

namespace {

json property(const std::string& name, const std::string& value) { return {{"name", name}, {"value", value}}; }

}  // namespace

std::string cyclonedx_document(const SbomInput& in) {
  json components = json::array(), dependencies = json::array();
  std::vector<std::string> refs;
  for (const SbomPackage& p : in.packages) refs.push_back(deb_purl(in.distro_id, p.name, p.version, p.architecture, in.distro));
  const auto edges = dependency_edges(in.packages);
  for (size_t i = 0; i < in.packages.size(); ++i) {
    const SbomPackage& p = in.packages[i];
    json c = {{"type", "library"}, {"bom-ref", refs[i]}, {"name", p.name}, {"version", p.version}, {"purl", refs[i]}};
    if (!p.maintainer.empty()) {
      c["publisher"] = p.maintainer;
      c["supplier"] = {{"name", p.maintainer}};
    }
    if (!p.sha256.empty()) c["hashes"] = {{{"alg", "SHA-256"}, {"content", p.sha256}}};
    // CycloneDX takes any SPDX expression; LicenseRef-… keeps non-SPDX names valid.
    if (const SpdxLicense l = spdx_license(p.licenses); !l.expression.empty()) c["licenses"] = {{{"expression", l.expression}}};
    json properties = {property("debimg:package:architecture", p.architecture),
                       property("debimg:package:source-name", p.source),
                       property("debimg:package:source-version", p.source_version)};
    if (!p.pool_path.empty()) properties.push_back(property("debimg:package:pool-path", p.pool_path));
    c["properties"] = properties;
    components.push_back(std::move(c));
    json depends = json::array();
    for (size_t d : edges[i]) depends.push_back(refs[d]);
    dependencies.push_back({{"ref", refs[i]}, {"dependsOn", depends}});
  }
  json metadata = {{"timestamp", rfc3339(in.created)},
                   {"tools", {{"components", {{{"type", "application"}, {"name", "debimg"}, {"version", in.tool_version}}}}}}};
  if (in.image) {
    const std::string purl = oci_purl(in.image->name, in.image->digest);
    metadata["component"] = {{"type", "container"},
                             {"bom-ref", purl},
                             {"name", in.image->name},
                             {"version", in.image->digest},
                             {"purl", purl},
                             {"hashes", {{{"alg", "SHA-256"}, {"content", in.image->digest.substr(in.image->digest.find(':') + 1)}}}},
                             {"properties", {property("debimg:image:platform", in.image->platform)}}};
    json all = json::array();
    for (const auto& r : refs) all.push_back(r);
    dependencies.push_back({{"ref", purl}, {"dependsOn", all}});
  }
  json doc = {{"bomFormat", "CycloneDX"},
              {"specVersion", "1.5"},
              {"version", 1},
              {"metadata", metadata},
              {"components", components},
              {"dependencies", dependencies}};
  doc["serialNumber"] = "urn:uuid:" + content_uuid(doc.dump());
  return doc.dump(2) + "\n";
}

}  // namespace debimg
