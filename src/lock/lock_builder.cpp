#include "lock/lock_builder.h"

#include <map>
#include <set>

#include "profile/canonical.h"
#include "repo/signature_check.h"
#include "resolve/resolver.h"
#include "util/sha256.h"
#include "util/strings.h"

namespace debimg {

std::vector<std::vector<std::string>> suite_keyring_fingerprints(const std::vector<ArchiveSuite>& suites,
                                                                 const Cache& cache) {
  std::map<std::vector<std::string>, std::vector<std::string>> memo;  // keyrings → fingerprints
  std::vector<std::vector<std::string>> out;
  for (const auto& s : suites) {
    if (s.trusted) {
      out.emplace_back();
      continue;
    }
    auto it = memo.find(s.keyrings);
    if (it == memo.end()) it = memo.emplace(s.keyrings, keyring_fingerprints(s.keyrings, cache.scratch())).first;
    out.push_back(it->second);
  }
  return out;
}

Lockfile build_lockfile(const Profile& profile, const std::vector<SuiteMetadata>& metadata,
                        const std::vector<std::vector<std::string>>& keyring_fingerprints,
                        const Resolution& resolution, const std::string& architecture) {
  Lockfile lock;
  lock.profile_name = profile.name;
  lock.inputs_digest = inputs_digest(profile);
  lock.architectures = {architecture};
  for (size_t i = 0; i < metadata.size(); ++i) {
    const SuiteMetadata& m = metadata[i];
    LockedSuite s;
    s.suite = m.archive.suite;
    s.components = m.archive.components;
    s.origin = m.release.origin;
    s.label = m.release.label;
    s.codename = m.release.codename;
    s.date = m.release.date;
    s.date_epoch = m.release.date_time;
    s.inrelease_sha256 = m.inrelease_sha256;
    s.trusted = !m.verified;
    s.signed_by = m.signers;
    std::sort(s.signed_by.begin(), s.signed_by.end());
    s.keyring_fingerprints = keyring_fingerprints.at(i);
    lock.suites.push_back(std::move(s));
  }
  lock.packages = resolution.packages;
  for (auto& p : lock.packages) {
    p.platforms = {architecture};
    if (auto root = resolution.roots.find(p.name); root != resolution.roots.end()) p.requested = root->second;
    if (auto deps = resolution.depends.find(p.name); deps != resolution.depends.end()) {
      p.depends_on = deps->second;
      std::sort(p.depends_on.begin(), p.depends_on.end());
      p.depends_on.erase(std::unique(p.depends_on.begin(), p.depends_on.end()), p.depends_on.end());
    }
  }
  return lock;
}

std::vector<std::string> staleness(const Lockfile& lock, const Profile& profile,
                                   const std::vector<ArchiveSuite>& suites,
                                   const std::vector<std::vector<std::string>>& keyring_fingerprints) {
  std::vector<std::string> reasons;
  if (lock.version < 2)  // format 2 means what format 3 does; `debimg lock` migrates it
    reasons.push_back("lock format " + std::to_string(lock.version) + ", which this debimg rewrites as format " +
                      std::to_string(Lockfile::kVersion) + " (requested packages and their dependency edges)");
  if (lock.inputs_digest != inputs_digest(profile))
    reasons.push_back("the profile's inputs changed (inputs digest " + lock.inputs_digest + " → " +
                      inputs_digest(profile) + ")");
  if (lock.suites.size() != suites.size()) {
    reasons.push_back("the profile's suites changed");
    return reasons;
  }
  for (size_t i = 0; i < suites.size(); ++i) {
    const LockedSuite& l = lock.suites[i];
    if (l.suite != suites[i].suite) {
      reasons.push_back("suite " + std::to_string(i + 1) + " is '" + suites[i].suite + "', the lock has '" + l.suite + "'");
    } else if (!l.trusted && l.keyring_fingerprints != keyring_fingerprints.at(i)) {
      reasons.push_back("the keyring of suite '" + l.suite + "' changed (" + join(l.keyring_fingerprints, " ") +
                        " → " + join(keyring_fingerprints.at(i), " ") + ")");
    }
  }
  // A local package must be one the profile lists: the lock's path is not trusted.
  std::set<std::filesystem::path> listed;
  if (!profile.local_debs.empty())
    for (const auto& deb : local_deb_files(profile)) listed.insert(deb.lexically_normal());
  for (const auto& p : lock.packages) {
    if (p.suite != "local") continue;
    std::filesystem::path deb = profile.resolve_path(p.filename);
    std::error_code ec;
    if (!std::filesystem::exists(deb, ec))
      reasons.push_back("local package " + deb.string() + " is gone");
    else if (!listed.count(deb.lexically_normal()))
      reasons.push_back("local package " + deb.string() + " is none of the profile's local-debs");
    else if (sha256_file(deb) != p.sha256)
      reasons.push_back("local package " + deb.string() + " changed");
  }
  return reasons;
}

bool only_release_dates_moved(const Lockfile& before, const Lockfile& after) {
  if (before.suites.size() != after.suites.size()) return false;
  Lockfile dated = after;
  for (size_t i = 0; i < dated.suites.size(); ++i) {
    dated.suites[i].date = before.suites[i].date;
    dated.suites[i].date_epoch = before.suites[i].date_epoch;
    dated.suites[i].inrelease_sha256 = before.suites[i].inrelease_sha256;
  }
  return serialize_lockfile(dated) == serialize_lockfile(before);
}

}  // namespace debimg
