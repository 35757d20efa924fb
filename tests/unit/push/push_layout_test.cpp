#include "push/push_layout.h"

#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include <set>

#include "export/layout_referrers.h"
#include "export/sbom_artifact.h"
#include "util/error.h"
#include "util/files.h"
#include "util/sha256.h"

using namespace debimg;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {
const std::string kManifest = "application/vnd.oci.image.manifest.v1+json";
const std::string kIndex = "application/vnd.oci.image.index.v1+json";
const std::string kLayer = "application/vnd.oci.image.layer.v1.tar+gzip";
const std::string kTraversal = "sha256:../../../../../../../../../../tmp/xx/victim";

// An OCI layout under construction: blobs by content, index.json last.
struct Layout {
  TempDir dir;
  Layout() { fs::create_directories(dir.path() / "blobs/sha256"); }

  json blob(const std::string& media_type, const std::string& content) {
    const std::string hex = sha256_hex(content);
    write_file_atomic(dir.path() / "blobs/sha256" / hex, content);
    return {{"mediaType", media_type}, {"digest", "sha256:" + hex}, {"size", content.size()}};
  }
  json manifest(const json& body) { return blob(kManifest, body.dump()); }
  // An image manifest with a config of `name` and one layer per entry of `layers`.
  json image(const std::string& name, const std::vector<std::string>& layers) {
    json layer_descriptors = json::array();
    for (const auto& l : layers) layer_descriptors.push_back(blob(kLayer, l));
    return manifest({{"schemaVersion", 2},
                     {"mediaType", kManifest},
                     {"config", blob("application/vnd.oci.image.config.v1+json", R"({"name":")" + name + R"("})")},
                     {"layers", layer_descriptors}});
  }
  static json on(json descriptor, const std::string& arch) {
    descriptor["platform"] = {{"architecture", arch}, {"os", "linux"}};
    return descriptor;
  }
  // A vector: a braced list of one json would be that json, not an array of it.
  json index(const std::vector<json>& manifests) {
    return blob(kIndex, json{{"schemaVersion", 2}, {"mediaType", kIndex}, {"manifests", json(manifests)}}.dump());
  }
  void top(const json& descriptor) {
    write_file_atomic(dir.path() / "index.json", json{{"schemaVersion", 2}, {"manifests", {descriptor}}}.dump());
  }
  PushPlan read() const { return read_push_plan(dir.path(), "img"); }
  void refused(const std::string& words) const {
    BOOST_CHECK_EXCEPTION(read(), Error, [&](const Error& e) {
      BOOST_TEST_MESSAGE(e.what());
      return std::string(e.what()).find(words) != std::string::npos;
    });
  }
};

// A two-platform layout whose images share the layer "shared".
json two_platforms(Layout& l) {
  return l.index({Layout::on(l.image("amd64", {"shared", "amd64 layer"}), "amd64"),
                  Layout::on(l.image("386", {"shared", "386 layer"}), "386")});
}
}  // namespace

BOOST_AUTO_TEST_SUITE(push_layout)

BOOST_AUTO_TEST_CASE(a_single_manifest_goes_up_alone) {
  Layout l;
  const json m = l.image("one", {"a", "b"});
  l.top(m);
  const PushPlan plan = l.read();
  BOOST_TEST(!plan.index.has_value());
  BOOST_REQUIRE_EQUAL(plan.manifests.size(), 1u);
  BOOST_TEST(plan.manifests[0].digest == m["digest"].get<std::string>());
  BOOST_TEST(plan.manifests[0].media_type == kManifest);
  BOOST_TEST(plan.blobs.size() == 3u);  // config and two layers
}

