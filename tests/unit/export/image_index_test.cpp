// An image index from single-platform layouts (export/image_index.h) and
// the platforms of --platform (export/oci_platform.h).
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include "export/image_index.h"
#include "export/layout_referrers.h"
#include "export/oci_platform.h"
#include "export/sbom_artifact.h"
#include "util/error.h"
#include "util/files.h"
#include "util/sha256.h"

using namespace debimg;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string put(const fs::path& layout, const std::string& content) {
  fs::create_directories(layout / "blobs/sha256");
  const std::string hex = sha256_hex(content);
  write_file_atomic(layout / "blobs/sha256" / hex, content);
  return hex;
}

// A one-manifest layout as a platform's compose writes it, with `shared` as one of its blobs.
fs::path platform_layout(const fs::path& root, const std::string& arch, const std::string& shared) {
  const fs::path layout = root / arch;
  put(layout, shared);
  const std::string manifest = R"({"schemaVersion":2,"layers":[],"config":")" + put(layout, "config " + arch) + "\"}";
  const std::string hex = put(layout, manifest);
  write_file_atomic(layout / "index.json",
                    json{{"schemaVersion", 2},
                         {"manifests", {{{"mediaType", "application/vnd.oci.image.manifest.v1+json"},
                                         {"digest", "sha256:" + hex},
                                         {"size", manifest.size()}}}}}
                        .dump());
  return layout;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(image_index)

BOOST_AUTO_TEST_CASE(platform_layouts_join_in_one_index_under_the_tag) {
  TempDir work;
  const fs::path a = platform_layout(work.path(), "amd64", "shared layer"),
                 b = platform_layout(work.path(), "arm64", "shared layer");
  const fs::path out = work.path() / "out";
  const IndexDigests d = write_image_index(out, {{"amd64", a}, {"arm64", b}}, "minideb:bookworm");
  BOOST_TEST(d.manifests.size() == 2u);
  const json top = json::parse(read_file(out / "index.json"));
  BOOST_TEST(top["manifests"].size() == 1u);
  BOOST_TEST(top["manifests"][0]["mediaType"] == "application/vnd.oci.image.index.v1+json");
  BOOST_TEST(top["manifests"][0]["digest"] == d.index);
  BOOST_TEST(top["manifests"][0]["annotations"]["org.opencontainers.image.ref.name"] == "minideb:bookworm");
  BOOST_TEST(top["manifests"][0]["annotations"]["io.containerd.image.name"] == "docker.io/library/minideb:bookworm");
  BOOST_TEST(!top.contains("annotations"));  // no SBOM, no referrers index
  const std::string index_text = read_file(out / "blobs/sha256" / d.index.substr(7));
  BOOST_TEST("sha256:" + sha256_hex(index_text) == d.index);
  const json index = json::parse(index_text);
  BOOST_TEST(index["manifests"][0]["platform"] == (json{{"architecture", "amd64"}, {"os", "linux"}}));
  BOOST_TEST(index["manifests"][1]["platform"] == (json{{"architecture", "arm64"}, {"os", "linux"}, {"variant", "v8"}}));
  // 1 shared blob + 2 configs + 2 manifests + the index, each once.
  size_t blobs = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(out / "blobs/sha256")) ++blobs;
  BOOST_TEST(blobs == 6u);
  // The same layouts give the same index.
  const fs::path again = work.path() / "again";
  const IndexDigests e = write_image_index(again, {{"amd64", platform_layout(work.path() / "2", "amd64", "shared layer")},
                                                   {"arm64", platform_layout(work.path() / "2", "arm64", "shared layer")}},
                                           "minideb:bookworm");
  BOOST_TEST(e.index == d.index);
}

