#pragma once
// A private apt world for resolution: a temporary root with an empty dpkg
// status, a sources.list naming our suites, and the *verified* indexes
// linked in under the names apt expects. The host's apt state is never read.
#include <apt-pkg/cachefile.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "repo/suite_metadata.h"
#include "util/apt_config.h"
#include "util/files.h"

namespace debimg {

class AptRoot {
 public:
  // `local_debs`: absolute paths of .deb files resolved together with the archives.
  AptRoot(const std::vector<SuiteMetadata>& suites, const std::string& architecture,
          const std::filesystem::path& scratch, const std::vector<std::filesystem::path>& local_debs = {});
  AptRoot(const AptRoot&) = delete;
  AptRoot& operator=(const AptRoot&) = delete;

  pkgCacheFile& cache() { return *cache_; }

  // Which of our suites (index into the constructor's vector) and which
  // index a package file of apt's cache came from; -1 when it is none of them.
  struct Origin {
    int suite = -1;
    const IndexFile* index = nullptr;
  };
  Origin origin_of(const std::string& apt_file_name) const;

 private:
  ScopedAptConfig config_;  // first: everything below uses it
  TempDir root_;
  std::map<std::string, Origin> origins_;  // apt's index file name (without compression suffix) → origin
  std::unique_ptr<pkgCacheFile> cache_;
};

}  // namespace debimg
