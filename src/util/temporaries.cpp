#include "util/temporaries.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>

#include <map>
#include <mutex>

#include "util/error.h"
#include "util/files.h"

namespace fs = std::filesystem;

namespace debimg {

namespace {

constexpr time_t kMinAgeSeconds = 2;

UniqueFd open_temporary(const fs::path& path) {
  return UniqueFd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
}

}  // namespace

UniqueFd lock_temporary(const fs::path& path) {
  UniqueFd fd = open_temporary(path);
  if (!fd || ::flock(fd.get(), LOCK_EX | LOCK_NB) != 0)
    throw Error("cannot lock the temporary " + path.string() + ": " + errno_text(errno));
  return fd;
}

namespace {

std::mutex held_mutex;
// Never destroyed: the locks are held until exit (or release).
std::map<std::string, UniqueFd>& held() {
  static auto* locks = new std::map<std::string, UniqueFd>;
  return *locks;
}

}  // namespace

void hold_temporary(const fs::path& path) {
  UniqueFd lock = lock_temporary(path);
  std::lock_guard<std::mutex> guard(held_mutex);
  held()[path.string()] = std::move(lock);
}

void release_temporary(const fs::path& path) {
  std::lock_guard<std::mutex> guard(held_mutex);
  held().erase(path.string());
}

size_t remove_stale_temporaries(const fs::path& dir, const std::function<bool(const std::string&)>& match,
                                const std::function<void(const fs::path&)>& remove) {
  size_t removed = 0;
  std::error_code ec;
  const time_t now = ::time(nullptr);
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (!match(name)) continue;
    struct stat st;
    if (::lstat(entry.path().c_str(), &st) != 0 || S_ISLNK(st.st_mode)) continue;
    if (now - st.st_mtime < kMinAgeSeconds && now - st.st_ctime < kMinAgeSeconds) continue;
    UniqueFd fd = open_temporary(entry.path());
    if (!fd || ::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) continue;  // a live run holds it
    if (remove) {
      remove(entry.path());
    } else {
      std::error_code ignored;
      fs::remove_all(entry.path(), ignored);
    }
    ++removed;
  }
  return removed;
}

}  // namespace debimg
