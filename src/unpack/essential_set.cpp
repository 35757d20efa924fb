#include "unpack/essential_set.h"

#include <map>
#include <set>

namespace debimg {

std::vector<std::string> essential_closure(const std::vector<UnpackedPackage>& packages) {
  std::map<std::string, std::vector<const UnpackedPackage*>> by_name;  // name or provided name → packages
  for (const auto& p : packages) {
    by_name[p.name].push_back(&p);
    for (const auto& v : p.control.names("Provides")) by_name[v].push_back(&p);
  }
  std::set<const UnpackedPackage*> seen;
  std::vector<const UnpackedPackage*> queue;
  for (const auto& p : packages)
    if (p.control.get("Essential") == "yes" && seen.insert(&p).second) queue.push_back(&p);
  while (!queue.empty()) {
    const UnpackedPackage* p = queue.back();
    queue.pop_back();
    for (const char* field : {"Pre-Depends", "Depends"})
      for (const auto& name : p->control.names(field))
        if (auto it = by_name.find(name); it != by_name.end())
          for (const UnpackedPackage* q : it->second)
            if (seen.insert(q).second) queue.push_back(q);
  }
  std::vector<std::string> out;
  for (const auto& p : packages)
    if (seen.count(&p)) out.push_back(p.info_name());
  return out;
}

}  // namespace debimg
