#include "diff/update_report.h"

#include <algorithm>
#include <set>

#include "diff/package_diff.h"
#include "util/error.h"
#include "util/strings.h"
#include "validate/identifiers.h"

namespace debimg {

namespace {

void add_distinct(std::vector<std::string>& out, const std::string& value) {
  if (!value.empty() && std::find(out.begin(), out.end(), value) == out.end()) out.push_back(value);
}

template <typename Field>
std::vector<std::string> distinct(const std::vector<BinaryChange>& binaries, Field field) {
  std::vector<std::string> out;
  for (const auto& b : binaries) add_distinct(out, field(b));
  return out;
}

std::map<std::string, const ResolvedPackage*> by_name(const std::vector<ResolvedPackage>& packages) {
  std::map<std::string, const ResolvedPackage*> out;
  for (const auto& p : packages) out[p.name] = &p;
  return out;
}

// An addition's chain from the lock's edges; none when the lock has none (format 1, an image).
void explain(BinaryChange& b, const ReportPlatform& side) {
  if (!side.lock) return;
  try {
    b.why = side.lock->why(b.name);
  } catch (const Error&) {
    return;
  }
  for (const auto& p : side.lock->packages)
    if (p.name == b.why.front()) b.requested = p.requested;
}

ChangeKind group_kind(const std::vector<BinaryChange>& binaries) {
  auto all = [&](ChangeKind k) {
    return std::all_of(binaries.begin(), binaries.end(), [&](const BinaryChange& b) { return b.kind == k; });
  };
  if (all(ChangeKind::added)) return ChangeKind::added;
  if (all(ChangeKind::removed)) return ChangeKind::removed;
  return ChangeKind::changed;
}

// The changes of one platform, grouped by source package.
std::vector<SourceChange> compare_platform(const ReportPlatform& a, const ReportPlatform& b) {
  const auto olds = by_name(a.packages), news = by_name(b.packages);
  std::map<std::string, SourceChange> groups;
  for (const PackageChange& c : diff_packages(a.packages, b.packages)) {
    BinaryChange bin;
    bin.kind = static_cast<ChangeKind>(c.kind);
    bin.name = c.name;
    if (c.kind != PackageChange::added) bin.old_package = *olds.at(c.name);
    if (c.kind != PackageChange::removed) bin.new_package = *news.at(c.name);
    if (c.kind == PackageChange::added) explain(bin, b);
    const std::string source = c.kind == PackageChange::removed ? source_package(bin.old_package, a.sources)
                                                                : source_package(bin.new_package, b.sources);
    groups[source].source = source;
    groups[source].binaries.push_back(std::move(bin));
  }
  std::vector<SourceChange> out;
  for (auto& [name, group] : groups) {
    group.kind = group_kind(group.binaries);
    out.push_back(std::move(group));
  }
  return out;
}

PlatformReport platform_report(const ReportPlatform& a, const ReportPlatform& b, const std::string& platform) {
  PlatformReport r;
  r.platform = platform;
  r.sources = compare_platform(a, b);
  r.state = r.sources.empty() ? PlatformReport::State::same : PlatformReport::State::changed;
  if (a.size && b.size) {
    r.old_size = a.size;
    r.new_size = b.size;
  }
  return r;
}

bool has(const ReportSide& s, const std::string& platform) {
  return std::find(s.platforms.begin(), s.platforms.end(), platform) != s.platforms.end();
}

}  // namespace

const char* to_string(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::added: return "added";
    case ChangeKind::removed: return "removed";
    case ChangeKind::changed: break;
  }
  return "changed";
}

const char* to_string(SourceFixes::State state) {
  switch (state) {
    case SourceFixes::State::read: return "read";
    case SourceFixes::State::no_changelog: return "no-changelog";
    case SourceFixes::State::unavailable: return "unavailable";
    case SourceFixes::State::not_read: break;
  }
  return "not-read";
}

std::vector<std::string> SourceChange::old_versions() const {
  return distinct(binaries, [](const BinaryChange& b) { return b.old_package.version; });
}
std::vector<std::string> SourceChange::new_versions() const {
  return distinct(binaries, [](const BinaryChange& b) { return b.new_package.version; });
}
std::vector<std::string> SourceChange::old_suites() const {
  return distinct(binaries, [](const BinaryChange& b) { return b.old_package.suite; });
}
std::vector<std::string> SourceChange::new_suites() const {
  return distinct(binaries, [](const BinaryChange& b) { return b.new_package.suite; });
}
std::vector<std::string> SourceChange::architectures() const {
  std::vector<std::string> out;
  for (const auto& b : binaries) {
    add_distinct(out, b.old_package.architecture);
    add_distinct(out, b.new_package.architecture);
  }
  return out;
}

