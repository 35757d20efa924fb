#pragma once
// The fakeroot-style metadata table of the virtual tree: what each path
// really is (owner, group, mode, type, device numbers, link target), kept
// apart from the staging tree on disk, where files belong to whoever ran
// debimg. Unpack fills it; configure updates it; export writes layers from it.
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "unpack/deb_reader.h"

namespace debimg {

struct FileMeta {
  EntryType type = EntryType::file;
  uint32_t mode = 0;  // permission bits with setuid/setgid/sticky
  uint32_t uid = 0, gid = 0;
  std::string link;   // symlink target; for hardlinks the path linked to
  uint32_t rdev_major = 0, rdev_minor = 0;
  int64_t mtime = 0;
  std::vector<std::pair<std::string, std::string>> xattrs;
  std::string package;  // owner in the dpkg sense; empty for paths debimg made
};

class FileTable {
 public:
  // Keys are physical paths relative to the root ("usr/bin/bash", "" = root),
  // i.e. after following directory symlinks such as bin → usr/bin.
  void set(const std::string& path, FileMeta meta) { entries_[path] = std::move(meta); }
  const FileMeta* find(const std::string& path) const;
  const std::map<std::string, FileMeta>& entries() const { return entries_; }
  size_t size() const { return entries_.size(); }

 private:
  std::map<std::string, FileMeta> entries_;
};

// An entry's metadata as the outputs write it (mtime clamped to `epoch`),
// tab-separated: what layer cache keys and the reproducibility check
// compare. Not the content.
std::string describe_entry(const FileMeta& meta, int64_t epoch);

// Paths in tar order: parents before children, siblings by name (component-wise).
// The order of every tar debimg writes and of applying a table to a tree.
std::vector<std::string> tar_order(const FileTable& table);
bool tar_order_less(const std::string& a, const std::string& b);

}  // namespace debimg
