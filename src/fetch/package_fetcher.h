#pragma once
// Fetches the .debs a lockfile names into the content-addressed cache, in
// parallel, each verified by size and SHA-256 before it counts (a corrupt
// transfer is retried). Local debs are verified in place. A damaged cache
// entry is fetched again. Processes sharing the cache fetch each .deb once:
// one that another is downloading is put off to the end, then waited for.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "lock/lockfile.h"
#include "profile/archive_suite.h"
#include "profile/profile.h"
#include "cache/cache.h"
#include "util/http.h"

namespace debimg {

struct FetchOptions {
  bool offline = false;
  unsigned jobs = 6;  // parallel downloads
  HttpOptions http = HttpOptions::from_environment();  // on_retry, on_stall: called one at a time
  // Called (from one thread at a time) after each package: done, total, bytes downloaded so far.
  std::function<void(size_t, size_t, uint64_t)> progress = [](size_t, size_t, uint64_t) {};
};

struct FetchResult {
  std::vector<std::filesystem::path> files;  // one per lock package, in lock order
  size_t downloaded = 0;                     // packages that were not in the cache
  uint64_t downloaded_bytes = 0;
  size_t retries = 0;  // transfers tried again (each said by http.on_retry)
};

// What fetching `lock` would download: its packages the cache lacks (each
// .deb once; local debs are not downloaded).
struct CacheShortfall {
  size_t packages = 0;
  uint64_t bytes = 0;
};
CacheShortfall missing_from_cache(const Lockfile& lock, const Cache& cache);

FetchResult fetch_packages(const Lockfile& lock, const std::vector<ArchiveSuite>& suites, const Profile& profile,
                           const Cache& cache, const FetchOptions& options);

}  // namespace debimg
