// build_report, source_package, shorten_chain and summarize (diff/update_report.h).
#include <boost/test/unit_test.hpp>

#include "diff/update_report.h"

using namespace debimg;

namespace {

ResolvedPackage pkg(const std::string& name, const std::string& version, const std::string& source,
                    const std::string& suite = "bookworm", const std::string& arch = "amd64") {
  ResolvedPackage p;
  p.name = name;
  p.version = version;
  p.architecture = arch;
  p.suite = suite;
  p.filename = "pool/main/" + source.substr(0, source.rfind("lib", 0) == 0 ? 4 : 1) + "/" + source + "/" + name + "_" +
               version + "_" + arch + ".deb";
  p.sha256 = std::string(64, name[0] == 'l' ? 'a' : 'b');
  p.size = 1000;
  p.platforms = {"amd64"};
  return p;
}

Lockfile lock_of(std::vector<ResolvedPackage> packages) {
  Lockfile l;
  l.profile_name = "t";
  l.architectures = {"amd64"};
  l.packages = std::move(packages);
  return l;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(update_report)

BOOST_AUTO_TEST_CASE(source_from_the_pool_folder) {
  BOOST_TEST(source_package(pkg("libssl3", "3.0.15-1", "openssl"), {}) == "openssl");
  ResolvedPackage security = pkg("libc6", "2.36-9+deb12u9", "glibc");
  security.filename = "pool/updates/main/g/glibc/libc6_2.36-9+deb12u9_amd64.deb";
  BOOST_TEST(source_package(security, {}) == "glibc");
  BOOST_TEST(source_package(pkg("libzstd1", "1.5.4", "libzstd"), {}) == "libzstd");
  ResolvedPackage odd = pkg("tool", "1", "tool");
  odd.filename = "pool/main/x/../tool.deb";  // the folder does not start with its prefix: the name
  BOOST_TEST(source_package(odd, {}) == "tool");
  ResolvedPackage local = pkg("app", "1", "app");
  local.suite = "local";
  local.filename = "debs/app.deb";
  BOOST_TEST(source_package(local, {}) == "app");
  BOOST_TEST(source_package(local, {{"app", "app-src"}}) == "app-src");  // the status's Source
  BOOST_TEST(source_package(local, {{"app", "../x"}}) == "app");          // not a package name: ignored
}

BOOST_AUTO_TEST_CASE(chains_are_shortened_in_the_middle) {
  BOOST_TEST((shorten_chain({"curl", "libcurl4", "libssl3"}) == std::vector<std::string>{"curl", "libcurl4", "libssl3"}));
  BOOST_TEST((shorten_chain({"a", "b", "c", "d", "e"}) == std::vector<std::string>{"a", "…", "d", "e"}));
}

BOOST_AUTO_TEST_CASE(grouped_by_source_with_suite_moves_and_reasons) {
  ResolvedPackage curl = pkg("curl", "7.88.1-10", "curl");
  curl.requested = "listed in packages";
  curl.depends_on = {"libcurl4"};
  ResolvedPackage libcurl = pkg("libcurl4", "7.88.1-10", "curl");
  libcurl.depends_on = {"libnghttp2-14"};
  const Lockfile before = lock_of({pkg("libssl3", "3.0.11-1", "openssl"), pkg("openssl", "3.0.11-1", "openssl"),
                                   pkg("mawk", "1.3.4", "mawk")});
  const Lockfile after = lock_of({pkg("libssl3", "3.0.15-1", "openssl", "bookworm-security"),
                                  pkg("openssl", "3.0.15-1", "openssl", "bookworm-security"), curl, libcurl,
                                  pkg("libnghttp2-14", "1.52.0-1", "nghttp2")});
  const UpdateReport r = build_report(lock_side(before, "a.lock"), lock_side(after, "b.lock"));
  BOOST_TEST_REQUIRE(r.platforms.size() == 1u);
  const auto& sources = r.platforms.front().sources;
  BOOST_TEST_REQUIRE(sources.size() == 4u);  // curl, mawk, nghttp2, openssl: one each
  BOOST_TEST(sources[0].source == "curl");
  BOOST_TEST(to_string(sources[0].kind) == std::string("added"));
  BOOST_TEST(sources[0].binaries.size() == 2u);
  BOOST_TEST(sources[0].binaries[0].requested == "listed in packages");
  BOOST_TEST(sources[1].source == "mawk");
  BOOST_TEST(to_string(sources[1].kind) == std::string("removed"));
  BOOST_TEST((sources[2].binaries[0].why == std::vector<std::string>{"curl", "libcurl4", "libnghttp2-14"}));
  const SourceChange& openssl = sources[3];
  BOOST_TEST(openssl.binaries.size() == 2u);
  BOOST_TEST((openssl.old_suites() == std::vector<std::string>{"bookworm"}));
  BOOST_TEST((openssl.new_suites() == std::vector<std::string>{"bookworm-security"}));
  BOOST_TEST((openssl.new_versions() == std::vector<std::string>{"3.0.15-1"}));
  BOOST_TEST(!r.same());
  const ReportSummary s = summarize(r);
  BOOST_TEST(s.sources_changed == 1u);
  BOOST_TEST(s.sources_added == 2u);
  BOOST_TEST(s.sources_removed == 1u);
  BOOST_TEST(s.binaries_changed == 2u);
  BOOST_TEST(s.binaries_added == 3u);
}

BOOST_AUTO_TEST_CASE(platforms_one_side_lacks_and_the_same_sets) {
  ReportSide a, b;
  a.name = "a";
  b.name = "b";
  a.platforms = {"linux/amd64"};
  b.platforms = {"linux/amd64", "linux/arm64"};
  a.by_platform["linux/amd64"].packages = {pkg("bash", "5.2", "bash")};
  a.by_platform["linux/amd64"].size = ImageSize{100, 40};
  b.by_platform["linux/amd64"] = a.by_platform["linux/amd64"];
  b.by_platform["linux/amd64"].size = ImageSize{150, 50};
  b.by_platform["linux/arm64"].packages = {pkg("bash", "5.2", "bash", "bookworm", "arm64")};
  const UpdateReport r = build_report(a, b);
  BOOST_TEST_REQUIRE(r.platforms.size() == 2u);
  BOOST_TEST((r.platforms[0].state == PlatformReport::State::same));
  BOOST_TEST((r.platforms[1].state == PlatformReport::State::added));
  BOOST_TEST(!r.same());
  const ReportSummary s = summarize(r);
  BOOST_TEST_REQUIRE(s.new_size.has_value());
  BOOST_TEST(s.old_size->uncompressed == 100u);
  BOOST_TEST(s.new_size->compressed == 50u);
  BOOST_TEST(build_report(a, a).same());
}

BOOST_AUTO_TEST_SUITE_END()
