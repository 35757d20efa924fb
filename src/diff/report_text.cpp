#include "diff/report_formats.h"

#include <algorithm>

#include "util/strings.h"

namespace debimg {

namespace {

std::string counted(size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string signed_bytes(uint64_t from, uint64_t to) {
  if (from == to) return "±0 B";
  return (to > from ? "+" : "-") + human_bytes(to > from ? to - from : from - to);
}

std::string size_move(uint64_t from, uint64_t to) {
  return human_bytes(from) + " → " + human_bytes(to) + " (" + signed_bytes(from, to) + ")";
}

std::string versions_of(const SourceChange& s) {
  if (s.kind == ChangeKind::added) return join(s.new_versions());
  if (s.kind == ChangeKind::removed) return join(s.old_versions());
  return join(s.old_versions()) + " → " + join(s.new_versions());
}

std::string suites_of(const SourceChange& s) {
  const std::string before = join(s.old_suites()), after = join(s.new_suites());
  if (before.empty() || after.empty() || before == after) return before.empty() ? after : before;
  return before + " → " + after;
}

std::string binaries_of(const SourceChange& s) {
  std::vector<std::string> names;
  for (const auto& b : s.binaries)
    names.push_back(b.kind == s.kind ? b.name : b.name + " (" + to_string(b.kind) + ")");
  return join(names);
}

std::string fixes_of(const SourceChange& s) {
  switch (s.fixes.state) {
    case SourceFixes::State::read: return s.fixes.fixes.empty() ? "names no CVE or bug" : fixes_text(s.fixes.fixes);
    case SourceFixes::State::no_changelog: return "no changelog in the new package";
    case SourceFixes::State::unavailable: return "changelog not read: " + s.fixes.reason;
    case SourceFixes::State::not_read: break;
  }
  return "";
}

// An addition's chains, but for those that run through another binary of
// the same source (libkrb5-3 after libgssapi-krb5-2): that one says why.
std::string why_of(const SourceChange& s) {
  auto in_group = [&](const std::string& name) {
    return std::any_of(s.binaries.begin(), s.binaries.end(), [&](const BinaryChange& b) { return b.name == name; });
  };
  std::vector<std::string> reasons;
  for (const auto& b : s.binaries) {
    if (b.kind != ChangeKind::added || b.why.empty()) continue;
    if (b.why.size() > 1 && in_group(b.why[b.why.size() - 2])) continue;
    if (b.why.size() == 1)
      reasons.push_back(b.name + " requested" + (b.requested.empty() ? "" : " (" + b.requested + ")"));
    else
      reasons.push_back("via " + join(shorten_chain(b.why), " → "));
  }
  return join(reasons);
}

std::string summary_counts(const ReportSummary& s) {
  const size_t binaries = s.binaries_changed + s.binaries_added + s.binaries_removed;
  std::string text = counted(s.sources_changed, "source package changed", "source packages changed") + ", " +
                     std::to_string(s.sources_added) + " added, " + std::to_string(s.sources_removed) + " removed (" +
                     counted(binaries, "binary package", "binary packages") + ")";
  if (s.sources_changed > 0) {
    text += "; " + counted(s.security_updates, "security update", "security updates");
    std::vector<std::string> ids;
    if (s.cves) ids.push_back(counted(s.cves, "CVE", "CVEs"));
    if (s.bugs) ids.push_back(counted(s.bugs, "bug closed", "bugs closed"));
    if (s.unchecked) ids.push_back(counted(s.unchecked, "source package not checked", "source packages not checked"));
    if (!ids.empty()) text += " (" + join(ids) + ")";
  }
  return text;
}

}  // namespace

std::string summary_text(const UpdateReport& report) {
  const ReportSummary s = summarize(report);
  std::string text = report.same() ? "no package changed" : summary_counts(s);
  if (s.old_size)
    text += "; image " + size_move(s.old_size->uncompressed, s.new_size->uncompressed) + ", compressed " +
            size_move(s.old_size->compressed, s.new_size->compressed);
  if (report.to_download)
    text += "; " + human_bytes(report.to_download->bytes) + " to download (" +
            counted(report.to_download->packages, "package", "packages") + " not in the cache)";
  return text;
}

SourceLine source_line(const SourceChange& s) {
  static const char* marks[] = {"+", "-", "~"};
  return {marks[static_cast<int>(s.kind)], versions_of(s), join(s.architectures()), suites_of(s), binaries_of(s),
          fixes_of(s), why_of(s)};
}

std::string source_line_text(const SourceChange& change) {
  const SourceLine l = source_line(change);
  std::string text = l.mark + " " + change.source + " " + l.versions + " (" + l.architectures + ")";
  if (!l.suites.empty()) text += " " + l.suites;
  std::vector<std::string> details;
  // The binaries, unless the one binary is named as its source.
  if (change.binaries.size() > 1 || change.binaries.front().name != change.source) details.push_back(l.binaries);
  for (const std::string* part : {&l.fixes, &l.why})
    if (!part->empty()) details.push_back(*part);
  if (!details.empty()) text += ": " + join(details, "; ");
  return text;
}

std::string report_text(const UpdateReport& report) {
  std::string text = summary_text(report) + "\n";
  const bool several = report.platforms.size() > 1;
  for (const auto& p : report.platforms) {
    const std::string indent = several ? "  " : "";
    if (!p.old_platform.empty()) text += "architecture " + p.old_platform + " → " + p.platform + "\n";
    if (several && p.state != PlatformReport::State::same)
      text += p.platform + ":" + (p.state == PlatformReport::State::added     ? " added"
                                  : p.state == PlatformReport::State::removed ? " removed"
                                                                              : "") + "\n";
    for (const auto& s : p.sources) text += indent + source_line_text(s) + "\n";
  }
  for (const auto& n : report.notes) text += "not shown: " + n + "\n";
  return text;
}

}  // namespace debimg