// Each platform's SBOM joins the layout's referrers index, its subject that
// platform's manifest; index.json names the image index alone.
BOOST_AUTO_TEST_CASE(platform_sboms_join_the_referrers_index) {
  TempDir work;
  const fs::path a = platform_layout(work.path(), "amd64", "l"), b = platform_layout(work.path(), "arm64", "l");
  const std::string sa = attach_sbom(a, SbomArtifact{sbom_media_type("spdx"), "{\"a\":1}"}, 0);
  const std::string sb = attach_sbom(b, SbomArtifact{sbom_media_type("spdx"), "{\"b\":1}"}, 0);
  const fs::path out = work.path() / "out";
  const IndexDigests d = write_image_index(out, {{"amd64", a}, {"arm64", b}}, "x:1");
  const json top = json::parse(read_file(out / "index.json"));
  BOOST_REQUIRE_EQUAL(top["manifests"].size(), 1u);
  const json referrers = read_layout_referrers(out);
  BOOST_REQUIRE_EQUAL(referrers.size(), 2u);
  BOOST_TEST(referrers[0]["digest"] == sa);
  BOOST_TEST(referrers[1]["digest"] == sb);
  BOOST_TEST(referrers[1]["artifactType"] == "application/spdx+json");
  const json body = json::parse(read_file(out / "blobs/sha256" / sb.substr(7)));
  BOOST_TEST(body["subject"]["digest"] == d.manifests[1]);
  // The platforms' own referrers indexes stay behind: 1 layer, 2 configs, 2
  // manifests, the empty config, 2 documents, 2 artifacts, the index, the referrers index.
  size_t blobs = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(out / "blobs/sha256")) ++blobs;
  BOOST_TEST(blobs == 12u);
  // An artifact that is not of the platform's manifest is refused.
  const fs::path c = platform_layout(work.path() / "c", "amd64", "l");
  attach_sbom(c, SbomArtifact{sbom_media_type("spdx"), "{}"}, 0);
  json index = json::parse(read_file(c / "index.json"));
  index["manifests"][0] = json::parse(read_file(b / "index.json"))["manifests"][0];  // arm64's manifest
  write_file_atomic(c / "index.json", index.dump());
  BOOST_CHECK_EXCEPTION(write_image_index(work.path() / "out-c", {{"amd64", c}}, "x"), Error, [](const Error& e) {
    return std::string(e.what()).find("as its subject") != std::string::npos;
  });
  // A platform layout with a second entry in index.json is not one this compose wrote.
  const fs::path e = platform_layout(work.path() / "e", "amd64", "l");
  index = json::parse(read_file(e / "index.json"));
  index["manifests"].push_back(index["manifests"][0]);
  write_file_atomic(e / "index.json", index.dump());
  BOOST_CHECK_EXCEPTION(write_image_index(work.path() / "out-e", {{"amd64", e}}, "x"), Error, [](const Error& err) {
    return std::string(err.what()).find("or more than one") != std::string::npos;
  });
}

BOOST_AUTO_TEST_CASE(a_blob_that_is_not_its_digest_is_refused) {
  TempDir work;
  const fs::path a = platform_layout(work.path(), "amd64", "layer");
  write_file_atomic(a / "blobs/sha256" / sha256_hex("layer"), "tampered");
  BOOST_CHECK_EXCEPTION(write_image_index(work.path() / "out", {{"amd64", a}}, "x"), Error, [](const Error& e) {
    return std::string(e.what()).find("its content does not match its digest") != std::string::npos;
  });
  const fs::path b = platform_layout(work.path() / "b", "amd64", "layer");
  write_file_atomic(b / "blobs/sha256/../../blobs/sha256/not-a-digest", "x");
  BOOST_CHECK_THROW(write_image_index(work.path() / "out-b", {{"amd64", b}}, "x"), Error);
}

BOOST_AUTO_TEST_CASE(platforms_name_debian_architectures) {
  BOOST_TEST(oci_platform("armhf").str() == "linux/arm/v7");
  BOOST_TEST(oci_platform("armel").str() == "linux/arm/v5");
  BOOST_TEST(oci_platform("i386").str() == "linux/386");
  BOOST_TEST(oci_platform("ppc64el").str() == "linux/ppc64le");
  const std::vector<std::string> archs{"amd64", "arm64", "armhf", "armel"};
  BOOST_TEST(architecture_of_platform("linux/arm64", archs, "--platform") == "arm64");
  BOOST_TEST(architecture_of_platform("linux/arm64/v8", archs, "--platform") == "arm64");
  BOOST_TEST(architecture_of_platform("linux/arm/v5", archs, "--platform") == "armel");
  BOOST_CHECK_EXCEPTION(architecture_of_platform("linux/arm", archs, "--platform"), Error, [](const Error& e) {
    return std::string(e.what()).find("names more than one platform the profile builds; add the variant") !=
           std::string::npos;
  });
  BOOST_CHECK_EXCEPTION(architecture_of_platform("windows/amd64", archs, "--platform"), Error, [](const Error& e) {
    return std::string(e.what()).find("'windows/amd64' is none of the platforms the profile builds (linux/amd64, "
                                      "linux/arm64/v8, linux/arm/v7, linux/arm/v5)") != std::string::npos;
  });
  BOOST_CHECK_THROW(architecture_of_platform("linux/amd64/v2/x", archs, "--platform"), Error);
}

BOOST_AUTO_TEST_SUITE_END()
