#include "lock/lockfile.h"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <regex>

#include "util/error.h"
#include "util/files.h"

using namespace debimg;
namespace fs = std::filesystem;

namespace {
const std::string kSha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
const std::string kTraversal = "../../../../../../../../../../../../../../../../../tmp/xx/victim";
const std::string kFingerprint = "4D64FEC119C2029067D6E791F8D2585B8783D481";

Lockfile good_lock() {
  Lockfile l;
  l.profile_name = "fixture";
  l.inputs_digest = "sha256:" + kSha;
  l.architectures = {"amd64"};
  LockedSuite s;
  s.suite = "stable";
  s.components = {"main"};
  s.origin = "Fixture";
  s.label = "Fixture";
  s.codename = "stable";
  s.date = "Wed, 25 Nov 2026 22:33:12 UTC";
  s.date_epoch = 1795645992;
  s.inrelease_sha256 = kSha;
  s.signed_by = {kFingerprint};
  s.keyring_fingerprints = {kFingerprint};
  l.suites.push_back(s);
  ResolvedPackage p{"app", "1:1.0-1", "amd64", "stable", "main", "pool/main/a/app/app_1.0-1_amd64.deb", 1234, kSha,
                    "listed in packages", {"lib-x"}};
  l.packages.push_back(p);
  p.requested.clear();
  p.depends_on.clear();
  p.name = "lib-x";
  p.version = "2.0";
  p.architecture = "all";
  p.filename = "pool/main/l/lib-x/lib-x_2.0_all.deb";
  l.packages.push_back(p);
  return l;
}

// The good lock with `field` of the stanza that starts with `stanza_start` set to `value`.
std::string with_field(const std::string& stanza_start, const std::string& field, const std::string& value) {
  std::string text = "\n" + serialize_lockfile(good_lock());
  const size_t stanza = text.find("\n" + stanza_start);
  const size_t at = text.find("\n" + field + ": ", stanza);
  BOOST_REQUIRE(stanza != std::string::npos && at != std::string::npos);
  const size_t end = text.find('\n', at + 1);
  return text.replace(at + 1, end - at - 1, field + ": " + value).substr(1);
}

// parse_lockfile refuses `text` with a message that contains every one of `words`.
void refused(const std::string& text, std::initializer_list<std::string> words) {
  try {
    parse_lockfile(text, "p.lock");
    BOOST_ERROR("accepted: " + text);
  } catch (const Error& e) {
    const std::string message = e.what();
    BOOST_TEST(message.find('\n') == std::string::npos, message);
    for (const auto& w : words) BOOST_TEST(message.find(w) != std::string::npos, "'" << w << "' not in: " << message);
  }
}
}  // namespace

BOOST_AUTO_TEST_SUITE(lockfile)

BOOST_AUTO_TEST_CASE(round_trip) {
  const std::string text = serialize_lockfile(good_lock());
  Lockfile l = parse_lockfile(text, "p.lock");
  BOOST_TEST(serialize_lockfile(l) == text);
  BOOST_TEST(l.packages.at(0).version == "1:1.0-1");
  BOOST_TEST(l.suites.at(0).signed_by.at(0) == kFingerprint);
  BOOST_TEST(l.suites.at(0).date_epoch == 1795645992);
}

BOOST_AUTO_TEST_CASE(committed_locks_parse) {
  const fs::path profiles = (fs::path(DEBIMG_TEST_DATA) / "../../../../profiles").lexically_normal();
  size_t locks = 0;
  for (const auto& e : fs::directory_iterator(profiles)) {
    if (e.path().extension() != ".lock") continue;
    ++locks;
    BOOST_CHECK_NO_THROW(parse_lockfile(read_file(e.path()), e.path().string()));
  }
  BOOST_TEST(locks > 0u);
}

BOOST_AUTO_TEST_CASE(traversal_sha256_is_refused_naming_stanza_and_field) {
  // The stanza of app starts on line 18 of the good lock; SHA256 is its 8th line.
  refused(with_field("Package: app", "SHA256", kTraversal),
          {"p.lock:25: stanza 3 (package app): SHA256: '../../../../", "is not a SHA-256"});
  refused(with_field("Suite: stable\nComponents", "InRelease-SHA256", kTraversal),
          {"p.lock:", "stanza 2 (suite stable): InRelease-SHA256", "is not a SHA-256"});
  refused(with_field("Package: app", "SHA256", "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08"),
          {"SHA256", "is not a SHA-256"});
}

