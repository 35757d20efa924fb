#pragma once
// A lock on one blob of the cache while a process fetches it, so that
// composes sharing a cache download each file once: the others wait, then
// find it verified in the store. A flock on a lock file in the cache's
// scratch area, beside the download's temporary; removed on release. A lock
// file a killed run left is unheld, and cleaning may remove it: a taker
// checks that the file it locked is still the one at the path.
#include <filesystem>

#include "util/fd.h"

namespace debimg {

class BlobLock {
 public:
  BlobLock(UniqueFd fd, std::filesystem::path path) : fd_(std::move(fd)), path_(std::move(path)) {}
  BlobLock(BlobLock&&) noexcept = default;
  BlobLock& operator=(BlobLock&&) = delete;
  BlobLock(const BlobLock&) = delete;
  BlobLock& operator=(const BlobLock&) = delete;
  ~BlobLock();

 private:
  UniqueFd fd_;
  std::filesystem::path path_;
};

}  // namespace debimg
