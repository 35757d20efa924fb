#include "diff/update_fixes.h"

#include <set>

#include "fetch/package_fetcher.h"
#include "unpack/deb_changelog.h"
#include "util/error.h"

namespace debimg {

std::map<std::string, ChangelogFixes> update_fixes(const Lockfile& before, const Lockfile& after,
                                                   const std::vector<ArchiveSuite>& suites, const Profile& profile,
                                                   const Cache& cache, bool offline) {
  std::map<std::string, std::string> old_versions;
  for (const auto& p : before.packages) old_versions[p.name + ":" + p.architecture] = p.version;
  Lockfile changed = after;  // only the replaced packages, each .deb once
  changed.packages.clear();
  std::set<std::string> debs;
  for (const auto& p : after.packages) {
    auto old = old_versions.find(p.name + ":" + p.architecture);
    if (old != old_versions.end() && old->second != p.version && p.suite != "local" && debs.insert(p.sha256).second)
      changed.packages.push_back(p);
  }
  std::map<std::string, ChangelogFixes> out;
  if (changed.packages.empty()) return out;
  FetchOptions options;
  options.offline = offline;
  const FetchResult fetched = fetch_packages(changed, suites, profile, cache, options);
  for (size_t i = 0; i < changed.packages.size(); ++i) {
    const ResolvedPackage& p = changed.packages[i];
    const std::string key = p.name + ":" + p.architecture;
    const std::string changelog = deb_changelog(fetched.files.at(i), p.name, p.architecture);
    ChangelogFixes fixes;
    if (!changelog.empty()) fixes = fixes_between(changelog, old_versions[key], p.version);
    out[key] = fixes;
  }
  return out;
}

}  // namespace debimg