BOOST_AUTO_TEST_CASE(bad_package_fields_are_refused) {
  refused(with_field("Package: app", "Package", "../../etc"), {"p.lock:18: stanza 3: Package: '../../etc' is not a Debian package name"});
  refused(with_field("Package: app", "Package", "App"), {"stanza 3: Package", "package name"});
  refused(with_field("Package: app", "Version", "1.0/../../x"), {"stanza 3 (package app): Version", "Debian version"});
  refused(with_field("Package: app", "Version", "1.0\x1b[2J"), {"Version: '1.0\\x1b[2J'"});
  refused(with_field("Package: app", "Architecture", "../amd64"), {"stanza 3 (package app): Architecture", "architecture"});
  refused(with_field("Package: app", "Filename", "../../../../etc/passwd"), {"stanza 3 (package app): Filename", "relative archive path"});
  refused(with_field("Package: app", "Filename", "/etc/passwd"), {"Filename"});
  refused(with_field("Package: app", "Filename", "pool/%2e%2e/x.deb"), {"Filename"});
  refused(with_field("Package: app", "Component", "../main"), {"Component", "component name"});
  refused(with_field("Package: app", "Suite", "sid"), {"Suite: 'sid' is none of the lock's suites"});
  refused(with_field("Package: app", "Suite", "../x"), {"Suite", "suite name"});
  refused(with_field("Package: app", "Size", "12abc"), {"stanza 3 (package app): Size: '12abc' is not a number"});
  refused(with_field("Package: app", "Size", "-1"), {"Size"});
  // A continuation line makes a value of two lines.
  refused(with_field("Package: app", "Package", "app\n ../x"), {"stanza 3: Package: 'app\\x0a ../x'"});
  refused(with_field("Package: app", "Filename", "pool/a.deb\n ../../x"), {"Filename"});
}

BOOST_AUTO_TEST_CASE(bad_header_and_suite_fields_are_refused) {
  refused(with_field("Lock-Version", "Architectures", "amd64/../../x"), {"p.lock:4: stanza 1 (header): Architectures"});
  refused(with_field("Lock-Version", "Architectures", "amd64 amd64"), {"Architectures: 'amd64' is listed twice"});
  refused(with_field("Lock-Version", "Architectures", "all"), {"Architectures: 'all' is no image's architecture"});
  refused(with_field("Lock-Version", "Inputs-Digest", kSha), {"Inputs-Digest", "sha256 digest"});
  refused(with_field("Lock-Version", "Profile", "x\x01"), {"Profile", "one line"});
  refused(with_field("Lock-Version", "Packages", "3"), {"Packages: 3, the lock has 2"});
  refused(with_field("Lock-Version", "Lock-Version", "0"), {"lock format version '0'"});
  refused(with_field("Suite: stable\nComponents", "Components", "main ../x"), {"stanza 2 (suite stable): Components"});
  refused(with_field("Suite: stable\nComponents", "Suite", "../stable"), {"stanza 2: Suite"});
  refused(with_field("Suite: stable\nComponents", "Signed-By", "ABC"), {"Signed-By", "fingerprint"});
  refused(with_field("Suite: stable\nComponents", "Keyring-Fingerprints", kFingerprint + " x"), {"Keyring-Fingerprints"});
  refused(with_field("Suite: stable\nComponents", "Date", "yesterday"), {"Date", "RFC 1123"});
  refused(with_field("Suite: stable\nComponents", "Date-Epoch", "1e9"), {"Date-Epoch"});
  refused(with_field("Suite: stable\nComponents", "Origin", "a\x1b]0;x"), {"Origin"});
}

