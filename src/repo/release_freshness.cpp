#include "repo/release_freshness.h"

#include "util/error.h"

namespace debimg {

namespace {

// "40 s", "3 hours", "365 days": how far ahead, as a person reads it.
std::string duration_text(time_t seconds) {
  if (seconds >= 2 * 86400) return std::to_string(seconds / 86400) + " days";
  if (seconds >= 2 * 3600) return std::to_string(seconds / 3600) + " hours";
  return std::to_string(seconds) + " s";
}

}  // namespace

void require_not_future(const ReleaseFile& release, const std::string& url, const FreshnessPolicy& policy, time_t now) {
  if (release.date_time <= now + policy.max_future_seconds) return;
  throw Error(url + ": Date " + release.date + " is " + duration_text(release.date_time - now) +
              " ahead of this machine's clock, more than the " + std::to_string(policy.max_future_seconds) +
              " s allowed (a wrong clock here, or a forged or broken archive); --max-future-time SECONDS allows more");
}

void require_not_older(const ReleaseFile& release, const std::string& url, const std::string& suite,
                       const HeldDates& held, const FreshnessPolicy& policy) {
  auto it = held.find(suite);
  if (policy.allow_older || it == held.end() || release.date_time >= it->second.date) return;
  throw Error(url + ": Date " + release.date + " is older than the " + it->second.text + " that " + it->second.holder +
              " records for suite '" + suite +
              "': refusing to go back in time (a stale mirror or proxy, or a replayed file); "
              "--allow-older-metadata accepts it");
}

std::string older_release_warning(const ReleaseFile& served, const std::string& url, const ReleaseFile& cached,
                                  bool kept) {
  std::string text = url + " served an older Release (Date " + served.date + ") than the one in the cache (Date " +
                     cached.date + "): ";
  return text + (kept ? "keeping the newer one (a stale mirror or proxy, or a replayed file; "
                        "--allow-older-metadata takes the older)"
                      : "taking the older one (--allow-older-metadata)");
}

}  // namespace debimg
