#pragma once
// When a verified Release may be used, as apt decides it: not dated further
// past the local clock than Acquire::Max-FutureTime allows (10 s), and never
// older than the Release debimg already holds for that suite (apt's
// "prevention of downgrading us to older (still valid) files"). A stale
// mirror, a caching proxy or a replay of last month's signed files would
// otherwise hide every update since; the main Debian suites carry no
// Valid-Until to catch it.
#include <ctime>
#include <map>
#include <string>

#include "repo/release_file.h"

namespace debimg {

struct FreshnessPolicy {
  long max_future_seconds = 10;  // apt's Acquire::Max-FutureTime default
  bool allow_older = false;      // --allow-older-metadata: take an older Release on purpose
};

// A suite's Date that debimg holds elsewhere (a lock's), which a Release must not predate.
struct HeldDate {
  time_t date = 0;
  std::string text;    // as written
  std::string holder;  // "p.lock", for messages
};
using HeldDates = std::map<std::string, HeldDate>;  // by suite name

// Throws Error (one line naming `url`) when `release` is dated more than the
// policy allows past `now`.
void require_not_future(const ReleaseFile& release, const std::string& url, const FreshnessPolicy& policy, time_t now);

// Throws Error when `release`, served by `url` for `suite`, predates what
// `held` records, unless the policy allows older metadata.
void require_not_older(const ReleaseFile& release, const std::string& url, const std::string& suite,
                       const HeldDates& held, const FreshnessPolicy& policy);

// The warning when `url` served a Release older than the one in the cache:
// `kept` says whether the newer one is kept (else --allow-older-metadata took the older).
std::string older_release_warning(const ReleaseFile& served, const std::string& url, const ReleaseFile& cached,
                                  bool kept);

}  // namespace debimg
