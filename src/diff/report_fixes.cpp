#include "diff/report_fixes.h"

#include <apt-pkg/debversion.h>

#include <algorithm>
#include <map>

#include "util/strings.h"

namespace debimg {

namespace {

constexpr size_t kTries = 3;  // binaries of one source tried for a changelog

// A changed source's new binaries in the order their changelogs are tried:
// the one named as the source, then `all` ones (shared by every platform), then the smallest.
std::vector<const BinaryChange*> candidates(const SourceChange& s) {
  std::vector<const BinaryChange*> out;
  for (const auto& b : s.binaries)
    if (b.kind != ChangeKind::removed) out.push_back(&b);
  auto rank = [&](const BinaryChange* b) {
    return std::make_tuple(b->name != s.source, b->new_package.architecture != "all", b->new_package.size, b->name);
  };
  std::sort(out.begin(), out.end(), [&](auto* x, auto* y) { return rank(x) < rank(y); });
  if (out.size() > kTries) out.resize(kTries);
  return out;
}

// The version the changelog is read from: the binary's old one, else the source's newest old one.
std::string old_version(const SourceChange& s, const BinaryChange& b) {
  if (!b.old_package.version.empty()) return b.old_package.version;
  std::string newest;
  for (const auto& v : s.old_versions())
    if (newest.empty() || debVS.CmpVersion(v, newest) > 0) newest = v;
  return newest;
}

struct Pending {
  SourceChange* source;
  std::string platform;
  std::vector<const BinaryChange*> tries;
};

// One try of one source: its fixes are settled unless the changelog could not be had.
void try_binary(Pending& p, const BinaryChange& b, ChangelogReader& reader,
                std::map<std::string, SourceFixes>& memo) {
  const std::string key = b.new_package.sha256 + " " + old_version(*p.source, b) + " " + b.name;
  auto known = memo.find(key);
  if (known == memo.end()) {
    SourceFixes f;
    std::string reason;
    if (std::optional<std::string> text = reader.changelog(b.new_package, p.platform, reason)) {
      f.state = text->empty() ? SourceFixes::State::no_changelog : SourceFixes::State::read;
      if (!text->empty()) f.fixes = fixes_between(*text, old_version(*p.source, b), b.new_package.version);
      f.fixes.found = !text->empty();
    } else {
      f.state = SourceFixes::State::unavailable;
      f.reason = reason;
    }
    known = memo.emplace(key, f).first;
  }
  SourceFixes& mine = p.source->fixes;
  const SourceFixes& got = known->second;
  // A read changelog wins; else "no changelog" over "unavailable"; the first reason is kept.
  if (got.state == SourceFixes::State::read || mine.state == SourceFixes::State::not_read ||
      (got.state == SourceFixes::State::no_changelog && mine.state == SourceFixes::State::unavailable))
    mine = got;
}

void add_note(UpdateReport& report, const std::vector<Pending>& pending) {
  std::vector<std::string> names;
  std::string reason;
  for (const auto& p : pending)
    if (p.source->fixes.state == SourceFixes::State::unavailable) {
      if (std::find(names.begin(), names.end(), p.source->source) == names.end()) names.push_back(p.source->source);
      if (reason.empty()) reason = p.source->fixes.reason;
    }
  if (names.empty()) return;
  report.notes.push_back("what " + std::to_string(names.size()) + " source package(s) fix (" + join(names) +
                         "): their new changelog could not be read (" + reason + ")");
}

}  // namespace

void add_fixes(UpdateReport& report, ChangelogReader& reader) {
  std::vector<Pending> pending;
  for (auto& platform : report.platforms)
    for (auto& s : platform.sources)
      if (s.kind == ChangeKind::changed) pending.push_back({&s, platform.platform, candidates(s)});
  std::map<std::string, SourceFixes> memo;  // by .deb, old version and name: each changelog read once
  for (size_t round = 0; round < kTries; ++round) {
    std::vector<ResolvedPackage> wanted;
    for (const auto& p : pending)
      if (p.source->fixes.state != SourceFixes::State::read && round < p.tries.size())
        wanted.push_back(p.tries[round]->new_package);
    if (wanted.empty()) break;
    reader.prepare(wanted);
    for (auto& p : pending)
      if (p.source->fixes.state != SourceFixes::State::read && round < p.tries.size())
        try_binary(p, *p.tries[round], reader, memo);
  }
  add_note(report, pending);
}

}  // namespace debimg
