#pragma once
// The two places a report reads new changelogs from (report_fixes.h): the
// .debs a lock names, fetched by their locked SHA-256 into the cache (where
// the next compose finds them; --offline: only what the cache holds), and
// an image's own /usr/share/doc, as its layers leave it.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "cache/cache.h"
#include "diff/image_contents.h"
#include "diff/report_fixes.h"
#include "profile/archive_suite.h"
#include "profile/profile.h"
#include "unpack/deb_changelog.h"

namespace debimg {

class DebChangelogs : public ChangelogReader {
 public:
  // `profile` resolves local-debs; `suites` say where each suite's pool is.
  DebChangelogs(std::vector<ArchiveSuite> suites, Profile profile, const Cache& cache, bool offline);
  void prepare(const std::vector<ResolvedPackage>& wanted) override;
  std::optional<std::string> changelog(const ResolvedPackage& package, const std::string& platform,
                                       std::string& reason) override;

 private:
  std::vector<ArchiveSuite> suites_;
  Profile profile_;
  const Cache& cache_;
  bool offline_;
  std::map<std::string, std::filesystem::path> files_;  // by SHA-256: fetched and verified
  std::map<std::string, std::string> failures_;         // by SHA-256: why not
};

class ImageChangelogs : public ChangelogReader {
 public:
  // `images`: per platform, what the new image holds.
  explicit ImageChangelogs(const std::map<std::string, const PlatformContents*>& images) : images_(images) {}
  void prepare(const std::vector<ResolvedPackage>&) override {}
  std::optional<std::string> changelog(const ResolvedPackage& package, const std::string& platform,
                                       std::string& reason) override;

 private:
  std::map<std::string, const PlatformContents*> images_;
};

}  // namespace debimg
