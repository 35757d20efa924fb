#pragma once
// What a lock update brings: for each package that another version
// replaces (same name and architecture), the CVE ids and Debian bugs that
// the new .deb's changelog names since the old version. The new .debs are
// fetched by their locked checksums into the cache (where the next compose
// finds them), and only their changelogs are read.
#include <map>
#include <string>
#include <vector>

#include "cache/cache.h"
#include "diff/changelog_fixes.h"
#include "lock/lockfile.h"
#include "profile/archive_suite.h"
#include "profile/profile.h"

namespace debimg {

// Keyed "name:architecture", as lock_builder's LockChanges name them.
std::map<std::string, ChangelogFixes> update_fixes(const Lockfile& before, const Lockfile& after,
                                                   const std::vector<ArchiveSuite>& suites, const Profile& profile,
                                                   const Cache& cache, bool offline);

}  // namespace debimg
