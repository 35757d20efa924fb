#include "unpack/path_filter.h"

#include <fnmatch.h>

#include <algorithm>
#include <cstring>

namespace debimg {

PathFilter PathFilter::for_slim(const std::vector<std::string>& kinds) {
  PathFilter f;
  f.keep_directories();
  for (const auto& kind : kinds) {
    if (kind == "docs") {
      f.add("/usr/share/doc/*", false);
      f.add("/usr/share/doc/*/copyright", true);  // licences stay
    } else if (kind == "man") {
      f.add("/usr/share/man/*", false);
    } else if (kind == "info") {
      f.add("/usr/share/info/*", false);
    } else if (kind == "locales") {
      // Translations go; locale.alias stays, and C.UTF-8 lives in /usr/lib/locale.
      f.add("/usr/share/locale/*", false);
      f.add("/usr/share/locale/locale.alias", true);
    }
  }
  return f;
}

namespace {

// Could `glob` match a path below `path` (a link to a folder), name by name?
// Its first names as many as `path` has, and more after them.
bool leads_below(const std::string& glob, const std::string& path) {
  size_t cut = 0;
  for (size_t names = std::count(path.begin(), path.end(), '/'); names-- > 0 && cut != std::string::npos;)
    cut = glob.find('/', cut + 1);
  return cut != std::string::npos && ::fnmatch(glob.substr(0, cut).c_str(), path.c_str(), FNM_PATHNAME) == 0;
}

}  // namespace

bool PathFilter::skip(const std::string& path, EntryType type) const {
  bool remove = false;
  for (const auto& r : rules_)
    if (::fnmatch(r.glob.c_str(), path.c_str(), 0) == 0) remove = !r.include;
  if (remove && keep_directories_) {
    if (type == EntryType::directory) return false;
    if (type == EntryType::symlink)
      for (const auto& r : rules_)
        if (r.include && leads_below(r.glob, path)) return false;
    return true;
  }
  if (remove && (type == EntryType::directory || type == EntryType::symlink)) {
    for (const auto& r : rules_) {
      if (!r.include) continue;
      const size_t fixed = std::strcspn(r.glob.c_str(), "*?[\\");
      if (std::strncmp(path.c_str(), r.glob.c_str(), fixed) == 0) return false;
    }
  }
  return remove;
}

std::string PathFilter::dpkg_config() const {
  std::string out;
  for (const auto& r : rules_) out += (r.include ? "path-include=" : "path-exclude=") + r.glob + "\n";
  return out;
}

}  // namespace debimg
