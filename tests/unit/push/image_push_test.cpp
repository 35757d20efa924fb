#include "push/image_push.h"

#include <boost/test/unit_test.hpp>

#include "push/registry_ref.h"
#include "util/error.h"
#include "util/files.h"
#include "util/sha256.h"

using namespace debimg;
namespace fs = std::filesystem;

namespace {
const std::string kTraversal = "../../../../../../../../../../../../../../../../../tmp/xx/victim";

bool says(const Error& e, const std::string& words) { return std::string(e.what()).find(words) != std::string::npos; }

// An OCI layout whose index.json names `manifest_digest` of `size` bytes.
void write_layout(const fs::path& dir, const std::string& manifest_digest, size_t size = 1) {
  fs::create_directories(dir / "blobs/sha256");
  write_file_atomic(dir / "oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
  write_file_atomic(dir / "index.json", R"({"schemaVersion":2,"manifests":[{"mediaType":)"
                                        R"("application/vnd.oci.image.manifest.v1+json","digest":")" +
                                            manifest_digest + R"(","size":)" + std::to_string(size) + "}]}");
}

// A layout with a real manifest naming a config of digest `config_digest`.
void write_layout_with_config(const fs::path& dir, const std::string& config_digest) {
  const std::string manifest = R"({"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json",)"
                               R"("digest":")" + config_digest + R"(","size":2},"layers":[]})";
  const std::string hex = sha256_hex(manifest);
  write_layout(dir, "sha256:" + hex, manifest.size());
  write_file_atomic(dir / "blobs/sha256" / hex, manifest);
}

// Refused before any request: the registry named does not exist.
void refused(const fs::path& layout, const std::string& words) {
  TempDir cache_dir;
  Cache cache(cache_dir.path());
  BOOST_CHECK_EXCEPTION(push_image(layout, parse_registry_ref("127.0.0.1:1/x:y"), RegistryOptions{}, cache), Error,
                        [&](const Error& e) {
                          BOOST_TEST_MESSAGE(e.what());
                          return says(e, words);
                        });
}
}  // namespace

BOOST_AUTO_TEST_SUITE(image_push)

BOOST_AUTO_TEST_CASE(descriptor_digests_never_become_paths_unchecked) {
  TempDir work;
  write_layout(work.path() / "a", "sha256:" + kTraversal);
  refused(work.path() / "a", "index.json: manifests[0].digest: 'sha256:../../");
  write_layout(work.path() / "b", "sha512:" + std::string(128, 'a'));
  refused(work.path() / "b", "does not support");
  write_layout_with_config(work.path() / "c", "sha256:" + kTraversal);
  refused(work.path() / "c", ": config.digest: 'sha256:../../");
  write_layout_with_config(work.path() / "d", "sha256:abc\\n");  // a JSON escape: the digest ends in a newline
  refused(work.path() / "d", "config.digest: 'sha256:abc\\x0a' is not a sha256 digest");
}

BOOST_AUTO_TEST_CASE(repository_names) {
  for (const char* good : {"app", "team/app", "a.b/c_d/e--f", "library/debian"}) BOOST_TEST(is_repository_name(good), good);
  for (const char* bad : {"", "App", "../x", "a//b", "a/", "/a", "a b", "a:pull repository:b"})
    BOOST_TEST(!is_repository_name(bad), bad);
}

BOOST_AUTO_TEST_SUITE_END()
