#include <boost/test/unit_test.hpp>

#include <cstdlib>

#include "push/credentials.h"
#include "push/registry_ref.h"
#include "util/base64.h"
#include "util/error.h"
#include "util/files.h"

using namespace debimg;

BOOST_AUTO_TEST_SUITE(push_stage)

BOOST_AUTO_TEST_CASE(references_read_as_docker_reads_them) {
  RegistryRef a = parse_registry_ref("localhost:5000/team/app:1.2");
  BOOST_TEST(a.registry == "localhost:5000");
  BOOST_TEST(a.repository == "team/app");
  BOOST_TEST(a.tag == "1.2");
  BOOST_TEST(a.loopback());
  RegistryRef hub = parse_registry_ref("debian");
  BOOST_TEST(hub.registry == "registry-1.docker.io");
  BOOST_TEST(hub.repository == "library/debian");
  BOOST_TEST(hub.tag == "latest");
  BOOST_TEST(!hub.loopback());
  RegistryRef quay = parse_registry_ref("docker://quay.io/org/img");
  BOOST_TEST(quay.registry == "quay.io");
  BOOST_TEST(quay.repository == "org/img");
  BOOST_TEST(parse_registry_ref("127.0.0.1:1/x:y").loopback());
  BOOST_CHECK_THROW(parse_registry_ref("localhost:5000/Upper/case"), Error);
  BOOST_CHECK_THROW(parse_registry_ref("localhost:5000/x@sha256:00"), Error);
  BOOST_CHECK_THROW(parse_registry_ref("localhost:5000/x:bad tag"), Error);
}

BOOST_AUTO_TEST_CASE(registry_keys_match_docker_config_entries) {
  BOOST_TEST(registry_key("https://index.docker.io/v1/") == "docker.io");
  BOOST_TEST(registry_key("registry-1.docker.io") == "docker.io");
  BOOST_TEST(registry_key("https://localhost:5000") == "localhost:5000");
  BOOST_TEST(registry_key("quay.io") == "quay.io");
}

BOOST_AUTO_TEST_CASE(base64_round_trips) {
  BOOST_TEST(base64_encode("tester:secret") == "dGVzdGVyOnNlY3JldA==");
  BOOST_TEST(*base64_decode("dGVzdGVyOnNlY3JldA==") == "tester:secret");
  BOOST_TEST(*base64_decode("YQ==") == "a");
  BOOST_TEST(!base64_decode("not base64!"));
}

BOOST_AUTO_TEST_CASE(credentials_come_from_flags_then_docker_config) {
  TempDir dir;
  ::setenv("DOCKER_CONFIG", dir.path().c_str(), 1);
  ::setenv("XDG_RUNTIME_DIR", (dir.path() / "none").c_str(), 1);
  BOOST_TEST(!find_credentials("localhost:5000", {}));
  write_file_atomic(dir.path() / "config.json",
                    R"({"auths": {"https://localhost:5000/v2/": {"auth": ")" + base64_encode("u:p:with:colons") + R"("}}})");
  auto found = find_credentials("localhost:5000", {});
  BOOST_REQUIRE(found);
  BOOST_TEST(found->username == "u");
  BOOST_TEST(found->secret == "p:with:colons");
  CredentialOptions flags;
  flags.creds = "flag:user";
  BOOST_TEST(find_credentials("localhost:5000", flags)->username == "flag");
  BOOST_TEST(!find_credentials("other:5000", {}));
  store_credentials("other:5000", {"o", "pw"});
  BOOST_TEST(find_credentials("other:5000", {})->secret == "pw");
  BOOST_TEST(find_credentials("localhost:5000", {})->username == "u");  // kept
  write_file_atomic(dir.path() / "config.json", "{not json");
  BOOST_CHECK_THROW(find_credentials("localhost:5000", {}), Error);
  ::unsetenv("DOCKER_CONFIG");
}

BOOST_AUTO_TEST_SUITE_END()
