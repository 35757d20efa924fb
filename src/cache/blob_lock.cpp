#include "cache/blob_lock.h"

#include <sys/file.h>
#include <sys/stat.h>

#include <chrono>
#include <thread>

#include "cache/cache.h"
#include "util/error.h"
#include "util/files.h"
#include "util/interrupt.h"

namespace fs = std::filesystem;

namespace debimg {

namespace {

// The lock on `path` when it can be had now: the file opened (made when
// missing), locked, and still the one at `path`.
std::optional<BlobLock> try_take(const fs::path& path) {
  for (;;) {
    UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644));
    if (!fd) throw Error("cannot make the lock file " + path.string() + " in the cache's temporary folder: " + errno_text(errno));
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
      if (errno == EWOULDBLOCK) return std::nullopt;
      throw Error("cannot lock " + path.string() + " in the cache's temporary folder: " + errno_text(errno));
    }
    struct stat held{}, named{};
    if (::fstat(fd.get(), &held) == 0 && ::lstat(path.c_str(), &named) == 0 && held.st_ino == named.st_ino &&
        held.st_dev == named.st_dev)
      return BlobLock(std::move(fd), path);
    // Its holder released it (removing the file) between our open and our lock: again.
  }
}

fs::path lock_path(const Cache& cache, const std::string& sha256) {
  return cache.scratch() / ("blob-" + cache.blob_path(sha256).filename().string() + ".lock");
}

}  // namespace

BlobLock::~BlobLock() {
  if (fd_) ::unlink(path_.c_str());  // while still held: a waiter sees the file gone and takes a new one
}

std::optional<BlobLock> Cache::try_lock_blob(const std::string& sha256) const {
  return try_take(lock_path(*this, sha256));
}

BlobLock Cache::lock_blob(const std::string& sha256) const {
  const fs::path path = lock_path(*this, sha256);
  for (;;) {
    if (std::optional<BlobLock> lock = try_take(path)) return std::move(*lock);
    check_interrupted();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace debimg
