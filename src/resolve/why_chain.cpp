#include <deque>
#include <set>

#include "resolve/resolution.h"
#include "util/error.h"

namespace debimg {

std::vector<std::string> why_chain(const Resolution& r, const std::string& package) {
  if (!r.depends.count(package)) throw Error("'" + package + "' is not in the resolved package set");
  // Breadth-first from every root at once: the first path found is a shortest one.
  std::map<std::string, std::string> parent;
  std::deque<std::string> queue;
  for (const auto& [root, reason] : r.roots) {
    parent[root] = "";
    queue.push_back(root);
  }
  while (!queue.empty()) {
    std::string current = queue.front();
    queue.pop_front();
    if (current == package) break;
    auto it = r.depends.find(current);
    if (it == r.depends.end()) continue;
    for (const auto& next : it->second)
      if (parent.emplace(next, current).second) queue.push_back(next);
  }
  if (!parent.count(package)) throw Error("no dependency path leads to '" + package + "'");
  std::vector<std::string> chain;
  for (std::string p = package; !p.empty(); p = parent[p]) chain.insert(chain.begin(), p);
  return chain;
}

}  // namespace debimg
