#pragma once
// From a profile to a lockfile: verified metadata, libapt-pkg's resolution,
// keyring fingerprints. And compose's rule for an existing lock.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "lock/lockfile.h"
#include "profile/archive_suite.h"
#include "profile/profile.h"
#include "repo/release_freshness.h"
#include "resolve/resolution.h"
#include "cache/cache.h"
#include "util/http.h"

namespace debimg {

struct LockOptions {
  bool offline = false;
  FreshnessPolicy freshness;
  HeldDates held;  // the replaced lock's suite Dates (held_dates): no Release may predate them
  HttpOptions http = HttpOptions::from_environment();
  std::function<void(const std::string&)> warn = [](const std::string&) {};
  std::function<void(const std::string&)> progress = [](const std::string&) {};
};

// Resolves now, each of the profile's architectures.
Lockfile resolve_lock(const Profile& profile, const std::vector<ArchiveSuite>& suites, const Cache& cache,
                      const LockOptions& options);

// Each suite's Date in `lock` (written at `path`), which a re-resolution must not go back from.
HeldDates held_dates(const Lockfile& lock, const std::filesystem::path& path);

// The existing lockfile at `path`, if any.
std::optional<Lockfile> read_lockfile(const std::filesystem::path& path);

enum class LockPolicy { normal, frozen, update };

// compose's lock: a fresh lock is used as it is, with no
// resolution; a missing one is resolved and written (not with `frozen`);
// a stale one is an error, unless `update` re-resolves and rewrites it
// (never from metadata older than the stale lock's, unless the options allow older).
Lockfile lock_for_compose(const Profile& profile, const std::vector<ArchiveSuite>& suites, const Cache& cache,
                          const std::filesystem::path& path, LockPolicy policy, const LockOptions& options,
                          bool& written);

}  // namespace debimg
