// The report as JSON: docs/update-report.md describes each field and
// docs/update-report.schema.json checks them (tests/integration/report_mirror.test.sh).
#include "diff/report_formats.h"

namespace debimg {

namespace {

constexpr int kReportVersion = 1;

nlohmann::json or_null(const std::string& text) { return text.empty() ? nlohmann::json() : nlohmann::json(text); }

nlohmann::json size_json(const std::optional<ImageSize>& a, const std::optional<ImageSize>& b) {
  if (!a || !b) return nullptr;
  auto one = [](const ImageSize& s) { return nlohmann::json{{"uncompressed", s.uncompressed}, {"compressed", s.compressed}}; };
  return {{"old", one(*a)}, {"new", one(*b)}};
}

nlohmann::json package_json(const ResolvedPackage& p) {
  if (p.name.empty()) return nullptr;
  return {{"version", p.version}, {"architecture", p.architecture}, {"suite", or_null(p.suite)}};
}

nlohmann::json binary_json(const BinaryChange& b) {
  nlohmann::json why;
  if (!b.why.empty()) why = {{"chain", b.why}, {"requested", or_null(b.requested)}};
  return {{"package", b.name},
          {"change", to_string(b.kind)},
          {"old", package_json(b.old_package)},
          {"new", package_json(b.new_package)},
          {"why", why}};
}

nlohmann::json source_json(const SourceChange& s) {
  nlohmann::json fixes;
  if (s.kind == ChangeKind::changed)
    fixes = {{"state", to_string(s.fixes.state)},
             {"cves", s.fixes.fixes.cves},
             {"bugs", s.fixes.fixes.bugs},
             {"reason", or_null(s.fixes.reason)}};
  nlohmann::json binaries = nlohmann::json::array();
  for (const auto& b : s.binaries) binaries.push_back(binary_json(b));
  return {{"source", s.source},
          {"change", to_string(s.kind)},
          {"old-versions", s.old_versions()},
          {"new-versions", s.new_versions()},
          {"architectures", s.architectures()},
          {"suites", {{"old", s.old_suites()}, {"new", s.new_suites()}}},
          {"security", s.security()},
          {"fixes", fixes},
          {"binaries", binaries}};
}

const char* state_name(PlatformReport::State s) {
  switch (s) {
    case PlatformReport::State::changed: return "changed";
    case PlatformReport::State::added: return "added";
    case PlatformReport::State::removed: return "removed";
    case PlatformReport::State::same: break;
  }
  return "same";
}

nlohmann::json platform_json(const PlatformReport& p) {
  nlohmann::json sources = nlohmann::json::array();
  for (const auto& s : p.sources) sources.push_back(source_json(s));
  return {{"platform", p.platform},
          {"old-platform", or_null(p.old_platform)},
          {"change", state_name(p.state)},
          {"image-size", size_json(p.old_size, p.new_size)},
          {"sources", sources}};
}

nlohmann::json summary_json(const UpdateReport& r) {
  const ReportSummary s = summarize(r);
  nlohmann::json download;
  if (r.to_download) download = {{"bytes", r.to_download->bytes}, {"packages", r.to_download->packages}};
  return {{"text", summary_text(r)},
          {"sources", {{"changed", s.sources_changed}, {"added", s.sources_added}, {"removed", s.sources_removed}}},
          {"binaries", {{"changed", s.binaries_changed}, {"added", s.binaries_added}, {"removed", s.binaries_removed}}},
          {"security-updates", s.security_updates},
          {"cves", s.cves},
          {"bugs", s.bugs},
          {"unchecked", s.unchecked},
          {"image-size", size_json(s.old_size, s.new_size)},
          {"to-download", download}};
}

}  // namespace

nlohmann::json report_json(const UpdateReport& r) {
  nlohmann::json platforms = nlohmann::json::array();
  for (const auto& p : r.platforms) platforms.push_back(platform_json(p));
  return {{"report-version", kReportVersion},
          {"old", r.old_name},
          {"new", r.new_name},
          {"same", r.same()},
          {"summary", summary_json(r)},
          {"platforms", platforms},
          {"notes", r.notes}};
}

}  // namespace debimg
