#pragma once
// The one report of what moves from one package set to another, for
// `lock --update`, `lock --check --upstream` and `diff` (locks, OCI layouts,
// oci-archives): per platform, the packages added, removed and changed,
// grouped by source package, with each binary's suite move, what the new
// changelog says it fixes (report_fixes.h fills that in), and for an addition
// the requested package that pulled it in. Rendered by report_formats.h.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "diff/changelog_fixes.h"
#include "fetch/package_fetcher.h"
#include "lock/lockfile.h"

namespace debimg {

enum class ChangeKind { added, removed, changed };
const char* to_string(ChangeKind kind);

struct BinaryChange {
  ChangeKind kind = ChangeKind::changed;
  std::string name;
  ResolvedPackage old_package, new_package;  // the side that lacks it is empty; suite empty for an image
  // An addition in a lock: the shortest chain from a requested package to
  // this one ("curl", "libcurl4", "libnghttp2-14"), and that package's reason.
  std::vector<std::string> why;
  std::string requested;
};

// What a changed source's new changelog says it fixes.
struct SourceFixes {
  enum class State { not_read, read, no_changelog, unavailable } state = State::not_read;
  ChangelogFixes fixes;
  std::string reason;  // unavailable: why ("--offline: not in the cache", a download error)
};
const char* to_string(SourceFixes::State state);

struct SourceChange {
  std::string source;
  ChangeKind kind = ChangeKind::changed;  // added / removed: every binary is; else changed
  std::vector<BinaryChange> binaries;     // by name, then architecture
  SourceFixes fixes;                      // changed sources only

  // Distinct values over the binaries, in binary order; empty ones left out.
  std::vector<std::string> old_versions() const;
  std::vector<std::string> new_versions() const;
  std::vector<std::string> old_suites() const;
  std::vector<std::string> new_suites() const;
  std::vector<std::string> architectures() const;
  bool security() const { return !fixes.fixes.cves.empty(); }
};

struct ImageSize {
  uint64_t uncompressed = 0;  // the layers' tars
  uint64_t compressed = 0;    // the layer blobs as stored and pulled
};

struct PlatformReport {
  enum class State { same, changed, added, removed } state = State::same;
  std::string platform;      // "amd64" (locks) or "linux/amd64" (an image involved)
  std::string old_platform;  // the old side's, when one platform each side and they differ
  std::vector<SourceChange> sources;  // by source name
  std::optional<ImageSize> old_size, new_size;  // both sides images
};

struct UpdateReport {
  std::string old_name, new_name;  // what was compared, as the user named it
  std::vector<PlatformReport> platforms;
  std::optional<CacheShortfall> to_download;  // the new side a lock: what the cache lacks to compose it
  std::vector<std::string> notes;  // what the report could not show, and why
  bool same() const;
};

// Counts over every platform; a source or binary in several platforms counts once.
struct ReportSummary {
  size_t sources_changed = 0, sources_added = 0, sources_removed = 0;
  size_t binaries_changed = 0, binaries_added = 0, binaries_removed = 0;
  size_t security_updates = 0;  // changed sources whose new changelog names a CVE
  size_t cves = 0, bugs = 0;    // distinct ids
  size_t unchecked = 0;         // changed sources whose new changelog was not read
  std::optional<ImageSize> old_size, new_size;  // summed over the platforms both images have
};
ReportSummary summarize(const UpdateReport& report);

// One platform of one side of a comparison.
struct ReportPlatform {
  std::vector<ResolvedPackage> packages;
  std::map<std::string, std::string> sources;  // package → source package, where the side says (dpkg status)
  std::optional<Lockfile> lock;                 // a lock's platform: its dependency edges
  std::optional<ImageSize> size;                // an image's
};

struct ReportSide {
  std::string name;
  std::vector<std::string> platforms;  // in the side's order
  std::map<std::string, ReportPlatform> by_platform;
};

// A lock as a side: its architectures, each with its packages and edges.
ReportSide lock_side(const Lockfile& lock, const std::string& name);

// One platform each: compared whatever their names (an architecture change);
// else platform by platform, one only one side has is added or removed.
// Fixes are left not_read (report_fixes.h).
UpdateReport build_report(const ReportSide& before, const ReportSide& after);

// The source package of a binary: the side's word for it, else the pool
// folder its Filename sits in (pool/main/o/openssl/libssl3_….deb → openssl),
// else its own name.
std::string source_package(const ResolvedPackage& package, const std::map<std::string, std::string>& sources);

// A --why chain for one line: at most four names, the middle cut to "…".
std::vector<std::string> shorten_chain(const std::vector<std::string>& chain);

}  // namespace debimg
