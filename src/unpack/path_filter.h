#pragma once
// dpkg's path filters (--path-exclude / --path-include, dpkg.cfg(5)), as
// `slim:` uses them: paths a package ships that are never written, while
// dpkg's database still lists them, as dpkg itself does. The same rules go
// into the image's /etc/dpkg/dpkg.cfg.d/ so later installs stay slim.
#include <string>
#include <vector>

#include "unpack/deb_reader.h"

namespace debimg {

class PathFilter {
 public:
  // The rules for `slim` kinds (docs, man, info, locales; the others are
  // not unpack filters and add nothing).
  static PathFilter for_slim(const std::vector<std::string>& kinds);

  void add(const std::string& glob, bool include) { rules_.push_back({glob, include}); }
  bool empty() const { return rules_.empty(); }

  // As dpkg decides: the last matching glob wins (fnmatch without
  // FNM_PATHNAME: `*` crosses `/`); an excluded directory or symlink stays
  // when an include glob's fixed start is a prefix of it. `path` is
  // absolute ("/usr/share/doc/x").
  bool skip(const std::string& path, EntryType type) const;

  // dpkg.cfg lines: "path-exclude=…" / "path-include=…".
  std::string dpkg_config() const;

 private:
  struct Rule {
    std::string glob;
    bool include;
  };
  std::vector<Rule> rules_;
};

}  // namespace debimg