BOOST_AUTO_TEST_CASE(structure_is_checked) {
  const std::string text = serialize_lockfile(good_lock());
  refused(std::regex_replace(text, std::regex("\nSize: "), "\nSize: 1\nX-Extra: "), {"p.lock:25: stanza 3 (package app): unknown field 'X-Extra'"});
  refused(with_field("Package: app", "Version", "2.0") + "\nPackage: app\nVersion: 1.0\nArchitecture: amd64\nSuite: stable\n"
          "Component: main\nFilename: pool/a.deb\nSize: 1\nSHA256: " + kSha + "\n",
          {"app:amd64 is locked twice"});
  refused(with_field("Package: app", "SHA256", ""), {"stanza 3 (package app): SHA256: missing or empty"});
  refused("", {"empty lockfile"});
  // A local package: any single-line path, no component; lock_builder checks it is one of the profile's.
  std::string local = with_field("Package: app", "Suite", "local");
  local = std::regex_replace(local, std::regex("Component: main\nFilename: pool/main/a/app/app_1.0-1_amd64.deb"),
                             "Filename: ../debs/app_1.0_amd64.deb");
  BOOST_CHECK_NO_THROW(parse_lockfile(local, "p.lock"));
  refused(std::regex_replace(local, std::regex("Filename: ../debs/app_1.0_amd64.deb"), "Filename: a\x01"), {"Filename"});
}

// Format 2: each package says why it is there; `lock --why` answers from the lock.
BOOST_AUTO_TEST_CASE(requested_packages_and_edges_round_trip_and_answer_why) {
  const std::string text = serialize_lockfile(good_lock());
  BOOST_TEST(text.find("Lock-Version: 3\n") == 0u);
  BOOST_TEST(text.find("Platforms:") == std::string::npos);  // one architecture: every stanza serves it
  BOOST_TEST(text.find("Requested: listed in packages\nDepends-On: lib-x\n") != std::string::npos);
  const Lockfile l = parse_lockfile(text, "p.lock");
  BOOST_TEST(l.packages.at(0).requested == "listed in packages");
  BOOST_TEST(l.packages.at(0).depends_on == std::vector<std::string>{"lib-x"});
  BOOST_TEST(l.why("lib-x") == (std::vector<std::string>{"app", "lib-x"}));
  BOOST_TEST(l.why("app") == std::vector<std::string>{"app"});
  BOOST_CHECK_EXCEPTION(l.why("absent"), Error, [](const Error& e) {
    return std::string(e.what()).find("'absent' is not in the lock") != std::string::npos;
  });
  refused(with_field("Package: app", "Depends-On", "lib-gone"),
          {"p.lock: package app: Depends-On names 'lib-gone', which the lock does not hold"});
  refused(with_field("Package: app", "Depends-On", "../../x"), {"(package app): Depends-On: '../../x'"});
  refused(with_field("Package: app", "Requested", "a\x1b[2J"), {"(package app): Requested"});
}

// A format-1 lock (as round 1 wrote them) still reads, without edges: compose
// calls it stale and `debimg lock` rewrites it; --why says what to do.
BOOST_AUTO_TEST_CASE(format_one_locks_read_and_say_they_need_rewriting) {
  std::string text = serialize_lockfile(good_lock());
  text.replace(0, std::string("Lock-Version: 3").size(), "Lock-Version: 1");
  text.replace(text.find("Architectures:"), 14, "Architecture:");
  for (const std::string field : {"Requested: listed in packages\n", "Depends-On: lib-x\n"})
    text.erase(text.find(field), field.size());
  const Lockfile l = parse_lockfile(text, "p.lock");
  BOOST_TEST(l.version == 1);
  BOOST_TEST(l.packages.at(0).requested.empty());
  BOOST_CHECK_EXCEPTION(l.why("lib-x"), Error, [](const Error& e) {
    return std::string(e.what()).find("format 1): run `debimg lock --update` once") != std::string::npos;
  });
  refused(text.replace(text.find("SHA256: " + kSha + "\n\nPackage: lib-x"), 0, "Requested: yes\n"),
          {"(package app): unknown field 'Requested'"});
  std::string four = serialize_lockfile(good_lock());
  refused(four.replace(0, 15, "Lock-Version: 4"), {"lock format version '4' is not one this debimg reads (1 to 3)"});
}

