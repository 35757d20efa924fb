#include "profile/apt_auth.h"

#include <boost/test/unit_test.hpp>
#include <fstream>

#include "profile/archive_suite.h"
#include "profile/profile_parser.h"
#include "util/files.h"

using namespace debimg;
namespace fs = std::filesystem;

namespace {

struct AuthFiles {
  TempDir dir;
  std::vector<std::string> files;
  void add(const std::string& name, const std::string& text) {
    std::ofstream(dir.path() / name) << text;
    files.push_back((dir.path() / name).string());
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(apt_auth)

BOOST_AUTO_TEST_CASE(matches_host_port_and_path_as_apt_does) {
  AuthFiles a;
  a.add("auth.conf",
        "# comment\n"
        "machine repo.example/private login alice password one\n"
        "machine repo.example\n  login bob\n  password two\n"
        "machine http://plain.example:8080 login carol password three\n");
  auto login = apt_auth_login(a.files, "https://repo.example/private/debian/");
  BOOST_REQUIRE(login);
  BOOST_TEST(login->login == "alice");
  BOOST_TEST(login->password == "one");
  BOOST_TEST(login->origin == "https://repo.example:443");
  login = apt_auth_login(a.files, "https://repo.example/public/");
  BOOST_REQUIRE(login);
  BOOST_TEST(login->login == "bob");
  BOOST_TEST(login->password == "two");
  // Without a protocol an entry is for https only (apt_auth.conf(5)).
  BOOST_TEST(!apt_auth_login(a.files, "http://repo.example/public/"));
  login = apt_auth_login(a.files, "http://plain.example:8080/debian/");
  BOOST_REQUIRE(login);
  BOOST_TEST(login->login == "carol");
  BOOST_TEST(!apt_auth_login(a.files, "http://plain.example:9090/debian/"));
  BOOST_TEST(!apt_auth_login(a.files, "https://other.example/"));
  BOOST_TEST(!apt_auth_login(a.files, "file:///srv/repo/"));
}

BOOST_AUTO_TEST_CASE(the_first_file_with_an_entry_wins_and_unreadable_ones_are_passed_over) {
  AuthFiles a;
  a.files.push_back((a.dir.path() / "missing.conf").string());
  a.add("empty.conf", "");
  a.add("one.conf", "machine repo.example login first password 1\n");
  a.add("two.conf", "machine repo.example login second password 2\n");
  auto login = apt_auth_login(a.files, "https://repo.example/debian/");
  BOOST_REQUIRE(login);
  BOOST_TEST(login->login == "first");
}

BOOST_AUTO_TEST_CASE(host_apt_lists_auth_conf_then_its_parts) {
  // The host's Dir::Etc::netrc and netrcparts, as apt resolves them: only *.conf parts.
  HostApt host = read_host_apt();
  for (size_t i = 1; i < host.auth_files.size(); ++i)
    BOOST_TEST(host.auth_files[i].ends_with(".conf"), host.auth_files[i]);
}

BOOST_AUTO_TEST_CASE(archive_suites_keep_logins_aside) {
  AuthFiles a;
  a.add("auth.conf", "machine mirror.test login apt password from-auth-conf\n");
  HostApt host;
  host.architecture = "amd64";
  host.auth_files = a.files;
  Profile p = parse_profile("/p/profile.yaml",
                            "name: t\nsources:\n  - suites: [stable]\n    trusted: true\n"
                            "    uris: [\"http://user:s%40cret@127.0.0.1:8080/debian\", \"https://mirror.test/debian\"]\n",
                            "amd64");
  std::vector<ArchiveSuite> suites = resolve_archive_suites(p, host);
  BOOST_REQUIRE(suites.size() == 1u);
  const ArchiveSuite& s = suites[0];
  BOOST_TEST(s.uris == (std::vector<std::string>{"http://127.0.0.1:8080/debian/", "https://mirror.test/debian/"}));
  BOOST_REQUIRE(s.logins.size() == 2u);
  BOOST_TEST(s.logins.at("http://127.0.0.1:8080/debian/").login == "user");
  BOOST_TEST(s.logins.at("http://127.0.0.1:8080/debian/").password == "s@cret");
  BOOST_TEST(s.logins.at("http://127.0.0.1:8080/debian/").origin == "http://127.0.0.1:8080");
  BOOST_TEST(s.logins.at("https://mirror.test/debian/").password == "from-auth-conf");
  HttpOptions http = with_login(HttpOptions{}, s, "https://mirror.test/debian/");
  BOOST_REQUIRE(http.login);
  BOOST_TEST(http.login->login == "apt");
}

BOOST_AUTO_TEST_SUITE_END()
