#include "validate/identifiers.h"

#include <boost/test/unit_test.hpp>

#include "util/error.h"

using namespace debimg;

namespace {
const std::string kSha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
// The attack that worked: a traversal padded to 64 characters.
const std::string kTraversal = "../../../../../../../../../../../../../../../../../tmp/xx/victim";

bool says(const Error& e, const std::string& words) { return std::string(e.what()).find(words) != std::string::npos; }
}  // namespace

BOOST_AUTO_TEST_SUITE(identifiers)

BOOST_AUTO_TEST_CASE(sha256) {
  BOOST_TEST(kTraversal.size() == 64u);
  BOOST_TEST(is_sha256(kSha));
  for (const std::string& bad : std::vector<std::string>{kTraversal, kSha.substr(1), kSha + "0", std::string("9F") + kSha.substr(2),
                                kSha.substr(0, 63) + "g", kSha.substr(0, 63) + "/", kSha.substr(0, 63) + "\n",
                                std::string(kSha.substr(0, 32)) + std::string(1, '\0') + kSha.substr(33), std::string()})
    BOOST_TEST(!is_sha256(bad), bad);
  BOOST_CHECK_EXCEPTION(require_sha256(kTraversal, "p.lock:9: stanza 3 (package app): SHA256"), Error, [](const Error& e) {
    return says(e, "p.lock:9: stanza 3 (package app): SHA256: '../../../../") && says(e, "is not a SHA-256");
  });
  BOOST_CHECK_NO_THROW(require_sha256(kSha, "x"));
}

BOOST_AUTO_TEST_CASE(oci_digests) {
  BOOST_TEST(is_sha256_digest("sha256:" + kSha));
  BOOST_TEST(is_oci_digest("sha256:" + kSha));
  BOOST_TEST(is_oci_digest("sha512:" + kSha + kSha));
  BOOST_TEST(is_oci_digest("multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8"));
  BOOST_TEST(is_oci_digest("sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564"));
  for (const std::string& bad : std::vector<std::string>{std::string("sha256:") + kTraversal, "sha256:" + kSha.substr(1), "sha256:" + kSha + "\n",
                                "SHA256:" + kSha, "sha512:" + kSha, kSha, ":" + kSha, "sha256:", "sha256-:abc",
                                "sha256..x:abc", "a:b/c", "a:b c", std::string()})
    BOOST_TEST(!is_oci_digest(bad), bad);
  BOOST_TEST(!is_sha256_digest("sha512:" + kSha + kSha));
  BOOST_TEST(!is_sha256_digest("sha256:" + kTraversal));
  BOOST_CHECK_EXCEPTION(require_sha256_digest("sha512:" + kSha + kSha, "index.json"), Error,
                        [](const Error& e) { return says(e, "index.json: 'sha512:") && says(e, "does not support"); });
  BOOST_CHECK_EXCEPTION(require_sha256_digest("sha256:" + kTraversal, "index.json"), Error,
                        [](const Error& e) { return says(e, "is not a sha256 digest"); });
  BOOST_CHECK_EXCEPTION(require_oci_digest("sha256:x\r\nSet-Cookie: a", "registry"), Error,
                        [](const Error& e) { return says(e, "registry: 'sha256:x\\x0d\\x0aSet-Cookie: a' is not an OCI digest"); });
}

BOOST_AUTO_TEST_CASE(package_names) {
  for (const char* good : {"app", "libc6", "g++-12", "libstdc++6", "0ad", "python3.11", "lib-x", "x2"})
    BOOST_TEST(is_package_name(good), good);
  for (const char* bad : {"a", "", "App", "-app", "+app", ".app", "../app", "app/x", "app_x", "app:amd64", "app x",
                          "app\n", "app\tx", "ap\x7fp", "äpp"})
    BOOST_TEST(!is_package_name(bad), bad);
  BOOST_CHECK_EXCEPTION(require_package_name("../../etc", "p.lock:20: stanza 3: Package"), Error,
                        [](const Error& e) { return says(e, "p.lock:20: stanza 3: Package: '../../etc' is not a Debian package name"); });
}

BOOST_AUTO_TEST_CASE(versions) {
  for (const char* good : {"1.0", "2.36-9+deb12u4", "1:2.38.1-5+deb12u1", "0.9~rc1-1", "1.2.3-1~bpo12+1", "7", "1.0-1-2",
                           "3.0a", "10:1.0", "2147483647:1", "00:1", "1.0+dfsg-1", "1-A.b"})
    BOOST_TEST(is_version(good), good);
  for (const char* bad : {"", "a1.0", ":1.0", "1:", "a:1.0", "-1:1.0", "1.0-", "-1", "1.0_1", "1.0 1", "1.0\n", "1.0/..",
                          "../1", "1:1:1", "1.0-1:2", "1.0-a_b", "2147483648:1", "99999999999:1", "1.0-1/x", "1.0\x01"})
    BOOST_TEST(!is_version(bad), bad);
  BOOST_CHECK_EXCEPTION(require_version("1.0/../../x", "v"), Error, [](const Error& e) { return says(e, "is not a Debian version"); });
}

