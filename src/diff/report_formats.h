#pragma once
// An UpdateReport for people and for programs: the terminal's text, Markdown
// for a pull-request comment, and JSON (docs/update-report.md, its schema in
// docs/update-report.schema.json). Text and Markdown say the same things in
// the same words: a summary line first, then one line (or row) per source
// package.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "diff/update_report.h"

namespace debimg {

// "2 source packages changed, 1 added, 0 removed (5 binary packages); 1 security update (3 CVEs, 1 bug);
// image 95.1 MB → 96.0 MB (+0.9 MB), compressed 31.2 MB → 31.5 MB (+0.3 MB); 2.1 MB to download (3 packages)",
// or "no package changed".
std::string summary_text(const UpdateReport& report);

// The parts of one source package's line.
struct SourceLine {
  std::string mark;           // + - ~
  std::string versions;       // "3.0.11-1~deb12u2 → 3.0.15-1~deb12u1"; one side for an addition or removal
  std::string architectures;  // "amd64", "amd64, all"
  std::string suites;         // "bookworm → bookworm-security", "bookworm"; "" for an image
  std::string binaries;       // "libssl3, openssl (added)": those that moved otherwise than the source marked
  std::string fixes;          // "fixes CVE-…; closes #…", "no changelog in the new package", "changelog not read: …"
  std::string why;            // additions: "curl requested (listed in packages), via curl → libcurl4"
};
SourceLine source_line(const SourceChange& change);

// "~ openssl 3.0.11-1~deb12u2 → 3.0.15-1~deb12u1 (amd64) bookworm → bookworm-security: libssl3; fixes CVE-2024-5535"
std::string source_line_text(const SourceChange& change);

// The summary line, then each platform's lines (under a "PLATFORM:" heading
// when there are several), then what could not be shown.
std::string report_text(const UpdateReport& report);

// A heading, the summary in bold, a table per platform, the fixes and
// dependency chains in a collapsible <details>, and the notes.
std::string report_markdown(const UpdateReport& report);

// `lines` as a collapsible Markdown list under `summary` (debimg's own words:
// in HTML, not escaped); "" when there are none.
std::string markdown_details(const std::string& summary, const std::vector<std::string>& lines);

nlohmann::json report_json(const UpdateReport& report);

}  // namespace debimg
