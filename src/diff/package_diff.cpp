#include "diff/package_diff.h"

#include <map>

namespace debimg {

std::vector<PackageChange> diff_packages(const std::vector<ResolvedPackage>& before,
                                         const std::vector<ResolvedPackage>& after) {
  std::map<std::string, const ResolvedPackage*> a, b;
  for (const auto& p : before) a[p.name] = &p;
  for (const auto& p : after) b[p.name] = &p;
  std::vector<PackageChange> out;
  auto x = a.begin();
  auto y = b.begin();
  while (x != a.end() || y != b.end()) {
    PackageChange c;
    if (y == b.end() || (x != a.end() && x->first < y->first)) {
      c = {PackageChange::removed, x->first, x->second->version, "", x->second->architecture, ""};
      ++x;
    } else if (x == a.end() || y->first < x->first) {
      c = {PackageChange::added, y->first, "", y->second->version, "", y->second->architecture};
      ++y;
    } else {
      const ResolvedPackage &o = *x->second, &n = *y->second;
      ++x;
      ++y;
      if (o.version == n.version && o.architecture == n.architecture) continue;
      c = {PackageChange::changed, n.name, o.version, n.version, o.architecture, n.architecture};
    }
    out.push_back(std::move(c));
  }
  return out;
}

std::string change_line(const PackageChange& c) {
  switch (c.kind) {
    case PackageChange::added: return "+ " + c.name + " " + c.new_version + " (" + c.new_architecture + ")";
    case PackageChange::removed: return "- " + c.name + " " + c.old_version + " (" + c.old_architecture + ")";
    case PackageChange::changed: break;
  }
  const std::string arch =
      c.old_architecture == c.new_architecture ? c.new_architecture : c.old_architecture + " -> " + c.new_architecture;
  return "~ " + c.name + " " + c.old_version + " -> " + c.new_version + " (" + arch + ")";
}

}  // namespace debimg
