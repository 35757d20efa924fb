#include "diff/changelog_readers.h"

#include <algorithm>

#include "fetch/package_fetcher.h"
#include "unpack/deb_changelog.h"
#include "unpack/deb_reader.h"
#include "util/error.h"
#include "util/interrupt.h"

namespace debimg {

namespace {


std::string doc_path(const std::string& name) { return "usr/share/doc/" + name + "/"; }

constexpr int kFailuresInARow = 2;  // then the mirror is taken to be out of reach: the rest not tried

// The fetch of `packages` at once; after a failure each on its own, so that
// each failure names its package, until several fail in a row.
void fetch_each(const std::vector<ResolvedPackage>& packages, const std::vector<ArchiveSuite>& suites,
                const Profile& profile, const Cache& cache, bool offline,
                std::map<std::string, std::filesystem::path>& files, std::map<std::string, std::string>& failures) {
  FetchOptions options;
  options.offline = offline;
  auto fetch = [&](const std::vector<ResolvedPackage>& some) -> std::string {
    Lockfile lock;
    lock.packages = some;
    try {
      const FetchResult got = fetch_packages(lock, suites, profile, cache, options);
      for (size_t i = 0; i < some.size(); ++i) files[some[i].sha256] = got.files[i];
      return "";
    } catch (const Interrupted&) {
      throw;
    } catch (const Error& e) {
      return e.what();
    }
  };
  if (fetch(packages).empty()) return;
  int in_a_row = 0;
  std::string last;
  for (const auto& p : packages) {
    if (in_a_row >= kFailuresInARow && !offline) {
      failures[p.sha256] = "not fetched after " + std::to_string(in_a_row) + " failures in a row (" + last + ")";
      continue;
    }
    last = fetch({p});
    in_a_row = last.empty() ? 0 : in_a_row + 1;
    if (!last.empty()) failures[p.sha256] = last;
  }
}

}  // namespace


DebChangelogs::DebChangelogs(std::vector<ArchiveSuite> suites, Profile profile, const Cache& cache, bool offline)
    : suites_(std::move(suites)), profile_(std::move(profile)), cache_(cache), offline_(offline) {}

void DebChangelogs::prepare(const std::vector<ResolvedPackage>& wanted) {
  std::vector<ResolvedPackage> missing;
  for (const auto& p : wanted)
    if (p.suite == "local" && profile_.file.empty())
      failures_[p.sha256] = p.name + " is a local .deb, and its profile is not known here";
    else if (!files_.count(p.sha256) && !failures_.count(p.sha256) &&
        std::none_of(missing.begin(), missing.end(), [&](const ResolvedPackage& m) { return m.sha256 == p.sha256; }))
      missing.push_back(p);
  if (!missing.empty()) fetch_each(missing, suites_, profile_, cache_, offline_, files_, failures_);
}

std::optional<std::string> DebChangelogs::changelog(const ResolvedPackage& p, const std::string&, std::string& reason) {
  prepare({p});
  if (auto failed = failures_.find(p.sha256); failed != failures_.end()) {
    reason = failed->second;
    return std::nullopt;
  }
  try {
    return deb_changelog(files_.at(p.sha256), p.name, p.architecture);
  } catch (const Interrupted&) {
    throw;
  } catch (const Error& e) {
    reason = e.what();
    return std::nullopt;
  }
}

std::optional<std::string> ImageChangelogs::changelog(const ResolvedPackage& p, const std::string& platform,
                                                      std::string& reason) {
  auto image = images_.find(platform);
  if (image == images_.end()) {
    reason = "the image has no platform " + platform;
    return std::nullopt;
  }
  const auto& kept = image->second->changelogs;
  const std::string doc = "/" + doc_path(p.name);
  std::string text;
  try {
    for (const std::string& file : {"changelog.Debian." + p.architecture + ".gz", std::string("changelog.Debian.gz")})
      if (auto it = kept.find(doc + file); it != kept.end())
        text += gunzip_changelog(it->second, p.name + ": " + it->first) + "\n";
    if (auto it = kept.find(doc + "changelog.gz"); it != kept.end() && !kept.count(doc + "changelog.Debian.gz"))
      text += gunzip_changelog(it->second, p.name + ": " + it->first);  // a native package's
  } catch (const Error& e) {
    reason = e.what();
    return std::nullopt;
  }
  return text;
}

}  // namespace debimg