BOOST_AUTO_TEST_CASE(a_nested_index_lists_every_platform_and_shared_blobs_once) {
  Layout l;
  const json index = two_platforms(l);
  l.top(index);
  const PushPlan plan = l.read();
  BOOST_REQUIRE(plan.index.has_value());
  BOOST_TEST(plan.index->digest == index["digest"].get<std::string>());
  BOOST_TEST(plan.index->media_type == kIndex);
  BOOST_TEST("sha256:" + sha256_hex(plan.index->text) == plan.index->digest);
  BOOST_REQUIRE_EQUAL(plan.manifests.size(), 2u);
  BOOST_TEST(plan.manifests[0].platform == "linux/amd64");
  BOOST_TEST(plan.manifests[1].platform == "linux/386");
  // Two configs, two own layers, the shared layer once.
  BOOST_TEST(plan.blobs.size() == 5u);
  std::set<std::string> digests;
  for (const auto& b : plan.blobs) digests.insert(b.digest);
  BOOST_TEST(digests.size() == plan.blobs.size());
  BOOST_TEST(digests.count("sha256:" + sha256_hex("shared")) == 1u);
  BOOST_TEST(plan.blobs[1].file == l.dir.path() / "blobs/sha256" / sha256_hex("shared"));
}

BOOST_AUTO_TEST_CASE(the_same_manifest_listed_twice_goes_up_once) {
  Layout l;
  const json m = l.image("x", {"a"});
  l.top(l.index({Layout::on(m, "amd64"), Layout::on(m, "amd64")}));
  BOOST_TEST(l.read().manifests.size() == 1u);
}

BOOST_AUTO_TEST_CASE(digests_in_an_index_never_become_paths_unchecked) {
  Layout l;
  json bad = Layout::on(l.image("x", {"a"}), "amd64");
  bad["digest"] = kTraversal;
  const json index = l.index({Layout::on(l.image("y", {"b"}), "386"), bad});
  l.top(index);
  l.refused("img: index " + index["digest"].get<std::string>() + ": manifests[1].digest: 'sha256:../../");

  // A layer of one platform's manifest.
  Layout k;
  json body = {{"schemaVersion", 2},
               {"config", k.blob("application/vnd.oci.image.config.v1+json", "{}")},
               {"layers", {{{"mediaType", kLayer}, {"digest", kTraversal}, {"size", 1}}}}};
  const json m = k.manifest(body);
  k.top(k.index({Layout::on(m, "amd64")}));
  k.refused("img: manifest " + m["digest"].get<std::string>() + ": layers[0].digest: 'sha256:../../");
}

BOOST_AUTO_TEST_CASE(sizes_must_be_the_files) {
  Layout l;
  json m = Layout::on(l.image("x", {"a"}), "amd64");
  m["size"] = m["size"].get<uint64_t>() + 1;
  l.top(l.index({m}));
  l.refused("manifests[0]: blob " + m["digest"].get<std::string>() + " has ");
  json negative = m;
  negative["size"] = -1;
  l.top(l.index({negative}));
  l.refused("manifests[0]: no size (an unsigned integer)");
}

BOOST_AUTO_TEST_CASE(media_types_must_be_known) {
  Layout l;
  json odd = l.image("x", {"a"});
  odd["mediaType"] = "application/vnd.example+json";
  l.top(odd);
  l.refused("img: index.json: manifests[0].mediaType: 'application/vnd.example+json' is not an image manifest or index media type");

  const json inner = l.index({Layout::on(l.image("y", {"b"}), "amd64")});
  l.top(l.index({Layout::on(inner, "amd64")}));
  l.refused("an index inside an index is not supported");

  // The blob says it is an index, the descriptor a manifest.
  const json liar = l.manifest({{"schemaVersion", 2}, {"mediaType", kIndex}, {"manifests", json::array()}});
  l.top(liar);
  l.refused("img: index.json: manifests[0]: blob " + liar["digest"].get<std::string>() +
            " says mediaType '" + kIndex + "', the descriptor " + kManifest);

  Layout k;
  k.top(k.manifest({{"schemaVersion", 2},
                    {"config", k.blob("application/vnd.oci.image.config.v1+json", "{}")},
                    {"layers", {k.blob("not a\nmedia type", "c")}}}));
  k.refused("layers[0].mediaType: 'not a\\x0amedia type' is not a media type");
}

BOOST_AUTO_TEST_CASE(index_entries_need_a_platform) {
  Layout l;
  l.top(l.index({l.image("x", {"a"})}));
  l.refused("manifests[0]: no platform");
  json m = Layout::on(l.image("x", {"a"}), "amd64");
  m["platform"]["variant"] = "v8\n";
  l.top(l.index({m}));
  l.refused("manifests[0].platform.variant: 'v8\\x0a' is not a platform name");
}

