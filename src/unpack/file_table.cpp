#include "unpack/file_table.h"

#include <algorithm>

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

}  // namespace debimg