// Format 2 is format 3 with one architecture: read as it is (compose uses
// it; `debimg lock` rewrites it), and its header field stays its own.
BOOST_AUTO_TEST_CASE(format_two_locks_read_as_one_architecture) {
  std::string text = serialize_lockfile(good_lock());
  text.replace(0, 15, "Lock-Version: 2");
  refused(text, {"stanza 1 (header): unknown field 'Architectures'"});
  text.replace(text.find("Architectures:"), 14, "Architecture:");
  const Lockfile l = parse_lockfile(text, "p.lock");
  BOOST_TEST(l.version == 2);
  BOOST_TEST(l.architectures == std::vector<std::string>{"amd64"});
  BOOST_TEST(l.packages.at(1).platforms == std::vector<std::string>{"amd64"});
  BOOST_TEST(serialize_lockfile(l) == serialize_lockfile(good_lock()));  // the migration
  refused(std::regex_replace(text, std::regex("Architecture: amd64\nPackages"), "Architecture: amd64 arm64\nPackages"),
          {"stanza 1 (header): Architecture: a format 2 lock has one architecture"});
}

// Format 3: one lock for several architectures. Each is resolved on its own;
// the `all` stanzas that came out alike are kept once and serve them all.
BOOST_AUTO_TEST_CASE(several_architectures_share_their_all_packages) {
  Lockfile amd64 = good_lock(), arm64 = good_lock();
  arm64.architectures = {"arm64"};
  arm64.packages.at(0).architecture = "arm64";
  arm64.packages.at(0).filename = "pool/main/a/app/app_1.0-1_arm64.deb";
  for (auto* l : {&amd64, &arm64})
    for (auto& p : l->packages) p.platforms = l->architectures;
  const Lockfile both = merge_platform_locks({amd64, arm64});
  BOOST_TEST(both.architectures == (std::vector<std::string>{"amd64", "arm64"}));
  BOOST_TEST(both.packages.size() == 3u);  // app twice, lib-x once
  const std::string text = serialize_lockfile(both);
  BOOST_TEST(text.find("Architectures: amd64 arm64\n") != std::string::npos);
  BOOST_TEST(text.find("Architecture: all\nSuite: stable\nComponent: main\nFilename: pool/main/l/lib-x/lib-x_2.0_all.deb\n"
                       "Size: 1234\nSHA256: " + kSha + "\nPlatforms: amd64 arm64\n") != std::string::npos);
  const Lockfile read = parse_lockfile(text, "p.lock");
  BOOST_TEST(serialize_lockfile(read) == text);
  // Each architecture's view is what that image holds, and answers --why.
  const Lockfile arm = read.platform("arm64");
  BOOST_TEST(arm.architecture() == "arm64");
  BOOST_TEST(arm.packages.size() == 2u);
  BOOST_TEST(arm.packages.at(0).architecture == "arm64");
  BOOST_TEST(arm.why("lib-x") == (std::vector<std::string>{"app", "lib-x"}));
  BOOST_TEST(serialize_lockfile(read.platform("amd64")) == serialize_lockfile(good_lock()));
  BOOST_CHECK_THROW(read.architecture(), Error);
  BOOST_CHECK_THROW(read.why("lib-x"), Error);
  BOOST_CHECK_THROW(read.platform("s390x"), Error);
  // A stanza serves only the lock's architectures, each once.
  refused(std::regex_replace(text, std::regex("Platforms: amd64 arm64"), "Platforms: amd64 s390x"),
          {"(package lib-x): Platforms: 's390x' is none of the lock's architectures"});
  refused(std::regex_replace(text, std::regex("\nPlatforms: amd64 arm64"), ""),
          {"(package lib-x): Platforms: missing: a all package must name the architectures it serves"});
  refused(std::regex_replace(text, std::regex("Platforms: amd64 arm64"), "Platforms: amd64 amd64"),
          {"lib-x:all is locked twice for amd64"});
  // Edges hold within each architecture's image.
  refused(std::regex_replace(text, std::regex("Platforms: amd64 arm64"), "Platforms: amd64"),
          {"package app: Depends-On names 'lib-x', which the lock does not hold for arm64"});
  // Two resolutions against different InReleases are not one lock.
  arm64.suites.at(0).inrelease_sha256 = std::string(64, 'a');
  BOOST_CHECK_EXCEPTION(merge_platform_locks({amd64, arm64}), Error, [](const Error& e) {
    return std::string(e.what()).find("changed on the mirror while arm64 was being resolved") != std::string::npos;
  });
}

BOOST_AUTO_TEST_SUITE_END()
