#include "sbom/package_refs.h"

#include <algorithm>
#include <map>

#include "util/sha256.h"

namespace debimg {

std::vector<std::vector<size_t>> dependency_edges(const std::vector<SbomPackage>& packages) {
  std::multimap<std::string, size_t> by_name;
  for (size_t i = 0; i < packages.size(); ++i) by_name.emplace(packages[i].name, i);
  std::vector<std::vector<size_t>> edges(packages.size());
  for (size_t i = 0; i < packages.size(); ++i) {
    for (const auto& dep : packages[i].depends) {
      auto [begin, end] = by_name.equal_range(dep);
      if (begin == end) continue;
      size_t pick = begin->second;
      for (auto it = begin; it != end; ++it)
        if (packages[it->second].architecture == packages[i].architecture) pick = it->second;
      if (packages[pick].architecture != packages[i].architecture)
        for (auto it = begin; it != end; ++it)
          if (packages[it->second].architecture == "all") pick = it->second;
      if (pick != i) edges[i].push_back(pick);
    }
    std::sort(edges[i].begin(), edges[i].end());
    edges[i].erase(std::unique(edges[i].begin(), edges[i].end()), edges[i].end());
  }
  return edges;
}

std::string content_uuid(const std::string& content) {
  std::string hex = sha256_hex(content).substr(0, 32);
  hex[12] = '5';  // version
  static const char variant[] = "89ab";
  hex[16] = variant[std::stoi(hex.substr(16, 1), nullptr, 16) & 3];
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" + hex.substr(20);
}

}  // namespace debimg
