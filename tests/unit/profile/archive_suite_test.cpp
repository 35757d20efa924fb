#include "profile/archive_suite.h"

#include <boost/test/unit_test.hpp>
#include <fstream>

#include "profile/profile_parser.h"
#include "util/files.h"

using namespace debimg;
namespace fs = std::filesystem;

namespace {

// A fake /etc/apt with the given files, read with the real reader.
struct FakeEtcApt {
  TempDir dir;
  FakeEtcApt(const std::string& sources_list, const std::map<std::string, std::string>& parts) {
    fs::create_directories(dir.path() / "sources.list.d");
    fs::create_directories(dir.path() / "trusted.gpg.d");
    if (!sources_list.empty()) std::ofstream(dir.path() / "sources.list") << sources_list;
    for (const auto& [name, text] : parts) std::ofstream(dir.path() / "sources.list.d" / name) << text;
  }
  HostApt read() const { return read_host_apt(dir.path()); }
};

const std::string kDeb822 =
    "Types: deb deb-src\n"
    "URIs: http://mirror.example/debian\n"
    "Suites: bookworm bookworm-updates\n"
    "Components: main\n"
    "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n"
    "\n"
    "Types: deb\n"
    "URIs: http://security.example/debian-security\n"
    "Suites: bookworm-security\n"
    "Components: main\n"
    "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n"
    "\n"
    "Enabled: no\n"
    "Types: deb\n"
    "URIs: http://disabled.example/debian\n"
    "Suites: sid\n"
    "Components: main\n";

Profile profile(const std::string& yaml) { return parse_profile("/p/profile.yaml", yaml, "amd64"); }

std::string error_of(const Profile& p, const HostApt& host) {
  try {
    resolve_archive_suites(p, host);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(host_defaults)

BOOST_AUTO_TEST_CASE(reads_deb822_sources_like_apt) {
  FakeEtcApt etc("", {{"debian.sources", kDeb822}});
  HostApt host = etc.read();
  BOOST_REQUIRE(host.sources.size() == 3u);  // deb-src and the disabled stanza are not archives to use
  BOOST_TEST(host.sources[0].uri == "http://mirror.example/debian/");
  BOOST_TEST(host.sources[0].suite == "bookworm");
  BOOST_TEST(host.sources[1].suite == "bookworm-updates");
  BOOST_TEST(host.sources[2].uri == "http://security.example/debian-security/");
  BOOST_TEST(host.sources[0].signed_by == std::vector<std::string>{"/usr/share/keyrings/debian-archive-keyring.gpg"});
  BOOST_TEST(!host.architecture.empty());
}

BOOST_AUTO_TEST_CASE(reads_one_line_sources_with_options) {
  FakeEtcApt etc(
      "# comment\n"
      "deb [arch=amd64 signed-by=/etc/apt/keyrings/a.gpg] http://one.example/ubuntu jammy main universe\n"
      "deb-src [signed-by=/etc/apt/keyrings/a.gpg] http://one.example/ubuntu jammy main\n",
      {{"extra.list", "deb http://sec.example/ubuntu jammy-security main\n"}});
  fs::create_directories(etc.dir.path() / "trusted.gpg.d");
  std::ofstream(etc.dir.path() / "trusted.gpg.d" / "ubuntu.gpg") << "k";
  HostApt host = etc.read();
  BOOST_REQUIRE(host.sources.size() == 2u);
  BOOST_TEST(host.sources[0].signed_by == std::vector<std::string>{"/etc/apt/keyrings/a.gpg"});
  BOOST_TEST(host.sources[1].suite == "jammy-security");
  BOOST_TEST(host.sources[1].signed_by.empty());
  BOOST_TEST(host.trusted_keyrings == std::vector<std::string>{(etc.dir.path() / "trusted.gpg.d/ubuntu.gpg").string()});
}

BOOST_AUTO_TEST_CASE(broken_sources_file_is_a_clear_error) {
  FakeEtcApt etc("deb\n", {});
  BOOST_CHECK_EXCEPTION(etc.read(), Error, [&](const Error& e) {
    return std::string(e.what()).find("sources") != std::string::npos &&
           std::string(e.what()).find(etc.dir.path().string()) != std::string::npos;
  });
}

BOOST_AUTO_TEST_CASE(security_suites_map_to_the_security_archive) {
  FakeEtcApt etc("", {{"debian.sources", kDeb822}});
  auto suites = resolve_archive_suites(
      profile("name: d\nsources:\n  - suites: [bookworm, bookworm-backports]\n  - suites: [trixie-security]\n"),
      etc.read());
  BOOST_REQUIRE(suites.size() == 3u);
  BOOST_TEST(suites[0].uris == std::vector<std::string>{"http://mirror.example/debian/"});
  // not listed on the host: still the main archive
  BOOST_TEST(suites[1].suite == "bookworm-backports");
  BOOST_TEST(suites[1].uris == std::vector<std::string>{"http://mirror.example/debian/"});
  BOOST_TEST(suites[2].uris == std::vector<std::string>{"http://security.example/debian-security/"});
  BOOST_TEST(suites[2].source_index == 1u);
  for (const auto& s : suites) {
    BOOST_TEST(s.uris_from_host);
    BOOST_TEST(s.keyrings_from_host);
    BOOST_TEST(s.keyrings == std::vector<std::string>{"/usr/share/keyrings/debian-archive-keyring.gpg"});
  }
}

BOOST_AUTO_TEST_CASE(explicit_uris_and_keyrings_win) {
  FakeEtcApt etc("", {{"debian.sources", kDeb822}});
  TempDir dir;
  std::ofstream(dir.path() / "k.gpg") << "k";
  Profile p = parse_profile(dir.path() / "p.yaml",
                            "name: d\nsources:\n  - suites: [stable]\n    uris: [file:///srv/repo]\n    signed-by: k.gpg\n",
                            "amd64");
  auto suites = resolve_archive_suites(p, etc.read());
  BOOST_TEST(suites[0].uris == std::vector<std::string>{"file:///srv/repo/"});
  BOOST_TEST(suites[0].keyrings == std::vector<std::string>{(dir.path() / "k.gpg").string()});
  BOOST_TEST(!suites[0].uris_from_host);
  BOOST_TEST(!suites[0].keyrings_from_host);
}

BOOST_AUTO_TEST_CASE(trusted_source_needs_no_keyring) {
  FakeEtcApt etc("", {});
  auto suites = resolve_archive_suites(
      profile("name: d\nsources:\n  - suites: [local]\n    uris: [file:///srv/repo]\n    trusted: true\n"), etc.read());
  BOOST_TEST(suites[0].trusted);
  BOOST_TEST(suites[0].keyrings.empty());
}

BOOST_AUTO_TEST_CASE(no_host_source_asks_for_uris) {
  FakeEtcApt etc("", {});
  std::string msg = error_of(profile("name: d\nsources:\n  - suites: [bookworm]\n"), etc.read());
  BOOST_TEST(msg.find("/p/profile.yaml:3:5: sources[0]: ") == 0u, msg);
  BOOST_TEST(msg.find("add `uris:`") != std::string::npos, msg);
}

BOOST_AUTO_TEST_CASE(no_security_source_on_host_asks_for_uris) {
  FakeEtcApt etc("deb [signed-by=/k.gpg] http://m.example/debian bookworm main\n", {});
  std::string msg = error_of(profile("name: d\nsources:\n  - suites: [bookworm]\n  - suites: [bookworm-security]\n"),
                             etc.read());
  BOOST_TEST(msg.find("/p/profile.yaml:4:5: sources[1]: ") == 0u, msg);
  BOOST_TEST(msg.find("security archive") != std::string::npos, msg);
}

BOOST_AUTO_TEST_CASE(no_keyring_anywhere_is_an_error) {
  FakeEtcApt etc("deb http://m.example/debian bookworm main\n", {});
  std::string msg = error_of(profile("name: d\nsources:\n  - suites: [bookworm]\n"), etc.read());
  BOOST_TEST(msg.find("add `signed-by:`") != std::string::npos, msg);
}

BOOST_AUTO_TEST_SUITE_END()