BOOST_AUTO_TEST_CASE(blobs_must_match_their_digests) {
  Layout l;
  const json index = two_platforms(l);
  l.top(index);
  write_file_atomic(l.dir.path() / "blobs/sha256" / sha256_hex("shared"), "SHARED");  // same size, other bytes
  l.refused("layers[0]: blob sha256:" + sha256_hex("shared") + " does not match its digest");
  fs::remove(l.dir.path() / "blobs/sha256" / sha256_hex("shared"));
  l.refused("layers[0]: blob sha256:" + sha256_hex("shared") + " is missing from the layout");
  write_file_atomic(l.dir.path() / "blobs/sha256" / index["digest"].get<std::string>().substr(7), "{}");
  l.refused("img: index.json: manifests[0]: blob " + index["digest"].get<std::string>() + " has 2 bytes");
}

// An SBOM attached as export/sbom_artifact.h does it is pushed with the
// image: its manifest, the empty config and the document go in the plan.
// index.json keeps one entry; the layout's referrers index lists the artifact.
BOOST_AUTO_TEST_CASE(an_attached_sbom_is_a_referrer_of_the_image) {
  Layout l;
  const json m = l.image("one", {"a"});
  l.top(m);
  const SbomArtifact spdx{sbom_media_type("spdx"), R"({"spdxVersion":"SPDX-2.3"})"};
  const std::string artifact = attach_sbom(l.dir.path(), spdx, 86400);
  const json top = json::parse(read_file(l.dir.path() / "index.json"));
  BOOST_REQUIRE_EQUAL(top["manifests"].size(), 1u);
  const json referrers = read_layout_referrers(l.dir.path());
  BOOST_REQUIRE_EQUAL(referrers.size(), 1u);
  BOOST_TEST(referrers[0]["digest"] == artifact);
  BOOST_TEST(referrers[0]["artifactType"] == "application/spdx+json");
  const std::string named = top["annotations"][kReferrersAnnotation];
  BOOST_TEST(json::parse(read_file(l.dir.path() / "blobs/sha256" / named.substr(7)))["mediaType"] == kIndex);
  const json body = json::parse(read_file(l.dir.path() / "blobs/sha256" / artifact.substr(7)));
  BOOST_TEST(body["subject"]["digest"] == m["digest"]);
  BOOST_TEST(body["artifactType"] == "application/spdx+json");
  BOOST_TEST(body["config"]["mediaType"] == "application/vnd.oci.empty.v1+json");
  BOOST_TEST(body["annotations"]["org.opencontainers.image.created"] == "1970-01-02T00:00:00Z");
  // Attaching again replaces, never duplicates; another format joins it.
  BOOST_TEST(attach_sbom(l.dir.path(), spdx, 86400) == artifact);
  BOOST_TEST(read_layout_referrers(l.dir.path()).size() == 1u);
  const std::string cyclonedx = attach_sbom(l.dir.path(), SbomArtifact{sbom_media_type("cyclonedx"), R"({"bomFormat":"CycloneDX"})"}, 0);
  BOOST_TEST(read_layout_referrers(l.dir.path()).size() == 2u);

  const PushPlan plan = l.read();
  BOOST_REQUIRE_EQUAL(plan.manifests.size(), 1u);  // the artifacts are not images of the plan
  BOOST_REQUIRE_EQUAL(plan.referrers.size(), 2u);
  BOOST_TEST(plan.referrers[0].manifest.digest == artifact);
  BOOST_TEST(plan.referrers[0].subject == m["digest"].get<std::string>());
  BOOST_TEST(plan.referrers[0].artifact_type == "application/spdx+json");
  BOOST_TEST(plan.referrers[1].manifest.digest == cyclonedx);
  BOOST_TEST(plan.blobs.size() == 5u);  // config, layer, the empty config, the two documents
}

