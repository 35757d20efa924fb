// SPDX 2.3 and CycloneDX 1.5 documents (sbom/spdx_document.h, sbom/cyclonedx_document.h).
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <regex>
#include <set>

#include "sbom/cyclonedx_document.h"
#include "sbom/spdx_document.h"

using namespace debimg;
using nlohmann::json;

namespace {

SbomPackage package(const std::string& name, const std::string& version, const std::string& arch,
                    std::vector<std::string> depends, std::vector<std::string> licenses) {
  SbomPackage p;
  p.name = name;
  p.version = version;
  p.architecture = arch;
  p.source = name;
  p.source_version = version;
  p.maintainer = "APT Development Team <deity@lists.debian.org>";
  p.sha256 = std::string(64, 'a');
  p.pool_path = "pool/main/" + name.substr(0, 1) + "/" + name + "/" + name + "_" + version + "_" + arch + ".deb";
  p.depends = std::move(depends);
  p.licenses = std::move(licenses);
  return p;
}

SbomInput sample(bool image) {
  SbomInput in;
  in.name = "minideb-bookworm";
  in.distro = "debian-12";
  in.created = 1783764997;
  in.tool_version = "0.1.0";
  if (image) in.image = SbomImage{"minideb", "sha256:" + std::string(64, 'b'), "linux/amd64"};
  in.packages = {package("apt", "2.6.1", "amd64", {"libc6", "libstdc++6", "not-in-the-image"}, {"GPL-2+"}),
                 package("libc6", "2.36-9+deb12u10", "amd64", {}, {"public-domain", "LGPL-2.1+"}),
                 package("libstdc++6", "12.2.0-14", "amd64", {"libc6"}, {}),
                 package("zlib1g", "1:1.2.13.dfsg-1", "amd64", {"libc6"}, {"Zlib"})};
  return in;
}

const json* find_package(const json& doc, const std::string& name) {
  for (const json& p : doc["packages"])
    if (p["name"] == name) return &p;
  return nullptr;
}

bool has_relationship(const json& doc, const std::string& a, const std::string& type, const std::string& b) {
  for (const json& r : doc["relationships"])
    if (r["spdxElementId"] == a && r["relationshipType"] == type && r["relatedSpdxElement"] == b) return true;
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(documents)

BOOST_AUTO_TEST_CASE(same_input_same_bytes_other_input_other_ids) {
  BOOST_TEST(spdx_document(sample(true)) == spdx_document(sample(true)));
  BOOST_TEST(cyclonedx_document(sample(true)) == cyclonedx_document(sample(true)));
  SbomInput other = sample(true);
  other.packages[0].version = "2.6.2";
  BOOST_TEST(json::parse(spdx_document(other))["documentNamespace"] != json::parse(spdx_document(sample(true)))["documentNamespace"]);
  BOOST_TEST(json::parse(cyclonedx_document(other))["serialNumber"] != json::parse(cyclonedx_document(sample(true)))["serialNumber"]);
}

BOOST_AUTO_TEST_CASE(spdx_describes_the_image_which_contains_the_packages) {
  const json doc = json::parse(spdx_document(sample(true)));
  BOOST_TEST(doc["spdxVersion"] == "SPDX-2.3");
  BOOST_TEST(doc["dataLicense"] == "CC0-1.0");
  BOOST_TEST(doc["creationInfo"]["created"] == "2026-07-11T10:16:37Z");
  BOOST_TEST(std::regex_match(doc["documentNamespace"].get<std::string>(),
                              std::regex("^https://spdx.org/spdxdocs/minideb-bookworm-[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")));
  const json* image = find_package(doc, "minideb");
  BOOST_REQUIRE(image);
  BOOST_TEST((*image)["checksums"][0]["checksumValue"] == std::string(64, 'b'));
  BOOST_TEST((*image)["externalRefs"][0]["referenceLocator"] == "pkg:oci/minideb@sha256%3A" + std::string(64, 'b'));
  BOOST_TEST(has_relationship(doc, "SPDXRef-DOCUMENT", "DESCRIBES", (*image)["SPDXID"]));
  std::set<std::string> ids;
  for (const json& p : doc["packages"]) {
    const std::string id = p["SPDXID"];
    BOOST_TEST(std::regex_match(id, std::regex("^SPDXRef-[A-Za-z0-9.-]+$")), id);
    BOOST_TEST(ids.insert(id).second, id);
    BOOST_TEST(p["downloadLocation"] == "NOASSERTION");
    if (p["name"] != "minideb") BOOST_TEST(has_relationship(doc, (*image)["SPDXID"], "CONTAINS", id), id);
  }
  BOOST_TEST(ids.size() == 5u);
}

BOOST_AUTO_TEST_CASE(spdx_packages_carry_hash_pool_path_purl_licence_and_edges) {
  const json doc = json::parse(spdx_document(sample(true)));
  const json& apt = *find_package(doc, "apt");
  BOOST_TEST(apt["versionInfo"] == "2.6.1");
  BOOST_TEST(apt["supplier"] == "Person: APT Development Team (deity@lists.debian.org)");
  BOOST_TEST(apt["checksums"][0]["algorithm"] == "SHA256");
  BOOST_TEST(apt["packageFileName"] == "pool/main/a/apt/apt_2.6.1_amd64.deb");
  BOOST_TEST(apt["licenseDeclared"] == "GPL-2.0-or-later");
  BOOST_TEST(apt["externalRefs"][0]["referenceLocator"] == "pkg:deb/debian/apt@2.6.1?arch=amd64&distro=debian-12");
  const json& libstdcxx = *find_package(doc, "libstdc++6");
  BOOST_TEST(libstdcxx["licenseDeclared"] == "NOASSERTION");
  BOOST_TEST(has_relationship(doc, apt["SPDXID"], "DEPENDS_ON", find_package(doc, "libc6")->at("SPDXID")));
  BOOST_TEST(has_relationship(doc, apt["SPDXID"], "DEPENDS_ON", libstdcxx["SPDXID"]));
  size_t depends = 0;
  for (const json& r : doc["relationships"]) depends += r["relationshipType"] == "DEPENDS_ON";
  BOOST_TEST(depends == 4u);  // apt → libc6, libstdc++6; libstdc++6 → libc6; zlib1g → libc6 (not-in-the-image dropped)
  // Every LicenseRef used is defined.
  const json& zlib = *find_package(doc, "zlib1g");
  BOOST_TEST(zlib["externalRefs"][0]["referenceLocator"] == "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&distro=debian-12");
  BOOST_TEST(find_package(doc, "libc6")->at("licenseDeclared") == "LGPL-2.1-or-later AND LicenseRef-public-domain");
  BOOST_REQUIRE(doc.contains("hasExtractedLicensingInfos"));
  BOOST_TEST(doc["hasExtractedLicensingInfos"].size() == 1u);
  BOOST_TEST(doc["hasExtractedLicensingInfos"][0]["licenseId"] == "LicenseRef-public-domain");
}

BOOST_AUTO_TEST_CASE(spdx_of_a_lock_describes_its_packages) {
  const json doc = json::parse(spdx_document(sample(false)));
  BOOST_TEST(doc["packages"].size() == 4u);
  for (const json& p : doc["packages"]) BOOST_TEST(has_relationship(doc, "SPDXRef-DOCUMENT", "DESCRIBES", p["SPDXID"]));
}

BOOST_AUTO_TEST_CASE(cyclonedx_components_dependencies_and_image) {
  const json doc = json::parse(cyclonedx_document(sample(true)));
  BOOST_TEST(doc["bomFormat"] == "CycloneDX");
  BOOST_TEST(doc["specVersion"] == "1.5");
  BOOST_TEST(std::regex_match(doc["serialNumber"].get<std::string>(),
                              std::regex("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")));
  BOOST_TEST(doc["metadata"]["component"]["type"] == "container");
  BOOST_TEST(doc["metadata"]["component"]["purl"] == "pkg:oci/minideb@sha256%3A" + std::string(64, 'b'));
  BOOST_TEST(doc["components"].size() == 4u);
  std::set<std::string> refs;
  for (const json& c : doc["components"]) refs.insert(c["bom-ref"].get<std::string>());
  refs.insert(doc["metadata"]["component"]["bom-ref"].get<std::string>());
  for (const json& d : doc["dependencies"]) {
    BOOST_TEST(refs.count(d["ref"].get<std::string>()) == 1u);
    for (const json& on : d["dependsOn"]) BOOST_TEST(refs.count(on.get<std::string>()) == 1u);
  }
  const json& apt = doc["components"][0];
  BOOST_TEST(apt["hashes"][0]["alg"] == "SHA-256");
  BOOST_TEST(apt["licenses"][0]["expression"] == "GPL-2.0-or-later");
  BOOST_TEST(doc["dependencies"][0]["dependsOn"].size() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
