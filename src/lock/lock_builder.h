#pragma once
// Lockfiles from resolutions, and the questions asked of an existing one:
// is it stale (what changed between two of them: diff/update_report.h).
#include <string>
#include <vector>

#include "lock/lockfile.h"
#include "profile/archive_suite.h"
#include "profile/profile.h"
#include "repo/suite_metadata.h"
#include "cache/cache.h"

namespace debimg {

// The primary-key fingerprints of each suite's keyrings (empty for trusted suites).
std::vector<std::vector<std::string>> suite_keyring_fingerprints(const std::vector<ArchiveSuite>& suites,
                                                                 const Cache& cache);

Lockfile build_lockfile(const Profile& profile, const std::vector<SuiteMetadata>& metadata,
                        const std::vector<std::vector<std::string>>& keyring_fingerprints,
                        const Resolution& resolution, const std::string& architecture);

// Why a lock no longer fits its profile (the profile's inputs or
// the keyrings' fingerprints changed; a local .deb changed); empty: fresh.
std::vector<std::string> staleness(const Lockfile& lock, const Profile& profile,
                                   const std::vector<ArchiveSuite>& suites,
                                   const std::vector<std::vector<std::string>>& keyring_fingerprints);


// Whether `after` is `before` but for the suites' Release dates and InRelease
// hashes (the archive signed again, nothing else moved): `lock --update` then
// leaves the lock as it is, byte for byte, and so the image.
bool only_release_dates_moved(const Lockfile& before, const Lockfile& after);

}  // namespace debimg