BOOST_AUTO_TEST_CASE(architectures) {
  for (const char* good : {"amd64", "arm64", "armhf", "i386", "riscv64", "loong64", "hurd-amd64", "kfreebsd-i386", "all"})
    BOOST_TEST(is_architecture(good), good);
  for (const char* bad : {"", "any", "AMD64", "amd64 ", "x86_64", "../amd64", "amd64\n", "linux-any"})
    BOOST_TEST(!is_architecture(bad), bad);
  BOOST_TEST(known_architectures().size() == 25u);
  BOOST_CHECK_EXCEPTION(require_architecture("x86_64", "a"), Error, [](const Error& e) { return says(e, "a: 'x86_64' is not a Debian architecture"); });
}

BOOST_AUTO_TEST_CASE(pool_paths) {
  for (const char* good : {"pool/main/a/app/app_1.0_amd64.deb", "pool/main/g/gcc-12/g++-12_12.2.0-14_amd64.deb",
                           "main/binary-amd64/Packages.xz", "main/dep11/icons-64x64@2.tar.gz", "pool/x/foo_1:2.0_all.deb", "a"})
    BOOST_TEST(is_pool_path(good), good);
  for (const char* bad : {"", "/etc/passwd", "../etc/passwd", "pool/../../etc/passwd", "pool/main/..", "pool/./x", "./pool",
                          "pool//x", "pool/", "pool/x\n", "pool/x\r", "pool/\x01x", "pool\\..\\x", "pool/a b.deb",
                          "pool/%2e%2e/x", "pool/x?y", "pool/x#y", "pool/x\x7f", "pool/\xc3\xa4"})
    BOOST_TEST(!is_pool_path(bad), bad);
  BOOST_TEST(!is_pool_path(std::string(5000, 'a')));
  BOOST_CHECK_EXCEPTION(require_pool_path("pool/../../x", "f"), Error, [](const Error& e) { return says(e, "f: 'pool/../../x' is not a relative archive path"); });
}

BOOST_AUTO_TEST_CASE(suites_and_components) {
  for (const char* good : {"bookworm", "bookworm-security", "stable-updates", "updates/main", "main", "non-free-firmware",
                           "Debian_12", "1.0+x", "local"})
    BOOST_TEST(is_suite_name(good), good);
  for (const char* bad : {"", "..", ".", "../x", "a/../b", "a/./b", "a//b", "a/", "/a", "-a", ".hidden", "a b", "a\n", "a\\b",
                          "a:b", "a%2f"})
    BOOST_TEST(!is_suite_name(bad), bad);
  BOOST_TEST(is_component_name("main"));
  BOOST_TEST(!is_component_name("../main"));
  BOOST_CHECK_EXCEPTION(require_suite_name("a/../../b", "s"), Error, [](const Error& e) { return says(e, "is not a suite name"); });
  BOOST_CHECK_EXCEPTION(require_component_name("", "c"), Error, [](const Error& e) { return says(e, "c: '' is not a component name"); });
}

BOOST_AUTO_TEST_CASE(fingerprints_and_text) {
  BOOST_TEST(is_openpgp_fingerprint("4D64FEC119C2029067D6E791F8D2585B8783D481"));
  BOOST_TEST(is_openpgp_fingerprint(std::string(64, 'A')));
  for (const std::string& bad : std::vector<std::string>{std::string("4d64fec119c2029067d6e791f8d2585b8783d481"), std::string(39, 'A'),
                                std::string(41, 'A'), std::string(39, 'A') + "G", std::string()})
    BOOST_TEST(!is_openpgp_fingerprint(bad), bad);
  BOOST_TEST(is_field_text("Debian"));
  BOOST_TEST(is_field_text(""));
  BOOST_TEST(is_field_text("Wed, 25 Nov 2026 22:33:12 UTC"));
  BOOST_TEST(is_field_text("D\xc3\xa9" "bian"));
  for (const char* bad : {"a\nb", "a\rb", "a\tb", "a\x1b[2J", "a\x7f"}) BOOST_TEST(!is_field_text(bad), bad);
  BOOST_CHECK_EXCEPTION(require_field_text("x\n Package: evil", "Origin"), Error,
                        [](const Error& e) { return says(e, "Origin: 'x\\x0a Package: evil' is not one line of text"); });
}

BOOST_AUTO_TEST_CASE(messages_are_one_printable_line) {
  BOOST_TEST(quoted_value("a\nb\x1b'\\") == "'a\\x0ab\\x1b\\x27\\x5c'");
  const std::string long_value(500, 'x');
  BOOST_TEST(quoted_value(long_value) == "'" + std::string(80, 'x') + "...'");
}

BOOST_AUTO_TEST_SUITE_END()
