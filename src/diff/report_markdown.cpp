#include "diff/report_formats.h"

#include <algorithm>
#include <cstring>

#include "util/strings.h"

namespace debimg {

namespace {

// Text from a lock or an image as literal Markdown inside a line (a table
// cell, a list item, bold): the punctuation that marks inline spans or cells
// escaped, HTML's specials as entities, control characters as spaces.
std::string md_text(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else if (c < 0x20 || c == 0x7f) out += ' ';
    else if (std::strchr("\\`*_[]|~", c)) out += std::string("\\") + static_cast<char>(c);
    else out += static_cast<char>(c);
  }
  return out;
}

// Versions, names and ids (validated: no backtick, no pipe) as code, so that
// a version's ~ is not strikethrough.
std::string md_code(const std::string& text) { return text.empty() ? "" : "`" + text + "`"; }

std::string md_codes(const std::vector<std::string>& items) {
  std::vector<std::string> out;
  for (const auto& i : items) out.push_back(md_code(i));
  return join(out);
}

std::string md_versions(const SourceChange& s) {
  if (s.kind == ChangeKind::added) return md_codes(s.new_versions());
  if (s.kind == ChangeKind::removed) return md_codes(s.old_versions());
  return md_codes(s.old_versions()) + " → " + md_codes(s.new_versions());
}

std::string fixes_cell(const SourceChange& s) {
  const ChangelogFixes& f = s.fixes.fixes;
  switch (s.fixes.state) {
    case SourceFixes::State::read: {
      std::vector<std::string> parts;
      if (!f.cves.empty()) parts.push_back(std::to_string(f.cves.size()) + (f.cves.size() == 1 ? " CVE" : " CVEs"));
      if (!f.bugs.empty()) parts.push_back(std::to_string(f.bugs.size()) + (f.bugs.size() == 1 ? " bug" : " bugs"));
      return parts.empty() ? "no CVE or bug named" : "**" + join(parts) + "**";
    }
    case SourceFixes::State::no_changelog: return "no changelog";
    case SourceFixes::State::unavailable: return "changelog not read";
    case SourceFixes::State::not_read: break;
  }
  return md_text(source_line(s).why);
}

std::string table(const PlatformReport& p) {
  std::string out = "| | Source | Version | Architecture | Suite | Packages | Fixes, or why added |\n"
                    "|---|---|---|---|---|---|---|\n";
  for (const auto& s : p.sources) {
    const SourceLine l = source_line(s);
    out += "| " + std::string(to_string(s.kind)) + " | " + md_code(s.source) + " | " + md_versions(s) + " | " +
           md_text(l.architectures) + " | " + md_text(l.suites) + " | " + md_text(l.binaries) + " | " +
           fixes_cell(s) + " |\n";
  }
  return out;
}

std::string linked_fixes(const ChangelogFixes& f) {
  std::vector<std::string> cves, bugs;
  for (const auto& c : f.cves) cves.push_back("[" + c + "](https://security-tracker.debian.org/tracker/" + c + ")");
  for (unsigned b : f.bugs) bugs.push_back("[#" + std::to_string(b) + "](https://bugs.debian.org/" + std::to_string(b) + ")");
  std::string text;
  if (!cves.empty()) text = "fixes " + join(cves);
  if (!bugs.empty()) text += (text.empty() ? "closes " : "; closes ") + join(bugs);
  return text;
}

// An item of the details: what is said, and the platforms it is said of.
struct DetailItem {
  std::string text;
  std::vector<std::string> platforms;
};

// One item per source with something to say beyond the table (its fixes in
// full, an addition's chains); said alike of several platforms, once.
void add_detail_items(const PlatformReport& p, std::vector<DetailItem>& items) {
  for (const auto& s : p.sources) {
    const std::string said = s.fixes.state == SourceFixes::State::read          ? linked_fixes(s.fixes.fixes)
                             : s.fixes.state == SourceFixes::State::unavailable ? md_text(source_line(s).fixes)
                                                                                : md_text(source_line(s).why);
    if (said.empty()) continue;
    const std::string text = md_code(s.source) + ": " + said;
    auto it = std::find_if(items.begin(), items.end(), [&](const DetailItem& i) { return i.text == text; });
    if (it == items.end()) it = items.insert(items.end(), DetailItem{text, {}});
    it->platforms.push_back(md_text(p.platform));
  }
}

std::string details_block(const std::vector<DetailItem>& items, bool several) {
  if (items.empty()) return "";
  std::string out = "<details><summary>What the new changelogs fix, and why packages were added</summary>\n\n";
  for (const auto& i : items) out += "- " + (several ? join(i.platforms) + " " : "") + i.text + "\n";
  return out + "\n</details>\n\n";
}

}  // namespace

std::string markdown_details(const std::string& summary, const std::vector<std::string>& lines) {
  if (lines.empty()) return "";
  std::string out = "<details><summary>" + summary + " (" + std::to_string(lines.size()) + ")</summary>\n\n";
  for (const auto& l : lines) out += "- " + md_text(l) + "\n";
  return out + "\n</details>\n\n";
}

std::string report_markdown(const UpdateReport& report) {
  std::string out = "### debimg: " + md_text(report.old_name) + " → " + md_text(report.new_name) + "\n\n";
  out += "**" + md_text(summary_text(report)) + "**\n\n";
  const bool several = report.platforms.size() > 1;
  std::vector<DetailItem> details;
  for (const auto& p : report.platforms) {
    if (!p.old_platform.empty()) out += "Architecture " + md_code(p.old_platform) + " → " + md_code(p.platform) + "\n\n";
    if (several && p.state != PlatformReport::State::same)
      out += "#### " + md_text(p.platform) +
             (p.state == PlatformReport::State::added ? ": added" : p.state == PlatformReport::State::removed ? ": removed" : "") +
             "\n\n";
    if (!p.sources.empty()) out += table(p) + "\n";
    add_detail_items(p, details);
  }
  out += details_block(details, several);
  for (const auto& n : report.notes) out += "> Not shown: " + md_text(n) + "\n\n";
  return out;
}

}  // namespace debimg
