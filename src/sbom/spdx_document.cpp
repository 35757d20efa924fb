#include "sbom/spdx_document.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "export/oci_layout.h"
#include "sbom/package_refs.h"
#include "sbom/purl.h"
#include "sbom/spdx_license.h"
#include "util/sha256.h"

using nlohmann::json;

namespace debimg {

namespace {

// SPDX ids are [A-Za-z0-9.-]+: a name with other bytes (libstdc++6) gets a
// hash of itself appended, so two names never meet in one id.
std::string spdx_id(const std::string& prefix, const std::string& text) {
  std::string id;
  for (unsigned char c : text) id += std::isalnum(c) || c == '.' || c == '-' ? static_cast<char>(c) : '-';
  if (id != text) id += "-" + sha256_hex(text).substr(0, 8);
  return prefix + id;
}

// "Name <mail>" → "Person: Name (mail)", SPDX's supplier form. A maintainer
// may be a team, but Debian does not say which; Person is what other
// scanners (syft) write, so documents compare.
std::string supplier(const std::string& maintainer) {
  if (maintainer.empty()) return "NOASSERTION";
  const size_t lt = maintainer.find('<'), gt = maintainer.rfind('>');
  if (lt == std::string::npos || gt == std::string::npos || gt < lt) return "Person: " + maintainer;
  std::string name = maintainer.substr(0, lt);
  while (!name.empty() && name.back() == ' ') name.pop_back();
  return "Person: " + name + " (" + maintainer.substr(lt + 1, gt - lt - 1) + ")";
}

json none() { return "NOASSERTION"; }

}  // namespace

std::string spdx_document(const SbomInput& in) {
  json packages = json::array(), relationships = json::array();
  std::map<std::string, std::set<std::string>> refs;
  std::vector<std::string> ids;
  for (const SbomPackage& p : in.packages) ids.push_back(spdx_id("SPDXRef-Package-deb-", p.name + "-" + p.architecture));
  std::vector<std::tuple<std::string, std::string, std::string>> edges;  // element, type, related

  std::string described = "SPDXRef-DOCUMENT";
  if (in.image) {
    described = "SPDXRef-Image";
    const std::string hex = in.image->digest.substr(in.image->digest.find(':') + 1);
    packages.push_back({{"SPDXID", described},
                        {"name", in.image->name},
                        {"versionInfo", in.image->digest},
                        {"downloadLocation", none()},
                        {"filesAnalyzed", false},
                        {"primaryPackagePurpose", "CONTAINER"},
                        {"checksums", {{{"algorithm", "SHA256"}, {"checksumValue", hex}}}},
                        {"licenseConcluded", none()},
                        {"licenseDeclared", none()},
                        {"copyrightText", none()},
                        {"comment", "the image manifest, platform " + in.image->platform},
                        {"externalRefs", {{{"referenceCategory", "PACKAGE-MANAGER"},
                                           {"referenceType", "purl"},
                                           {"referenceLocator", oci_purl(in.image->name, in.image->digest)}}}}});
    edges.emplace_back("SPDXRef-DOCUMENT", "DESCRIBES", described);
  }
  const auto dependencies = dependency_edges(in.packages);
  for (size_t i = 0; i < in.packages.size(); ++i) {
    const SbomPackage& p = in.packages[i];
    const SpdxLicense license = spdx_license(p.licenses);
    for (const auto& [ref, names] : license.refs) refs[ref].insert(names.begin(), names.end());
    // downloadLocation must be a URL or NOASSERTION. The lock knows only the
    // pool path below an archive root; which mirror serves it is the
    // builder's choice (and no mirror host belongs in a shared document), so
    // NOASSERTION, and the pool path is the package's file name.
    json package = {{"SPDXID", ids[i]},
                    {"name", p.name},
                    {"versionInfo", p.version},
                    {"supplier", supplier(p.maintainer)},
                    {"downloadLocation", none()},
                    {"filesAnalyzed", false},
                    {"licenseConcluded", none()},
                    {"licenseDeclared", license.expression.empty() ? none() : json(license.expression)},
                    {"copyrightText", none()},
                    {"sourceInfo", "built from Debian source package " + p.source + " " + p.source_version},
                    {"externalRefs", {{{"referenceCategory", "PACKAGE-MANAGER"},
                                       {"referenceType", "purl"},
                                       {"referenceLocator", deb_purl(in.distro_id, p.name, p.version, p.architecture, in.distro)}}}}};
    if (!p.sha256.empty()) package["checksums"] = {{{"algorithm", "SHA256"}, {"checksumValue", p.sha256}}};
    if (!p.pool_path.empty()) package["packageFileName"] = p.pool_path;
    packages.push_back(std::move(package));
    edges.emplace_back(described, in.image ? "CONTAINS" : "DESCRIBES", ids[i]);
    for (size_t d : dependencies[i]) edges.emplace_back(ids[i], "DEPENDS_ON", ids[d]);
  }
  std::sort(edges.begin(), edges.end());
  for (const auto& [element, type, related] : edges)
    relationships.push_back({{"spdxElementId", element}, {"relationshipType", type}, {"relatedSpdxElement", related}});

  json doc = {{"spdxVersion", "SPDX-2.3"},
              {"dataLicense", "CC0-1.0"},
              {"SPDXID", "SPDXRef-DOCUMENT"},
              {"name", in.name},
              {"creationInfo", {{"created", rfc3339(in.created)}, {"creators", {"Tool: debimg-" + in.tool_version}}}},
              {"packages", packages},
              {"relationships", relationships}};
  if (!refs.empty()) {
    json extracted = json::array();
    for (const auto& [ref, names] : refs) {
      std::string text;
      for (const auto& n : names) text += (text.empty() ? "" : "; ") + n;
      extracted.push_back({{"licenseId", ref},
                           {"name", *names.begin()},
                           {"extractedText", "Debian copyright files name this licence '" + text +
                                                 "'; its text is in the package's /usr/share/doc/PACKAGE/copyright"}});
    }
    doc["hasExtractedLicensingInfos"] = extracted;
  }
  // The namespace must be a unique URI: a name-based UUID of everything
  // else in the document, under the prefix the SPDX spec suggests for
  // documents without a home of their own.
  doc["documentNamespace"] = "https://spdx.org/spdxdocs/" + spdx_id("", in.name) + "-" + content_uuid(doc.dump());
  return doc.dump(2) + "\n";
}

}  // namespace debimg
