#include "lock/lock_resolution.h"

#include <apt-pkg/strutl.h>

#include "lock/lock_builder.h"
#include "repo/metadata_loader.h"
#include "resolve/resolver.h"
#include "util/error.h"
#include "util/files.h"
#include "util/strings.h"

namespace fs = std::filesystem;

namespace debimg {

Lockfile resolve_lock(const Profile& profile, const std::vector<ArchiveSuite>& suites, const Cache& cache,
                      const LockOptions& options) {
  // Each architecture on its own indexes (the InRelease is the same),
  // resolved by libapt-pkg as that architecture's image alone.
  const auto fingerprints = suite_keyring_fingerprints(suites, cache);
  std::vector<Lockfile> per_architecture;
  for (const auto& arch : profile.architectures) {
    MetadataOptions m;
    m.architecture = arch;
    m.offline = options.offline;
    m.freshness = options.freshness;
    m.held = options.held;
    m.http = options.http;
    m.warn = options.warn;
    m.progress = options.progress;
    std::vector<SuiteMetadata> metadata = load_metadata(suites, cache, m);
    const Resolution resolution = resolve_packages(profile, metadata, cache, arch);
    per_architecture.push_back(build_lockfile(profile, metadata, fingerprints, resolution, arch));
  }
  return merge_platform_locks(per_architecture);
}

HeldDates held_dates(const Lockfile& lock, const fs::path& path) {
  HeldDates held;
  for (const auto& s : lock.suites) {
    time_t date = 0;  // from the Date as written (the lock's own check accepted it)
    if (!s.date.empty() && RFC1123StrToTime(s.date, date) && date > 0)
      held[s.suite] = HeldDate{date, s.date, path.filename().string()};
  }
  return held;
}

std::optional<Lockfile> read_lockfile(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::nullopt;
  return parse_lockfile(read_file(path), path.string());
}

Lockfile lock_for_compose(const Profile& profile, const std::vector<ArchiveSuite>& suites, const Cache& cache,
                          const fs::path& path, LockPolicy policy, const LockOptions& options, bool& written) {
  written = false;
  std::optional<Lockfile> existing = read_lockfile(path);
  if (existing) {
    auto stale = staleness(*existing, profile, suites, suite_keyring_fingerprints(suites, cache));
    if (stale.empty()) return *existing;
    if (policy != LockPolicy::update)
      throw Error(path.string() + " is stale: " + join(stale, "; ") +
                  (policy == LockPolicy::frozen ? " (--frozen)" : "; run `debimg lock --update` or pass --update-lock"));
  } else if (policy == LockPolicy::frozen) {
    throw Error("--frozen: there is no lockfile " + path.string() + "; run `debimg lock` first");
  }
  LockOptions not_back = options;
  if (existing) not_back.held = held_dates(*existing, path);
  Lockfile lock = resolve_lock(profile, suites, cache, not_back);
  write_file_atomic(path, serialize_lockfile(lock));
  written = true;
  return lock;
}

}  // namespace debimg
