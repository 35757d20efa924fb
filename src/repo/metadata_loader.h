#pragma once
// Fetches and verifies every suite's InRelease and Packages indexes, using
// the cache: an index already there (same SHA-256) is not downloaded again.
// Nothing enters the cache before it is verified.
#include <functional>
#include <string>
#include <vector>

#include "repo/release_freshness.h"
#include "repo/suite_metadata.h"
#include "cache/cache.h"
#include "util/http.h"

namespace debimg {

struct MetadataOptions {
  std::string architecture;
  bool offline = false;  // the cache only; say what is missing
  FreshnessPolicy freshness;
  HeldDates held;  // each suite's Date in the lock being replaced: a new Release must not predate it
  HttpOptions http = HttpOptions::from_environment();
  std::function<void(const std::string&)> warn = [](const std::string&) {};
  std::function<void(const std::string&)> progress = [](const std::string&) {};
};

std::vector<SuiteMetadata> load_metadata(const std::vector<ArchiveSuite>& suites, const Cache& cache,
                                         const MetadataOptions& options);

}  // namespace debimg
