// add_fixes with a reader that serves changelogs from memory, and the
// report's text, Markdown and JSON (diff/report_fixes.h, diff/report_formats.h).
#include <boost/test/unit_test.hpp>

#include "diff/report_fixes.h"
#include "diff/report_formats.h"

using namespace debimg;

namespace {

const std::string kOpensslChangelog = R"(openssl (3.0.15-1) bookworm-security; urgency=medium

  * CVE-2024-5535, CVE-2024-6119. Closes: #1077720

 -- M <m@example.org>  Sun, 08 Sep 2024 20:13:18 +0200

openssl (3.0.11-1) bookworm; urgency=medium

  * CVE-2023-5678

 -- M <m@example.org>  Sun, 10 Dec 2023 20:00:00 +0200
)";

// Changelogs by package name; a name in `missing` cannot be had.
class MemoryChangelogs : public ChangelogReader {
 public:
  std::map<std::string, std::string> texts;
  std::vector<std::string> missing, asked;
  void prepare(const std::vector<ResolvedPackage>&) override {}
  std::optional<std::string> changelog(const ResolvedPackage& p, const std::string&, std::string& reason) override {
    asked.push_back(p.name);
    if (std::find(missing.begin(), missing.end(), p.name) != missing.end()) {
      reason = "--offline: not in the cache";
      return std::nullopt;
    }
    auto it = texts.find(p.name);
    return it == texts.end() ? "" : it->second;
  }
};

ResolvedPackage pkg(const std::string& name, const std::string& version, const std::string& source,
                    const std::string& suite) {
  ResolvedPackage p;
  p.name = name;
  p.version = version;
  p.architecture = "amd64";
  p.suite = suite;
  p.filename = "pool/main/" + source.substr(0, 1) + "/" + source + "/" + name + ".deb";
  p.sha256 = std::string(64, name[0]);
  p.size = name.size();
  return p;
}

ReportSide side(const std::string& name, std::vector<ResolvedPackage> packages) {
  Lockfile l;
  l.profile_name = "t";
  l.architectures = {"amd64"};
  l.packages = std::move(packages);
  return lock_side(l, name);
}

UpdateReport openssl_update() {
  return build_report(side("a.lock", {pkg("libssl3", "3.0.11-1", "openssl", "bookworm"),
                                      pkg("openssl", "3.0.11-1", "openssl", "bookworm"),
                                      pkg("zlib1g", "1.2", "zlib", "bookworm")}),
                      side("b.lock", {pkg("libssl3", "3.0.15-1", "openssl", "bookworm-security"),
                                      pkg("openssl", "3.0.15-1", "openssl", "bookworm-security"),
                                      pkg("zlib1g", "1.3", "zlib", "bookworm")}));
}

// The update with openssl's changelog read (zlib's has none).
UpdateReport read_update() {
  UpdateReport r = openssl_update();
  MemoryChangelogs reader;
  reader.texts["openssl"] = kOpensslChangelog;
  add_fixes(r, reader);
  return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(report)

BOOST_AUTO_TEST_CASE(one_changelog_per_source_the_one_named_as_it_first) {
  UpdateReport r = openssl_update();
  MemoryChangelogs reader;
  reader.texts["openssl"] = kOpensslChangelog;
  reader.missing = {"zlib1g"};
  add_fixes(r, reader);
  BOOST_TEST((reader.asked == std::vector<std::string>{"openssl", "zlib1g"}));
  const SourceChange& openssl = r.platforms[0].sources[0];
  BOOST_TEST((openssl.fixes.fixes.cves == std::vector<std::string>{"CVE-2024-5535", "CVE-2024-6119"}));
  BOOST_TEST(r.platforms[0].sources[1].fixes.reason == "--offline: not in the cache");
  BOOST_TEST_REQUIRE(r.notes.size() == 1u);
  BOOST_TEST(r.notes[0].find("(zlib)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_binary_without_a_changelog_passes_to_the_next) {
  UpdateReport r = openssl_update();
  MemoryChangelogs reader;
  reader.texts["libssl3"] = kOpensslChangelog;  // openssl's own has none here
  add_fixes(r, reader);
  BOOST_TEST((r.platforms[0].sources[0].fixes.state == SourceFixes::State::read));
  BOOST_TEST(r.platforms[0].sources[0].fixes.fixes.cves.size() == 2u);
  BOOST_TEST((r.platforms[0].sources[1].fixes.state == SourceFixes::State::no_changelog));
}

BOOST_AUTO_TEST_CASE(text_one_line_per_source) {
  UpdateReport r = read_update();
  r.to_download = CacheShortfall{2, 1500000};
  BOOST_TEST(report_text(r) ==
             "2 source packages changed, 0 added, 0 removed (3 binary packages); 1 security update (2 CVEs, 1 bug "
             "closed); 1.5 MB to download (2 packages not in the cache)\n"
             "~ openssl 3.0.11-1 → 3.0.15-1 (amd64) bookworm → bookworm-security: libssl3, openssl; fixes "
             "CVE-2024-5535, CVE-2024-6119; closes #1077720\n"
             "~ zlib 1.2 → 1.3 (amd64) bookworm: zlib1g; no changelog in the new package\n");
}

BOOST_AUTO_TEST_CASE(markdown_table_and_details) {
  UpdateReport r = read_update();
  const std::string md = report_markdown(r);
  BOOST_TEST(md.find("| changed | `openssl` | `3.0.11-1` → `3.0.15-1` | amd64 | bookworm → bookworm-security | "
                     "libssl3, openssl | **2 CVEs, 1 bug** |") != std::string::npos);
  BOOST_TEST(md.find("<details>") != std::string::npos);
  BOOST_TEST(md.find("[CVE-2024-5535](https://security-tracker.debian.org/tracker/CVE-2024-5535)") != std::string::npos);
  r.old_name = "a|<b>`*.lock";  // a name from the command line: literal
  BOOST_TEST(report_markdown(r).find("a\\|&lt;b&gt;\\`\\*.lock") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(json_fields) {
  UpdateReport r = read_update();
  const nlohmann::json j = report_json(r);
  BOOST_TEST(j["report-version"] == 1);
  BOOST_TEST(j["same"] == false);
  BOOST_TEST(j["summary"]["security-updates"] == 1);
  BOOST_TEST(j["summary"]["to-download"].is_null());
  const nlohmann::json& openssl = j["platforms"][0]["sources"][0];
  BOOST_TEST(openssl["source"] == "openssl");
  BOOST_TEST(openssl["fixes"]["state"] == "read");
  BOOST_TEST(openssl["suites"]["new"][0] == "bookworm-security");
  BOOST_TEST(openssl["binaries"][0]["old"]["version"] == "3.0.11-1");
}

BOOST_AUTO_TEST_CASE(nothing_changed) {
  const ReportSide a = side("a.lock", {pkg("zlib1g", "1.2", "zlib", "bookworm")});
  const UpdateReport r = build_report(a, a);
  BOOST_TEST(report_text(r) == "no package changed\n");
  BOOST_TEST(report_json(r)["same"] == true);
}

BOOST_AUTO_TEST_SUITE_END()