// A referrers index that is not what its name says is refused before any request.
BOOST_AUTO_TEST_CASE(a_tampered_or_climbing_referrers_index_is_refused) {
  Layout l;
  l.top(l.image("one", {"a"}));
  attach_sbom(l.dir.path(), SbomArtifact{sbom_media_type("spdx"), "{}"}, 0);
  json top = json::parse(read_file(l.dir.path() / "index.json"));
  const std::string named = top["annotations"][kReferrersAnnotation];
  write_file_atomic(l.dir.path() / "blobs/sha256" / named.substr(7), R"({"manifests":[]})");
  l.refused("annotation org.debimg.referrers: blob " + named + " does not match its digest");
  // Collected as garbage (umoci gc): the image alone.
  fs::remove(l.dir.path() / "blobs/sha256" / named.substr(7));
  BOOST_TEST(l.read().referrers.empty());
  top["annotations"][kReferrersAnnotation] = kTraversal;
  write_file_atomic(l.dir.path() / "index.json", top.dump());
  l.refused("annotation org.debimg.referrers");
  top["annotations"][kReferrersAnnotation] = 7;
  write_file_atomic(l.dir.path() / "index.json", top.dump());
  l.refused("annotation org.debimg.referrers");
}

// Layouts that list artifacts in index.json after the image (oras, debimg
// before the referrers index) still push them.
BOOST_AUTO_TEST_CASE(artifacts_listed_in_index_json_are_pushed_too) {
  Layout l;
  const json m = l.image("one", {"a"});
  const json artifact = l.manifest({{"schemaVersion", 2}, {"mediaType", kManifest}, {"artifactType", "text/plain"},
                                    {"config", l.blob("application/vnd.oci.empty.v1+json", "{}")}, {"layers", json::array()},
                                    {"subject", m}});
  write_file_atomic(l.dir.path() / "index.json", json{{"schemaVersion", 2}, {"manifests", {m, artifact}}}.dump());
  const PushPlan plan = l.read();
  BOOST_REQUIRE_EQUAL(plan.referrers.size(), 1u);
  BOOST_TEST(plan.referrers[0].manifest.digest == artifact["digest"].get<std::string>());
}

BOOST_AUTO_TEST_CASE(an_artifact_of_something_else_is_not_pushed_and_a_tampered_one_is_refused) {
  Layout l;
  const json m = l.image("one", {"a"}), other = l.image("other", {"b"});
  json elsewhere = l.manifest({{"schemaVersion", 2}, {"mediaType", kManifest}, {"artifactType", "text/plain"},
                               {"config", l.blob("application/vnd.oci.empty.v1+json", "{}")}, {"layers", json::array()},
                               {"subject", other}});
  write_file_atomic(l.dir.path() / "index.json", json{{"schemaVersion", 2}, {"manifests", {m, elsewhere}}}.dump());
  BOOST_TEST(l.read().referrers.empty());
  // A subject whose digest would climb out of blobs/ is refused before it names a file.
  json climbing = l.manifest({{"schemaVersion", 2}, {"mediaType", kManifest}, {"artifactType", "text/plain"},
                              {"config", l.blob("application/vnd.oci.empty.v1+json", "{}")}, {"layers", json::array()},
                              {"subject", {{"mediaType", kManifest}, {"digest", kTraversal}, {"size", 2}}}});
  write_file_atomic(l.dir.path() / "index.json", json{{"schemaVersion", 2}, {"manifests", {m, climbing}}}.dump());
  l.refused("subject.digest");
  write_file_atomic(l.dir.path() / "index.json", json{{"schemaVersion", 2}, {"manifests", {m, elsewhere}}}.dump());
  // An artifact whose document does not match its digest fails the plan, before any request.
  const std::string artifact = attach_sbom(l.dir.path(), SbomArtifact{sbom_media_type("cyclonedx"), "{}x"}, 0);
  const json body = json::parse(read_file(l.dir.path() / "blobs/sha256" / artifact.substr(7)));
  write_file_atomic(l.dir.path() / "blobs/sha256" / body["layers"][0]["digest"].get<std::string>().substr(7), "{}y");
  l.refused("does not match its digest");
}

BOOST_AUTO_TEST_SUITE_END()
