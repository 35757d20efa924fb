#include "repo/release_file.h"

#include <boost/test/unit_test.hpp>

#include "repo/signature_check.h"
#include "util/error.h"

using namespace debimg;

namespace {
const std::string kRelease =
    "Origin: Debian\n"
    "Label: Debian-Security\n"
    "Suite: oldstable-security\n"
    "Codename: bookworm-security\n"
    "Date: Wed, 25 Nov 2026 22:33:12 UTC\n"
    "Valid-Until: Wed, 02 Dec 2026 22:33:12 UTC\n"
    "Acquire-By-Hash: yes\n"
    "No-Support-for-Architecture-all: Packages\n"
    "Architectures: amd64 arm64\n"
    "Components: updates/main updates/contrib\n"
    "SHA256:\n"
    " ccbc42bb9d7284442a086ee34ec96016eb227bd57e62a04025b14b1a083171b3   856630 main/binary-all/Packages\n"
    " f59c9b9ee1c62d85b77955e7064bc11a1633ae1caabb37658c189cf6dae79d5c   137084 main/binary-amd64/Packages.xz\n";

bool mentions(const Error& e, const std::string& words) { return std::string(e.what()).find(words) != std::string::npos; }
}  // namespace

BOOST_AUTO_TEST_SUITE(release_file)

BOOST_AUTO_TEST_CASE(fields) {
  ReleaseFile r = parse_release(kRelease, "InRelease");
  BOOST_TEST(r.origin == "Debian");
  BOOST_TEST(r.codename == "bookworm-security");
  BOOST_TEST(r.date_time == 1795645992);
  BOOST_TEST(r.valid_until_time == 1795645992 + 7 * 86400);
  BOOST_TEST(r.acquire_by_hash);
  BOOST_TEST(r.no_support_for_architecture_all);
  BOOST_TEST(r.architectures == (std::vector<std::string>{"amd64", "arm64"}));
  BOOST_TEST(r.sha256.at("main/binary-amd64/Packages.xz").size == 137084u);
  BOOST_TEST(r.sha256.at("main/binary-all/Packages").sha256.substr(0, 6) == "ccbc42");
}

BOOST_AUTO_TEST_CASE(refusals) {
  BOOST_CHECK_EXCEPTION(parse_release("Origin: x\nSHA256:\n", "R"), Error, [](const Error& e) { return mentions(e, "R: no Date"); });
  BOOST_CHECK_EXCEPTION(parse_release("Date: yesterday\n", "R"), Error, [](const Error& e) { return mentions(e, "not a valid date"); });
  BOOST_CHECK_EXCEPTION(parse_release("Date: Wed, 25 Nov 2026 22:33:12 UTC\nMD5Sum:\n abc 1 x\n", "R"), Error,
                        [](const Error& e) { return mentions(e, "no SHA256"); });
  BOOST_CHECK_EXCEPTION(parse_release("Date: Wed, 25 Nov 2026 22:33:12 UTC\nSHA256:\n abc 1 x\n", "R"), Error,
                        [](const Error& e) { return mentions(e, "R: SHA256 line 1: 'abc' is not a SHA-256"); });
  BOOST_CHECK_EXCEPTION(parse_release("Date: Wed, 25 Nov 2026 22:33:12 UTC\nSHA256:\n abc 1\n", "R"), Error,
                        [](const Error& e) { return mentions(e, "R: SHA256 line 1: malformed"); });
}

