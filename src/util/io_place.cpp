#include "util/io_place.h"

#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace fs = std::filesystem;

namespace debimg {

namespace {

std::mutex places_mutex;
// Never destroyed: errors may be reported while the process exits.
std::vector<std::pair<fs::path, Place>>& places() {
  static auto* registered = new std::vector<std::pair<fs::path, Place>>;
  return *registered;
}

// `folder` (normalised, no trailing slash) is `path` or one of its parents.
bool holds(const std::string& folder, const std::string& path) {
  if (path.compare(0, folder.size(), folder) != 0) return false;
  return path.size() == folder.size() || folder == "/" || path[folder.size()] == '/';
}

const char* place_name(Place place) {
  switch (place) {
    case Place::output: return "the output";
    case Place::cache: return "the cache";
    case Place::temporary: return "a temporary folder in the cache";
    case Place::tree: return "the staging tree, a temporary folder";
  }
  return "";
}

// What frees the place, for a full file system.
const char* remedy(Place place) {
  switch (place) {
    case Place::output: return "free space there or write the output elsewhere (-o)";
    case Place::cache:
    case Place::temporary: return "free space there (`debimg cache prune`) or use another cache (--cache-dir)";
    case Place::tree: return "free space in the cache (--cache-dir), or memory when the tree is a tmpfs";
  }
  return "";
}

std::pair<bool, Place> find(const fs::path& path) {
  std::lock_guard<std::mutex> guard(places_mutex);
  size_t best = 0;
  std::pair<bool, Place> found{false, Place::output};
  for (const auto& [folder, place] : places()) {
    const size_t length = folder.native().size();
    if (length > best && holds(folder.native(), path.native())) {
      best = length;
      found = {true, place};
    }
  }
  return found;
}

}  // namespace

void register_place(const fs::path& folder, Place place) {
  std::lock_guard<std::mutex> guard(places_mutex);
  std::string normal = folder.lexically_normal().string();
  while (normal.size() > 1 && normal.back() == '/') normal.pop_back();
  places().emplace_back(normal, place);
}

std::string place_of(const fs::path& path) {
  const auto [known, place] = find(path.lexically_normal());
  return known ? place_name(place) : "";
}

std::string io_failure(const std::string& action, const fs::path& path, int err) {
  const auto [known, place] = find(path.lexically_normal());
  std::string text = "cannot " + action + " " + path.string() + (known ? std::string(" (") + place_name(place) + ")" : "") +
                     ": " + std::strerror(err);
  if (err == ENOSPC || err == EDQUOT)
    text += known ? std::string(": ") + remedy(place) : ": free space there";
  else if (err == EFBIG)
    text += ": a file-size limit (ulimit -f) or the file system's largest file";
  return text;
}

fs::path fd_path(int fd) {
  char target[PATH_MAX];
  const std::string link = "/proc/self/fd/" + std::to_string(fd);
  const ssize_t n = ::readlink(link.c_str(), target, sizeof target - 1);
  if (n <= 0) return {};
  return std::string(target, static_cast<size_t>(n));
}

}  // namespace debimg
