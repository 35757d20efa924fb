#include "unpack/file_table.h"

#include <algorithm>

#include "util/sha256.h"

namespace debimg {

const FileMeta* FileTable::find(const std::string& path) const {
  auto it = entries_.find(path);
  return it == entries_.end() ? nullptr : &it->second;
}

bool tar_order_less(const std::string& a, const std::string& b) {
  // Compare component by component: "a/b" sorts with "a", before "a.c".
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    size_t ea = a.find('/', i), eb = b.find('/', j);
    if (ea == std::string::npos) ea = a.size();
    if (eb == std::string::npos) eb = b.size();
    int c = a.compare(i, ea - i, b, j, eb - j);
    if (c != 0) return c < 0;
    i = ea + 1;
    j = eb + 1;
  }
  return i >= a.size() && j < b.size();  // equal so far: the one with fewer components first
}

std::vector<std::string> tar_order(const FileTable& table) {
  std::vector<std::string> paths;
  for (const auto& [path, meta] : table.entries()) paths.push_back(path);
  std::sort(paths.begin(), paths.end(), tar_order_less);
  return paths;
}

std::string describe_entry(const FileMeta& m, int64_t epoch) {
  std::string entry = std::to_string(static_cast<int>(m.type)) + "\t" + std::to_string(m.mode) + "\t" +
                      std::to_string(m.uid) + "\t" + std::to_string(m.gid) + "\t" +
                      std::to_string(std::min(m.mtime, epoch)) + "\t" + m.link + "\t" + std::to_string(m.rdev_major) +
                      "\t" + std::to_string(m.rdev_minor);
  for (const auto& [name, value] : m.xattrs) entry += "\t" + name + "=" + sha256_hex(value);
  return entry;
}

}  // namespace debimg