// Signed or not, a Release's hashes become cache file names and its paths URLs.
BOOST_AUTO_TEST_CASE(hostile_sha256_lines) {
  const std::string head = "Date: Wed, 25 Nov 2026 22:33:12 UTC\nSHA256:\n";
  const std::string good = " f59c9b9ee1c62d85b77955e7064bc11a1633ae1caabb37658c189cf6dae79d5c 137084 main/binary-amd64/Packages.xz\n";
  const std::string traversal = "../../../../../../../../../../../../../../../../../tmp/xx/victim";
  BOOST_REQUIRE(traversal.size() == 64u);
  BOOST_CHECK_EXCEPTION(parse_release(head + good + " " + traversal + " 1 main/binary-amd64/Packages\n", "R"), Error,
                        [](const Error& e) { return mentions(e, "R: SHA256 line 2: '../../") && mentions(e, "is not a SHA-256"); });
  BOOST_CHECK_EXCEPTION(parse_release(head + " " + good.substr(1, 64) + " 1 ../../main/binary-amd64/Packages\n", "R"), Error,
                        [](const Error& e) { return mentions(e, "R: SHA256 line 1: '../../main") && mentions(e, "relative archive path"); });
  BOOST_CHECK_EXCEPTION(parse_release(head + " " + good.substr(1, 64) + " 1 /etc/passwd\n", "R"), Error,
                        [](const Error& e) { return mentions(e, "SHA256 line 1: '/etc/passwd'"); });
  BOOST_CHECK_EXCEPTION(parse_release(head + " " + good.substr(1, 64) + " 12x main/Packages\n", "R"), Error,
                        [](const Error& e) { return mentions(e, "SHA256 line 1: '12x' is not a size"); });
  BOOST_CHECK_EXCEPTION(parse_release("Codename: a\x1b[31m\n" + head + good, "R"), Error,
                        [](const Error& e) { return mentions(e, "R: Codename: 'a\\x1b[31m'"); });
  BOOST_CHECK_EXCEPTION(parse_release("Origin: a\n Package: evil\n" + head + good, "R"), Error,
                        [](const Error& e) { return mentions(e, "R: Origin"); });
  BOOST_CHECK_NO_THROW(parse_release(head + good, "R"));
}

BOOST_AUTO_TEST_CASE(clearsigned_text_without_verification) {
  const std::string signed_file =
      "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\nOrigin: x\n- -dash escaped\n"
      "-----BEGIN PGP SIGNATURE-----\n\nabc\n-----END PGP SIGNATURE-----\n";
  BOOST_TEST(unverified_clearsigned_text(signed_file, "f") == "Origin: x\n-dash escaped\n");
  BOOST_CHECK_EXCEPTION(unverified_clearsigned_text("Origin: x\n" + signed_file, "f"), Error,
                        [](const Error& e) { return mentions(e, "not a clearsigned file"); });
  BOOST_CHECK_EXCEPTION(unverified_clearsigned_text(signed_file + "Origin: evil\n", "f"), Error,
                        [](const Error& e) { return mentions(e, "text after the signature"); });
  BOOST_CHECK_EXCEPTION(unverified_clearsigned_text(signed_file + signed_file, "f"), Error,
                        [](const Error& e) { return mentions(e, "more than one signed block"); });
  // As apt splits it: only Hash: armor headers, every dash line escaped,
  // nothing armor-like inside the signature block.
  auto with = [&](const std::string& from, const std::string& to) {
    std::string s = signed_file;
    return s.replace(s.find(from), from.size(), to);
  };
  BOOST_CHECK_EXCEPTION(unverified_clearsigned_text(with("Hash: SHA512\n", "Hash: SHA512\nNotDashEscaped: x\n"), "f"),
                        Error, [](const Error& e) { return mentions(e, "f line 3: unexpected armor header 'NotDashEscaped: x'"); });
  BOOST_CHECK_EXCEPTION(unverified_clearsigned_text(with("- -dash", "-dash"), "f"), Error,
                        [](const Error& e) { return mentions(e, "f line 5: a line of the signed text starts with a dash"); });
  BOOST_CHECK_EXCEPTION(unverified_clearsigned_text(with("Origin: x\n", "Origin: x\n-----BEGIN PGP SIGNATURE-----\n"), "f"),
                        Error, [](const Error& e) { return mentions(e, "unexpected armor line"); });
  BOOST_CHECK_EXCEPTION(unverified_clearsigned_text(with("\nabc\n", "\n-----BEGIN PGP SIGNED MESSAGE\nabc\n"), "f"),
                        Error, [](const Error& e) { return mentions(e, "unexpected armor line"); });
  BOOST_TEST(unverified_clearsigned_text(with("Origin: x\n", "Origin: x\r\n\r\n"), "f") == "Origin: x\n\n-dash escaped\n");
}

// A blank Release never reaches libapt-pkg's tag-file parser (tests/fuzz).
BOOST_AUTO_TEST_CASE(blank_release_is_refused) {
  for (const std::string text : {"", "\n\n", " \r\n\t"})
    BOOST_CHECK_EXCEPTION(parse_release(text, "InRelease"), Error,
                          [](const Error& e) { return mentions(e, "InRelease: not a Release file (it is empty)"); });
}

BOOST_AUTO_TEST_SUITE_END()
