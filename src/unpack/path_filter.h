#pragma once
// dpkg's path filters (--path-exclude / --path-include, dpkg.cfg(5)), as
// `slim:` uses them: paths a package ships that are never written, while
// dpkg's database still lists them, as dpkg itself does. The same rules go
// into the image's /etc/dpkg/dpkg.cfg.d/ so later installs stay slim.
// Unlike dpkg's, slim's filter keeps the folders, and drops the symlinks
// that would dangle: maintainer scripts make links in the folders
// (update-alternatives' man page slaves in man1/).
#include <string>
#include <vector>

#include "unpack/deb_reader.h"

namespace debimg {

class PathFilter {
 public:
  // The rules for `slim` kinds (docs, man, info, locales; the others are
  // not unpack filters and add nothing), keeping every directory.
  static PathFilter for_slim(const std::vector<std::string>& kinds);

  void add(const std::string& glob, bool include) { rules_.push_back({glob, include}); }
  bool empty() const { return rules_.empty(); }
  // Excluded directories are made all the same (not their files), excluded
  // symlinks only when they are folders an include leads into (see skip).
  void keep_directories() { keep_directories_ = true; }

  // As dpkg decides: the last matching glob wins (fnmatch without
  // FNM_PATHNAME: `*` crosses `/`); an excluded directory or symlink stays
  // when an include glob's fixed start is a prefix of it. With
  // keep_directories: every directory stays, and a symlink when an include
  // glob's leading names match it (/usr/share/doc/libfoo1 -> libfoo-common
  // for /usr/share/doc/*/copyright; not base-files' doc/FAQ -> README).
  // `path` is absolute ("/usr/share/doc/x").
  bool skip(const std::string& path, EntryType type) const;

  // dpkg.cfg lines: "path-exclude=…" / "path-include=…" (dpkg has no rule
  // for keeping directories: installs in the image find the folders there).
  std::string dpkg_config() const;

 private:
  struct Rule {
    std::string glob;
    bool include;
  };
  std::vector<Rule> rules_;
  bool keep_directories_ = false;
};

}  // namespace debimg