bool UpdateReport::same() const {
  return std::all_of(platforms.begin(), platforms.end(), [](const PlatformReport& p) {
    return p.state == PlatformReport::State::same && p.old_platform.empty();
  });
}

ReportSummary summarize(const UpdateReport& report) {
  ReportSummary s;
  std::set<std::string> sources[3], binaries[3], security, cves, unchecked;
  std::set<unsigned> bugs;
  for (const auto& p : report.platforms) {
    for (const auto& src : p.sources) {
      sources[static_cast<int>(src.kind)].insert(src.source);
      for (const auto& b : src.binaries)
        binaries[static_cast<int>(b.kind)].insert(b.name + ":" + b.old_package.architecture + ":" + b.new_package.architecture);
      if (src.security()) security.insert(src.source);
      if (src.kind == ChangeKind::changed &&
          (src.fixes.state == SourceFixes::State::not_read || src.fixes.state == SourceFixes::State::unavailable))
        unchecked.insert(src.source);
      cves.insert(src.fixes.fixes.cves.begin(), src.fixes.fixes.cves.end());
      bugs.insert(src.fixes.fixes.bugs.begin(), src.fixes.fixes.bugs.end());
    }
    if (p.old_size && p.new_size) {
      if (!s.old_size) s.old_size.emplace(), s.new_size.emplace();
      s.old_size->uncompressed += p.old_size->uncompressed;
      s.old_size->compressed += p.old_size->compressed;
      s.new_size->uncompressed += p.new_size->uncompressed;
      s.new_size->compressed += p.new_size->compressed;
    }
  }
  s.sources_added = sources[0].size(), s.sources_removed = sources[1].size(), s.sources_changed = sources[2].size();
  s.binaries_added = binaries[0].size(), s.binaries_removed = binaries[1].size(), s.binaries_changed = binaries[2].size();
  s.security_updates = security.size();
  s.unchecked = unchecked.size();
  s.cves = cves.size();
  s.bugs = bugs.size();
  return s;
}

ReportSide lock_side(const Lockfile& lock, const std::string& name) {
  ReportSide side;
  side.name = name;
  side.platforms = lock.architectures;
  for (const auto& arch : lock.architectures) {
    ReportPlatform& p = side.by_platform[arch];
    p.lock = lock.platform(arch);
    p.packages = p.lock->packages;
  }
  return side;
}

UpdateReport build_report(const ReportSide& before, const ReportSide& after) {
  UpdateReport r;
  r.old_name = before.name;
  r.new_name = after.name;
  if (before.platforms.size() == 1 && after.platforms.size() == 1) {
    const std::string &pa = before.platforms.front(), &pb = after.platforms.front();
    r.platforms.push_back(platform_report(before.by_platform.at(pa), after.by_platform.at(pb), pb));
    if (pa != pb) r.platforms.back().old_platform = pa;
    return r;
  }
  std::vector<std::string> platforms = before.platforms;
  for (const auto& p : after.platforms)
    if (!has(before, p)) platforms.push_back(p);
  for (const auto& p : platforms) {
    if (has(before, p) && has(after, p)) {
      r.platforms.push_back(platform_report(before.by_platform.at(p), after.by_platform.at(p), p));
      continue;
    }
    PlatformReport gone;
    gone.platform = p;
    gone.state = has(after, p) ? PlatformReport::State::added : PlatformReport::State::removed;
    r.platforms.push_back(std::move(gone));
  }
  return r;
}

std::string source_package(const ResolvedPackage& package, const std::map<std::string, std::string>& sources) {
  if (auto it = sources.find(package.name); it != sources.end() && is_package_name(it->second)) return it->second;
  // Debian's pool layout: pool/COMPONENT…/PREFIX/SOURCE/FILE, PREFIX the source's first letter (or lib + one).
  if (package.suite != "local" && package.filename.rfind("pool/", 0) == 0) {
    const std::vector<std::string> parts = split(package.filename, '/');
    if (parts.size() >= 5) {
      const std::string &source = parts[parts.size() - 2], &prefix = parts[parts.size() - 3];
      if (is_package_name(source) && !prefix.empty() && source.rfind(prefix, 0) == 0) return source;
    }
  }
  return package.name;
}

std::vector<std::string> shorten_chain(const std::vector<std::string>& chain) {
  if (chain.size() <= 4) return chain;
  return {chain.front(), "…", chain[chain.size() - 2], chain.back()};
}

}  // namespace debimg
